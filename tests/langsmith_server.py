"""A stand-in for the LangSmith API on 127.0.0.1 for tests: real HTTP, the routes the langsmith
client uses to send runs (``GET /info``, ``POST /runs/multipart`` zstd-compressed or not,
``POST /runs/batch``, ``POST /runs``, ``PATCH /runs/{id}``). Records every request and merges
the runs it receives by id."""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.http_stub import QuietJSONHandler, serving


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class LangSmithServer:
    url: str
    requests: list[Received] = field(default_factory=list)
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, run_id: str, values: dict[str, Any]) -> None:
        with self.lock:
            self.runs.setdefault(run_id, {}).update(values)

    def wait_for_runs(self, count: int, timeout_s: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                done = [r for r in self.runs.values() if "end_time" in r]
                if len(done) >= count:
                    return done
            time.sleep(0.02)
        with self.lock:
            return list(self.runs.values())


def _multipart(content_type: str, body: bytes) -> Iterator[tuple[str, bytes]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        yield str(name), part.get_payload(decode=True) or b""


def _decompress(body: bytes) -> bytes:
    import zstandard

    reader = zstandard.ZstdDecompressor().stream_reader(body)
    return reader.read()


@contextmanager
def langsmith_server(*, multipart: bool = True, zstd: bool = True, status: int = 202,
                     hold: threading.Event | None = None) -> Iterator[LangSmithServer]:
    """``multipart``/``zstd``: what ``/info`` tells a client to use (the hosted service: both;
    without ``multipart`` the route answers 404, as an older self-hosted server does);
    ``status``: the answer to run uploads (an error status records nothing); ``hold``: uploads
    are answered only once it is set (10 s at most)."""
    state = LangSmithServer(url="")
    info = {
        "version": "0.test",
        "batch_ingest_config": {"use_multipart_endpoint": multipart, "size_limit": 100,
                                "size_limit_bytes": 20_971_520, "scale_up_nthreads_limit": 16,
                                "scale_up_qsize_trigger": 1000, "scale_down_nempty_trigger": 4},
        "instance_flags": {"zstd_compression_enabled": zstd},
    }

    class Handler(QuietJSONHandler):
        protocol_version = "HTTP/1.1"

        def _record(self) -> bytes:
            state.requests.append(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if (self.headers.get("Content-Encoding") or "").lower() == "zstd":
                body = _decompress(body)
            return body

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._record()
            if self.path.split("?")[0] == "/info":
                self._send(200, info)
            else:
                self._send(404, {"detail": "no route"})

        def do_POST(self) -> None:  # noqa: N802
            body = self._record()
            path = self.path.split("?")[0]
            if hold is not None:
                hold.wait(10)
            if status >= 400:
                self._send(status, {"detail": "refused"})
                return
            if path == "/runs/multipart" and multipart:
                for name, payload in _multipart(self.headers["Content-Type"], body):
                    op, run_id, *key = name.split(".")
                    value = json.loads(payload)
                    state.add(run_id, value if not key else {key[0]: value})
            elif path == "/runs/batch":
                data = json.loads(body)
                for run in [*data.get("post", []), *data.get("patch", [])]:
                    state.add(str(run["id"]), run)
            elif path == "/runs":
                run = json.loads(body)
                state.add(str(run["id"]), run)
            else:
                self._send(404, {"detail": "no route"})
                return
            self._send(status, {})

        def do_PATCH(self) -> None:  # noqa: N802
            body = self._record()
            state.add(self.path.rstrip("/").rsplit("/", 1)[-1], json.loads(body))
            self._send(202, {})

        def _send(self, status: int, data: Any) -> None:
            self.send_json(status, json.dumps(data))

    with serving(Handler) as url:
        state.url = url
        yield state
