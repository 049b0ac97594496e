"""Passwords (argon2), staff access tokens (JWT, HS256) and invite tokens (random, stored hashed)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class StaffClaims:
    user_id: uuid.UUID
    role: str
    company_id: uuid.UUID | None


class TokenError(Exception):
    pass


class TokenSigner:
    def __init__(self, secret: str, ttl_minutes: int) -> None:
        if len(secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        self._secret = secret
        self._ttl = timedelta(minutes=ttl_minutes)

    def issue(self, claims: StaffClaims) -> str:
        now = datetime.now(UTC)
        payload = {
            "sub": str(claims.user_id), "role": claims.role,
            "cid": str(claims.company_id) if claims.company_id else None,
            "iat": now, "exp": now + self._ttl, "typ": "staff",
        }
        return jwt.encode(payload, self._secret, algorithm="HS256")

    def verify(self, token: str) -> StaffClaims:
        try:
            payload = jwt.decode(token, self._secret, algorithms=["HS256"],
                                 options={"require": ["exp", "sub", "role"]})
        except jwt.ExpiredSignatureError as err:
            raise TokenError("your session has expired: sign in again") from err
        except jwt.InvalidTokenError as err:
            raise TokenError("the access token is not valid: sign in again") from err
        if payload.get("typ") != "staff":
            raise TokenError("the access token is not valid: sign in again")
        cid = payload.get("cid")
        return StaffClaims(uuid.UUID(payload["sub"]), payload["role"], uuid.UUID(cid) if cid else None)


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


def hash_invite_token(token: str) -> str:
    """Invite tokens carry 256 random bits, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()
