"""The ``workbench`` command: the headless CLI over the same services the desktop app uses.

Each command group lives in its own module with a ``register(sub, common)`` function; adding a group is one
line in :data:`COMMAND_MODULES`. :func:`main` is the one boundary where every failure becomes words: a
user never sees a traceback (unexpected ones go to a log file whose path is printed).
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, NoReturn

from workbench import __version__, i18n
from workbench.cli.common import CliError, visible
from workbench.errors import ValidationError, WorkbenchError
from workbench.i18n import t

__all__ = ["COMMAND_MODULES", "CliError", "build_parser", "main"]

# Tracebacks of unexpected failures go to the log file only, never to the terminal.
crash_log = logging.getLogger("workbench.cli.crash")
crash_log.propagate = False

# In the order their commands appear in ``workbench --help``.
COMMAND_MODULES: list[str] = [
    "workbench.cli.data",
    "workbench.cli.policy",
    "workbench.cli.records",
    "workbench.cli.claims",
    "workbench.cli.search",
    "workbench.cli_io",
    "workbench.cli.sync",
    "workbench.cli.server",
]

LOG_NAME = "workbench-cli.log"
# What a shell reports for a command killed by SIGPIPE (128 + 13), as `yes | head` shows.
BROKEN_PIPE_EXIT = 141


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("{p}: 错误：{m}\n", "{p}: error: {m}\n", p=self.prog, m=visible(message)))


def _common_options(*, suppress: bool) -> _Parser:
    """The global options, accepted before or after the command.

    Sub-commands use SUPPRESS defaults so that an option given before the command is not reset.
    """
    common = _Parser(add_help=False)
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    common.add_argument(
        "--db",
        help=t("数据文件路径（默认在用户数据目录）", "database file (default: the user data folder)"),
        **default,
    )
    common.add_argument(
        "--json", action="store_true", help=t("输出 JSON", "machine-readable JSON output"), **default
    )
    common.add_argument("--lang", choices=["zh_CN", "en"], help=t("消息语言", "message language"), **default)
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=True)
    parser = _Parser(
        prog="workbench",
        description=t("技术经纪人工作台命令行", "Broker Workbench command line"),
        epilog=t(
            "以“-”开头的值（如需求文字“-涂层”）写作 --text=-涂层，或放在单独的 -- 之后："
            "workbench search -- -涂层。",
            "A value that starts with '-' (such as the need text '-coating') is written --text=-coating, "
            "or placed after a lone --: workbench search -- -coating.",
        ),
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMAND_MODULES:
        import_module(name).register(sub, common)
    return parser


def _undecodable(argv: Sequence[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    for arg in argv:
        # NUL cannot come from a shell; callers of main() in-process could pass it, and paths reject it.
        if "\x00" in arg or any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            return arg
    return None


def _log_path(args: argparse.Namespace | None) -> Path:
    """Beside the data file the command was about to use, else the platform's log folder."""
    from workbench.paths import default_paths, paths_for_db

    db = getattr(args, "db", None)
    try:
        return (paths_for_db(db) if db else default_paths()).log_dir / LOG_NAME
    except (OSError, ValueError):
        import tempfile

        return Path(tempfile.gettempdir()) / LOG_NAME


def _write_log(args: argparse.Namespace | None, exc: BaseException) -> Path | None:
    """Keep the full story of an unexpected failure for whoever fixes it; the user gets one line."""
    path = _log_path(args)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.FileHandler(path, encoding="utf-8")
        os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    crash_log.addHandler(handler)
    try:
        argv = " ".join(visible(a) for a in sys.argv[1:])
        crash_log.error("workbench %s failed (argv: %s)", __version__, argv, exc_info=exc)
    finally:
        crash_log.removeHandler(handler)
        handler.close()
    return path


def _silence_stdout() -> None:
    """After the reader of a pipe went away: later writes (and the final flush) go nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _say(message: str) -> None:
    print(visible(message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(argv):  # before parsing, so that --help and usage errors speak it too
        lang = arg[len("--lang=") :] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        if lang in ("zh_CN", "en"):
            i18n.set_language(lang)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    bad = _undecodable(argv)
    if bad is not None:
        _say(
            t(
                "workbench: 错误：参数不是有效的 UTF-8 文字：{a}（请检查终端的字符编码）",
                "workbench: error: an argument is not valid UTF-8 text: {a} (check the terminal's encoding)",
                a=bad,
            )
        )
        return 2
    args: argparse.Namespace | None = None
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help into a pipe that closed: handled below like any output
            raise
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers, not at interpreter exit
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE_EXIT
    except ValidationError as exc:
        for item in exc.issues:
            prefix = t("警告", "warning") if not item.is_error else t("错误", "error")
            _say(f"{prefix}: {item.field + ': ' if item.field else ''}{item.message}")
        return 1
    except WorkbenchError as exc:
        _say(t("错误：{m}", "error: {m}", m=exc.message))
        return 1
    except KeyboardInterrupt:
        _say(t("已取消", "cancelled"))
        return 130
    except OSError as exc:
        from workbench.keys import os_error

        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EROFS, errno.EACCES, errno.EPERM):
            where = Path(exc.filename) if exc.filename else Path.cwd()
            _say(t("错误：{m}", "error: {m}", m=os_error(exc, where).message))
            return 1
        if exc.filename:  # a file or folder the user named (missing, a folder, a name too long …)
            _say(
                t(
                    "错误：{p}：{e}",
                    "error: {p}: {e}",
                    p=exc.filename,
                    e=exc.strerror or type(exc).__name__,
                )
            )
            return 1
        return _unexpected(args, exc)
    except Exception as exc:
        if _is_locked(exc):
            _say(
                t(
                    "错误：数据文件正被另一个程序（例如工作台应用）写入，等待后仍未空出。"
                    "请稍后重试；什么也没有改动。",
                    "error: another program (the desktop app, perhaps) is writing to the data file and "
                    "did not finish in time. Try again in a moment; nothing was changed.",
                )
            )
            return 1
        return _unexpected(args, exc)
    return code


def _unexpected(args: argparse.Namespace | None, exc: BaseException) -> int:
    path = _write_log(args, exc)
    what = visible(f"{type(exc).__name__}: {exc}")
    if len(what) > 300:
        what = what[:299] + "…"
    _say(
        t(
            "错误：意外的问题（{w}）。详细信息已写入 {p}；报告问题时请附上这个文件。",
            "error: something unexpected went wrong ({w}). The details are in {p}; "
            "please attach that file when reporting the problem.",
            w=what,
            p=path if path is not None else t("（日志无法写入）", "(the log could not be written)"),
        )
    )
    return 1
