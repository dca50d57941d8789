"""Names of division and industry codes: known codes get their names, unknown ones stay as typed."""

from __future__ import annotations

from workbench import i18n
from workbench.taxonomy import division_choices, division_name, industry_choices, industry_label


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
