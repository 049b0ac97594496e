"""Live interview latency: end of the candidate's speech → first audio of the next question.

Drives ``LiveConversation`` as the WebRTC handler does (48 kHz int16 frames of 20 ms;
the speech is fed fast, the trailing silence in real time so the silence window is wall
time), on a Runtime with an embedded PostgreSQL in a temporary data dir and the real
offline models. Two runs:

* planned: fixed questions, ``max_follow_ups=0`` (VAD → STT → commit → TTS);
* follow-up: ``max_follow_ups=1``: every planned answer asks the LLM for a follow-up
  (``LLM_DEFAULT_GGUF``, default here smollm2-135m; ``--llm qwen2.5-0.5b`` for the
  product default), every follow-up answer goes straight to the next planned question.
  The LLM is loaded before this run (its load time is printed apart). A follow-up the
  model does not give within ``FOLLOW_UP_TIMEOUT_S`` costs that whole wait, then the
  template probe is asked. With the CPU default the wait is 0 (the setting's default):
  the template probe alone; ``--follow-up-timeout 8`` measures waiting for the model.

Prints p50/p90 of the total and of the part after the silence window, and the median of
each stage (``interview.live.conversation.TurnTimings``).

    .venv/bin/python bench/live_latency.py [--turns 8] [--llm smollm2-135m|qwen2.5-0.5b]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from interview.hiring import JobSpec  # noqa: E402
from interview.live.conversation import AudioOut, EventOut, LiveConversation, TurnTimings  # noqa: E402
from interview.runtime import Runtime  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from tests.media_factory import speech  # noqa: E402

QUESTIONS = [
    "Tell me about a project you are proud of.",
    "What did you learn from it?",
    "How do you test your code?",
    "Describe a hard bug you fixed.",
    "How do you work with other teams?",
    "What would you improve in your last system?",
    "How do you handle a missed deadline?",
    "What do you want to learn next?",
    "Why this role?",
]
ANSWERS = [
    "I built a data pipeline in Python that processed sales records every night for the finance team.",
    "I learned to measure before optimising, and to write the monitoring first.",
    "I write unit tests for the logic and a few integration tests against a real database.",
    "A race condition in our cache made prices stale, and I found it with careful logging.",
    "I share a short written plan early and meet the other team every week.",
    "I would split the nightly batch into smaller incremental jobs.",
    "I tell the stakeholders early and agree on a smaller first release.",
    "I want to learn more about stream processing and query planning.",
]
FRAME = 960  # 20 ms at 48 kHz
PASSWORD = "bench-password-12345"
THINK_S = 1.0  # the candidate's moment before answering (the conversation warms up STT meanwhile)


def _frames(audio16k: np.ndarray) -> list[np.ndarray]:
    pcm = (np.repeat(audio16k, 3) * 32767).astype(np.int16)
    return [pcm[i:i + FRAME].reshape(1, -1) for i in range(0, len(pcm), FRAME)]


def _wait(conv: LiveConversation, until: Any, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            item = conv.outputs.get(timeout=0.05)
        except queue.Empty:
            continue
        found = until(item)
        if found is not None:
            return found
    raise TimeoutError(f"nothing within {timeout}s (state {conv.state})")


def _event(kind: str, **match: Any) -> Any:
    def check(item: Any) -> Any:
        if isinstance(item, EventOut) and item.payload.get("type") == kind and all(
                item.payload.get(k) == v for k, v in match.items()):
            return item.payload
        return None
    return check


def _first_audio(item: Any, heard: dict[str, Any]) -> Any:
    """Notes the next question's kind; true-ish on its first audio chunk."""
    if isinstance(item, EventOut) and item.payload.get("type") == "question":
        heard["kind"] = item.payload["kind"]
    if isinstance(item, AudioOut) and "kind" in heard:
        return True
    return None


def _invite(rt: Runtime, *, max_follow_ups: int, end_silence_s: float) -> str:
    admin = rt.accounts.login(email="bench@example.com", password=PASSWORD).staff
    company = rt.hiring.create_company(admin, name="Acme", talent_profile="")
    job = rt.hiring.create_job(admin, JobSpec(
        company_id=company, title="Data Engineer", requirements="Python, SQL", question_count=len(QUESTIONS),
        max_follow_ups=max_follow_ups, end_silence_s=end_silence_s, time_limit_s=120, questions=tuple(QUESTIONS)))
    token = rt.hiring.create_invite(admin, job_id=job, candidate_name="Alex", candidate_email=None,
                                    expires_in_hours=None).token
    rt.candidates.consent(token, recording=True, analysis=True)
    return token


def run(rt: Runtime, answers: list[np.ndarray], *, turns: int, max_follow_ups: int,
        end_silence_s: float) -> list[tuple[TurnTimings, float, str]]:
    """(stage timings, end of speech → first audio, question kind) per turn."""
    token = _invite(rt, max_follow_ups=max_follow_ups, end_silence_s=end_silence_s)
    conv = rt.live.open(token)
    silence = _frames(np.zeros(int(16000 * (end_silence_s + 1.5)), np.float32))
    results: list[tuple[TurnTimings, float, str]] = []
    try:
        _wait(conv, _event("question"))
        for turn in range(turns):
            _wait(conv, _event("state", state="listening"))
            time.sleep(THINK_S)
            for frame in _frames(answers[turn % len(answers)]):  # speech: fast, as in the tests
                conv.feed_audio(48000, frame)
            speech_end = time.monotonic()
            heard: dict[str, Any] = {}
            for index, frame in enumerate(silence):  # the silence window: real time
                conv.feed_audio(48000, frame)
                time.sleep(max(0.0, speech_end + (index + 1) * 0.02 - time.monotonic()))
                if conv.state != "listening":
                    break

            _wait(conv, lambda item, heard=heard: _first_audio(item, heard))
            timings = conv.timings[turn]
            assert timings.first_audio_at is not None and timings.reason == "silence", timings
            results.append((timings, timings.first_audio_at - speech_end, heard["kind"]))
    finally:
        rt.live.close(conv)
    return results


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(title: str, rows: list[tuple[TurnTimings, float, str]], end_silence_s: float) -> None:
    totals = [r[1] for r in rows]
    after = [r[0].after_window_s or 0.0 for r in rows]
    print(f"\n{title}: {len(rows)} turns, end_silence_s={end_silence_s}")
    print(f"  end of speech → first audio: p50 {_pct(totals, 0.5):.2f} s | p90 {_pct(totals, 0.9):.2f} s")
    print(f"  after the silence window:    p50 {_pct(after, 0.5):.2f} s | p90 {_pct(after, 0.9):.2f} s"
          "  (target ≤ 1.5 s p50)")
    stages = ["stt_s", "commit_s", "follow_up_s", "advance_s", "behavior_s", "tts_first_s"]
    wait = statistics.median(t - a for t, a in zip(totals, after, strict=True))
    parts = [f"silence wait {wait:.2f}"] + [
        f"{name[:-2]} {statistics.median(getattr(r[0], name) for r in rows):.3f}" for name in stages]
    print("  median seconds: " + " | ".join(parts))
    asked = [r[0].follow_up_s for r in rows if r[0].follow_up_s > 0.01]
    kinds = [r[2] for r in rows]
    if "follow_up" in kinds and not asked:
        print(f"  next questions: {kinds.count('follow_up')} follow-ups (template probes), {kinds.count('planned')} planned")
    if asked:
        print(f"  LLM asked on {len(asked)} turns: median {statistics.median(asked):.2f} s, max {max(asked):.2f} s;"
              f" next questions: {kinds.count('follow_up')} follow-ups, {kinds.count('planned')} planned")
    print("  per turn (after window, s): " + ", ".join(f"{a:.2f}" for a in after))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--follow-up-turns", type=int, default=4,
                        help="turns of the follow-up run (half of them ask the LLM)")
    parser.add_argument("--follow-up-timeout", type=float, default=None,
                        help="FOLLOW_UP_TIMEOUT_S (default: the setting's default for the chosen LLM)")
    parser.add_argument("--llm", default="smollm2-135m", choices=["smollm2-135m", "qwen2.5-0.5b"])
    parser.add_argument("--end-silence", type=float, default=1.2)
    parser.add_argument("--skip-follow-ups", action="store_true")
    args = parser.parse_args()
    model_dir = Path(os.environ.get("TEST_MODEL_DIR", ROOT / "data" / "models"))
    print(f"cpu threads: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")
    answers = [speech(text, "en") for text in ANSWERS]
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        settings = Settings(data_dir=Path(tmp), model_dir=model_dir, admin_email="bench@example.com",
                            admin_password=PASSWORD, llm_default_gguf=args.llm,
                            follow_up_timeout_s=args.follow_up_timeout, warm_up_models=False)
        started = time.monotonic()
        rt = Runtime.start(settings)
        print(f"runtime started in {time.monotonic() - started:.1f} s")
        try:
            rows = run(rt, answers, turns=args.turns, max_follow_ups=0, end_silence_s=args.end_silence)
            report("planned questions (max_follow_ups=0)", rows, args.end_silence)
            if not args.skip_follow_ups:
                if settings.follow_up_wait_s > 0:
                    started = time.monotonic()
                    rt.models.get("llm")  # once per process; measured apart from the turns
                    print(f"\nLLM {args.llm} loaded in {time.monotonic() - started:.1f} s")
                rows = run(rt, answers, turns=args.follow_up_turns, max_follow_ups=1, end_silence_s=args.end_silence)
                report(f"with follow-ups (max_follow_ups=1, LLM {args.llm}, follow-up wait "
                       f"{settings.follow_up_wait_s:g} s)", rows, args.end_silence)
        finally:
            rt.stop()
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (other work on the machine moves these figures)")


if __name__ == "__main__":
    main()
