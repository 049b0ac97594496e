"""What every staff tab shares: who is calling (re-checked on each callback) and how errors read."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import gradio as gr

from interview.actors import Staff
from interview.errors import InvalidInput, ServiceError, Unauthorized

if TYPE_CHECKING:
    from interview.runtime import Runtime

T = TypeVar("T")


def staff_for(rt: Runtime, jwt: str) -> Staff:
    """The signed-in staff member, re-read from the database on every event; an expired,
    revoked or missing sign-in reads 'sign in again'."""
    if not jwt:
        raise Unauthorized("you are signed out: sign in again")
    return rt.accounts.authenticate_console(jwt)


def client_of(request: gr.Request | None) -> str | None:
    """The browser's address, for the audit trail and the sign-in throttle."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None)


def parse_id(value: str | None, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value or "").strip())
    except ValueError as err:
        raise InvalidInput(f"pick a {what} first") from err


def sentence(err: ServiceError) -> str:
    """A service message as the page shows it."""
    text = err.message
    return f"⚠️ {text[:1].upper()}{text[1:].rstrip('.')}."


def attempt(fn: Callable[[], T]) -> tuple[T | None, str]:
    """Run a service call; (result, "") or (None, the sentence to show)."""
    try:
        return fn(), ""
    except ServiceError as err:
        return None, sentence(err)


def role_tab(rt: Runtime, jwt: str, roles: tuple[str, ...], empty: tuple[Any, ...],
             fill: Callable[[Staff], tuple[Any, ...]]) -> tuple[Any, ...]:
    """After sign-in, a tab that is always present but open only to ``roles``: (its notice, its
    body, then its outputs). Other callers see the notice and a hidden body holding ``empty``."""
    staff, _ = attempt(lambda: staff_for(rt, jwt))
    if staff is None or staff.role not in roles:
        return gr.update(visible=True), gr.update(visible=False), *empty
    return gr.update(visible=False), gr.update(visible=True), *fill(staff)


def job_choices(rt: Runtime, jwt: str) -> list[tuple[str, str]]:
    """(label, job id) of the jobs the caller may see, newest first; [] when signed out."""
    jobs, _ = attempt(lambda: rt.hiring.list_jobs(staff_for(rt, jwt)))
    return [(f"{j['title']} · {j['company']}", j["id"]) for j in jobs or []]
