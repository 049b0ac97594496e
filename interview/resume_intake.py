"""A candidate's resume in: checked, parsed in a sandboxed child process, normalised,
split into sections and chunks, embedded into the vector store, summarised.

Every refusal is a ServiceError whose sentence is in the job's language, raised before
anything is written. The Gradio page and the REST route both call ``ingest``
(``ingest_text`` for a pasted resume); ``progress`` lets the page show a bar.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.engine import Database
from db.repositories import audit, resumes
from db.vectorstore import ResumeStore
from interview.candidates import CandidateService, InviteView
from interview.errors import Conflict, InvalidInput, ServiceError, TooLarge, Unavailable, UnsupportedMedia
from pipelines.embeddings import Embedder
from pipelines.models import ModelRegistry
from pipelines.resume import PdfParseError, ProcessedResume, normalize_text, parse_pdf, process_lines, process_pages, sandbox
from pipelines.resume.normalize import normalize_pages
from pipelines.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

_PDF_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024  # the PDF spec lets the header start anywhere in the first 1024 bytes
_MIN_TEXT_CHARS = 30  # fewer word characters than this: a scan, not a text PDF

# (error class, English, Korean); {placeholders} filled per case
_MESSAGES: dict[str, tuple[type[ServiceError], str, str]] = {
    "empty": (ServiceError,
              "the file is empty: choose your resume PDF and upload it again",
              "파일이 비어 있습니다. 이력서 PDF를 선택해 다시 올려 주세요."),
    "empty_text": (ServiceError,
                   "the pasted resume is empty: paste its text and send it again",
                   "붙여 넣은 이력서가 비어 있습니다. 내용을 붙여 넣고 다시 보내 주세요."),
    "too_big": (TooLarge,
                "the file is larger than the {limit} MB limit: upload a smaller PDF (for example exported "
                "without images) or paste your resume",
                "파일이 {limit}MB 제한보다 큽니다. "
                "더 작은 PDF(예: 이미지 없이 내보낸 파일)를 올리거나 이력서 내용을 붙여 넣어 주세요."),
    "text_too_long": (TooLarge,
                      "the pasted resume is longer than {limit} characters: shorten it and send it again",
                      "붙여 넣은 이력서가 {limit}자를 넘습니다. 줄여서 다시 보내 주세요."),
    "not_pdf": (UnsupportedMedia,
                "this file is not a PDF: save or export your resume as a PDF and upload that, or paste your resume",
                "PDF 파일이 아닙니다. 이력서를 PDF로 저장하거나 내보내서 올리거나, 이력서 내용을 붙여 넣어 주세요."),
    sandbox.ENCRYPTED: (InvalidInput,
                        "the PDF is protected by a password: save a copy without a password and upload that",
                        "PDF에 비밀번호가 걸려 있습니다. 비밀번호 없이 저장한 사본을 올려 주세요."),
    sandbox.DAMAGED: (InvalidInput,
                      "the PDF is damaged or incomplete and could not be read: export it again from your editor "
                      "and upload the new file",
                      "PDF가 손상되었거나 일부가 잘려 읽을 수 없습니다. 편집기에서 다시 내보낸 파일을 올려 주세요."),
    sandbox.TOO_COMPLEX: (TooLarge,
                          "the PDF expands to far more data than a resume needs (a decompression bomb or a very "
                          "complex file) and was refused: export a plain PDF of your resume and upload that",
                          "PDF의 압축을 풀면 이력서에 필요한 양보다 훨씬 커져서(압축 폭탄이거나 매우 복잡한 파일) "
                          "받을 수 없습니다. 단순한 PDF로 다시 내보내 올려 주세요."),
    sandbox.TIMEOUT: (InvalidInput,
                      "the PDF took too long to read (over {seconds} s) and was refused: export a simpler PDF "
                      "of your resume, or paste your resume",
                      "PDF를 읽는 데 너무 오래 걸려({seconds}초 초과) 받을 수 없습니다. "
                      "더 단순한 PDF로 내보내거나 이력서 내용을 붙여 넣어 주세요."),
    "no_text": (InvalidInput,
                "the PDF has no text layer (it looks like a scanned image): upload a text PDF or paste your resume",
                "PDF에 텍스트가 없습니다(스캔한 이미지로 보입니다). "
                "텍스트가 있는 PDF를 올리거나 이력서 내용을 붙여 넣어 주세요."),
    "not_consented": (Conflict,
                      "give your consent to recording and analysis first, then upload your resume",
                      "먼저 녹화와 분석에 동의한 다음 이력서를 올려 주세요."),
    "started": (Conflict,
                "the interview has already started, so the resume can no longer be changed",
                "면접이 이미 시작되어 이력서를 바꿀 수 없습니다."),
    sandbox.UNAVAILABLE: (Unavailable,
                          "resumes cannot be read right now: try again later, or paste your resume",
                          "지금은 이력서를 읽을 수 없습니다. 나중에 다시 시도하거나 이력서 내용을 붙여 넣어 주세요."),
    "busy": (Unavailable,
             "too many resumes are being read right now: try again in a minute",
             "지금 처리 중인 이력서가 많습니다. 잠시 후 다시 시도해 주세요."),
}
_NOTES = {
    "pages": ("only the first {read} of {total} pages were read: put your most relevant experience first or "
              "shorten the resume",
              "전체 {total}쪽 중 앞의 {read}쪽만 읽었습니다. 중요한 경력을 앞쪽에 두거나 이력서를 줄여 주세요."),
    "chars": ("only the first {limit} characters of text were read: shorten the resume to include everything",
              "텍스트의 앞부분 {limit}자만 읽었습니다. 모두 포함되도록 이력서를 줄여 주세요."),
}


def refusal(kind: str, language: str, **values: Any) -> ServiceError:
    """The error for a refused resume, its sentence in the job's language (en or ko)."""
    cls, english, korean = _MESSAGES[kind]
    return cls((korean if language == "ko" else english).format(**values))


@dataclass(frozen=True)
class IngestResult:
    session_id: uuid.UUID
    pages: int  # pages read
    total_pages: int
    chunks: int
    summary: dict[str, Any]
    truncated: bool = False
    note: str = ""  # a sentence (job's language) when part of the file was skipped
    chunk_ids: list[str] = field(default_factory=list)

    def as_response(self) -> dict[str, Any]:
        return {"pages": self.pages, "chunks": self.chunks, "summary": self.summary, "truncated": self.truncated,
                "total_pages": self.total_pages, "note": self.note}


class ResumeIntakeService:
    def __init__(self, db: Database, models: ModelRegistry, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.embedder = Embedder(models)
        self.store = ResumeStore(db.url, self.embedder)
        self._candidates = CandidateService(db)
        self._parse_slots = threading.BoundedSemaphore(max(1, settings.resume_parse_concurrency))

    # --- what the page needs -------------------------------------------------

    def check_can_upload(self, token: str) -> InviteView:
        """The invite, if its candidate may upload now (consented, not started); else 404/409/410."""
        view = self._candidates.resolve(token)
        if not view.consented:
            raise refusal("not_consented", view.language)
        if view.status != "consented":
            raise refusal("started", view.language)
        return view

    def stored_summary(self, token: str) -> dict[str, Any] | None:
        view = self._candidates.resolve(token)
        with self.db.session() as s:
            return resumes.get_summary(s, session_id=view.session_id)

    # --- ingest --------------------------------------------------------------

    def ingest(self, token: str, data: bytes, filename: str = "", *, progress: Progress | None = None) -> IngestResult:
        report = progress or (lambda fraction, stage: None)
        view = self.check_can_upload(token)
        lang = view.language
        limit = self.settings.resume_max_bytes
        if not data:
            raise refusal("empty", lang)
        if len(data) > limit:
            raise refusal("too_big", lang, limit=_mb(limit))
        if _PDF_MAGIC not in data[:_MAGIC_WINDOW]:
            raise refusal("not_pdf", lang)
        report(0.05, "reading")
        started = time.monotonic()
        parsed = self._parse(data, lang)
        report(0.4, "sections")
        lines = normalize_pages(parsed.pages)
        if sum(len(re.findall(r"\w", line.text)) for line in lines) < _MIN_TEXT_CHARS:
            raise refusal("no_text", lang)
        processed = process_lines(lines, chunk_chars=self.settings.resume_chunk_chars,
                                  overlap=self.settings.resume_chunk_overlap)
        note = ""
        if parsed.truncated_pages:
            note = _note("pages", lang, read=len(parsed.pages), total=parsed.total_pages)
        elif parsed.truncated_chars:
            note = _note("chars", lang, limit=self.settings.resume_max_chars)
        result = self._store(view, processed, pages=len(parsed.pages), total_pages=parsed.total_pages,
                             truncated=parsed.truncated_pages or parsed.truncated_chars, note=note, report=report)
        log.info("resume ingested", extra={"fields": {
            "session_id": str(view.session_id), "bytes": len(data), "pages": result.pages,
            "total_pages": result.total_pages, "chunks": result.chunks, "truncated": result.truncated,
            "seconds": round(time.monotonic() - started, 2),
        }})
        return result

    def ingest_text(self, token: str, text: str, *, progress: Progress | None = None) -> IngestResult:
        """A pasted resume (for a scan or a PDF we refused): same pipeline from the text on."""
        report = progress or (lambda fraction, stage: None)
        view = self.check_can_upload(token)
        if len(text) > self.settings.resume_max_chars:
            raise refusal("text_too_long", view.language, limit=self.settings.resume_max_chars)
        lines = normalize_text(text)
        if not any(line.text for line in lines):
            raise refusal("empty_text", view.language)
        processed = process_lines(lines, chunk_chars=self.settings.resume_chunk_chars,
                                  overlap=self.settings.resume_chunk_overlap)
        return self._store(view, processed, pages=max(line.page for line in lines),
                           total_pages=max(line.page for line in lines), truncated=False, note="", report=report)

    def process_file(self, data: bytes) -> ProcessedResume:
        """Parse and process without a session or storage (benchmarks, the Prompt Lab)."""
        return process_pages(self._parse(data, "en").pages, chunk_chars=self.settings.resume_chunk_chars,
                             overlap=self.settings.resume_chunk_overlap)

    # --- steps ---------------------------------------------------------------

    def _parse(self, data: bytes, lang: str) -> sandbox.ParsedPdf:
        s = self.settings
        if not self._parse_slots.acquire(timeout=2 * s.resume_parse_timeout_s):
            raise refusal("busy", lang)
        try:
            return parse_pdf(data, max_pages=s.resume_max_pages, max_chars=s.resume_max_chars,
                             timeout_s=s.resume_parse_timeout_s, memory_mb=s.resume_parse_memory_mb)
        except PdfParseError as err:
            if err.kind == sandbox.UNAVAILABLE:
                log.error("the PDF parser cannot start under its limits: raise RESUME_PARSE_MEMORY_MB",
                          extra={"fields": {"detail": err.detail[:300]}})
            else:
                log.info("resume refused", extra={"fields": {"kind": err.kind, "detail": err.detail[:200]}})
            raise refusal(err.kind if err.kind in _MESSAGES else sandbox.DAMAGED, lang,
                          seconds=f"{s.resume_parse_timeout_s:g}") from err
        finally:
            self._parse_slots.release()

    def _store(self, view: InviteView, processed: ProcessedResume, *, pages: int, total_pages: int, truncated: bool,
               note: str, report: Progress) -> IngestResult:
        report(0.5, "embedding")
        ids = self.store.add_chunks(session_id=view.session_id, chunks=processed.chunks)
        summary = processed.summary.as_dict()
        with self.db.session() as s:
            resumes.save_summary(s, session_id=view.session_id, summary=summary)
            audit.record(s, actor_id=None, actor_role="candidate", action="resume_upload", target_type="session",
                         target_id=str(view.session_id),
                         detail={"pages": pages, "total_pages": total_pages, "chunks": len(ids),
                                 "truncated": truncated})
        report(1.0, "done")
        return IngestResult(session_id=view.session_id, pages=pages, total_pages=total_pages, chunks=len(ids),
                            summary=summary, truncated=truncated, note=note, chunk_ids=ids)


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def _note(kind: str, lang: str, **values: Any) -> str:
    english, korean = _NOTES[kind]
    return (korean if lang == "ko" else english).format(**values)
