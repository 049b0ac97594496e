"""A tiny OpenAI-compatible chat completions server on 127.0.0.1 for tests: real HTTP,
replies scripted per test. Records every request body and header."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.http_stub import QuietJSONHandler, serving

Reply = Callable[[dict[str, Any]], str | tuple[int, str]]


@dataclass
class ChatServer:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@contextmanager
def chat_server(reply: Reply, *, delay_s: float = 0.0) -> Iterator[ChatServer]:
    """``reply(body)`` returns the assistant text, or (status, raw body) for an error."""
    state = ChatServer(url="")

    class Handler(QuietJSONHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path != "/v1/chat/completions":
                self.send_json(404, json.dumps({"error": "no route"}))
                return
            if delay_s:
                time.sleep(delay_s)
            answer = reply(body)
            if isinstance(answer, tuple):
                self.send_json(*answer)
                return
            self.send_json(200, json.dumps({
                "id": "cmpl-1", "object": "chat.completion", "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": answer},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 11, "completion_tokens": len(answer.split()), "total_tokens": 0},
            }))

    with serving(Handler) as url:
        state.url = f"{url}/v1"
        yield state
