"""Small, documented mappings the matcher uses: IPC classes ↔ GB/T 4754 industry divisions, fields ↔ clusters.

IPC (International Patent Classification) codes look like ``C08J 5/04``: section letter, two-digit class,
subclass letter. GB/T 4754-2017 industry codes look like ``C2929``: section letter (C = manufacturing),
two-digit division (29 = rubber and plastic products), then group and class digits. There is no official
concordance between the two; this table is a judgement of which manufacturing (and a few other)
divisions typically *use* the technology of each IPC class, written for the industries of Ningbo and
Zhenhai (petrochemicals, new materials, equipment, auto parts, electronics). It is deliberately coarse:
a class maps to the divisions whose firms would plausibly license it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType
from typing import Final

# IPC class (section letter + two digits) → GB/T 4754 divisions (two digits).
IPC_TO_DIVISIONS: Final = MappingProxyType(
    {
        "A01": ("01", "02", "03", "04", "05", "26"),  # agriculture; agrochemicals
        "A21": ("13", "14"),  # baking
        "A23": ("13", "14", "15"),  # foods
        "A41": ("18",),  # garments
        "A43": ("19",),  # footwear
        "A47": ("21", "38"),  # furniture, household appliances
        "A61": ("27", "35", "84"),  # medicine, medical devices, health care
        "A63": ("24",),  # sports, games
        "B01": ("25", "26", "27", "35"),  # physical and chemical processes, separation, catalysis
        "B02": ("13", "35"),  # crushing, milling
        "B03": ("08", "09", "35"),  # mineral separation
        "B05": ("26", "33", "35"),  # spraying, coating
        "B08": ("33", "35"),  # cleaning
        "B09": ("42", "77"),  # waste disposal
        "B21": ("31", "32", "33", "34"),  # metal working without removing material
        "B22": ("31", "32", "33"),  # casting, powder metallurgy
        "B23": ("33", "34"),  # machine tools, welding
        "B24": ("33", "34"),  # grinding, polishing
        "B25": ("34", "35"),  # tools, robots
        "B26": ("33",),  # cutting
        "B28": ("30",),  # working cement, clay, stone
        "B29": ("29", "35"),  # working plastics
        "B32": ("29", "30", "22"),  # layered products
        "B33": ("34", "35"),  # additive manufacturing
        "B60": ("36", "37"),  # vehicles in general
        "B61": ("37",),  # railways
        "B62": ("36", "37"),  # land vehicles
        "B63": ("37",),  # ships
        "B64": ("37",),  # aircraft
        "B65": ("34", "22", "29"),  # conveying, packaging
        "B82": ("26", "39"),  # nanotechnology
        "C01": ("26",),  # inorganic chemistry
        "C02": ("46", "77", "26"),  # water treatment
        "C03": ("30",),  # glass
        "C04": ("30",),  # cement, ceramics
        "C05": ("26",),  # fertilisers
        "C07": ("26", "27"),  # organic chemistry
        "C08": ("26", "28", "29"),  # polymers
        "C09": ("26",),  # dyes, paints, adhesives
        "C10": ("25", "26"),  # petroleum, gas, coke
        "C11": ("26",),  # oils, fats, detergents
        "C12": ("15", "27", "26"),  # biochemistry, fermentation
        "C21": ("31",),  # iron metallurgy
        "C22": ("31", "32"),  # metallurgy, alloys
        "C23": ("33", "31", "32"),  # coating metals, corrosion
        "C25": ("32", "33", "26"),  # electrolysis
        "C30": ("39", "26"),  # crystal growth
        "D01": ("28", "17"),  # fibres
        "D02": ("17",),
        "D03": ("17",),  # weaving
        "D04": ("17",),  # knitting, non-wovens
        "D06": ("17", "18"),  # textile treatment
        "D21": ("22",),  # paper
        "E01": ("48",),  # roads, railways construction
        "E02": ("48",),  # hydraulic engineering
        "E03": ("46", "48"),  # water supply, sewerage
        "E04": ("47", "30"),  # building
        "E21": ("06", "07", "35"),  # drilling, mining
        "F01": ("34", "36"),  # engines
        "F02": ("34", "36"),  # combustion engines
        "F03": ("34", "38", "44"),  # wind and water power
        "F04": ("34",),  # pumps
        "F15": ("34",),  # fluid-pressure actuators
        "F16": ("34", "36"),  # engineering elements (bearings, valves, seals)
        "F17": ("34", "45"),  # storing gases
        "F22": ("34", "44"),  # steam generation
        "F23": ("34", "44"),  # combustion
        "F24": ("34", "38"),  # heating, ventilation
        "F25": ("34", "38"),  # refrigeration
        "F27": ("34",),  # furnaces
        "F28": ("34",),  # heat exchange
        "G01": ("40", "39"),  # measuring, testing
        "G02": ("40", "39"),  # optics
        "G05": ("40", "34", "39"),  # control
        "G06": ("39", "65", "64"),  # computing
        "G07": ("39",),
        "G08": ("39", "65"),  # signalling
        "G09": ("39",),  # displays
        "G10": ("39",),  # acoustics
        "G11": ("39",),  # storage
        "G16": ("65", "84"),  # ICT for specific fields
        "H01": ("38", "39"),  # electric elements (batteries, semiconductors)
        "H02": ("38", "44"),  # power generation, conversion
        "H03": ("39",),  # electronic circuits
        "H04": ("39", "63"),  # electric communication
        "H05": ("38", "39"),  # other electric techniques
        "H10": ("39", "38"),  # semiconductor devices
    }
)

# GB/T 4754 divisions grouped into broad fields, so a near miss still counts a little
# (C08 polymers for a plastics firm: exact; for a chemical-fibre firm: same broad field).
BROAD_FIELDS: Final = MappingProxyType(
    {
        "chemicals": frozenset({"25", "26", "27", "28", "29"}),
        "materials": frozenset({"30", "31", "32", "33"}),
        "equipment": frozenset({"34", "35", "36", "37", "40"}),
        "electrical": frozenset({"38", "39", "40", "63", "64", "65"}),
        "consumer": frozenset({"13", "14", "15", "17", "18", "19", "21", "22", "24"}),
        "agriculture": frozenset({"01", "02", "03", "04", "05"}),
        "utilities": frozenset({"44", "45", "46", "77", "42"}),
        "construction": frozenset({"47", "48", "49", "50"}),
        "health": frozenset({"27", "35", "84"}),
    }
)

# Words that tie a technical field (national technology-contract statistics, need forms) to the names
# of Ningbo's industry clusters (246 and 361 lists). A field and a cluster fit when they share a group.
FIELD_GROUPS: Final = MappingProxyType(
    {
        "materials": ("新材料", "材料", "化工", "石化", "高分子", "复合材料", "功能材料", "稀土", "石墨烯"),
        "equipment": ("装备", "制造", "机械", "基础件", "机器人", "模具", "汽车", "交通", "海工"),
        "electronics": ("电子", "信息", "软件", "数字", "人工智能", "集成电路", "通信", "光机电"),
        "energy": ("能源", "节能", "新能源", "电池", "储能", "光伏", "氢"),
        "environment": ("环境", "环保", "资源", "污水", "废气", "固废"),
        "health": ("生物", "医药", "医疗", "健康", "制药", "器械"),
        "agriculture": ("农业", "食品", "海洋"),
        "consumer": ("纺织", "服装", "家电", "时尚", "文体", "消费品"),
    }
)

_IPC = re.compile(r"([A-H])\s*(\d{2})", re.IGNORECASE)
_INDUSTRY = re.compile(r"^([A-T])?(\d{2})", re.IGNORECASE)


def ipc_class(code: str) -> str | None:
    """``C08J 5/04`` → ``C08``; None for something that is not an IPC code."""
    m = _IPC.match(code.strip())
    return f"{m.group(1).upper()}{m.group(2)}" if m else None


def industry_division(code: str | None) -> str | None:
    """``C2929`` → ``29``; ``26`` → ``26``; a bare section letter (``C``) has no division."""
    if not code:
        return None
    m = _INDUSTRY.match(code.strip())
    return m.group(2) if m else None


@lru_cache(maxsize=4096)
def divisions_for_ipc(codes: tuple[str, ...]) -> dict[str, str]:
    """Division → the IPC class that maps to it, for all of a technology's IPC codes (do not mutate)."""
    out: dict[str, str] = {}
    for code in codes:
        cls = ipc_class(code)
        for division in IPC_TO_DIVISIONS.get(cls or "", ()):
            out.setdefault(division, cls or "")
    return out


@lru_cache(maxsize=256)
def broad_field(division: str) -> str | None:
    for name, members in BROAD_FIELDS.items():
        if division in members:
            return name
    return None


@lru_cache(maxsize=1024)
def field_groups(text: str | None) -> frozenset[str]:
    """The field groups a field or cluster name belongs to (新材料及其应用 → materials)."""
    if not text:
        return frozenset()
    return frozenset(group for group, marks in FIELD_GROUPS.items() if any(m in text for m in marks))
