from __future__ import annotations

import uuid

import pytest

from interview.security import (
    StaffClaims,
    TokenError,
    TokenSigner,
    hash_invite_token,
    hash_password,
    new_invite_token,
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
    assert signer.verify(signer.issue(claims)) == claims
    with pytest.raises(TokenError):
        TokenSigner("t" * 40, 5).verify(signer.issue(claims))
    with pytest.raises(TokenError, match="expired"):
        signer.verify(TokenSigner("s" * 40, ttl_minutes=-1).issue(claims))
    with pytest.raises(ValueError):
        TokenSigner("short", 5)


def test_invite_tokens_are_random_and_hashed() -> None:
    a, b = new_invite_token(), new_invite_token()
    assert a != b and len(a) >= 40
    assert hash_invite_token(a) == hash_invite_token(a) != hash_invite_token(b)
    assert a not in hash_invite_token(a)
