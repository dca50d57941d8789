"""Database keys: one random key per data file, kept in the OS keychain, wrapped by a passphrase or recovered.

Design (see the issue note of #6 for the measurements):

* The database key ``K`` is 256 random bits used as SQLCipher's *raw* key (no per-connection KDF). It is
  derived from a 256-bit **recovery secret** ``R`` as ``K = HMAC-SHA256(R, label)``. ``R`` is shown once,
  as the recovery key, and is stored nowhere; ``K`` cannot give ``R`` back, so "shown once" holds by
  construction.
  With ``R`` alone the data file *and every backup made with the same key* open anywhere, even when the key
  file beside the database was not copied — which is what a broken laptop needs.
* ``K`` is kept in the OS keychain (service ``BrokerWorkbench``, one entry per database path). Without a
  keychain, a passphrase wraps ``K`` in the key file ``<db stem>.key.json`` beside the database.
* Wrapping uses AES-256-GCM from ``cryptography`` (a vetted AEAD): a passphrase is stretched by ``scrypt``
  with a fresh random salt into the 256-bit wrapping key; a key wrapped by another key uses that key
  directly. Every wrap has its own random 96-bit nonce, and the key id is bound as associated data, so a
  wrong passphrase or a tampered entry fails authentication without touching the database. Key files of
  the earlier format (scrypt/HMAC stream XORed with the key plus an HMAC tag) are still read, and
  rewritten in the new format as soon as the keys they hold are unwrapped.
* The key file holds only wrapped keys, salts, KDF parameters, key ids and the database's public salt — never
  a key in plain text. Old keys (after a rotation or a recovery) stay in it wrapped by the current key, so
  backups written to other places before the rotation still open here.
"""

from __future__ import annotations

import base64
import contextlib
import getpass
import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, TextIO

from workbench.errors import StoreError
from workbench.i18n import t

log = logging.getLogger(__name__)

SERVICE = "BrokerWorkbench"
KEY_FILE_FORMAT = "broker-workbench-key"
KEY_FILE_VERSION = 2  # 2: AES-GCM wraps; 1: scrypt/HMAC stream + HMAC tag (still read)
KEY_BYTES = 32
PASSPHRASE_ENV = "WORKBENCH_PASSPHRASE"
NEW_PASSPHRASE_ENV = "WORKBENCH_NEW_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
MAX_PASSPHRASE_ATTEMPTS = 3

# scrypt at N=2**17, r=8 (128 MiB, ~0.45 s on the build machines): the OWASP minimum for scrypt. It runs
# once per unlock, never per connection. Tests lower it through this dict; the parameters used are stored
# with each wrap, so a file written with any parameters opens.
SCRYPT_PARAMS: dict[str, int] = {"n": 2**17, "r": 8, "p": 1}

_DB_KEY_LABEL = b"broker-workbench database key v1"
_KEY_ID_LABEL = b"broker-workbench key id v1"
_WRAP_LABEL = b"broker-workbench wrap v1\0"
AEAD = "aes-256-gcm"
_NONCE_BYTES = 12
# A hand-edited key file must not make scrypt allocate gigabytes or run for hours.
_SCRYPT_LIMITS = {"n": 2**20, "r": 32, "p": 16}
# Crockford's base32: no I, L, O, U, so a hand-copied key has no look-alike letters.
_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_B32_READ = {c: i for i, c in enumerate(_B32)} | {"O": 0, "I": 1, "L": 1}
_CHECK_BYTES = 3


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


# -- key material ------------------------------------------------------------------------------------


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key: tells keys apart without revealing them."""
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def derive_key(key: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose (``"drafts"`` …) derived from a database key with HKDF-SHA256.

    Knowing a derived key reveals nothing about the database key, and each purpose gets its own key.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    info = f"broker-workbench {purpose} v1".encode()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(key)


def raw_key_pragma(key: bytes) -> str:
    """The SQLCipher statement for a raw 256-bit key (skips SQLCipher's own PBKDF2)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _b32encode(data: bytes) -> str:
    bits = int.from_bytes(data, "big")
    nchars = (len(data) * 8 + 4) // 5
    bits <<= nchars * 5 - len(data) * 8
    return "".join(_B32[(bits >> (5 * i)) & 31] for i in reversed(range(nchars)))


@dataclass(frozen=True)
class RecoveryKey:
    """The 256-bit recovery secret; its text form carries a checksum so typos are caught before use."""

    secret: bytes

    GROUP: ClassVar[int] = 4

    @classmethod
    def generate(cls) -> RecoveryKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def database_key(self) -> bytes:
        return hmac.new(self.secret, _DB_KEY_LABEL, hashlib.sha256).digest()

    def text(self) -> str:
        """56 characters in 14 groups of four, e.g. ``7K3Q-…``."""
        payload = self.secret + hashlib.sha256(self.secret).digest()[:_CHECK_BYTES]
        chars = _b32encode(payload)
        return "-".join(chars[i : i + self.GROUP] for i in range(0, len(chars), self.GROUP))

    def groups(self) -> list[str]:
        return self.text().split("-")

    @classmethod
    def parse(cls, text: str) -> RecoveryKey:
        """Read a recovery key as typed: any case, spaces or dashes, O/0 and I/L/1 confused."""
        cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch not in " -\t\n")
        nbytes = KEY_BYTES + _CHECK_BYTES
        nchars = (nbytes * 8 + 4) // 5
        if len(cleaned) != nchars or any(ch not in _B32_READ for ch in cleaned):
            raise WrongRecoveryKeyError(
                t(
                    "恢复密钥格式不对：应为 {n} 个字母或数字（可带短横线）。请对照恢复密钥单重新输入。",
                    "That is not a recovery key: it has {n} letters and digits (dashes optional). "
                    "Check it against the recovery sheet.",
                    n=nchars,
                )
            )
        bits = 0
        for ch in cleaned:
            bits = (bits << 5) | _B32_READ[ch]
        bits >>= nchars * 5 - nbytes * 8
        payload = bits.to_bytes(nbytes, "big")
        secret, check = payload[:KEY_BYTES], payload[KEY_BYTES:]
        if not hmac.compare_digest(hashlib.sha256(secret).digest()[:_CHECK_BYTES], check):
            raise WrongRecoveryKeyError(
                t(
                    "恢复密钥有输入错误（校验不通过）。请对照恢复密钥单逐组检查。",
                    "The recovery key has a typing mistake (its checksum does not match). "
                    "Check each group against the recovery sheet.",
                )
            )
        return cls(secret)


# -- wrapping ----------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _normalise_passphrase(passphrase: str) -> bytes:
    # NFC so that the same Chinese passphrase typed through different input methods gives the same bytes.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _scrypt_stream(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    n, r, p = params["n"], params["r"], params["p"]
    return hashlib.scrypt(
        _normalise_passphrase(passphrase), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n + 2**20, dklen=64
    )


def _key_stream(wrapping_key: bytes, salt: bytes) -> bytes:
    return hmac.new(wrapping_key, _WRAP_LABEL + salt, hashlib.sha512).digest()


def _unseal(wrapped: bytes, tag: bytes, stream: bytes, aad: bytes) -> bytes | None:
    """The earlier format (version 1): read only, never written any more."""
    expected = hmac.new(stream[KEY_BYTES:], aad + wrapped, hashlib.sha256).digest()
    if len(wrapped) != KEY_BYTES or not hmac.compare_digest(expected, tag):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, stream[:KEY_BYTES], strict=True))


def _damaged_key_file() -> StoreError:
    return StoreError(
        t(
            "密钥文件已损坏（内容被改动过或不完整）。请用恢复密钥打开数据文件：workbench key recover。",
            "The key file is damaged (edited or incomplete). Open the data file with its recovery key: "
            "workbench key recover.",
        )
    )


def _scrypt_params(entry: dict[str, Any]) -> dict[str, int]:
    try:
        params = {k: int(entry[k]) for k in ("n", "r", "p")}
    except (KeyError, TypeError, ValueError):
        raise _damaged_key_file() from None
    n = params["n"]
    if n < 2 or n & (n - 1) or any(not 1 <= params[k] <= _SCRYPT_LIMITS[k] for k in ("r", "p")):
        raise _damaged_key_file()
    if n > _SCRYPT_LIMITS["n"] or 128 * n * params["r"] > 2**30:
        raise _damaged_key_file()
    return params


def _aead_seal(wrapping_key: bytes, secret: bytes, aad: bytes) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, secret, aad)
    return {"aead": AEAD, "nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def _aead_open(wrapping_key: bytes, entry: dict[str, Any], aad: bytes) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if entry.get("aead") != AEAD:
        raise StoreError(t("密钥文件使用了不认识的算法。", "The key file uses an unknown algorithm."))
    try:
        nonce, sealed = _unb64(entry["nonce"]), _unb64(entry["ciphertext"])
        if len(nonce) != _NONCE_BYTES:
            raise ValueError("nonce")
    except (KeyError, TypeError, ValueError):
        raise _damaged_key_file() from None
    try:
        return AESGCM(wrapping_key).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None


def is_legacy(entry: dict[str, Any] | None) -> bool:
    """An entry wrapped in the earlier, hand-built format (rewritten once its key is unwrapped)."""
    return entry is not None and "aead" not in entry


def _passphrase_wrapping_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return _scrypt_stream(passphrase, salt, params)[:KEY_BYTES]


def wrap_with_passphrase(key: bytes, passphrase: str, params: dict[str, int] | None = None) -> dict[str, Any]:
    params = dict(params or SCRYPT_PARAMS)
    salt = secrets.token_bytes(16)
    kid = key_id(key)
    # scrypt's first 32 output bytes are the AES key (the same derivation as before, with dklen 64).
    wrapping_key = _passphrase_wrapping_key(passphrase, salt, params)
    return {
        "kdf": "scrypt",
        **params,
        "salt": _b64(salt),
        "key_id": kid,
        **_aead_seal(wrapping_key, key, f"passphrase|{kid}".encode()),
    }


def unwrap_with_passphrase(entry: dict[str, Any], passphrase: str) -> bytes | None:
    """The wrapped key, or None when the passphrase is wrong (or the entry was tampered with)."""
    if entry.get("kdf") != "scrypt":
        raise StoreError(t("密钥文件使用了不认识的算法。", "The key file uses an unknown algorithm."))
    params = _scrypt_params(entry)
    try:
        salt, kid = _unb64(entry["salt"]), str(entry["key_id"])
    except (KeyError, TypeError, ValueError):
        raise _damaged_key_file() from None
    aad = f"passphrase|{kid}".encode()
    if is_legacy(entry):
        try:
            wrapped, tag = _unb64(entry["wrapped"]), _unb64(entry["tag"])
        except (KeyError, TypeError, ValueError):
            raise _damaged_key_file() from None
        key = _unseal(wrapped, tag, _scrypt_stream(passphrase, salt, params), aad)
    else:
        key = _aead_open(_passphrase_wrapping_key(passphrase, salt, params), entry, aad)
    if key is None or len(key) != KEY_BYTES or key_id(key) != kid:
        return None
    return key


def wrap_with_key(secret: bytes, wrapping_key: bytes) -> dict[str, Any]:
    kid = key_id(secret)
    return {"key_id": kid, **_aead_seal(wrapping_key, secret, f"key|{kid}".encode())}


def unwrap_with_key(entry: dict[str, Any], wrapping_key: bytes) -> bytes | None:
    try:
        kid = str(entry["key_id"])
        if is_legacy(entry):
            stream = _key_stream(wrapping_key, _unb64(entry["salt"]))
            secret = _unseal(_unb64(entry["wrapped"]), _unb64(entry["tag"]), stream, f"key|{kid}".encode())
        else:
            secret = _aead_open(wrapping_key, entry, f"key|{kid}".encode())
    except (KeyError, TypeError, ValueError):
        return None
    if secret is None or len(secret) != KEY_BYTES or key_id(secret) != kid:
        return None
    return secret


# -- the key file ------------------------------------------------------------------------------------


def key_file_for(db: Path) -> Path:
    """``workbench.db`` → ``workbench.key.json`` beside it."""
    return db.with_name(db.stem + ".key.json")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class KeyFile:
    """What is kept beside the database: public ids and wrapped keys only."""

    key_id: str
    db_salt: str | None = None
    keychain_username: str | None = None
    passphrase: dict[str, Any] | None = None
    previous: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    created_at: str = field(default_factory=_now)
    rotated_at: str | None = None

    def to_json(self) -> str:
        data = {"format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION, **self.__dict__}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not a key file")
        if int(data.get("version", 0)) > KEY_FILE_VERSION:
            raise ValueError("key file from a newer version")
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})


def _write_private(path: Path, text: str) -> None:
    """Write atomically with owner-only permissions (the file holds nothing secret, but no need to share)."""
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.replace(tmp, path)


# -- the keychain ------------------------------------------------------------------------------------


class _NoKeychainError(Exception):
    """The OS keychain is absent, locked or refused the request."""


def _keychain_call(fn: Callable[[], Any]) -> Any:
    import keyring.errors

    try:
        return fn()
    except keyring.errors.KeyringError as exc:
        # NoKeyringError (fail.Keyring), KeyringLocked, InitError, PasswordSetError: all mean "no usable
        # keychain here" for us, and the passphrase path takes over.
        raise _NoKeychainError(str(exc)) from exc
    except Exception as exc:
        # D-Bus and platform errors leak through some backends as their own types; a keychain that
        # misbehaves must not stop the user from reaching the data through the passphrase.
        log.warning("keychain error: %s", type(exc).__name__)
        raise _NoKeychainError(str(exc)) from exc


def keychain_get(username: str) -> str | None:
    import keyring

    try:
        value = _keychain_call(lambda: keyring.get_password(SERVICE, username))
    except _NoKeychainError:
        return None
    return value if isinstance(value, str) else None


def keychain_set(username: str, value: str) -> bool:
    """Store ``value``; False when there is no usable keychain."""
    import keyring

    try:
        _keychain_call(lambda: keyring.set_password(SERVICE, username, value))
    except _NoKeychainError:
        return False
    return True


def keychain_delete(username: str) -> None:
    import keyring

    with contextlib.suppress(_NoKeychainError):
        _keychain_call(lambda: keyring.delete_password(SERVICE, username))


def keychain_name() -> str:
    """The keychain backend in use, for status output ("none" when there is none)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    return "none" if isinstance(backend, fail.Keyring) else type(backend).__module__.rsplit(".", 1)[-1]


def keychain_username(db: Path) -> str:
    """A stable, readable id per database path (the path itself may hold a user name: hash it)."""
    resolved = os.path.normcase(str(db.expanduser().resolve()))
    return f"{db.name}@{hashlib.sha256(resolved.encode('utf-8')).hexdigest()[:16]}"


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
            from workbench.paths import write_private
            from workbench.pdf.recovery_sheet import render_recovery_sheet

            write_private(self.sheet, render_recovery_sheet(recovery, db=db))
            print(t("恢复密钥单已保存：{p}", "Recovery sheet saved: {p}", p=self.sheet), file=self.out)


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
