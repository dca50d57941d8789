"""Build the one-folder app with ``build.spec`` and run the frozen app's ``--self-test``; print the figures.

Run from the project root after ``pip install -e ".[build]"``:
``python scripts/build_app.py [--dist DIR] [--skip-build]``.

Fails (exit 1) when PyInstaller fails, when the self-test exits non-zero, or when the self-test writes
anything to stderr or a traceback anywhere: a packaged app that works only with warnings is not shipped.
Prints the build time, the folder's size and file count, and the self-test's time. Not part of the test
run (a build takes minutes); ``tests/ui/test_app_startup.py`` runs ``--self-test`` on the source tree.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "broker-workbench"


def version() -> str:
    text = (ROOT / "workbench" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if found is None:
        raise SystemExit("no __version__ in workbench/__init__.py")
    return found.group(1)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def executable(folder: Path) -> Path:
    if sys.platform == "win32":
        return folder / f"{NAME}.exe"
    return folder / NAME


def build(dist: Path, work: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"PyInstaller failed (exit {done.returncode})")
    return time.perf_counter() - started


def self_test(exe: Path) -> tuple[float, str]:
    """Run the frozen self-test in a clean environment; returns its time and output, or exits on failure."""
    with tempfile.TemporaryDirectory(prefix="workbench-frozen-home-") as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
            "HOME": home,  # no settings or keychain of the person building
            "XDG_CONFIG_HOME": str(Path(home) / ".config"),
            "XDG_DATA_HOME": str(Path(home) / ".local" / "share"),
            "XDG_CACHE_HOME": str(Path(home) / ".cache"),
        }
        env.pop("PYTHONPATH", None)  # the frozen app must not lean on the source tree
        started = time.perf_counter()
        done = subprocess.run(
            [str(exe), "--self-test"],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        elapsed = time.perf_counter() - started
    output = done.stdout + done.stderr
    problems = []
    if done.returncode != 0:
        problems.append(f"exit code {done.returncode}")
    if done.stderr.strip():
        problems.append("output on stderr")
    if "Traceback" in output or "FAILED" in output:
        problems.append("a failure in the output")
    if "self-test passed" not in done.stdout:
        problems.append("no 'self-test passed' line")
    print(done.stdout, end="")
    if problems:
        print(done.stderr, end="", file=sys.stderr)
        raise SystemExit("frozen self-test failed: " + ", ".join(problems))
    return elapsed, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/build_app.py", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dist", default=str(ROOT / "dist"), help="where the app folder goes (default: dist/)"
    )
    parser.add_argument(
        "--work", default=str(ROOT / "build"), help="PyInstaller's work folder (default: build/)"
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="only run the self-test of an existing build"
    )
    args = parser.parse_args(argv)
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    folder = dist / f"{NAME}-{version()}"
    build_seconds = None if args.skip_build else build(dist, work)
    exe = executable(folder)
    if not exe.exists():
        raise SystemExit(f"no frozen app at {exe}")
    test_seconds, _output = self_test(exe)
    size, files = folder_size(folder)
    if build_seconds is not None:
        print(f"build time: {build_seconds:.0f} s")
    print(f"app folder: {folder} ({size / 1e6:.0f} MB, {files} files)")
    print(f"frozen self-test: passed in {test_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
