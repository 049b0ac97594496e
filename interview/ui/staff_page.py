"""The staff console at /: sign in, then the Jobs, Candidates, Report and Compare tabs (and
Admin, for admins).

This module only composes the tabs (one module each) and wires what crosses them; every
callback re-checks the caller's token and the services enforce role and company.
``/?session=<id>`` opens that candidate's report after sign-in (a link a recruiter can share)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.errors import ServiceError
from interview.ui.staff_admin import create_admin_tab, load_admin_tab
from interview.ui.staff_candidates import create_candidates_tab
from interview.ui.staff_common import client_of, job_choices, sentence
from interview.ui.staff_compare import create_compare_tab
from interview.ui.staff_jobs import create_jobs_tab, load_jobs_tab
from interview.ui.staff_lab import create_lab_tab, load_lab_tab
from interview.ui.staff_report import create_report_tab
from interview.ui.theme import FONT_CSS, staff_theme

if TYPE_CHECKING:
    from interview.runtime import Runtime

CSS = """
#staff-status p {margin: 0}
.hint p {color: #6b7280; font-size: 13px}
footer {display: none !important}
"""


def build_staff_page(rt: Runtime) -> gr.Blocks:
    with gr.Blocks(title="AI Interview · Staff", analytics_enabled=False, css=FONT_CSS + CSS,
                   theme=staff_theme()) as page:
        token = gr.State("")  # the staff refresh token, in server-side state only (never sent to the browser)
        wanted = gr.State("")  # a report asked for in the URL (?session=...), opened after sign-in
        with gr.Row(equal_height=True):
            gr.Markdown("# AI Interview — recruiter console")
            sign_out = gr.Button("Sign out", visible=False, size="sm", scale=0, min_width=100, elem_id="sign-out")
        with gr.Column() as login_box:
            email = gr.Textbox(label="Email", elem_id="login-email")
            password = gr.Textbox(label="Password", type="password", elem_id="login-password")
            sign_in = gr.Button("Sign in", variant="primary", elem_id="login-button")
        status = gr.Markdown(elem_id="staff-status")
        with gr.Column(visible=False) as console, gr.Tabs(selected="candidates") as tabs:
            jobs_tab = create_jobs_tab(rt, token)
            cand_tab = create_candidates_tab(rt, token)
            report_tab = create_report_tab(rt, token)
            create_compare_tab(rt, token, job=cand_tab["chosen"])
            lab_tab = create_lab_tab(rt, token)
            admin_tab = create_admin_tab(rt, token)

        def on_sign_in(mail: str, pw: str, request: gr.Request) -> tuple[Any, ...]:
            try:
                tokens = rt.accounts.login(email=mail, password=pw, client=client_of(request))
            except ServiceError as err:
                return "", sentence(err), gr.update(), gr.update(visible=False), gr.update(visible=False), ""
            # the console keeps the refresh token in server-side state (see staff_for)
            return (tokens.refresh_token, f"Signed in as **{mail}** ({tokens.staff.role}).",
                    gr.update(visible=False), gr.update(visible=True), gr.update(visible=True), "")

        signed_in = gr.on([sign_in.click, password.submit], on_sign_in, [email, password],
                          [token, status, login_box, console, sign_out, password], api_name="sign_in")

        def on_console(jwt: str, session_id: str) -> tuple[Any, ...]:
            jobs = load_jobs_tab(rt, jwt)
            choices = job_choices(rt, jwt)
            first = choices[0][1] if choices else ""
            job = gr.update(choices=choices, value=first or None)
            if not jwt:
                return (*jobs, gr.update(), gr.update(), gr.update(), gr.update())
            if session_id:  # deep link: open that report
                return (*jobs, job, first, gr.Tabs(selected="report"), session_id)
            return (*jobs, job, first, gr.Tabs(selected="candidates" if choices else "jobs"), gr.update())

        console_outputs = [jobs_tab["company_box"], jobs_tab["company"], jobs_tab["table"], jobs_tab["invite_job"],
                           cand_tab["job"], cand_tab["chosen"], tabs, report_tab["session"]]
        # one after the other, the recruiter's lists first: run side by side, the admin and lab
        # tabs' loads could hold up the job list on a busy 2-core machine
        console_loaded = signed_in.then(on_console, [token, wanted], console_outputs)

        def on_admin(jwt: str) -> tuple[Any, ...]:
            return load_admin_tab(rt, jwt)

        admin_loaded = console_loaded.then(on_admin, [token], admin_tab["outputs"])

        def on_lab(jwt: str) -> tuple[Any, ...]:
            return load_lab_tab(rt, jwt)

        admin_loaded.then(on_lab, [token], lab_tab["outputs"])

        def on_job_created(jwt: str) -> Any:
            return gr.update(choices=job_choices(rt, jwt))

        jobs_tab["job_event"].then(on_job_created, [token], cand_tab["job"])

        def on_open(session_id: str | None) -> tuple[Any, ...]:
            if not session_id:
                return gr.update(), gr.update()
            return gr.Tabs(selected="report"), session_id

        cand_tab["open"].click(on_open, [cand_tab["pick"]], [tabs, report_tab["session"]])

        def on_sign_out(jwt: str, request: gr.Request) -> tuple[Any, ...]:
            if jwt:
                rt.accounts.logout(jwt, client=client_of(request))  # the token stops working everywhere
            return ("", "Signed out.", gr.update(visible=True), gr.update(visible=False), gr.update(visible=False),
                    "")

        sign_out.click(on_sign_out, [token], [token, status, login_box, console, sign_out, report_tab["session"]])

        def on_page(request: gr.Request) -> str:
            return str(request.query_params.get("session") or "")

        page.load(on_page, None, wanted)
    return page
