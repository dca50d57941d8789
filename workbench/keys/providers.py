"""How the core asks the user about keys: the app shows dialogs, the CLI reads env or a terminal."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from workbench.i18n import t
from workbench.keys.material import MIN_PASSPHRASE_LENGTH, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, RecoveryKey

# -- asking the user ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassphraseRequest:
    """What the app asks for: an existing passphrase (``new`` False) or a new one to set (confirm it)."""

    db: Path
    new: bool
    attempt: int = 1
    error: str | None = None
    change: bool = False  # replacing an existing passphrase (so the old one is no answer)


class KeyProvider(Protocol):
    """How the core talks to the user about keys: the app shows dialogs, the CLI reads env or a terminal."""

    def passphrase(self, request: PassphraseRequest) -> str | None:
        """The passphrase, or None to give up."""
        ...

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        """Show the recovery key once (it is stored nowhere)."""
        ...


class EnvKeyProvider:
    """Non-interactive: the passphrase comes from ``WORKBENCH_PASSPHRASE`` (new ones from
    ``WORKBENCH_NEW_PASSPHRASE``, falling back to the same); the recovery key is kept on the object only.
    """

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.recovery: RecoveryKey | None = None

    def passphrase(self, request: PassphraseRequest) -> str | None:
        if request.attempt > 1:
            return None  # the same value would fail the same way
        if request.change:
            return self.environ.get(NEW_PASSPHRASE_ENV)
        if request.new:
            return self.environ.get(NEW_PASSPHRASE_ENV) or self.environ.get(PASSPHRASE_ENV)
        return self.environ.get(PASSPHRASE_ENV)

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        self.recovery = recovery


class TerminalKeyProvider(EnvKeyProvider):
    """The CLI: environment first, then a hidden prompt when a terminal is attached."""

    def __init__(
        self,
        environ: dict[str, str] | None = None,
        *,
        out: TextIO | None = None,
        sheet: Path | None = None,
        interactive: bool | None = None,
    ) -> None:
        super().__init__(environ)
        self.out = out or sys.stderr
        self.sheet = sheet
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def passphrase(self, request: PassphraseRequest) -> str | None:
        from_env = super().passphrase(request)
        if from_env or not self.interactive:
            return from_env
        if request.error:
            print(request.error, file=self.out)
        if not request.new:
            return getpass.getpass(t("数据文件密码：", "Passphrase for the data file: "))
        first = getpass.getpass(
            t(
                "这台电脑没有可用的系统钥匙串。请为数据文件设置密码（至少 {n} 个字符）：",
                "No system keychain here. Choose a passphrase for the data file (at least {n} characters): ",
                n=MIN_PASSPHRASE_LENGTH,
            )
        )
        second = getpass.getpass(t("再输入一次：", "Once more: "))
        if first != second:
            print(t("两次输入不一致。", "The two entries differ."), file=self.out)
            return ""
        return first

    def show_recovery_key(self, db: Path, recovery: RecoveryKey) -> None:
        super().show_recovery_key(db, recovery)
        print(
            t(
                "\n恢复密钥（只显示这一次，请抄写或打印后妥善保管，不要存放在这台电脑上）：\n\n    {k}\n\n"
                "电脑损坏或换电脑时，用它打开 {db} 及其备份。\n",
                "\nRecovery key (shown only this once: write it down or print it, and keep it away from "
                "this laptop):\n\n    {k}\n\nWith it, {db} and its backups open on another computer.\n",
                k=recovery.text(),
                db=db,
            ),
            file=self.out,
        )
        if self.sheet is not None:
            from workbench.pdf.recovery_sheet import save_recovery_sheet

            save_recovery_sheet(recovery, self.sheet, db=db)
            print(t("恢复密钥单已保存：{p}", "Recovery sheet saved: {p}", p=self.sheet), file=self.out)
