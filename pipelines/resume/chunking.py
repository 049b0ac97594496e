"""Chunk sections for retrieval: lines packed up to a size, never across sections, each
chunk after the first repeating the tail of the one before it (overlap) so a fact split
at a boundary is still whole in one chunk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.resume.normalize import Line
from pipelines.resume.sections import Section


@dataclass(frozen=True)
class ResumeChunk:
    text: str
    section: str
    page: int  # page of the chunk's first new line
    index: int  # position in the document, from 0


def _split_long(line: Line, max_chars: int) -> list[Line]:
    """A line longer than a chunk is cut at sentence ends, then at spaces, then anywhere."""
    if len(line.text) <= max_chars:
        return [line]
    pieces: list[str] = []
    current = ""
    for token in re.split(r"(?<=[.!?。])\s+|\s+", line.text):
        while len(token) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(token[:max_chars])
            token = token[max_chars:]
        if current and len(current) + 1 + len(token) > max_chars:
            pieces.append(current)
            current = token
        else:
            current = f"{current} {token}".strip()
    if current:
        pieces.append(current)
    return [Line(line.page, piece) for piece in pieces]


def _overlap(lines: list[Line], overlap: int) -> list[Line]:
    """The trailing lines (whole, or the tail of the last one) worth at most ``overlap`` chars."""
    if overlap <= 0 or not lines:
        return []
    kept: list[Line] = []
    size = 0
    for line in reversed(lines):
        if size + len(line.text) > overlap:
            if not kept:
                tail = line.text[-overlap:]
                tail = tail.split(" ", 1)[1] if " " in tail[1:] else tail
                kept.append(Line(line.page, tail))
            break
        kept.append(line)
        size += len(line.text) + 1
    return list(reversed(kept))


def chunk_sections(sections: list[Section], *, max_chars: int = 800, overlap: int = 150) -> list[ResumeChunk]:
    if overlap >= max_chars:
        raise ValueError("the chunk overlap must be smaller than the chunk size")
    chunks: list[ResumeChunk] = []
    for section in sections:
        # pieces of 3/4 of a chunk leave room for the heading or an overlap beside them
        lines = [piece for line in section.lines for piece in _split_long(line, max(1, max_chars * 3 // 4))]
        current: list[Line] = []
        carried = 0  # how many of ``current`` are overlap from the previous chunk
        for line in lines:
            size = sum(len(x.text) + 1 for x in current)
            if current and len(current) > carried and size + len(line.text) > max_chars:
                chunks.append(_make(current, carried, section.name, len(chunks)))
                current = _overlap(current, overlap)
                carried = len(current)
                while current and sum(len(x.text) + 1 for x in current) + len(line.text) > max_chars:
                    current.pop(0)
                    carried -= 1
            current.append(line)
        if len(current) > carried:
            chunks.append(_make(current, carried, section.name, len(chunks)))
    return chunks


def _make(lines: list[Line], carried: int, section: str, index: int) -> ResumeChunk:
    return ResumeChunk(text="\n".join(line.text for line in lines), section=section,
                       page=lines[carried].page, index=index)
