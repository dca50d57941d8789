"""Names of coded values: administrative divisions (GB/T 2260) and industries (GB/T 4754-2017).

One table per code list, with the lookups both ways: an import reads a name where a code belongs
(北仑区 → 330206, 橡胶和塑料制品业 → C29) and a list or an export can show the name of a stored code
(:func:`division_name`, :func:`industry_name`). The tables hold what a Zhenhai broker's lists carry, not
the whole national lists: the county level of Ningbo, the places the district's technology owners sit,
the GB/T 4754 sections and the manufacturing divisions. An unknown code is shown as stored and an unknown
name is refused with a message, never guessed.
"""

from __future__ import annotations

import re
from typing import Final

from workbench.textnorm import fold_width

# Administrative divisions brokers in Ningbo meet (GB/T 2260): county level of Ningbo, the city itself,
# and the places the district's technology owners sit.
DIVISIONS: Final[dict[str, str]] = {
    "330000": "浙江省",
    "330200": "宁波市",
    "330203": "海曙区",
    "330205": "江北区",
    "330206": "北仑区",
    "330211": "镇海区",
    "330212": "鄞州区",
    "330213": "奉化区",
    "330225": "象山县",
    "330226": "宁海县",
    "330281": "余姚市",
    "330282": "慈溪市",
    "330100": "杭州市",
    "330102": "上城区",
    "330105": "拱墅区",
    "330106": "西湖区",
    "330108": "滨江区",
    "330110": "余杭区",
    "330114": "钱塘区",
    "330300": "温州市",
    "330400": "嘉兴市",
    "330500": "湖州市",
    "330600": "绍兴市",
    "330700": "金华市",
    "331000": "台州市",
    "310000": "上海市",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310110": "杨浦区",
    "310115": "浦东新区",
    "320000": "江苏省",
    "110000": "北京市",
}

# GB/T 4754-2017 sections and the manufacturing divisions (the ones enterprise lists carry).
INDUSTRIES: Final[dict[str, str]] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "I": "信息传输、软件和信息技术服务业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "C13": "农副食品加工业",
    "C14": "食品制造业",
    "C17": "纺织业",
    "C18": "纺织服装、服饰业",
    "C22": "造纸和纸制品业",
    "C25": "石油、煤炭及其他燃料加工业",
    "C26": "化学原料和化学制品制造业",
    "C27": "医药制造业",
    "C28": "化学纤维制造业",
    "C29": "橡胶和塑料制品业",
    "C30": "非金属矿物制品业",
    "C31": "黑色金属冶炼和压延加工业",
    "C32": "有色金属冶炼和压延加工业",
    "C33": "金属制品业",
    "C34": "通用设备制造业",
    "C35": "专用设备制造业",
    "C36": "汽车制造业",
    "C37": "铁路、船舶、航空航天和其他运输设备制造业",
    "C38": "电气机械和器材制造业",
    "C39": "计算机、通信和其他电子设备制造业",
    "C40": "仪器仪表制造业",
    "C41": "其他制造业",
    "C42": "废弃资源综合利用业",
    "C43": "金属制品、机械和设备修理业",
}

_SUFFIXES = ("市", "区", "县", "省")


def _name_key(text: str) -> str:
    return re.sub(r"[\s、，,()（）]", "", fold_width(text))


_DIVISION_BY_NAME: Final = {_name_key(n): c for c, n in DIVISIONS.items()}
_INDUSTRY_BY_NAME: Final = {_name_key(n): c for c, n in INDUSTRIES.items()}


def division_code(text: str) -> str | None:
    """A division code from a code or a name: "北仑区", "宁波市北仑区", "北仑" → "330206"; None if unknown."""
    value = _name_key(text)
    if re.fullmatch(r"\d{6}", value):
        return value
    if value in _DIVISION_BY_NAME:
        return _DIVISION_BY_NAME[value]
    # "浙江省宁波市北仑区": the most specific known name at the end wins.
    for name, code in sorted(_DIVISION_BY_NAME.items(), key=lambda kv: -len(kv[0])):
        if value.endswith(name) and code[4:] != "00":
            return code
    for suffix in _SUFFIXES:
        if value + suffix in _DIVISION_BY_NAME:
            return _DIVISION_BY_NAME[value + suffix]
    return None


def industry_code(text: str) -> str | None:
    """An industry code from a code or a name ("橡胶和塑料制品业" → "C29"); a code is returned unchanged."""
    value = _name_key(text)
    if re.fullmatch(r"[A-Ta-t](\d{2}|\d{3}|\d{4})?|\d{2,4}", value):
        return value.upper()
    return _INDUSTRY_BY_NAME.get(value)


def division_name(code: str | None) -> str:
    """The name of a division code ("330206" → "北仑区"); an unknown code is returned as given."""
    return DIVISIONS.get(code or "", code or "")


def industry_name(code: str | None) -> str:
    """The name of an industry code ("C29" → "橡胶和塑料制品业"); empty when the table lacks it."""
    return INDUSTRIES.get(code or "", "")
