"""Names of division and industry codes: known codes get their names, unknown ones stay as typed."""

from __future__ import annotations

from workbench import i18n
from workbench.taxonomy import (
    division_choices,
    division_name,
    industry_choices,
    industry_code,
    industry_label,
    industry_name,
    industry_short_label,
)


def test_known_codes_are_named_in_both_languages() -> None:
    assert division_name("330206") == "北仑区"
    assert industry_label("C3670") == "C3670 汽车零部件及配件制造"
    i18n.set_language("en")
    try:
        assert division_name("330206") == "Beilun District"
        assert industry_label("C") == "C Manufacturing"
    finally:
        i18n.set_language("zh_CN")


def test_unlisted_codes_fall_back_to_their_division_or_stay_as_typed() -> None:
    assert industry_label("C3699") == "C3699 汽车制造业"  # class not listed: its division's name
    assert industry_label("26") == "26 化学原料和化学制品制造业"
    assert division_name("999999") == "999999"
    assert industry_label("X12") == "X12"


def test_pickers_offer_every_division_and_ningbo_first() -> None:
    divisions = division_choices()
    assert divisions[0][0].startswith("3302")
    industries = dict(industry_choices())
    assert len([c for c in industries if len(c) == 3]) == 97  # every GB/T 4754-2017 division
    assert industries["M73"] == "M73 研究和试验发展"


def test_every_division_and_listed_class_has_an_english_name() -> None:
    codes = [code for code, _label in industry_choices()]
    assert len([c for c in codes if len(c) == 3]) == 97 and len([c for c in codes if len(c) == 5]) >= 15
    chinese = {code: industry_name(code) for code in codes}
    i18n.set_language("en")
    try:
        english = {code: industry_name(code) for code in codes}
        labels = dict(industry_choices())
    finally:
        i18n.set_language("zh_CN")
    for code in codes:
        name = english[code]
        assert name and name != chinese[code], f"{code} has no English name"
        assert name.isascii() and name[0].isupper(), f"{code}: {name!r}"
    assert labels["C3670"] == "C3670 Manufacture of auto parts and accessories"
    assert labels["C36"] == "C36 Manufacture of motor vehicles"
    assert labels["M73"] == "M73 Research and experimental development"
    assert english["C3670"] != english["C36"]


def test_short_labels_drop_manufacture_of_in_english_only() -> None:
    assert industry_short_label("C3670") == "C3670 汽车零部件及配件制造"
    i18n.set_language("en")
    try:
        assert industry_short_label("C3670") == "C3670 Auto parts and accessories"
        assert industry_short_label("C3360") == "C3360 Metal surface treatment and heat treatment"
        assert industry_short_label("M73") == "M73 Research and experimental development"
        assert industry_short_label("X12") == "X12" and industry_short_label(None) == ""
    finally:
        i18n.set_language("zh_CN")


def test_imports_find_industries_by_their_name_in_either_language() -> None:
    assert industry_code("汽车零部件及配件制造") == "C3670"
    assert industry_code("Manufacture of auto parts and accessories") == "C3670"
    assert industry_code("manufacture of rubber and plastic products") == "C29"
    i18n.set_language("en")
    try:
        assert industry_code("橡胶和塑料制品业") == "C29"  # a Chinese file read in the English UI
    finally:
        i18n.set_language("zh_CN")
    assert industry_code("Manufacture of spaceships") is None
