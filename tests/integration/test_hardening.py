"""Bounded input, security headers and API hygiene (issue 12), against the real app.

* every response (API, both Gradio pages, /healthz, errors) carries the security headers, and
  CORS stays closed unless CORS_ORIGINS lists the origin;
* Gradio's upload route takes a file only from a live invite at its resume step (candidate
  page) or a signed-in staff member (console); a refused 50 MB upload never reaches the disk;
* the resume and answer routes stop a chunked body at their limit while it streams in (a raw
  socket against ``python app.py``), every other route at MAX_REQUEST_BYTES;
* a WebRTC connection that presents no invite is closed after RTC_INVITE_TIMEOUT_S and its
  live slot freed (a real aiortc peer);
* each Gradio page publishes only the events a script would drive;
* hostile strings in every text field of every JSON body: 422 or handled, never 5xx, and what
  was stored is escaped on the staff report.
"""

from __future__ import annotations

import asyncio
import json
import select
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.conftest import running_app
from tests.helpers import live_invite, login, make_invite, seed_answers

MB = 1024 * 1024
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _assert_secure(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (where, name, response.headers.get(name))
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp, where
    assert "mediastream:" in csp and "blob:" in csp, where
    permissions = response.headers.get("permissions-policy", "")
    assert "camera=(self)" in permissions and "microphone=(self)" in permissions, where
    assert not [h for h in response.headers if h.lower().startswith("access-control-")], (where, response.headers)


# ------------------------------------------------------------------ headers, CORS, healthz
def test_security_headers_on_every_response_and_no_cors(app_client: TestClient) -> None:
    admin = login(app_client)
    evil = {"Origin": "https://evil.example"}
    responses = [
        app_client.get("/healthz", headers=evil),
        app_client.get("/api/openapi.json"),
        app_client.get("/api/docs"),
        app_client.get("/", headers=evil),  # the staff console
        app_client.get("/interview/?token=" + "x" * 43),  # the candidate page
        app_client.get("/interview/config", headers=evil),
        app_client.get("/gradio_api/info", headers=evil),
        app_client.get("/ui-fonts/regular.ttf"),
        app_client.get("/api/nothing-here"),
        app_client.get("/api/users"),  # 401
        app_client.post("/api/companies", headers={**admin, **evil}, json={"name": ""}),  # 422
        app_client.post("/api/companies", headers={**admin, **evil}, json={"name": "Acme"}),  # 201
        # preflights, to Gradio (whose own CORS middleware would reflect the origin) and to the API
        app_client.options("/gradio_api/queue/join", headers={**evil, "Access-Control-Request-Method": "POST"}),
        app_client.options("/interview/gradio_api/upload",
                           headers={**evil, "Access-Control-Request-Method": "POST"}),
        app_client.options("/api/companies", headers={**evil, "Access-Control-Request-Method": "POST"}),
    ]
    for response in responses:
        _assert_secure(response)
    assert [r.status_code for r in responses[:3]] == [200, 200, 200]
    assert "cdn.jsdelivr.net" in responses[2].headers["content-security-policy"]  # Swagger UI's assets
    assert "cdn.jsdelivr.net" not in responses[3].headers["content-security-policy"]
    assert responses[-4].headers.get("cache-control") == "no-store"  # API answers stay out of caches


def test_cors_only_for_listed_origins(settings: Any) -> None:
    from app import create_app

    settings.cors_origins = "https://ats.example.com, https://other.example.org/"
    with TestClient(create_app(settings)) as client:
        ok = client.get("/api/openapi.json", headers={"Origin": "https://ats.example.com"})
        assert ok.headers["access-control-allow-origin"] == "https://ats.example.com"
        pre = client.options("/api/companies", headers={"Origin": "https://other.example.org",
                                                        "Access-Control-Request-Method": "POST",
                                                        "Access-Control-Request-Headers": "authorization"})
        assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "https://other.example.org"
        for path in ("/api/openapi.json", "/gradio_api/info", "/interview/config"):
            bad = client.get(path, headers={"Origin": "https://evil.example"})
            assert "access-control-allow-origin" not in bad.headers, path
        assert client.options("/api/companies", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}).status_code == 400


def test_healthz_does_not_echo_database_errors(app_client: TestClient, database_url: str) -> None:
    assert app_client.get("/healthz").status_code == 200
    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # the real failure: the database is gone
    response = app_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == {"status": "down", "detail": "database unavailable"}
    assert name not in response.text and "psycopg" not in response.text.lower()
    _assert_secure(response)


# ------------------------------------------------------------------ Gradio uploads
def _multipart(size: int, name: str = "resume.pdf") -> tuple[bytes, str]:
    boundary = "hardening-" + uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    body = head + b"%PDF-1.4\n" + b"x" * max(0, size - 9) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _files_under(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()]


def test_gradio_upload_needs_a_live_invite_or_a_signed_in_staff_member(
        app_client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Gradio spools uploads with NamedTemporaryFile() in the default temp dir: point it at an
    # empty folder of this test, then check nothing was written for a refused upload
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    admin = login(app_client)
    invite = make_invite(app_client, admin)
    big, big_type = _multipart(50 * MB)
    refused = {
        "candidate page, no invite": app_client.post("/interview/gradio_api/upload", content=big,
                                                     headers={"Content-Type": big_type}),
        "candidate page, unknown invite": app_client.post("/interview/gradio_api/upload", content=big, headers={
            "Content-Type": big_type, "X-Invite-Token": "n" * 43}),
        "candidate page, invite before consent": app_client.post("/interview/gradio_api/upload", content=big, headers={
            "Content-Type": big_type, "X-Invite-Token": invite["token"]}),
        "console, signed out": app_client.post("/gradio_api/upload", content=big, headers={"Content-Type": big_type}),
        "console, forged token": app_client.post("/gradio_api/upload", content=big, headers={
            "Content-Type": big_type, "Authorization": "Bearer " + "e30." * 3}),
        "chunked, no invite": app_client.post("/interview/gradio_api/upload", content=iter([big[:MB], big[MB:]]),
                                              headers={"Content-Type": big_type}),
        "recording route": app_client.post("/interview/gradio_api/process_recording", content=big,
                                           headers={"Content-Type": big_type}),
        "double slash": app_client.post("//interview//gradio_api/upload", content=big,
                                        headers={"Content-Type": big_type}),
    }
    for what, response in refused.items():
        assert response.status_code in (401, 403, 404), (what, response.status_code, response.text)
        _assert_secure(response)
    assert refused["candidate page, invite before consent"].status_code == 403
    assert "consent" in refused["candidate page, invite before consent"].json()["detail"]
    assert _files_under(spool) == [], "a refused upload was written to disk"

    # the page sets the invite cookie; with consent given, the same page may upload its resume
    assert app_client.post(f"/api/interview/{invite['token']}/consent",
                           json={"recording": True, "analysis": True}).status_code == 200
    page = app_client.get(f"/interview/?token={invite['token']}")
    cookie = page.headers.get("set-cookie", "")
    assert page.status_code == 200 and cookie.startswith("interview_invite=" + invite["token"])
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/interview" in cookie
    small, small_type = _multipart(20_000)
    ok = app_client.post("/interview/gradio_api/upload", content=small, headers={"Content-Type": small_type})
    assert ok.status_code == 200, ok.text
    assert len(ok.json()) == 1 and ok.json()[0].endswith("resume.pdf")
    # over the limit even with the invite: 413 on Content-Length, before anything is read
    before = _files_under(spool)
    too_big = app_client.post("/interview/gradio_api/upload", content=big, headers={"Content-Type": big_type})
    assert too_big.status_code == 413
    assert _files_under(spool) == before
    chunked = app_client.post("/interview/gradio_api/upload", content=iter([small]),
                              headers={"Content-Type": small_type})
    assert chunked.status_code == 411  # Gradio's parser is only given bodies of a declared length
    staff = app_client.post("/gradio_api/upload", content=small, headers={"Content-Type": small_type, **admin})
    assert staff.status_code == 200, staff.text
    # once the interview started, the resume step is over: uploads stop
    assert app_client.post(f"/api/interview/{invite['token']}/start", timeout=120).status_code == 200
    late = app_client.post("/interview/gradio_api/upload", content=small, headers={"Content-Type": small_type})
    assert late.status_code == 403


# ------------------------------------------------------------------ body limits (in process)
def test_bodies_over_their_limit_get_413(app_client: TestClient) -> None:
    admin = login(app_client)
    invite = make_invite(app_client, admin)
    token = invite["token"]
    huge = json.dumps({"name": "x" * (5 * MB)})
    cases = {
        "json, declared": app_client.post("/api/companies", headers={**admin, "Content-Type": "application/json"},
                                          content=huge),
        "json, chunked": app_client.post("/api/companies", headers={**admin, "Content-Type": "application/json"},
                                         content=iter([huge[:MB].encode(), huge[MB:].encode()])),
        "json to the login route": app_client.post("/api/auth/login", headers={"Content-Type": "application/json"},
                                                   content=huge),
        "gradio queue": app_client.post("/gradio_api/queue/join", headers={"Content-Type": "application/json"},
                                        content=huge),
    }
    assert app_client.post(f"/api/interview/{token}/consent", json={"recording": True, "analysis": True}).status_code == 200
    body, content_type = _multipart(11 * MB)
    cases["resume, chunked"] = app_client.post(f"/api/interview/{token}/resume", content=iter([body]),
                                               headers={"Content-Type": content_type.replace("files", "file")})
    assert app_client.post(f"/api/interview/{token}/start", timeout=120).status_code == 200
    audio, audio_type = _multipart(51 * MB, name="answer.wav")
    cases["answer audio, chunked"] = app_client.post(f"/api/interview/{token}/answer", content=iter([audio]),
                                                     headers={"Content-Type": audio_type})
    cases["answer text, chunked"] = app_client.post(
        f"/api/interview/{token}/answer", content=iter([json.dumps({"text": "가" * 300_000}).encode()]),
        headers={"Content-Type": "application/json"})
    for what, response in cases.items():
        assert response.status_code == 413, (what, response.status_code, response.text[:200])
        _assert_secure(response)
    assert "limit" in cases["resume, chunked"].json()["detail"]


# ------------------------------------------------------------------ published Gradio API
def test_each_page_publishes_only_the_events_a_script_would_drive(app_client: TestClient) -> None:
    from interview.ui import CANDIDATE_API, STAFF_API

    for mount, expected in (("/interview", CANDIDATE_API), ("", STAFF_API)):
        for query in ("", "?all_endpoints=true"):
            info = app_client.get(f"{mount}/gradio_api/info{query}").json()
            named = {name.lstrip("/") for name in info["named_endpoints"]}
            assert named == set(expected), (mount, query, named ^ set(expected))
            assert not info["unnamed_endpoints"], (mount, info["unnamed_endpoints"])
        # an internal event cannot be called by a name either
        hidden = app_client.post(f"{mount}/gradio_api/call/on_load", json={"data": []})
        assert hidden.status_code == 404, hidden.text
    # the page still works: its own client calls internal events by id, and they are in the config
    config = app_client.get("/interview/config").json()
    assert any(dep.get("api_name") is False for dep in config["dependencies"])


def test_every_text_field_of_every_request_body_is_bounded(app_client: TestClient) -> None:
    spec = app_client.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        return schemas[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node

    unbounded: list[str] = []

    def walk(node: dict[str, Any], where: str) -> None:
        node = resolve(node)
        for option in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
            walk(option, where)
        if node.get("type") == "string" and node.get("format") not in ("binary", "uuid", "date-time") \
                and "enum" not in node and "const" not in node and "maxLength" not in node \
                and node.get("format") != "email":
            unbounded.append(where)
        if node.get("type") == "array":
            if "maxItems" not in node:
                unbounded.append(where + "[] (no maxItems)")
            walk(node.get("items", {}), where + "[]")
        for name, prop in node.get("properties", {}).items():
            walk(prop, f"{where}.{name}")

    bodies = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for content_type, media in op.get("requestBody", {}).get("content", {}).items():
                bodies += 1
                walk(media.get("schema", {}), f"{method.upper()} {path} ({content_type})")
    assert bodies >= 10
    assert not unbounded, unbounded


# ------------------------------------------------------------------ hostile strings
HOSTILE = {
    "sql": "Robert'); DROP TABLE interview_sessions;-- ' OR '1'='1",
    "script": "<script>alert(document.cookie)</script>",
    "html attr": "\"><img src=x onerror=alert(1)>",
    "markdown link": "[click](javascript:alert(1))",
    "nul": "before\x00after",
    "control": "\x01\x02\x07\x08\x1b[31mred\x1b[0m\r\n\t\x7f\u2028\u202e",
    "korean": "지원자 김민지 — 백엔드 엔지니어 ✓ 🙂",
    "1 MB": "A" * MB,
    "1 MB korean": "가" * (MB // 3),
    "format": "%s%n{0}{__class__}${7*7}",
    "path": "../../../../etc/passwd",
    "empty": "",
}
# lone surrogates cannot be encoded by json.dumps to UTF-8 bytes; sent as a raw JSON escape
RAW_SURROGATE = '"x\\ud800y"'


class Tally:
    def __init__(self) -> None:
        self.sent = 0
        self.refused = 0
        self.statuses: dict[int, int] = {}

    def check(self, what: str, response: httpx.Response) -> None:
        self.sent += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (what, response.status_code, response.text[:300])
        if response.status_code >= 400:
            self.refused += 1
            detail = response.json().get("detail")
            assert isinstance(detail, str) and detail, (what, response.text[:300])


def _send(client: TestClient, method: str, url: str, body: dict[str, Any], field: list[str | int], value: str,
          headers: dict[str, str]) -> httpx.Response:
    payload = json.loads(json.dumps(body))
    target: Any = payload
    for key in field[:-1]:
        target = target[key]
    if value is RAW_SURROGATE:
        target[field[-1]] = "__SURROGATE__"
        content = json.dumps(payload).replace('"__SURROGATE__"', RAW_SURROGATE).encode()
    else:
        target[field[-1]] = value
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return client.request(method, url, content=content, headers={**headers, "Content-Type": "application/json"},
                          timeout=120)


def test_hostile_strings_in_every_staff_and_candidate_body(app_client: TestClient) -> None:
    admin = login(app_client)
    invite = make_invite(app_client, admin, job={"question_count": 30, "max_follow_ups": 0,
                                                 "questions": ["Tell me about a project you are proud of."]})
    company, job = invite["company_id"], invite["job_id"]
    resume = make_invite(app_client, admin)
    assert app_client.post(f"/api/interview/{resume['token']}/consent",
                           json={"recording": True, "analysis": True}).status_code == 200
    live = invite["token"]
    assert app_client.post(f"/api/interview/{live}/consent", json={"recording": True, "analysis": True}).status_code == 200
    assert app_client.post(f"/api/interview/{live}/start", timeout=120).status_code == 200
    scored = make_invite(app_client, admin)
    user = app_client.post("/api/users", headers=admin, json={
        "email": "rec@example.com", "password": "recruiter-pass-1", "role": "recruiter",
        "company_id": company}).json()["id"]

    # (method, url, headers, valid body, text fields as key paths)
    cases: list[tuple[str, str, dict[str, str], dict[str, Any], list[list[str | int]]]] = [
        ("POST", "/api/companies", admin, {"name": "Acme", "talent_profile": "Owns outcomes."},
         [["name"], ["talent_profile"]]),
        ("POST", "/api/jobs", admin, {"company_id": company, "title": "Engineer", "requirements": "Python",
                                      "questions": ["Why this job?"], "question_count": 5},
         [["title"], ["requirements"], ["questions", 0], ["language"]]),
        ("POST", f"/api/jobs/{job}/invites", admin, {"candidate_name": "Kim", "candidate_email": "kim@example.com"},
         [["candidate_name"], ["candidate_email"]]),
        ("POST", f"/api/sessions/{scored['session_id']}/overrides", admin,
         {"competency": "ownership", "score": 4, "reason": "seen in the second answer"},
         [["competency"], ["reason"]]),
        ("POST", "/api/users", admin, {"email": "new@example.com", "password": "a-password-1", "role": "ml"},
         [["email"], ["password"], ["role"]]),
        ("PATCH", f"/api/users/{user}", admin, {"role": "recruiter"}, [["role"]]),
        ("POST", "/api/auth/refresh", {}, {"refresh_token": "nope"}, [["refresh_token"]]),
        ("POST", f"/api/interview/{resume['token']}/consent", {}, {"recording": True, "analysis": True},
         [["recording"], ["analysis"]]),
        ("POST", f"/api/interview/{resume['token']}/resume/text", {},
         {"text": "Experience\nBackend engineer at Acme, 2019-2023. Built a billing service in Python."},
         [["text"]]),
        ("POST", f"/api/interview/{live}/answer", {}, {"text": "I led the migration."}, [["text"]]),
        ("POST", f"/api/interview/{live}/rtc/offer", {}, {"sdp": "v=0\r\n", "type": "offer",
                                                          "webrtc_id": "abcdefgh1234"},
         [["sdp"], ["type"], ["webrtc_id"]]),
    ]
    tally = Tally()
    values = [*HOSTILE.values(), RAW_SURROGATE]
    for method, url, headers, body, fields in cases:
        for field in fields:
            for value in values:
                tally.check(f"{method} {url} {field} {value[:30]!r}",
                            _send(app_client, method, url, body, field, value, headers))
    # hostile strings in the path: the invite token and ids
    for value in ["' OR 1=1--", "<script>", "..%2F..%2Fetc", "%00", "가나다", "x" * 5000]:
        for method, path in (("GET", f"/api/interview/{value}"), ("POST", f"/api/interview/{value}/start"),
                             ("GET", f"/api/sessions/{value}/report")):
            tally.check(f"{method} {path[:60]}", app_client.request(method, path, headers=admin))
    # a hostile resume file name
    assert app_client.post(f"/api/interview/{resume['token']}/consent",
                           json={"recording": True, "analysis": True}).status_code in (200, 409)
    for name in ("<script>.pdf", "../../etc/passwd", "a\x00b.pdf", "이력서.pdf", "x" * 5000 + ".pdf"):
        tally.check(f"resume file {name[:20]!r}", app_client.post(
            f"/api/interview/{resume['token']}/resume", files={"file": (name, b"%PDF-1.4 not really", "application/pdf")}))
    print(f"hostile cases: {tally.sent} sent, {tally.refused} refused (4xx), statuses {sorted(tally.statuses.items())}")
    assert tally.sent >= 300

    # what was stored is shown escaped on the staff report
    named = make_invite(app_client, admin)
    created = app_client.post(f"/api/jobs/{named['job_id']}/invites", headers=admin,
                              json={"candidate_name": HOSTILE["script"] + HOSTILE["html attr"]})
    assert created.status_code == 201
    session_id = created.json()["session_id"]
    seed_answers(app_client, session_id, [("Q1 " + HOSTILE["script"], None, HOSTILE["html attr"] + " I built it.")])
    report = app_client.get(f"/api/sessions/{session_id}/report", headers=admin).json()
    from interview.ui.staff_report_html import answer_cards, competency_table, header

    rendered = header(report) + competency_table(report) + answer_cards(report)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered


def test_hostile_sign_ins_are_refused_not_crashed(app_client: TestClient) -> None:
    tally = Tally()
    for field in (["email"], ["password"]):
        for value in [*HOSTILE.values(), RAW_SURROGATE]:
            tally.check(f"login {field} {value[:20]!r}", _send(
                app_client, "POST", "/api/auth/login", {"email": "admin@example.com", "password": "wrong"},
                field, value, {}))
    print(f"hostile sign-ins: {tally.sent} sent, {tally.refused} refused, statuses {sorted(tally.statuses.items())}")
    assert tally.refused == tally.sent


# ------------------------------------------------------------------ against python app.py
def _raw_chunked_post(base: str, path: str, content_type: str, total: int, chunk: int = 64 * 1024) -> tuple[int, int]:
    """POST ``total`` bytes chunked (no Content-Length) over a raw socket, as fast as the server
    takes them, until it answers; returns (status, bytes sent by then)."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    sent, frame = 0, f"{chunk:x}\r\n".encode() + b"x" * chunk + b"\r\n"
    try:
        while sent < total and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break
            sent += chunk
        reply = b""
        while b"\r\n" not in reply:
            part = sock.recv(65536)
            if not part:
                break
            reply += part
    finally:
        sock.close()
    return int(reply.split(b" ", 2)[1]), sent


async def _offer(base: str, component: int, pc: Any) -> dict[str, Any]:
    from aiortc import RTCSessionDescription

    pc.createDataChannel("text")
    await pc.setLocalDescription(await pc.createOffer())
    async with httpx.AsyncClient(timeout=60) as client:
        r = await client.post(f"{base}/interview/gradio_api/component_server", json={
            "session_hash": uuid.uuid4().hex[:10], "component_id": component, "fn_name": "offer",
            "data": {"sdp": pc.localDescription.sdp, "type": "offer", "webrtc_id": uuid.uuid4().hex}})
    assert r.status_code == 200, r.text
    answer = r.json()
    if "sdp" in answer:
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    return dict(answer)


async def _squat_a_live_slot(base: str, component: int) -> dict[str, Any]:
    """Hold the page's only live slot with a real connection that never sends a token."""
    from aiortc import RTCPeerConnection

    from tests.integration.test_live_webrtc import FaceTrack, Microphone

    squatter = RTCPeerConnection()
    squatter.addTrack(Microphone())
    squatter.addTrack(FaceTrack())
    states: list[str] = []

    @squatter.on("connectionstatechange")
    async def on_state() -> None:
        states.append(squatter.connectionState)

    first = await _offer(base, component, squatter)
    assert "sdp" in first, first
    second_pc = RTCPeerConnection()
    second_pc.addTrack(Microphone())
    second = await _offer(base, component, second_pc)  # the slot is taken
    await second_pc.close()
    started = time.monotonic()
    while squatter.connectionState not in ("closed", "failed") and time.monotonic() - started < 20:
        await asyncio.sleep(0.2)
    closed_after = time.monotonic() - started
    third_pc = RTCPeerConnection()
    third_pc.addTrack(Microphone())
    third = await _offer(base, component, third_pc)  # the slot was freed
    await third_pc.close()
    await squatter.close()
    return {"second": second, "third": third, "states": states, "closed_after": closed_after}


def test_against_the_server_chunked_limits_and_tokenless_webrtc(tmp_path: Path, database_url: str) -> None:
    env = {"MAX_LIVE_SESSIONS": "1", "RTC_INVITE_TIMEOUT_S": "2"}
    with running_app(tmp_path, database_url, **env) as app:
        base = app.base
        invite = live_invite(base, ["Tell me about a project you are proud of."])
        token = invite["token"]
        assert httpx.post(f"{base}/api/interview/{token}/consent",
                          json={"recording": True, "analysis": True}).status_code == 200
        # chunked bodies are stopped at the limit while they stream in, not after
        status, sent = _raw_chunked_post(base, f"/api/interview/{token}/resume",
                                         "multipart/form-data; boundary=x", total=200 * MB)
        assert status == 413 and sent < 40 * MB, (status, sent)
        print(f"chunked resume upload: {status} after {sent / MB:.1f} MB of 200 MB")
        status, sent = _raw_chunked_post(base, "/api/companies", "application/json", total=200 * MB)
        assert status in (401, 413) and sent < 40 * MB, (status, sent)
        status, sent = _raw_chunked_post(base, "/interview/gradio_api/upload",
                                         "multipart/form-data; boundary=x", total=200 * MB)
        assert status == 401 and sent < 40 * MB, (status, sent)

        config = httpx.get(f"{base}/interview/config").json()
        component = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "rtc")
        result = asyncio.run(_squat_a_live_slot(base, component))
        print(f"tokenless WebRTC connection: states {result['states']}, closed {result['closed_after']:.1f} s "
              "after the slot was found taken")
        assert result["second"].get("meta", {}).get("error") == "concurrency_limit_reached", result
        assert "connected" in result["states"], result  # it was a real, established connection
        assert result["closed_after"] < 15, result  # closed by the server, after RTC_INVITE_TIMEOUT_S
        assert "sdp" in result["third"], result  # and its slot is free again
        log = (tmp_path / "app.log").read_text()
        assert "presented no live invite" in log
