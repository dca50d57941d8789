"""Exporting a list as a screen shows it: its columns, filter and order; shown dates and numbers typed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import python_calamine as pc

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC, make_enterprise
from workbench.io.export import export_shown, shown_cell
from workbench.store import Store


def test_shown_text_is_typed_back_only_where_it_is_a_date_or_a_number_column() -> None:
    assert shown_cell("1,250", numeric=True) == 1250
    assert shown_cell("12.345678", numeric=True) == 12.345678
    assert shown_cell("-3", numeric=True) == -3
    assert shown_cell("1,250", numeric=False) == "1,250"  # a number in a text column stays as shown
    assert shown_cell(HUAWEI_USCC, numeric=False) == HUAWEI_USCC
    assert shown_cell("12,34", numeric=True) == "12,34"  # not a grouped number
    assert shown_cell("2026-03-05", numeric=False) == date(2026, 3, 5)
    assert shown_cell("2026-03-05 09:30", numeric=False) == datetime(2026, 3, 5, 9, 30)
    assert shown_cell("2026-02-30", numeric=False) == "2026-02-30"
    assert shown_cell("2026-11-28 ⚠", numeric=False) == "2026-11-28 ⚠"  # a date with a mark is text


def _shown(store: Store, path: Path, **query: Any) -> list[list[Any]]:
    cells = [
        lambda r, facts: f"{facts[r.id]}",
        lambda r, _facts: r.name,
        lambda r, _facts: r.uscc or "",
        lambda r, _facts: "2026-03-05",
    ]

    def related(_session: Any, rows: list[Any]) -> dict[str, int]:
        return {r.id: len(r.name) for r in rows}  # stands for a screen's per-page facts (counts, names)

    with store.session(write=False) as s:
        n = export_shown(
            s,
            "enterprise",
            path,
            ["字数", "名称", "代码", "日期"],
            cells,
            numeric=[True, False, False, False],
            related=related,
            **query,
        )
    if path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[list[Any]] = list(csv.reader(fh))
    else:
        rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == n + 1
    return rows


def test_export_shown_follows_filter_order_and_columns(tmp_path: Path, store: Store) -> None:
    with store.session(actor="test") as s:
        make_enterprise(s, name="宁波甲有限公司", uscc=HUAWEI_USCC)
        make_enterprise(s, name="宁波乙科技有限公司", uscc=HUTOOL_USCC)
        make_enterprise(s, name="=杭州丙公司", uscc=None)
    rows = _shown(store, tmp_path / "e.xlsx", text="宁波", order_by="name", descending=True)
    assert rows[0] == ["字数", "名称", "代码", "日期"]
    assert [r[1] for r in rows[1:]] == sorted(["宁波甲有限公司", "宁波乙科技有限公司"], reverse=True)
    assert rows[1][0] == len(rows[1][1]) and isinstance(rows[1][0], int | float)
    assert rows[1][3] == date(2026, 3, 5) or rows[1][3] == datetime(2026, 3, 5)

    everything = _shown(store, tmp_path / "all.csv", order_by="name")
    assert len(everything) == 4
    # In CSV the shown texts stay texts; one that a spreadsheet would run is neutralised.
    assert "'=杭州丙公司" in [r[1] for r in everything]
    assert all(r[3] == "2026-03-05" for r in everything[1:])
