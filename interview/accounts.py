"""Staff accounts: sign-in (throttled), tokens (refresh, sign-out), users, the first admin."""

from __future__ import annotations

import logging
import math
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from db.engine import Database
from db.models import ROLES
from db.repositories import access, audit, companies, users
from interview.actors import Staff
from interview.errors import Conflict, InvalidInput, NotFound, TooManyRequests, Unauthorized
from interview.security import (
    ACCESS,
    REFRESH,
    StaffClaims,
    TokenError,
    TokenSigner,
    VerifiedToken,
    hash_password,
    password_problem,
    verify_password,
)

log = logging.getLogger(__name__)
_DUMMY_HASH = hash_password("timing-equaliser-not-a-password")


@dataclass(frozen=True)
class LoginPolicy:
    """After ``per_account`` failures for one email, or ``per_client`` from one address, within
    ``window``, sign-in answers 429 until the oldest of them leaves the window. At most
    ``hash_slots`` argon2 checks run at once (each takes 64 MiB and a core for ~0.1 s; half the
    cores, so the other half keeps serving), so a flood of wrong passwords queues instead of
    exhausting memory or CPU (bench/login_flood.py)."""

    per_account: int = 5
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)
    hash_slots: int = max(1, (os.cpu_count() or 2) // 2)
    hash_wait_s: float = 1.0  # then 429: a waiting sign-in must not hold a server thread for long


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    staff: Staff


class AccountService:
    def __init__(self, db: Database, signer: TokenSigner, policy: LoginPolicy | None = None) -> None:
        self.db = db
        self.signer = signer
        self.policy = policy or LoginPolicy()
        self._hash_slots = threading.BoundedSemaphore(self.policy.hash_slots)

    # --- sign-in -------------------------------------------------------------
    def login(self, *, email: str, password: str, client: str | None = None) -> Tokens:
        email = email.strip()[:320]
        keys = [(f"email:{email.lower()}", self.policy.per_account)]
        if client:
            keys.append((f"ip:{client}", self.policy.per_client))
        wait = self._locked_for(keys)
        if wait:  # no hashing, no writing: a locked-out flood costs two indexed reads per try
            raise TooManyRequests(f"too many failed sign-ins: try again in {-(-wait // 60)} minute(s), "
                                  "or ask an admin to check your account", retry_after=wait)
        with self.db.session() as s:
            user = users.get_user_by_email(s, email=email)
            stored = user.password_hash if user is not None else _DUMMY_HASH  # same work for unknown emails
            user_id, role, company_id, active = (user.id, user.role, user.company_id, user.is_active) if user \
                else (None, "", None, False)
        if not self._verify(stored, password) or user_id is None or not active:
            self._failed(keys, user_id=user_id, email=email, client=client)
            raise Unauthorized("wrong email or password")
        staff = Staff(user_id, role, company_id)
        with self.db.session() as s:
            access.clear_failures(s, key=keys[0][0])
            audit.record(s, actor_id=user_id, actor_role=role, action="login", target_type="user",
                         target_id=str(user_id), client=client)
        return self._tokens(staff)

    def _locked_for(self, keys: list[tuple[str, int]]) -> int:
        """Seconds until every key is under its limit again (0: not locked)."""
        now = datetime.now(UTC)
        wait = 0
        with self.db.session() as s:
            for key, limit in keys:
                times = access.recent_failures(s, key=key, since=now - self.policy.window, limit=limit)
                if len(times) >= limit:
                    wait = max(wait, math.ceil((times[-1] + self.policy.window - now).total_seconds()))
        return wait

    def _failed(self, keys: list[tuple[str, int]], *, user_id: uuid.UUID | None, email: str,
                client: str | None) -> None:
        """Count the failure under each key and audit it; a failure that starts a lockout is
        audited as ``login.locked`` too (the tries refused while locked are not, so a flood
        cannot fill the audit log)."""
        now = datetime.now(UTC)
        with self.db.session() as s:
            access.prune_failures(s, before=now - self.policy.window)
            access.record_failure(s, keys=[key for key, _ in keys])
            audit.record(s, actor_id=user_id, actor_role="anonymous", action="login.failed", target_type="user",
                         target_id=str(user_id) if user_id else None, detail={"email": email}, client=client)
            s.flush()
            for key, limit in keys:
                if len(access.recent_failures(s, key=key, since=now - self.policy.window, limit=limit)) >= limit:
                    audit.record(s, actor_id=user_id, actor_role="anonymous", action="login.locked",
                                 target_type="user", target_id=str(user_id) if user_id else None,
                                 detail={"key": key.split(":", 1)[0], "email": email}, client=client)

    def _verify(self, stored: str, password: str) -> bool:
        if not self._hash_slots.acquire(timeout=self.policy.hash_wait_s):
            raise TooManyRequests("the sign-in service is busy: try again in a few seconds", retry_after=5)
        try:
            return verify_password(stored, password)
        finally:
            self._hash_slots.release()

    def _tokens(self, staff: Staff) -> Tokens:
        claims = StaffClaims(staff.user_id, staff.role, staff.company_id)
        return Tokens(self.signer.issue(claims, kind=ACCESS), self.signer.issue(claims, kind=REFRESH), staff)

    # --- tokens --------------------------------------------------------------
    def _check(self, token: str, kind: str) -> tuple[VerifiedToken, Staff]:
        """A token of ``kind`` that verifies, is not revoked, and whose user is still active;
        role and company come from the database, not from the token."""
        try:
            verified = self.signer.verify(token, kind=kind)
        except TokenError as err:
            raise Unauthorized(str(err)) from err
        with self.db.session() as s:
            if access.is_revoked(s, jti=verified.jti):
                raise Unauthorized("you have signed out: sign in again")
            user = users.get_user(s, user_id=verified.claims.user_id)
            if user is None or not user.is_active:
                raise Unauthorized("this account no longer exists or is disabled")
            return verified, Staff(user.id, user.role, user.company_id)

    def authenticate(self, token: str) -> Staff:
        return self._check(token, ACCESS)[1]

    def authenticate_console(self, refresh_token: str) -> Staff:
        """The console keeps a refresh token in server-side state (never in the browser) and
        checks it on every event, so a console session lasts the refresh lifetime and sign-out
        or deactivation ends it at once."""
        return self._check(refresh_token, REFRESH)[1]

    def refresh(self, refresh_token: str) -> Tokens:
        """New access and refresh tokens; the old refresh token is revoked (rotation)."""
        verified, staff = self._check(refresh_token, REFRESH)
        self._revoke(verified)
        return self._tokens(staff)

    def logout(self, *tokens: str, client: str | None = None) -> None:
        """Revoke each valid token given (access and/or refresh)."""
        staff = None
        for token in tokens:
            for kind in (ACCESS, REFRESH):
                try:
                    verified = self.signer.verify(token, kind=kind)
                except TokenError:
                    continue
                self._revoke(verified)
                staff = verified.claims
        if staff is not None:
            with self.db.session() as s:
                audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="logout",
                             target_type="user", target_id=str(staff.user_id), client=client)

    def _revoke(self, verified: VerifiedToken) -> None:
        with self.db.session() as s:
            access.revoke(s, jti=verified.jti, expires_at=verified.expires_at, now=datetime.now(UTC))

    # --- users ---------------------------------------------------------------
    def create_user(self, actor: Staff, *, email: str, password: str, role: str,
                    company_id: uuid.UUID | None, client: str | None = None) -> uuid.UUID:
        actor.require_role("admin")
        problem = password_problem(password, email=email)
        if problem:
            raise InvalidInput(problem)
        if role == "recruiter" and company_id is None:
            raise InvalidInput("a recruiter needs a company_id: create the company first")
        with self.db.session() as s:
            if company_id is not None and companies.get_company(s, company_id=company_id) is None:
                raise NotFound("no company has that id")
            if users.get_user_by_email(s, email=email) is not None:
                raise Conflict("a user with that email already exists")
            user = users.create_user(s, email=email, password_hash=hash_password(password),
                                     role=role, company_id=company_id)
            audit.record(s, actor_id=actor.user_id, actor_role=actor.role, action="user.create",
                         target_type="user", target_id=str(user.id), detail={"role": role}, client=client)
            return user.id

    def list_users(self, actor: Staff) -> list[dict[str, Any]]:
        actor.require_role("admin")
        with self.db.session() as s:
            return [_user_out(u) for u in users.list_users(s)]

    def update_user(self, actor: Staff, user_id: uuid.UUID, *, changes: dict[str, Any],
                    client: str | None = None) -> dict[str, Any]:
        """Change role, company or active. The last active admin stays an active admin (409);
        a deactivated user's tokens stop working at once (every request re-reads the user)."""
        actor.require_role("admin")
        if "role" in changes and changes["role"] not in ROLES:
            raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
        with self.db.session() as s:
            user = users.get_user(s, user_id=user_id)
            if user is None:
                raise NotFound("no user has that id")
            role = changes.get("role", user.role)
            active = changes.get("active", user.is_active)
            company_id = changes["company_id"] if "company_id" in changes else user.company_id
            if user.role == "admin" and user.is_active and (role != "admin" or not active):
                if users.active_admins(s, for_update=True) == [user.id]:
                    raise Conflict("this is the last active admin: make another user admin first")
            if role == "recruiter" and company_id is None:
                raise InvalidInput("a recruiter needs a company_id")
            if company_id is not None and companies.get_company(s, company_id=company_id) is None:
                raise NotFound("no company has that id")
            before = _user_out(user)
            user.role, user.is_active, user.company_id = role, bool(active), company_id
            s.flush()
            after = _user_out(user)
            audit.record(s, actor_id=actor.user_id, actor_role=actor.role, action="user.update",
                         target_type="user", target_id=str(user_id), client=client,
                         detail={k: [before[k], after[k]] for k in ("role", "company_id", "active")
                                 if before[k] != after[k]})
            return after

    def ensure_first_admin(self, *, email: str, password: str) -> bool:
        """Create the first admin when none exists; True if one was created."""
        with self.db.session() as s:
            if users.admin_exists(s):
                return False
            users.create_user(s, email=email, password_hash=hash_password(password),
                              role="admin", company_id=None)
            audit.record(s, actor_id=None, actor_role="system", action="admin.bootstrap",
                         target_type="user", target_id=None)
        log.info("first admin created", extra={"fields": {"email": email}})
        return True


def _user_out(user: Any) -> dict[str, Any]:
    return {"id": str(user.id), "email": user.email, "role": user.role,
            "company_id": str(user.company_id) if user.company_id else None, "active": bool(user.is_active)}
