"""Optional LangSmith tracing of every LLM call (``LANGSMITH_API_KEY``; off without it).

``load_llm`` hands every backend it loads to ``traced``, so all backends and all callers are
covered. Without a key ``traced`` returns the backend itself: nothing of langsmith is used, no
client is built, nothing leaves the machine. With a key it returns a ``TracedLLM``, which
records each conversation of each call as one LangSmith ``llm`` run: the messages, the reply
text, backend, model, latency, token counts, the prompt's name, stored version and template
hash and the structured-output attempt (``PromptTag``, from ``render_messages``), the
sampling parameters, and the request/task/session ids of the log context. A failed call is
recorded with its error, then raised unchanged.

When the call returns its runs go on a bounded queue (full: they are dropped, with a
warning); one daemon thread per process sends what has gathered in one multipart request
(``/runs/multipart``; ``/runs/batch`` where a server lacks it) through the langsmith client.
So the caller never waits on the network, a slow or unreachable endpoint never holds up an
interview or the process's exit (at exit the thread gets a few seconds to send what is
queued), and a failure is logged at WARNING without the key, never raised. The client gets
endpoint, key and project from the settings as arguments: no ``LANGSMITH_*`` variable is set
(``LANGSMITH_TRACING`` plays no part), and its own background threads are off.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import re
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pipelines.llm.core import LLM, Generation, Messages, prompt_of
from pipelines.logs import current_context
from pipelines.settings import Settings

log = logging.getLogger(__name__)

_CONTEXT_KEYS = ("request_id", "task_id", "task", "session_id")


class _HideKey(logging.Filter):
    """Keeps the key, and the partly masked form the langsmith client prints, out of its log lines."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def hide(self, text: str) -> str:
        return _MASKED_KEY.sub("API Key: (hidden)", text.replace(self.key, "***"))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.key in message or "API Key:" in message:
            record.msg, record.args = self.hide(message), ()
        if record.exc_info:
            record.exc_text = self.hide(logging.Formatter().formatException(record.exc_info))
        return True


_MASKED_KEY = re.compile(r"API Key: \S*")


class Tracer:
    """One LangSmith client and one sender thread per process, started with the first run."""

    batch_max = 100  # runs per request
    linger_s = 0.1  # how long the sender waits for more runs before it sends
    exit_flush_s = 3.0  # what the sender gets at process exit

    def __init__(self, *, endpoint: str, api_key: str, project: str, queue_size: int = 1000) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.project = project
        self._api_key = api_key
        self._queue_size = queue_size
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=queue_size)
        self._client: Any = None
        self._pid = 0
        self._failed = False
        self._dropped = 0
        self._lock = threading.Lock()
        self._hide = _HideKey(api_key)

    def __repr__(self) -> str:  # the key stays out of reprs and logs
        return f"Tracer(endpoint={self.endpoint!r}, project={self.project!r})"

    def start(self) -> bool:
        """Build the client and start the sender once per process (a forked child builds its
        own: its parent's thread is not there); False when the client could not be built."""
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                return True
            if self._failed:
                return False
            try:
                from langsmith import Client

                client = Client(
                    api_url=self.endpoint, api_key=self._api_key, auto_batch_tracing=False, tracing_mode="langsmith",
                    tracing_sampling_rate=1.0, hide_inputs=False, hide_outputs=False, hide_metadata=False,
                    omit_traced_runtime_info=True, timeout_ms=(5_000, 15_000), disable_prompt_cache=True,
                    tracing_error_callback=self._upload_failed,
                )
            except Exception as err:  # noqa: BLE001 - a tracing client that cannot start turns tracing off
                self._failed = True
                log.warning("llm tracing is off: the LangSmith client did not start",
                            extra={"fields": {"endpoint": self.endpoint, "error": self._redact(err)}})
                return False
            for name, logger in list(logging.Logger.manager.loggerDict.items()):
                if (name == "langsmith" or name.startswith("langsmith.")) and isinstance(logger, logging.Logger):
                    logger.addFilter(self._hide)
            if self._pid == 0:
                atexit.register(self.flush, self.exit_flush_s)
            else:
                self._queue = queue.Queue(maxsize=self._queue_size)
            self._client, self._pid = client, os.getpid()
            threading.Thread(target=self._send_loop, args=(client, self._queue), name="llm-traces", daemon=True).start()
            log.info("llm tracing on", extra={"fields": {"endpoint": self.endpoint, "project": self.project}})
            return True

    def record(self, llm: LLM, conversations: Sequence[Messages], generations: Sequence[Generation] | None,
               error: BaseException | None, *, started: datetime, seconds: float, params: dict[str, Any]) -> None:
        """Queue one run per conversation for the sender; never raises, never blocks."""
        try:
            if not self.start():
                return
            context = {k: v for k, v in current_context().items() if k in _CONTEXT_KEYS}
            ended = started + timedelta(seconds=seconds)
            for index, messages in enumerate(conversations):
                gen = generations[index] if generations is not None else None
                run = self._run(llm, messages, gen, error, started=started, ended=ended, params=params,
                                context=context, index=index, size=len(conversations))
                try:
                    self._queue.put_nowait(run)
                except queue.Full:
                    self._dropped += 1
                    if self._dropped % 100 == 1:
                        log.warning("llm traces dropped: the LangSmith upload is behind",
                                    extra={"fields": {"dropped": self._dropped, "endpoint": self.endpoint}})
        except Exception as err:  # noqa: BLE001 - tracing never breaks an LLM call
            log.warning("llm trace not recorded", extra={"fields": {"error": self._redact(err)}})

    def _send_loop(self, client: Any, runs: queue.Queue[dict[str, Any]]) -> None:
        while True:
            batch = [runs.get()]
            deadline = time.monotonic() + self.linger_s
            while len(batch) < self.batch_max and (left := deadline - time.monotonic()) > 0:
                try:
                    batch.append(runs.get(timeout=left))
                except queue.Empty:
                    break
            try:
                # multipart_ingest falls back to /runs/batch on a 404 and remembers it
                send = client.batch_ingest_runs if getattr(client, "_multipart_disabled", False) else client.multipart_ingest
                send(create=batch)
            except Exception as err:  # noqa: BLE001 - the sender outlives any one failed upload
                self._upload_failed(err)
            finally:
                for _ in batch:
                    runs.task_done()

    def _run(self, llm: LLM, messages: Messages, gen: Generation | None, error: BaseException | None, *,
             started: datetime, ended: datetime, params: dict[str, Any], context: dict[str, str], index: int,
             size: int) -> dict[str, Any]:
        from langsmith.uuid import uuid7_from_datetime

        tag = prompt_of(messages)
        model = gen.model if gen is not None else llm.model_id
        metadata: dict[str, Any] = {
            "prompt_name": tag.name if tag and tag.name else None,
            "prompt_version": tag.version if tag else None,
            "prompt_sha": tag.sha if tag and tag.sha else None,
            "attempt": tag.attempt if tag else None,
            "backend": llm.backend, "model": model,
            "latency_s": round(gen.seconds, 4) if gen is not None else None,
            "batch_size": size, "batch_index": index,
            "ls_provider": llm.backend, "ls_model_name": model, "ls_model_type": "chat",
            "ls_temperature": params.get("temperature"), "ls_max_tokens": params.get("max_tokens"),
            **context,
        }
        run_id = uuid7_from_datetime(started)
        run: dict[str, Any] = {
            "name": tag.name if tag and tag.name else "llm", "run_type": "llm", "session_name": self.project,
            "id": run_id, "trace_id": run_id, "dotted_order": f"{started:%Y%m%dT%H%M%S%fZ}{run_id}",
            "start_time": started, "end_time": ended,
            "inputs": {"messages": [dict(m) for m in messages]},
            "extra": {"metadata": {k: v for k, v in metadata.items() if v is not None}, "invocation_params": params},
            "tags": [llm.backend],
        }
        if gen is not None:
            run["outputs"] = {
                "choices": [{"index": 0, "message": {"role": "assistant", "content": gen.text}}],
                "usage_metadata": {"input_tokens": gen.prompt_tokens, "output_tokens": gen.completion_tokens,
                                   "total_tokens": gen.prompt_tokens + gen.completion_tokens},
            }
        if error is not None:
            run["error"] = f"{type(error).__name__}: {error}"
        return run

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait up to ``timeout`` seconds until every queued run has been sent (or failed to);
        False when some are still waiting."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._queue.all_tasks_done.wait(left)
        return True

    def _upload_failed(self, err: Exception) -> None:
        log.warning("llm traces not uploaded", extra={"fields": {"endpoint": self.endpoint, "error": self._redact(err)}})

    def _redact(self, err: BaseException) -> str:
        return self._hide.hide(f"{type(err).__name__}: {err}")[:300]


def _params(max_tokens: int, temperature: float, stop: list[str] | None, seed: int | None,
            json_schema: dict[str, Any] | None) -> dict[str, Any]:
    params: dict[str, Any] = {"max_tokens": max_tokens, "temperature": temperature}
    if stop:
        params["stop"] = list(stop)
    if seed is not None:
        params["seed"] = seed
    if json_schema is not None:
        params["json_schema"] = str(json_schema.get("title") or "reply")
    return params


class TracedLLM:
    """An ``LLM`` that records every call on ``tracer``; anything else goes to the backend."""

    def __init__(self, inner: LLM, tracer: Tracer) -> None:
        self.inner = inner
        self.tracer = tracer
        self.model_id = inner.model_id
        self.backend = inner.backend

    def __getattr__(self, name: str) -> Any:
        if name in ("inner", "tracer"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def generate(self, messages: Messages, *, max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None, seed: int | None = None,
                 json_schema: dict[str, Any] | None = None) -> Generation:
        params = _params(max_tokens, temperature, stop, seed, json_schema)
        started, clock = datetime.now(UTC), time.monotonic()
        try:
            gen = self.inner.generate(messages, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=seed,
                                      json_schema=json_schema)
        except Exception as err:
            self.tracer.record(self.inner, [messages], None, err, started=started, seconds=time.monotonic() - clock,
                               params=params)
            raise
        self.tracer.record(self.inner, [messages], [gen], None, started=started, seconds=time.monotonic() - clock,
                           params=params)
        return gen

    def generate_batch(self, conversations: list[Messages], *, max_tokens: int = 256,
                       temperature: float = 0.0, stop: list[str] | None = None,
                       json_schema: dict[str, Any] | None = None) -> list[Generation]:
        params = _params(max_tokens, temperature, stop, None, json_schema)
        started, clock = datetime.now(UTC), time.monotonic()
        try:
            gens = self.inner.generate_batch(conversations, max_tokens=max_tokens, temperature=temperature, stop=stop,
                                             json_schema=json_schema)
        except Exception as err:
            self.tracer.record(self.inner, conversations, None, err, started=started,
                               seconds=time.monotonic() - clock, params=params)
            raise
        self.tracer.record(self.inner, conversations, gens, None, started=started, seconds=time.monotonic() - clock,
                           params=params)
        return gens


def traced(llm: LLM, settings: Settings) -> LLM:
    """``llm`` recording its calls to LangSmith when LANGSMITH_API_KEY is set, else ``llm`` itself."""
    key = settings.langsmith_api_key.get_secret_value().strip()
    if not key:
        return llm
    tracer = Tracer(endpoint=settings.langsmith_endpoint, api_key=key, project=settings.langsmith_project)
    tracer.start()  # at load time, not in the first call (no network yet: the sender posts runs only)
    return TracedLLM(llm, tracer)
