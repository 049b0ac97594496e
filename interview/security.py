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
MIN_PASSWORD_LENGTH = 12
# The commonest passwords of 12+ characters in public breach lists (shorter ones fail on length).
COMMON_PASSWORDS = frozenset({
    "123456789012", "1234567890123", "12345678901234", "123456789000", "password1234", "password12345",
    "password123456", "passwordpassword", "qwertyuiop12", "qwertyuiop123", "qwerty123456", "qwertyqwerty",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "abc123456789", "abcdefghijkl", "aaaaaaaaaaaa",
    "111111111111", "000000000000", "asdfghjkl123", "zxcvbnm12345", "welcome12345", "letmein12345",
    "changeme1234", "administrator", "admin1234567", "adminadmin123", "superman1234", "football1234",
    "baseball1234", "sunshine1234", "princess1234", "dragon123456", "monkey123456", "trustno11234",
    "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "qwer1234qwer", "asdf1234asdf", "interview1234",
    "password!234", "correcthorsebatterystaple",
})


def password_problem(password: str, *, email: str) -> str | None:
    """Why a password is too weak to accept, as a sentence, or None: long enough, not the email
    (or its name part), not one of the commonest passwords, not a few characters repeated."""
    plain = password.strip().lower()
    local = email.strip().lower().split("@", 1)[0]
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password needs at least {MIN_PASSWORD_LENGTH} characters"
    if plain in (email.strip().lower(), local) or (len(local) >= 4 and plain.startswith(local) and
                                                   len(plain) - len(local) < 6):
        return "the password must not be the email address or its name part"
    if plain in COMMON_PASSWORDS or len(set(plain)) < 5:
        return "the password is one of the most common or too repetitive: choose a less guessable one"
    return None


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


@dataclass(frozen=True)
class VerifiedToken:
    claims: StaffClaims
    jti: str
    expires_at: datetime


class TokenError(Exception):
    pass


ACCESS, REFRESH = "access", "refresh"
_REQUIRED = ["exp", "iat", "iss", "aud", "jti", "sub", "role", "typ"]


class TokenSigner:
    """HS256 only (the allow-list stops ``alg: none`` and key confusion); every token carries
    ``iat``, ``exp``, ``iss``, ``aud`` and a ``jti`` that sign-out revokes. Access tokens are
    short-lived; a refresh token (longer) only buys new access tokens."""

    def __init__(self, secret: str, ttl_minutes: int, *, refresh_ttl_minutes: int = 8 * 60,
                 issuer: str = "ai-interview", audience: str = "ai-interview-staff") -> None:
        if len(secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        self._secret = secret
        self._ttl = {ACCESS: timedelta(minutes=ttl_minutes), REFRESH: timedelta(minutes=refresh_ttl_minutes)}
        self.issuer = issuer
        self.audience = audience

    def issue(self, claims: StaffClaims, *, kind: str = ACCESS) -> str:
        now = datetime.now(UTC)
        payload = {
            "sub": str(claims.user_id), "role": claims.role,
            "cid": str(claims.company_id) if claims.company_id else None,
            "iat": now, "exp": now + self._ttl[kind], "iss": self.issuer, "aud": self.audience,
            "jti": uuid.uuid4().hex, "typ": kind,
        }
        return jwt.encode(payload, self._secret, algorithm="HS256")

    def verify(self, token: str, *, kind: str = ACCESS) -> VerifiedToken:
        try:
            payload = jwt.decode(token, self._secret, algorithms=["HS256"], issuer=self.issuer,
                                 audience=self.audience, options={"require": _REQUIRED})
        except jwt.ExpiredSignatureError as err:
            raise TokenError("your session has expired: sign in again") from err
        except jwt.InvalidTokenError as err:
            raise TokenError("the access token is not valid: sign in again") from err
        if payload.get("typ") != kind:
            raise TokenError("the access token is not valid: sign in again")
        try:
            cid = payload.get("cid")
            claims = StaffClaims(uuid.UUID(payload["sub"]), str(payload["role"]), uuid.UUID(cid) if cid else None)
        except (TypeError, ValueError) as err:
            raise TokenError("the access token is not valid: sign in again") from err
        return VerifiedToken(claims, str(payload["jti"]), datetime.fromtimestamp(payload["exp"], UTC))


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


def hash_invite_token(token: str) -> str:
    """Invite tokens carry 256 random bits, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()
