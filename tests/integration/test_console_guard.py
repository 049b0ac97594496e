"""Every event of every staff console tab checks its caller on the server.

Each event handler that takes the console's sign-in state is called directly, the way Gradio
would, by three callers: nobody (empty state), a signed-out console (revoked token), and a
recruiter of another company. Every other input is set to the victim company's ids and names,
so a handler that forgot its check would load and return them. None may, and no listing
(jobs, companies, candidates) may show the victim's company."""

from __future__ import annotations

import inspect
import time
from typing import Any

import gradio as gr
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from interview.ui.staff_page import build_staff_page
from tests.helpers import login, make_invite, seed_answers, wait_report

SECRET_NAME = "Kim Minji"  # the victim's candidate (tests.helpers.make_invite)
SECRET_COMPANY = "Acme"  # the victim's company: no listing (jobs, companies, candidates) may show it


def _tab_of(page: gr.Blocks, fn: Any) -> str:
    """The label of the tab that holds the event's first input or output (or 'console')."""
    for block in [*fn.inputs, *fn.outputs]:
        parent = getattr(block, "parent", None)
        while parent is not None:
            if isinstance(parent, gr.Tab):
                return str(parent.label)
            parent = getattr(parent, "parent", None)
    return "console"


def _call(fn: Any, args: list[Any]) -> Any:
    kwargs = {"request": None} if "request" in inspect.signature(fn.fn).parameters else {}
    return fn.fn(*args, **kwargs)


@pytest.fixture
def victim(app_client: TestClient) -> dict[str, Any]:
    admin = login(app_client)
    made = make_invite(app_client, admin)
    seed_answers(app_client, made["session_id"], [
        ("Tell me about a problem you solved.", "problem_solving",
         "I profiled our slow checkout API, found an N+1 query, rewrote it as one join; p95 went from 2 s to 0.3 s.")])
    assert app_client.post(f"/api/interview/{made['token']}/finish").status_code == 202
    wait_report(app_client, made["session_id"], admin)
    other = app_client.post("/api/companies", headers=admin, json={"name": "Rival"}).json()["id"]
    assert app_client.post("/api/users", headers=admin, json={"email": "rival@r.example", "password":
                           "rival-password-123", "role": "recruiter", "company_id": other}).status_code == 201
    return made


def test_every_console_event_refuses_callers_it_must_not_serve(app_client: TestClient,
                                                                victim: dict[str, Any]) -> None:
    rt = app_client.app.state.runtime  # type: ignore[attr-defined]
    page = build_staff_page(rt)
    signed_out = rt.accounts.login(email="admin@example.com", password="admin-password-123").refresh_token
    rt.accounts.logout(signed_out)

    def rival() -> str:  # a fresh sign-in per call: the console's own sign-out event revokes the one it gets
        return str(rt.accounts.login(email="rival@r.example", password="rival-password-123").refresh_token)
    state = next(b for b in page.blocks.values() if isinstance(b, gr.State) and b.value == "")
    guarded = [fn for fn in page.fns.values() if fn.fn is not None and state in fn.inputs]
    tabs = {_tab_of(page, fn) for fn in guarded}
    assert {"Jobs", "Candidates", "Report", "Compare", "Admin", "Prompt Lab"} <= tabs, tabs  # one per tab at least
    # the Prompt Lab's dry-run job: start, follow (its timer), cancel; the job they follow is the
    # admin's dry-run of the victim's interview
    assert {"on_run", "on_poll", "on_stop"} <= {fn.name for fn in guarded}
    admin = login(app_client)
    default = next(r for r in app_client.get("/api/rubrics", headers=admin).json()["rubrics"] if r["name"] == "default")
    dry_run = app_client.post("/api/dry-runs", headers=admin, json={
        "kind": "rubric", "target": default["id"], "version": 1, "session_ids": [victim["session_id"]]}).json()["id"]
    followed = next(fn for fn in guarded if fn.name == "on_poll").inputs[1]

    def value_for(block: Any) -> Any:
        if block is followed:
            return dry_run
        if isinstance(block, gr.CheckboxGroup):
            return [victim["session_id"]]
        if isinstance(block, (gr.Number, gr.Slider)):
            return 3
        if isinstance(block, gr.Checkbox):
            return True
        if isinstance(block, gr.Dropdown) and "job" in str(block.label).lower():
            return victim["job_id"]
        if isinstance(block, gr.Dropdown) and "company" in str(block.label).lower():
            return victim["company_id"]
        return victim["session_id"]

    calls = 0
    for make_caller in (lambda: "", lambda: signed_out, rival):
        for fn in guarded:
            caller = make_caller()
            args = [caller if block is state else value_for(block) for block in fn.inputs]
            result = _call(fn, args)
            calls += 1
            shown = str(result)
            assert SECRET_NAME not in shown and SECRET_COMPANY not in shown, (fn.name, _tab_of(page, fn), caller[:10])
            if followed in fn.inputs:  # nor the admin's dry-run results (they name the victim's interview)
                assert victim["session_id"][:8] not in shown, (fn.name, caller[:10])
    # nor did any of them act: the link, the data and the identity are as they were
    with rt.db.engine.connect() as conn:
        row = conn.execute(text("SELECT i.revoked_at, s.purged_at, s.candidate_name FROM invites i JOIN "
                                "interview_sessions s ON s.id = i.session_id WHERE s.id = :id"),
                           {"id": victim["session_id"]}).one()
    assert row == (None, None, SECRET_NAME)
    with rt.db.engine.connect() as conn:  # no dry-run started by them, the admin's not cancelled
        assert conn.execute(text("SELECT id::text, cancel_requested FROM dry_runs")).all() == [(dry_run, False)]
    # a sanity check that the same calls do reveal the victim to the victim's own admin
    admin_state = rt.accounts.login(email="admin@example.com", password="admin-password-123").refresh_token
    report_fn = next(fn for fn in guarded if fn.name == "render")
    assert SECRET_NAME in str(_call(report_fn, [admin_state, victim["session_id"]]))
    console_fn = next(fn for fn in guarded if fn.name == "on_console")
    assert SECRET_COMPANY in str(_call(console_fn, [admin_state, ""]))
    assert "Rival" in str(_call(console_fn, [rival(), ""]))  # the rival sees its own company's listing
    poll_fn = next(fn for fn in guarded if fn.name == "on_poll")
    deadline = time.monotonic() + 120
    while "Done: 1/1 sessions" not in str(shown := _call(poll_fn, [admin_state, dry_run])):
        assert time.monotonic() < deadline, shown
        time.sleep(0.3)
    assert victim["session_id"][:8] in str(shown)  # the admin follows the dry-run to its results
    assert calls >= 3 * 15
    # and act for the admin: a new link, then erasure once confirmed
    reissue = next(fn for fn in guarded if fn.name == "on_reissue")
    assert "/interview/?token=" in str(_call(reissue, [admin_state, victim["session_id"]]))
    erase = next(fn for fn in guarded if fn.name == "on_erase")
    assert "Tick the confirmation" in str(_call(erase, [admin_state, victim["session_id"], False]))
    assert "erased" in str(_call(erase, [admin_state, victim["session_id"], True]))
    with rt.db.engine.connect() as conn:
        assert conn.execute(text("SELECT candidate_name FROM interview_sessions WHERE id = :id"),
                            {"id": victim["session_id"]}).scalar_one() == "erased"
