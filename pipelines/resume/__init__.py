"""Resume processing: sandboxed PDF parsing, normalisation, sections, chunks, summary.

``process_pages`` is the pure part (no process, no model, no database): page texts in,
lines, sections, chunks and a summary out.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.resume.chunking import ResumeChunk, chunk_sections
from pipelines.resume.normalize import Line, normalize_pages, normalize_text
from pipelines.resume.sandbox import ParsedPdf, PdfParseError, parse_pdf
from pipelines.resume.sections import SECTIONS, Section, split_sections
from pipelines.resume.summary import ResumeSummary, summarize

__all__ = [
    "SECTIONS", "Line", "ParsedPdf", "PdfParseError", "ProcessedResume", "ResumeChunk", "ResumeSummary", "Section",
    "chunk_sections", "normalize_pages", "normalize_text", "parse_pdf", "process_lines", "process_pages",
    "split_sections", "summarize",
]


@dataclass(frozen=True)
class ProcessedResume:
    lines: list[Line]
    sections: list[Section]
    chunks: list[ResumeChunk]
    summary: ResumeSummary

    @property
    def text_chars(self) -> int:
        return sum(len(line.text) for line in self.lines)


def process_lines(lines: list[Line], *, chunk_chars: int = 800, overlap: int = 150) -> ProcessedResume:
    sections = split_sections(lines)
    return ProcessedResume(lines=lines, sections=sections,
                           chunks=chunk_sections(sections, max_chars=chunk_chars, overlap=overlap),
                           summary=summarize(sections))


def process_pages(pages: list[str], *, chunk_chars: int = 800, overlap: int = 150) -> ProcessedResume:
    return process_lines(normalize_pages(pages), chunk_chars=chunk_chars, overlap=overlap)
