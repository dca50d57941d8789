"""Import of files written by a real spreadsheet program: LibreOffice Calc, headless, converting at test time.

LibreOffice (Debian: ``libreoffice-calc-nogui``) saves the fixtures as .xlsx, .xls and GBK, semicolon and
tab CSV, so the reader meets the types, number guessing and encodings a spreadsheet program produces,
not only what our own writer produces. Each test module gets its own LibreOffice profile so parallel runs
do not fight over a lock.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import xlsxwriter

from tests.workbench.factories import HUAWEI_USCC, HUTOOL_USCC
from workbench.io.apply import apply
from workbench.io.importer import dry_run, open_file
from workbench.io.plan import RowStatus
from workbench.io.readers import ImportFileError
from workbench.store import Store

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)",
)
# LibreOffice's CSV filter options: separator, quote, character set (76 = UTF-8, 67 = GBK), first line.
UTF8, GBK = 76, 67
CSV_FILTER = "Text - txt - csv (StarCalc)"

SOURCE = (
    "企业名称,统一社会信用代码,所在地区,所属行业,高新技术企业,备注\n"
    f"宁波喆镕新材料有限公司,{HUTOOL_USCC},北仑区,C2651,是,改性塑料\n"
    f"宁波甲化工有限公司,{HUAWEI_USCC},330211,化学原料和化学制品制造业,否,\n"
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


def convert(src: Path, target: str, outdir: Path, profile: Path, *, infilter: str | None = None) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    out = outdir / (src.stem + "." + target.split(":", maxsplit=1)[0])
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def source_csv(tmp_path: Path) -> Path:
    path = tmp_path / "企业名单.csv"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_workbooks_saved_by_libreoffice(tmp_path: Path, store: Store, profile: Path, fmt: str) -> None:
    book = convert(source_csv(tmp_path), fmt, tmp_path / fmt, profile, infilter=f"CSV:44,34,{UTF8},1")
    plan = dry_run(store, open_file(book, "enterprise"))
    # Calc stored the all-digit USCC as a number, as Excel does: the import says so instead of guessing.
    assert [r.status for r in plan.rows] == [RowStatus.NEW, RowStatus.INVALID]
    assert plan.rows[0].cleaned["division_code"] == "330206"
    assert plan.rows[0].cleaned["high_tech"] is True
    assert "科学计数法" in plan.rows[1].problems[0].message
    result = apply(store, plan, valid_only=True)
    assert result.created == 1


def test_gbk_csv_saved_by_libreoffice(tmp_path: Path, store: Store, profile: Path) -> None:
    src = source_csv(tmp_path)
    out = convert(
        src, f"csv:{CSV_FILTER}:44,34,{GBK}", tmp_path / "gbk", profile, infilter=f"CSV:44,34,{UTF8},1"
    )
    data = out.read_bytes()
    assert "宁波喆镕新材料有限公司".encode("gbk") in data  # 喆 and 镕 are GBK, not GB2312
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    opened = open_file(out, "enterprise")
    assert opened.sheet.encoding == "GB18030/GBK"
    plan = dry_run(store, opened)
    assert plan.rows[0].raw["name"] == "宁波喆镕新材料有限公司"


@pytest.mark.parametrize(("sep", "char"), [(59, ";"), (9, "\t")])
def test_semicolon_and_tab_csv_saved_by_libreoffice(
    tmp_path: Path, store: Store, profile: Path, sep: int, char: str
) -> None:
    out = convert(
        source_csv(tmp_path),
        f"csv:{CSV_FILTER}:{sep},34,{UTF8}",
        tmp_path / str(sep),
        profile,
        infilter=f"CSV:44,34,{UTF8},1",
    )
    opened = open_file(out, "enterprise")
    assert opened.sheet.delimiter == char
    plan = dry_run(store, opened)
    assert plan.rows[0].status is RowStatus.NEW


def test_merged_two_row_header_resaved_by_libreoffice(tmp_path: Path, store: Store, profile: Path) -> None:
    draft = tmp_path / "draft" / "联系人.xlsx"
    draft.parent.mkdir()
    book = xlsxwriter.Workbook(str(draft))
    ws = book.add_worksheet("联系人")
    ws.merge_range(0, 0, 1, 0, "单位名称")  # spans both heading rows
    ws.merge_range(0, 1, 1, 1, "联系人")
    ws.merge_range(0, 2, 0, 3, "联系方式")  # over 手机 and 电话
    ws.write_row(1, 2, ["手机", "电话"])
    ws.write_row(2, 0, ["宁波甲化工有限公司", "张三", "13805741234", "0574-86301234"])
    book.close()
    resaved = convert(draft, "xlsx", tmp_path / "lo", profile)
    with store.session() as s:
        from tests.workbench.factories import make_enterprise

        make_enterprise(s, name="宁波甲化工有限公司")
    opened = open_file(resaved, "contact")
    assert opened.layout.header_row == 1
    assert sorted(opened.layout.mapping.values()) == ["enterprise_name", "mobile", "name", "phone"]
    plan = dry_run(store, opened)
    assert plan.rows[0].status is RowStatus.NEW
    assert plan.rows[0].cleaned["mobile"] == "13805741234"


def test_password_protected_workbook(tmp_path: Path, profile: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = convert(source_csv(tmp_path), "xlsx", tmp_path / "plain", profile, infilter=f"CSV:44,34,{UTF8},1")
    locked = tmp_path / "加密.xlsx"
    with plain.open("rb") as fh, locked.open("wb") as out:
        OOXMLFile(fh).encrypt("secret", out)
    with pytest.raises(ImportFileError, match="设有打开密码"):
        open_file(locked, "enterprise")
