"""Every sentence a user reads, in one place, per language.

A problem is shown as `message — hint`; both are templates filled from the
problem's params. Simplified Chinese is the default; `language: en` in
campaign.yaml selects English. Keep both catalogues with the same keys and
the same placeholders (a test checks it).
"""
from __future__ import annotations

import datetime as dt
import string
from typing import Any, Mapping

from generator.errors import Problem

DEFAULT_LANGUAGE = "zh"

# code: (what is wrong, how to fix it)
ZH: dict[str, tuple[str, str]] = {
    # reading the file
    "yaml.not_utf8": ("文件不是 UTF-8 编码", "请用 UTF-8 编码另存此文件（记事本“另存为”选 UTF-8）"),
    "yaml.syntax": ("YAML 格式错误：{detail_text}", "请对照上一个月的文件检查这一行及上一行"),
    "yaml.many_documents": ("一个文件里只能有一份数据，这里出现了 `---` 分隔的第二份", "删除 `---` 及其后的内容，或拆成两个文件"),
    "yaml.alias": ("不支持 YAML 别名（*名称）", "把别名替换为实际的值"),
    "yaml.anchor": ("不支持 YAML 锚点（&{anchor}）", "删除锚点，直接写出实际的值"),
    "yaml.tag": ("不支持 YAML 标签 {tag}", "删除以 ! 开头的标签"),
    "yaml.too_deep": ("嵌套层级超过 {limit} 层", "检查缩进和括号是否写错"),
    "yaml.complex_key": ("键必须是简单的文字", "把键写成 `名称: 值` 的形式"),
    "yaml.duplicate_key": ("键“{key}”重复出现（第 {first} 行已有）", "删除或合并其中一个：重复的键只会保留最后一个，前面的数字会丢失"),
    # files and paths
    "file.no_data_dir": ("找不到数据目录", "在仓库根目录运行，或用 --data 指定数据目录"),
    "file.missing": ("缺少必需的文件", "从仓库历史或填报指南中的示例恢复此文件"),
    "file.empty": ("文件是空的", "按填报指南填写内容，或删除此文件"),
    "file.unexpected": ("这个文件不会被读取：{name} 不符合数据目录的命名规则", "数据文件应为 targets/<年>/<单位>.yaml、actuals/<年-月>/<单位>.yaml、reviews/<年-月>.yaml 或 assessment/<年>.yaml（扩展名 .yaml，单位编号小写）"),
    "file.path_mismatch": ("“{key}”写的是 {value}，但文件路径表明应为 {expected}", "把 {key} 改为 {expected}，或把文件移到正确的目录/文件名下"),
    # shape of values
    "shape.empty": ("“{key}”不能为空", "填写内容"),
    "shape.not_text": ("“{key}”应为文字，实际为 {value}", "如果就是这段文字，请加上引号，例如 \"{value}\""),
    "shape.not_slug": ("“{key}”应为编号（小写字母开头，只含小写字母、数字、- 和 _），实际为 {value}", "例如 chengtou、nanhu-tiandi"),
    "shape.not_integer_in": ("“{key}”应为 {low} 到 {high} 之间的整数，实际为 {value}", "填写一个整数"),
    "shape.not_number": ("“{key}”应为数字，实际为 {value}", "{why_text}"),
    "shape.not_positive": ("“{key}”应大于 0，实际为 {value}", "填写一个正数"),
    "shape.not_month": ("“{key}”应为月份（年-月，如 2022-03），实际为 {value}", "写成 2022-03 这样的形式"),
    "shape.not_date": ("“{key}”应为日期（年-月-日，如 2022-04-08），实际为 {value}", "写成 2022-04-08 这样的形式，并确认日期存在"),
    "shape.not_bool": ("“{key}”应为 true 或 false，实际为 {value}", "只写 true 或 false（yes/no/on/off 在这里不算）"),
    "shape.not_choice": ("“{key}”的值 {value} 不在允许范围内", "可选值：{allowed}"),
    "shape.not_list": ("“{key}”应为列表，实际为 {value}", "每项以“- ”开头另起一行，或写成 [a, b]"),
    "shape.wrong_length": ("“{key}”应有 {expected} 项，实际有 {actual} 项", "每月一项，1 月到 12 月共 {expected} 项"),
    "shape.too_short": ("“{key}”至少要有 {minimum} 项", "补充内容"),
    "shape.not_mapping": ("“{key}”应为“键: 值”的结构，实际为 {value}", "应包含：{expected}"),
    "shape.missing_key": ("缺少必填项“{key}”", "补上这一项"),
    "shape.unknown_key": ("无法识别的键“{key}”", "{suggest_text}可用的键：{known}"),
    # one table at a time (pandera)
    "dup.unit_id": ("单位编号 {id} 重复（{first} 已有）", "每个单位的编号必须唯一"),
    "dup.unit_name": ("单位名称 {name} 重复（{first} 已有）", "每个单位的名称必须唯一"),
    "dup.area_id": ("领域编号 {id} 重复（{first} 已有）", "每个领域的编号必须唯一"),
    "dup.indicator_id": ("指标编号 {id} 重复（{first} 已有）", "每个指标的编号必须唯一"),
    "dup.headline": ("总目标指标 {indicator} 重复（{first} 已有）", "每个指标只能有一个总目标"),
    "dup.task": ("任务编号 {task} 重复（{first} 已有）", "同一单位同一指标下的任务编号必须唯一"),
    "dup.submission": ("{unit} 的 {month} 数据重复报送（{first} 已有）", "每个单位每月只能有一个数据文件"),
    "dup.completion": ("任务 {task} 重复报完成（{first} 已报）", "每项任务只在完成的那个月报一次"),
    "month.outside_year": ("月份 {value} 不在本次赛马年度内", "检查年份是否写错"),
    "month.future": ("月份 {value} 还没有到", "只能报送已经过去的月份"),
    "submitted.future": ("报送日期 {value} 晚于今天", "填写实际报送的日期"),
    "year.other": ("年份 {value} 与赛马年度不一致", "检查年份，或把文件放到对应年份的目录"),
    "target.negative": ("{indicator} 的目标不能为负数：{value}", "填写 0 或正数；如该指标允许负数，请在 indicators.yaml 中设置 negative: true"),
    "amount.negative": ("{indicator} 的数值不能为负数：{value}", "填写 0 或正数；如该指标允许负数（如利润），请在 indicators.yaml 中设置 negative: true"),
    "task.due_outside_year": ("任务 {task} 的完成期限 {value} 不在赛马年度内", "检查年份"),
    # across files
    "settings.warning_above_met": ("预警线 {warning}% 高于达标线 {met}%", "预警线应不高于达标线"),
    "settings.preset_and_bounds": ("status 同时写了 preset（{preset}）和 met/warning", "二选一：用预设方案，或写出 met 和 warning 两条线"),
    "settings.one_bound": ("status 只写了 met 和 warning 中的一个", "两条线都写出，或改用 preset"),
    "settings.escalation_order": ("督查升级规则的月数 {months} 重复", "每个连续月数只对应一个级别"),
    "shape.not_colour": ("“{key}”应为颜色（如 \"#c62828\"，要加引号），实际为 {value}", "写成带引号的 #RRGGBB；不加引号时 # 后面会被当作注释"),
    "ref.unknown_unit": ("未知单位“{value}”", "{suggest_text}单位须先在 data/units.yaml 中登记"),
    "ref.unknown_indicator": ("未知指标“{value}”", "{suggest_text}指标须先在 data/indicators.yaml 中登记"),
    "ref.unknown_area": ("未知领域“{value}”", "{suggest_text}领域须先在 data/indicators.yaml 的 areas 中登记"),
    "remark.area_and_unit": ("一条点评不能同时针对领域和单位", "area 和 unit 只保留一个"),
    "headline.not_quantity": ("总目标指标 {indicator} 不是数量型指标", "总目标只能是可累加的数量型指标"),
    "headline.short": ("各单位 {indicator} 年度目标合计 {total}，低于总目标 {target}", "调高单位目标，使合计不低于总目标"),
    "target.quantity_shape": ("数量型指标 {indicator} 须同时填写 annual（年度目标）和 monthly（12 个月目标）", "补齐 annual 和 monthly"),
    "target.tasks_on_quantity": ("数量型指标 {indicator} 不能填写 tasks", "删除 tasks，或在 indicators.yaml 中把它设为 milestone"),
    "target.milestone_shape": ("节点型指标 {indicator} 只填写 tasks（任务及完成期限），不填 annual/monthly", "改为 tasks 列表"),
    "target.sum_mismatch": ("{indicator} 的 12 个月目标合计 {total}，与年度目标 {annual} 不一致", "调整月度目标或年度目标，使两者相等"),
    "submitted.before_month": ("报送日期 {submitted} 早于所报月份 {month}", "填写实际报送的日期"),
    "figure.not_targeted": ("{unit} 没有 {indicator} 的目标，不能报送这项数据", "删除这一项，或先在目标文件中设定目标"),
    "figure.amount_missing": ("数量型指标 {indicator} 缺少 amount（本月数值）", "填写本月数值，没有发生请写 0"),
    "figure.done_on_quantity": ("数量型指标 {indicator} 不能填写 done", "删除 done，填写 amount"),
    "figure.amount_on_milestone": ("节点型指标 {indicator} 不填 amount", "用 done 列出本月完成的任务"),
    "figure.missing": ("缺少 {indicator} 的本月数值", "在 figures 下补上 {indicator}，没有发生请写 amount: 0"),
    "task.unknown": ("任务“{task}”不在本单位的目标任务中", "{suggest_text}任务编号见 data/targets 下本单位的目标文件"),
    "done.after_month": ("完成日期 {date} 晚于所报月份 {month}", "在完成当月的数据文件里报送"),
    "done.before_year": ("完成日期 {date} 早于 {year} 年", "检查日期"),
    "lag.unexplained": ("{indicator} {lag_text}，须填写{missing_text}", "在该指标下补写 cause（原因）和 countermeasure（整改措施）"),
    "review.not_review_month": ("{month} 不是点评月份", "点评月份为：{months}"),
    "adjustment.date_outside_year": ("日期 {date} 不在 {year} 年内", "检查日期"),
    # warnings
    "warn.far_off": ("{indicator} 本月数值 {amount} 与月度目标 {target} 相差十倍以上", "请确认单位（万元/元/亿元）是否写错"),
    "warn.repeat": ("{indicator} 本月数值 {amount} 与上月（{previous_month}）完全相同", "请确认不是复制上月文件后忘记修改"),
}

# Pieces that fill the templates above.
ZH_PARTS: dict[str, str] = {
    "error": "错误",
    "warning": "警告",
    "suggest": "是否想写“{suggestion}”？",
    "lag.quantity": "累计完成序时进度的 {completion}%，低于预警线 {warning}%",
    "lag.milestone": "有到期未完成的任务（{tasks}）",
    "missing.cause": "原因（cause）",
    "missing.countermeasure": "整改措施（countermeasure）",
    "missing.join": "和",
    "syntax.tab": "用了 Tab 缩进",
    "syntax.colon": "冒号使用有误（冒号后要有空格，或这一行缩进不对）",
    "syntax.unclosed": "引号或括号没有闭合",
    "syntax.bracket": "方括号 [ ] 或花括号 {{ }} 没有闭合",
    "syntax.indent": "缩进不一致",
    "syntax.other": "无法解析",
    "number.missing": "填写一个数字，没有发生请写 0",
    "number.bool": "填写一个数字（yes/no/true/false 不是数字）",
    "number.separator": "去掉千位分隔符，例如 1234 而不是 1,234",
    "number.unit": "去掉单位，只写数字；金额按指标的计量单位（如万元）填写",
    "number.leading_zero": "去掉开头的 0，例如 12 而不是 012",
    "number.quoted": "去掉引号，数字不要加引号",
    "number.scientific": "不要用科学计数法，写成普通数字，例如 1200",
    "number.base": "写成普通的十进制数字",
    "number.percent": "去掉 %，只写数字",
    "number.other": "只写数字，例如 1234 或 1234.5",
    "summary.clean": "数据校验通过：{files} 个文件，没有发现问题。",
    "summary.problems": "数据校验：{errors} 个错误，{warnings} 个警告（共检查 {files} 个文件）。",
    "summary.title": "赛马数据校验",
    "summary.header": "| 文件 | 行 | 级别 | 问题 | 如何修改 |",
    "usage.bad_today": "--today 应为日期（年-月-日），实际为 {value}",
    "cli.description": "赛马：校验赛马数据并生成站点",
    "cli.validate": "校验 data/ 下的全部数据",
    "cli.data": "数据目录（默认 data）",
    "cli.format": "输出格式：text（给人看）、github（CI 注释）、json（给程序）",
    "cli.today": "把这一天当作今天（YYYY-MM-DD），用于判断“未来的月份”",
    "cli.build": "生成站点（尚未实现）",
    "cli.build_not_yet": "站点生成尚未实现（见 issue 4）；目前可用 `saima validate` 校验数据。",
}

EN: dict[str, tuple[str, str]] = {
    "yaml.not_utf8": ("the file is not UTF-8 encoded", "save the file as UTF-8"),
    "yaml.syntax": ("YAML syntax error: {detail_text}", "compare this line and the one above with last month's file"),
    "yaml.many_documents": ("a file holds one document; a second one follows `---`", "remove `---` and what follows, or split the file"),
    "yaml.alias": ("YAML aliases (*name) are not supported", "write the value itself"),
    "yaml.anchor": ("YAML anchors (&{anchor}) are not supported", "remove the anchor and write the value itself"),
    "yaml.tag": ("YAML tag {tag} is not supported", "remove the tag starting with !"),
    "yaml.too_deep": ("nested deeper than {limit} levels", "check the indentation and brackets"),
    "yaml.complex_key": ("a key must be plain text", "write `name: value`"),
    "yaml.duplicate_key": ("key \"{key}\" appears twice (already on line {first})", "remove or merge one: only the last would be kept and the first figure lost"),
    "file.no_data_dir": ("the data folder was not found", "run from the repository root or pass --data"),
    "file.missing": ("a required file is missing", "restore it from history or from the example in the guide"),
    "file.empty": ("the file is empty", "fill it in as the guide shows, or delete it"),
    "file.unexpected": ("this file would not be read: {name} does not follow the data folder's naming", "data files are targets/<year>/<unit>.yaml, actuals/<year-month>/<unit>.yaml, reviews/<year-month>.yaml or assessment/<year>.yaml (ending .yaml, unit id in lowercase)"),
    "file.path_mismatch": ("\"{key}\" says {value} but the file's path says {expected}", "change {key} to {expected}, or move the file"),
    "shape.empty": ("\"{key}\" must not be empty", "fill it in"),
    "shape.not_text": ("\"{key}\" should be text, found {value}", "if this is the text you mean, quote it: \"{value}\""),
    "shape.not_slug": ("\"{key}\" should be an id (lowercase letter first, then lowercase letters, digits, - and _), found {value}", "for example chengtou, nanhu-tiandi"),
    "shape.not_integer_in": ("\"{key}\" should be a whole number from {low} to {high}, found {value}", "write a whole number"),
    "shape.not_number": ("\"{key}\" should be a number, found {value}", "{why_text}"),
    "shape.not_positive": ("\"{key}\" should be above 0, found {value}", "write a positive number"),
    "shape.not_month": ("\"{key}\" should be a month (year-month, e.g. 2022-03), found {value}", "write it like 2022-03"),
    "shape.not_date": ("\"{key}\" should be a date (year-month-day, e.g. 2022-04-08), found {value}", "write it like 2022-04-08 and check the date exists"),
    "shape.not_bool": ("\"{key}\" should be true or false, found {value}", "write true or false (yes/no/on/off do not count)"),
    "shape.not_choice": ("\"{key}\" has value {value}, which is not allowed", "allowed: {allowed}"),
    "shape.not_list": ("\"{key}\" should be a list, found {value}", "start each item on its own line with \"- \", or write [a, b]"),
    "shape.wrong_length": ("\"{key}\" should have {expected} items, found {actual}", "one per month, January to December: {expected} items"),
    "shape.too_short": ("\"{key}\" needs at least {minimum} items", "add the missing items"),
    "shape.not_mapping": ("\"{key}\" should be a set of \"key: value\" lines, found {value}", "expected: {expected}"),
    "shape.missing_key": ("required \"{key}\" is missing", "add it"),
    "shape.unknown_key": ("unknown key \"{key}\"", "{suggest_text}known keys: {known}"),
    "dup.unit_id": ("unit id {id} appears twice ({first} has it)", "unit ids must be unique"),
    "dup.unit_name": ("unit name {name} appears twice ({first} has it)", "unit names must be unique"),
    "dup.area_id": ("area id {id} appears twice ({first} has it)", "area ids must be unique"),
    "dup.indicator_id": ("indicator id {id} appears twice ({first} has it)", "indicator ids must be unique"),
    "dup.headline": ("headline indicator {indicator} appears twice ({first} has it)", "one headline target per indicator"),
    "dup.task": ("task id {task} appears twice ({first} has it)", "task ids must be unique per unit and indicator"),
    "dup.submission": ("{unit} submitted {month} twice ({first} has it)", "one file per unit per month"),
    "dup.completion": ("task {task} reported done twice ({first} has it)", "report a task once, in the month it was done"),
    "month.outside_year": ("month {value} is outside the campaign year", "check the year"),
    "month.future": ("month {value} has not come yet", "submit only months that are over"),
    "submitted.future": ("submission date {value} is after today", "write the date you submitted"),
    "year.other": ("year {value} is not the campaign year", "check the year, or move the file to that year's folder"),
    "target.negative": ("target for {indicator} must not be negative: {value}", "write 0 or more; if the indicator allows it, set negative: true in indicators.yaml"),
    "amount.negative": ("figure for {indicator} must not be negative: {value}", "write 0 or more; if the indicator allows it (profit), set negative: true in indicators.yaml"),
    "task.due_outside_year": ("task {task} is due {value}, outside the campaign year", "check the year"),
    "settings.warning_above_met": ("warning line {warning}% is above the met line {met}%", "the warning line must not be above the met line"),
    "settings.preset_and_bounds": ("status gives both preset ({preset}) and met/warning", "choose one: a preset, or both lines written out"),
    "settings.one_bound": ("status gives only one of met and warning", "write both, or use a preset"),
    "settings.escalation_order": ("escalation gives {months} months twice", "one level per number of consecutive months"),
    "shape.not_colour": ("\"{key}\" should be a colour (like \"#c62828\", quoted), found {value}", "write a quoted #RRGGBB; unquoted, # starts a comment"),
    "ref.unknown_unit": ("unknown unit \"{value}\"", "{suggest_text}units are registered in data/units.yaml"),
    "ref.unknown_indicator": ("unknown indicator \"{value}\"", "{suggest_text}indicators are registered in data/indicators.yaml"),
    "ref.unknown_area": ("unknown area \"{value}\"", "{suggest_text}areas are registered under areas in data/indicators.yaml"),
    "remark.area_and_unit": ("a remark cannot be about an area and a unit at once", "keep one of area and unit"),
    "headline.not_quantity": ("headline indicator {indicator} is not a quantity", "headline targets must be quantities that add up"),
    "headline.short": ("units' annual {indicator} targets add up to {total}, below the headline target {target}", "raise the units' targets to at least the headline"),
    "target.quantity_shape": ("quantity indicator {indicator} needs annual and monthly (12 months)", "add annual and monthly"),
    "target.tasks_on_quantity": ("quantity indicator {indicator} takes no tasks", "remove tasks, or make it a milestone in indicators.yaml"),
    "target.milestone_shape": ("milestone indicator {indicator} takes only tasks, no annual/monthly", "write a tasks list"),
    "target.sum_mismatch": ("the 12 monthly targets of {indicator} add up to {total}, not the annual target {annual}", "make the months add up to the annual target"),
    "submitted.before_month": ("submission date {submitted} is before the month {month}", "write the date you submitted"),
    "figure.not_targeted": ("{unit} has no target for {indicator}", "remove it, or set a target first"),
    "figure.amount_missing": ("quantity indicator {indicator} has no amount", "write this month's amount, 0 if none"),
    "figure.done_on_quantity": ("quantity indicator {indicator} takes no done list", "remove done and write amount"),
    "figure.amount_on_milestone": ("milestone indicator {indicator} takes no amount", "list the tasks done this month under done"),
    "figure.missing": ("this month's {indicator} is missing", "add {indicator} under figures, with amount: 0 if none"),
    "task.unknown": ("task \"{task}\" is not among this unit's tasks", "{suggest_text}the tasks are in this unit's targets file"),
    "done.after_month": ("completion date {date} is after the reported month {month}", "report it in the month it was done"),
    "done.before_year": ("completion date {date} is before {year}", "check the date"),
    "lag.unexplained": ("{indicator} {lag_text}: {missing_text} required", "add cause and countermeasure under this indicator"),
    "review.not_review_month": ("{month} is not a review month", "review months: {months}"),
    "adjustment.date_outside_year": ("date {date} is not in {year}", "check the date"),
    "warn.far_off": ("{indicator} amount {amount} is ten times or more off the monthly target {target}", "check the unit (万元/元/亿元)"),
    "warn.repeat": ("{indicator} amount {amount} is exactly last month's ({previous_month})", "check the file was not copied without updating"),
}

EN_PARTS: dict[str, str] = {
    "error": "error",
    "warning": "warning",
    "suggest": "did you mean \"{suggestion}\"? ",
    "lag.quantity": "is at {completion}% of the year-to-date pace, below the warning line {warning}%",
    "lag.milestone": "has tasks overdue ({tasks})",
    "missing.cause": "cause",
    "missing.countermeasure": "countermeasure",
    "missing.join": " and ",
    "syntax.tab": "a tab is used for indentation",
    "syntax.colon": "a colon is misplaced (a space must follow it, or the line is indented wrongly)",
    "syntax.unclosed": "a quote or bracket is not closed",
    "syntax.bracket": "a [ ] or {{ }} is not closed",
    "syntax.indent": "the indentation is inconsistent",
    "syntax.other": "cannot be read",
    "number.missing": "write a number, 0 if none",
    "number.bool": "write a number (yes/no/true/false are not numbers)",
    "number.separator": "remove the thousands separators: 1234, not 1,234",
    "number.unit": "remove the unit; amounts are in the indicator's unit (such as 万元)",
    "number.leading_zero": "remove the leading 0: 12, not 012",
    "number.quoted": "remove the quotes around the number",
    "number.scientific": "write a plain number, such as 1200, not scientific notation",
    "number.base": "write a plain decimal number",
    "number.percent": "remove the %",
    "number.other": "write just a number, such as 1234 or 1234.5",
    "summary.clean": "Data valid: {files} files, no problems found.",
    "summary.problems": "Data check: {errors} errors, {warnings} warnings ({files} files checked).",
    "summary.title": "Saima data check",
    "summary.header": "| File | Line | Level | Problem | How to fix |",
    "usage.bad_today": "--today should be a date (year-month-day), found {value}",
    "cli.description": "Saima: validate the race's data and build the site",
    "cli.validate": "validate everything under data/",
    "cli.data": "the data folder (default: data)",
    "cli.format": "output: text (for people), github (CI annotations), json (for tools)",
    "cli.today": "take this day as today (YYYY-MM-DD) when judging future months",
    "cli.build": "build the site (not yet)",
    "cli.build_not_yet": "the site generator is not implemented yet (issue 4); `saima validate` checks the data.",
}

CATALOGUES = {"zh": (ZH, ZH_PARTS), "en": (EN, EN_PARTS)}


def part(language: str, key: str, **params: Any) -> str:
    parts = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[1]
    return parts[key].format(**params)


def describe(problem: Problem, language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The problem as (what is wrong, how to fix it) in `language`."""
    messages = CATALOGUES.get(language, CATALOGUES[DEFAULT_LANGUAGE])[0]
    message, hint = messages[problem.code]
    params = _derived(problem.params, language)
    return _fill(message, params), _fill(hint, params)


def _derived(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Params shown as text, plus the pieces that depend on which params are present."""
    shown = {key: _show(value) for key, value in params.items()}
    if "detail" in params:
        shown["detail_text"] = part(language, f"syntax.{params['detail']}")
    if "why" in params:
        shown["why_text"] = part(language, params["why"])
    shown["suggest_text"] = part(language, "suggest", suggestion=params["suggestion"]) if params.get("suggestion") else ""
    if "missing" in params:
        names = [part(language, f"missing.{name}") for name in params["missing"]]
        shown["missing_text"] = part(language, "missing.join").join(names)
        kind = "lag.milestone" if "tasks" in params else "lag.quantity"
        shown["lag_text"] = part(language, kind, **{k: shown.get(k, "") for k in ("completion", "warning", "tasks")})
    return shown


def _show(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        return format(round(value, 2), "f").rstrip("0").rstrip(".")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _fill(template: str, params: Mapping[str, Any]) -> str:
    """Format, leaving any placeholder the problem did not provide visible rather than crashing."""
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**{name: params.get(name, "") for name in fields})
