"""The technology list's search box: the fast plans give the rows, order and total of the plain query."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.errors import ValidationError
from workbench.queries import technologies as q
from workbench.services import INSTITUTIONS, TECHNOLOGIES
from workbench.services.base import EntityService
from workbench.store import Store

TITLES = ("碳纤维复合材料", "石墨烯导热膜", "机器人关节减速器", "锂电池隔膜涂层", "碳化硅功率器件")
TEXTS = (
    "碳",
    "碳纤维",
    "纤维复合",
    "膜",
    "机器 人",
    "ZL201811564288.X",
    "201811564288",
    "2018115",
    "没有",
    "n",
)
ORDERS: tuple[tuple[str | None, bool | None], ...] = (
    (None, None),
    ("title", False),
    ("title", True),
    ("asking_price_fen", True),
)


def _seed(store: Store, n: int = 40) -> list[str]:
    ids = []
    with store.session() as s:
        inst = INSTITUTIONS.create(s, {"name": "宁波材料所", "institution_kind": "institute"})
        for i in range(n):
            data: dict[str, Any] = {
                "title": f"{TITLES[i % len(TITLES)]}{i:02d}",
                "institution_id": inst.id,
                "asking_price_fen": (i * 7919) % 13 * 100_000 if i % 3 else None,
            }
            if i % 4 == 0:
                data["patents"] = "ZL201811564288.X"
            ids.append(TECHNOLOGIES.create(s, data).id)
    with store.session() as s:
        TECHNOLOGIES.delete(s, ids[5:8])  # deleted ones never show, whatever the plan
    return ids


def _plain(s: Any, **kw: Any) -> Any:
    return EntityService.list(TECHNOLOGIES, s, **kw)


@pytest.mark.parametrize(
    ("walk_from", "budget"),
    [(0, 10.0), (0, -1.0), (10**9, 10.0)],
    ids=["walk-the-order", "walk-out-of-time-then-look-up", "look-up-each-hit"],
)
def test_every_plan_gives_the_rows_order_and_total_of_the_plain_query(
    store: Store, monkeypatch: pytest.MonkeyPatch, walk_from: int, budget: float
) -> None:
    _seed(store)
    monkeypatch.setattr(q, "WALK_FROM_HITS", walk_from)
    monkeypatch.setattr(q, "WALK_BUDGET_S", budget)
    monkeypatch.setattr(q, "_STEPS", 1)  # look at the clock at every step, so a spent budget stops the walk
    walks: list[bool] = []  # whether each walk finished in time
    within = q._within

    def spy(*args: Any) -> Any:
        found = within(*args)
        walks.append(found is not None)
        return found

    monkeypatch.setattr(q, "_within", spy)
    compared = 0
    with store.session(write=False) as s:
        for text in TEXTS:
            for order_by, descending in ORDERS:
                for offset in (0, 7):
                    kw: dict[str, Any] = {
                        "text": text,
                        "order_by": order_by,
                        "descending": descending,
                        "offset": offset,
                    }
                    fast = TECHNOLOGIES.list(s, limit=10, **kw)
                    plain = _plain(s, limit=10, **kw)
                    assert [r.id for r in fast.rows] == [r.id for r in plain.rows], kw
                    assert fast.total == plain.total, kw
                    compared += len(plain.rows)
    assert compared > 100  # the texts do match something
    assert set(walks) == (set() if walk_from else {budget > 0})


def test_the_filter_finds_substrings_and_patent_numbers_and_skips_deleted(store: Store) -> None:
    ids = _seed(store)
    with store.session(write=False) as s:
        fibre = TECHNOLOGIES.list(s, text="纤维复合", limit=100)
        assert fibre.total == len(fibre.rows) == 7  # 8 of 40 are 碳纤维复合材料…, one of them deleted
        assert all("纤维复合" in r.title for r in fibre.rows)
        assert ids[5] not in {r.id for r in fibre.rows}
        patented = TECHNOLOGIES.list(s, text="ZL2018 1156 4288.X", limit=100)
        assert {r.id for r in patented.rows} == {ids[i] for i in range(0, 40, 4)}
        assert TECHNOLOGIES.list(s, text="没有这个", limit=100).total == 0
        counted = TECHNOLOGIES.list(s, text="膜", limit=0)
        assert counted.rows == [] and counted.total == 15  # 16 with 膜, one deleted
    with store.session() as s:
        TECHNOLOGIES.restore(s, [ids[5]])
    with store.session(write=False) as s:
        assert ids[5] in {r.id for r in TECHNOLOGIES.list(s, text="纤维复合", limit=100).rows}


def test_an_unknown_order_is_refused_as_before(store: Store) -> None:
    _seed(store, 5)
    with store.session(write=False) as s, pytest.raises(ValidationError):
        TECHNOLOGIES.list(s, text="碳", order_by="no_such_column")
