"""Benchmark of ``workbench demo``: wall time, file size and rows per second for a large technology library.

Run from the project root: ``python scripts/bench_demo.py [--technologies 1000000] [--keep]``.
It runs the real command (``python -m workbench.cli --db TMP demo …``) in a temporary folder, times each
stage from the command's own progress lines (records through the services, bulk technologies, search
index, then closing, which includes the automatic backup), and prints the database size with its WAL.

The temporary database is encrypted like any other; the key is wrapped with a throw-away passphrase and
the system keychain is switched off for the child, so nothing is written outside the temporary folder.
"""

from __future__ import annotations

import argparse
import codecs
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRESS = re.compile(r"^(?P<stage>.+): (?P<done>\d+)/(?P<total>\d+)$")


@dataclass
class Stage:
    """One progress stage of the command: when it was first and last reported, and how far it got."""

    first_at: float
    first_done: int
    last_at: float = 0.0
    done: int = 0


def run(db: Path, technologies: int, enterprises: int, seed: int) -> tuple[float, float, dict[str, Stage]]:
    """Run the demo command; returns its wall time, its CPU time and its progress stages in order."""
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # never touch the real keychain
        "WORKBENCH_PASSPHRASE": "bench-demo-passphrase",
    }
    cmd = [
        sys.executable, "-m", "workbench.cli", "--db", str(db), "demo",
        "--technologies", str(technologies), "--enterprises", str(enterprises), "--seed", str(seed),
    ]  # fmt: skip
    stages: dict[str, Stage] = {}
    other: list[str] = []
    decoder = codecs.getincrementaldecoder("utf-8")()
    cpu_before = _children_cpu()
    start = time.perf_counter()
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        buffer = ""
        # os.read returns as soon as the child writes, so each progress line is timed when it appears.
        while chunk := os.read(proc.stderr.fileno(), 65536):
            now = time.perf_counter() - start
            *lines, buffer = re.split(r"[\r\n]", buffer + decoder.decode(chunk))
            for line in lines:
                m = PROGRESS.match(line.strip())
                if m is None:
                    other.append(line)
                    continue
                stage = stages.setdefault(m["stage"], Stage(now, int(m["done"])))
                stage.last_at, stage.done = now, int(m["done"])
        output = proc.stdout.read().decode("utf-8")
        code = proc.wait()
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    if code != 0:
        raise SystemExit(
            f"workbench demo failed with exit code {code}:\n{output}" + "\n".join(other) + buffer
        )
    print(output.strip())
    return wall, cpu, stages


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def size_mb(db: Path) -> float:
    files = [db, db.with_name(db.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--technologies", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    db = tmp / "demo.db"
    try:
        wall, cpu, stages = run(db, args.technologies, args.enterprises, args.seed)
        print(f"\ntechnologies: {args.technologies:,}   enterprises: {args.enterprises}")
        print(f"wall time: {wall:.1f} s   ({args.technologies / wall:,.0f} technologies per second overall)")
        print(
            f"CPU time of the command: {cpu:.1f} s (wall time stretches when other processes share the CPU)"
        )
        print(f"database: {size_mb(db):,.1f} MB (file + WAL)")
        backups = sum(f.stat().st_size for f in (tmp / "backups").glob("*") if f.is_file()) / 1e6
        if backups:
            print(f"automatic backup written on close: {backups:,.1f} MB")
        print("\nstage                   started  finished    took")
        previous_end = 0.0
        for name, stage in stages.items():
            print(
                f"{name:<22} {stage.first_at:8.1f} {stage.last_at:9.1f} {stage.last_at - previous_end:7.1f} s"
            )
            previous_end = stage.last_at
        print(f"{'close (backup), exit':<22} {previous_end:8.1f} {wall:9.1f} {wall - previous_end:7.1f} s")
        bulk = stages.get("technologies")
        if bulk and bulk.last_at > bulk.first_at:
            rate = (bulk.done - bulk.first_done) / (bulk.last_at - bulk.first_at)
            print(f"\nbulk insert: {bulk.done - bulk.first_done:,} technologies, {rate:,.0f} per second")
        if args.keep:
            print(f"kept: {tmp}")
    finally:
        if not args.keep:
            for f in sorted(tmp.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
            tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
