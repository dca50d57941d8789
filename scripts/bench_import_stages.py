"""Benchmark of an import's read and preview stages alone (no write): medians over a few fresh processes.

Run from the project root: ``python scripts/bench_import_stages.py FILE.xlsx [--runs 3] [--profile OUT]``
(make the file once with ``scripts/bench_import.py --rows 100000 --keep DIR``).

Each run is a new process with a new, empty encrypted store (a first import, as ``bench_import.py``
measures end to end), timing ``open_file`` (read and map) and ``dry_run`` (the preview) separately, next
to the floor: python-calamine merely reading the sheet. ``--profile`` writes a cProfile of one run's
read and preview instead, sorted by cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_import import child  # noqa: E402 - the sibling script, run from the project root

FLOOR = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import python_calamine as pc
book = pc.CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
print(json.dumps({"floor": time.perf_counter() - t0, "floor_cpu": time.process_time() - c0}))
"""

STAGES = """
import cProfile, json, pstats, sys, time
from pathlib import Path
from workbench.store import Store
from workbench.io.importer import open_file, dry_run
store = Store.open(Path(sys.argv[2]))
profile = cProfile.Profile() if sys.argv[3] else None
if profile:
    profile.enable()
t0, c0 = time.perf_counter(), time.process_time()
opened = open_file(sys.argv[1], "technology")
t1, c1 = time.perf_counter(), time.process_time()
plan = dry_run(store, opened)
t2, c2 = time.perf_counter(), time.process_time()
if profile:
    profile.disable()
    with open(sys.argv[3], "w") as out:
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(60)
store.close(backup=False)
print(json.dumps({"read": t1 - t0, "preview": t2 - t1, "read_cpu": c1 - c0, "preview_cpu": c2 - c1,
                  "rows": len(plan.rows), "counts": plan.counts}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", metavar="OUT", help="write a cProfile of one run here (no timing runs)")
    args = parser.parse_args()
    env = {
        **os.environ,
        "WORKBENCH_PASSPHRASE": "bench-import-passphrase",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    runs = 1 if args.profile else args.runs
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        for n in range(runs):
            floor = {} if args.profile else child(FLOOR, str(args.file), env=env)
            db = Path(tmp) / f"run{n}.db"
            stages = child(STAGES, str(args.file.resolve()), str(db), args.profile or "", env=env)
            results.append({**floor, **stages})
            print(json.dumps(results[-1]), flush=True)
    if args.profile:
        print(f"profile written to {args.profile}")
        return 0
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    # Wall time is what a user waits; CPU time (in brackets) says less about the other work on the machine.
    for name in ("floor", "read", "preview"):
        values = [float(r[name]) for r in results]  # type: ignore[arg-type]
        cpu = [float(r[name + "_cpu"]) for r in results]  # type: ignore[arg-type]
        print(
            f"{name}: median {statistics.median(values):.3f} s ({', '.join(f'{v:.3f}' for v in values)}), "
            f"CPU median {statistics.median(cpu):.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
