"""Search and matching: a true index, a search box for short words and numbers, candidates that explain."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from sqlmodel import Session

from tests.conftest import CSL_PATH
from tests.workbench.factories import HUTOOL_USCC, make_chain, make_enterprise
from workbench.cli import main
from workbench.errors import NotFoundError, ValidationError
from workbench.models import Institution, Need, Technology, utcnow
from workbench.search import index
from workbench.search import text as tx
from workbench.search.global_search import global_search
from workbench.search.matcher import (
    MatchFilters,
    accept,
    dismiss,
    rank_needs,
    rank_technologies,
    undismiss,
)
from workbench.search.weights import WEIGHTS, Weights
from workbench.services import CONTACTS, ENTERPRISES, INSTITUTIONS, MATCHES, NEEDS, TECHNOLOGIES
from workbench.store import Store

BAD_INPUTS = [
    "",
    "   ",
    "。，！？、；：“”（）",
    "😀😀🚀",
    '"',
    '""',
    "AND",
    "OR",
    "NOT",
    "NEAR",
    'NEAR("碳纤维" "成型", 2)',
    "碳纤维 AND (成型 OR",
    "*",
    "碳*",
    "^碳纤维",
    "title:碳纤维",
    "{title keywords}: 铜",
    "(((",
    ")))",
    "- + : ; ' \\",
    "\x00\x01",
    "\ud800 碳纤维",
    "碳纤维\n复合材料\t成型",
    "塑料 " * 5000,
    "需" * 100_000,
]


@dataclass
class Library:
    """A small library: an enterprise with a need, and technologies that fit it more or less."""

    need: Need
    carbon: Technology  # the one that should win
    ceramic: Technology  # matches only the need's prose
    far: Technology  # about something else


def _library(s: Session) -> Library:
    ent = make_enterprise(
        s,
        industry_code="C2929",
        cluster_code="新材料",
        cluster_taxonomy="361-2025",
        name="宁波材料科技有限公司",
    )
    nbu = INSTITUTIONS.create(s, {"name": "宁波大学", "region": "宁波", "division_code": "330205"})
    far_away = INSTITUTIONS.create(
        s, {"name": "兰州理工大学", "region": "甘肃兰州", "division_code": "620102"}
    )
    need = NEEDS.create(
        s,
        {
            "enterprise_id": ent.id,
            "title": "汽车轻量化碳纤维复合材料成型工艺",
            "problem": "现有模压工艺周期长，部分部件需要陶瓷涂层",
            "key_technology": "拉伸强度≥800MPa，成型周期小于5分钟",
            "keywords": ["碳纤维", "复合材料", "快速成型"],
            "solution_mode": "transfer",
            "own_funds_fen": "500000",
            "technical_field": "新材料",
        },
    )
    carbon = TECHNOLOGIES.create(
        s,
        {
            "title": "碳纤维增强热塑性复合材料快速成型技术",
            "abstract": "采用热塑性树脂浸渍碳纤维，模压快速成型，适用于汽车结构件轻量化。",
            "keywords": ["碳纤维", "热塑性", "快速成型"],
            "institution_id": nbu.id,
            "ipc_codes": ["C08J 5/04", "B29C 70/46"],
            "technical_field": "新材料及其应用",
            "maturity": "industrialised",
            "transfer_modes": ["transfer", "licence"],
            "asking_price_fen": "300000",
            "patents": "ZL201811564288.X",
        },
    )
    ceramic = TECHNOLOGIES.create(
        s,
        {
            "title": "氧化铝陶瓷涂层制备方法",
            "abstract": "等离子喷涂制备陶瓷涂层，提高耐磨性。",
            "keywords": ["陶瓷", "涂层"],
            "institution_id": far_away.id,
            "ipc_codes": ["C23C 4/11"],
            "maturity": "lab",
            "transfer_modes": ["joint_development"],
            "asking_price_fen": "2000000",
        },
    )
    far = TECHNOLOGIES.create(
        s,
        {
            "title": "水稻病虫害智能识别系统",
            "abstract": "基于深度学习的水稻病虫害图像识别。",
            "keywords": ["水稻", "图像识别"],
            "institution_id": far_away.id,
            "ipc_codes": ["G06V 20/10"],
        },
    )
    return Library(need, carbon, ceramic, far)


@pytest.fixture
def lib(store: Store) -> Library:
    with store.session(actor="test") as s:
        return _library(s)


def _hits(store: Store, text: str, **kw: object) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(h.kind, h.title) for h in global_search(s, text, **kw)]  # type: ignore[arg-type]


def _all_ok(store: Store) -> bool:
    return all(status.ok for status in index.verify(store))


# -- text -------------------------------------------------------------------------------------------------


def test_normalisation_is_the_same_as_textnorm_and_never_raises() -> None:
    from workbench.textnorm import normalize_text

    for sample in ("臺灣ＡＢＣ　１２３", "電腦軟體 ＡＩ", "Hello", "碳纤维复合材料", "ﬁ²"):
        assert tx.normalize(sample) == normalize_text(sample)
    assert tx.normalize("\ud800碳") == "碳"
    assert tx.words("碳纖維複合材料的成型") == ["碳纤维", "复合材料", "成型"]


def test_fts_queries_quote_every_term() -> None:
    assert tx.quote('a"b') == '"a""b"'
    assert tx.or_query({"碳纤维": 2.0, "铜": 1.0}) == '"碳纤维" OR "碳纤维" OR "铜"'
    expression = tx.search_query('铜 " OR NEAR( title:x *').expression
    # Every user word sits inside quotes: outside them only our own grammar remains.
    outside = re.sub(r'"(?:[^"]|"")*"', " ", expression)
    assert set(re.findall(r"[^\s():*]+", outside)) <= {"name", "numbers", "initials", "OR", "AND"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_makes_valid_fts_queries(text: str) -> None:
    conn = sqlcipher3.dbapi2.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(name, numbers, initials, kind, title, keywords, body)")
    conn.execute("INSERT INTO f VALUES ('宁 波', '201811564288x', 'nb', 'enterprise', '碳纤维', '', '')")
    for expression in (tx.search_query(text).expression, tx.or_query(tx.weighted_terms([(text, 2.0)]))):
        if expression:
            conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall()


# -- the index stays true ----------------------------------------------------------------------------------


def test_migration_creates_the_triggers_the_index_module_expects(store: Store) -> None:
    with store.engine.connect() as conn:
        rows: dict[str, str] = dict(
            conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        )
    expected = {name: ddl.replace("IF NOT EXISTS ", "") for name, ddl in index.trigger_ddl().items()}
    assert {name: rows.get(name) for name in expected} == expected


def test_index_follows_create_update_delete_and_restore(store: Store, lib: Library) -> None:
    assert _all_ok(store)
    assert ("technology", lib.carbon.title) in _hits(store, "热塑性")
    with store.session() as s:
        TECHNOLOGIES.update(s, lib.carbon.id, {"title": "连续纤维增强热塑性预浸带", "patents": ""})
    assert _hits(store, "快速成型技术") == []
    assert ("technology", "连续纤维增强热塑性预浸带") in _hits(store, "预浸")
    assert _hits(store, "201811564288") == []  # the patent was removed (a Core delete in the service)
    with store.session() as s:
        TECHNOLOGIES.delete(s, [lib.carbon.id])
    assert _hits(store, "预浸") == []
    with store.session() as s:
        assert all(c.id != lib.carbon.id for c in rank_technologies(s, text="热塑性 预浸带"))
        TECHNOLOGIES.restore(s, [lib.carbon.id])
    assert ("technology", "连续纤维增强热塑性预浸带") in _hits(store, "预浸")
    assert _all_ok(store)


def test_a_rolled_back_write_leaves_no_trace_in_the_index(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        make_enterprise(s, name="从未保存的企业")
        raise RuntimeError("power cut")
    assert _hits(store, "从未保存") == []
    assert _all_ok(store)


def _bulk_technologies(store: Store, n: int, word: str) -> list[str]:
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "id": f"bulk-{word}-{i:05d}",
            "title": f"{word}成型工艺{i}",
            "abstract": "导入的成果",
            "keywords": [word],
        }
        | {"created_at": now, "updated_at": now}
        for i in range(n)
    ]
    with store.session() as s:
        s.execute(insert(Technology), rows)
    return [str(r["id"]) for r in rows]


def test_a_bulk_core_import_is_indexed_through_the_queue(store: Store) -> None:
    ids = _bulk_technologies(store, 30, "钛合金")
    assert len(_hits(store, "钛合金", limit=100)) == 30
    with store.session() as s:
        assert {c.id for c in rank_technologies(s, text="钛合金", top=50)} == set(ids)
    assert _all_ok(store)


def test_a_big_import_waits_for_repair_then_is_indexed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "DRAIN_LIMIT", 10)
    _bulk_technologies(store, 40, "镁合金")
    status = {k.kind: k for k in index.verify(store)}
    assert status["technology"].queued == 40 and not status["technology"].ok
    report = index.verify_and_repair(store)
    assert report.reindexed.get("technology") == 40 or report.rebuilt.get("technology") == 40
    assert _all_ok(store) and len(_hits(store, "镁合金", limit=100)) == 40


def test_rebuild_reports_progress_and_a_cancel_changes_nothing(store: Store, lib: Library) -> None:
    _bulk_technologies(store, 5, "铜")
    seen: list[tuple[str, int, int]] = []
    counts = index.rebuild(store, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert counts["technology"] == 8 and counts["need"] == 1 and counts["enterprise"] == 1
    assert seen and seen[-1][1] == seen[-1][2]
    with pytest.raises(index.IndexCancelledError):
        index.rebuild(store, kinds=["technology"], cancel=lambda: True)
    assert _all_ok(store) and ("technology", lib.carbon.title) in _hits(store, "热塑性")


def test_index_rows_lost_behind_its_back_are_found_and_repaired(store: Store, lib: Library) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "DELETE FROM tech_fts WHERE rowid IN (SELECT id FROM search_key WHERE kind = 'technology')"
        )
        conn.exec_driver_sql("DELETE FROM search_key WHERE kind = 'enterprise'")
        conn.exec_driver_sql("DROP TRIGGER search_q_contact_ins")
    assert not _all_ok(store)
    report = index.verify_and_repair(store)
    assert "technology" in report.rebuilt and "search_q_contact_ins" in report.triggers_restored
    assert _all_ok(store)
    with store.session() as s:
        assert rank_technologies(s, lib.need.id)[0].id == lib.carbon.id
    assert ("enterprise", "宁波材料科技有限公司") in _hits(store, "nbcl")
    assert index.verify_and_repair(store).changed is False


# -- the search box ----------------------------------------------------------------------------------------


@pytest.fixture
def people(store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s)
        other = ENTERPRISES.create(s, {"name": "镇海铜材加工厂", "uscc": HUTOOL_USCC})
        CONTACTS.create(s, {"enterprise_id": ent.id, "name": "李工", "mobile": "13957400002"})
        CONTACTS.create(s, {"enterprise_id": other.id, "name": "王铜", "email": "wang@zhtc.cn"})


@pytest.mark.usefixtures("people")
def test_one_and_two_character_words_are_found_anywhere_in_a_name(store: Store) -> None:
    assert _hits(store, "铜") == [("contact", "王铜"), ("enterprise", "镇海铜材加工厂")] or {
        *_hits(store, "铜")
    } == {("contact", "王铜"), ("enterprise", "镇海铜材加工厂")}
    assert _hits(store, "铜材") == [("enterprise", "镇海铜材加工厂")]
    assert _hits(store, "材料") == [("enterprise", "宁波材料科技有限公司")]
    assert _hits(store, "加工") == [("enterprise", "镇海铜材加工厂")]
    assert _hits(store, "寧波") == [("enterprise", "宁波材料科技有限公司")]  # Traditional finds Simplified
    assert _hits(store, "镇海 加工") == [("enterprise", "镇海铜材加工厂")]
    assert _hits(store, "钢材") == []


@pytest.mark.usefixtures("people")
def test_pinyin_initials_numbers_and_emails(store: Store) -> None:
    assert _hits(store, "nbcl") == [("enterprise", "宁波材料科技有限公司")]
    assert _hits(store, "ＮＢＣＬ") == [("enterprise", "宁波材料科技有限公司")]
    assert ("contact", "李工") in _hits(store, "lg")
    assert _hits(store, "914403001922038216") == [("enterprise", "宁波材料科技有限公司")]
    assert _hits(store, "91440300") == [("enterprise", "宁波材料科技有限公司")]
    assert _hits(store, HUTOOL_USCC.lower()) == [("enterprise", "镇海铜材加工厂")]
    assert _hits(store, "1395740") == [("contact", "李工")]
    assert _hits(store, "wang@zhtc") == [("contact", "王铜")]


def test_patent_registration_and_filing_numbers_in_any_form(store: Store) -> None:
    with store.session() as s:
        chain = make_chain(s)
    title = chain.technology.title
    for typed in ("ZL201811564288.X", "zl201811564288x", "201811564288", "CN 2018 1156 4288.X", "2018115"):
        assert ("technology", title) in _hits(store, typed), typed
    assert _hits(store, "33021120260312") == [("contract", "碳纤维复合材料成型技术转让")]
    assert _hits(store, "ZHKJ-XQ-2026-0001") == [("need", "高性能碳纤维复合材料成型工艺")]
    assert [h[0] for h in _hits(store, "碳纤维", kinds=["need"])] == ["need"]


@pytest.mark.usefixtures("lib")
@pytest.mark.parametrize("text", BAD_INPUTS, ids=lambda v: repr(v[:20]))
def test_bad_input_never_errors(store: Store, text: str) -> None:
    with store.session() as s:
        found = rank_technologies(s, text=text)
        hits = global_search(s, text)
    assert isinstance(found, list) and isinstance(hits, list)
    if text.startswith("塑料") or text.startswith("需"):
        assert len(found) <= 20


@pytest.mark.usefixtures("lib")
def test_fts_syntax_in_text_is_searched_as_words(store: Store) -> None:
    with store.session() as s:
        found = rank_technologies(s, text='"碳纤维" AND (成型 OR NEAR(陶瓷))*^')
    assert found and found[0].title.startswith("碳纤维")


# -- matching ------------------------------------------------------------------------------------------------


def test_candidates_explain_their_score(store: Store, lib: Library) -> None:
    with store.session() as s:
        found = rank_technologies(s, lib.need.id)
    assert [c.id for c in found][:2] == [lib.carbon.id, lib.ceramic.id]
    assert lib.far.id not in {c.id for c in found}
    best = found[0]
    signals = {r.signal: r for r in best.reasons}
    assert {"text", "industry", "field", "maturity", "mode", "price", "region"} <= set(signals)
    for c in found:
        assert sum(r.contribution for r in c.reasons) == pytest.approx(c.score, abs=0.05)
    assert {"碳纤维", "复合材料", "成型"} <= set(best.matched_terms)
    assert "C08" in signals["industry"].label and "宁波" in signals["region"].label
    assert best.owner == "宁波大学"
    worst = {r.signal: r.contribution for r in found[1].reasons}
    assert worst["mode"] < 0 and worst["maturity"] < 0 and worst["price"] < 0


def test_keywords_weigh_more_than_the_need_prose(store: Store, lib: Library) -> None:
    with store.session() as s:
        found = rank_technologies(s, lib.need.id, filters=MatchFilters(), weights=_text_only())
    text_points = {c.id: next(r.contribution for r in c.reasons if r.signal == "text") for c in found}
    assert text_points[lib.carbon.id] > text_points[lib.ceramic.id]


def _text_only() -> Weights:
    return replace(WEIGHTS, feedback_docs=0)


def test_free_text_in_traditional_and_full_width_finds_the_same(store: Store, lib: Library) -> None:
    with store.session() as s:
        simplified = [c.id for c in rank_technologies(s, text="碳纤维 快速成型")]
        traditional = [c.id for c in rank_technologies(s, text="碳纖維　快速成型")]
    assert simplified == traditional and simplified[0] == lib.carbon.id


def test_filters_narrow_the_candidates(store: Store, lib: Library) -> None:
    with store.session() as s:
        ningbo = rank_technologies(s, lib.need.id, filters=MatchFilters(region="ningbo"))
        lab = rank_technologies(s, lib.need.id, filters=MatchFilters(maturities=frozenset({"lab"})))
        cheap = rank_technologies(s, lib.need.id, filters=MatchFilters(max_price_fen=1_000_000))
    assert [c.id for c in ningbo] == [lib.carbon.id]
    assert [c.id for c in lab] == [lib.ceramic.id]
    assert lib.ceramic.id not in {c.id for c in cheap}


def test_dismiss_hides_undo_restores_accept_creates_a_match(store: Store, lib: Library) -> None:
    with store.session(actor="broker") as s:
        dismiss(s, lib.need.id, lib.carbon.id, reason="已联系过")
    with store.session() as s:
        assert lib.carbon.id not in {c.id for c in rank_technologies(s, lib.need.id)}
        shown = {
            c.id: c for c in rank_technologies(s, lib.need.id, filters=MatchFilters(include_dismissed=True))
        }
        assert shown[lib.carbon.id].dismissed
        assert lib.need.id not in {c.id for c in rank_needs(s, lib.carbon.id)}
    with store.session() as s:
        assert undismiss(s, lib.need.id, lib.carbon.id) is True
    with store.session() as s:
        assert rank_technologies(s, lib.need.id)[0].id == lib.carbon.id
        match = accept(s, lib.need.id, lib.carbon.id, stage="recommended", score=91.5)
    assert match.stage == "recommended" and match.score == 91.5
    with store.session() as s:
        assert [e.to_stage for e in MATCHES.history(s, match.id)] == ["candidate", "recommended"]
        assert lib.carbon.id not in {c.id for c in rank_technologies(s, lib.need.id)}
        again = {
            c.id: c for c in rank_technologies(s, lib.need.id, filters=MatchFilters(include_matched=True))
        }
        assert again[lib.carbon.id].match_stage == "recommended"
        with pytest.raises(ValidationError):
            accept(s, lib.need.id, lib.carbon.id)
        plain = accept(s, lib.need.id, lib.ceramic.id)
        assert plain.stage == "candidate"


def test_who_might_want_a_technology(store: Store, lib: Library) -> None:
    with store.session() as s:
        found = rank_needs(s, lib.carbon.id)
        assert [c.id for c in found] == [lib.need.id]
        assert found[0].owner == "宁波材料科技有限公司" and found[0].kind == "need"
        assert sum(r.contribution for r in found[0].reasons) == pytest.approx(found[0].score, abs=0.05)
        assert rank_needs(s, lib.far.id) == []
        with pytest.raises(NotFoundError):
            rank_technologies(s, "no-such-need")


# -- the command line -----------------------------------------------------------------------------------


def test_cli_match_search_and_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "init"]) == 0
    with Store.open(db) as store, store.session() as s:
        need_id = _library(s).need.id
    capsys.readouterr()
    assert main(["--db", db, "match", need_id, "--top", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 2 and data[0]["title"].startswith("碳纤维")
    assert {"id", "title", "score", "reasons"} <= set(data[0])
    assert sum(r["contribution"] for r in data[0]["reasons"]) == pytest.approx(data[0]["score"], abs=0.05)
    assert main(["--db", db, "match", "--text", "陶瓷涂层", "--top", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "氧化铝陶瓷涂层制备方法"
    assert main(["--db", db, "match", "--text", '"(((', "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "index", "rebuild", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["technology"] == 3
    assert main(["--db", db, "search", "nbcl", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "宁波材料科技有限公司"
    assert main(["--db", db, "match", "--top", "3"]) == 1  # neither a need nor --text
    assert "--text" in capsys.readouterr().err
    assert main(["--db", db, "match", need_id, "--top", "2"]) == 0
    assert "碳纤维" in capsys.readouterr().out


# -- quality on real abstracts ---------------------------------------------------------------------------


@pytest.mark.skipif(not CSL_PATH.is_file(), reason="the CSL sample (../shared/data/csl) is not here")
def test_matcher_beats_the_bigram_tfidf_baseline_on_csl(tmp_path: Path) -> None:
    from workbench.search.quality import compare, load

    records = load(CSL_PATH)
    result = compare(records[:1000], queries=250, workdir=tmp_path)
    assert result.matcher.p_at_1 > result.baseline.p_at_1
    assert result.matcher.p_at_10 > result.baseline.p_at_10


def test_institution_rows_are_not_needed_to_rank(store: Store) -> None:
    """A technology without an owner or codes still ranks (every structured signal is optional)."""
    with store.session() as s:
        s.execute(insert(Institution), [{"id": "i-1", "name": "无地区单位"}])
        TECHNOLOGIES.create(s, {"title": "无人机巡检图像拼接", "institution_id": "i-1"})
    with store.session() as s:
        found = rank_technologies(s, text="无人机 巡检")
    assert found and found[0].score == pytest.approx(sum(r.contribution for r in found[0].reasons), abs=0.05)
