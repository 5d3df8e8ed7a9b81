"""The campaign's words, written once: statuses, unit kinds, escalation levels, how many lead.

shapes (what the data may say), compute (what a figure is), render (how it is shown) and the
templates (through render's globals) all read these. Adding a status is one entry in STATUS_LIST,
its words in both catalogues (generator/messages: `status.<key>`) and its default colour
(`--saima-<key>` in site_src/assets/saima.css). Nothing here imports anything of Saima's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str  # as computed and as campaign.yaml's palette names it
    severity: int  # higher is worse: a unit's status is that of its worst figure
    icon: str  # shown beside the word, so that the status reads without colour

    @property
    def colour(self) -> str:
        """The CSS custom property of its colour (site_src/assets/saima.css; campaign.yaml `palette` overrides)."""
        return f"--saima-{self.key}"


# In the order the site lists them (legend, palette, tables).
STATUS_LIST = (
    Status("met", 1, "●"),
    Status("warning", 2, "▲"),
    Status("lagging", 3, "▼"),
    Status("missing", 4, "○"),  # worst: a month not reported outweighs any figure
    Status("not_started", 0, "–"),  # nothing due yet
)
STATUSES = tuple(status.key for status in STATUS_LIST)
SEVERITY = {status.key: status.severity for status in STATUS_LIST}
STATUS_ICONS = {status.key: status.icon for status in STATUS_LIST}
# Below pace: listed in the supervision notice, and a cause and countermeasure are owed (guide 五.2).
BELOW_PACE = ("warning", "lagging")

# Kinds of unit (units.yaml `kind`), in the order the site groups them.
UNIT_KINDS = ("company", "project", "commercial", "renewal", "digital", "branch")
INDICATOR_KINDS = ("quantity", "milestone")

# Escalation levels of a figure below pace for consecutive months (campaign.yaml `escalation`), mildest first.
ESCALATION_LEVELS = ("remind", "supervise", "notify")
DEFAULT_ESCALATION = ((1, "remind"), (2, "supervise"), (3, "notify"))  # (months below pace, level)

# How many units lead an area (首页 领先, review digest "best"): the top three by rank.
TOP = 3

# How long a table a page may hold (guide 六.4): a table of at most PAGE_ROWS rows is shown whole; a longer one
# shows its EACH_END best and EACH_END worst (a ranking) or its 2 × EACH_END most urgent rows (a list of open
# items) and links to the full table, listed over pages of at most PAGE_ROWS rows each, and to the downloads.
PAGE_ROWS = 100
EACH_END = 10
