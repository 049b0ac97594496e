"""Prompt Lab tab (ml and admin): prompts and rubrics with their versions, an editor with a diff
against the active version, validate, save, activate and roll back; a company's rubric drafted
from its talent profile (interview.rubric_drafting); a dry-run on chosen scored
sessions, queued as a job on the gpu queue that the page polls (progress "3/10 sessions",
cancellable), then a results table and a chart; the history of changes. Every callback
re-checks the caller; the services do the work (interview.prompt_lab)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

import gradio as gr
import yaml

from interview.errors import InvalidInput, ServiceError
from interview.ui import charts
from interview.ui.staff_common import attempt, client_of, parse_id, role_tab, staff_for

if TYPE_CHECKING:
    from interview.actors import Staff
    from interview.runtime import Runtime

RESULT_COLUMNS = ["Session", "Active overall", "Candidate overall", "Change", "Overrides"]
POLL_S = 1.0  # how often the page reads a running dry-run's progress
HISTORY_COLUMNS = ["When (UTC)", "Who", "What", "Target", "Detail"]


def version_number(value: Any) -> int:
    """The version picked in the dropdown; anything else reads 'pick a version'."""
    try:
        return int(value)
    except (TypeError, ValueError) as err:
        raise InvalidInput("pick a version first") from err


def _diff(active: str, edited: str) -> str:
    lines = list(difflib.unified_diff(active.splitlines(), edited.splitlines(), "active", "edited", lineterm="", n=1))
    return "\n".join(lines) or "(no change from the active version)"


def _versions(entry: dict[str, Any]) -> list[tuple[str, int]]:
    return [(f"v{v['version']}" + (" (active)" if v["version"] == entry["active_version"] else "") +
             (f" — {v['note'][:40]}" if v["note"] else ""), v["version"]) for v in reversed(entry["versions"])]


def create_lab_tab(rt: Runtime, token_state: gr.State) -> dict[str, Any]:
    # like the Admin tab: always in the tab bar (Gradio 5 ignores a Tab visibility update), its
    # body shown to ml and admin only
    with gr.Tab("Prompt Lab", id="lab"):
        others = gr.Markdown("The Prompt Lab is for ML staff and admins.", elem_id="lab-only")
        with gr.Column(visible=False) as body:
            kind = gr.Radio([("Scoring prompt and other prompts", "prompt"), ("Rubrics", "rubric")], value="prompt",
                            label="What to edit", elem_id="lab-kind")
            with gr.Row():
                item = gr.Dropdown(label="Prompt / rubric", choices=[], elem_id="lab-item")
                version = gr.Dropdown(label="Version", choices=[], elem_id="lab-version")
                load = gr.Button("Open", size="sm", scale=0, min_width=90, elem_id="lab-open")
            editor = gr.Code(label="Template (Jinja2) or rubric (YAML)", language="jinja2", lines=18,
                             elem_id="lab-editor")
            note = gr.Textbox(label="Note for this version", elem_id="lab-note")
            with gr.Row():
                company = gr.Dropdown(label="Company (a rubric drafted from its talent profile, 인재상)", choices=[],
                                      elem_id="lab-company")
                draft = gr.Button("Draft competencies from its talent profile", elem_id="lab-draft")
                create = gr.Button("Save the editor as a new rubric of this company", elem_id="lab-create")
            with gr.Row():
                validate = gr.Button("Validate", elem_id="lab-validate")
                save = gr.Button("Save as a new version", variant="primary", elem_id="lab-save")
                activate = gr.Button("Activate the chosen version (or roll back to it)", elem_id="lab-activate")
            message = gr.Markdown(elem_id="lab-message")
            diff = gr.Code(label="Diff against the active version", language=None, lines=8, interactive=False,
                           elem_id="lab-diff")
            gr.Markdown("### Dry-run: re-score stored interviews, no stored score changes")
            chosen = gr.CheckboxGroup(label="Scored interviews", choices=[], elem_id="lab-sessions")
            with gr.Row():
                saved = gr.Dropdown(label="Regression set: pick one to choose its interviews", choices=[],
                                    elem_id="lab-set")
                set_name = gr.Textbox(label="Save the chosen interviews as", elem_id="lab-set-name")
                keep = gr.Button("Save set", size="sm", scale=0, min_width=100, elem_id="lab-set-save")
            with gr.Row():
                run = gr.Button("Dry-run the chosen version", variant="primary", elem_id="lab-run")
                stop = gr.Button("Cancel", elem_id="lab-cancel")
            job = gr.State("")  # the dry-run job this page follows
            poll = gr.Timer(POLL_S, active=False)
            status = gr.Markdown(elem_id="lab-progress")
            agreement = gr.Markdown(elem_id="lab-agreement")
            results = gr.Dataframe(headers=RESULT_COLUMNS, value=[], interactive=False, elem_id="lab-results")
            chart = gr.Plot(show_label=False, elem_id="lab-chart")
            gr.Markdown("### History")
            history = gr.Dataframe(headers=HISTORY_COLUMNS, value=[], interactive=False, wrap=True,
                                   elem_id="lab-history")

    def entries(jwt: str, what: str) -> list[dict[str, Any]]:
        staff = staff_for(rt, jwt)
        if what == "prompt":
            return [{**p, "id": p["name"]} for p in rt.lab.prompts(staff)]
        return rt.lab.rubrics(staff)

    def on_kind(jwt: str, what: str) -> tuple[Any, ...]:
        found, err = attempt(lambda: entries(jwt, what))
        items = [(e["name"], e["id"]) for e in found or []]
        language = "jinja2" if what == "prompt" else "yaml"
        listed, _ = attempt(lambda: rt.drafting.companies(staff_for(rt, jwt))) if what == "rubric" else ([], "")
        names = [(f"{c['name']} ({c['values']} values)", c["id"]) for c in listed or []]
        return gr.update(choices=items, value=items[0][1] if items else None), gr.update(language=language), err, \
            gr.update(choices=names, value=names[0][1] if len(names) == 1 else None)

    kind.change(on_kind, [token_state, kind], [item, editor, message, company])

    def on_draft(jwt: str, company_id: str | None) -> tuple[Any, ...]:
        drafted, err = attempt(lambda: rt.drafting.draft(staff_for(rt, jwt), parse_id(company_id, "company")))
        if drafted is None:
            return gr.update(), err
        if not drafted["yaml"]:
            return gr.update(), f"⚠️ {drafted['note']}"
        added = ", ".join(c["name"]["en"] for c in drafted["competencies"])
        return gr.update(value=drafted["yaml"], language="yaml"), (
            f"Drafted ({drafted['source']}): {added}. {drafted['note']}. Edit the anchors and weights, validate, then "
            "save it as a new rubric of this company (or as a version of the rubric picked above).")

    draft.click(on_draft, [token_state, company], [editor, message])

    def on_create(jwt: str, company_id: str | None, text: str, why: str, request: gr.Request) -> tuple[Any, ...]:
        def make() -> tuple[str, int]:
            staff = staff_for(rt, jwt)
            name = _yaml_name(text or "")
            if not name:
                raise InvalidInput("give the rubric a name: the 'name:' line at the top of the YAML")
            _, version = rt.lab.create_rubric(staff, name=name, company_id=parse_id(company_id, "company"),
                                              text=text or "", note=why or "", client=client_of(request))
            return name, version
        made, err = attempt(make)
        if made is None:
            return err, gr.update(), gr.update()
        found, _ = attempt(lambda: entries(jwt, "rubric"))
        items = [(e["name"], e["id"]) for e in found or []]
        return (f"Created the rubric {made[0]!r} (v{made[1]}, active for jobs that pick it: assign it to a job in the Jobs "
                "tab or with PATCH /api/jobs/{id}). Dry-run it below first."), gr.update(choices=items), \
            lab_history(rt, jwt)

    create.click(on_create, [token_state, company, editor, note], [message, item, history])

    def on_item(jwt: str, what: str, key: str | None) -> Any:
        found, _ = attempt(lambda: entries(jwt, what))
        entry = next((e for e in found or [] if e["id"] == key), None)
        if entry is None:
            return gr.update(choices=[], value=None)
        return gr.update(choices=_versions(entry), value=entry["active_version"])

    item.change(on_item, [token_state, kind, item], version)

    def read(jwt: str, what: str, key: str, number: int) -> str:
        staff = staff_for(rt, jwt)
        if what == "prompt":
            return str(rt.lab.prompt_version(staff, key, version_number(number))["template"])
        return str(rt.lab.rubric_version(staff, parse_id(key, "rubric"), version_number(number))["yaml"])

    def active_text(jwt: str, what: str, key: str) -> str:
        found = entries(jwt, what)
        entry = next(e for e in found if e["id"] == key)
        return read(jwt, what, key, entry["active_version"])

    def on_open(jwt: str, what: str, key: str | None, number: int | None) -> tuple[Any, ...]:
        if not key or not number:
            return gr.update(), "Pick a prompt or rubric and a version first.", gr.update()
        text, err = attempt(lambda: read(jwt, what, key, version_number(number)))
        if text is None:
            return gr.update(), err, gr.update()
        active, _ = attempt(lambda: active_text(jwt, what, key))
        return text, f"Opened v{number}.", _diff(active or "", text)

    load.click(on_open, [token_state, kind, item, version], [editor, message, diff])

    def on_validate(jwt: str, what: str, key: str | None, text: str) -> tuple[str, Any]:
        if not key:
            return "Pick a prompt or rubric first.", gr.update()
        checked, err = attempt(lambda: (rt.lab.problem(staff_for(rt, jwt), what, key, text or ""),))
        if checked is None:
            return err, gr.update()
        active, _ = attempt(lambda: active_text(jwt, what, key))
        found = checked[0]
        return (f"⚠️ {found}" if found else "✅ Valid: it parses and renders with a sample of its variables."), \
            _diff(active or "", text or "")

    validate.click(on_validate, [token_state, kind, item, editor], [message, diff])

    def on_save(jwt: str, what: str, key: str | None, text: str, why: str, request: gr.Request) -> tuple[Any, ...]:
        def store() -> int:
            staff = staff_for(rt, jwt)
            if what == "prompt":
                return rt.lab.add_prompt_version(staff, str(key), template=text or "", note=why or "",
                                                 client=client_of(request))
            return rt.lab.add_rubric_version(staff, parse_id(key, "rubric"), text=text or "", note=why or "",
                                             client=client_of(request))
        made, err = attempt(store)
        if made is None:
            return err, gr.update(), gr.update()
        return f"Saved as v{made} (not active yet: dry-run it, then activate).", on_item(jwt, what, key), \
            lab_history(rt, jwt)

    save.click(on_save, [token_state, kind, item, editor, note], [message, version, history])

    def on_activate(jwt: str, what: str, key: str | None, number: int | None, request: gr.Request) -> tuple[Any, ...]:
        def switch() -> int:
            staff = staff_for(rt, jwt)
            if not key or not number:
                raise ServiceError("pick a prompt or rubric and a version first")
            if what == "prompt":
                return rt.lab.activate_prompt(staff, key, version_number(number), client=client_of(request))
            return rt.lab.activate_rubric(staff, parse_id(key, "rubric"), version_number(number), client=client_of(request))
        made, err = attempt(switch)
        if made is None:
            return err, gr.update(), gr.update()
        return (f"v{made} is active: the next scoring or question task in every process uses it; past reports "
                "keep their versions."), on_item(jwt, what, key), lab_history(rt, jwt)

    activate.click(on_activate, [token_state, kind, item, version], [message, version, history])

    def on_run(jwt: str, what: str, key: str | None, number: int | None, ids: list[str],
               request: gr.Request) -> tuple[Any, ...]:
        """Queue the dry-run; the timer follows it."""
        def go() -> dict[str, Any]:
            staff = staff_for(rt, jwt)
            if not key or not number:
                raise ServiceError("pick a prompt or rubric and a version first")
            sessions = [parse_id(i, "scored interview") for i in ids or []]
            target = key if what == "prompt" else str(parse_id(key, "rubric"))
            return rt.lab.start_dry_run(staff, "prompt" if what == "prompt" else "rubric", target,
                                        version_number(number), sessions, client=client_of(request))
        made, err = attempt(go)
        if made is None:
            return "", err, "", [], charts.dry_run_scatter([]), gr.Timer(active=False)
        return (made["id"], f"Queued: 0/{len(ids)} sessions re-scored (waiting for the gpu worker).", "", [],
                charts.dry_run_scatter([]), gr.Timer(active=True))

    def on_poll(jwt: str, job_id: str) -> tuple[Any, ...]:
        """The followed dry-run's progress; its results once it has stopped, and the timer off."""
        if not job_id:
            return gr.update(), gr.update(), gr.update(), gr.update(), gr.Timer(active=False)
        found, err = attempt(lambda: rt.lab.dry_run_job(staff_for(rt, jwt), parse_id(job_id, "dry-run")))
        if found is None:
            return err, gr.update(), gr.update(), gr.update(), gr.Timer(active=False)
        if found["status"] in ("queued", "running"):
            return progress_line(found), gr.update(), gr.update(), gr.update(), gr.Timer(active=True)
        shown = outcome_view(found["result"])
        return progress_line(found), *shown, gr.Timer(active=False)

    def on_stop(jwt: str, job_id: str, request: gr.Request) -> tuple[Any, ...]:
        """Cancel the followed dry-run; the timer shows where it stopped."""
        if not job_id:
            return "No dry-run is running.", gr.Timer(active=False)
        found, err = attempt(lambda: rt.lab.cancel_dry_run(staff_for(rt, jwt), parse_id(job_id, "dry-run"),
                                                           client=client_of(request)))
        if found is None:
            return err, gr.Timer(active=False)
        return progress_line(found), gr.Timer(active=found["status"] in ("queued", "running"))

    def on_set(jwt: str, set_id: str | None) -> Any:
        found, _ = attempt(lambda: rt.lab.sets(staff_for(rt, jwt)))
        chosen_set = next((s for s in found or [] if s["id"] == set_id), None)
        return gr.update(value=chosen_set["session_ids"]) if chosen_set else gr.update()

    saved.change(on_set, [token_state, saved], chosen)

    def on_keep(jwt: str, name: str, ids: list[str], request: gr.Request) -> tuple[Any, ...]:
        made, err = attempt(lambda: rt.lab.save_set(
            staff_for(rt, jwt), name or "", [parse_id(i, "scored interview") for i in ids or []],
            client=client_of(request)))
        if made is None:
            return err, gr.update()
        return f"Regression set **{name.strip()}** saved ({len(ids)} interviews).", set_choices(rt, jwt)

    keep.click(on_keep, [token_state, set_name, chosen], [message, saved])

    run.click(on_run, [token_state, kind, item, version, chosen], [job, status, agreement, results, chart, poll])
    poll.tick(on_poll, [token_state, job], [status, agreement, results, chart, poll], show_progress="hidden")
    stop.click(on_stop, [token_state, job], [status, poll])
    return {"outputs": [others, body, kind, item, chosen, saved, history]}


def _yaml_name(text: str) -> str:
    """The ``name:`` of a rubric's YAML, or "" when there is none (or no YAML)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    return str(data.get("name") or "").strip() if isinstance(data, dict) else ""


def set_choices(rt: Runtime, jwt: str) -> Any:
    found, _ = attempt(lambda: rt.lab.sets(staff_for(rt, jwt)))
    return gr.update(choices=[(f"{s['name']} ({len(s['session_ids'])})", s["id"]) for s in found or []])


def progress_line(job: dict[str, Any]) -> str:
    """'Running: 3/10 sessions re-scored', and how it ended."""
    done, total = job["progress"]["done"], job["progress"]["total"]
    if job["status"] == "queued":
        return f"Queued: {done}/{total} sessions re-scored (waiting for the gpu worker)."
    if job["status"] == "running":
        stopping = " Cancelling: it stops before the next session." if job["cancel_requested"] else ""
        return f"Running: {done}/{total} sessions re-scored.{stopping}"
    if job["status"] == "done":
        return f"Done: {done}/{total} sessions re-scored; stored scores did not change."
    if job["status"] == "cancelled":
        return f"Cancelled at {done}/{total} sessions; the table shows the ones re-scored before that."
    return f"⚠️ Failed at {done}/{total} sessions: {job['error']}."


def outcome_view(outcome: dict[str, Any] | None) -> tuple[Any, ...]:
    """(agreement line, results rows, chart) of a dry-run's result."""
    if not outcome or not outcome["results"]:
        return "", [], charts.dry_run_scatter([])
    rows = [[r["session_id"][:8], r["active"]["overall"], r["candidate"]["overall"],
             None if r["active"]["overall"] is None or r["candidate"]["overall"] is None
             else round(r["candidate"]["overall"] - r["active"]["overall"], 2),
             ", ".join(f"{k}={v:g}" for k, v in r["overrides"].items())] for r in outcome["results"]]
    return _agreement(outcome["agreement"]), rows, charts.dry_run_scatter(outcome["results"])


def _agreement(agreement: dict[str, Any]) -> str:
    def side(name: str) -> str:
        a = agreement[name]
        if not a["n"]:
            return f"**{name}**: no overridden competency that this version scores"
        rho = "—" if a["spearman"] is None else f"{a['spearman']:.2f}"
        return f"**{name}**: mean absolute error {a['mae']:.2f}, Spearman {rho} (n={a['n']})"
    return "Agreement with the recruiters' overrides — " + " · ".join(side(s) for s in ("active", "candidate"))


def lab_history(rt: Runtime, jwt: str) -> list[list[Any]]:
    events, _ = attempt(lambda: rt.lab.history(staff_for(rt, jwt)))
    return [[e["at"].strftime("%Y-%m-%d %H:%M"), e["actor"] or "system", e["action"], e["target"] or "",
             ", ".join(f"{k}={v}" for k, v in (e["detail"] or {}).items())] for e in events or []]


def load_lab_tab(rt: Runtime, jwt: str) -> tuple[Any, ...]:
    """After sign-in: the tab's outputs; its body stays hidden and empty unless ml or admin."""
    def fill(staff: Staff) -> tuple[Any, ...]:
        prompts, _ = attempt(lambda: rt.lab.prompts(staff))
        names = [(p["name"], p["name"]) for p in prompts or []]
        sessions, _ = attempt(lambda: rt.lab.scored_sessions(staff))
        return (gr.update(value="prompt"),
                gr.update(choices=names, value="score_answer" if ("score_answer", "score_answer") in names else None),
                gr.update(choices=sessions or []), set_choices(rt, jwt), lab_history(rt, jwt))
    empty: tuple[Any, ...] = (gr.update(), gr.update(choices=[]), gr.update(choices=[]), gr.update(choices=[]), [])
    return role_tab(rt, jwt, ("ml", "admin"), empty, fill)
