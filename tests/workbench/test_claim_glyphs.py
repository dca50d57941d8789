"""Characters the bundled font lacks: printed as 〓 (never a silent blank) and named to the broker."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from pypdf import PdfReader

from tests.workbench.claim_samples import normal_claim
from workbench.claimdoc import ClaimDocument, build_claim_document
from workbench.pdf.claim_form import (
    MISSING_GLYPH,
    font_coverage,
    printable,
    render_claim_pdf,
    unprintable_values,
)
from workbench.services.policies import sync_default_policies
from workbench.store import Store

RARE = "䶮"  # CJK Extension A, a character of personal names (刘䶮); not in WenQuanYi Micro Hei
EMOJI = "🚀"


def _document(tmp_path: Path) -> ClaimDocument:
    store = Store.open(tmp_path / "glyphs.db", key=bytes(32))
    with store.session() as s:
        sync_default_policies(s)
        claim_id = normal_claim(s).claim_id
    with store.session() as s:
        doc = build_claim_document(s, claim_id)
    store.close()
    return doc


def test_the_rare_characters_of_the_test_are_really_missing_from_the_font() -> None:
    coverage = font_coverage()
    assert ord(RARE) not in coverage and ord(EMOJI) not in coverage
    assert all(ord(c) in coverage for c in "王经纪镇海区¥，（）✓" + MISSING_GLYPH)


def test_a_form_with_every_character_printable_is_left_alone(tmp_path: Path) -> None:
    doc = _document(tmp_path)
    assert unprintable_values(doc) == []
    assert printable(doc) is doc


def test_missing_characters_print_as_geta_and_are_named(tmp_path: Path) -> None:
    doc = _document(tmp_path)
    applicant = dataclasses.replace(doc.applicant, name=f"刘{RARE}", bank_name=f"宁波银行{EMOJI}镇海支行")
    project = dataclasses.replace(doc.project, name=f"{RARE}{RARE}复合材料项目")
    doc = dataclasses.replace(doc, applicant=applicant, project=project)

    assert unprintable_values(doc) == [
        (f"刘{RARE}", RARE),
        (f"宁波银行{EMOJI}镇海支行", EMOJI),
        (f"{RARE}{RARE}复合材料项目", RARE),
    ]
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_claim_pdf(doc))).pages)
    )
    assert f"刘{MISSING_GLYPH}" in text
    assert f"宁波银行{MISSING_GLYPH}镇海支行" in text
    assert f"{MISSING_GLYPH}{MISSING_GLYPH}复合材料项目" in text
    assert RARE not in text and EMOJI not in text
    # The fingerprint is of the data as recorded, not of the substitutes printed.
    assert doc.fingerprint.upper() in text
