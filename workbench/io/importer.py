"""An import from start to preview, as the CLI and the wizard run it: open, choose the sheet, map, plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.i18n import t
from workbench.io import fieldmap as fm
from workbench.io.gcpause import gc_paused
from workbench.io.mapping import Layout, layout, mapping_from_headings
from workbench.io.plan import Cancel, Plan, Progress, preview
from workbench.io.readers import ImportFileError, SheetData, read_sheets
from workbench.services.labels import kind_label
from workbench.store import Store

KIND_ALIASES = {
    "enterprises": "enterprise",
    "contacts": "contact",
    "institutions": "institution",
    "technologies": "technology",
    "needs": "need",
    "visits": "visit",
}


def import_kind(name: str) -> str:
    """The kind an import names (plural accepted); ImportFileError for a kind that cannot be imported."""
    kind = KIND_ALIASES.get(name.strip().lower(), name.strip().lower())
    if kind not in fm.IMPORT_KINDS:
        raise ImportFileError(
            t(
                "不能导入“{k}”；可导入：{a}",
                "Cannot import “{k}”; importable: {a}",
                k=name,
                a="、".join(kind_label(k) for k in fm.IMPORT_KINDS),
            )
        )
    return kind


@dataclass
class Opened:
    """A file opened for import: its sheets, the one chosen, and how its columns map."""

    path: Path
    kind: str
    sheets: list[SheetData]
    sheet: SheetData
    layout: Layout
    notices: list[str] = field(default_factory=list)


def open_file(
    path: str | Path,
    kind: str,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    config_dir: Path | None = None,
) -> Opened:
    """Read the file, pick the sheet (named, or the first with data) and map its columns."""
    with gc_paused():
        return _open(Path(path), kind, sheet=sheet, mapping=mapping, config_dir=config_dir)


def _open(
    p: Path,
    kind: str,
    *,
    sheet: str | None,
    mapping: Mapping[str, str] | None,
    config_dir: Path | None,
) -> Opened:
    sheets = read_sheets(p)
    names = [s.name for s in sheets]
    if sheet is not None:
        chosen = next((s for s in sheets if s.name == sheet), None)
        if chosen is None:
            raise ImportFileError(
                t(
                    "没有名为“{s}”的工作表；文件中的工作表：{a}",
                    "No sheet named “{s}”; the file has: {a}",
                    s=sheet,
                    a="、".join(names),
                )
            )
    else:
        filled = [s for s in sheets if not s.is_empty]
        if not filled:
            raise ImportFileError(
                t("“{n}”中没有数据（工作表是空的）", "“{n}” holds no data (the sheet is empty)", n=p.name)
            )
        chosen = filled[0]
    if chosen.is_empty:
        raise ImportFileError(t("工作表“{s}”是空的", "The sheet “{s}” is empty", s=chosen.name))
    return remap(Opened(p, kind, sheets, chosen, Layout(0, [], {})), mapping=mapping, config_dir=config_dir)


def remap(
    opened: Opened, *, mapping: Mapping[str, str] | None = None, config_dir: Path | None = None
) -> Opened:
    """(Re)compute the layout of the chosen sheet, with a heading → field mapping if one is given."""
    lay = layout(opened.kind, opened.sheet, config_dir=config_dir)
    if mapping is not None:
        try:
            lay.mapping = mapping_from_headings(opened.kind, lay.headers, mapping)
        except KeyError as exc:
            raise ImportFileError(
                t(
                    "映射文件中的字段“{f}”不存在；可用字段：{a}",
                    "Unknown field “{f}” in the mapping; fields: {a}",
                    f=exc.args[0],
                    a=", ".join(f.name for f in fm.import_fields(opened.kind)),
                )
            ) from None
        lay.unmapped = [h for i, h in enumerate(lay.headers) if h and i not in lay.mapping]
    opened.layout = lay
    notices = []
    filled = [s.name for s in opened.sheets if not s.is_empty]
    if len(filled) > 1:
        notices.append(
            t(
                "文件有 {n} 个有数据的工作表（{a}），读取“{s}”；可另选工作表",
                "The file has {n} sheets with data ({a}); reading “{s}” — choose another sheet if needed",
                n=len(filled),
                a="、".join(filled),
                s=opened.sheet.name,
            )
        )
    if not lay.mapping:
        raise ImportFileError(
            t(
                "无法识别“{s}”的表头：没有一列对应{k}的字段。请检查表头，或提供列映射",
                "Cannot recognise the headings of “{s}”: no column matches a {k} field. Check the headings "
                "or give a column mapping",
                s=opened.sheet.name,
                k=kind_label(opened.kind),
            )
        )
    opened.notices = notices
    return opened


def dry_run(
    store: Store, opened: Opened, *, progress: Progress | None = None, cancel: Cancel | None = None
) -> Plan:
    """The preview of an opened file against the store (nothing is written)."""
    with gc_paused(), store.session(actor="import-preview", write=False) as session:
        plan = preview(
            session,
            opened.kind,
            opened.sheet,
            opened.layout,
            source=opened.path.name,
            progress=progress,
            cancel=cancel,
        )
        session.rollback()
    plan.notices[:0] = opened.notices
    return plan
