from __future__ import annotations

import time
import uuid

import jwt
import pytest

from interview.security import (
    REFRESH,
    StaffClaims,
    TokenError,
    TokenSigner,
    hash_invite_token,
    hash_password,
    new_invite_token,
    password_problem,
    verify_password,
)


def test_password_hash_is_argon2_and_verifies() -> None:
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "wrong")
    assert not verify_password("not-a-hash", "x")


def test_tokens_round_trip_and_reject_tampering_and_expiry() -> None:
    signer = TokenSigner("s" * 40, ttl_minutes=5)
    claims = StaffClaims(uuid.uuid4(), "recruiter", uuid.uuid4())
    verified = signer.verify(signer.issue(claims))
    assert verified.claims == claims and len(verified.jti) == 32
    assert signer.verify(signer.issue(claims)).jti != verified.jti  # every token has its own jti
    with pytest.raises(TokenError):
        TokenSigner("t" * 40, 5).verify(signer.issue(claims))
    with pytest.raises(TokenError, match="expired"):
        signer.verify(TokenSigner("s" * 40, ttl_minutes=-1).issue(claims))
    with pytest.raises(ValueError):
        TokenSigner("short", 5)


def _forge(secret: str, algorithm: str = "HS256", **changes: object) -> str:
    now = int(time.time())
    payload: dict[str, object] = {"sub": str(uuid.uuid4()), "role": "admin", "cid": None, "iat": now,
                                  "exp": now + 300, "iss": "ai-interview", "aud": "ai-interview-staff",
                                  "jti": uuid.uuid4().hex, "typ": "access"}
    payload.update(changes)
    payload = {k: v for k, v in payload.items() if v is not _DROP}
    return jwt.encode(payload, secret if algorithm != "none" else None, algorithm=algorithm)  # type: ignore[arg-type]


_DROP = object()


@pytest.mark.parametrize("changes", [
    {"iss": "someone-else"}, {"aud": "another-app"}, {"jti": _DROP}, {"iat": _DROP}, {"aud": _DROP},
    {"typ": "refresh"}, {"sub": "not-a-uuid"}, {"exp": _DROP},
], ids=["iss", "aud", "no-jti", "no-iat", "no-aud", "refresh-as-access", "bad-sub", "no-exp"])
def test_tokens_missing_or_wrong_claims_are_refused(changes: dict[str, object]) -> None:
    secret = "s" * 40
    assert TokenSigner(secret, 5).verify(_forge(secret)).claims.role == "admin"  # the forger is right otherwise
    with pytest.raises(TokenError):
        TokenSigner(secret, 5).verify(_forge(secret, **changes))


def test_alg_none_and_other_algorithms_are_refused() -> None:
    secret = "s" * 40
    for algorithm in ("none", "HS512"):
        with pytest.raises(TokenError):
            TokenSigner(secret, 5).verify(_forge(secret, algorithm))


def test_refresh_tokens_only_refresh() -> None:
    signer = TokenSigner("s" * 40, ttl_minutes=5, refresh_ttl_minutes=60)
    claims = StaffClaims(uuid.uuid4(), "ml", None)
    refresh = signer.issue(claims, kind=REFRESH)
    assert signer.verify(refresh, kind=REFRESH).claims == claims
    with pytest.raises(TokenError):
        signer.verify(refresh)  # not an access token
    with pytest.raises(TokenError):
        signer.verify(signer.issue(claims), kind=REFRESH)


@pytest.mark.parametrize(("password", "email", "problem"), [
    ("short-1", "a@b.com", "12 characters"),
    ("dana@example.com", "dana@example.com", "email"),
    ("dana.kim", "dana.kim@example.com", "12 characters"),
    ("dana.kim.2024", "dana.kim@example.com", "email"),
    ("Password1234", "x@y.com", "common"),
    ("aaaaaaaaaaaaaaaa", "x@y.com", "common"),
    ("abababababababab", "x@y.com", "repetitive"),
])
def test_weak_passwords_are_refused_with_a_reason(password: str, email: str, problem: str) -> None:
    reason = password_problem(password, email=email)
    assert reason is not None and problem in reason


def test_reasonable_passwords_pass() -> None:
    for password in ("admin-password-123", "correct horse battery", "동해물과 백두산이 마르고"):
        assert password_problem(password, email="admin@example.com") is None


def test_invite_tokens_are_random_and_hashed() -> None:
    a, b = new_invite_token(), new_invite_token()
    assert a != b and len(a) >= 40
    assert hash_invite_token(a) == hash_invite_token(a) != hash_invite_token(b)
    assert a not in hash_invite_token(a)
