"""What every command module shares: opening the store, printing JSON or a table, argument checks."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.keys import TerminalKeyProvider
from workbench.money import amount_in_words, format_yuan
from workbench.paths import DataPaths, default_paths, paths_for_db
from workbench.store import AutoBackup, Store

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "broker": ("id", "name", "level", "agency", "phone"),
    "enterprise": ("id", "name", "uscc", "division_code", "industry_code"),
    "contact": ("id", "name", "title", "mobile", "enterprise_id"),
    "institution": ("id", "name", "institution_kind", "region"),
    "visit": ("id", "started_at", "place", "enterprise_id", "follow_up_on"),
    "need": ("id", "title", "status", "enterprise_id"),
    "technology": ("id", "title", "maturity", "institution_id"),
    "match": ("id", "stage", "need_id", "technology_id"),
    "contract": ("id", "title", "contract_type", "registration_no", "tech_amount_fen"),
    "payment": ("id", "paid_on", "amount_fen", "contract_id", "invoice_no"),
    "claim": ("id", "claim_no", "status", "amount_fen", "contract_id"),
    "policy": ("id", "policy_key", "version", "name", "active"),
}

# SQLite refuses LIKE patterns over 50,000 bytes ("LIKE pattern too complex"); a search term is a few words.
MAX_FILTER_CHARS = 500
# A need description for matching may be a few paragraphs, never a book.
MAX_DESCRIPTION_CHARS = 20_000
# SQLite integers are signed 64-bit; larger counts are typing mistakes.
MAX_INT = 2**62


class CliError(WorkbenchError):
    """A usage problem found after parsing (e.g. a malformed --filter)."""


# -- arguments -------------------------------------------------------------------------------------


def bounded_int(low: int, high: int = MAX_INT) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number in ``[low, high]`` (argparse turns the error into words)."""

    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                t("应为整数：{v}", "not a whole number: {v}", v=visible(raw))
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                t(
                    "应在 {a} 到 {b} 之间：{v}",
                    "must be between {a} and {b}: {v}",
                    a=low,
                    b=high,
                    v=visible(raw if len(raw) <= 40 else raw[:39] + "…"),
                )
            )
        return value

    parse.__name__ = "integer"  # argparse names the type in its message
    return parse


def limited_text(raw: str | None, name: str, limit: int = MAX_FILTER_CHARS) -> str | None:
    """Refuse a search text longer than anyone types (SQLite would fail on it with a cryptic error)."""
    if raw is not None and len(raw) > limit:
        raise CliError(
            t(
                "{n} 太长（{c} 个字符，最多 {m} 个）",
                "{n} is too long ({c} characters, at most {m})",
                n=name,
                c=len(raw),
                m=limit,
            )
        )
    return raw


def parse_filters(items: Sequence[str]) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise CliError(
                t("筛选条件应写作 字段=值：{i}", "A filter is written field=value: {i}", i=visible(item))
            )
        key, value = item.split("=", 1)
        filters[key.strip()] = limited_text(value.strip(), "--filter")
    return filters


def date_arg(value: str | None, name: str) -> date | None:
    if not value:
        return None
    from workbench.validation import check_date

    return check_date(value, field=name).raise_for_errors(accept_warnings=False)


def service(kind: str) -> Any:
    from workbench.services import service_for

    try:
        return service_for(kind)
    except KeyError:
        kinds = ", ".join(sorted(LIST_COLUMNS))
        raise CliError(
            t("未知的记录类型“{k}”，可用：{a}", "Unknown kind “{k}”; one of: {a}", k=visible(kind), a=kinds)
        ) from None


# -- the store -------------------------------------------------------------------------------------


def data_paths(args: argparse.Namespace) -> DataPaths:
    return paths_for_db(args.db) if args.db else default_paths()


def key_provider(args: argparse.Namespace) -> TerminalKeyProvider:
    """Keys for the CLI: keychain, else WORKBENCH_PASSPHRASE, else a hidden prompt on a terminal."""
    sheet = getattr(args, "recovery_sheet", None)
    return TerminalKeyProvider(sheet=Path(sheet) if sheet else None)


def open_store(args: argparse.Namespace, *, create: bool = False, auto_backup: bool = True) -> Store:
    paths = data_paths(args)
    try:
        store = Store.open(
            paths.db,
            create=create,
            backup_dir=paths.backup_dir,
            keys=key_provider(args),
            auto_backup=AutoBackup() if auto_backup else None,
        )
    except (WorkbenchError, OSError):
        raise
    except Exception as exc:
        # A hand-edited or truncated key file surfaces as a parsing error from deep inside key handling;
        # anything else is a real bug, left for main() to log.
        if not _raised_in_key_handling(exc):
            raise
        from workbench.keys import key_file_for

        raise CliError(
            t(
                "无法读取密钥文件 {k}（{e}）。"
                "请从备份恢复这个文件，或用 workbench key recover 和恢复密钥打开。",
                "The key file {k} cannot be read ({e}). Restore it from a backup, or open the data with "
                "`workbench key recover` and the recovery key.",
                k=key_file_for(paths.db),
                e=visible(f"{type(exc).__name__}: {exc}"[:200]),
            )
        ) from exc
    if create:
        from workbench.services.policies import sync_default_policies

        with store.session(actor="cli") as session:
            sync_default_policies(session)
    return store


def _raised_in_key_handling(exc: BaseException) -> bool:
    keys_code = os.sep + "workbench" + os.sep + "keys"  # keys.py today, perhaps a keys/ package later
    tb = exc.__traceback__
    while tb is not None:
        if keys_code in tb.tb_frame.f_code.co_filename:
            return True
        tb = tb.tb_next
    return False


# -- output ----------------------------------------------------------------------------------------


def visible(text: str) -> str:
    r"""``text`` with control characters, bidi overrides and undecodable bytes shown as escapes.

    Data can hold anything a spreadsheet or a paste put there; printed raw, ``\x1b[…`` would drive the
    user's terminal (recolour it, move the cursor, rewrite what was shown).
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif unicodedata.category(ch) == "Zs":  # the ideographic space of Chinese text, no-break spaces
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def record_json(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = obj.model_dump(mode="json", exclude={"pdf_bytes"})
    for key, value in list(data.items()):
        if key.endswith("_fen") and isinstance(value, int):
            data[key[:-4] + "_yuan"] = format_yuan(value)
    return data


def emit(args: argparse.Namespace, payload: Any, text: Callable[[], str]) -> None:
    if args.json:
        # ensure_ascii=False keeps Chinese readable; json escapes control characters itself.
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print(visible_lines(text()))


def visible_lines(text: str) -> str:
    return "\n".join(visible(line) for line in text.split("\n"))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return t("（无记录）", "(no records)")
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(width(c), *(width(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(pad(v, w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def cell(value: Any) -> str:
    if value is None:
        return ""
    text = visible(str(value))
    return text if len(text) <= 40 else text[:39] + "…"


def width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def pad(text: str, w: int) -> str:
    return text + " " * (w - width(text))


def show_value(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def progress_printer() -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return report


def details(session: Session, kind: str, obj: Any) -> dict[str, Any]:
    """One record with what belongs to it (patents, history, payments, shares), for ``show`` and claims."""
    from workbench.services import CLAIMS, CONTRACTS, MATCHES, TECHNOLOGIES, VISITS

    data = record_json(obj)
    if kind == "technology":
        data["patents"] = [
            {"number": p.number, "kind": p.patent_kind} for p in TECHNOLOGIES.patents(session, obj.id)
        ]
    elif kind == "match":
        data["history"] = [e.model_dump(mode="json") for e in MATCHES.history(session, obj.id)]
    elif kind == "contract":
        data["payments"] = [record_json(p) for p in CONTRACTS.payments(session, obj.id)]
        data["received_yuan"] = format_yuan(CONTRACTS.received_fen(session, obj.id))
    elif kind == "visit":
        data["broker_ids"] = VISITS.broker_ids(session, obj.id)
        data["contact_ids"] = VISITS.contact_ids(session, obj.id)
    elif kind == "claim":
        data["shares"] = [s.model_dump(mode="json") for s in CLAIMS.shares(session, obj.id)]
        data["history"] = [e.model_dump(mode="json") for e in CLAIMS.history(session, obj.id)]
        data["amount_in_words"] = amount_in_words(obj.amount_fen)
    return data
