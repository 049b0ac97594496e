"""Sign-in, tokens, user administration and the audit trail (../shared/API.md, Access and privacy)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Cookie, Query, Request, Response
from pydantic import BaseModel, Field

from interview.accounts import Tokens
from interview.api.deps import AdminUser, ClientDep, RuntimeDep
from interview.api.schemas import IdOut, LoginIn, LoginOut, UserIn
from interview.errors import Unauthorized

router = APIRouter(prefix="/api")
REFRESH_COOKIE = "refresh_token"


class RefreshIn(BaseModel):
    refresh_token: str | None = Field(None, max_length=2000)


class UserPatch(BaseModel):
    role: Literal["recruiter", "ml", "admin"] | None = None
    company_id: uuid.UUID | None = None
    active: bool | None = None


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    role: str
    company_id: uuid.UUID | None
    active: bool


def _signed_in(rt: Any, request: Request, tokens: Tokens, response: Response) -> LoginOut:
    """The tokens in the body, and the refresh token again as an HttpOnly cookie scoped to
    /api/auth (a browser client never has to keep it in script-readable storage)."""
    response.set_cookie(REFRESH_COOKIE, tokens.refresh_token, max_age=rt.settings.jwt_refresh_ttl_minutes * 60,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/api/auth")
    return LoginOut(access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                    expires_in=rt.settings.jwt_ttl_minutes * 60, role=tokens.staff.role)


@router.post("/auth/login", response_model=LoginOut, tags=["auth"])
def login(body: LoginIn, rt: RuntimeDep, client: ClientDep, request: Request, response: Response) -> LoginOut:
    tokens = rt.accounts.login(email=body.email, password=body.password, client=client)
    return _signed_in(rt, request, tokens, response)


@router.post("/auth/refresh", response_model=LoginOut, tags=["auth"])
def refresh(rt: RuntimeDep, request: Request, response: Response, body: RefreshIn | None = None,
            cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None) -> LoginOut:
    token = (body.refresh_token if body else None) or cookie
    if not token:
        raise Unauthorized("send the refresh_token from POST /api/auth/login (body or cookie)")
    return _signed_in(rt, request, rt.accounts.refresh(token), response)


@router.post("/auth/logout", status_code=204, tags=["auth"])
def logout(rt: RuntimeDep, client: ClientDep, request: Request, body: RefreshIn | None = None,
           cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None) -> Response:
    """Revokes the bearer access token and the refresh token (body or cookie)."""
    bearer = request.headers.get("authorization", "")
    tokens = [t for t in (bearer[7:].strip() if bearer.lower().startswith("bearer ") else "",
                          body.refresh_token if body else None, cookie) if t]
    if not tokens:
        raise Unauthorized("nothing to sign out: send the access token (Authorization: Bearer) or the refresh token")
    rt.accounts.logout(*tokens, client=client)
    response = Response(status_code=204)
    response.delete_cookie(REFRESH_COOKIE, path="/api/auth")
    return response


@router.post("/users", response_model=IdOut, status_code=201, tags=["users"])
def create_user(body: UserIn, rt: RuntimeDep, actor: AdminUser, client: ClientDep) -> IdOut:
    return IdOut(id=rt.accounts.create_user(
        actor, email=str(body.email), password=body.password, role=body.role, company_id=body.company_id,
        client=client,
    ))


@router.get("/users", tags=["users"])
def list_users(rt: RuntimeDep, actor: AdminUser) -> dict[str, list[UserOut]]:
    return {"users": [UserOut(**u) for u in rt.accounts.list_users(actor)]}


@router.patch("/users/{user_id}", response_model=UserOut, tags=["users"])
def update_user(user_id: uuid.UUID, body: UserPatch, rt: RuntimeDep, actor: AdminUser, client: ClientDep) -> UserOut:
    changes = body.model_dump(exclude_unset=True)
    if changes.get("role") is None:
        changes.pop("role", None)
    if changes.get("active") is None:
        changes.pop("active", None)
    return UserOut(**rt.accounts.update_user(actor, user_id, changes=changes, client=client))


@router.get("/audit", tags=["users"])
def audit_log(rt: RuntimeDep, actor: AdminUser,
              action: Annotated[str | None, Query(max_length=100)] = None,
              actor_email: Annotated[str | None, Query(alias="actor", max_length=320)] = None,
              since: datetime | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, list[dict[str, Any]]]:
    return {"events": rt.audit.events(actor, action=action, actor=actor_email, since=since, limit=limit)}
