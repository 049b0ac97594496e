"""Staff access through the real app: tokens, sign-out, throttling, user admin, company
isolation (404, never 403, for another company's ids), the ml role, the audit trail."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import text

from interview.runtime import Runtime, StartupError
from pipelines.settings import Settings
from tests.conftest import TEST_JWT_SECRET
from tests.helpers import login, make_invite, seed_answers, wait_report

PASSWORD = "a-long-enough-secret-1"


def _user(client: TestClient, admin: dict[str, str], email: str, role: str, company: str | None) -> str:
    r = client.post("/api/users", headers=admin, json={"email": email, "password": PASSWORD, "role": role,
                                                       "company_id": company})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _forge(user_id: str, role: str = "admin", secret: str = TEST_JWT_SECRET, algorithm: str = "HS256",
           **changes: Any) -> str:
    now = int(time.time())
    payload = {"sub": user_id, "role": role, "cid": None, "iat": now, "exp": now + 600, "iss": "ai-interview",
               "aud": "ai-interview-staff", "jti": uuid.uuid4().hex, "typ": "access", **changes}
    return jwt.encode(payload, None if algorithm == "none" else secret, algorithm=algorithm)  # type: ignore[arg-type]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_forged_expired_and_mismatched_tokens_are_refused(app_client: TestClient) -> None:
    admin = login(app_client)
    company = app_client.post("/api/companies", headers=admin, json={"name": "A"}).json()["id"]
    rec_id = _user(app_client, admin, "rec@a.example", "recruiter", company)
    admin_id = app_client.get("/api/users", headers=admin).json()["users"][0]["id"]
    assert app_client.get("/api/users", headers=_bearer(_forge(admin_id))).status_code == 200  # a well-made token
    cases = {
        "expired": _forge(admin_id, exp=int(time.time()) - 5),
        "alg none": _forge(admin_id, algorithm="none"),
        "wrong key": _forge(admin_id, secret="k" * 48),
        "iss mismatch": _forge(admin_id, iss="evil"),
        "aud mismatch": _forge(admin_id, aud="other-app"),
        "refresh as access": _forge(admin_id, typ="refresh"),
        "unknown user": _forge(str(uuid.uuid4())),
        "not a jwt": "abc.def.ghi",
    }
    for name, token in cases.items():
        r = app_client.get("/api/users", headers=_bearer(token))
        assert r.status_code == 401, (name, r.text)
        assert r.json()["detail"] and "Traceback" not in r.text
    # a role claim is never trusted: a token saying "admin" for a recruiter acts as the recruiter
    assert app_client.get("/api/users", headers=_bearer(_forge(rec_id, role="admin"))).status_code == 403
    # an invite token is not a staff credential
    invite = make_invite(app_client, admin)
    assert app_client.get("/api/users", headers=_bearer(invite["token"])).status_code == 401
    assert app_client.get(f"/api/sessions/{invite['session_id']}/report",
                          headers=_bearer(invite["token"])).status_code == 401


def test_refresh_rotates_and_logout_revokes(app_client: TestClient) -> None:
    body = app_client.post("/api/auth/login", json={"email": "admin@example.com",
                                                    "password": "admin-password-123"}).json()
    assert body["expires_in"] == 30 * 60 and body["refresh_token"] != body["access_token"]
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert {"iat", "exp", "iss", "aud", "jti"} <= set(claims) and claims["exp"] - claims["iat"] <= 30 * 60
    # a refresh token is not an access token
    assert app_client.get("/api/users", headers=_bearer(body["refresh_token"])).status_code == 401
    fresh = app_client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert fresh.status_code == 200
    assert app_client.get("/api/users", headers=_bearer(fresh.json()["access_token"])).status_code == 200
    # rotation: the used refresh token is revoked
    assert app_client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]}).status_code == 401
    # the HttpOnly cookie works as well (the browser path)
    assert "httponly" in fresh.headers["set-cookie"].lower() and "samesite=strict" in fresh.headers["set-cookie"].lower()
    assert app_client.post("/api/auth/refresh").status_code == 200  # TestClient keeps the cookie

    access = fresh.json()["access_token"]
    assert app_client.post("/api/auth/logout", headers=_bearer(access),
                           json={"refresh_token": fresh.json()["refresh_token"]}).status_code == 204
    r = app_client.get("/api/users", headers=_bearer(access))
    assert r.status_code == 401 and "signed out" in r.json()["detail"]
    assert app_client.post("/api/auth/refresh", json={"refresh_token": fresh.json()["refresh_token"]}).status_code == 401
    assert app_client.post("/api/auth/logout").status_code == 401
    assert app_client.post("/api/auth/refresh", json={"refresh_token": "not-a-token"}).status_code == 401
    with app_client.app.state.runtime.db.session() as s:  # type: ignore[attr-defined]
        revoked = s.execute(text("SELECT count(*) FROM revoked_tokens")).scalar_one()
    assert revoked >= 3


def test_failed_logins_are_throttled_then_locked_and_audited(app_client: TestClient) -> None:
    admin = login(app_client)
    _user(app_client, admin, "victim@a.example", "ml", None)
    for _ in range(5):
        r = app_client.post("/api/auth/login", json={"email": "victim@a.example", "password": "guess-guess-guess"})
        assert r.status_code == 401
    locked = app_client.post("/api/auth/login", json={"email": "victim@a.example", "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 60
    assert "try again" in locked.json()["detail"]
    # another account from the same address is not locked by this one (5 < 20 per address)
    assert app_client.post("/api/auth/login", json={"email": "admin@example.com",
                                                    "password": "admin-password-123"}).status_code == 200
    events = app_client.get("/api/audit", headers=admin, params={"action": "login"}).json()["events"]
    failed = [e for e in events if e["action"] == "login.failed"]
    assert len(failed) == 5 and all(e["client"] == "testclient" for e in failed)
    assert [e["action"] for e in events].count("login.locked") == 1  # when the lockout began, not per refused try
    assert any(e["action"] == "login" and e["actor"] == "admin@example.com" for e in events)
    # unknown emails are throttled the same way (no account oracle), and failures per address add up
    for i in range(15):
        app_client.post("/api/auth/login", json={"email": f"nobody{i}@a.example", "password": "x" * 12})
    r = app_client.post("/api/auth/login", json={"email": "admin@example.com", "password": "admin-password-123"})
    assert r.status_code == 429  # 20 failures from this address


def test_user_admin_deactivation_and_the_last_admin(app_client: TestClient) -> None:
    admin = login(app_client)
    company = app_client.post("/api/companies", headers=admin, json={"name": "A"}).json()["id"]
    rec_id = _user(app_client, admin, "rec@a.example", "recruiter", company)
    rec = login(app_client, "rec@a.example", PASSWORD)
    assert app_client.get("/api/users", headers=rec).status_code == 403
    assert app_client.patch(f"/api/users/{rec_id}", headers=rec, json={"role": "admin"}).status_code == 403
    users = app_client.get("/api/users", headers=admin).json()["users"]
    assert {u["email"] for u in users} == {"admin@example.com", "rec@a.example"}
    assert set(users[0]) == {"id", "email", "role", "company_id", "active"}
    assert all("password" not in str(u) for u in users)

    # deactivation: the live token stops working at once, sign-in is refused
    r = app_client.patch(f"/api/users/{rec_id}", headers=admin, json={"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    assert app_client.get(f"/api/jobs/{uuid.uuid4()}/ranking", headers=rec).status_code == 401
    assert app_client.post("/api/auth/login", json={"email": "rec@a.example", "password": PASSWORD}).status_code == 401
    # a recruiter needs a company; a demotion to ml clears nothing else
    r = app_client.patch(f"/api/users/{rec_id}", headers=admin, json={"role": "ml", "active": True})
    assert r.json()["role"] == "ml" and r.json()["active"] is True

    admin_id = next(u["id"] for u in users if u["email"] == "admin@example.com")
    for change in ({"role": "recruiter", "company_id": company}, {"active": False}):
        r = app_client.patch(f"/api/users/{admin_id}", headers=admin, json=change)
        assert r.status_code == 409 and "last active admin" in r.json()["detail"]
    assert app_client.patch(f"/api/users/{uuid.uuid4()}", headers=admin, json={"active": False}).status_code == 404
    # with a second admin the first may step down
    assert app_client.patch(f"/api/users/{rec_id}", headers=admin, json={"role": "admin"}).status_code == 200
    assert app_client.patch(f"/api/users/{admin_id}", headers=admin, json={"active": False}).status_code == 200
    assert app_client.get("/api/users", headers=admin).status_code == 401
    second = login(app_client, "rec@a.example", PASSWORD)
    actions = [e["action"] for e in app_client.get("/api/audit", headers=second,
                                                     params={"action": "user"}).json()["events"]]
    assert actions.count("user.update") == 4 and "user.create" in actions


def test_weak_passwords_are_refused(app_client: TestClient, settings: Settings) -> None:
    admin = login(app_client)
    for weak in ("short-pw-1", "password1234", "weak@a.example", "aaaaaaaaaaaaaa"):
        r = app_client.post("/api/users", headers=admin, json={"email": "weak@a.example", "password": weak,
                                                               "role": "ml"})
        assert r.status_code == 422, weak
    with pytest.raises(StartupError, match="ADMIN_PASSWORD is too weak"):
        Runtime.start(settings.model_copy(update={"admin_password": SecretStr("password1234")}), consumers=False)


def test_other_companies_ids_answer_404_like_missing_ones(app_client: TestClient) -> None:
    admin = login(app_client)
    mine = make_invite(app_client, admin)
    theirs = make_invite(app_client, admin)
    _user(app_client, admin, "rec@a.example", "recruiter", mine["company_id"])
    rec = login(app_client, "rec@a.example", PASSWORD)
    missing = str(uuid.uuid4())
    pairs = [
        ("get", "/api/sessions/{}/report", "session_id"),
        ("get", "/api/sessions/{}/report.pdf", "session_id"),
        ("get", "/api/jobs/{}/ranking", "job_id"),
    ]
    for method, path, key in pairs:
        other = getattr(app_client, method)(path.format(theirs[key]), headers=rec)
        absent = getattr(app_client, method)(path.format(missing), headers=rec)
        assert other.status_code == absent.status_code == 404, path
        assert other.json() == absent.json(), path
        assert getattr(app_client, method)(path.format(mine[key]), headers=rec).status_code == 200, path
    other = app_client.post(f"/api/sessions/{theirs['session_id']}/overrides", headers=rec,
                            json={"competency": "ownership", "score": 5, "reason": "x"})
    absent = app_client.post(f"/api/sessions/{missing}/overrides", headers=rec,
                             json={"competency": "ownership", "score": 5, "reason": "x"})
    assert other.status_code == absent.status_code == 404 and other.json() == absent.json()
    # an invite into another company's job, a job for another company
    for path, body in ((f"/api/jobs/{theirs['job_id']}/invites", {"candidate_name": "Eve"}),
                       ("/api/jobs", {"company_id": theirs["company_id"], "title": "Spy"})):
        assert app_client.post(path, headers=rec, json=body).status_code == 404, path
    # a job may use only its own company's rubrics or a global one
    db = app_client.app.state.runtime.db  # type: ignore[attr-defined]
    with db.engine.begin() as conn:
        foreign = conn.execute(text("INSERT INTO rubrics (id, name, company_id) VALUES (gen_random_uuid(), 'theirs', "
                                    ":c) RETURNING id"), {"c": theirs["company_id"]}).scalar_one()
        global_id = conn.execute(text("SELECT id FROM rubrics WHERE company_id IS NULL LIMIT 1")).scalar_one()
    r = app_client.post("/api/jobs", headers=rec, json={"company_id": mine["company_id"], "title": "T",
                                                        "rubric_id": str(foreign)})
    assert r.status_code == 404 and "rubric" in r.json()["detail"]
    assert app_client.post("/api/jobs", headers=rec, json={"company_id": mine["company_id"], "title": "T",
                                                           "rubric_id": str(global_id)}).status_code == 201


def test_ml_reads_masked_reports_but_never_changes_scores(app_client: TestClient) -> None:
    admin = login(app_client)
    made = make_invite(app_client, admin)
    seed_answers(app_client, made["session_id"], [
        ("Tell me about a problem you solved.", "problem_solving",
         "Our checkout API got slow after a release. I profiled it, found an N+1 query, rewrote it as one join, "
         "and the p95 dropped from 2 seconds to 300 milliseconds.")])
    assert app_client.post(f"/api/interview/{made['token']}/finish").status_code == 202
    wait_report(app_client, made["session_id"], admin)
    _user(app_client, admin, "ml@lab.example", "ml", None)
    ml = login(app_client, "ml@lab.example", PASSWORD)
    report = app_client.get(f"/api/sessions/{made['session_id']}/report", headers=ml)
    assert report.status_code == 200
    assert "Kim Minji" not in report.text and report.json()["candidate_name"].startswith("Candidate ")
    ranking = app_client.get(f"/api/jobs/{made['job_id']}/ranking", headers=ml)
    assert ranking.status_code == 200 and "Kim Minji" not in ranking.text
    r = app_client.post(f"/api/sessions/{made['session_id']}/overrides", headers=ml,
                        json={"competency": "problem_solving", "score": 5, "reason": "tuning"})
    assert r.status_code == 403
    assert app_client.post(f"/api/jobs/{made['job_id']}/invites", headers=ml,
                           json={"candidate_name": "X"}).status_code == 403
    assert app_client.get(f"/api/sessions/{made['session_id']}/report", headers=admin).json()["candidate_name"] \
        == "Kim Minji"
    views = app_client.get("/api/audit", headers=admin, params={"action": "report.view",
                                                               "actor": "ml@lab.example"}).json()["events"]
    assert len(views) == 1 and views[0]["target"] == f"session:{made['session_id']}"
    assert views[0]["client"] == "testclient"


def test_unknown_altered_revoked_and_used_invites_open_nothing(app_client: TestClient) -> None:
    admin = login(app_client)
    live = make_invite(app_client, admin)
    revoked = make_invite(app_client, admin)
    used = make_invite(app_client, admin, job={"questions": ["Tell me about yourself."], "question_count": 1})
    assert app_client.post(f"/api/sessions/{revoked['session_id']}/invite/revoke", headers=admin).status_code == 204
    api = "/api/interview/{}"
    assert app_client.post(api.format(used["token"]) + "/consent", json={"recording": True, "analysis": True}) \
        .status_code == 200
    assert app_client.post(api.format(used["token"]) + "/start").status_code == 200
    assert app_client.post(api.format(used["token"]) + "/finish").status_code == 202
    altered = live["token"][:-1] + ("A" if live["token"][-1] != "A" else "B")
    routes = [("get", ""), ("post", "/consent"), ("post", "/start"), ("post", "/answer"), ("post", "/resume")]
    cases = 0
    for token, expected in ((altered, 404), ("x" * 43, 404), (revoked["token"], 410), (used["token"], 410)):
        for method, suffix in routes:
            kwargs: dict[str, Any] = {"json": {"recording": True, "analysis": True}} if suffix == "/consent" else {}
            if suffix == "/answer":
                kwargs = {"json": {"text": "an answer"}}
            if suffix == "/resume":
                kwargs = {"files": {"file": ("cv.pdf", b"%PDF-1.4 tiny", "application/pdf")}}
            r = getattr(app_client, method)(api.format(token) + suffix, **kwargs)
            cases += 1
            assert r.status_code == expected, (token[:6], suffix, r.status_code, r.text)
    assert cases == 20
    assert app_client.get(api.format(live["token"])).status_code == 200  # the unaltered link still works
