"""Key material: the recovery key and the database key it gives, key ids, derived keys, and key wrapping."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.keys.errors import WrongRecoveryKeyError

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

    def key_id(self) -> str:
        """The public id of the database key this recovery key gives (printed on the sheet)."""
        return key_id(self.database_key())

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
