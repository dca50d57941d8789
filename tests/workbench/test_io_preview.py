"""The preview's fast ways (column by column, each distinct value once; the lane for clean new technology
rows; the collector paused) give exactly the rows the general way gives, problems on every row they
belong to.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.workbench.test_io_import import patent, xlsx
from workbench.io.apply import ImportCancelledError, apply
from workbench.io.gcpause import gc_paused
from workbench.io.importer import dry_run, open_file
from workbench.io.outcome import Plan, RowPlan
from workbench.io.plan import RowStatus
from workbench.io.techrows import TechnologyLane
from workbench.services import service_for
from workbench.store import Store

HEAD = ["成果名称", "专利号", "成果简介", "完成单位", "关键词", "意向价格", "成熟度", "发明人", "IPC分类号"]


def _fields(row: RowPlan) -> tuple[Any, ...]:
    return (
        row.row,
        row.index,
        row.status,
        row.raw,
        row.cleaned,
        row.target_id,
        row.same_as_row,
        row.changes,
        row.problems,
        row.similar,
        row.new_owner,
    )


def _general(store: Store, path: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The preview with the lane closed: every row the general way."""

    def every_row_general(
        self: TechnologyLane, positions: Sequence[int], general: Callable[[int, int], RowPlan], tick: Any
    ) -> list[RowPlan]:
        return [general(n, index) for n, index in enumerate(positions)]

    with monkeypatch.context() as m:
        m.setattr(TechnologyLane, "plan", every_row_general)
        return dry_run(store, open_file(path, "technology"))


def mixed_rows() -> list[list[Any]]:
    """Clean new rows (most), and each kind of row the lane must leave to the general way."""
    rows: list[list[Any]] = [HEAD]
    for i in range(60):
        rows.append(
            [
                *(
                    f"一种涂层的制备方法{i}",
                    "ZL" + patent(i),
                    f"简介{i % 4}",
                    ["宁波大学", "新单位甲"][i % 2],
                ),
                *("涂层、防腐", f"{i % 5 + 1}万元", "中试", "张三、李四", "C23C 14/00"),
            ]
        )
    rows += [
        ["空着几列", "ZL" + patent(100), "", "", "", "", "", "", ""],  # blanks in optional columns
        ["同号重复", "ZL" + patent(3), "", "宁波大学", "", "", "", "", ""],  # the number of row 5
        ["已有成果（新名称）", "ZL" + patent(200), "", "宁波大学", "", "", "", "", ""],  # an update
        ["没有专利号", "", "", "宁波大学", "", "", "", "", ""],  # keyed by title
        ["没有专利号", "", "", "宁波大学", "", "", "", "", ""],  # the same title and owner again
        ["已有标题", "", "", "宁波大学", "", "", "", "", ""],  # matches a stored title
        ["", "ZL" + patent(300), "没有名称", "宁波大学", "", "", "", "", ""],  # required title
        ["校验位错", "ZL202110000001.0", "", "宁波大学", "", "", "", "", ""],
        ["价格不对", "ZL" + patent(301), "", "宁波大学", "", "很多", "", "", ""],
        ["成熟度不对", "ZL" + patent(302), "", "宁波大学", "", "", "火星", "", ""],
        ["长名称" * 100, "ZL" + patent(303), "", "宁波大学", "", "", "", "", ""],
        ["号码带空格", " ZL " + patent(304), "", "宁波大学", "", "", "", "", ""],
        [12.0, "CN" + patent(305), "", "宁波大学", "", 80000, "", "", ""],  # numbers in text columns
        [True, "ZL" + patent(306), "", "宁波大学", "", "", "", "", ""],
    ]
    return rows


def test_the_lane_plans_rows_as_the_general_way_does(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.session() as s:
        owner = service_for("institution").create(s, {"name": "宁波大学", "institution_kind": "university"})
        tech = service_for("technology")
        tech.create(s, {"title": "已有成果", "patents": [patent(200)], "institution_id": owner.id})
        tech.create(s, {"title": "已有标题", "institution_id": owner.id})
    path = xlsx(tmp_path / "t.xlsx", mixed_rows())
    given: list[int] = []
    plan_rows = TechnologyLane.plan

    def counted(
        self: TechnologyLane, positions: Sequence[int], general: Callable[[int, int], RowPlan], tick: Any
    ) -> list[RowPlan]:
        def counting(n: int, index: int) -> RowPlan:
            given.append(n)
            return general(n, index)

        return plan_rows(self, positions, counting, tick)

    with monkeypatch.context() as m:
        m.setattr(TechnologyLane, "plan", counted)
        fast = dry_run(store, open_file(path, "technology"))
    general = _general(store, path, monkeypatch)
    assert len(fast.rows) - len(given) >= 60  # the clean new rows went the lane
    assert len(given) == 9  # and the others (a repeat, updates, errors) the general way
    assert [_fields(r) for r in fast.rows] == [_fields(r) for r in general.rows]
    assert fast.notices == general.notices
    by_title = {str(r.raw.get("title")): r for r in fast.rows}
    assert by_title["同号重复"].same_as_row == 5 and by_title["同号重复"].status is RowStatus.UPDATE
    assert by_title["已有成果（新名称）"].status is RowStatus.UPDATE
    assert by_title["已有标题"].status is RowStatus.UNCHANGED
    assert by_title["号码带空格"].status is RowStatus.NEW
    assert by_title["12"].cleaned["asking_price_fen"] == 8_000_000
    assert by_title["是"].status is RowStatus.NEW  # a TRUE cell in the title column reads as 是
    assert fast.counts["invalid"] == 5
    # Rows never share a list, even when the cell (and its cleaned value) is shared.
    a, b = fast.rows[0].cleaned["keywords"], fast.rows[1].cleaned["keywords"]
    assert a == b and a is not b


def test_a_repeated_bad_value_is_a_problem_on_every_row_that_holds_it(tmp_path: Path, store: Store) -> None:
    """Each distinct value is read and cleaned once; its problems still go to each row with its number."""
    rows: list[list[Any]] = [HEAD]
    for i in range(1200):  # enough distinct titles and numbers for the columns worked out without a memo
        price = "很多" if i in (3, 1100) else f"{i % 7 + 1}万元"
        maturity = "火星" if i in (5, 1150) else "中试"
        number = "ZL202110000001.0" if i in (8, 1180) else "ZL" + patent(i)
        title = "长名称" * 100 if i in (9, 1190) else f"成果{i}"
        rows.append([title, number, "", "宁波大学", "", price, maturity, "", ""])
    rows.append(["科学计数法", 9.13302e17, "", "宁波大学", "", "", "", "", ""])
    rows.append(["科学计数法二", 9.13302e17, "", "宁波大学", "", "", "", "", ""])
    plan = dry_run(store, open_file(xlsx(tmp_path / "r.xlsx", rows), "technology"))
    problems = {(p.row, p.column) for p in plan.problems}
    for i, column in [(3, "意向价格"), (5, "成熟度"), (8, "专利号"), (9, "成果名称")]:
        first, later = i + 2, {3: 1100, 5: 1150, 8: 1180, 9: 1190}[i] + 2  # spreadsheet row numbers
        assert (first, column) in problems and (later, column) in problems, column
        assert plan.rows[first - 2].status is plan.rows[later - 2].status is RowStatus.INVALID
        said = [[p.message for p in plan.rows[r - 2].problems if p.column == column] for r in (first, later)]
        assert said[0] == said[1] and said[0]
    for sheet_row in (1202, 1203):  # the same 9.13302E+17 cell twice: both rows say why
        (p,) = plan.rows[sheet_row - 2].problems
        assert p.row == sheet_row and "科学计数法" in p.message
    assert plan.counts["invalid"] == 10
    assert plan.rows[4].status is RowStatus.NEW  # the same good values in other rows stay good


def test_preview_reports_progress_and_can_be_cancelled(tmp_path: Path, store: Store) -> None:
    rows = [HEAD, *([f"成果{i}", "ZL" + patent(i), "", "宁波大学", "", "", "", "", ""] for i in range(1500))]
    opened = open_file(xlsx(tmp_path / "p.xlsx", rows), "technology")
    seen: list[tuple[str, int, int]] = []
    plan = dry_run(store, opened, progress=lambda label, done, total: seen.append((label, done, total)))
    assert seen[-1][1:] == (1500, 1500) and seen[0][1] == 0
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 3  # after the first columns

    with pytest.raises(ImportCancelledError):
        dry_run(store, opened, cancel=cancel)
    assert gc.isenabled()  # the collector is back after a cancelled preview
    assert apply(store, plan).created == 1500


def test_the_collector_is_paused_once_and_restored_last() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector someone else turned off stays off
    finally:
        gc.enable()


@pytest.mark.parametrize("odd_title", [None, "'=SUM(A1)"])
def test_columns_of_distinct_values_read_each_cell_as_alone(
    tmp_path: Path, store: Store, odd_title: str | None
) -> None:
    """Titles, numbers and abstracts are nearly all distinct: read and cleaned at once, each cell must
    come out as reading it alone would (and as the service cleans it); an exported, neutralised text
    (odd_title) sends the column the one-by-one way.
    """
    from workbench.io import fieldmap as fm
    from workbench.io.cells import read_cell

    rows: list[list[Any]] = [HEAD]
    for i in range(1000):
        title = f"  成果　{i}  " if i % 3 else f"成果{i}"
        number = f" ZL {patent(i)}" if i % 7 == 0 else "CN" + patent(i)
        rows.append([title, number, f"简介{i}\n第二行", "宁波大学", "", "", "", "", ""])
    if odd_title is not None:
        rows[500][0] = odd_title
    path = xlsx(tmp_path / "u.xlsx", rows)
    opened = open_file(path, "technology")
    plan = dry_run(store, opened)
    kinds = {f.name: f.value for f in fm.import_fields("technology")}
    service = service_for("technology")
    by_heading = dict(zip(opened.layout.mapping.values(), opened.layout.mapping.keys(), strict=True))
    with store.session() as s:
        for row in plan.rows:
            cells = opened.sheet.rows[row.index]
            for name in ("title", "patents", "abstract"):
                assert row.raw[name] == read_cell(cells[by_heading[name]], kinds[name]), (row.row, name)
            assert row.cleaned == service.clean(s, row.raw, current=None)[0], row.row
    assert plan.counts["new"] == 1000
    assert plan.rows[1].raw["title"] == "成果　1"  # as_text strips; the width is the cleaner's business
    if odd_title is not None:
        assert plan.rows[499].raw["title"] == "=SUM(A1)"
