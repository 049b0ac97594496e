"""Prompt Lab over REST against the real app: seeded versions, validation (422 naming the line),
activation picked up by the next scoring run without a restart, roll-back, rubrics per company,
a job's rubric, roles and the audit trail."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from pipelines.llm.templates import file_template
from pipelines.rubric import default_rubric_path
from tests.helpers import login, make_invite, seed_answers, wait_report

PASSWORD = "a-long-enough-secret-1"
ANSWER = ("Checkout got slow after a release. I profiled it, found an N+1 query, rewrote it as one join, and p95 "
          "went from 2 seconds to 300 milliseconds.")


def _staff(client: TestClient, admin: dict[str, str], email: str, role: str, company: str | None) -> dict[str, str]:
    assert client.post("/api/users", headers=admin, json={"email": email, "password": PASSWORD, "role": role,
                                                          "company_id": company}).status_code == 201
    return login(client, email, PASSWORD)


def _score(client: TestClient, admin: dict[str, str], job: dict[str, Any] | None = None) -> dict[str, Any]:
    made = make_invite(client, admin, job=job)
    seed_answers(client, made["session_id"], [("Tell me about a problem you solved.", "problem_solving", ANSWER)])
    assert client.post(f"/api/interview/{made['token']}/finish").status_code == 202
    return {**made, "report": wait_report(client, made["session_id"], admin)}


def test_prompt_versions_validate_activate_and_roll_back(app_client: TestClient) -> None:
    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    listed = app_client.get("/api/prompts", headers=ml).json()["prompts"]
    assert {p["name"]: p["active_version"] for p in listed} == {"draft_competencies": 1, "follow_up": 1,
                                                                "question_plan": 1, "score_answer": 1}
    one = app_client.get("/api/prompts/score_answer/versions/1", headers=ml).json()
    assert one["template"] == file_template("score_answer") and one["author"] == "shipped"

    broken = app_client.post("/api/prompts/score_answer/versions", headers=ml,
                             json={"template": "{% block user %}\n{{ question }}\n{{ salary }}{% endblock %}", "note": ""})
    assert broken.status_code == 422 and broken.json()["detail"].startswith("line 3:")
    unparsable = app_client.post("/api/prompts/score_answer/versions", headers=ml,
                                 json={"template": "{% block user %}\n{% if %}{% endblock %}", "note": ""})
    assert unparsable.status_code == 422 and "line 2" in unparsable.json()["detail"]

    edited = one["template"].replace("strict, fair interview rater", "strict, fair and kind interview rater")
    made = app_client.post("/api/prompts/score_answer/versions", headers=ml, json={"template": edited, "note": "kinder"})
    assert made.status_code == 201 and made.json() == {"version": 2}
    # stored, not active yet: scoring still uses version 1
    assert _score(app_client, admin)["report"]["prompt_version"] == 1
    assert app_client.post("/api/prompts/score_answer/versions/2/activate", headers=ml).json() == {"active_version": 2}
    # the next scoring run reads the active version: no restart
    assert _score(app_client, admin)["report"]["prompt_version"] == 2
    # roll back
    assert app_client.post("/api/prompts/score_answer/versions/1/activate", headers=ml).json() == {"active_version": 1}
    assert _score(app_client, admin)["report"]["prompt_version"] == 1
    assert app_client.post("/api/prompts/score_answer/versions/9/activate", headers=ml).status_code == 404

    events = app_client.get("/api/audit", headers=admin, params={"action": "prompt"}).json()["events"]
    assert [e["action"] for e in events].count("prompt.activate") == 2 and events[0]["actor"] == "ml@lab.example"

    company = make_invite(app_client, admin)["company_id"]
    recruiter = _staff(app_client, admin, "rec@a.example", "recruiter", company)
    assert app_client.get("/api/prompts", headers=recruiter).status_code == 403
    assert app_client.post("/api/prompts/score_answer/versions/2/activate", headers=recruiter).status_code == 403


def test_rubrics_per_company_and_a_jobs_rubric(app_client: TestClient) -> None:
    admin = login(app_client)
    mine = make_invite(app_client, admin)
    theirs = make_invite(app_client, admin)
    recruiter = _staff(app_client, admin, "rec@a.example", "recruiter", mine["company_id"])
    text = default_rubric_path().read_text(encoding="utf-8")
    bad = app_client.post("/api/rubrics", headers=recruiter, json={
        "name": "ours", "company_id": mine["company_id"], "yaml": text.replace("ko:", "kr:", 1), "note": ""})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("line ")
    created = app_client.post("/api/rubrics", headers=recruiter, json={
        "name": "ours", "company_id": mine["company_id"], "yaml": text, "note": "copy of the default"})
    assert created.status_code == 201 and created.json()["version"] == 1
    rubric_id = created.json()["id"]
    # a global rubric is for ml and admin; another company's rubric reads as missing
    assert app_client.post("/api/rubrics", headers=recruiter, json={"name": "g", "yaml": text}).status_code == 403
    other = app_client.post("/api/rubrics", headers=admin, json={
        "name": "theirs", "company_id": theirs["company_id"], "yaml": text}).json()["id"]
    assert app_client.get(f"/api/rubrics/{other}/versions/1", headers=recruiter).status_code == 404
    assert app_client.post(f"/api/rubrics/{other}/versions", headers=recruiter, json={"yaml": text}).status_code == 404
    names = {r["name"] for r in app_client.get("/api/rubrics", headers=recruiter).json()["rubrics"]}
    assert names == {"default", "ours"}

    weighted = text.replace("weight: 1.0", "weight: 0.0", 1)  # drop problem solving from the overall
    assert app_client.post(f"/api/rubrics/{rubric_id}/versions", headers=recruiter,
                           json={"yaml": weighted, "note": "no problem solving"}).json() == {"version": 2}
    assert app_client.post(f"/api/rubrics/{rubric_id}/versions/2/activate",
                           headers=recruiter).json() == {"active_version": 2}
    assert "weight: 0.0" in app_client.get(f"/api/rubrics/{rubric_id}/versions/2", headers=recruiter).json()["yaml"]
    # assign it to the job: the next interview is scored with it and the report names it
    assert app_client.patch(f"/api/jobs/{mine['job_id']}", headers=recruiter,
                            json={"rubric_id": other}).status_code == 404
    assert app_client.patch(f"/api/jobs/{theirs['job_id']}", headers=recruiter,
                            json={"rubric_id": rubric_id}).status_code == 404
    assert app_client.patch(f"/api/jobs/{mine['job_id']}", headers=recruiter,
                            json={"rubric_id": rubric_id}).status_code == 204
    invite = app_client.post(f"/api/jobs/{mine['job_id']}/invites", headers=recruiter,
                             json={"candidate_name": "Park Jiho"}).json()
    seed_answers(app_client, invite["session_id"], [("Tell me about a problem you solved.", "problem_solving", ANSWER)])
    assert app_client.post(f"/api/interview/{invite['token']}/finish").status_code == 202
    report = wait_report(app_client, invite["session_id"], recruiter)
    assert report["rubric"] == {"name": "ours", "version": 2}
    actions = {e["action"] for e in app_client.get("/api/audit", headers=admin, params={"action": "rubric"}).json()["events"]}
    assert {"rubric.create", "rubric.version", "rubric.activate"} <= actions


def test_a_rubric_dry_run_changes_no_stored_score_and_measures_agreement_with_overrides(
        app_client: TestClient) -> None:
    from db.models import Evaluation

    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    sessions = [_score(app_client, admin) for _ in range(3)]
    ids = [s["session_id"] for s in sessions]
    for made, human in zip(sessions, (5, 4, 2), strict=True):
        assert app_client.post(f"/api/sessions/{made['session_id']}/overrides", headers=admin, json={
            "competency": "problem_solving", "score": human, "reason": "panel review"}).status_code == 201
    db = app_client.app.state.runtime.db  # type: ignore[attr-defined]
    with db.session() as s:
        before = sorted((str(e.answer_id), e.competency, e.score, e.prompt_version) for e in s.query(Evaluation))
    overall_before = [app_client.get(f"/api/sessions/{i}/report", headers=admin).json()["overall"] for i in ids]

    default = next(r for r in app_client.get("/api/rubrics", headers=ml).json()["rubrics"] if r["name"] == "default")
    text = default_rubric_path().read_text(encoding="utf-8")
    head, first, rest = text.partition("    weight: 1.0")  # problem solving, the first competency
    only_problem_solving = head + first + rest.replace("    weight: 1.0", "    weight: 0.0")
    added = app_client.post(f"/api/rubrics/{default['id']}/versions", headers=ml,
                            json={"yaml": only_problem_solving, "note": "candidate"})
    assert added.status_code == 201, added.text
    version = added.json()["version"]
    ran = app_client.post(f"/api/rubrics/{default['id']}/dry-run", headers=ml,
                          json={"version": version, "session_ids": ids})
    assert ran.status_code == 200, ran.text
    body = ran.json()
    assert [r["session_id"] for r in body["results"]] == ids
    for row in body["results"]:
        assert set(row["active"]) == {"overall", "competencies"} and row["overrides"]["problem_solving"] in (5, 4, 2)
        # the candidate weighs only problem solving, so its overall is that competency's score
        assert row["candidate"]["overall"] == row["candidate"]["competencies"]["problem_solving"]
    assert body["agreement"]["active"]["n"] == body["agreement"]["candidate"]["n"] == 3
    assert body["agreement"]["active"]["mae"] is not None
    # nothing stored changed: evaluations, overall, the active version
    with db.session() as s:
        assert sorted((str(e.answer_id), e.competency, e.score, e.prompt_version) for e in s.query(Evaluation)) \
            == before
    assert [app_client.get(f"/api/sessions/{i}/report", headers=admin).json()["overall"] for i in ids] \
        == overall_before
    assert app_client.get("/api/rubrics", headers=ml).json()["rubrics"][0]["active_version"] == 1
    # a prompt dry-run on the CPU default: both sides agree (only the LLM reads the prompt)
    prompt = app_client.post("/api/prompts/score_answer/dry-run", headers=ml,
                             json={"version": 1, "session_ids": ids[:1]}).json()["results"][0]
    assert prompt["active"] == prompt["candidate"]
    company = sessions[0]["company_id"]
    recruiter = _staff(app_client, admin, "rec@a.example", "recruiter", company)
    assert app_client.post("/api/prompts/score_answer/dry-run", headers=recruiter,
                           json={"version": 1, "session_ids": ids[:1]}).status_code == 403
    # a recruiter may dry-run a rubric only on their company's sessions
    assert app_client.post(f"/api/rubrics/{default['id']}/dry-run", headers=recruiter,
                           json={"version": version, "session_ids": ids[1:2]}).status_code == 404


def test_regression_sets_are_saved_by_name_and_rerun(app_client: TestClient) -> None:
    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    first, second = _score(app_client, admin), _score(app_client, admin)
    made = app_client.post("/api/regression-sets", headers=ml,
                           json={"name": "core", "session_ids": [first["session_id"]]})
    assert made.status_code == 201
    # saving the same name replaces its sessions
    again = app_client.post("/api/regression-sets", headers=ml, json={
        "name": "core", "session_ids": [first["session_id"], second["session_id"], first["session_id"]]})
    assert again.json()["id"] == made.json()["id"]
    sets = app_client.get("/api/regression-sets", headers=ml).json()["sets"]
    assert [(s["name"], s["session_ids"]) for s in sets] == [("core", [first["session_id"], second["session_id"]])]
    rerun = app_client.post("/api/prompts/score_answer/dry-run", headers=ml,
                            json={"version": 1, "session_ids": sets[0]["session_ids"]})
    assert [r["session_id"] for r in rerun.json()["results"]] == sets[0]["session_ids"]
    missing = "00000000-0000-4000-8000-000000000000"
    assert app_client.post("/api/regression-sets", headers=ml,
                           json={"name": "bad", "session_ids": [missing]}).status_code == 404
    recruiter = _staff(app_client, admin, "rec@a.example", "recruiter", first["company_id"])
    assert app_client.get("/api/regression-sets", headers=recruiter).status_code == 403
