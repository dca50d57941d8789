"""Load on the district server: many brokers syncing at once, each pushing a day's changes and pulling.

Starts a throw-away PostgreSQL cluster on loopback (see ``tests/server/pg.py``), creates the schema, a shared
registry and one role per broker, then lets every broker sync at the same moment from its own thread and
connection: connect with SCRAM, push its changes through ``wb.push`` exactly as ``workbench.sync.engine``
sends them (one transaction, pipelined), pull everything it may see since its cursor, mark the sync. Prints
p50/p95/max sync time and the server's CPU seconds (all PostgreSQL processes, from /proc).

    python scripts/bench_sync.py [--brokers 200] [--changes 50] [--registry 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from psycopg.types.json import Jsonb

from tests.server.pg import Cluster, throwaway_cluster
from workbench.server import admin
from workbench.sync import engine


def _postgres_cpu_seconds(cluster: Cluster) -> float:
    """CPU of the postmaster, its live backends, and the backends that already ended (its cutime/cstime)."""
    pid = cluster.postmaster_pid()
    if pid is None:
        return 0.0
    tick = 100.0
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        proc_pid, parent = int(stat.parent.name), int(fields[1])
        if proc_pid == pid:
            total += sum(int(v) for v in fields[11:15]) / tick
        elif parent == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _changes(broker: int, firms: list[str], count: int) -> list[engine.Change]:
    out: list[engine.Change] = []
    for i in range(count):
        cid = f"bench-{broker}-{i}"
        if i % 5 == 0:
            out.append(
                engine.Change(cid, "need", str(uuid.uuid4()), "create", new={"title": f"需求{broker}-{i}"})
            )
        elif i % 5 == 1:
            out.append(engine.Change(cid, "visit", str(uuid.uuid4()), "create", new={"summary": f"拜访{i}"}))
        else:
            firm = firms[(broker * 7 + i) % len(firms)]
            out.append(engine.Change(cid, "enterprise", firm, "update", "notes", "", f"备注 {broker}-{i}"))
    return out


def _one_broker(url: str, changes: list[engine.Change], start: threading.Event, out: list[float]) -> None:
    start.wait()
    began = time.perf_counter()
    report = engine.SyncReport()
    with psycopg.connect(url) as conn:
        engine._send(conn, changes, report)  # the laptops' own push path
        cursor = 0
        while True:
            rows = conn.execute(engine.PULL_SQL, (cursor, engine.PULL_PAGE)).fetchall()
            conn.commit()
            if not rows:
                break
            cursor = int(rows[-1][4])
        conn.execute("SELECT wb.mark_synced(true)")
        conn.commit()
    out.append(time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", type=int, default=200)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--registry", type=int, default=2000, help="shared enterprises already on the server")
    args = parser.parse_args()
    with throwaway_cluster(max_connections=args.brokers + 20) as cluster:
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE district")
        admin_url = cluster.url("district")
        admin.init(admin_url)
        firms = [str(uuid.uuid4()) for _ in range(args.registry)]
        with psycopg.connect(admin_url) as conn, conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO wb.record (id, kind, data) VALUES (%s, 'enterprise', %s)",
                [(f, Jsonb({"name": f"企业{i}", "notes": ""})) for i, f in enumerate(firms)],
            )
        urls = []
        for b in range(args.brokers):
            made = admin.add_user(admin_url, f"bench{b}", role="broker", password=f"pw-{b}-bench")
            urls.append(cluster.url("district", made.name, made.password))
        plans = [_changes(b, firms, args.changes) for b in range(args.brokers)]
        start = threading.Event()
        times: list[float] = []
        threads = [
            threading.Thread(target=_one_broker, args=(url, plan, start, times))
            for url, plan in zip(urls, plans, strict=True)
        ]
        for thread in threads:
            thread.start()
        cpu_before = _postgres_cpu_seconds(cluster)
        wall = time.perf_counter()
        start.set()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - wall
        cpu = _postgres_cpu_seconds(cluster) - cpu_before
        with psycopg.connect(admin_url) as conn:
            outcomes: dict[str, int] = dict(
                conn.execute("SELECT outcome, count(*) FROM wb.change GROUP BY outcome").fetchall()
            )
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"brokers syncing at once : {args.brokers} ({args.changes} changes each, registry {args.registry})")
    print(f"finished               : {len(times)} of {args.brokers}")
    print(f"sync time p50 / p95 / max: {statistics.median(times):.3f} s / {p95:.3f} s / {times[-1]:.3f} s")
    print(f"all done in            : {wall:.2f} s wall")
    print(f"server CPU             : {cpu:.2f} s ({cpu / wall * 100:.0f}% of one core over the run)")
    print(f"change outcomes        : {outcomes}")


if __name__ == "__main__":
    main()
