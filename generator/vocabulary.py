"""The campaign's words, written once: statuses, unit kinds, escalation levels, how many lead.

shapes (what the data may say), compute (what a figure is), render (how it is shown) and the
templates (through render's globals) all read these. Adding a status is one entry in STATUS_LIST,
its words in both catalogues (generator/messages: `status.<key>`) and its colour in each of
COLOUR_SCHEMES (the fallback `--saima-<key>` in site_src/assets/saima.css is the default scheme's).
Nothing here imports anything of Saima's.
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
        """The CSS custom property of its colour (the campaign's colour scheme; `palette` overrides)."""
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
# The status of a figure with nothing due yet; every other status is of a figure that was due.
NOTHING_DUE = "not_started"
STATUSES_DUE = tuple(key for key in STATUSES if key != NOTHING_DUE)
# Below pace: listed in the supervision notice, and a cause and countermeasure are owed (guide 五.2).
BELOW_PACE = ("warning", "lagging")

# Kinds of unit (units.yaml `kind`), in the order the site groups them.
UNIT_KINDS = ("company", "project", "commercial", "renewal", "digital", "branch")
INDICATOR_KINDS = ("quantity", "milestone")

# Escalation levels of a figure below pace for consecutive months (campaign.yaml `escalation`), mildest first.
ESCALATION_LEVELS = ("remind", "supervise", "notify")
DEFAULT_ESCALATION = ((1, "remind"), (2, "supervise"), (3, "notify"))  # (months below pace, level)

# The honours of 月月红、半年红、全年红 (compute/honours.py), in the order the site lists them.
HONOURS = ("monthly_red", "half_year_red", "full_year_red")
# The colour schemes a campaign may choose (campaign.yaml `colour_scheme`; guide 三.1): the colour of
# each status, and of each escalation level (the site's `--saima-<status>` and `--saima-level-<level>`).
# 月月红: red is on target, the campaign's own slogan. 亮灯: the departments' lamps, green on target,
# yellow warning, red behind. In both the levels climb the warning signals' scale (黄、橙, then red, or
# purple where red means on target), each more colourful than the one before, and 通报 is drawn filled
# (saima.css): the most serious level is never the most muted. Every colour is text on the white page
# and the ground of white text, so each passes colours.readable, as a campaign's `palette` must.
COLOUR_SCHEMES: dict[str, dict[str, str]] = {
    "月月红": {
        "met": "#c62828",
        "warning": "#b45309",
        "lagging": "#455a64",
        "missing": "#727272",
        "not_started": "#5d7886",
        "remind": "#8a6d00",
        "supervise": "#b45309",
        "notify": "#7b1fa2",
    },
    "亮灯": {
        "met": "#2e7d32",
        "warning": "#8a6d00",
        "lagging": "#c62828",
        "missing": "#727272",
        "not_started": "#5d7886",
        "remind": "#8a6d00",
        "supervise": "#b45309",
        "notify": "#b71c1c",
    },
}
DEFAULT_COLOUR_SCHEME = "月月红"

# How many units lead an area (首页 领先, review digest "best"): the top three by rank.
TOP = 3

# How long a table a page may hold (guide 六.4): a table of at most PAGE_ROWS rows is shown whole; a longer one
# shows its EACH_END best and EACH_END worst (a ranking) or its 2 × EACH_END most urgent rows (a list of open
# items) and links to the full table, listed over pages of at most PAGE_ROWS rows each, and to the downloads.
PAGE_ROWS = 100
EACH_END = 10
