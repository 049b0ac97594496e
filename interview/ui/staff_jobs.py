"""Jobs tab: companies (admin), jobs with their interview settings, invites with a link to copy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.hiring import JobSpec
from interview.ui.staff_common import attempt, job_choices, parse_id, staff_for

if TYPE_CHECKING:
    from interview.runtime import Runtime

JOB_COLUMNS = ["Title", "Company", "Language", "Questions", "Fixed", "Created"]


def jobs_table(rt: Runtime, jwt: str) -> list[list[Any]]:
    jobs, _ = attempt(lambda: rt.hiring.list_jobs(staff_for(rt, jwt)))
    return [[j["title"], j["company"], j["language"], j["question_count"], j["fixed_questions"],
             j["created_at"].strftime("%Y-%m-%d %H:%M")] for j in jobs or []]


def company_choices(rt: Runtime, jwt: str) -> list[tuple[str, str]]:
    companies, _ = attempt(lambda: rt.hiring.list_companies(staff_for(rt, jwt)))
    return [(c["name"], c["id"]) for c in companies or []]


def create_jobs_tab(rt: Runtime, token_state: gr.State) -> dict[str, Any]:
    with gr.Tab("Jobs", id="jobs"):
        with gr.Accordion("New company (admin)", open=False, visible=False) as company_box:
            with gr.Row():
                company_name = gr.Textbox(label="Company name", elem_id="company-name")
                talent = gr.Textbox(label="Talent profile (what the company values)", lines=2)
            make_company = gr.Button("Create company", elem_id="company-create")
            company_msg = gr.Markdown()
        with gr.Accordion("New job", open=True):
            with gr.Row():
                company = gr.Dropdown(label="Company", choices=[], elem_id="job-company")
                title = gr.Textbox(label="Job title", elem_id="job-title")
                language = gr.Radio([("English", "en"), ("한국어", "ko")], value="en", label="Interview language")
            requirements = gr.Textbox(label="Requirements", lines=3)
            with gr.Row():
                count = gr.Number(label="Questions", value=5, precision=0, minimum=1, maximum=20)
                follow_ups = gr.Number(label="Max follow-ups per question", value=1, precision=0, minimum=0,
                                       maximum=3)
                limit = gr.Number(label="Time limit per answer (s)", value=180, precision=0, minimum=30,
                                  maximum=900)
                silence = gr.Number(label="Silence that ends an answer (s)", value=1.2, minimum=0.5, maximum=5)
            fixed = gr.Textbox(label="Fixed questions, asked first and in order (one per line)", lines=3,
                               elem_id="job-fixed")
            feedback = gr.Checkbox(label="Show feedback (strengths, what to improve) to the candidate")
            make_job = gr.Button("Create job", variant="primary", elem_id="job-create")
            job_msg = gr.Markdown()
        gr.Markdown("### Jobs")
        table = gr.Dataframe(headers=JOB_COLUMNS, value=[], interactive=False, elem_id="jobs-table")
        with gr.Accordion("Invite a candidate", open=True):
            with gr.Row():
                invite_job = gr.Dropdown(label="Job", choices=[], elem_id="invite-job")
                name = gr.Textbox(label="Candidate name", elem_id="invite-name")
                email = gr.Textbox(label="Candidate email (optional)")
                hours = gr.Number(label="Link valid for (hours)", value=rt.settings.invite_ttl_hours, precision=0,
                                  minimum=1, maximum=1440)
            make_invite = gr.Button("Create invite", variant="primary", elem_id="invite-create")
            invite_msg = gr.Markdown()
            link = gr.Textbox(label="Interview link: send it to the candidate", show_copy_button=True,
                              interactive=False, visible=False, elem_id="invite-link")

    def on_company(jwt: str, cname: str, profile: str) -> tuple[str, Any]:
        created, err = attempt(lambda: rt.hiring.create_company(staff_for(rt, jwt), name=cname,
                                                                talent_profile=profile))
        if err:
            return err, gr.update()
        return f"Company **{cname.strip()}** created.", gr.update(choices=company_choices(rt, jwt), value=str(created))

    make_company.click(on_company, [token_state, company_name, talent], [company_msg, company],
                       api_name="create_company")

    def on_job(jwt: str, cid: str, job_title: str, req: str, lang: str, n: float, fu: float, tl: float,
               es: float, questions: str, show: bool) -> tuple[str, Any, Any]:
        def create() -> Any:
            spec = JobSpec(company_id=parse_id(cid, "company"), title=job_title, requirements=req, language=lang,
                           question_count=int(n or 5), max_follow_ups=int(fu or 0), time_limit_s=int(tl or 180),
                           end_silence_s=float(es or 1.2), questions=tuple(questions.splitlines()),
                           show_feedback_to_candidate=bool(show))
            return rt.hiring.create_job(staff_for(rt, jwt), spec)

        created, err = attempt(create)
        if err:
            return err, gr.update(), gr.update()
        return (f"Job **{job_title.strip()}** created: invite candidates below.", jobs_table(rt, jwt),
                gr.update(choices=job_choices(rt, jwt), value=str(created)))

    job_event = make_job.click(on_job, [token_state, company, title, requirements, language, count, follow_ups,
                                        limit, silence, fixed, feedback], [job_msg, table, invite_job],
                               api_name="create_job")

    def on_invite(jwt: str, job_id: str, cand: str, mail: str, valid: float) -> tuple[str, Any]:
        created, err = attempt(lambda: rt.hiring.create_invite(
            staff_for(rt, jwt), job_id=parse_id(job_id, "job"), candidate_name=cand,
            candidate_email=mail.strip() or None, expires_in_hours=int(valid) if valid else None))
        if err or created is None:
            return err, gr.update(visible=False)
        until = created.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        return (f"Invite for **{cand.strip()}** created; the link works until {until} and only once.",
                gr.update(value=created.url, visible=True))

    invite_event = make_invite.click(on_invite, [token_state, invite_job, name, email, hours], [invite_msg, link],
                                     api_name="create_invite")
    return {"company_box": company_box, "company": company, "table": table, "invite_job": invite_job,
            "job_event": job_event, "invite_event": invite_event, "link": link}


def load_jobs_tab(rt: Runtime, jwt: str) -> tuple[Any, ...]:
    """Fill the tab after sign-in: (company_box, company, table, invite_job) updates."""
    staff, _ = attempt(lambda: staff_for(rt, jwt))
    companies = company_choices(rt, jwt)
    jobs = job_choices(rt, jwt)
    return (gr.update(visible=staff is not None and staff.role == "admin"),
            gr.update(choices=companies, value=companies[0][1] if len(companies) == 1 else None),
            jobs_table(rt, jwt), gr.update(choices=jobs, value=jobs[0][1] if jobs else None))
