""".github/CODEOWNERS written from data/units.yaml and data/people.yaml, so that owners are enforced, not only shown.

GitHub applies the last line whose pattern matches a file, so the most general line comes
first (everything: the maintainers), then data/ (the stewards), then each unit's own files.
"""

from __future__ import annotations

from generator.messages import validator_text
from generator.model import Campaign

PATH = ".github/CODEOWNERS"


def people(campaign: Campaign, role: str) -> list[str]:
    """The accounts of a role ("steward" or "maintainer"), in the file's order, each once."""
    table = campaign.people
    return list(dict.fromkeys(table.loc[table["role"] == role, "handle"]))


def owners(campaign: Campaign) -> dict[str, list[str]]:
    """Each unit's reporters, in the file's order."""
    return {
        row["id"]: [name for name in str(row["owners"] or "").split(", ") if name]
        for row in campaign.units.to_dict("records")
    }


def render(campaign: Campaign, data_path: str = "data") -> str:
    """The CODEOWNERS text; `data_path` is the data folder inside the repository."""
    comment = lambda key: "# " + validator_text(campaign.settings.language, key)  # noqa: E731
    stewards = _mentions(people(campaign, "steward"))
    rows = [("*", _mentions(people(campaign, "maintainer"))), (f"/{data_path}/", stewards)]
    units = []
    for unit, names in owners(campaign).items():
        mentioned = _mentions(list(dict.fromkeys(names + people(campaign, "steward"))))
        units += [
            (f"/{data_path}/actuals/*/{unit}.yaml", mentioned),
            (f"/{data_path}/targets/*/{unit}.yaml", mentioned),
        ]
    width = max(len(pattern) for pattern, _ in rows + units) + 2
    line = lambda pattern, who: f"{pattern.ljust(width)}{who}"  # noqa: E731
    text = [
        comment("codeowners.header"),
        comment("codeowners.order"),
        "",
        comment("codeowners.maintainers"),
        line(*rows[0]),
        "",
        comment("codeowners.stewards"),
        line(*rows[1]),
        "",
        comment("codeowners.units"),
    ]
    text += [line(pattern, who) for pattern, who in units]
    return "\n".join(text) + "\n"


def _mentions(handles: list[str]) -> str:
    return " ".join(f"@{handle}" for handle in handles)
