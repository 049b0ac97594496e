"""Candidates tab: a job's candidates with live status (a timer re-reads them while interviews
run and scoring progresses); pick one to open the report, revoke or renew their link, or (admin)
erase their data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.ui.staff_common import attempt, client_of, parse_id, staff_for

if TYPE_CHECKING:
    from interview.runtime import Runtime

COLUMNS = ["Candidate", "Status", "Overall", "Answered", "Last update", "Ref"]
STATUS_TEXT = {"invited": "invited", "consented": "consented", "in_progress": "interviewing",
               "completed": "scoring queued", "scoring": "scoring…", "scored": "scored", "failed": "failed",
               "withdrawn": "withdrawn"}
REFRESH_S = 5.0


def candidate_rows(rt: Runtime, jwt: str, job_id: str) -> tuple[list[dict[str, Any]], str]:
    if not job_id:
        return [], ""
    rows, err = attempt(lambda: rt.reports.candidates(staff_for(rt, jwt), parse_id(job_id, "job")))
    return rows or [], err


def table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    rows = sorted(rows, key=lambda r: (r["overall"] is None, -(r["overall"] or 0)))  # best first, like ranking
    return [[r["candidate_name"], STATUS_TEXT.get(r["status"], r["status"]),
             None if r["overall"] is None else round(float(r["overall"]), 2), r["answered"],
             r["updated_at"].strftime("%Y-%m-%d %H:%M:%S"), r["session_id"][:8]] for r in rows]


def choices(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f"{r['candidate_name']} · {STATUS_TEXT.get(r['status'], r['status'])}", r["session_id"])
            for r in rows]


def _keys(rows: list[dict[str, Any]]) -> list[str]:
    """What the picker shows: it is rebuilt only when one of these changes."""
    return [f"{r['session_id']}|{r['status']}" for r in rows]


def create_candidates_tab(rt: Runtime, token_state: gr.State) -> dict[str, Any]:
    with gr.Tab("Candidates", id="candidates") as tab:
        with gr.Row(equal_height=True):
            job = gr.Dropdown(label="Job", choices=[], elem_id="cand-job", scale=3)
            refresh = gr.Button("Refresh", scale=0, min_width=100, size="sm")
        message = gr.Markdown(elem_id="cand-message")
        grid = gr.Dataframe(headers=COLUMNS, value=[], interactive=False, elem_id="cand-table",
                            datatype=["str", "str", "number", "number", "str", "str"])
        gr.Markdown("Click a row, or pick a candidate, then open the report. The list refreshes every "
                    f"{REFRESH_S:g} seconds.", elem_classes="hint")
        with gr.Row(equal_height=True):
            pick = gr.Dropdown(label="Candidate", choices=[], elem_id="cand-pick", scale=3)
            open_report = gr.Button("Open report", variant="primary", elem_id="cand-open", scale=0, min_width=140)
        with gr.Accordion("Interview link and candidate data", open=False):
            with gr.Row():
                revoke = gr.Button("Revoke link", size="sm", elem_id="cand-revoke")
                reissue = gr.Button("New link (the old one stops working)", size="sm", elem_id="cand-reissue")
                erase = gr.Button("Erase candidate's data (admin)", size="sm", variant="stop", elem_id="cand-erase")
            confirm = gr.Checkbox(label="Yes, erase this candidate's recordings, resume, transcripts and identity "
                                        "(scores stay)", elem_id="cand-erase-confirm")
            link_msg = gr.Markdown(elem_id="cand-link-msg")
            new_link = gr.Textbox(label="New interview link: send it to the candidate", show_copy_button=True,
                                  interactive=False, visible=False, elem_id="cand-new-link")
        known = gr.State([])  # 'session id|status' last listed: the picker is rebuilt only when they change
        # The chosen job, held server-side for the other tabs. While this tab is not mounted (a deep
        # link opens the Report tab) the dropdown's change events carry None: they must not clear it.
        chosen = gr.State("")
        timer = gr.Timer(REFRESH_S)

    def on_load(jwt: str, job_id: str) -> tuple[Any, ...]:
        rows, err = candidate_rows(rt, jwt, job_id)
        ids = _keys(rows)
        empty = "No candidates yet: create an invite in the Jobs tab." if job_id and not rows and not err else ""
        return err or empty, table(rows), gr.update(choices=choices(rows), value=None), ids

    def on_tick(jwt: str, job_id: str, ids: list[str]) -> tuple[Any, ...]:
        if not jwt or not job_id:
            return gr.skip(), gr.skip(), gr.skip(), ids
        rows, err = candidate_rows(rt, jwt, job_id)
        if err:
            return err, gr.update(), gr.update(), ids
        fresh = _keys(rows)
        # gr.skip() sends nothing: an unchanged list must not re-render (and close) an open dropdown
        picker = gr.update(choices=choices(rows)) if fresh != ids else gr.skip()
        return "", table(rows), picker, fresh

    outputs = [message, grid, pick, known]
    job.change(on_load, [token_state, job], outputs)
    job.change(lambda job_id, current: job_id or current, [job, chosen], chosen)
    # opened for the first time after a deep link: show the chosen job (its change loads the list)
    tab.select(lambda job_id, current: gr.skip() if job_id or not current else current, [job, chosen], job)
    refresh.click(on_load, [token_state, job], outputs, api_name="list_candidates")
    timer.tick(on_tick, [token_state, job, known], outputs, show_progress="hidden")

    def on_row(ids: list[str], evt: gr.SelectData) -> Any:
        ref = str((evt.row_value or [""])[-1])
        match = next((i for i in ids if ref and i.startswith(ref)), None)
        return gr.update(value=match.split("|")[0]) if match else gr.update()

    grid.select(on_row, [known], pick)

    def on_revoke(jwt: str, session_id: str | None, request: gr.Request) -> tuple[str, Any]:
        _, err = attempt(lambda: rt.privacy.revoke_invite(staff_for(rt, jwt), parse_id(session_id, "candidate"),
                                                          client=client_of(request)))
        return err or "The link is revoked: it no longer opens the interview.", gr.update(visible=False)

    def on_reissue(jwt: str, session_id: str | None, request: gr.Request) -> tuple[str, Any]:
        made, err = attempt(lambda: rt.privacy.reissue_invite(staff_for(rt, jwt), parse_id(session_id, "candidate"),
                                                              client=client_of(request)))
        if made is None:
            return err, gr.update(visible=False)
        until = made.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        return f"New link made; it works until {until}. The old link stops working.", \
            gr.update(value=made.url, visible=True)

    def on_erase(jwt: str, session_id: str | None, sure: bool, request: gr.Request) -> tuple[str, Any, bool]:
        if not sure:
            return "Tick the confirmation first: erasure cannot be undone.", gr.update(visible=False), False
        _, err = attempt(lambda: rt.privacy.erase(staff_for(rt, jwt), parse_id(session_id, "candidate"),
                                                  client=client_of(request)))
        return err or "The candidate's data is erased; the scores stay.", gr.update(visible=False), False

    revoke.click(on_revoke, [token_state, pick], [link_msg, new_link])
    reissue.click(on_reissue, [token_state, pick], [link_msg, new_link])
    erase.click(on_erase, [token_state, pick, confirm], [link_msg, new_link, confirm])
    return {"job": job, "chosen": chosen, "pick": pick, "open": open_report, "timer": timer, "known": known}
