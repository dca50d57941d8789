"""The fast paths of a big import give the results of the slow ones: the preview's memoised cleaning
equals the service's own, and the bulk writer's index equals a rebuild of the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from tests.workbench.test_io_import import patent, xlsx
from workbench.io import fieldmap as fm
from workbench.io import mapping as mp
from workbench.io.apply import apply
from workbench.io.importer import dry_run, open_file
from workbench.io.plan import RowStatus
from workbench.models import ChangeLog, Institution
from workbench.search import index as search_index
from workbench.services import service_for
from workbench.store import Store
from workbench.taxonomy import division_code, division_name, industry_code

HEAD = ["成果名称", "专利号/申请号", "成果简介", "完成单位", "关键词", "意向价格（万元）", "成熟度", "发明人"]


def varied_rows() -> list[list[Any]]:
    """Valid rows with repeated values (the memo's hits) and rows each field's cleaner refuses."""
    rows: list[list[Any]] = [HEAD]
    for i in range(40):
        rows.append(
            [
                *(f"碳纤维复合材料{i % 7}", "ZL" + patent(i), "一种高强度碳纤维。", "宁波大学"),
                *("碳纤维、复合材料", f"{i % 3 + 1}万元", "实验室阶段" if i % 2 else "中试", "张三、李四"),
            ]
        )
    rows.append(["专利号校验位错", "ZL202110000001.0", "", "宁波大学", "", "", "", ""])
    rows.append(["", "ZL" + patent(500), "没有名称", "宁波大学", "", "", "", ""])  # required title
    rows.append(["长名称" * 100, "ZL" + patent(501), "", "浙江大学", "", "", "", ""])  # over max_len
    rows.append(["价格不对", "ZL" + patent(502), "", "宁波大学", "", "很多", "", ""])
    rows.append(["成熟度不对", "ZL" + patent(503), "", "宁波大学", "", "", "火星", ""])
    return rows


def test_preview_cleans_every_row_as_the_service_does(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        owner = service_for("institution").create(s, {"name": "宁波大学", "institution_kind": "university"})
        owner_id = owner.id
    plan = dry_run(store, open_file(xlsx(tmp_path / "t.xlsx", varied_rows()), "technology"))
    service = service_for("technology")
    invalid = 0
    with store.session() as s:
        for row in plan.rows:
            cleaned, issues = service.clean(s, row.raw, current=None)
            assert row.cleaned == cleaned, row.row
            messages = {i.message for i in issues}
            assert {p.message for p in row.problems} >= messages, row.row
            assert (row.status is RowStatus.INVALID) == any(i.is_error for i in issues), row.row
            invalid += row.status is RowStatus.INVALID
            if row.raw.get("institution_id"):
                assert row.raw["institution_id"] == owner_id
    assert invalid == 5
    assert plan.count(RowStatus.NEW) == 40


def index_vocabulary(store: Store, *, with_term_stats: bool = False) -> list[tuple[Any, ...]]:
    """Every term of the technology index and the search box, per column, with its document and hit
    counts (and the matcher's term statistics): equal for two stores whose indexes are the same."""
    with store.engine.connect() as conn:
        db = search_index.Db(conn)
        out: list[tuple[Any, ...]] = []
        for table in ("tech_fts", "search_fts"):
            db.run(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} USING fts5vocab(main, {table}, col)")
            out += db.rows(f"SELECT term, col, doc, cnt FROM temp.v_{table} ORDER BY term, col")
        if with_term_stats:
            out += db.rows("SELECT term, df FROM search_term WHERE tbl = 'tech_fts' ORDER BY term")
    return out


def test_bulk_import_indexes_what_a_rebuild_would(tmp_path: Path, store: Store) -> None:
    rows = [
        HEAD,
        *(
            [
                *(f"一种耐腐蚀涂层的制备方法（{i}）", "ZL" + patent(i), f"本成果针对船舶防腐，第{i}号。"),
                *("宁波大学", "涂层、防腐", f"{i % 9 + 1}万元", "中试", "王五"),
            ]
            for i in range(700)
        ),
    ]
    plan = dry_run(store, open_file(xlsx(tmp_path / "t.xlsx", rows), "technology"))
    result = apply(store, plan)
    assert result.bulk and result.created == 700
    status = {s.kind: s for s in search_index.verify(store)}["technology"]
    assert status.ok and status.live == 700

    written = index_vocabulary(store, with_term_stats=True)
    search_index.rebuild(store, kinds=["technology"])
    assert index_vocabulary(store, with_term_stats=True) == written
    with store.session() as s:
        logs = s.exec(select(ChangeLog).where(ChangeLog.entity == "technology")).all()
        assert all(log.actor == "import:t.xlsx" for log in logs)
        assert len([log for log in logs if log.op == "create"]) == 700
        # Logged without content nor a row for the patents: sync sends the record as it stands.
        assert all(log.new is None for log in logs) and not [log for log in logs if log.op != "create"]
        assert s.exec(select(Institution)).one().name == "宁波大学"


def test_import_columns_come_from_the_catalogue() -> None:
    from workbench import catalog

    tech = catalog.entity("technology")
    # Every heading the catalogue declares for a field is recognised by the import's column guess.
    for f in tech.for_import():
        if f.kind == "reference":
            continue
        for heading in f.headings():
            assert mp.guess_mapping("technology", [heading]) == {0: f.name}, heading
    # References are named in files: the owner by name, an enterprise by name or USCC.
    assert mp.guess_mapping("technology", ["完成单位"]) == {0: "institution_name"}
    assert mp.guess_mapping("need", ["企业名称", "统一社会信用代码"]) == {
        0: "enterprise_name",
        1: "enterprise_uscc",
    }
    assert fm.natural_key("technology") == tech.natural_key
    exported = {c.name: c.label for c in fm.export_columns("technology")}
    assert exported["asking_price_fen"] == tech.field("asking_price_fen").heading()
    assert list(exported)[-1] == "id"


def test_division_and_industry_names_both_ways() -> None:
    assert division_code("浙江省宁波市北仑区") == "330206"
    assert division_code("镇海") == "330211"
    assert division_code("火星") is None
    assert division_name("330206") == "北仑区" and division_name("999999") == "999999"
    assert industry_code("橡胶和塑料制品业") == "C29" and industry_code("c2614") == "C2614"


def test_canonical_patent_cells_are_checked_as_the_cleaner_checks_them() -> None:
    """The preview's shortcut for a canonical number gives the cleaner's answer, right or wrong."""
    import random

    from workbench.catalog.cleaners import patents
    from workbench.io.rowclean import patents_checked
    from workbench.validation import patent_check_char

    rng = random.Random(5)
    accepted = 0
    for _ in range(3000):
        year = rng.choice([1984, 1985, 2003, 2015, 2024, 2099])
        digits = f"{year}{rng.choice('0123456789')}{rng.randrange(10**7):07d}"
        check = patent_check_char(digits) if rng.random() < 0.7 else rng.choice("0123456789X")
        raw = rng.choice(["ZL", "CN", ""]) + digits + "." + check
        patents_checked.cache_clear()
        fast, full = patents_checked(raw), patents(raw)
        assert fast == full, raw
        accepted += bool(full.ok and full.value)
    assert 300 < accepted < 2700  # both kinds of cell were tried
