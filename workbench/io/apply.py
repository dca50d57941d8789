"""Writing a previewed plan: one transaction, all or nothing, only changed fields, logged with the file.

Rows go through the entity services (``create``/``update``), so the change log, derived columns and child
rows are written exactly as for a form. A large technology list takes the bulk path instead: validated
rows (the preview already cleaned them with the service's cleaners) are inserted with SQLAlchemy Core in
batches *inside the same transaction*, with their patents and change-log rows, and the search index is
brought up to date in that transaction too (re-indexing the new rows, or rebuilding the technology index
when they are a large share of it). Cancelling, or any failure, rolls everything back.

The change log's ``actor`` carries the source: ``import:<file name>`` (the change log has no separate
source column; see the report to the lead).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from workbench.errors import ValidationError, WorkbenchError
from workbench.i18n import t
from workbench.io.bulk import TechnologyWriter, rising_ids
from workbench.io.gcpause import gc_paused
from workbench.io.plan import Plan, RowPlan, RowStatus
from workbench.models import utcnow
from workbench.services import INSTITUTIONS, service_for
from workbench.store import Store

Progress = Callable[[str, int, int], None]
Cancel = Callable[[], bool]

BULK_MIN_ROWS = 500  # below this the services' own create is fast enough and simpler
BULK_BATCH = 5000


class ImportRefusedError(WorkbenchError):
    """The import was not started: invalid rows, unconfirmed near-duplicates, or nothing to do."""


class ImportCancelledError(WorkbenchError):
    """The user cancelled; nothing was written."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # invalid rows left out with valid_only
    owners_created: int = 0
    ids: list[str] = field(default_factory=list)
    bulk: bool = False
    # Seconds per stage of the bulk path (TechnologyWriter.timings), for the benchmark.
    timings: dict[str, float] = field(default_factory=dict)


def source_actor(source: str) -> str:
    return f"import:{source}"


def check_can_apply(plan: Plan, *, valid_only: bool, similar: Mapping[int, str] | str | None) -> None:
    """Raise ImportRefusedError when the plan may not be written as asked (the message says why)."""
    invalid = plan.count(RowStatus.INVALID)
    if invalid and not valid_only:
        raise ImportRefusedError(
            t(
                "{n} 行有错误，未导入任何数据。请改正后重新导入，或选择“只导入正确的行”（--valid-only）",
                "{n} rows have errors; nothing was imported. Correct them and import again, or choose "
                "to import the valid rows only (--valid-only)",
                n=invalid,
            )
        )
    undecided = [r.row for r in plan.similar_rows if _decision(r, similar) is None]
    if undecided:
        raise ImportRefusedError(
            t(
                "第 {r} 行的企业名称与已有企业相近，请确认是同一家（更新）还是另一家（新增）："
                "--similar update|new",
                "Row(s) {r}: the enterprise name is nearly that of an existing one; confirm whether it is "
                "the same (update) or another (new): --similar update|new",
                r="、".join(str(r) for r in undecided[:20]),
            )
        )


def _decision(row: RowPlan, similar: Mapping[int, str] | str | None) -> str | None:
    if similar is None:
        return None
    if isinstance(similar, str):
        return similar
    return similar.get(row.row)


def apply(
    store: Store,
    plan: Plan,
    *,
    valid_only: bool = False,
    similar: Mapping[int, str] | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """Write ``plan`` in one transaction; ImportRefusedError or ImportCancelledError write nothing."""
    check_can_apply(plan, valid_only=valid_only, similar=similar)
    result = ImportResult(unchanged=plan.count(RowStatus.UNCHANGED), skipped=plan.count(RowStatus.INVALID))
    todo = [r for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE)]
    if not todo:
        return result
    service = service_for(plan.kind)
    with store.session(actor=source_actor(plan.source)) as session:
        owners = _create_owners(session, todo)
        result.owners_created = len(owners)
        new_rows = [r for r in todo if r.status is RowStatus.NEW and _decision(r, similar) != "update"]
        created: dict[int, str] = {}
        if plan.kind == "technology" and len(new_rows) >= BULK_MIN_ROWS:
            result.bulk = True
            created = _bulk_technologies(
                session, new_rows, owners, progress=progress, cancel=cancel, timings=result.timings
            )
            result.created = len(created)
            todo = [r for r in todo if r.row not in created]
        label = t("写入数据", "Writing rows")
        for n, row in enumerate(todo):
            if cancel is not None and n % 100 == 0 and cancel():
                raise ImportCancelledError(
                    t("导入已取消，数据未作任何改动", "Import cancelled; nothing was changed")
                )
            try:
                _write_row(
                    session, service, row, owners=owners, created=created, similar=similar, result=result
                )
            except ValidationError as exc:
                raise ImportRefusedError(
                    t(
                        "第 {r} 行：{m}（未导入任何数据）",
                        "Row {r}: {m} (nothing was imported)",
                        r=row.row,
                        m=exc.message,
                    )
                ) from exc
            if progress is not None and n % 200 == 0:
                progress(label, n, len(todo))
        if progress is not None:
            progress(label, len(todo), len(todo))
        result.ids = list(dict.fromkeys([*created.values(), *result.ids]))
    return result


def _write_row(
    session: Session,
    service: Any,
    row: RowPlan,
    *,
    owners: dict[str, str],
    created: dict[int, str],
    similar: Mapping[int, str] | str | None,
    result: ImportResult,
) -> None:
    raw = dict(row.raw)
    if row.new_owner:
        raw["institution_id"] = owners[row.new_owner]
    if row.status is RowStatus.NEW and _decision(row, similar) == "update" and row.similar is not None:
        target = row.similar[0]
        if target.startswith("row:"):
            target = created[int(target[4:])]
        obj = service.get(session, target)
        cleaned, _issues = service.clean(session, raw, current=obj)
        # The user said it is the same enterprise: its name stays as recorded, the other fields update.
        changed = {
            k
            for k, v in cleaned.items()
            if k in type(obj).model_fields and k != "name" and getattr(obj, k) != v
        }
        if changed:
            service.update(session, target, {k: raw[k] for k in changed}, accept_warnings=True)
            result.updated += 1
        created[row.row] = target
        return
    if row.status is RowStatus.NEW:
        made = service.create(session, raw, accept_warnings=True)
        created[row.row] = made.id
        result.created += 1
        result.ids.append(made.id)
        return
    dest = row.target_id or (created.get(row.same_as_row) if row.same_as_row else None)
    if dest is None:
        return
    service.update(session, dest, {k: raw[k] for k in row.changes}, accept_warnings=True)
    result.updated += 1
    result.ids.append(dest)


def _owner_kind(name: str) -> str:
    if "大学" in name or "学院" in name:
        return "university"
    if "研究" in name or "院" in name[-2:] or "所" in name[-1:]:
        return "institute"
    if "公司" in name:
        return "company"
    return "other"


def _create_owners(session: Session, rows: list[RowPlan]) -> dict[str, str]:
    """Technology owners the file names but the store does not have yet."""
    out: dict[str, str] = {}
    for name in sorted({r.new_owner for r in rows if r.new_owner}):
        obj = INSTITUTIONS.create(session, {"name": name, "institution_kind": _owner_kind(name)})
        out[name] = obj.id
    return out


# -- the bulk path ------------------------------------------------------------------------------------------


def _bulk_technologies(
    session: Session,
    rows: list[RowPlan],
    owners: dict[str, str],
    *,
    progress: Progress | None,
    cancel: Cancel | None,
    timings: dict[str, float],
) -> dict[int, str]:
    """Insert new technologies with their patents, change-log and index rows (``workbench.io.bulk``)."""
    with gc_paused():
        writer = TechnologyWriter(
            session.connection(), actor=str(session.info.get("actor", "")), expected=len(rows)
        )
        try:
            next_id = rising_ids()
            created: dict[int, str] = {}
            label = t("写入技术成果", "Writing technologies")
            total = len(rows)
            for start in range(0, total, BULK_BATCH):
                if cancel is not None and cancel():
                    raise ImportCancelledError(
                        t("导入已取消，数据未作任何改动", "Import cancelled; nothing was changed")
                    )
                now = utcnow()
                batch = []
                for row in rows[start : start + BULK_BATCH]:
                    values = row.cleaned
                    if row.new_owner:
                        values = {**values, "institution_id": owners[row.new_owner]}
                    ident = next_id()
                    batch.append((ident, values, row.cleaned.get("patents") or [], now))
                    created[row.row] = ident
                writer.write(batch)
                if progress is not None:
                    progress(label, min(start + BULK_BATCH, total), total)
            writer.finish()
        finally:
            writer.close()
            timings.update(writer.timings)
    return created
