"""What every page renderer shares: the campaign, the race, the language, names, links and templates."""

from __future__ import annotations

import posixpath
import re
from string import Formatter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Mapping

import jinja2
from markupsafe import Markup, escape

from generator.compute import Race, expected_units
from generator.messages import site_template, site_text
from generator.model import Campaign
from generator.render import format as fmt
from generator.vocabulary import HONOURS, STATUSES, STATUSES_DUE

# Where one table cell ends and the next begins (`</td><td>`, `</th><td class=...>`...) and the same
# with a space between: the eight spellings, replaced as text (a regex with groups took 2 s at 1,000 units).
_CELL_BOUNDARIES = tuple(
    (f"</{end}><{start}{after}", f"</{end}> <{start}{after}")
    for end in ("td", "th")
    for start in ("td", "th")
    for after in (">", " ")
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder or "."), for the site's own paths without the work of
    making both absolute first (a thousand units' pages ask 900,000 times)."""
    to, start = target.split("/"), folder.split("/") if folder else []
    if any(part in ("", ".", "..") for part in (*to, *start)):
        return posixpath.relpath(target, folder or ".")
    common = 0
    for mine, theirs in zip(start, to):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


@lru_cache(maxsize=None)
def _escaped_template(language: str, key: str) -> tuple[str, bool]:
    """The catalogue's text escaped, and whether each of its fields is a plain name."""
    text = site_template(language, key)
    fields = [(spec, conversion) for _, name, spec, conversion in Formatter().parse(text) if name]
    return str(escape(text)), all(not spec and conversion is None for spec, conversion in fields)


def _as_html(value: Any) -> str:
    """A param as markupsafe's formatter puts it in a sentence (an empty format spec)."""
    if hasattr(value, "__html_format__"):
        return str(value.__html_format__(""))
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return str(escape(format(value, "")))


@dataclass(frozen=True)
class RenderContext:
    """What every page of one render shares: the campaign, its race, the language, the templates."""

    campaign: Campaign
    race: Race
    language: str

    @classmethod
    def of(cls, campaign: Campaign, race: Race) -> "RenderContext":
        return cls(campaign, race, campaign.settings.language)

    # ---------------------------------------------------------------- text

    def t(self, key: str, **params: Any) -> str:
        return site_text(self.language, key, **params)

    def markup(self, key: str, **params: Any) -> Markup:
        """A sentence for a template (its `t`): the catalogue's text and every param escaped, but a
        param that is markup already (a macro's output: a link, a badge) kept as it is: what
        Markup(escape(text)).format(**params) gives, by str.format where every field of the text is
        a plain name (markupsafe's formatter is Python, and render asks a million times)."""
        template, plain = _escaped_template(self.language, key)
        if not plain:  # a format spec or conversion (`{month:02d}`): markupsafe's own way
            return Markup(template).format(**params)
        escaped = {name: _as_html(value) for name, value in params.items()}
        return Markup(template.format(**escaped))

    def month_label(self, month: str) -> str:
        return self.t("month", year=int(month[:4]), month=int(month[5:]))

    def status_text(self, status: str) -> str:
        return self.t(f"status.{status}")

    # --------------------------------------------------------------- names

    @cached_property
    def units(self) -> dict[str, dict]:
        return {row["id"]: row for row in self.campaign.units.to_dict("records")}

    @cached_property
    def areas(self) -> dict[str, dict]:
        ordered = self.campaign.areas.sort_values("order")
        return {row["id"]: row for row in ordered.to_dict("records")}

    @cached_property
    def indicators(self) -> dict[str, dict]:
        return {row["id"]: row for row in self.campaign.indicators.to_dict("records")}

    @cached_property
    def owing(self) -> frozenset[str]:
        """The units that owe figures every month (compute.expected_units), read from the table once."""
        return frozenset(expected_units(self.campaign))

    def unit_name(self, unit: str) -> str:
        return self.units.get(unit, {}).get("name", unit)

    def unit_owners(self, unit: str) -> str:
        """A unit's reporters as a list in the language (the units table joins them with ", ": load.py)."""
        owners = str(self.units.get(unit, {}).get("owners") or "")
        return self.t("list.separator").join(name for name in owners.split(", ") if name)

    def area_name(self, area: str) -> str:
        return self.areas.get(area, {}).get("name", area)

    def indicator_name(self, indicator: str) -> str:
        return self.indicators.get(indicator, {}).get("name", indicator)

    def indicator_unit(self, indicator: str) -> str:
        return self.indicators.get(indicator, {}).get("unit", "")

    def headline_amount(self, value: Any, indicator: str) -> str:
        """A group-level amount with its measure: 万元 shown in 亿元 (how leadership names the targets)."""
        measure = self.indicator_unit(indicator)
        if not fmt.present(value):
            return fmt.DASH
        if measure == fmt.WAN:
            return f"{fmt.yi(value)} {self.t('measure.yi')}"
        return f"{fmt.amount(value)} {measure}"

    # --------------------------------------------------------------- links

    @staticmethod
    def href(from_page: str, to_page: str) -> str:
        """A relative URL from one generated page to another (or to an asset), as the built site has it.

        Links inside HTML blocks are not rewritten by mkdocs, so they name the .html file
        (use_directory_urls is off) and a test checks every one of them resolves.
        """
        target = to_page[:-3] + ".html" if to_page.endswith(".md") else to_page
        return relative(target, posixpath.dirname(from_page))

    # ----------------------------------------------------------- templates

    @cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        env.filters.update(
            amount=fmt.amount,
            yi=fmt.yi,
            percent=fmt.percent,
            points=fmt.points,
            rank=fmt.rank,
            score=fmt.score,
            md=markdown_text,
            text=fmt.text,
            date=date_cell,
            present=fmt.present,
        )
        env.globals.update(
            t=self.markup,
            month_label=self.month_label,
            unit_name=self.unit_name,
            unit_owners=self.unit_owners,
            area_name=self.area_name,
            indicator_name=self.indicator_name,
            indicator_unit=self.indicator_unit,
            headline_amount=self.headline_amount,
            status=self.status_badge,
            href=self.href,
            change=self.change_text,
            cell_text=self.cell_text,
            tasks_text=self.tasks_text,
            level=self.level_badge,
            corrected=self.corrected_value,
            timeliness_note=self.timeliness_note,
            statuses=STATUSES,
            statuses_due=STATUSES_DUE,
            honour_names=HONOURS,
        )
        return env

    def page(self, template: str, **values: Any) -> str:
        text = self.env.get_template(template).render(ctx=self, **values)
        # Material's search indexes a table's text as it comes, cell against cell ("2022年7月2022-08-1098"):
        # a space between cells keeps them apart in the index (a browser ignores it). Tables of figures
        # are left out of the index altogether (data-search-exclude), their words are elsewhere.
        for boundary, spaced in _CELL_BOUNDARIES:
            text = text.replace(boundary, spaced)
        return text

    @cached_property
    def _badges(self) -> dict[Any, Markup]:
        """Badges made so far, by status: a thousand units' pages show a quarter of a million."""
        return {}

    def status_badge(self, status: str) -> Markup:
        """Status as icon and word, never colour alone; the colour comes from the palette by class."""
        badge = self._badges.get(status)
        if badge is None:
            icon = fmt.STATUS_ICONS.get(status, "")
            badge = self._badges[status] = Markup(
                '<span class="saima-status saima-{0}">{1} {2}</span>'
            ).format(status, icon, self.status_text(status))
        return badge

    def level_badge(self, level: Any) -> Markup | str:
        """An escalation level as a word (提醒/督办/通报), styled by class; a dash below the first rule."""
        if not isinstance(level, str):
            return fmt.DASH
        return Markup('<span class="saima-level saima-level-{0}">{1}</span>').format(
            level, self.t(f"level.{level}")
        )

    def corrected_value(self, field: str, value: Any) -> str:
        """An old or new value of a correction as the pages show that kind of figure."""
        if not fmt.present(value):
            return fmt.DASH
        if field in ("amount", "target"):
            return fmt.amount(value)
        if field == "due":
            return self.month_label(value)
        return str(value)

    def timeliness_note(self) -> str:
        """Which date a submission counts from, in words (git history, or the written date and why)."""
        race, settings = self.race, self.campaign.settings
        if (
            race.timeliness == "git_from" and settings.git_from
        ):  # git_from is set whenever it applies
            return self.t("timeliness.git_from", month=self.month_label(settings.git_from))
        return self.t(f"timeliness.{race.timeliness}")

    def change_text(self, change: Any, is_new: bool) -> str:
        return fmt.change(change, bool(is_new), self.t("rank.new"))

    def tasks_text(self, cell: Mapping[str, Any]) -> Markup:
        """A milestone indicator's tasks: done of all, done of those due so far."""
        return self.markup(
            "cell.tasks",
            done=cell["done_total"],
            done_due=cell["done_so_far"],
            due=cell["due_so_far"],
        )

    def cell_text(self, cell: Mapping[str, Any] | None) -> Markup:
        """One indicator of a unit in a ranking (_macros.j2's ranking_rows): its own figures and its
        own, uncapped rate. A function, not a macro: a thousand units' rankings ask 380,000 times."""
        if cell is None:
            return Markup(fmt.DASH)
        if "due_so_far" in cell:
            figures, rate = self.tasks_text(cell), cell["rate"]
        else:
            actual, target = fmt.amount(cell["ytd_actual"]), fmt.amount(cell["ytd_target"])
            figures, rate = escape(f"{actual} / {target}"), cell["ytd_completion"]
        return Markup(f"{figures}<br><small>{escape(fmt.percent(rate))}</small>")


def date_cell(value: Any) -> Markup | str:
    """A date (2022-03-15) kept on one line: a phone would break it at its hyphens."""
    if not fmt.present(value):
        return fmt.DASH
    return Markup('<span class="saima-date">{0}</span>').format(value)


def markdown_text(value: Any) -> Markup:
    """Text for a Markdown line (a heading, a list item): HTML-escaped, Markdown punctuation neutralised."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value))))
