"""Translation files: ``.ts`` sources in resources/translations, compiled to ``.qm`` by the build.

The build (``build.spec``, or ``python -m ui.translations compile``) runs Qt's lrelease. A source checkout
that has not been built yet compiles on first start into the cache folder, so English works either way.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from workbench.paths import resource_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
SOURCE_DIRS = ("ui",)


def ts_path(lang: str) -> Path:
    return resource_dir() / "translations" / f"workbench_{lang}.ts"


def _tool(name: str) -> str:
    """Path of pyside6-lupdate / pyside6-lrelease next to this interpreter, else on PATH."""
    candidate = Path(sys.executable).with_name(f"pyside6-{name}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} not found")
    return found


def compile_ts(ts: Path, qm: Path) -> bool:
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [_tool("lrelease"), str(ts), "-qm", str(qm)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        log.error("lrelease failed for %s: %s", ts, result.stderr)
    return result.returncode == 0


def qm_for(lang: str, cache_dir: Path) -> Path | None:
    """The compiled translation for ``lang``: the built one, else compiled now into ``cache_dir``."""
    ts = ts_path(lang)
    built = ts.with_suffix(".qm")
    if built.exists() and (not ts.exists() or built.stat().st_mtime >= ts.stat().st_mtime):
        return built
    if not ts.exists():
        return None
    cached = cache_dir / built.name
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    try:
        return cached if compile_ts(ts, cached) else None
    except (OSError, FileNotFoundError):
        log.exception("cannot compile %s", ts)
        return None


def update_sources() -> None:
    """Extract every translatable string from the UI code into the .ts files (keeping translations)."""
    root = resource_dir().parent
    files = sorted(str(p.relative_to(root)) for d in SOURCE_DIRS for p in (root / d).rglob("*.py"))
    for lang in LANGUAGES:
        subprocess.run(
            [
                _tool("lupdate"),
                *files,
                "-no-obsolete",
                "-source-language",
                "zh_CN",
                "-target-language",
                lang,
                "-ts",
                str(ts_path(lang).relative_to(root)),
            ],
            cwd=root,
            check=True,
        )


def compile_all() -> None:
    for lang in LANGUAGES:
        ts = ts_path(lang)
        if not compile_ts(ts, ts.with_suffix(".qm")):
            raise SystemExit(f"lrelease failed for {ts}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ui.translations")
    parser.add_argument("action", choices=["update", "compile"])
    args = parser.parse_args(argv)
    update_sources() if args.action == "update" else compile_all()


if __name__ == "__main__":
    main()
