"""Compare tab: two or more scored candidates of a job: overlaid radar and their scores side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.ui import charts
from interview.ui.staff_common import attempt, parse_id, staff_for

if TYPE_CHECKING:
    from interview.runtime import Runtime


def scored_choices(rt: Runtime, jwt: str, job_id: str) -> list[tuple[str, str]]:
    if not jwt or not job_id:
        return []
    rows, _ = attempt(lambda: rt.reports.candidates(staff_for(rt, jwt), parse_id(job_id, "job")))
    return [(f"{r['candidate_name']} ({r['overall']:.2f})", r["session_id"])
            for r in sorted(rows or [], key=lambda r: -(r["overall"] or 0)) if r["status"] == "scored"]


def create_compare_tab(rt: Runtime, token_state: gr.State, *, job: gr.State) -> dict[str, Any]:
    """``job`` holds the job chosen in the Candidates tab (server-side state, set even before that tab opens)."""
    with gr.Tab("Compare", id="compare") as tab:
        gr.Markdown("Pick two or more scored candidates of the job chosen in the Candidates tab.")
        picks = gr.CheckboxGroup(label="Candidates", choices=[], elem_id="compare-picks")
        run = gr.Button("Compare", variant="primary", elem_id="compare-run")
        message = gr.Markdown()
        with gr.Row():
            radar = gr.Plot(show_label=False, elem_id="compare-radar", scale=1)
            table = gr.Dataframe(headers=["Competency", "Weight"], value=[], interactive=False,
                                 elem_id="compare-table", scale=1)

    def on_choices(jwt: str, job_id: str) -> Any:
        return gr.update(choices=scored_choices(rt, jwt, job_id), value=[])

    def on_tab(jwt: str, job_id: str) -> Any:  # newly scored candidates appear; ticked ones stay ticked
        return gr.update(choices=scored_choices(rt, jwt, job_id))

    tab.select(on_tab, [token_state, job], picks)
    job.change(on_choices, [token_state, job], picks)

    def on_compare(jwt: str, ids: list[str]) -> tuple[Any, ...]:
        if len(ids or []) < 2:
            return "⚠️ Pick at least two candidates to compare.", None, None

        def load() -> list[dict[str, Any]]:
            staff = staff_for(rt, jwt)
            return [rt.reports.report(staff, parse_id(i, "candidate")) for i in ids]

        reports, err = attempt(load)
        if reports is None:
            return err, None, None
        comps = reports[0]["competencies"]
        labels = [c.get("label") or c["name"] for c in comps]
        series = []
        for rep in reports:
            by_key = {c["name"]: c["score"] for c in rep["competencies"]}
            series.append((rep["candidate_name"], [(lab, by_key.get(c["name"])) for lab, c in
                                                    zip(labels, comps, strict=True)]))
        names = [rep["candidate_name"] for rep in reports]
        rows: list[list[Any]] = [[lab, f"{c['weight']:g}", *[_score(rep, c["name"]) for rep in reports]]
                                 for lab, c in zip(labels, comps, strict=True)]
        rows.append(["Overall", "", *[_num(rep.get("overall")) for rep in reports]])
        frame = gr.Dataframe(value=rows, headers=["Competency", "Weight", *names])
        return "", charts.radar(series), frame

    run.click(on_compare, [token_state, picks], [message, radar, table], api_name="compare")
    return {"picks": picks, "run": run, "radar": radar, "table": table}


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _score(report: dict[str, Any], key: str) -> str:
    comp = next(c for c in report["competencies"] if c["name"] == key)
    return _num(comp["score"]) + (" *" if comp.get("overridden") else "")
