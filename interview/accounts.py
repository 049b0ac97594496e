"""Staff accounts: sign-in, users, the first admin."""

from __future__ import annotations

import logging
import uuid

from db.engine import Database
from db.repositories import audit, companies, users
from interview.actors import Staff
from interview.errors import Conflict, InvalidInput, NotFound, Unauthorized
from interview.security import (
    MIN_PASSWORD_LENGTH,
    StaffClaims,
    TokenSigner,
    hash_password,
    verify_password,
)

log = logging.getLogger(__name__)
_DUMMY_HASH = hash_password("timing-equaliser-not-a-password")


class AccountService:
    def __init__(self, db: Database, signer: TokenSigner) -> None:
        self.db = db
        self.signer = signer

    def login(self, *, email: str, password: str) -> tuple[str, Staff]:
        with self.db.session() as s:
            user = users.get_user_by_email(s, email=email)
            if user is None:
                verify_password(_DUMMY_HASH, password)  # same work for unknown emails
                raise Unauthorized("wrong email or password")
            if not user.is_active or not verify_password(user.password_hash, password):
                raise Unauthorized("wrong email or password")
            staff = Staff(user.id, user.role, user.company_id)
            audit.record(s, actor_id=user.id, actor_role=user.role, action="login",
                         target_type="user", target_id=str(user.id))
        token = self.signer.issue(StaffClaims(staff.user_id, staff.role, staff.company_id))
        return token, staff

    def authenticate(self, token: str) -> Staff:
        claims = self.signer.verify(token)
        with self.db.session() as s:
            user = users.get_user(s, user_id=claims.user_id)
            if user is None or not user.is_active:
                raise Unauthorized("this account no longer exists or is disabled")
            return Staff(user.id, user.role, user.company_id)

    def create_user(self, actor: Staff, *, email: str, password: str, role: str,
                    company_id: uuid.UUID | None) -> uuid.UUID:
        actor.require_role("admin")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
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
                         target_type="user", target_id=str(user.id), detail={"role": role})
            return user.id

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
