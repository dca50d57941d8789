"""Exports, the round trip, the period report and the CLI's import / export / report commands."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import python_calamine as pc
from sqlmodel import func, select

from tests.workbench.factories import HUAWEI_USCC, make_enterprise
from workbench.cli import main
from workbench.io.export import export_list
from workbench.io.importer import dry_run, open_file
from workbench.io.report import period_report
from workbench.models import ChangeLog, Enterprise
from workbench.services import NEEDS, TECHNOLOGIES, VISITS
from workbench.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    with store.session(actor="test") as s:
        ent = make_enterprise(s, notes='=HYPERLINK("http://x")', address="+86 宁波")
        make_enterprise(s, name="宁波乙科技有限公司", uscc=None, notes="@SUM(A1)")
        NEEDS.create(
            s,
            {
                "enterprise_id": ent.id,
                "title": "高强度碳纤维",
                "keywords": "碳纤维 复合材料",
                "own_funds_fen": 12_345_678,
                "window_start": date(2026, 3, 5),
            },
        )
        VISITS.create(
            s,
            {
                "enterprise_id": ent.id,
                "started_at": datetime(2026, 3, 5, 14, 30).astimezone(),
                "summary": "-初访",
                "follow_up_on": date(2026, 4, 1),
            },
        )
        TECHNOLOGIES.create(
            s,
            {
                "title": "一种碳纤维",
                "patents": "ZL201811564288.X",
                "asking_price_fen": 50_000_000,
                "keywords": "碳纤维",
                "transfer_modes": "转让、许可",
            },
        )
    return store


def sheet_rows(path: Path) -> list[list[object]]:
    return [list(r) for r in pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()]


@pytest.mark.parametrize("kind", ["enterprise", "need", "visit", "technology"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(tmp_path: Path, filled: Store, kind: str, suffix: str) -> None:
    path = tmp_path / f"{kind}{suffix}"
    with filled.session() as s:
        n = export_list(s, kind, path)
        logs_before = s.exec(select(func.count()).select_from(ChangeLog)).one()
    plan = dry_run(filled, open_file(path, kind))
    assert plan.counts["unchanged"] == n > 0, [(r.row, r.changes, r.problems) for r in plan.rows]
    from workbench.io.apply import apply

    apply(filled, plan)
    with filled.session() as s:
        assert s.exec(select(func.count()).select_from(ChangeLog)).one() == logs_before


def test_xlsx_cells_are_typed_and_the_header_frozen(tmp_path: Path, filled: Store) -> None:
    path = tmp_path / "needs.xlsx"
    with filled.session() as s:
        export_list(s, "need", path)
    head, row = sheet_rows(path)[:2]
    funds = row[head.index("自筹资金（元）")]
    assert funds == pytest.approx(123456.78) and isinstance(funds, float)
    assert row[head.index("需求起始日期")] == date(2026, 3, 5)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'state="frozen"' in xml and 'ySplit="1"' in xml
    assert "<cols>" in xml


def test_formula_like_text_is_never_a_formula(tmp_path: Path, filled: Store) -> None:
    xlsx, csv = tmp_path / "e.xlsx", tmp_path / "e.csv"
    with filled.session() as s:
        export_list(s, "enterprise", xlsx)
        export_list(s, "enterprise", csv)
    with zipfile.ZipFile(xlsx) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    cells = {c for r in sheet_rows(xlsx) for c in r}
    assert '=HYPERLINK("http://x")' in cells and "@SUM(A1)" in cells
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+86 宁波" in text


def test_export_follows_the_list_filter_order_and_columns(tmp_path: Path, filled: Store) -> None:
    path = tmp_path / "e.xlsx"
    with filled.session() as s:
        n = export_list(s, "enterprise", path, text="乙科技", visible=["uscc", "name"])
    assert n == 1
    assert sheet_rows(path) == [["统一社会信用代码", "企业名称"], ["", "宁波乙科技有限公司"]]


def test_period_report_has_a_sheet_per_activity_with_totals(tmp_path: Path, filled: Store) -> None:
    path = tmp_path / "report.xlsx"
    today = date.today()
    with filled.session() as s:
        counts = period_report(s, today - timedelta(days=400), today + timedelta(days=1), path)
    book = pc.CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["汇总", "走访", "需求", "对接", "合同", "到账", "奖励申请"]
    assert counts["走访"] == 1 and counts["需求"] == 1
    needs = book.get_sheet_by_name("需求").to_python()
    assert needs[-1][0] == "合计" and needs[-1][4] == pytest.approx(123456.78)
    summary = [r[0] for r in book.get_sheet_by_name("汇总").to_python()]
    assert "本年走访" in summary and "经纪人" in summary
    with filled.session() as s, pytest.raises(Exception, match="结束日期早于开始日期"):
        period_report(s, today, today - timedelta(days=1), path)


# -- the CLI ------------------------------------------------------------------------------------------------


def test_cli_dry_run_json_and_a_refused_import(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(store.path)
    store.close()
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "not-used-with-a-keychain")
    csv = tmp_path / "企业.csv"
    csv.write_text(f"企业名称,统一社会信用代码\n甲公司,{HUAWEI_USCC}\n乙公司,123\n", encoding="gbk")
    assert main(["--db", db, "import", "enterprises", str(csv), "--dry-run", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in out["rows"]] == ["new", "invalid"]
    assert out["rows"][1]["problems"][0]["column"] == "统一社会信用代码"
    assert "未导入任何数据" in out["refused"]
    assert main(["--db", db, "import", "enterprises", str(csv)]) == 1
    assert "1 行有错误，未导入任何数据" in capsys.readouterr().err
    reopened = Store.open(Path(db))
    with reopened.session() as s:
        assert s.exec(select(func.count()).select_from(Enterprise)).one() == 0
    reopened.close()
    problems = tmp_path / "问题.xlsx"
    assert (
        main(["--db", db, "import", "enterprises", str(csv), "--valid-only", "--problems", str(problems)])
        == 0
    )
    assert "新增 1" in capsys.readouterr().out
    rows = sheet_rows(problems)
    assert rows[0][-1] == "问题" and rows[1][1] == "乙公司" and "统一社会信用代码" in str(rows[1][-1])
    out_xlsx = tmp_path / "out.xlsx"
    assert main(["--db", db, "export", "enterprises", str(out_xlsx), "--filter", "甲"]) == 0
    assert sheet_rows(out_xlsx)[1][0] == "甲公司"
    report = tmp_path / "r.xlsx"
    assert main(["--db", db, "report", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(report)]) == 0
    assert report.exists()
    assert main(["--db", db, "report", "--from", "2026-13-01", "--to", "2026-12-31", "-o", str(report)]) == 1
