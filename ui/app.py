"""Entry point of the desktop app (``broker-workbench``): options, logging, fonts, language, store.

Start-up is ordered for the first paint. Qt is imported inside the functions: when no passphrase has to
be asked for, :func:`main` imports the data layer before Qt, because PySide reads the source of every
module imported after it (a tenth of a second over the data layer's modules); when one has to, the
passphrase dialog comes first and the data layer is imported while the user types. The screens are
imported only once they are needed, and work the first screen does not need (reward policies, the daily
backup, the search-index check, the status counts) runs on pool threads once the window is drawn.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from workbench import __version__, i18n
from workbench.errors import WorkbenchError
from workbench.keys import KeyProvider, KeyStore, PassphraseRequest, RecoveryKey, keychain_get
from workbench.paths import DataPaths, default_paths, private_log_handler, resource_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.context import AppContext
    from ui.mainwindow import MainWindow
    from ui.single_instance import SingleInstance
    from ui.tasks import Task
    from workbench.services.base import Changes
    from workbench.store import Store

log = logging.getLogger("ui")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="broker-workbench", description="技术经纪人工作台 Broker Workbench")
    parser.add_argument(
        "--demo", action="store_true", help="open a separate demo database (created on first use)"
    )
    parser.add_argument("--data-dir", help="keep data, logs and settings in this folder")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (data file, claim PDF, main window) and exit",
    )
    # For review under a real X display: save a screenshot of the screen once the window is up, then quit.
    parser.add_argument("--grab", metavar="PNG", help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def setup_logging(paths: DataPaths) -> None:
    # Owner-only: the log names enterprises and file paths.
    handler = private_log_handler(paths)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def choose_language(requested: str | None) -> str:
    """The requested language, else the system's; Simplified Chinese when unsure."""
    from PySide6.QtCore import QLocale

    if requested:
        return requested
    name = QLocale.system().name()
    return "en" if name.startswith("en") else "zh_CN"


def install_translators(app: QApplication, lang: str, cache_dir: Path | None = None) -> list[QTranslator]:
    """Install the app's translation and Qt's own (for standard dialogs); returns what was installed."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QStandardPaths, QTranslator

    from ui.translations import qm_for

    i18n.set_language(lang)
    installed = []
    qm = qm_for(
        lang,
        cache_dir or Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)),
    )
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log every unexpected error with its traceback; show the user a plain message instead."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    log.error("unexpected error", exc_info=(kind, exc, tb))
    if QApplication.instance() is None:
        return
    if isinstance(exc, WorkbenchError):
        QMessageBox.warning(None, QApplication.translate("app", "无法完成操作"), exc.message)
        return
    QMessageBox.critical(
        None,
        QApplication.translate("app", "出现意外错误"),
        QApplication.translate(
            "app", "操作没有完成，已保存的数据不受影响。详细信息已写入日志文件，可将其发送给技术支持。"
        ),
    )


def open_store(
    paths: DataPaths,
    *,
    demo: bool,
    keys: KeyProvider | None = None,
    create: bool = False,
    convert: bool = False,
) -> Store:
    """Open the encrypted data file (key from the keychain, else through ``keys``: the app's dialogs).

    A new data file is made only when ``create`` (the user said so) or for the demo, whose data is not the
    user's; an old plaintext file is encrypted only when ``convert``. Migrations run here, before anything
    reads the file. The daily backup is not made here: it copies and checks the whole file (three minutes
    at a million technologies), so :func:`main` starts it off the UI thread once the window is up
    (:func:`start_daily_backup`); the shipped reward policies are added then too (:func:`start_policy_sync`),
    except for the demo, whose generated claims need them.
    """
    from workbench.store import AutoBackup, Store

    paths.ensure()
    store = Store.open(
        paths.db,
        backup_dir=paths.backup_dir,
        keys=keys,
        auto_backup=AutoBackup(daily=False),
        create=create or demo,
        convert_plaintext=convert,
    )
    if demo:
        from workbench.demo import generate
        from workbench.services import ENTERPRISES
        from workbench.services.policies import sync_default_policies

        with store.session(actor="app") as session:
            sync_default_policies(session)
        with store.session(write=False) as session:
            empty = not ENTERPRISES.list(session, limit=1, with_total=False).rows
        if empty:
            from workbench.demo import demo_clock

            generate(store, technologies=2000, enterprises=60, seed=2026, clock=demo_clock())
    return store


def start_policy_sync(ctx: AppContext) -> Task:
    """The shipped reward policies the data file does not know yet, added on a pool thread once the window
    is drawn (reading them validates every policy file: the first screen does not need them). Views showing
    policies refresh through the change bus.
    """

    def work(_progress: object, _cancel: object) -> Changes:
        # Imported here, on the pool thread: the rules' schema would hold up the first paint.
        from workbench.services.policies import sync_default_policies

        with ctx.store.session(actor="app") as session:
            return sync_default_policies(session)

    return ctx.tasks.start(
        work,
        on_done=lambda changes: ctx.bus.publish(changes) if changes.ids else None,
        on_error=lambda exc: log.warning("could not add the shipped reward policies: %s", exc),
    )


class _AskedFirst:
    """A key provider whose first passphrase request is answered by what the user typed before the data
    file was opened; a wrong passphrase, a retry or any other question goes to the dialogs as before.
    """

    def __init__(self, provider: KeyProvider, answer: str | None) -> None:
        self.provider = provider
        self.answer = answer
        self.used = False

    def passphrase(self, request: PassphraseRequest) -> str | None:
        if not self.used and request.attempt == 1 and not request.new and not request.change:
            self.used = True
            return self.answer
        return self.provider.passphrase(request)

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        self.provider.show_recovery_key(db, recovery)


def passphrase_needed(db: Path) -> bool:
    """Whether opening ``db`` will ask for its passphrase: an encrypted file whose key file holds a
    passphrase-wrapped key that the keychain does not have. Anything unusual says no: opening the file
    then asks (or explains) as it always does.
    """
    try:
        with open(db, "rb") as fh:
            head = fh.read(16)
        keystore = KeyStore(db)
        kf = keystore.read()
    except (OSError, WorkbenchError):
        return False
    if len(head) < 16 or head == b"SQLite format 3\x00" or kf is None or not kf.passphrase:
        return False
    names = {keystore.username, kf.keychain_username}
    return not any(name and keychain_get(name) for name in names)


def ask_passphrase_first(
    paths: DataPaths, provider: KeyProvider, *, needed: bool | None = None
) -> KeyProvider:
    """When the key is not in the keychain, ask for the passphrase now: before the data layer and the
    screens are imported, so the dialog is the first thing the user sees. While they type, the data
    layer is imported on another thread; the store then opens with the answer (a wrong one asks again).
    ``needed`` is :func:`passphrase_needed` when already asked.
    """
    if not (passphrase_needed(paths.db) if needed is None else needed):
        return provider
    loader = threading.Thread(target=import_data_layer, name="import-data-layer", daemon=True)
    loader.start()
    answer = provider.passphrase(PassphraseRequest(paths.db, new=False))
    # One importer at a time from here on: two threads importing modules that import each other can stop
    # each other.
    loader.join()
    return _AskedFirst(provider, answer)


def import_data_layer() -> None:
    """The data layer's modules (about half a second): no Qt objects are made by importing them."""
    # The models, SQLAlchemy, SQLModel, the search index; the first screen's figures; opening the file.
    try:
        for name in ("workbench.services", "workbench.services.stats", "workbench.store"):
            importlib.import_module(name)
    except Exception:
        # The main thread imports them again, and reports what is wrong.
        log.exception("importing the data layer in the background failed")


def _claim_data_dir(paths: DataPaths) -> SingleInstance | None:
    """Take the data directory, or hand over to the instance that has it; None means exit quietly."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.single_instance import SingleInstance

    instance = SingleInstance(paths.data_dir)
    if instance.acquire():
        return instance
    if instance.ask_running_instance_to_raise():
        print(QApplication.translate("app", "技术经纪人工作台已在运行，已切换到它的窗口。"))
        return None
    pid = instance.holder_pid()
    QMessageBox.warning(
        None,
        QApplication.translate("app", "数据目录正被使用"),
        QApplication.translate(
            "app",
            "另一个技术经纪人工作台（进程 %1）正在使用这个数据目录：\n%2\n请先关闭它，或用 --data-dir 打开其他目录。",
        )
        .replace("%1", str(pid or "?"))
        .replace("%2", str(paths.data_dir)),
    )
    return None


def check_platform(argv: Sequence[str], lang: str | None, err: TextIO | None = None) -> bool:
    """Whether Qt's window system can start here; if not, say in words what to install (not a core dump)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return True
    from ui.platform_check import platform_problem

    problem = platform_problem(argv)
    if problem is None:
        return True
    i18n.set_language(lang or ("en" if os.environ.get("LANG", "").startswith("en") else "zh_CN"))
    print(problem.message(), file=err or sys.stderr)
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from ui.self_test import run_self_test

        return run_self_test()
    paths = default_paths(data_dir=args.data_dir, demo=args.demo)
    ask_first = passphrase_needed(paths.db)
    if not ask_first:
        import_data_layer()  # before Qt (see the module's docstring)
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    if not check_platform(sys.argv, args.lang):
        return 2
    paths.ensure()
    setup_logging(paths)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("BrokerWorkbench")
    app.setApplicationDisplayName("技术经纪人工作台")
    app.setApplicationVersion(__version__)
    from ui.fonts import register_bundled_font
    from ui.preferences import Preferences

    register_bundled_font(app)
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "broker-workbench.png")))
    prefs = Preferences(paths.config_dir)
    install_translators(
        app, choose_language(args.lang or prefs.get("language") or None), paths.config_dir / "cache"
    )
    sys.excepthook = _excepthook
    if args.grab:
        _grab_while_starting(args.grab, app)
    instance = _claim_data_dir(paths)
    if instance is None:
        return 0
    from ui.security_dialogs import DialogKeyProvider, open_with_dialogs

    keys = ask_passphrase_first(paths, DialogKeyProvider(), needed=ask_first)
    try:
        # Wrong passphrase, missing key, damaged file, full disk: dialogs lead to a way forward or out.
        opened = open_with_dialogs(
            paths,
            lambda p, keys, asked: open_store(
                p, demo=args.demo, keys=keys, create=asked.create, convert=asked.convert
            ),
            keys=keys,
        )
    except WorkbenchError as exc:
        log.exception("cannot open the data file")
        QMessageBox.critical(None, QApplication.translate("app", "无法打开数据文件"), exc.message)
        instance.release()
        return 1
    if opened is None:
        instance.release()
        return 1
    store = opened
    from ui.context import AppContext
    from ui.mainwindow import MainWindow

    ctx = AppContext.for_paths(store, paths, prefs=prefs, demo=args.demo, actor=_user_name())
    window = MainWindow(ctx)
    instance.raise_requested.connect(lambda: _bring_forward(window))
    started: list[Task] = []

    def after_first_paint() -> None:
        # Started once the window is drawn: even on a pool thread they would take the UI thread's turns.
        started.extend((start_policy_sync(ctx), start_daily_backup(ctx, window)))
        from ui.visit_entry import offer_recovered_drafts

        # A visit typed before a crash or a flat battery is offered back.
        offer_recovered_drafts(ctx, window)

    window.first_painted.connect(after_first_paint)
    window.show()
    if args.grab:
        QTimer.singleShot(2500, lambda: _grab_screen(args.grab, app, final=True))
    try:
        return app.exec()
    finally:
        ctx.tasks.wait()
        for task in started:
            task.finished.wait()  # a backup in progress cannot be cancelled; the file stays open until it ends
        store.close()
        if store.last_backup_error is not None:
            QMessageBox.warning(
                None, QApplication.translate("app", "自动备份失败"), store.last_backup_error.message
            )
        instance.release()


def start_daily_backup(ctx: AppContext, window: MainWindow) -> Task:
    """The daily backup (when due), on a pool thread once the window is shown; the status bar then says so.

    A failure is kept in ``store.last_backup_error`` and shown when the app closes, as before.
    """
    return ctx.tasks.start(
        lambda _p, _cancel: ctx.store.backup_if_due(),
        on_done=lambda made: window.refresh_status() if made is not None else None,
        on_error=lambda exc: log.warning("daily backup failed: %s", exc),
    )


def _user_name() -> str:
    """Who made a change, for the change log: the operating-system account."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _grab_screen(path: str, app: QApplication, *, final: bool = False) -> None:
    """Save what the display shows (the whole screen, as the window system drew it); the last one quits."""
    screen = app.primaryScreen()
    if screen is None or not screen.grabWindow(0).save(path):
        log.error("could not save a screenshot to %s", path)
    if final:
        app.quit()


def _grab_while_starting(path: str, app: QApplication) -> None:
    """Until the main window is up, save the screen every few seconds (``NAME-1.png``, …): first-run
    dialogs are reviewed too.
    """
    target = Path(path)
    from PySide6.QtCore import QTimer

    timer = QTimer(app)
    shots = iter(range(1, 21))

    def grab() -> None:
        n = next(shots, None)
        if n is None:
            timer.stop()
            return
        _grab_screen(str(target.with_name(f"{target.stem}-{n}{target.suffix}")), app)

    timer.timeout.connect(grab)
    timer.start(4000)


def _bring_forward(window: QWidget) -> None:
    from PySide6.QtCore import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


if __name__ == "__main__":
    # A frozen build starts the import's index worker (workbench.search.pool) by running this executable
    # again: freeze_support() makes that run the worker, not a second window. No effect otherwise.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
