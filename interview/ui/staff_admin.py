"""Admin tab: users (create, role, company, deactivate), the audit log with filters, and the
retention policy in force. Shown to admins only; every callback re-checks the caller."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.ui.staff_common import attempt, client_of, parse_id, role_tab, staff_for
from interview.ui.staff_jobs import company_choices

if TYPE_CHECKING:
    from interview.actors import Staff
    from interview.runtime import Runtime

USER_COLUMNS = ["Email", "Role", "Company", "Active"]
AUDIT_COLUMNS = ["When (UTC)", "Who", "Action", "Target", "From", "Detail"]
ROLE_CHOICES = [("Recruiter", "recruiter"), ("ML staff", "ml"), ("Admin", "admin")]


def users_view(rt: Runtime, jwt: str) -> tuple[list[list[Any]], list[tuple[str, str]], str]:
    """(table rows, user choices, error sentence)."""
    def load() -> tuple[list[dict[str, Any]], dict[str, str]]:
        staff = staff_for(rt, jwt)
        names = {c["id"]: c["name"] for c in rt.hiring.list_companies(staff)}
        return rt.accounts.list_users(staff), names

    loaded, err = attempt(load)
    if loaded is None:
        return [], [], err
    users, companies = loaded
    rows = [[u["email"], u["role"], companies.get(u["company_id"] or "", "—"), "yes" if u["active"] else "no"]
            for u in users]
    return rows, [(f"{u['email']} ({u['role']})", u["id"]) for u in users], ""


def audit_rows(rt: Runtime, jwt: str, action: str, actor: str, days: float) -> tuple[list[list[Any]], str]:
    since = datetime.now(UTC) - timedelta(days=float(days or 7))
    events, err = attempt(lambda: rt.audit.events(staff_for(rt, jwt), action=action.strip() or None,
                                                  actor=actor.strip() or None, since=since, limit=500))
    return [[e["at"].strftime("%Y-%m-%d %H:%M:%S"), e["actor"], e["action"], e["target"], e["client"] or "",
             ", ".join(f"{k}={v}" for k, v in (e["detail"] or {}).items())[:200]] for e in events or []], err


def create_admin_tab(rt: Runtime, token_state: gr.State) -> dict[str, Any]:
    # Gradio 5 does not apply a visibility update to a Tab, so the tab is always there and its
    # body is shown to admins only; every callback checks the role again anyway.
    with gr.Tab("Admin", id="admin"):
        others = gr.Markdown("This tab is for admins.", elem_id="admin-only")
        with gr.Column(visible=False) as body:
            gr.Markdown(f"Candidate data (audio, resumes, transcripts, face and voice signals) is deleted "
                        f"**{rt.settings.retention_days} days** after the interview (`RETENTION_DAYS`); scores, "
                        "the overall and this audit trail are kept.", elem_classes="hint")
            gr.Markdown("### Users")
            users = gr.Dataframe(headers=USER_COLUMNS, value=[], interactive=False, elem_id="admin-users")
            with gr.Accordion("New user", open=False):
                with gr.Row():
                    email = gr.Textbox(label="Email", elem_id="admin-new-email")
                    password = gr.Textbox(label="Password (12+ characters)", type="password",
                                          elem_id="admin-new-password")
                    role = gr.Dropdown(ROLE_CHOICES, value="recruiter", label="Role", elem_id="admin-new-role")
                    company = gr.Dropdown(label="Company (recruiters)", choices=[])
                create = gr.Button("Create user", variant="primary", elem_id="admin-create-user")
            with gr.Accordion("Change a user", open=True):
                with gr.Row():
                    pick = gr.Dropdown(label="User", choices=[], elem_id="admin-pick-user")
                    new_role = gr.Dropdown(ROLE_CHOICES, value=None, label="Role")
                    new_company = gr.Dropdown(label="Company", choices=[])
                    active = gr.Checkbox(label="Active (unticked: signed out everywhere at once)", value=True)
                save = gr.Button("Save changes", elem_id="admin-save-user")
            user_msg = gr.Markdown(elem_id="admin-user-msg")
            gr.Markdown("### Audit log")
            with gr.Row():
                action = gr.Textbox(label="Action (prefix: login, report, user, invite, …)", elem_id="audit-action")
                actor = gr.Textbox(label="Who (email, or candidate / system / anonymous)")
                days = gr.Number(label="Last days", value=7, precision=0, minimum=1, maximum=3650)
                show = gr.Button("Show", elem_id="audit-show")
            audit = gr.Dataframe(headers=AUDIT_COLUMNS, value=[], interactive=False, wrap=True, elem_id="admin-audit")
            audit_msg = gr.Markdown()

    def on_create(jwt: str, mail: str, pw: str, r: str, cid: str | None, request: gr.Request) -> tuple[Any, ...]:
        _, err = attempt(lambda: rt.accounts.create_user(
            staff_for(rt, jwt), email=mail.strip(), password=pw, role=r,
            company_id=parse_id(cid, "company") if cid else None, client=client_of(request)))
        rows, choices, _ = users_view(rt, jwt)
        return err or f"User **{mail.strip()}** created.", rows, gr.update(choices=choices), ""

    create.click(on_create, [token_state, email, password, role, company], [user_msg, users, pick, password])

    def on_save(jwt: str, user_id: str, r: str | None, cid: str | None, on: bool, request: gr.Request) -> tuple[Any, ...]:
        changes: dict[str, Any] = {"active": bool(on)}
        if r:
            changes["role"] = r
        if cid:
            changes["company_id"] = parse_id(cid, "company")
        _, err = attempt(lambda: rt.accounts.update_user(staff_for(rt, jwt), parse_id(user_id, "user"),
                                                         changes=changes, client=client_of(request)))
        rows, choices, _ = users_view(rt, jwt)
        return err or "Saved.", rows, gr.update(choices=choices)

    save.click(on_save, [token_state, pick, new_role, new_company, active], [user_msg, users, pick])

    def on_audit(jwt: str, what: str, who: str, n: float) -> tuple[Any, str]:
        rows, err = audit_rows(rt, jwt, what or "", who or "", n)
        return rows, err or f"{len(rows)} event(s)."

    show.click(on_audit, [token_state, action, actor, days], [audit, audit_msg])
    return {"outputs": [others, body, users, pick, company, new_company, audit]}


def load_admin_tab(rt: Runtime, jwt: str) -> tuple[Any, ...]:
    """After sign-in: the tab's outputs; its body stays hidden and empty for non-admins."""
    def fill(_: Staff) -> tuple[Any, ...]:
        rows, choices, _unused = users_view(rt, jwt)
        names = company_choices(rt, jwt)
        return rows, gr.update(choices=choices), gr.update(choices=names), gr.update(choices=names), \
            audit_rows(rt, jwt, "", "", 7)[0]
    return role_tab(rt, jwt, ("admin",), ([], gr.update(choices=[]), gr.update(), gr.update(), []), fill)
