"""Finish → scoring on the real queue with the real offline embedder → report per API.md;
overrides, PDF, ranking, and access for a recruiter of another company."""

from __future__ import annotations

from fastapi.testclient import TestClient

from db.models import AuditLog, Evaluation
from tests.helpers import login, make_invite, seed_answers, wait_report

STRONG = ("Checkout latency jumped to about 2 seconds after a release. I profiled the service and the traces "
          "showed the root cause was an N+1 query. I compared a cache with rewriting the query and chose the "
          "join because the data changes often. Latency went down from 2 seconds to 300 milliseconds, I "
          "verified it with a load test, and I learned to check query counts in code review.")
WEAK = "I don't know."
MEDIUM = ("A designer wanted a five-screen onboarding flow and I thought it was too long for one sprint. "
          "We met and agreed to ship three screens first, and the shorter flow went live at the end of the sprint.")


def test_finish_scores_on_the_queue_and_report_matches_the_contract(app_client: TestClient) -> None:
    admin = login(app_client)
    invite = make_invite(app_client, admin)
    seed_answers(app_client, invite["session_id"], [
        ("Tell me about a difficult technical problem you solved.", "problem_solving", STRONG),
        ("Tell me about a time you disagreed with a colleague.", "collaboration", MEDIUM),
        ("How would you speed up a slow PostgreSQL query?", "job_knowledge", WEAK),
    ])
    finished = app_client.post(f"/api/interview/{invite['token']}/finish")
    assert finished.status_code == 202 and finished.json() == {"status": "completed"}
    # the invite is used now
    assert app_client.get(f"/api/interview/{invite['token']}").status_code == 410
    report = wait_report(app_client, invite["session_id"], admin)
    assert report["status"] == "scored", report
    assert set(report) >= {"status", "overall", "competencies", "answers", "model", "prompt_version"}
    assert 1 <= report["overall"] <= 5
    for comp in report["competencies"]:
        assert set(comp) >= {"name", "score", "weight"}
    answers = report["answers"]
    assert [a["question"] for a in answers][0].startswith("Tell me about a difficult")
    for answer in answers:
        assert set(answer) >= {"question", "kind", "transcript", "scores", "delivery", "behavior"}
        assert set(answer["delivery"]) == {"duration_s", "words_per_minute", "pause_ratio", "filler_count",
                                           "loudness_db", "confidence"}
        assert set(answer["behavior"]) == {"face_present_ratio", "blink_rate_per_min", "gaze_on_screen_ratio",
                                           "dominant_emotion"}
        for item in answer["scores"]:
            assert set(item) >= {"competency", "score", "evidence", "rationale"}
            assert 1 <= item["score"] <= 5
            for quote in item["evidence"]:
                assert quote.lower() in answer["transcript"].lower()
    strong = {s["competency"]: s["score"] for s in answers[0]["scores"]}
    weak = {s["competency"]: s for s in answers[2]["scores"]}
    assert strong["problem_solving"] >= 4
    assert weak["job_knowledge"]["score"] == 1 and "do not know" in weak["job_knowledge"]["rationale"]
    assert report["prompt_version"] == 1 and report["model"]

    # override: replaces the competency score, the original stays visible, audited
    before = {c["name"]: c for c in report["competencies"]}["job_knowledge"]
    made = app_client.post(f"/api/sessions/{invite['session_id']}/overrides", headers=admin,
                           json={"competency": "job_knowledge", "score": 5, "reason": "Follow-up call showed depth"})
    assert made.status_code == 201, made.text
    after = app_client.get(f"/api/sessions/{invite['session_id']}/report", headers=admin).json()
    comp = {c["name"]: c for c in after["competencies"]}["job_knowledge"]
    assert before["score"] < 5 and not before["overridden"]
    assert comp["score"] == 5 and comp["original"] == before["score"] and comp["overridden"]
    assert comp["override_reason"] == "Follow-up call showed depth"
    assert after["overall"] > report["overall"]
    with app_client.app.state.runtime.db.session() as s:  # type: ignore[attr-defined]
        logged = s.query(AuditLog).filter_by(action="override", target_id=invite["session_id"]).one()
        assert logged.detail["competency"] == "job_knowledge" and logged.detail["score"] == 5
    bad = app_client.post(f"/api/sessions/{invite['session_id']}/overrides", headers=admin,
                          json={"competency": "charisma", "score": 4, "reason": "x"})
    assert bad.status_code == 422 and "unknown competency" in bad.json()["detail"]

    pdf = app_client.get(f"/api/sessions/{invite['session_id']}/report.pdf", headers=admin)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and b"%%EOF" in pdf.content[-64:]

    # every (answer, competency) evaluated exactly once
    db = app_client.app.state.runtime.db  # type: ignore[attr-defined]
    with db.session() as s:
        rows = s.query(Evaluation.answer_id, Evaluation.competency).all()
    assert len(rows) == len(set(rows)) >= 3


def test_ranking_orders_best_first_and_other_company_is_forbidden(app_client: TestClient) -> None:
    admin = login(app_client)
    first = make_invite(app_client, admin)
    second = app_client.post(f"/api/jobs/{first['job_id']}/invites", headers=admin,
                             json={"candidate_name": "Lee Jisoo"}).json()
    seed_answers(app_client, first["session_id"], [
        ("Tell me about a difficult technical problem you solved.", "problem_solving", WEAK)])
    seed_answers(app_client, second["session_id"], [
        ("Tell me about a difficult technical problem you solved.", "problem_solving", STRONG)])
    for token in (first["token"], second["token"]):
        assert app_client.post(f"/api/interview/{token}/finish").status_code == 202
    wait_report(app_client, first["session_id"], admin)
    wait_report(app_client, second["session_id"], admin)
    ranking = app_client.get(f"/api/jobs/{first['job_id']}/ranking", headers=admin).json()["candidates"]
    assert [c["session_id"] for c in ranking] == [second["session_id"], first["session_id"]]
    assert ranking[0]["overall"] > ranking[1]["overall"]

    other = app_client.post("/api/companies", headers=admin, json={"name": "Other", "talent_profile": ""}).json()
    app_client.post("/api/users", headers=admin, json={"email": "r@other.example", "password": "password-123456",
                                                       "role": "recruiter", "company_id": other["id"]})
    outsider = login(app_client, "r@other.example", "password-123456")
    # another company's records answer exactly like records that do not exist
    assert app_client.get(f"/api/sessions/{first['session_id']}/report", headers=outsider).status_code == 404
    assert app_client.get(f"/api/jobs/{first['job_id']}/ranking", headers=outsider).status_code == 404
    assert app_client.get(f"/api/sessions/{first['session_id']}/report.pdf", headers=outsider).status_code == 404
    assert app_client.post(f"/api/sessions/{first['session_id']}/overrides", headers=outsider,
                           json={"competency": "ownership", "score": 5, "reason": "x"}).status_code == 404
    assert app_client.get(f"/api/sessions/{first['session_id']}/report").status_code == 401


def test_candidate_feedback_only_when_the_job_allows_it(app_client: TestClient) -> None:
    admin = login(app_client)
    shared = make_invite(app_client, admin, language="ko", job={"show_feedback_to_candidate": True})
    seed_answers(app_client, shared["session_id"], [
        ("어려운 기술적 문제를 해결한 경험을 말씀해 주세요.", "problem_solving",
         "배포 후 주문 API 응답 시간이 2초까지 늘었습니다. 제가 로그와 프로파일링 결과를 분석해 보니 원인은 N+1 쿼리였습니다. "
         "캐시도 고려했지만 조인 쿼리로 다시 작성했고, 그 결과 응답 시간이 2초에서 0.3초로 줄었습니다."),
        ("동료와 의견이 달랐던 경험을 말씀해 주세요.", "collaboration", "잘 모르겠습니다.")])
    assert app_client.post(f"/api/interview/{shared['token']}/finish").status_code == 202
    wait_report(app_client, shared["session_id"], admin)
    feedback = app_client.get(f"/api/interview/{shared['token']}/feedback").json()
    assert feedback["status"] == "scored" and feedback["strengths"] and feedback["improve"]
    assert feedback["strengths"][0]["competency"] == "문제 해결"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in feedback["improve"][0]["next_level"])
    items = feedback["strengths"] + feedback["improve"]
    assert all(isinstance(v, str) for item in items for v in item.values())  # no numbers, no one else's data

    hidden = make_invite(app_client, admin)
    assert app_client.get(f"/api/interview/{hidden['token']}/feedback").status_code == 403


def test_a_past_report_keeps_the_rubric_version_it_was_scored_with(app_client: TestClient) -> None:
    from db.repositories import rubrics as rubrics_repo

    admin = login(app_client)
    answers = [("Tell me about a difficult technical problem you solved.", "problem_solving", STRONG),
               ("Tell me about a time you disagreed with a colleague.", "collaboration", MEDIUM)]
    before = make_invite(app_client, admin)
    seed_answers(app_client, before["session_id"], answers)
    assert app_client.post(f"/api/interview/{before['token']}/finish").status_code == 202
    scored = wait_report(app_client, before["session_id"], admin)
    assert scored["rubric"] == {"name": "default", "version": 1}
    # activate a version 2 that weighs only collaboration: a report recomputed with it would change
    db = app_client.app.state.runtime.db  # type: ignore[attr-defined]
    with db.session() as s:
        rubric = rubrics_repo.find_rubric(s, name="default", company_id=None)
        assert rubric is not None
        definition = rubrics_repo.active_version(s, rubric_id=rubric.id).definition  # type: ignore[union-attr]
        for comp in definition["competencies"]:
            comp["weight"] = 1.0 if comp["key"] == "collaboration" else 0.0
        rubrics_repo.add_version(s, rubric_id=rubric.id, definition=definition, note="test", author_id=None,
                                 activate=True)
    again = app_client.get(f"/api/sessions/{before['session_id']}/report", headers=admin).json()
    assert again["overall"] == scored["overall"] and again["competencies"] == scored["competencies"]
    assert again["rubric"] == {"name": "default", "version": 1}
    # an override re-aggregates with the stored version too
    assert app_client.post(f"/api/sessions/{before['session_id']}/overrides", headers=admin, json={
        "competency": "problem_solving", "score": 5, "reason": "strong follow-up answer"}).status_code == 201
    overridden = app_client.get(f"/api/sessions/{before['session_id']}/report", headers=admin).json()
    weights = {c["name"]: c["weight"] for c in overridden["competencies"]}
    assert weights["problem_solving"] > 0 and overridden["rubric"]["version"] == 1
    # a session scored after the activation uses version 2
    after = make_invite(app_client, admin)
    seed_answers(app_client, after["session_id"], answers)
    assert app_client.post(f"/api/interview/{after['token']}/finish").status_code == 202
    fresh = wait_report(app_client, after["session_id"], admin)
    assert fresh["rubric"] == {"name": "default", "version": 2}
    assert {c["name"]: c["weight"] for c in fresh["competencies"]}["problem_solving"] == 0.0
