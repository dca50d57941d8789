"""Cost of encryption: the same workload on plain SQLite and on SQLCipher (raw key), printed as ratios.

Both sides use sqlcipher3's SQLite with the store's pragmas (WAL, synchronous=NORMAL, 32 MB cache,
temp_store=MEMORY); the only difference is ``PRAGMA key``. Run: ``python scripts/bench_encryption.py``.
Target (issue 6): at most 1.3x on every figure except full scans.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3

dbapi = sqlcipher3.dbapi2
CHARS = "铜材料复合纤维碳化硅电池储能焊接激光传感器智能制造模具注塑涂层热处理宁波镇海北仑慈溪余姚"
SCHEMA = """
CREATE TABLE enterprise (id TEXT PRIMARY KEY, name TEXT NOT NULL, industry TEXT, address TEXT,
                         created_at TEXT NOT NULL, note TEXT);
CREATE INDEX ix_enterprise_name ON enterprise(name);
CREATE INDEX ix_enterprise_created ON enterprise(created_at);
CREATE VIRTUAL TABLE need_fts USING fts5(title, body, tokenize='unicode61');
"""


def connect(path: Path, key: bytes | None) -> Any:
    conn = dbapi.connect(str(path), isolation_level=None)
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-32000")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def spaced(text: str) -> str:
    """The store's CJK indexing: a space around every Chinese character (see ENVIRONMENT.md)."""
    return " ".join(text)


def text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(n))


def bulk_insert(path: Path, key: bytes | None, rows: int) -> None:
    rng = random.Random(7)
    conn = connect(path, key)
    conn.executescript(SCHEMA)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO enterprise VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                f"{i:08d}",
                text(rng, 10) + "有限公司",
                text(rng, 4),
                text(rng, 20),
                f"2026-{i % 12 + 1:02d}",
                text(rng, 80),
            )
            for i in range(rows)
        ),
    )
    conn.executemany(
        "INSERT INTO need_fts VALUES (?, ?)",
        ((spaced(text(rng, 12)), spaced(text(rng, 120))) for _ in range(rows)),
    )
    conn.execute("COMMIT")
    conn.close()


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run(rows: int, repeat: int) -> list[tuple[str, float, float, bool]]:
    key = os.urandom(32)
    results: list[tuple[str, float, float, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = {False: root / "plain.db", True: root / "encrypted.db"}
        figures: dict[str, dict[bool, float]] = {}

        def record(name: str, enc: bool, seconds: float) -> None:
            figures.setdefault(name, {})[enc] = seconds

        # Alternate the two sides (best of three each) so that machine noise hits both alike.
        for _ in range(3):
            for enc in (False, True):
                for suffix in ("", "-wal", "-shm"):
                    Path(str(paths[enc]) + suffix).unlink(missing_ok=True)
                start = time.perf_counter()
                bulk_insert(paths[enc], key if enc else None, rows)
                t = time.perf_counter() - start
                record("bulk insert", enc, min(t, figures.get("bulk insert", {}).get(enc, t)))
        # Opening: a new connection, the key, the pragmas and a first read of the schema. Interleaved, many
        # times: it is a fraction of a millisecond, so machine noise would otherwise decide the ratio.
        samples: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(repeat * 50):
            for enc in (False, True):
                start = time.perf_counter()
                c = connect(paths[enc], key if enc else None)
                c.execute("SELECT count(*) FROM sqlite_master").fetchone()
                c.close()
                samples[enc].append(time.perf_counter() - start)
        for enc in (False, True):
            record("open", enc, statistics.median(samples[enc]))
        for enc in (False, True):
            k = key if enc else None
            path = paths[enc]

            conn = connect(path, k)
            offsets = [random.Random(1).randrange(0, rows - 50) for _ in range(50)]

            def list_pages(conn: Any = conn, offsets: list[int] = offsets) -> None:
                # A list view's page: walk the name index, as the lazy SQL-backed models do.
                for off in offsets:
                    conn.execute(
                        "SELECT id, name, industry FROM enterprise ORDER BY name LIMIT 50 OFFSET ?", (off,)
                    ).fetchall()

            def name_lookups(conn: Any = conn) -> None:
                for i in range(0, rows, max(1, rows // 200)):
                    conn.execute("SELECT * FROM enterprise WHERE id = ?", (f"{i:08d}",)).fetchone()

            terms = ['"铜 材"', '"碳 化 硅"', '"激 光 焊 接"', '"储 能"', '"模 具"']

            def fts(conn: Any = conn, terms: list[str] = terms) -> None:
                for q in terms:
                    conn.execute(
                        "SELECT rowid FROM need_fts WHERE need_fts MATCH ? ORDER BY rank LIMIT 20", (q,)
                    ).fetchall()

            def full_scan(conn: Any = conn) -> None:
                conn.execute("SELECT count(*) FROM enterprise WHERE note LIKE '%铜材料%'").fetchone()

            for fn in (list_pages, name_lookups, fts, full_scan):
                fn()  # warm the cache: the app keeps its connections (and their caches) open
            record("list page (50 pages)", enc, timed(list_pages, repeat))
            record("lookup by id (200)", enc, timed(name_lookups, repeat))
            record("full-text query (5 phrases)", enc, timed(fts, repeat))
            record("full scan (LIKE, info only)", enc, timed(full_scan, repeat))

            def cold_scan(path: Path = path, k: bytes | None = k) -> None:
                c = connect(path, k)
                c.execute("SELECT count(*) FROM enterprise WHERE note LIKE '%铜材料%'").fetchone()
                c.close()

            record("cold full scan (info only)", enc, timed(cold_scan, repeat))
            conn.close()
        for name, by in figures.items():
            results.append((name, by[False], by[True], "info only" not in name))
        size = {enc: paths[enc].stat().st_size for enc in (False, True)}
        results.append(("file size (MB)", size[False] / 1e6, size[True] / 1e6, False))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    results = run(args.rows, args.repeat)
    print(f"{args.rows:,} enterprises + {args.rows:,} full-text documents; median of {args.repeat} runs")
    print(f"{'figure':32} {'plain':>12} {'encrypted':>12} {'ratio':>7}  target")
    worst = 0.0
    for name, plain, enc, counted in results:
        ratio = enc / plain if plain else float("nan")
        unit = "" if "MB" in name else " ms"
        scale = 1 if "MB" in name else 1000
        verdict = ("ok" if ratio <= 1.3 else "OVER") if counted else "-"
        if counted:
            worst = max(worst, ratio)
        print(
            f"{name:32} {plain * scale:>9.2f}{unit:3} {enc * scale:>9.2f}{unit:3} {ratio:>6.2f}x  {verdict}"
        )
    print(f"worst counted ratio: {worst:.2f}x (target ≤ 1.30x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
