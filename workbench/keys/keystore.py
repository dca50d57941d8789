"""The key of one data file: where it is kept, how it is unlocked, created, recovered, rotated, upgraded."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.keys.errors import (
    KeyMissingError,
    PassphraseRequiredError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    os_error,
)
from workbench.keys.keychain import keychain_get, keychain_set, keychain_username
from workbench.keys.keyfile import KeyFile, _now, _write_private, key_file_for
from workbench.keys.material import (
    KEY_BYTES,
    MAX_PASSPHRASE_ATTEMPTS,
    MIN_PASSPHRASE_LENGTH,
    PASSPHRASE_ENV,
    RecoveryKey,
    _scrypt_params,
    is_legacy,
    key_id,
    unwrap_with_key,
    unwrap_with_passphrase,
    wrap_with_key,
    wrap_with_passphrase,
)
from workbench.keys.providers import EnvKeyProvider, KeyProvider, PassphraseRequest

log = logging.getLogger(__name__)


# -- one database's key --------------------------------------------------------------------------------


def _check_new_passphrase(passphrase: str) -> str | None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return t(
            "密码太短：至少 {n} 个字符。",
            "The passphrase is too short: at least {n} characters.",
            n=MIN_PASSPHRASE_LENGTH,
        )
    return None


class KeyStore:
    """The key of one database file: where it is kept, how it is unlocked, created, recovered, rotated."""

    def __init__(self, db: Path, provider: KeyProvider | None = None) -> None:
        self.db = Path(db)
        self.provider: KeyProvider = provider or EnvKeyProvider()
        self.key_file = key_file_for(self.db)
        self.username = keychain_username(self.db)

    # -- the key file

    def read(self) -> KeyFile | None:
        try:
            text = self.key_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:
            # Not text at all (a database or a backup written over it): as good as no key file.
            log.warning("ignoring unreadable key file %s: %s", self.key_file, exc)
            return None
        except OSError as exc:
            raise StoreError(
                t("无法读取密钥文件 {p}：{e}", "Cannot read the key file {p}: {e}", p=self.key_file, e=exc)
            ) from exc
        try:
            return KeyFile.from_json(text)
        except (ValueError, TypeError) as exc:
            log.warning("ignoring unreadable key file %s: %s", self.key_file, exc)
            return None

    def write(self, kf: KeyFile) -> None:
        try:
            _write_private(self.key_file, kf.to_json())
        except OSError as exc:
            raise os_error(exc, self.key_file) from exc

    def _set_aside(self) -> None:
        """Keep a key file that belongs to another key under a new name instead of overwriting it."""
        if self.key_file.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            self.key_file.replace(self.key_file.with_name(f"{self.key_file.name}.{stamp}.old"))

    def recorded_salt(self) -> bytes | None:
        kf = self.read()
        return bytes.fromhex(kf.db_salt) if kf and kf.db_salt else None

    def adopt(self, key: bytes, salt: bytes | None) -> None:
        """After ``key`` opened the file: write a missing key file, or note the file's public salt."""
        kf = self.read()
        if kf is None:
            name = self.username if keychain_get(self.username) == key.hex() else None
            self.write(
                KeyFile(key_id=key_id(key), db_salt=salt.hex() if salt else None, keychain_username=name)
            )
        elif kf.key_id == key_id(key) and salt is not None and kf.db_salt != salt.hex():
            kf.db_salt = salt.hex()
            self.write(kf)

    def mode(self) -> str:
        """``keychain``, ``passphrase`` (both may hold), or ``none``."""
        kf = self.read()
        if kf is None:
            return "none"
        parts = []
        if kf.keychain_username and keychain_get(kf.keychain_username):
            parts.append("keychain")
        if kf.passphrase:
            parts.append("passphrase")
        return "+".join(parts) or "none"

    # -- passphrases

    def _ask(self, *, new: bool, change: bool = False) -> str:
        """Ask the provider for a passphrase; for a new one, insist on the minimum length."""
        error: str | None = None
        for attempt in range(1, MAX_PASSPHRASE_ATTEMPTS + 1):
            request = PassphraseRequest(self.db, new=new, attempt=attempt, error=error, change=change)
            value = self.provider.passphrase(request)
            if value is None:
                break
            error = _check_new_passphrase(value) if new else None
            if error is None:
                return value
        if error and new:
            raise PassphraseRequiredError(error, path=self.db)
        raise self._passphrase_required()

    def _passphrase_required(self) -> PassphraseRequiredError:
        return PassphraseRequiredError(
            t(
                "这台电脑没有可用的系统钥匙串，需要数据文件的密码。在命令行中可设置环境变量 {env}。",
                "No system keychain is available here, so the data file's passphrase is needed. "
                "On the command line, set {env}.",
                env=PASSPHRASE_ENV,
            ),
            path=self.db,
        )

    def _unlock_with_passphrase(self, kf: KeyFile) -> tuple[bytes, str]:
        assert kf.passphrase is not None
        error: str | None = None
        for attempt in range(1, MAX_PASSPHRASE_ATTEMPTS + 1):
            value = self.provider.passphrase(
                PassphraseRequest(self.db, new=False, attempt=attempt, error=error)
            )
            if value is None:
                break
            key = unwrap_with_passphrase(kf.passphrase, value)
            if key is not None:
                return key, value
            error = t("密码不对，请重试。", "Wrong passphrase; try again.")
        if error:
            raise WrongPassphraseError(
                t(
                    "密码不对，数据文件未打开，也没有任何改动。忘记密码时可以用恢复密钥打开。",
                    "Wrong passphrase: the data file was not opened and nothing changed. "
                    "If you forgot it, open the file with the recovery key.",
                ),
                path=self.db,
            )
        raise self._passphrase_required()

    # -- opening

    def unlock(self) -> bytes:
        """The key of an existing encrypted database: keychain, else passphrase, else KeyMissingError."""
        kf = self.read()
        names = [self.username]
        if kf and kf.keychain_username and kf.keychain_username not in names:
            names.append(kf.keychain_username)  # the data folder was moved: its old entry still works
        for name in names:
            value = keychain_get(name)
            if not value:
                continue
            try:
                key = bytes.fromhex(value)
            except ValueError:
                continue
            if len(key) != KEY_BYTES or (kf is not None and key_id(key) != kf.key_id):
                # An entry left by another database that once lived at this path: not this file's key.
                continue
            if name != self.username and keychain_set(self.username, value) and kf is not None:
                kf.keychain_username = self.username
                self.write(kf)
            self._upgrade(key, None)
            return key
        if kf is not None and kf.passphrase:
            key, passphrase = self._unlock_with_passphrase(kf)
            # A keychain appeared (or the file came from another machine): keep the key there from now on.
            if keychain_set(self.username, key.hex()):
                kf.keychain_username = self.username
                self.write(kf)
            self._upgrade(key, passphrase)
            return key
        raise KeyMissingError(
            t(
                "这台电脑上没有 {db} 的密钥（钥匙串中找不到，也没有设置密码）。"
                "文件可能是从另一台电脑复制来的：请输入恢复密钥。",
                "There is no key for {db} on this computer (not in the keychain, and no passphrase set). "
                "The file may come from another computer: enter its recovery key.",
                db=self.db,
            ),
            path=self.db,
        )

    def _upgrade(self, key: bytes, passphrase: str | None) -> None:
        """Rewrite entries of the earlier wrap format with AES-GCM once the key (and passphrase) are known.

        A passphrase entry can only be rewritten when the passphrase was typed; after a keychain unlock it
        stays as it is until the next time the passphrase is used. Failing to rewrite changes nothing.
        """
        kf = self.read()
        if kf is None or kf.key_id != key_id(key):
            return
        changed = False
        for i, entry in enumerate(kf.previous):
            if is_legacy(entry):
                old = unwrap_with_key(entry, key)
                if old is not None:
                    kf.previous[i] = wrap_with_key(old, key)
                    changed = True
        if kf.pending is not None and is_legacy(kf.pending):
            nxt = unwrap_with_key(kf.pending, key)
            if nxt is not None:
                kf.pending = wrap_with_key(nxt, key)
                changed = True
        if passphrase is not None and is_legacy(kf.passphrase):
            assert kf.passphrase is not None
            params = _scrypt_params(kf.passphrase)
            kf.passphrase = wrap_with_passphrase(key, passphrase, params)
            changed = True
        if changed:
            try:
                self.write(kf)
            except StoreError as exc:
                log.warning("key file kept in its earlier format: %s", exc.message)
            else:
                log.info("key file %s rewritten with AES-GCM wraps", self.key_file)

    def alternatives(self, key: bytes) -> list[bytes]:
        """Other keys this key can unwrap: an unfinished rotation's next key first, then older keys."""
        kf = self.read()
        if kf is None or kf.key_id != key_id(key):
            return []
        found = []
        for entry in ([kf.pending] if kf.pending else []) + kf.previous:
            with contextlib.suppress(KeyError, ValueError):
                k = unwrap_with_key(entry, key)
                if k is not None:
                    found.append(k)
        return found

    # -- creating, recovering, rotating

    def _store(self, key: bytes, *, previous: list[bytes], passphrase: str | None = None) -> KeyFile:
        """Keep ``key`` in the keychain (or wrapped by a passphrase) and write the key file."""
        kf = KeyFile(key_id=key_id(key))
        # Whatever key the keychain held for this path stays reachable (old backups) through the key file.
        old = keychain_get(self.username)
        olds = list(previous)
        if old:
            with contextlib.suppress(ValueError):
                olds.append(bytes.fromhex(old))
        seen = {kf.key_id}
        for k in olds:
            if len(k) == KEY_BYTES and key_id(k) not in seen:
                seen.add(key_id(k))
                kf.previous.append(wrap_with_key(k, key))
        if keychain_set(self.username, key.hex()):
            kf.keychain_username = self.username
        if passphrase is not None:
            kf.passphrase = wrap_with_passphrase(key, passphrase)
        elif kf.keychain_username is None:
            kf.passphrase = wrap_with_passphrase(key, self._ask(new=True))
        self.write(kf)
        return kf

    def create(self) -> bytes:
        """A new key for a new (or newly encrypted) database; the recovery key is shown once."""
        recovery = RecoveryKey.generate()
        key = recovery.database_key()
        old = self.read()
        previous = self._old_keys(old)
        self._set_aside()
        try:
            self._store(key, previous=previous)
        except BaseException:
            # Nothing was created yet: put the old key file back rather than leave none.
            self._restore_aside(old)
            raise
        self.provider.show_recovery_key(self.db, recovery)
        return key

    def _old_keys(self, old: KeyFile | None) -> list[bytes]:
        if old is None:
            return []
        for name in {self.username, old.keychain_username or self.username}:
            value = keychain_get(name)
            if value:
                with contextlib.suppress(ValueError):
                    k = bytes.fromhex(value)
                    if key_id(k) == old.key_id:
                        return [k, *self.alternatives(k)]
        return []

    def _restore_aside(self, old: KeyFile | None) -> None:
        if old is not None and not self.key_file.exists():
            self.write(old)

    def recover(self, recovery_text: str, opens: Callable[[bytes], bool]) -> bytes:
        """Check the recovery key against the file (``opens``), then keep its key on this machine."""
        recovery = RecoveryKey.parse(recovery_text)
        key = recovery.database_key()
        if not opens(key):
            raise WrongRecoveryKeyError(
                t(
                    "这个恢复密钥打不开 {db}：它属于另一个数据文件。数据文件没有任何改动。",
                    "This recovery key does not open {db}: it belongs to another data file. "
                    "Nothing was changed.",
                    db=self.db,
                ),
                path=self.db,
            )
        kf = self.read()
        previous: list[bytes] = []
        if kf is not None and kf.key_id == key_id(key):
            previous = self.alternatives(key)  # same key: keep its history
        elif kf is not None:
            previous = self._old_keys(kf)
            self._set_aside()
        elif self.key_file.exists():
            self._set_aside()  # unreadable: kept under another name, never overwritten
        self._store(key, previous=previous)
        return key

    def change_passphrase(self, key: bytes) -> None:
        """Set or change the passphrase that wraps ``key`` (the caller proved it holds ``key``)."""
        kf = self.read() or KeyFile(key_id=key_id(key))
        if kf.key_id != key_id(key):
            raise StoreError(t("密钥文件与数据文件不符。", "The key file does not match the data file."))
        kf.passphrase = wrap_with_passphrase(key, self._ask(new=True, change=True))
        self.write(kf)

    def remove_passphrase(self, key: bytes) -> None:
        kf = self.read()
        if kf is None or kf.key_id != key_id(key):
            return
        if not (kf.keychain_username and keychain_get(kf.keychain_username)):
            raise StoreError(
                t(
                    "没有系统钥匙串时不能取消密码。",
                    "Without a system keychain the passphrase cannot be removed.",
                )
            )
        kf.passphrase = None
        self.write(kf)

    def begin_rotation(self, current: bytes) -> tuple[RecoveryKey, bytes, str | None]:
        """Make the next key and note it (wrapped by the current one) before any file is re-encrypted.

        Returns the new recovery key, the new database key and, in passphrase mode, the passphrase
        (asked for again, because only a passphrase can wrap the new key).
        """
        kf = self.read() or KeyFile(key_id=key_id(current))
        if kf.key_id != key_id(current):
            raise StoreError(t("密钥文件与数据文件不符。", "The key file does not match the data file."))
        passphrase: str | None = None
        if kf.passphrase:
            _, passphrase = self._unlock_with_passphrase(kf)
        recovery = RecoveryKey.generate()
        new = recovery.database_key()
        kf.pending = wrap_with_key(new, current)
        self.write(kf)
        return recovery, new, passphrase

    def finish_rotation(self, current: bytes, new: bytes, passphrase: str | None) -> None:
        """The database is now encrypted with ``new``: keep it, and keep ``current`` for old copies."""
        kf = self.read() or KeyFile(key_id=key_id(current))
        older = self.alternatives(current) if kf.key_id == key_id(current) else []
        olds = [current, *(k for k in older if key_id(k) != key_id(new))]
        self._store(new, previous=olds, passphrase=passphrase)
        done = self.read()
        if done is not None:
            done.rotated_at = _now()
            done.db_salt = kf.db_salt
            self.write(done)
