"""The staff console at /: sign in; recruiters set up jobs and invites."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.errors import ServiceError
from interview.hiring import JobSpec

if TYPE_CHECKING:
    from interview.runtime import Runtime


def build_staff_page(rt: Runtime) -> gr.Blocks:
    with gr.Blocks(title="AI Interview · Staff", analytics_enabled=False) as page:
        token = gr.State("")  # the staff JWT, kept in this browser session only
        gr.Markdown("# AI Interview — staff console")
        with gr.Column() as login_box:
            email = gr.Textbox(label="Email")
            password = gr.Textbox(label="Password", type="password")
            sign_in = gr.Button("Sign in", variant="primary")
        status = gr.Markdown(elem_id="staff-status")
        with gr.Column(visible=False) as console:
            with gr.Tab("Invite a candidate"):
                company_id = gr.Textbox(label="Company id")
                title = gr.Textbox(label="Job title")
                requirements = gr.Textbox(label="Requirements", lines=4)
                language = gr.Radio(["en", "ko"], value="en", label="Interview language")
                candidate = gr.Textbox(label="Candidate name")
                invite = gr.Button("Create job and invite")
                invite_out = gr.Markdown()

        def on_sign_in(mail: str, pw: str) -> tuple[Any, ...]:
            try:
                jwt_token, staff = rt.accounts.login(email=mail, password=pw)
            except ServiceError as err:
                return "", err.message, gr.update(), gr.update(visible=False), gr.update()
            cid = str(staff.company_id) if staff.company_id else ""
            return (jwt_token, f"Signed in as **{mail}** ({staff.role}).", gr.update(visible=False),
                    gr.update(visible=True), gr.update(value=cid))

        sign_in.click(on_sign_in, [email, password], [token, status, login_box, console, company_id])

        def on_invite(jwt_token: str, cid: str, job_title: str, req: str, lang: str, name: str) -> str:
            try:
                staff = rt.accounts.authenticate(jwt_token)
                job_id = rt.hiring.create_job(staff, JobSpec(
                    company_id=uuid.UUID(cid.strip()), title=job_title, requirements=req, language=lang))
                created = rt.hiring.create_invite(staff, job_id=job_id, candidate_name=name,
                                                  candidate_email=None, expires_in_hours=None)
            except ValueError:
                return "The company id is not valid: copy it from the company list."
            except ServiceError as err:
                return err.message
            return f"Invite link for {name}: [{created.url}]({created.url})"

        invite.click(on_invite, [token, company_id, title, requirements, language, candidate], invite_out)
    return page
