"""FastAPI dependencies as Annotated types: each route states who may call it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interview.actors import Staff
from interview.errors import Unauthorized
from interview.runtime import Runtime

_bearer = HTTPBearer(auto_error=False)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def client_address(request: Request) -> str | None:
    """The caller's address, for the audit trail and the sign-in throttle (behind a proxy,
    run uvicorn with --forwarded-allow-ips so this is the real client)."""
    return request.client.host if request.client else None


ClientDep = Annotated[str | None, Depends(client_address)]


def current_staff(
    rt: RuntimeDep, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Staff:
    if creds is None or creds.scheme.lower() != "bearer":
        raise Unauthorized("sign in first: send 'Authorization: Bearer <token>' from POST /api/auth/login")
    return rt.accounts.authenticate(creds.credentials)


def role_guard(*roles: str):  # type: ignore[no-untyped-def]
    def check(staff: Annotated[Staff, Depends(current_staff)]) -> Staff:
        staff.require_role(*roles)
        return staff

    return check


CurrentStaff = Annotated[Staff, Depends(current_staff)]
AdminUser = Annotated[Staff, Depends(role_guard("admin"))]
HiringUser = Annotated[Staff, Depends(role_guard("admin", "recruiter"))]
ReviewUser = Annotated[Staff, Depends(role_guard("admin", "recruiter", "ml"))]
MLUser = Annotated[Staff, Depends(role_guard("admin", "ml"))]
