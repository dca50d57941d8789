"""Import: reading, mapping, the dry run's classification and the all-or-nothing write, on real stores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from sqlmodel import col, func, select

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC, make_enterprise
from workbench.io import mapping as mp
from workbench.io.apply import ImportCancelledError, ImportRefusedError, apply
from workbench.io.importer import dry_run, open_file
from workbench.io.plan import RowStatus
from workbench.io.readers import ImportFileError
from workbench.models import ChangeLog, Enterprise, Technology, Visit
from workbench.search.global_search import global_search
from workbench.store import Store
from workbench.validation import patent_check_char


def xlsx(
    path: Path, rows: Sequence[Sequence[Any]], *, sheets: dict[str, Sequence[Sequence[Any]]] | None = None
) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for name, data in (sheets or {"Sheet1": rows}).items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                if isinstance(value, datetime | date):
                    ws.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
                elif value is not None:
                    ws.write(r, c, value)
    book.close()
    return path


def count(store: Store, model: Any) -> int:
    with store.session() as s:
        return int(
            s.exec(select(func.count()).select_from(model).where(col(model.deleted_at).is_(None))).one()
        )


def patent(n: int) -> str:
    digits = f"2021{10000000 + n:08d}"
    return f"{digits}.{patent_check_char(digits)}"


ENT_HEAD = ["企业名称", "统一社会信用代码", "所在地区", "所属行业", "备注"]


# -- reading ------------------------------------------------------------------------------------------------


def test_renamed_pdf_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    fake = tmp_path / "名单.xlsx"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(200))
    with pytest.raises(ImportFileError, match="不是 Excel/WPS 表格文件"):
        open_file(fake, "enterprise")


def test_empty_workbook_and_empty_named_sheet(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "e.xlsx", [], sheets={"空": [], "也空": []})
    with pytest.raises(ImportFileError, match="没有数据"):
        open_file(path, "enterprise")
    path = xlsx(
        tmp_path / "f.xlsx", [], sheets={"空": [], "数据": [ENT_HEAD, ["甲公司", HUAWEI_USCC, "", "", ""]]}
    )
    with pytest.raises(ImportFileError, match="工作表“空”是空的"):
        open_file(path, "enterprise", sheet="空")
    assert open_file(path, "enterprise").sheet.name == "数据"  # the first sheet with data
    with pytest.raises(ImportFileError, match="没有名为“无”的工作表"):
        open_file(path, "enterprise", sheet="无")


def test_several_sheets_with_data_are_named_in_a_notice(tmp_path: Path, store: Store) -> None:
    rows = [ENT_HEAD, ["甲公司", HUAWEI_USCC, "", "", ""]]
    path = xlsx(tmp_path / "s.xlsx", [], sheets={"一": rows, "二": rows})
    plan = dry_run(store, open_file(path, "enterprise"))
    assert any("2 个有数据的工作表" in n and "读取“一”" in n for n in plan.notices)


def test_header_below_a_title_and_blank_rows_in_the_middle(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "t.xlsx",
        [
            ["2026 年走访企业名单"],
            [],
            ["序号", "单位名称", "信用代码", "区县"],
            [1, "甲公司", HUAWEI_USCC, "北仑区"],
            [],
            [],
            [2, "乙公司", HUTOOL_USCC, "宁波市镇海区"],
        ],
    )
    opened = open_file(path, "enterprise")
    assert opened.layout.header_row == 2
    assert opened.layout.unmapped == ["序号"]
    plan = dry_run(store, opened)
    assert [(r.row, r.status) for r in plan.rows] == [(4, RowStatus.NEW), (7, RowStatus.NEW)]
    assert plan.blank_rows == 2
    assert [r.raw["division_code"] for r in plan.rows] == ["330206", "330211"]
    assert any("表头在第 3 行" in n for n in plan.notices)


def test_unrecognised_headings_are_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "x.xlsx", [["甲", "乙"], ["1", "2"]])
    with pytest.raises(ImportFileError, match="无法识别"):
        open_file(path, "enterprise")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("gbk", "\t"), ("gb18030", ",")],
)
def test_csv_encodings_and_delimiters_are_detected(
    tmp_path: Path, store: Store, encoding: str, delimiter: str
) -> None:
    text = (
        delimiter.join(ENT_HEAD)
        + "\n"
        + delimiter.join(["宁波喆镕科技有限公司", HUAWEI_USCC, "北仑区", "C26", "备注；说明"])
        + "\n"
    )
    path = tmp_path / "e.csv"
    path.write_bytes(text.encode(encoding) if encoding != "utf-8-sig" else b"\xef\xbb\xbf" + text.encode())
    opened = open_file(path, "enterprise")
    assert opened.sheet.delimiter == delimiter
    plan = dry_run(store, opened)
    assert plan.rows[0].raw["name"] == "宁波喆镕科技有限公司"
    assert plan.rows[0].status is RowStatus.NEW


# -- cells --------------------------------------------------------------------------------------------------


def test_codes_excel_turned_into_numbers_are_explained(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "n.xlsx",
        [ENT_HEAD, ["甲公司", float(HUAWEI_USCC), "", "", ""], ["乙公司", "9.14403E+17", "", "", ""]],
    )
    plan = dry_run(store, open_file(path, "enterprise"))
    assert [r.status for r in plan.rows] == [RowStatus.INVALID, RowStatus.INVALID]
    for r in plan.rows:
        (p,) = r.problems
        assert p.column == "统一社会信用代码"
        assert "科学计数法" in p.message and "文本" in p.message


def test_dates_as_text_serials_and_chinese_forms(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        make_enterprise(s)
    path = xlsx(
        tmp_path / "v.xlsx",
        [
            ["企业名称", "走访时间", "回访日期", "纪要"],
            ["宁波材料科技有限公司", 46086.4375, "2026年3月20日", "序号日期"],
            ["宁波材料科技有限公司", "2026年3月6日 9:30", 46101, "中文日期"],
            ["宁波材料科技有限公司", datetime(2026, 3, 7, 15, 0), "2026/3/22", "日期单元格"],
            ["宁波材料科技有限公司", "三月五日", "", "读不懂"],
        ],
    )
    plan = dry_run(store, open_file(path, "visit"))
    ok = plan.rows[:3]
    assert [r.status for r in ok] == [RowStatus.NEW] * 3
    assert [r.cleaned["started_at"].strftime("%m-%d %H:%M") for r in ok] == [
        "03-05 10:30",
        "03-06 09:30",
        "03-07 15:00",
    ]
    assert [r.cleaned["follow_up_on"] for r in ok[:2]] == [date(2026, 3, 20), date(2026, 3, 20)]
    bad = plan.rows[3]
    assert bad.status is RowStatus.INVALID
    assert bad.problems[0].column == "走访时间" and "时间格式无效" in bad.problems[0].message


def test_amounts_in_wan_and_with_separators(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            ["成果名称", "意向价格"],
            ["甲", "12.5万元"],
            ["乙", "1,234.50"],
            ["丙", 80000],
            ["丁", "1,23,4"],
        ],
    )
    plan = dry_run(store, open_file(path, "technology"))
    assert [r.cleaned.get("asking_price_fen") for r in plan.rows[:3]] == [12_500_000, 123_450, 8_000_000]
    assert plan.rows[3].status is RowStatus.INVALID
    assert plan.rows[3].problems[0].column == "意向价格"


def test_a_10000_character_cell_is_refused_by_the_services_limit(tmp_path: Path, store: Store) -> None:
    path = xlsx(tmp_path / "l.xlsx", [ENT_HEAD, ["甲" * 10_000, HUAWEI_USCC, "", "", ""]])
    plan = dry_run(store, open_file(path, "enterprise"))
    (row,) = plan.rows
    assert row.status is RowStatus.INVALID
    assert "不能超过 100 个字符（现有 10000 个）" in row.problems[0].message


def test_names_for_coded_fields(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            ENT_HEAD,
            ["甲", "", "宁波市北仑区", "橡胶和塑料制品业", ""],
            ["乙", "", "火星", "C2614", ""],
        ],
    )
    plan = dry_run(store, open_file(path, "enterprise"))
    assert plan.rows[0].cleaned["division_code"] == "330206"
    assert plan.rows[0].cleaned["industry_code"] == "C29"
    assert plan.rows[1].problems[0].column == "所在地区"


# -- keys, updates, the change log --------------------------------------------------------------------------


def test_update_writes_only_changed_fields_with_the_file_as_source(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        ent = make_enterprise(s, notes="旧备注")
        ent_id = ent.id
    path = xlsx(
        tmp_path / "企业更新.xlsx", [ENT_HEAD, ["宁波材料科技有限公司", HUAWEI_USCC, "330211", "", "新备注"]]
    )
    plan = dry_run(store, open_file(path, "enterprise"))
    (row,) = plan.rows
    assert row.status is RowStatus.UPDATE and row.target_id == ent_id
    assert set(row.changes) == {"notes"}
    result = apply(store, plan)
    assert (result.created, result.updated) == (0, 1)
    with store.session() as s:
        logs = s.exec(select(ChangeLog).where(ChangeLog.entity_id == ent_id, ChangeLog.op == "update")).all()
        assert [(c.field, c.old, c.new, c.actor) for c in logs] == [
            ("notes", "旧备注", "新备注", "import:企业更新.xlsx")
        ]
    again = dry_run(store, open_file(path, "enterprise"))
    assert again.counts["unchanged"] == 1


def test_the_same_key_twice_in_one_file_is_one_record(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "d.xlsx",
        [ENT_HEAD, ["甲公司", HUAWEI_USCC, "", "", "一"], ["甲公司", HUAWEI_USCC, "", "", "二"]],
    )
    plan = dry_run(store, open_file(path, "enterprise"))
    assert [r.status for r in plan.rows] == [RowStatus.NEW, RowStatus.UPDATE]
    assert plan.rows[1].same_as_row == 2
    apply(store, plan)
    with store.session() as s:
        (ent,) = s.exec(select(Enterprise)).all()
        assert ent.notes == "二"


def test_near_duplicate_names_wait_for_confirmation(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        make_enterprise(s, name="宁波材料科技有限公司", uscc=None)
    path = xlsx(tmp_path / "n.xlsx", [ENT_HEAD, ["宁波材料科技（股份）有限公司", "", "", "", "近似"]])
    plan = dry_run(store, open_file(path, "enterprise"))
    (row,) = plan.rows
    assert row.similar is not None and row.similar[1] == "宁波材料科技有限公司"
    with pytest.raises(ImportRefusedError, match="名称与已有企业相近"):
        apply(store, plan)
    assert count(store, Enterprise) == 1
    apply(store, plan, similar="update")
    with store.session() as s:
        (ent,) = s.exec(select(Enterprise)).all()
        assert ent.notes == "近似" and ent.name == "宁波材料科技有限公司"
    apply(store, dry_run(store, open_file(path, "enterprise")), similar="new")
    assert count(store, Enterprise) == 2


def test_invalid_rows_refuse_everything_unless_valid_only(tmp_path: Path, store: Store) -> None:
    path = xlsx(
        tmp_path / "m.xlsx", [ENT_HEAD, ["甲公司", HUAWEI_USCC, "", "", ""], ["乙公司", "123", "", "", ""]]
    )
    plan = dry_run(store, open_file(path, "enterprise"))
    assert plan.counts == {"new": 1, "update": 0, "unchanged": 0, "invalid": 1}
    with pytest.raises(ImportRefusedError, match="1 行有错误，未导入任何数据"):
        apply(store, plan)
    assert count(store, Enterprise) == 0
    result = apply(store, plan, valid_only=True)
    assert (result.created, result.skipped) == (1, 1)


def test_cancel_leaves_the_data_as_it_was(tmp_path: Path, store: Store) -> None:
    rows = [["企业名称", "备注"], *[[f"公司{i:03d}", ""] for i in range(300)]]
    plan = dry_run(store, open_file(xlsx(tmp_path / "c.xlsx", rows), "enterprise"))
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2  # after 200 rows were written in the transaction

    with pytest.raises(ImportCancelledError):
        apply(store, plan, cancel=cancel)
    assert count(store, Enterprise) == 0


def test_children_link_to_their_enterprise_or_say_it_is_missing(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        make_enterprise(s)
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            ["单位名称", "联系人", "手机"],
            ["宁波材料科技有限公司", "张三", 13805741234],
            ["不存在公司", "李四", "13805741235"],
        ],
    )
    plan = dry_run(store, open_file(path, "contact"))
    assert plan.rows[0].status is RowStatus.NEW and plan.rows[0].cleaned["mobile"] == "13805741234"
    assert plan.rows[1].status is RowStatus.INVALID
    assert plan.rows[1].problems[0].column == "单位名称" and "找不到企业" in plan.rows[1].problems[0].message


# -- technologies: the bulk path ----------------------------------------------------------------------------


def tech_rows(n: int, start: int = 0) -> list[list[Any]]:
    head = ["成果名称", "专利号", "成果简介", "完成单位", "关键词"]
    return [
        head,
        *[
            [f"碳纤维复合材料制备方法{i}", "ZL" + patent(i), "一种高强度碳纤维。", "宁波大学", "碳纤维"]
            for i in range(start, start + n)
        ],
    ]


def test_bulk_path_inserts_indexes_and_matches_patents(tmp_path: Path, store: Store) -> None:
    plan = dry_run(store, open_file(xlsx(tmp_path / "t.xlsx", tech_rows(600)), "technology"))
    assert plan.counts["new"] == 600
    assert any("将新建 1 个持有单位（宁波大学）" in n for n in plan.notices)
    result = apply(store, plan)
    assert result.bulk and result.created == 600 and result.owners_created == 1
    with store.session() as s:
        hits = global_search(s, patent(123), limit=5)
        assert [h.title for h in hits] == ["碳纤维复合材料制备方法123"]
        logs = s.exec(
            select(func.count())
            .select_from(ChangeLog)
            .where(ChangeLog.entity == "technology", ChangeLog.op == "create")
        ).one()
        assert logs == 600
    # The same file again: matched by patent number, nothing to do.
    again = dry_run(store, open_file(xlsx(tmp_path / "t2.xlsx", tech_rows(600)), "technology"))
    assert again.counts["unchanged"] == 600


def test_bulk_path_cancel_writes_nothing(tmp_path: Path, store: Store) -> None:
    plan = dry_run(store, open_file(xlsx(tmp_path / "t.xlsx", tech_rows(800)), "technology"))
    with pytest.raises(ImportCancelledError):
        apply(store, plan, cancel=lambda: True)
    assert count(store, Technology) == 0
    with store.session() as s:
        assert global_search(s, patent(5), limit=5) == []


# -- remembered mappings ------------------------------------------------------------------------------------


def test_a_corrected_mapping_is_remembered_per_header_set(tmp_path: Path, store: Store) -> None:
    path = xlsx(tmp_path / "r.xlsx", [["企业", "代码X"], ["甲公司", HUAWEI_USCC]])
    opened = open_file(path, "enterprise", config_dir=tmp_path)
    assert opened.layout.mapping == {0: "name"}
    mp.save_mapping(tmp_path, "enterprise", opened.layout.headers, {0: "name", 1: "uscc"})
    again = open_file(path, "enterprise", config_dir=tmp_path)
    assert again.layout.remembered and again.layout.mapping == {0: "name", 1: "uscc"}
    other = open_file(
        xlsx(tmp_path / "o.xlsx", [["企业", "代码Y"], ["甲", "1"]]), "enterprise", config_dir=tmp_path
    )
    assert not other.layout.remembered


def test_visits_update_by_enterprise_and_time(tmp_path: Path, store: Store) -> None:
    with store.session() as s:
        make_enterprise(s)
    rows = [["企业名称", "走访时间", "纪要"], ["宁波材料科技有限公司", "2026-03-05 10:30", "初访"]]
    apply(store, dry_run(store, open_file(xlsx(tmp_path / "v.xlsx", rows), "visit")))
    rows[1][2] = "补记"
    plan = dry_run(store, open_file(xlsx(tmp_path / "v2.xlsx", rows), "visit"))
    assert plan.rows[0].status is RowStatus.UPDATE and set(plan.rows[0].changes) == {"summary"}
    apply(store, plan)
    assert count(store, Visit) == 1
