"""Time to parse + embed a 2-page resume: the sandboxed pypdf child process, normalising,
sections and chunks, then the offline embedder. Prints the cold first call (model load
included) and the median of 5 warm calls, with the in-process parse as the alternative
that the sandbox is compared with.

    .venv/bin/python bench/resume_ingest.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.embeddings import Embedder  # noqa: E402
from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.resume import parse_pdf, process_pages  # noqa: E402
from pipelines.settings import Settings  # noqa: E402
from tests import pdf_factory  # noqa: E402

RUNS = 5


def sandboxed(data: bytes, settings: Settings) -> list[str]:
    return parse_pdf(data, max_pages=settings.resume_max_pages, max_chars=settings.resume_max_chars,
                     timeout_s=settings.resume_parse_timeout_s, memory_mb=settings.resume_parse_memory_mb).pages


def in_process(data: bytes, settings: Settings) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages[: settings.resume_max_pages]]


def once(data: bytes, settings: Settings, embedder: Embedder,
         parse: Callable[[bytes, Settings], list[str]] = sandboxed) -> dict[str, float]:
    t0 = time.perf_counter()
    pages = parse(data, settings)
    t1 = time.perf_counter()
    processed = process_pages(pages, chunk_chars=settings.resume_chunk_chars, overlap=settings.resume_chunk_overlap)
    t2 = time.perf_counter()
    vectors = embedder.embed_documents([c.text for c in processed.chunks])
    t3 = time.perf_counter()
    assert len(vectors) == len(processed.chunks) and len(vectors[0]) == embedder.dimension
    return {"parse": t1 - t0, "process": t2 - t1, "embed": t3 - t2, "total": t3 - t0, "chunks": len(vectors)}


def main() -> int:
    settings = Settings(data_dir=Path(tempfile.mkdtemp()) / "data")
    data = pdf_factory.english_resume()
    embedder = Embedder(ModelRegistry(settings))
    import torch

    print(f"2-page English resume, {len(data)} bytes; torch threads {torch.get_num_threads()}, cpus {os.cpu_count()}")
    cold = once(data, settings, embedder)
    print(f"cold first call (embedder load included): {cold['total']:.2f} s "
          f"(parse {cold['parse']:.2f}, process {cold['process']:.3f}, embed+load {cold['embed']:.2f})")
    warm = [once(data, settings, embedder) for _ in range(RUNS)]
    alt = [once(data, settings, embedder, parse=in_process) for _ in range(RUNS)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(f"warm, median of {RUNS}: parse + embed {med(warm, 'total'):.3f} s  (sandboxed parse {med(warm, 'parse'):.3f}, "
          f"process {med(warm, 'process'):.4f}, embed {med(warm, 'embed'):.3f}; {int(warm[0]['chunks'])} chunks)  "
          f"target <= 3 s")
    print(f"alternative, in-process pypdf (no sandbox): parse + embed {med(alt, 'total'):.3f} s  "
          f"(parse {med(alt, 'parse'):.4f}); the sandbox adds {med(warm, 'parse') - med(alt, 'parse'):.3f} s "
          f"per file (child start-up and pypdf import)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
