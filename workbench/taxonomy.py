"""Names of coded values: administrative divisions (GB/T 2260) and industries (GB/T 4754-2017).

One table per code list, kept as data in ``resources/taxonomy``, with the lookups both ways. Lists, detail
panes and forms show "北仑区" rather than 330206 and "C3670 汽车零部件及配件制造" rather than C3670
(:func:`division_name`, :func:`industry_label`, the ``*_choices`` pickers); an import reads a name where a
code belongs (北仑区 → 330206, 橡胶和塑料制品业 → C29: :func:`division_code`, :func:`industry_code`). The
tables hold what a Zhenhai broker meets, not the national lists: an unknown code is shown as stored and an
unknown name is refused with a message by the caller, never guessed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from workbench.i18n import t
from workbench.paths import resource_dir
from workbench.textnorm import fold_width


@cache
def _load(name: str) -> dict[str, Any]:
    with (resource_dir() / "taxonomy" / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    data.pop("_comment", None)
    return data


def _divisions() -> dict[str, list[str]]:
    return _load("divisions.json")


def _industries() -> dict[str, Any]:
    return _load("gbt4754-2017.json")


def division_name(code: str | None) -> str:
    """The name of a division code in the current language ("北仑区"); the code itself if unknown."""
    if not code:
        return ""
    names = _divisions().get(code)
    return t(names[0], names[1]) if names else code


def division_choices() -> list[tuple[str, str]]:
    """(code, "330206 北仑区") for every known division, Ningbo's first, for a searchable picker."""
    codes = sorted(_divisions(), key=lambda c: (not c.startswith("3302"), c))
    return [(c, f"{c} {division_name(c)}") for c in codes]


_INDUSTRY = re.compile(r"^([A-T])?(\d{2,4})?$")


def industry_name(code: str | None) -> str:
    """The name of a GB/T 4754 code: its class when listed, else its division, else its section."""
    if not code:
        return ""
    names = _industry_names(code)
    return t(*names) if names else ""


def _industry_names(code: str) -> tuple[str, str] | None:
    """The (中文, English) names of a GB/T 4754 code: its class, else its division, else its section."""
    found = _INDUSTRY.match(code.strip().upper())
    if found is None:
        return None
    section, digits = found.groups()
    data = _industries()
    if digits:
        if len(digits) == 4 and digits in data["classes"]:
            zh, en = data["classes"][digits]
            return str(zh), str(en)
        division = data["divisions"].get(digits[:2])
        if division:
            zh, en = division
            return str(zh), str(en)
    if section and section in data["sections"]:
        zh, en = data["sections"][section]
        return str(zh), str(en)
    return None


def industry_label(code: str | None) -> str:
    """The code and its name ("C3670 汽车零部件及配件制造"); the code alone when it has no known name."""
    if not code:
        return ""
    name = industry_name(code)
    return f"{code} {name}" if name else code


def industry_short_label(code: str | None) -> str:
    """The code and a name for a narrow list column: in English without a leading "Manufacture of".

    Chinese names end with what is made (汽车零部件及配件制造), so a cut-off cell still tells them apart;
    English names begin with "Manufacture of", which a cut-off cell would show on every row of a list.
    """
    label = industry_label(code)
    code_part, _, name = label.partition(" ")
    if name.startswith(_MANUFACTURE) and len(name) > len(_MANUFACTURE):
        rest = name[len(_MANUFACTURE) :]
        return f"{code_part} {rest[0].upper()}{rest[1:]}"
    return label


_MANUFACTURE = "Manufacture of "


def industry_choices() -> list[tuple[str, str]]:
    """(code, label) for the listed classes and every division, for a searchable picker."""
    return [(c, industry_label(c)) for c in _industry_codes()]


@cache
def _industry_codes() -> list[str]:
    """Every listed division and class code with its section letter ("C36", "C3670"), in code order."""
    data = _industries()
    section_of: dict[str, str] = {}
    letters = sorted(data["sections"])
    # Divisions belong to the section whose range contains them; GB/T 4754 numbers them in section order.
    bounds = {
        "A": 1,
        "B": 6,
        "C": 13,
        "D": 44,
        "E": 47,
        "F": 51,
        "G": 53,
        "H": 61,
        "I": 63,
        "J": 66,
        "K": 70,
        "L": 71,
        "M": 73,
        "N": 76,
        "O": 80,
        "P": 83,
        "Q": 84,
        "R": 86,
        "S": 91,
        "T": 97,
    }
    for division in data["divisions"]:
        number = int(division)
        section_of[division] = max((s for s in letters if bounds[s] <= number), key=lambda s: bounds[s])
    codes = [f"{section_of[d]}{d}" for d in data["divisions"]]
    codes += [f"{section_of[c[:2]]}{c}" for c in data["classes"]]
    return sorted(codes)


# -- names to codes (imports) ----------------------------------------------------------------------


def _name_key(text: str) -> str:
    return re.sub(r"[\s、，,()（）]", "", fold_width(text))


@cache
def _division_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, (zh, _en) in _divisions().items():
        found.setdefault(_name_key(zh), code)
        # "杭州市拱墅区" is also found as "拱墅区" when no other place has that name.
        short = zh.split("市", 1)[1] if "市" in zh[:-1] else ""
        if short:
            found.setdefault(_name_key(short), code)
    return found


@cache
def _industry_by_name() -> dict[str, str]:
    # Both languages whatever the current one: a file in English names industries in English.
    found: dict[str, str] = {}
    for code in _industry_codes():
        for name in _industry_names(code) or ():
            found.setdefault(_name_key(name).lower(), code)
    for letter, names in _industries()["sections"].items():
        for name in names:
            found[_name_key(name).lower()] = letter
    return found


def division_code(text: str) -> str | None:
    """A division code from a code or a name: "北仑区", "宁波市北仑区", "北仑" → "330206"; None if unknown."""
    value = _name_key(text)
    if re.fullmatch(r"\d{6}", value):
        return value
    names = _division_by_name()
    if value in names:
        return names[value]
    # "浙江省宁波市北仑区": the most specific known name at the end wins (never a province or city code
    # for a longer name).
    for name, code in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if value.endswith(name) and code[4:] != "00":
            return code
    for suffix in ("市", "区", "县", "省"):
        if value + suffix in names:
            return names[value + suffix]
    return None


def industry_code(text: str) -> str | None:
    """An industry code from a code or a name ("橡胶和塑料制品业" → "C29"); a code is returned unchanged."""
    value = _name_key(text)
    if re.fullmatch(r"[A-Ta-t](\d{2}|\d{3}|\d{4})?|\d{2,4}", value):
        return value.upper()
    return _industry_by_name().get(value.lower())
