"""The dry run: every row of a sheet classified as new, update, unchanged or invalid, with its problems.

A row's cells are read (``cells``), its references resolved (an enterprise by USCC or name, a technology's
owner by name), then cleaned by the entity's own service (``EntityService.clean``), so an import refuses
exactly what a form refuses. Its natural key (``fieldmap.natural_key``) finds the record it updates — in
the store, or an earlier row of the same file. For an update only the fields whose value differs are kept.
Nothing is written here; :mod:`workbench.io.apply` writes a plan.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from workbench.errors import Issue, Severity
from workbench.i18n import t
from workbench.io import fieldmap as fm
from workbench.io.cells import blank
from workbench.io.mapping import Layout
from workbench.io.outcome import Cancel, Plan, Problem, Progress, RowPlan, RowStatus
from workbench.io.readers import SheetData, nonblank
from workbench.io.refs import Refs, cell_numbers, firm_key, load_technology_keys, preload
from workbench.io.rowclean import Cell, RowCleaner, patents_checked
from workbench.io.techrows import TechnologyLane
from workbench.models import Contact, Need, Visit
from workbench.services import service_for
from workbench.textnorm import fold_width

__all__ = [
    "Cancel",
    "Plan",
    "Problem",
    "Progress",
    "RowPlan",
    "RowStatus",
    "firm_key",
    "issues_of",
    "preview",
]


def _utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) or isinstance(new, datetime):
        return bool(_utc(old) == _utc(new))
    if old in (None, "", []) and new in (None, "", []):
        return True
    return bool(old == new)


# -- the planner ---------------------------------------------------------------------------------------------


def preview(
    session: Session,
    kind: str,
    sheet: SheetData,
    layout: Layout,
    *,
    source: str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Plan:
    """Classify every data row of ``sheet`` (rows below the header row) without writing anything."""
    service = service_for(kind)
    fields = {f.name: f for f in fm.import_fields(kind)}
    refs = Refs(session, kind)
    cleaner = RowCleaner(session, service, kind)
    plan = Plan(kind=kind, source=source, sheet=sheet, layout=layout, rows=[])
    _notices(plan, fields)
    positions: list[int] = []  # the data rows' indices in the sheet
    data: list[list[Any]] = []  # and the rows
    blank_run = 0
    for i in range(layout.header_row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        first = row[0] if row else None
        # Most rows begin with a filled text cell: known to hold something without a call.
        if (type(first) is str and first and not first.isspace()) or nonblank(row):
            plan.blank_rows += blank_run  # blank rows count only between data rows, not after the last
            blank_run = 0
            positions.append(i)
            data.append(row)
        else:
            blank_run += 1
    readers = cleaner.readers(layout, fields)
    names = tuple(name for _c, name, _read in readers)
    label = t("检查数据", "Checking rows")
    columns: list[list[Cell | None]] = []
    reading = t("读取各列", "Reading columns")
    for c, name, read in readers:  # column by column: each distinct value is read and cleaned once
        _cancelled(cancel)
        if progress is not None:
            progress(reading, len(columns), len(readers))
        columns.append(cleaner.column(data, c, name, read))
    if progress is not None:
        progress(label, 0, len(data))
    if kind == "technology":
        patents = columns[names.index("patents")] if "patents" in names else None
        load_technology_keys(session, refs, sheet, layout, positions=positions, patents=patents)
    preload(session, service, kind, refs, sheet=sheet, layout=layout)
    seen: dict[tuple[Any, ...], RowPlan] = {}
    lane = TechnologyLane(cleaner, refs, names, columns, seen)

    def general(n: int, index: int) -> RowPlan:
        return _plan_row(
            session,
            service,
            kind,
            cleaner=cleaner,
            fields=fields,
            refs=refs,
            layout=layout,
            index=index,
            names=names,
            cells=tuple(column[n] for column in columns),
            seen=seen,
        )

    def tick(n: int) -> None:
        _cancelled(cancel)
        if progress is not None and n % 2000 == 0:
            progress(label, n, len(data))

    plan.rows = lane.plan(positions, general, tick)
    if progress is not None:
        progress(label, len(data), len(data))
    patents_checked.cache_clear()
    owners = {r.new_owner for r in plan.rows if r.new_owner and r.status is not RowStatus.INVALID}
    if owners:
        plan.notices.append(
            t(
                "将新建 {n} 个持有单位（{e}）",
                "{n} owners will be created ({e})",
                n=len(owners),
                e="、".join(sorted(owners)[:5]) + ("…" if len(owners) > 5 else ""),
            )
        )
    return plan


def _cancelled(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        from workbench.io.apply import ImportCancelledError

        raise ImportCancelledError(t("已取消", "Cancelled"))


def _notices(plan: Plan, fields: dict[str, fm.ImportField]) -> None:
    lay = plan.layout
    if lay.header_row > 0:
        plan.notices.append(
            t(
                "表头在第 {r} 行；上面的行已跳过",
                "The headings are on row {r}; rows above are skipped",
                r=lay.header_row + 1,
            )
        )
    if lay.merged_filled:
        plan.notices.append(
            t("表头有合并单元格，已按合并范围展开", "Merged heading cells were spread over their columns")
        )
    if lay.unmapped:
        plan.notices.append(t("未导入的列：{c}", "Columns not imported: {c}", c="、".join(lay.unmapped)))
    if plan.sheet.encoding:
        delim = {",": t("逗号", "comma"), ";": t("分号", "semicolon"), "\t": t("制表符", "tab")}
        plan.notices.append(
            t(
                "CSV 编码 {e}，分隔符：{d}",
                "CSV encoding {e}, delimiter: {d}",
                e=plan.sheet.encoding,
                d=delim.get(plan.sheet.delimiter or ",", ","),
            )
        )
    mapped = set(lay.mapping.values())
    for f in fields.values():
        if f.required and f.name not in mapped:
            plan.notices.append(t("缺少必需的列“{f}”", "The required column “{f}” is missing", f=f.label))
    if plan.kind in ("contact", "need", "visit") and not mapped & {"enterprise_name", "enterprise_uscc"}:
        plan.notices.append(
            t(
                "缺少企业名称或信用代码列，无法确定所属企业",
                "No enterprise name or USCC column: rows cannot be linked to their enterprise",
            )
        )


def _heading(layout: Layout, fields: dict[str, fm.ImportField], name: str) -> str:
    if name == "enterprise_id":
        for alt in ("enterprise_uscc", "enterprise_name"):
            c = layout.column_of(alt)
            if c is not None:
                return layout.headers[c]
    if name == "institution_id":
        name = "institution_name"
    c = layout.column_of(name)
    if c is not None:
        return layout.headers[c]
    return fields[name].label if name in fields else name


def _plan_row(
    session: Session,
    service: Any,
    kind: str,
    *,
    cleaner: RowCleaner,
    fields: dict[str, fm.ImportField],
    refs: Refs,
    layout: Layout,
    index: int,
    names: tuple[str, ...],
    cells: tuple[Cell | None, ...],
    seen: dict[tuple[Any, ...], RowPlan],
) -> RowPlan:
    row_no = index + 1
    plan = RowPlan(row=row_no, index=index, status=RowStatus.NEW, raw={}, cleaned={})
    problems = plan.problems

    def problem(name: str, message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(row_no, _heading(layout, fields, name), message, severity))

    raw: dict[str, Any] = {}
    for name, cell in zip(names, cells, strict=True):
        if cell is None:
            continue  # blank
        if cell.error is None:
            raw[name] = cell.raw
        else:
            problem(name, cell.error)
    by_field = dict(zip(names, cells, strict=True))
    _resolve(kind, raw, refs, plan, problem)
    current = None
    record_id = str(raw.pop("id", "") or "").strip()
    key = _key(kind, raw, plan.new_owner, by_field.get("patents"))
    target = _find(session, kind, key, refs, raw) if key else None
    if record_id:
        # An id from our own export names the record outright (if it still exists).
        live = session.get(service.model, record_id)
        if live is not None and live.deleted_at is None:
            target, key = record_id, ("id", record_id)
    if target is not None and kind == "technology":
        # Lists (and the demo) can give two technologies one patent number: the record found, not the
        # number, is what makes two rows the same.
        key = ("id", target)
    earlier = seen.get(key) if key else None
    if target is not None and earlier is None:
        current = service.get(session, target)
        plan.target_id = target
    cleaned, issues = cleaner.clean(raw, current=current, cells=by_field)
    for i in issues:
        problem(i.field, i.message, i.severity)
    plan.raw, plan.cleaned = raw, cleaned
    if any(p.severity is Severity.ERROR for p in problems):
        plan.status = RowStatus.INVALID
        return plan
    if earlier is not None:
        plan.same_as_row, plan.target_id = earlier.same_as_row or earlier.row, earlier.target_id
        base = {**earlier.cleaned}
        plan.changes = {k: (base.get(k), v) for k, v in cleaned.items() if not _same(base.get(k), v)}
        plan.status = RowStatus.UPDATE if plan.changes else RowStatus.UNCHANGED
        problem(
            fm.natural_key(kind)[-1],
            t(
                "与第 {r} 行是同一记录，后面的值为准",
                "Same record as row {r}; this row's values win",
                r=plan.same_as_row,
            ),
            Severity.WARNING,
        )
        earlier.cleaned.update(cleaned)
        return plan
    if key:
        seen[key] = plan
    if current is not None:
        plan.changes = _diff(session, service, current, cleaned, refs)
        plan.status = RowStatus.UPDATE if plan.changes else RowStatus.UNCHANGED
    elif kind == "enterprise":
        _near_duplicate(plan, raw, refs, problem)
    return plan


def _resolve(kind: str, raw: dict[str, Any], refs: Refs, plan: RowPlan, problem: Any) -> None:
    """Replace reference columns by ids (an enterprise by USCC, else name; an owner by name)."""
    if kind in ("contact", "need", "visit"):
        uscc, name = raw.pop("enterprise_uscc", None), raw.pop("enterprise_name", None)
        found: str | None = None
        if uscc:
            found = refs.firm_by_uscc.get(str(uscc).upper())
            if found is None and not name:
                problem(
                    "enterprise_uscc",
                    t(
                        "没有信用代码为 {c} 的企业；请先导入企业",
                        "No enterprise has the USCC {c}; import the enterprise first",
                        c=uscc,
                    ),
                )
        if found is None and name:
            ids = refs.firm_by_name.get(name.strip(), [])
            if len(ids) == 1:
                found = ids[0]
            elif len(ids) > 1:
                problem(
                    "enterprise_name",
                    t(
                        "有 {n} 家企业都叫“{v}”；请填写信用代码区分",
                        "{n} enterprises are named “{v}”; add the USCC to choose",
                        n=len(ids),
                        v=name,
                    ),
                )
            else:
                problem(
                    "enterprise_name",
                    t(
                        "找不到企业“{v}”；请先导入或新建该企业",
                        "No enterprise named “{v}”; import or create it first",
                        v=name,
                    ),
                )
        if found:
            raw["enterprise_id"] = found
    elif kind == "technology":
        owner = raw.pop("institution_name", None)
        if owner:
            ident = refs.inst_by_name.get(owner.strip())
            if ident:
                raw["institution_id"] = ident
            else:
                plan.new_owner = owner.strip()


def _key(
    kind: str, raw: dict[str, Any], new_owner: str | None, patents: Cell | None = None
) -> tuple[Any, ...] | None:
    if kind == "technology":
        value = raw.get("patents")
        if patents is not None and patents.raw is value and isinstance(value, str):
            numbers = cell_numbers(patents)  # the column's answer for this very cell
        else:
            numbers = _patent_numbers(value)
        if numbers:
            return ("patent", numbers[0])
        title = raw.get("title")
        if not title:
            return None
        return ("title", str(title).strip(), raw.get("institution_id") or new_owner)
    if kind in ("enterprise", "institution"):
        uscc = str(raw.get("uscc") or "").strip().upper()
        if uscc:
            return ("uscc", uscc)
        if kind == "institution" and raw.get("name"):
            return ("name", fold_width(str(raw["name"])).strip())
        return None
    parts: list[Any] = []
    for name in fm.natural_key(kind):
        value = raw.get(name)
        if blank(value):
            return None
        if name == "started_at" and not isinstance(value, datetime):
            return None  # unreadable: the cleaner says why
        if isinstance(value, datetime):
            # A time read from a file is local time, as the service's cleaner takes it.
            parts.append((value if value.tzinfo else value.astimezone()).astimezone(UTC))
        else:
            parts.append(str(value).strip())
    return tuple(parts)


def _patent_numbers(raw: Any) -> list[str]:
    return list(_numbers_of(raw)) if isinstance(raw, str) and raw else []


def _numbers_of(raw: str) -> tuple[str, ...]:
    """The canonical numbers of a patent cell."""
    checked = patents_checked(raw)
    return tuple(n for n, _kind in checked.value) if checked.ok and checked.value else ()


def _find(session: Session, kind: str, key: tuple[Any, ...], refs: Refs, raw: dict[str, Any]) -> str | None:
    if kind == "technology":
        if key[0] == "patent":
            holders = refs.tech_by_patent.get(key[1], [])
            title = str(raw.get("title") or "").strip()
            return next((i for i, ti in holders if ti == title), holders[0][0] if holders else None)
        return refs.tech_by_title.get((key[1], key[2]))
    if kind == "enterprise":
        return refs.firm_by_uscc.get(key[1])
    if kind == "institution":
        return (refs.inst_by_uscc if key[0] == "uscc" else refs.inst_by_name).get(key[1])
    model: Any = {"need": Need, "visit": Visit, "contact": Contact}[kind]
    other = {"need": "title", "visit": "started_at", "contact": "name"}[kind]
    value = key[1]
    found = session.exec(
        select(model.id).where(
            model.enterprise_id == key[0], getattr(model, other) == value, col(model.deleted_at).is_(None)
        )
    ).first()
    return str(found) if found else None


def _diff(
    session: Session, service: Any, current: Any, cleaned: dict[str, Any], refs: Refs
) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    for k, v in cleaned.items():
        if k == "patents":
            if current.id in refs.patents_of:
                old = refs.patents_of[current.id]
            else:
                old = [(p.number, p.patent_kind) for p in service.patents(session, current.id)]
            if sorted(old) != sorted(v):
                out[k] = (old, v)
        elif k in type(current).model_fields and not _same(getattr(current, k), v):
            out[k] = (getattr(current, k), v)
    return out


def _near_duplicate(plan: RowPlan, raw: dict[str, Any], refs: Refs, problem: Any) -> None:
    name = str(raw.get("name") or "")
    if not name:
        return
    for ident, other in refs.firm_by_key.get(firm_key(name), []):
        plan.similar = (ident, other)
        problem(
            "name",
            t(
                "与已有企业“{o}”名称相近（仅“有限公司/股份/括号”等不同），请确认是否同一家",
                "The name is nearly that of “{o}” (differs only in 有限公司/股份/brackets); confirm whether "
                "it is the same enterprise",
                o=other,
            ),
            Severity.WARNING,
        )
        return
    refs.firm_by_key.setdefault(firm_key(name), []).append((f"row:{plan.row}", name))


def issues_of(plan: Plan) -> list[Issue]:
    """The problems as core issues (for callers that show ValidationError-style lists)."""
    return [
        Issue(p.column, "import", t("第 {r} 行：{m}", "Row {r}: {m}", r=p.row, m=p.message), p.severity)
        for p in plan.problems
    ]
