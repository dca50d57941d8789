"""A second process for the concurrency harness: mixed writes to one data file, then a JSON report.

Run as ``python -m tests.workbench.store_writer_child DB KEYHEX TAG COUNT GO_FILE``. It waits for
``GO_FILE`` so that both writers start together, then does ``COUNT`` writes that read before they write
(create; update an earlier record of its own; soft-delete every fifth), and prints what it did and every
error it met.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sqlmodel import select

import workbench.search.index  # noqa: F401 - the search index's hooks, as in the app
from workbench.models import Enterprise, utcnow
from workbench.store import Store


def main(argv: list[str]) -> int:
    db, key_hex, tag, count, go = argv[0], argv[1], argv[2], int(argv[3]), Path(argv[4])
    store = Store.open(db, key=bytes.fromhex(key_hex), create=False, migrate=False)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    created: list[str] = []
    updated: dict[str, str] = {}
    deleted: list[str] = []
    errors: list[str] = []
    for i in range(count):
        done: tuple[str, str, str] | None = None  # (what, id, value), recorded only once committed
        try:
            with store.session(actor=tag) as s:
                op = i % 5
                if op == 4 and len(created) > 1:
                    victim = created[len(created) // 2]
                    row = s.get(Enterprise, victim)
                    if row is not None and row.deleted_at is None:
                        row.deleted_at = utcnow()
                        done = ("deleted", victim, "")
                elif op in (2, 3) and created:
                    row = s.get(Enterprise, created[-1])
                    assert row is not None
                    row.notes = f"{tag} update {i}"
                    done = ("updated", row.id, row.notes)
                else:
                    # Read first (how many of ours exist), then write: the pattern SQLite cannot upgrade
                    # from a deferred BEGIN when another process wrote in between.
                    mine = len(s.exec(select(Enterprise.id).where(Enterprise.name.startswith(tag))).all())
                    e = Enterprise(name=f"{tag}-{i:04d}", notes=f"{tag} seen {mine}")
                    s.add(e)
                    s.flush()
                    done = ("created", e.id, e.name)
        except Exception as exc:  # counted, never hidden: the harness asserts there are none
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
            continue
        if done is None:
            continue
        what, ident, value = done
        if what == "created":
            created.append(ident)
        elif what == "updated":
            updated[ident] = value
        elif ident not in deleted:
            deleted.append(ident)
    store.close(backup=False)
    report = {"created": created, "updated": updated, "deleted": deleted, "errors": errors}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
