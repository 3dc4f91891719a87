"""The six-digit codes an authenticator app shows (RFC 6238, as django-otp's TOTPDevice checks
them: SHA-1, 30-second steps from t0 = 0), so that simulated LEC staff log in for real."""

import hashlib
import hmac
import struct
import time

STEP = 30
DIGITS = 6


def counter(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP)


def code(key_hex: str, step: int) -> str:
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)
