"""The oracle's figures as the tables of the downloads contract, and the comparison of a CSV with them.

The contract (issue 8) names, for each CSV the site publishes, its path, its key columns and its value
columns in Chinese. `expected_tables` lays the oracle's figures out that way; `compare_csv` checks one
published file against one table: the same rows both ways, every value equal (numbers to 0.01), and
each difference named by file, key, column and both values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from oracle import Recomputed

BOM = b"\xef\xbb\xbf"
TOLERANCE = 0.01
NUMBER = re.compile(r"-?\d+\.\d\d")
INTEGER = re.compile(r"-?\d+")


# The contract's columns for each file: (key columns, value columns).
COLUMNS = {
    "figures": (
        ("单位", "指标", "月份"),
        (
            "月度目标",
            "月度实绩",
            "序时目标",
            "累计实绩",
            "年度目标",
            "月度完成率",
            "累计完成率",
            "年度目标进度",
            "与序时进度差（百分点）",
            "状态",
            "原因",
            "整改措施",
        ),
    ),
    "milestones": (
        ("单位", "指标", "月份"),
        (
            "任务数",
            "应完成",
            "已完成（到期）",
            "累计已完成",
            "提前完成",
            "任务完成率",
            "年度目标进度",
            "状态",
        ),
    ),
    "standings": (
        ("赛道", "单位", "月份"),
        ("名次", "上月名次", "名次变化", "新进", "赛道得分", "赛道状态", "领先"),
    ),
    "scores": (("跑道", "单位", "月份"), ("综合得分", "跑道名次")),
    "group": (
        ("指标", "月份"),
        (
            "总目标",
            "累计完成",
            "序时目标",
            "年度完成率",
            "序时进度",
            "完成序时进度",
            "状态",
            "还需完成",
            "月均需完成",
        ),
    ),
    "supervision": (
        ("单位", "指标", "月份"),
        ("赛道", "完成率", "状态", "连续月数", "起始月", "督查级别", "原因", "整改措施"),
    ),
    "overdue_tasks": (("单位", "指标", "任务", "月份"), ("任务名称", "完成期限")),
    "late_submissions": (("单位", "所报月份", "月份"), ("报送期限", "报送日期", "逾期天数")),
    "honours": (("单位",), ("达标月数", "计入月数", "连续达标", "月月红", "半年红", "全年红")),
    "assessment": (
        ("单位",),
        (
            "跑道",
            "综合得分",
            "完成分",
            "按时报送率",
            "按时得分",
            "加分",
            "扣分",
            "总分",
            "等次",
            "跑道名次",
        ),
    ),
    "adjustments": (("单位", "日期", "类别", "事由"), ("分值", "计入", "计入月份")),
    "review": (
        ("赛道", "类别", "单位", "指标"),
        ("名次", "上次名次", "赛道得分", "完成率", "状态", "督查级别", "原因", "整改措施"),
    ),
}


@dataclass
class Table:
    keys: tuple[str, ...]
    values: tuple[str, ...]
    rows: list[dict]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.values


def _table(name: str, rows: list[dict]) -> Table:
    keys, values = COLUMNS[name]
    assert all(list(row) == [*keys, *values] for row in rows), (
        f"{name}: the oracle's columns are not the contract's"
    )
    return Table(keys, values, rows)


def _number(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def expected_tables(result: Recomputed) -> dict[str, Table]:
    """SPEC-SILENT: downloads/<M>/*.csv hold the rows of month M only (月份 = M), as the existing figures.csv do."""
    tables: dict[str, Table] = {}
    for month, figures in result.months.items():
        folder = f"downloads/{month}"
        tables[f"{folder}/figures.csv"] = _table(
            "figures",
            [
                {
                    "单位": row.unit,
                    "指标": row.indicator,
                    "月份": row.month,
                    "月度目标": _number(row.month_target),
                    "月度实绩": _number(row.month_actual),
                    "序时目标": _number(row.ytd_target),
                    "累计实绩": _number(row.ytd_actual),
                    "年度目标": _number(row.annual_target),
                    "月度完成率": row.month_rate,
                    "累计完成率": row.ytd_rate,
                    "年度目标进度": row.annual_progress,
                    "与序时进度差（百分点）": row.gap,
                    "状态": row.status,
                    "原因": row.cause,
                    "整改措施": row.countermeasure,
                }
                for row in figures.figures
            ],
        )
        tables[f"{folder}/milestones.csv"] = _table(
            "milestones",
            [
                {
                    "单位": row.unit,
                    "指标": row.indicator,
                    "月份": row.month,
                    "任务数": row.tasks,
                    "应完成": row.due,
                    "已完成（到期）": row.done_due,
                    "累计已完成": row.done,
                    "提前完成": row.early,
                    "任务完成率": row.rate,
                    "年度目标进度": row.annual_progress,
                    "状态": row.status,
                }
                for row in figures.milestones
            ],
        )
        tables[f"{folder}/standings.csv"] = _table(
            "standings",
            [
                {
                    "赛道": row.area,
                    "单位": row.unit,
                    "月份": row.month,
                    "名次": row.rank,
                    "上月名次": row.last_rank,
                    "名次变化": row.change,
                    "新进": row.new,
                    "赛道得分": row.score,
                    "赛道状态": row.status,
                    "领先": row.leader,
                }
                for row in figures.standings
            ],
        )
        tables[f"{folder}/scores.csv"] = _table(
            "scores",
            [
                {
                    "跑道": row.kind,
                    "单位": row.unit,
                    "月份": row.month,
                    "综合得分": row.score,
                    "跑道名次": row.rank,
                }
                for row in figures.composites
            ],
        )
        tables[f"{folder}/group.csv"] = _table(
            "group",
            [
                {
                    "指标": row.indicator,
                    "月份": row.month,
                    "总目标": row.target,
                    "累计完成": row.ytd_actual,
                    "序时目标": row.ytd_target,
                    "年度完成率": row.annual_rate,
                    "序时进度": row.pace,
                    "完成序时进度": row.pace_rate,
                    "状态": row.status,
                    "还需完成": row.remaining,
                    "月均需完成": row.monthly_needed,
                }
                for row in figures.headlines
            ],
        )
        tables[f"{folder}/supervision.csv"] = _table(
            "supervision",
            [
                {
                    "单位": row.unit,
                    "指标": row.indicator,
                    "月份": row.month,
                    "赛道": row.area,
                    "完成率": row.rate,
                    "状态": row.status,
                    "连续月数": row.months,
                    "起始月": row.since,
                    "督查级别": row.level,
                    "原因": row.cause,
                    "整改措施": row.countermeasure,
                }
                for row in figures.below_pace
            ],
        )
        tables[f"{folder}/overdue_tasks.csv"] = _table(
            "overdue_tasks",
            [
                {
                    "单位": row.unit,
                    "指标": row.indicator,
                    "任务": row.task,
                    "月份": row.month,
                    "任务名称": row.name,
                    "完成期限": row.due,
                }
                for row in figures.overdue_tasks
            ],
        )
        tables[f"{folder}/late_submissions.csv"] = _table(
            "late_submissions",
            [
                {
                    "单位": row.unit,
                    "所报月份": row.reported_month,
                    "月份": row.month,
                    "报送期限": _day(row.deadline),
                    "报送日期": _day(row.submitted),
                    "逾期天数": row.overdue_days,
                }
                for row in figures.late_submissions
            ],
        )
    folder = f"downloads/{result.report_month}"
    tables[f"{folder}/honours.csv"] = _table(
        "honours",
        [
            {
                "单位": row.unit,
                "达标月数": row.met_months,
                "计入月数": row.counted_months,
                "连续达标": row.met_streak,
                "月月红": row.every_month,
                "半年红": row.half_year,
                "全年红": row.full_year,
            }
            for row in result.honours
        ],
    )
    tables[f"{folder}/assessment.csv"] = _table(
        "assessment",
        [
            {
                "单位": row.unit,
                "跑道": row.kind,
                "综合得分": row.score,
                "完成分": row.completion_points,
                "按时报送率": row.timely_rate,
                "按时得分": row.timely_points,
                "加分": row.plus,
                "扣分": row.minus,
                "总分": row.total,
                "等次": row.grade,
                "跑道名次": row.rank,
            }
            for row in result.assessment
        ],
    )
    tables[f"{folder}/adjustments.csv"] = _table(
        "adjustments",
        [
            {
                "单位": row.unit,
                "日期": _day(row.date),
                "类别": row.category,
                "事由": row.reason,
                "分值": row.points,
                "计入": "已计入" if row.counted else "待计入",
                "计入月份": row.counts_from,
            }
            for row in result.adjustments
        ],
    )
    for month, entries in result.reviews.items():
        tables[f"downloads/reviews/{month}.csv"] = _table(
            "review",
            [
                {
                    "赛道": entry.area,
                    "类别": entry.category,
                    "单位": entry.unit,
                    "指标": entry.indicator,
                    "名次": entry.rank,
                    "上次名次": entry.last_rank,
                    "赛道得分": entry.score,
                    "完成率": entry.rate,
                    "状态": entry.status,
                    "督查级别": entry.level,
                    "原因": entry.cause,
                    "整改措施": entry.countermeasure,
                }
                for entry in entries
            ],
        )
    return tables


# ----------------------------------------------------------------------------------------------
# Reading a published CSV and comparing it with a table
# ----------------------------------------------------------------------------------------------


def _text(cell: str) -> str:
    """Formula neutralisation may prefix a text cell with one "'" (issue 9): compare without it."""
    return cell[1:] if cell.startswith("'") else cell


def cell_text(value) -> str:
    """How the contract writes an expected value in a CSV cell (used for keys and for messages)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def agrees(expected, cell: str) -> bool:
    if expected is None:
        return cell == ""
    if isinstance(expected, bool):
        return cell == cell_text(expected)
    if isinstance(expected, int):
        return INTEGER.fullmatch(cell) is not None and int(cell) == expected
    if isinstance(expected, float):
        return (
            NUMBER.fullmatch(cell) is not None and abs(float(cell) - expected) <= TOLERANCE + 1e-9
        )
    return _text(cell) == str(expected)


def _grouped(rows: list[dict], keys: tuple[str, ...], read_key) -> dict[tuple, list[dict]]:
    grouped: dict[tuple, list[dict]] = {}
    for row in rows:
        grouped.setdefault(tuple(read_key(row[key]) for key in keys), []).append(row)
    return grouped


def parse_csv(data: bytes) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """Header, rows and format problems of a CSV as the contract writes it (UTF-8 with BOM, CRLF)."""
    problems = []
    if not data.startswith(BOM):
        problems.append("does not start with the UTF-8 BOM")
    if data.count(b"\n") != data.count(b"\r\n"):
        problems.append("has line ends other than CRLF")
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    header = rows[0] if rows else []
    return header, [dict(zip(header, row)) for row in rows[1:]], problems


def compare_csv(path: str, table: Table, data: bytes) -> list[str]:
    """Every difference between a published CSV and the oracle's table, one line each."""
    header, rows, problems = parse_csv(data)
    return [f"{path}: {problem}" for problem in problems] + _compare_rows(
        path, table, header, rows, _text, agrees
    )


def compare_xlsx(path: str, table: Table, data: bytes) -> list[str]:
    """Every difference between a published .xlsx (the CSV's twin) and the oracle's table."""
    header, rows, problems = parse_xlsx(data)
    return [f"{path}: {problem}" for problem in problems] + _compare_rows(
        path, table, header, rows, _value_text, agrees_value
    )


def _compare_rows(
    path: str, table: Table, header: list[str], rows: list[dict], key_text, agree
) -> list[str]:
    missing_columns = [column for column in table.columns if column not in header]
    if missing_columns:
        return [f"{path}: missing columns {missing_columns} (header {header})"]
    differences = []
    published = _grouped(rows, table.keys, key_text)
    expected = _grouped(table.rows, table.keys, cell_text)
    for key in sorted(expected.keys() - published.keys()):
        differences.append(
            f"{path}: row {dict(zip(table.keys, key))} missing (oracle {expected[key]})"
        )
    for key in sorted(published.keys() - expected.keys()):
        differences.append(
            f"{path}: row {dict(zip(table.keys, key))} not in the oracle (published {published[key]})"
        )
    for key in sorted(expected.keys() & published.keys()):
        mine, theirs = expected[key], published[key]
        if len(mine) != len(theirs):
            differences.append(
                f"{path}: {dict(zip(table.keys, key))}: {len(theirs)} rows published, "
                f"oracle {len(mine)}"
            )
            continue
        # Equal keys (two identical entries of assessment/<year>.yaml) pair up in the order of their values.
        mine = sorted(mine, key=lambda row: [cell_text(row[column]) for column in table.values])
        theirs = sorted(
            theirs, key=lambda cells: [key_text(cells[column]) for column in table.values]
        )
        for row, cells in zip(mine, theirs):
            for column in table.values:
                if not agree(row[column], cells[column]):
                    differences.append(
                        f"{path}: {dict(zip(table.keys, key))} {column}: published "
                        f"{cells[column]!r}, oracle {cell_text(row[column])!r} ({row[column]!r})"
                    )
    return differences


def parse_xlsx(data: bytes) -> tuple[list[str], list[dict], list[str]]:
    """Header, rows (cell values as openpyxl reads them) and problems of the first sheet: no formulas."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [list(row) for row in sheet.iter_rows()]
    problems = [
        f"{cell.coordinate} is a formula" for row in cells for cell in row if cell.data_type == "f"
    ]
    values = [[cell.value for cell in row] for row in cells]
    header = [str(value) for value in values[0]] if values else []
    return header, [dict(zip(header, row)) for row in values[1:]], problems


def _value_text(value) -> str:
    """A cell's value as the CSV writes it, to pair rows by their keys."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def agrees_value(expected, value) -> bool:
    """An .xlsx cell holds numbers as numbers: compared as numbers, not as their text."""
    if expected is None:
        return value is None or value == ""
    if isinstance(expected, bool):
        return value == cell_text(expected)
    if isinstance(expected, (int, float)):
        exact = isinstance(expected, int)
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and abs(value - expected) <= (0 if exact else TOLERANCE + 1e-9)
        )
    return _value_text(value) == str(expected)


def compare_files(tables: dict[str, Table], files: dict[str, bytes]) -> list[str]:
    """The same set of files both ways, and every file equal to its table."""
    # Each CSV has an .xlsx twin made from the same table (for people in Excel): it must agree too.
    tables = {**tables, **{path[: -len(".csv")] + ".xlsx": table for path, table in tables.items()}}
    differences = [f"{path}: not published" for path in sorted(tables.keys() - files.keys())]
    differences += [
        f"{path}: published, not in the oracle" for path in sorted(files.keys() - tables.keys())
    ]
    for path in sorted(tables.keys() & files.keys()):
        compare = compare_xlsx if path.endswith(".xlsx") else compare_csv
        differences += compare(path, tables[path], files[path])
    return differences


def write_csv(table: Table) -> bytes:
    """A CSV as the contract describes it, from the oracle's own table (to test the comparison itself)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell_text(row[column]) for column in table.columns])
    return BOM + out.getvalue().encode("utf-8")


def write_xlsx(table: Table, formula_at: tuple[int, str] | None = None) -> bytes:
    """The .xlsx twin as the contract describes it, from the oracle's own table (to test the comparison);
    `formula_at` (row index, column) puts a formula in that cell instead of its value."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(table.columns))
    for index, row in enumerate(table.rows):
        values = [
            cell_text(row[column]) if isinstance(row[column], bool) else row[column]
            for column in table.columns
        ]
        if formula_at is not None and formula_at[0] == index:
            values[table.columns.index(formula_at[1])] = "=1+1"
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
