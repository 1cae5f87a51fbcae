"""Secret links (resume, invite): the secret lives only in the URL, the database keeps its SHA-256.

A fast hash is right here: the secret carries 256 random bits, so there is nothing to brute-force;
Argon2 is for passwords people choose.
"""

from __future__ import annotations

import hashlib
import secrets


def new_secret() -> tuple[str, str]:
    """Returns (secret for the URL, hash for the database)."""
    secret = secrets.token_urlsafe(32)
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
