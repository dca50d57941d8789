"""What can go wrong opening a data file, as errors whose ``kind`` and ``remedies`` drive the UI."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from workbench.errors import StoreError
from workbench.i18n import t

# -- errors ----------------------------------------------------------------------------------------


class OpenError(StoreError):
    """A data file that cannot be opened or written, with what the user can do about it.

    ``kind`` drives the UI (which dialog, which buttons); ``remedies`` lists the ways forward among
    ``recovery_key``, ``passphrase``, ``backup``, ``free_space`` and ``retry``.
    """

    kind: ClassVar[str] = "other"
    remedies: ClassVar[tuple[str, ...]] = ()

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class WrongPassphraseError(OpenError):
    kind = "wrong_passphrase"
    remedies = ("passphrase", "recovery_key")


class PassphraseRequiredError(OpenError):
    kind = "passphrase_required"
    remedies = ("passphrase",)


class KeyMissingError(OpenError):
    kind = "key_missing"
    remedies = ("recovery_key",)


class ForeignFileError(OpenError):
    kind = "foreign_file"
    remedies = ("recovery_key", "backup")


class WrongRecoveryKeyError(OpenError):
    kind = "wrong_recovery_key"
    remedies = ("recovery_key",)


class CorruptFileError(OpenError):
    kind = "corrupt"
    remedies = ("backup",)


class DiskFullError(OpenError):
    kind = "disk_full"
    remedies = ("free_space", "retry")


class ReadOnlyError(OpenError):
    kind = "read_only"
    remedies = ("free_space", "retry")


def os_error(exc: OSError, path: Path) -> OpenError:
    """The user-facing error for an OS-level failure to write ``path``."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFullError(
            t(
                "磁盘已满，无法写入 {p}。请释放空间后重试；数据没有改动。",
                "The disk is full; cannot write {p}. Free some space and retry; no data was changed.",
                p=path,
            ),
            path=path,
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyError(
            t(
                "无法写入 {p}：磁盘或文件夹是只读的（或没有写权限）。请换到可写的位置后重试。",
                "Cannot write {p}: the disk or folder is read-only (or not writable for you). "
                "Move it somewhere writable and retry.",
                p=path,
            ),
            path=path,
        )
    return ReadOnlyError(
        t("无法写入 {p}：{e}", "Cannot write {p}: {e}", p=path, e=exc.strerror or exc), path=path
    )
