"""A technology list imported through the bulk path reaches the other laptops, with its patents.

The bulk writer logs its creations itself, without content ("the record as it stands"), so sync must
upload them as it does records typed in: the other laptop gets every technology, its patents, and finds it
by a word of its abstract. Edits made after the import, before the upload, are already in what the creation
is sent with: their own rows must not reach the server as conflicting edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from tests.server.conftest import District
from tests.server.test_sync import Laptop
from tests.workbench.test_io_import import patent, xlsx
from workbench.io.apply import apply
from workbench.io.importer import dry_run, open_file
from workbench.models import Technology, TechPatent
from workbench.search.matcher import rank_technologies
from workbench.services import TECHNOLOGIES

ROWS = 600  # above the bulk path's threshold (workbench.io.apply.BULK_MIN_ROWS)


def _sheet(path: Path) -> Path:
    rows: list[list[Any]] = [["成果名称", "专利号", "成果简介", "完成单位", "关键词"]]
    for i in range(ROWS):
        numbers = f"ZL{patent(i)}" + (f"\nZL{patent(10_000 + i)}" if i % 3 == 0 else "")
        rows.append(
            [
                f"一种船用防污涂层（{i}）",
                numbers,
                f"本成果为船用防污涂层，编号{i}。",
                "宁波大学",
                "防污、涂层",
            ]
        )
    return xlsx(path, rows)


@pytest.fixture
def pair(tmp_path: Path, district: District) -> Iterator[tuple[Laptop, Laptop]]:
    alice, bob = Laptop(tmp_path / "alice", district, "alice"), Laptop(tmp_path / "bob", district, "bob")
    yield alice, bob
    alice.store.close(backup=False)
    bob.store.close(backup=False)


def test_a_bulk_import_after_joining_reaches_the_other_laptop_with_its_patents(
    tmp_path: Path, pair: tuple[Laptop, Laptop]
) -> None:
    alice, bob = pair
    alice.sync()  # joined: from now on her changes travel through the change log
    bob.sync()
    plan = dry_run(alice.store, open_file(_sheet(tmp_path / "list.xlsx"), "technology"))
    result = apply(alice.store, plan)
    assert result.bulk and result.created == ROWS
    report = alice.sync()
    assert report.conflicts == 0 and report.refused == []
    bob.sync()
    with alice.store.session() as a, bob.store.session() as b:
        for ident in result.ids[:: ROWS // 20]:
            theirs = sorted(p.number for p in TECHNOLOGIES.patents(b, ident))
            assert theirs == sorted(p.number for p in TECHNOLOGIES.patents(a, ident)) and theirs
            mine, got = a.get(Technology, ident), b.get(Technology, ident)
            assert got is not None and mine is not None
            assert (got.title, got.abstract, got.keywords) == (mine.title, mine.abstract, mine.keywords)
        assert b.exec(select(func.count()).select_from(Technology)).one() == ROWS
        assert b.exec(select(func.count()).select_from(TechPatent)).one() == ROWS + ROWS // 3
        # Bob's own index holds them too (pulled records are indexed by his store).
        assert len(rank_technologies(b, text="船用防污涂层", top=ROWS)) == ROWS


def test_edits_after_a_bulk_import_travel_without_false_conflicts(
    tmp_path: Path, pair: tuple[Laptop, Laptop]
) -> None:
    alice, bob = pair
    alice.sync()
    bob.sync()
    result = apply(alice.store, dry_run(alice.store, open_file(_sheet(tmp_path / "list.xlsx"), "technology")))
    first, last = result.ids[0], result.ids[-1]  # uploaded in the first and the last page of the push
    for ident in (first, last):
        with alice.store.session(actor="alice") as s:
            TECHNOLOGIES.update(s, ident, {"title": "改过一次的标题"})
        with alice.store.session(actor="alice") as s:
            TECHNOLOGIES.update(s, ident, {"title": "改过两次的标题", "patents": "ZL" + patent(20_000)})
    report = alice.sync()
    # Before: the creation carried the title as it stood (the second edit) and the first edit's own row
    # then met a value it did not expect on the server.
    assert report.conflicts == 0 and report.refused == [] and report.open_conflicts == 0
    bob.sync()
    with bob.store.session() as b:
        for ident in (first, last):
            got = b.get(Technology, ident)
            assert got is not None and got.title == "改过两次的标题"
            assert [p.number for p in TECHNOLOGIES.patents(b, ident)] == [patent(20_000)]
