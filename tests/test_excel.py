"""Excel both ways: `saima template` writes the sheet a clerk fills, `saima import` turns it into the YAML
a clerk would have written by hand, naming the cell and the fix for every mistake, writing nothing
while one remains, and the same bytes however often it is imported."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import ROOT
from generator.cli import main
from generator.excel_template import COLUMN, HEADER_ROW, META_SHEET, MILESTONE, QUANTITY
from generator.strict_yaml import decode, parse

SHEET = "填报"


def saima(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def template(data: Path, unit: str, month: str, folder: Path) -> Path:
    output = folder / f"{unit}-{month}.xlsx"
    code, out, err = saima(
        "template", "--unit", unit, "--month", month, "--data", str(data), "--output", str(output)
    )
    assert code == 0, out + err
    return output


def fill(source: Path, values: dict[str, Any], target: Path | None = None) -> Path:
    """What a clerk does in Excel: type values into cells, save."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook[SHEET]
    for ref, value in values.items():
        sheet[ref] = value
    target = target or source.with_name(source.stem + "-filled.xlsx")
    workbook.save(target)
    return target


def import_(xlsx: Path, data: Path, today: str) -> tuple[int, str, str]:
    return saima("import", str(xlsx), "--data", str(data), "--today", today)


def _rows(xlsx: Path) -> dict[tuple[str, str], int]:
    """Each row of the sheet by (kind, indicator) or ("task", task id)."""
    sheet = openpyxl.load_workbook(xlsx)[SHEET]
    found = {}
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        kind, code = sheet[f"{COLUMN['kind']}{row}"].value, sheet[f"{COLUMN['code']}{row}"].value
        if kind in (QUANTITY, MILESTONE):
            found[(kind, code)] = row
        elif kind:
            found[
                ("task", re.search(r"（(.+)）$", sheet[f"{COLUMN['task']}{row}"].value).group(1))
            ] = row
    return found


def _as_typed(value: Any) -> Any:
    """A value as a clerk types it into Excel: numbers and dates as such, text as text."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.datetime.fromisoformat(value)
    return value


def values_of(yaml_file: Path, xlsx: Path) -> dict[str, Any]:
    """The cells a clerk fills to say what `yaml_file` says."""
    tree = parse(decode(yaml_file.read_bytes()))
    rows = _rows(xlsx)
    values: dict[str, Any] = {"D11": _as_typed(tree["submitted"])}
    for indicator, figure in (tree["figures"] or {}).items():
        kind = QUANTITY if (QUANTITY, indicator) in rows else MILESTONE
        row = rows[(kind, indicator)]
        if "amount" in figure:
            values[f"{COLUMN['amount']}{row}"] = figure["amount"]
        for key in ("cause", "countermeasure", "note"):
            if key in figure:
                values[f"{COLUMN[key]}{row}"] = figure[key]
        for done in figure.get("done") or []:
            values[f"{COLUMN['date']}{rows[('task', done['task'])]}"] = _as_typed(done["date"])
    return values


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample, with the closed months opened so that any month can be re-entered."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    campaign = data / "campaign.yaml"
    campaign.write_text(
        re.sub(r"(?m)^closed_through: .*\n", "", campaign.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    return data


# --------------------------------------------------------------- the sheet


def test_the_sheet_shows_targets_and_pace_locked_and_asks_for_the_rest(tmp_path: Path):
    xlsx = template(ROOT / "data", "chengtou", "2022-11", tmp_path)
    workbook = openpyxl.load_workbook(xlsx)
    sheet = workbook[SHEET]
    assert sheet.protection.sheet
    assert sheet["A1"].value == "城投公司 2022年11月实绩填报表"
    assert "不是年初以来的累计数" in sheet["A4"].value
    headers = [sheet.cell(HEADER_ROW, column).value for column in range(1, 16)]
    assert headers[:9] == [
        "指标代码",
        "指标",
        "计量单位",
        "全年目标",
        "本月目标",
        "序时目标（截至本月累计）",
        "此前累计完成（截至上月）",
        "本月至少需完成（达到序时进度）",
        "本月完成数（当月数）",
    ]
    revenue = _rows(xlsx)[(QUANTITY, "revenue")]
    shown = [
        sheet[f"{COLUMN[name]}{revenue}"].value
        for name in ("name", "measure", "annual", "target", "ytd_target", "ytd_before", "need")
    ]
    assert shown == ["营业收入", "万元", 220000, 21000, 196000, 178630, 17370]
    locked = {
        name: sheet[f"{COLUMN[name]}{revenue}"].protection.locked
        for name in COLUMN
        if name != "kind"
    }
    assert {name for name, is_locked in locked.items() if not is_locked} == {
        "amount",
        "cause",
        "countermeasure",
        "note",
    }
    assert sheet["D11"].protection.locked is False and sheet["D9"].protection.locked is not False
    checks = {
        str(check.sqref): (check.type, check.formula1)
        for check in sheet.data_validations.dataValidation
    }
    assert checks[f"I{revenue}"] == ("decimal", "0") and checks["D11"][0] == "date"
    reds = [str(rule.sqref) for rule in sheet.conditional_formatting]
    assert f"M{revenue}" in reds and f"N{revenue}" in reds
    assert workbook[META_SHEET].sheet_state == "hidden"


def test_milestone_tasks_come_as_a_list_to_choose_from_with_a_date_to_give(
    sample: Path, tmp_path: Path
):
    xlsx = template(sample, "branch-anju", "2022-09", tmp_path)
    sheet = openpyxl.load_workbook(xlsx)[SHEET]
    rows = _rows(xlsx)
    task = rows[("task", "qinglian")]
    assert (
        sheet[f"J{task}"].value == "清廉国企单元创建（qinglian）"
        and sheet[f"K{task}"].value == "2022-08"
    )
    checks = {str(check.sqref): check for check in sheet.data_validations.dataValidation}
    assert checks[f"J{task}"].type == "list" and checks[f"J{task}"].formula1.startswith(
        f"{META_SHEET}!$"
    )
    assert checks[f"L{task}"].type == "date"
    # the month was sent already: what it said is in the sheet
    assert (
        sheet[f"M{rows[(MILESTONE, 'party_tasks')]}"].value
        == "创建台账资料不完整，集团纪委预验收未通过"
    )


def test_text_from_the_data_that_looks_like_a_formula_is_written_as_text(
    mini: Path, tmp_path: Path
):
    units = mini / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("name: 甲公司\n", 'name: "=HYPERLINK(1)"\n'),
        encoding="utf-8",
    )
    alpha = mini / "actuals/2022-03/alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8") + "    note: +cmd|' /C calc'!A0\n", encoding="utf-8"
    )
    xlsx = template(mini, "alpha", "2022-03", tmp_path)
    with zipfile.ZipFile(xlsx) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = openpyxl.load_workbook(xlsx)[SHEET]
    assert sheet["A1"].value.startswith("=HYPERLINK(1)") and sheet["A1"].data_type == "s"
    assert sheet[f"O{_rows(xlsx)[(QUANTITY, 'profit_tax')]}"].value == "+cmd|' /C calc'!A0"


def test_the_same_data_gives_the_same_bytes_stamped_with_the_data_date(tmp_path: Path):
    first = template(ROOT / "data", "chengtou", "2022-11", tmp_path / "one").read_bytes()
    second = template(ROOT / "data", "chengtou", "2022-11", tmp_path / "two").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2022, 11, 16, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert (
        re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)
        == ["2022-11-16T00:00:00Z"] * 2
    )


# ------------------------------------------------------------ round trips


@pytest.mark.parametrize(
    "path",
    [
        "actuals/2022-06/chengtou.yaml",
        "actuals/2022-04/wenlv.yaml",
        "actuals/2022-09/branch-anju.yaml",
        "actuals/2022-02/branch-anju.yaml",
        "actuals/2022-01/jiangong.yaml",
        "actuals/2022-10/beimen.yaml",
    ],
)
def test_a_filled_sheet_imports_to_the_very_file_the_clerk_wrote_by_hand(
    sample: Path, tmp_path: Path, path: str
):
    original = (sample / path).read_bytes()
    unit, month = Path(path).stem, Path(path).parent.name
    (sample / path).unlink()
    xlsx = template(sample, unit, month, tmp_path)
    filled = fill(xlsx, values_of(ROOT / "data" / path, xlsx))
    code, out, err = import_(filled, sample, "2026-11-27")
    assert code == 0, out + err
    assert (sample / path).read_bytes() == original


HAND_WRITTEN = """unit: alpha
month: 2022-04
submitted: 2022-05-08
figures:
  revenue:
    amount: 38.5
    cause: "主要客户“原因: 资金未到位”，回款推迟"
    countermeasure: |
      1. 5月上旬约谈客户；
      2. 5月底前完成回款
    note: "2022"
  profit_tax:
    amount: -3
    cause: "*重点项目* 计提减值"
    countermeasure: 6月冲回
"""


def test_what_a_clerk_types_in_excel_becomes_what_the_guide_shows(mini: Path, tmp_path: Path):
    xlsx = template(mini, "alpha", "2022-04", tmp_path)
    rows = _rows(xlsx)
    revenue, profit = rows[(QUANTITY, "revenue")], rows[(QUANTITY, "profit_tax")]
    filled = fill(
        xlsx,
        {
            "D11": dt.datetime(2022, 5, 8),
            f"I{revenue}": 38.5,
            f"M{revenue}": "主要客户“原因: 资金未到位”，回款推迟",
            f"N{revenue}": "1. 5月上旬约谈客户；\r\n2. 5月底前完成回款",
            f"O{revenue}": 2022,
            f"I{profit}": "-3",
            f"M{profit}": " *重点项目* 计提减值 ",
            f"N{profit}": "6月冲回",
        },
    )
    code, out, err = import_(filled, mini, "2022-05-08")
    assert code == 0, out + err
    assert (mini / "actuals/2022-04/alpha.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_tasks_done_are_written_in_the_order_of_the_sheet_with_their_dates(
    mini: Path, tmp_path: Path
):
    (mini / "actuals/2022-03/branch-a.yaml").unlink()
    xlsx = template(mini, "branch-a", "2022-03", tmp_path)
    rows = _rows(xlsx)
    filled = fill(
        xlsx,
        {
            "D11": dt.datetime(2022, 4, 7),
            f"L{rows[('task', 'study')]}": dt.datetime(2022, 3, 8),
            f"L{rows[('task', 'service')]}": "2022-03-30",
        },
    )
    assert import_(filled, mini, "2022-04-08")[0] == 0
    assert (mini / "actuals/2022-03/branch-a.yaml").read_text(encoding="utf-8") == (
        "unit: branch-a\nmonth: 2022-03\nsubmitted: 2022-04-07\nfigures:\n  party_tasks:\n    done:\n"
        "      - task: study\n        date: 2022-03-08\n      - task: service\n        date: 2022-03-30\n"
    )


def test_a_sent_month_comes_back_unchanged_and_importing_twice_changes_nothing(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for unit in ("chengtou", "wenlv", "branch-anju", "branch-chengtou"):
        path = data / "actuals/2022-10" / f"{unit}.yaml"
        before = path.read_bytes()
        mtime = path.stat().st_mtime_ns
        xlsx = template(data, path.stem, "2022-10", tmp_path)
        for _ in range(2):
            code, out, err = import_(xlsx, data, "2026-11-27")
            assert code == 0 and "没有变化" in out, (path.name, out, err)
        assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_a_second_import_of_a_changed_sheet_writes_the_same_bytes(mini: Path, tmp_path: Path):
    xlsx = template(mini, "beta", "2022-03", tmp_path)
    revenue = _rows(xlsx)[(QUANTITY, "revenue")]
    filled = fill(xlsx, {"D11": dt.datetime(2022, 4, 9), f"I{revenue}": 41})
    assert import_(filled, mini, "2022-04-09")[:2] == (
        0,
        "已写入 "
        + str(mini / "actuals/2022-03/beta.yaml")
        + f"（来自 {filled}）。请运行 saima validate 检查，然后提交合并请求\n",
    )
    written = (mini / "actuals/2022-03/beta.yaml").read_bytes()
    code, out, _ = import_(filled, mini, "2022-04-09")
    assert code == 0 and "没有变化" in out
    assert (mini / "actuals/2022-03/beta.yaml").read_bytes() == written


# ---------------------------------------------------------------- mistakes


MISTAKES = [
    # (what the clerk did: cell -> value), the cell named, the rule, words of the fix (the validator's own)
    ({"I": "1,234"}, "I", "shape.not_number", "去掉千位分隔符"),
    ({"I": "12万"}, "I", "shape.not_number", "去掉单位，只写数字"),
    ({"I": None}, "I", "shape.not_number", "没有发生请写 0"),
    ({"I": "=40+2"}, "I", "xlsx.formula", "选择性粘贴"),
    ({"I": -5}, "I", "amount.negative", "填写 0 或正数"),
    ({"I": 20}, "M", "lag.unexplained", "补写 cause（原因）"),
    ({"I": 20, "M": "订单推迟"}, "N", "lag.unexplained", "countermeasure（整改措施）"),
    ({"D11": None}, "D11", "shape.not_date", "写成 2022-04-08 这样的形式"),
    ({"D11": "4月9日"}, "D11", "shape.not_date", "写成 2022-04-08 这样的形式"),
    ({"D11": dt.datetime(2022, 2, 25)}, "D11", "submitted.before_month", "填写实际报送的日期"),
    ({"D11": "=TODAY()"}, "D11", "xlsx.formula", "换成数值"),
    ({"D10": "2022-3"}, "D10", "xlsx.identity", "重新下载"),
    ({"A": "营业收入"}, "A", "xlsx.layout", "重新下载填报表"),  # the locked code cell typed over
    ({"P": "合计"}, "A", "xlsx.layout", "重新下载填报表"),  # the hidden row kind changed
]


@pytest.mark.parametrize(
    ("typed", "cell", "rule", "fix"),
    MISTAKES,
    ids=[m[2] + "-" + str(i) for i, m in enumerate(MISTAKES)],
)
def test_each_typical_mistake_is_told_at_its_cell_with_the_fix(
    mini: Path, tmp_path: Path, typed: dict, cell: str, rule: str, fix: str
):
    xlsx = template(mini, "beta", "2022-03", tmp_path)
    row = _rows(xlsx)[(QUANTITY, "revenue")]
    values = {"D11": dt.datetime(2022, 4, 9), f"I{row}": 45}
    values.update(
        {ref if ref[-1].isdigit() else f"{ref}{row}": value for ref, value in typed.items()}
    )
    filled = fill(xlsx, values)
    code, out, err = import_(filled, mini, "2022-04-09")
    where = cell if cell[-1].isdigit() else f"{cell}{row}"
    assert code == 1 and "没有写入任何文件" in err
    first = out.splitlines()[0]
    assert first.startswith(f"{filled} 填报!{where}: 错误: ") and first.endswith(f"[{rule}]"), out
    assert fix in first
    assert not (mini / "actuals/2022-03/beta.yaml").exists()


def test_a_task_date_without_a_task_and_a_date_after_the_month_are_told_at_their_cells(
    mini: Path, tmp_path: Path
):
    (mini / "actuals/2022-03/branch-a.yaml").unlink()
    xlsx = template(mini, "branch-a", "2022-03", tmp_path)
    rows = _rows(xlsx)
    study, service = rows[("task", "study")], rows[("task", "service")]
    filled = fill(
        xlsx,
        {
            "D11": dt.datetime(2022, 4, 7),
            f"J{study}": None,
            f"L{study}": dt.datetime(2022, 3, 8),
            f"L{service}": dt.datetime(2022, 4, 2),
        },
    )
    code, out, _ = import_(filled, mini, "2022-04-08")
    assert code == 1
    told = [
        (line.split(": ")[0].split("!")[1], line.rsplit("[", 1)[1].rstrip("]"))
        for line in out.splitlines()[:-1]
    ]
    assert (f"J{study}", "xlsx.no_task") in told and (f"L{service}", "done.after_month") in told
    # study is overdue and now not reported done: the cause is asked for on the indicator's row
    assert (f"M{rows[(MILESTONE, 'party_tasks')]}", "lag.unexplained") in told


def test_a_figure_far_from_its_target_is_a_warning_and_the_file_is_written(
    mini: Path, tmp_path: Path
):
    xlsx = template(mini, "beta", "2022-03", tmp_path)
    row = _rows(xlsx)[(QUANTITY, "revenue")]
    filled = fill(xlsx, {"D11": dt.datetime(2022, 4, 9), f"I{row}": 400})
    code, out, _ = import_(filled, mini, "2022-04-09")
    assert code == 0 and f"填报!I{row}: 警告: " in out and "[warn.far_off]" in out
    assert "amount: 400" in (mini / "actuals/2022-03/beta.yaml").read_text(encoding="utf-8")


def test_a_closed_month_is_told_at_the_month_cell(mini: Path, tmp_path: Path):
    xlsx = template(mini, "alpha", "2022-03", tmp_path)
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text(encoding="utf-8") + "closed_through: 2022-03\n", encoding="utf-8"
    )
    row = _rows(xlsx)[(QUANTITY, "revenue")]
    before = (mini / "actuals/2022-03/alpha.yaml").read_bytes()
    code, out, _ = import_(fill(xlsx, {f"I{row}": 53}), mini, "2022-04-09")
    assert code == 1 and "填报!D10: 错误: " in out and "[xlsx.closed_month]" in out
    assert (mini / "actuals/2022-03/alpha.yaml").read_bytes() == before
    assert import_(xlsx, mini, "2022-04-09")[0] == 0  # unchanged, it is no change to a closed month


@pytest.mark.parametrize("kind", ["not a zip", "a macro", "another workbook"])
def test_a_file_that_is_not_our_sheet_is_refused_unread(mini: Path, tmp_path: Path, kind: str):
    path = tmp_path / "x.xlsx"
    if kind == "not a zip":
        path.write_bytes(b"PK\x03\x04 not really")
    elif kind == "a macro":
        xlsx = template(mini, "beta", "2022-03", tmp_path)
        with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(path, "w") as target:
            for entry in source.infolist():
                target.writestr(entry, source.read(entry.filename))
            target.writestr("xl/vbaProject.bin", b"\x00" * 16)
    else:
        openpyxl.Workbook().save(path)
    code, out, err = import_(path, mini, "2022-04-09")
    rule = {
        "not a zip": "xlsx.unreadable",
        "a macro": "xlsx.macro",
        "another workbook": "xlsx.not_template",
    }[kind]
    assert code == 1 and f"[{rule}]" in out and "Traceback" not in out + err
    assert not (mini / "actuals/2022-03/beta.yaml").exists()
