"""Request hygiene around every route: the REST API, both Gradio pages, the fonts and /healthz.

* **Security headers** on every response: a Content-Security-Policy that Gradio and the
  WebRTC component work under (Gradio's bundles need inline styles and scripts and ``eval``;
  media come as ``blob:``/``data:`` URLs and the camera as a ``mediastream:``), no framing
  (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), ``nosniff``,
  ``Referrer-Policy: no-referrer`` (an invite token in the page URL never leaves in a
  Referer) and camera and microphone for this origin only.
* **CORS closed** unless ``CORS_ORIGINS`` lists origins. Gradio's own CORS middleware reflects
  any Origin (with credentials) when the host is not localhost; those headers are dropped here.
* **Bounded bodies**: a Content-Length over the route's limit gets 413 before anything is read,
  and a chunked body is counted as it streams in and stopped at the limit. The resume and
  answer routes enforce their own limits (with the candidate's language); here they only get
  a far ceiling.
* **Text that cannot be stored**: a JSON body whose strings hold a NUL character or a lone
  surrogate gets 422 before any route (or Gradio event) sees it.
* **Gradio's file routes** (``upload``, ``process_recording``, ``stream``) take a body only from
  someone who may upload, checked before one byte of it is read, so a refused upload never
  reaches the disk. The candidate page (no sign-in) needs a live invite at its resume step,
  the staff console a signed-in staff member (``Authorization: Bearer``; the console itself
  has no file inputs).

How the candidate page's upload carries its invite: Gradio's browser client posts files to a
fixed URL and cannot add a header, and the page URL's ``?token=`` would reach the server only
in a Referer, which ``no-referrer`` removes (on purpose: a weaker policy would send the token
along with every same-origin request and keep it one setting away from leaking). So when the
page is loaded with ``?token=``, its response sets an HttpOnly, SameSite=Strict cookie scoped
to ``/interview`` holding that token, and the upload route reads it there; a scripted client
can send ``X-Invite-Token`` instead. The cookie is only a carrier: every upload re-checks the
invite with the database, like the REST routes do.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview.api.limits import MAX_AUDIO_BYTES, MULTIPART_SLACK, replay
from interview.errors import ServiceError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from interview.runtime import Runtime

log = logging.getLogger(__name__)

CANDIDATE_MOUNT = "/interview"
INVITE_COOKIE = "interview_invite"
INVITE_HEADER = "x-invite-token"
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")  # secrets.token_urlsafe(32) and its kin
_GRADIO_FILE_ROUTE = re.compile(r"/gradio_api/(upload|process_recording|stream/)")
_ROUTE_LIMITED = re.compile(r"^/api/interview/[^/]+/(resume|answer)/?$")

_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob: mediastream:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# /api/docs is FastAPI's Swagger UI page, which loads its script and stylesheet from jsDelivr
_DOCS_CSP = _CSP.replace("script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net").replace(
    "style-src 'self'", "style-src 'self' https://cdn.jsdelivr.net").replace(
    "img-src 'self'", "img-src 'self' https://fastapi.tiangolo.com")
PERMISSIONS_POLICY = ("camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=(), "
                      "serial=(), bluetooth=(), interest-cohort=()")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(path: str) -> str:
    return _DOCS_CSP if path.rstrip("/") == "/api/docs" else _CSP


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over this route's limit of {limit:,} bytes")


class RequestHygiene:
    """One pure ASGI middleware (it does not buffer responses, so Gradio's event streams and the
    PDF pass straight through): headers and CORS on the way out, guards and limits on the way in."""

    def __init__(self, app: ASGIApp, rt: Runtime) -> None:
        self.app = app
        self.rt = rt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = re.sub(r"/{2,}", "/", scope.get("path") or "/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self._decorate(scope, path, message)
            await send(message)

        refusal = await self._refusal(scope, path)
        if refusal is not None:
            status, detail = refusal
            await _json(send_with_headers, status, detail)
            return
        limit = self._limit(path)
        counted = 0

        async def bounded_receive() -> Message:
            nonlocal counted
            message = await receive()
            if message["type"] == "http.request":
                counted += len(message.get("body", b""))
                if counted > limit:
                    raise BodyTooLarge(limit)
            return message

        app_receive: Receive = bounded_receive
        try:
            if _is_json(scope):  # read whole (it is bounded) to check its text before any route sees it
                body = await _read_all(bounded_receive)
                bad = _bad_text(body)
                if bad is not None:
                    await _json(send_with_headers, 422, bad)
                    return
                app_receive = replay(body, receive)
            await self.app(scope, app_receive, send_with_headers)
        except BodyTooLarge as err:
            if started:
                raise
            await _json(send_with_headers, 413, str(err.detail))

    # ------------------------------------------------------------------ inbound
    def _limit(self, path: str) -> int:
        settings = self.rt.settings
        if _ROUTE_LIMITED.match(path):
            # the route stops the body at its own limit, with a sentence in the candidate's
            # language; this far ceiling only backs it up
            own = settings.resume_max_bytes if path.rstrip("/").endswith("resume") else MAX_AUDIO_BYTES
            return 2 * own + 1024 * 1024
        if _GRADIO_FILE_ROUTE.search(path):
            return settings.resume_max_bytes + MULTIPART_SLACK
        return settings.max_request_bytes

    async def _refusal(self, scope: Scope, path: str) -> tuple[int, str] | None:
        """(status, sentence) for a request refused before its body is read, else None."""
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        has_body = declared not in ("", "0") or "chunked" in headers.get("transfer-encoding", "").lower()
        if scope["method"] == "POST" and _GRADIO_FILE_ROUTE.search(path):
            refused = await self._may_upload(headers, candidate=path.startswith(CANDIDATE_MOUNT + "/"))
            if refused is not None:
                return refused
            if not declared.isdigit():
                return 411, "send the file with a Content-Length header"
        if has_body and declared.isdigit() and int(declared) > self._limit(path) and not _ROUTE_LIMITED.match(path):
            return 413, str(BodyTooLarge(self._limit(path)).detail)
        return None

    async def _may_upload(self, headers: Headers, *, candidate: bool) -> tuple[int, str] | None:
        if candidate:
            token = headers.get(INVITE_HEADER) or cookie_parser(headers.get("cookie", "")).get(INVITE_COOKIE, "")
            if not token:
                return 401, "open your interview link again: uploads need the invite it carries"
            try:
                await run_in_threadpool(self.rt.resumes.check_can_upload, token)
            except ServiceError as err:
                return 403, err.message
            return None
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            return 401, "sign in first: uploads to the console need 'Authorization: Bearer <token>'"
        try:
            await run_in_threadpool(self.rt.accounts.authenticate, credentials.strip())
        except ServiceError as err:
            return 401, err.message
        return None

    # ------------------------------------------------------------------ outbound
    def _decorate(self, scope: Scope, path: str, message: Message) -> None:
        headers = MutableHeaders(scope=message)
        for name in [k for k in headers.keys() if k.startswith("access-control-")]:
            del headers[name]  # Gradio's reflected CORS; CORSMiddleware adds the allowed ones outside
        headers["Content-Security-Policy"] = content_security_policy(path)
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        if self.rt.settings.public_base_url.startswith("https://"):
            headers["Strict-Transport-Security"] = "max-age=31536000"
        if path.startswith("/api/") and "cache-control" not in headers:
            headers["Cache-Control"] = "no-store"  # tokens, reports and transcripts stay out of caches
        if scope["method"] == "GET" and path.rstrip("/") == CANDIDATE_MOUNT and message["status"] < 400:
            self._invite_cookie(scope, headers)

    def _invite_cookie(self, scope: Scope, headers: MutableHeaders) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        tokens = [v for k, _, v in (p.partition("=") for p in query.split("&")) if k == "token"]
        if len(tokens) != 1 or not _TOKEN_SHAPE.match(tokens[0]):
            return
        secure = "; Secure" if self.rt.settings.public_base_url.startswith("https://") else ""
        headers.append("Set-Cookie", f"{INVITE_COOKIE}={tokens[0]}; Path={CANDIDATE_MOUNT}; Max-Age=86400; "
                                     f"HttpOnly; SameSite=Strict{secure}")


def _is_json(scope: Scope) -> bool:
    if scope["method"] not in ("POST", "PUT", "PATCH"):
        return False
    content_type = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


async def _read_all(receive: Receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return bytes(body)
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return bytes(body)




def _bad_text(body: bytes) -> str | None:
    """Why a JSON body's text cannot be stored, or None. PostgreSQL text holds no NUL character and
    UTF-8 no lone surrogate (a JSON "\\ud800" escape decodes to one); both would fail deep in a
    service, so they are refused here, for every route at once. A body that is not JSON at all is
    left to the route, which says so in its own words."""
    try:
        stack: list[Any] = [json.loads(body)]
    except (ValueError, RecursionError):
        return None
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return "text must not contain NUL (\\u0000) characters"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "text must be valid Unicode: it holds a lone surrogate (\\ud800-\\udfff)"
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


async def _json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def install_request_hygiene(app: FastAPI, rt: Runtime) -> None:
    """Add the middleware (and CORS for the listed origins, outside it); map database rejections
    of a value (a NUL character, an out-of-range number) to 422."""
    from sqlalchemy.exc import DataError
    from starlette.middleware.cors import CORSMiddleware

    app.add_middleware(RequestHygiene, rt=rt)
    origins = rt.settings.cors_origin_list
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)

    async def data_error(_: Any, err: Exception) -> Any:
        from fastapi.responses import JSONResponse

        log.info("database refused a value: %s", str(getattr(err, "orig", err)).splitlines()[0][:200])
        return JSONResponse({"detail": "a value in the request is not valid text or is out of range "
                                       "(text must not contain NUL characters)"}, status_code=422)

    app.add_exception_handler(DataError, data_error)
