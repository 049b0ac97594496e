"""Report tab: one candidate's scored report: radar, weighted overall, answer cards with the
evidence highlighted, override control, delivery and behaviour timelines, PDF download."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.privacy import REPORT_DIR_PREFIX
from interview.ui import charts
from interview.ui.staff_common import attempt, client_of, parse_id, staff_for
from interview.ui.staff_report_html import answer_cards, competency_table, header

if TYPE_CHECKING:
    from interview.runtime import Runtime

POLL_S = 5.0


def create_report_tab(rt: Runtime, token_state: gr.State) -> dict[str, Any]:
    with gr.Tab("Report", id="report"):
        session = gr.Textbox(visible=False, elem_id="report-session")
        status = gr.State("")
        title = gr.Markdown("Pick a candidate in the Candidates tab and open the report.", elem_id="report-header")
        with gr.Column(visible=False) as body:
            with gr.Row():
                radar = gr.Plot(label="Competencies", elem_id="report-radar", scale=1)
                with gr.Column(scale=1):
                    table = gr.HTML(elem_id="report-table")
                    with gr.Row():
                        pdf_button = gr.Button("Download PDF", elem_id="report-pdf-button", size="sm")
                        refresh = gr.Button("Reload", size="sm")
                    pdf_file = gr.File(label="PDF", visible=False, elem_id="report-pdf")
            with gr.Accordion("Override a competency score", open=False, elem_id="override-box"):
                with gr.Row():
                    competency = gr.Dropdown(label="Competency", choices=[], elem_id="override-competency")
                    score = gr.Slider(1, 5, value=3, step=1, label="Score", elem_id="override-score")
                reason = gr.Textbox(label="Reason (required; kept with the report and the audit log)",
                                    elem_id="override-reason")
                apply = gr.Button("Save override", variant="primary", elem_id="override-save")
                override_msg = gr.Markdown()
            gr.Markdown("### Answers")
            cards = gr.HTML(elem_id="report-answers")
            gr.Markdown("### Voice delivery across answers")
            delivery = gr.Plot(show_label=False, elem_id="report-delivery")
            gr.Markdown("### Behaviour over the interview")
            behaviour = gr.Plot(show_label=False, elem_id="report-behaviour")
        timer = gr.Timer(POLL_S, active=False)

    def render(jwt: str, session_id: str, request: gr.Request | None = None) -> tuple[Any, ...]:
        """The report; a view is audited unless it is the timer's poll (no request passed)."""
        def load() -> tuple[dict[str, Any], list[dict[str, Any]]]:
            staff = staff_for(rt, jwt)
            sid = parse_id(session_id, "candidate")
            report = rt.reports.report(staff, sid, client=client_of(request), audited=request is not None)
            return report, rt.reports.behavior_samples(staff, sid)

        loaded, err = attempt(load)
        if loaded is None:
            return (err, gr.update(visible=False), None, "", "", None, None, gr.update(), "",
                    gr.Timer(active=False))
        report, samples = loaded
        comps = report["competencies"]
        scored = report["status"] == "scored"
        labelled = [((c.get("label") or c["name"]) + ("" if c["score"] is not None else " (not assessed)"),
                     c["score"] if scored else None) for c in comps]
        originals = [c["original"] for c in comps] if any(c.get("overridden") for c in comps) else None
        fig = charts.radar([(report.get("candidate_name") or "", labelled)], originals=originals)
        picks = [(c.get("label") or c["name"], c["name"]) for c in comps]
        return (header(report), gr.update(visible=True), fig, competency_table(report), answer_cards(report),
                charts.delivery_timeline(report["answers"]), charts.behavior_timeline(samples),
                gr.update(choices=picks, value=picks[0][1] if picks else None), report["status"],
                gr.Timer(active=report["status"] == "scoring"))

    outputs = [title, body, radar, table, cards, delivery, behaviour, competency, status, timer]
    def poll(jwt: str, session_id: str) -> tuple[Any, ...]:
        return render(jwt, session_id)

    session.change(render, [token_state, session], outputs)
    refresh.click(render, [token_state, session], outputs, api_name="report")
    timer.tick(poll, [token_state, session], outputs, show_progress="hidden")

    def on_override(jwt: str, session_id: str, comp: str, value: float, why: str, request: gr.Request) -> str:
        _, err = attempt(lambda: rt.reports.add_override(staff_for(rt, jwt), parse_id(session_id, "candidate"),
                                                         competency=str(comp or ""), score=float(value),
                                                         reason=why or "", client=client_of(request)))
        return err or f"Override saved: {comp} = {value:g}. The original score stays in the report."

    apply.click(on_override, [token_state, session, competency, score, reason], override_msg,
                api_name="save_override").success(
        render, [token_state, session], outputs)

    def on_pdf(jwt: str, session_id: str, request: gr.Request) -> tuple[Any, str]:
        def make() -> tuple[bytes, str]:
            staff = staff_for(rt, jwt)
            sid = parse_id(session_id, "candidate")
            name = rt.reports.report(staff, sid, audited=False).get("candidate_name") or "candidate"
            return rt.reports.pdf(staff, sid, client=client_of(request)), name

        made, err = attempt(make)
        if made is None:
            return gr.update(visible=False), err
        data, name = made
        safe = re.sub(r"[^\w.-]+", "-", name).strip("-") or "candidate"
        # named by session, so a withdrawal or erasure finds and deletes it (interview.privacy)
        folder = tempfile.mkdtemp(prefix=f"{REPORT_DIR_PREFIX}{parse_id(session_id, 'candidate')}-")
        path = Path(folder) / f"report-{safe}.pdf"
        path.write_bytes(data)
        return gr.update(value=str(path), visible=True), ""

    pdf_button.click(on_pdf, [token_state, session], [pdf_file, override_msg], api_name="report_pdf")
    return {"session": session, "header": title, "body": body, "radar": radar, "timer": timer,
            "render": render, "outputs": outputs}
