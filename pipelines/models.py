"""The one model registry: each model loads lazily, once per process, thread-safe.

A model's location is its setting (e.g. ``STT_MODEL_EN``) when set, else the offline
default shipped in a PyPI package (``pipelines.model_files``). Nothing here fetches
from a hub. Loaders live beside the code that uses the model and are named as
``"module:function"`` so that importing the registry imports no ML library.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines import model_files
from pipelines.model_files import ModelFileMissing
from pipelines.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelSpec:
    name: str
    setting: str  # the Settings field (and environment variable) that overrides the default
    default: Callable[[Settings], Path | None]
    loader: str  # "module:function(location: str, settings: Settings) -> model"
    needs_file: bool = True

    def location(self, settings: Settings) -> str:
        configured = str(getattr(settings, self.setting) or "")
        if configured:
            return configured
        default = self.default(settings)
        return "" if default is None else str(default)


def _llm_default(settings: Settings) -> Path | None:
    if settings.llm_backend == "openai":
        return None
    if settings.llm_default_gguf == "smollm2-135m":
        return model_files.smollm2_gguf()
    if settings.llm_default_gguf == "qwen2.5-1.5b":
        return model_files.qwen_1_5b_gguf(settings.resolved_model_dir)
    return model_files.qwen_gguf(settings.resolved_model_dir)


SPECS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("stt_en", "stt_model_en", lambda s: model_files.whisper_tiny_en(),
                  "pipelines.loaders:load_whisper"),
        ModelSpec("stt_multi", "stt_model_multi",
                  lambda s: model_files.whisper_base(s.resolved_model_dir),
                  "pipelines.loaders:load_whisper"),
        ModelSpec("embedder", "embedding_model", lambda s: model_files.minilm(),
                  "pipelines.loaders:load_embedder"),
        ModelSpec("sentence_encoder", "sentence_encoder_model", lambda s: model_files.use_multilingual(),
                  "pipelines.loaders:load_sentence_encoder"),
        ModelSpec("face", "face_model", lambda s: model_files.face_landmarker(),
                  "pipelines.loaders:load_bytes"),
        ModelSpec("tts_en", "tts_voice_en", lambda s: model_files.piper_joe(),
                  "pipelines.loaders:load_piper"),
        ModelSpec("tts_ko", "tts_espeak_library", lambda s: model_files.espeak_ng()[0],
                  "pipelines.loaders:load_espeak"),
        ModelSpec("vad", "vad_model", lambda s: model_files.silero_vad(),
                  "pipelines.loaders:load_silero_vad"),
        ModelSpec("llm", "llm_model", _llm_default, "pipelines.llm:load_llm",
                  needs_file=False),
    )
}


# What each process loads at start-up when WARM_UP_MODELS is on (small models first, the LLM last).
WORKER_MODELS = {"cpu": ("embedder", "stt_en", "stt_multi"), "gpu": ("sentence_encoder", "llm")}
APP_MODELS = ("vad", "tts_en", "tts_ko", "face", "embedder")  # the live path and resume intake


def warm_up_names(*, in_process_queues: bool) -> tuple[str, ...]:
    """The app's warm-up list: its own models, plus the workers' when their consumers run inside it."""
    if not in_process_queues:
        return APP_MODELS
    return tuple(dict.fromkeys((*APP_MODELS, *WORKER_MODELS["cpu"], *WORKER_MODELS["gpu"])))


def _import(target: str) -> Callable[[str, Settings], Any]:
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


class ModelRegistry:
    """Holds loaded models for the life of the process. Thread-safe."""

    def __init__(self, settings: Settings, specs: dict[str, ModelSpec] | None = None) -> None:
        self.settings = settings
        self.specs = specs or SPECS
        self._models: dict[str, Any] = {}
        self._errors: dict[str, str] = {}
        self._locks = {name: threading.Lock() for name in self.specs}

    def location(self, name: str) -> str:
        """Where the model comes from; raises ModelFileMissing naming the setting to fix."""
        spec = self.specs[name]
        try:
            location = spec.location(self.settings)
        except ModelFileMissing as err:
            raise ModelFileMissing(f"{name}: {err}; or set {spec.setting.upper()}") from err
        configured = bool(getattr(self.settings, spec.setting))
        must_exist = spec.needs_file or (configured and self.settings.llm_backend != "openai")
        if must_exist and location and not Path(location).exists():
            raise ModelFileMissing(
                f"{name}: model file {location} does not exist; fix {spec.setting.upper()}"
            )
        return location

    def get(self, name: str) -> Any:
        if name in self._models:
            return self._models[name]
        with self._locks[name]:
            if name not in self._models:
                spec = self.specs[name]
                location = self.location(name)
                started = time.monotonic()
                self._models[name] = _import(spec.loader)(location, self.settings)
                log.info("model loaded", extra={"fields": {
                    "model": name, "location": location, "seconds": round(time.monotonic() - started, 2),
                }})
        return self._models[name]

    def warm_up(self, names: Iterable[str]) -> threading.Thread:
        """Load ``names`` in order in a background thread, so the first interview does not wait
        for them. A model that fails is logged and skipped; its first real use raises as usual."""

        def run() -> None:
            for name in names:
                try:
                    self.get(name)
                except Exception as err:  # noqa: BLE001 - the first real use reports it to the caller
                    log.warning("model warm-up failed", extra={"fields": {"model": name, "error": str(err)}})

        thread = threading.Thread(target=run, name="model-warm-up", daemon=True)
        thread.start()
        return thread

    def is_loaded(self, name: str) -> bool:
        return name in self._models

    def status(self) -> dict[str, dict[str, str]]:
        """Each model: loaded / not loaded / missing (with the setting that fixes it)."""
        report: dict[str, dict[str, str]] = {}
        for name, spec in self.specs.items():
            if name in self._models:
                report[name] = {"state": "loaded", "location": spec.location(self.settings)}
                continue
            try:
                report[name] = {"state": "not loaded", "location": self.location(name)}
            except ModelFileMissing as err:
                report[name] = {"state": "missing", "detail": str(err), "setting": spec.setting.upper()}
        return report
