"""Password hashes for the accounts file: scrypt from the standard library, salted, compared in constant time.

A stored hash reads `scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>`, so its cost travels with it and a
later, dearer setting does not lock out the passwords hashed before it.
"""

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2 ** 14, 8, 1          # about 16 MB and a few tens of milliseconds per check: slows guessing
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return "$".join([SCHEME, str(N), str(R), str(P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches the stored hash; False for a missing or malformed hash."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        computed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                  p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, expected)


def burn_time(password: str) -> None:
    """The work of one check, for a user name that does not exist: a failure takes as long either way, so
    the time of the answer does not tell which names are accounts."""
    hashlib.scrypt(password.encode("utf-8"), salt=b"\0" * 16, n=N, r=R, p=P, dklen=32)


def password_problem(password: str) -> str | None:
    """Why a new password is refused (Vietnamese), or None."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    if password.strip() != password:
        return "Mật khẩu không được bắt đầu hoặc kết thúc bằng khoảng trắng."
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
