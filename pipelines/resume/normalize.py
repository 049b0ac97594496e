"""Clean extracted PDF text into lines that keep their page number.

NFC (Korean PDFs often yield decomposed jamo), ligatures and odd spaces folded, words
hyphenated across a line end joined, page-number lines and header/footer lines that
repeat across pages dropped. Hidden (white) text is text: nothing here filters by
content, so it stays as data for the prompts to fence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    text: str


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "ft", "ﬆ": "st"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—\[\](){}|.]*(?:page|p\.|페이지)?\s*\d{1,3}\s*(?:(?:/|of|중)\s*\d{1,3})?\s*(?:페이지|쪽|page)?[\s\-–—\[\](){}|.]*$",
    re.IGNORECASE,
)
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad]$")
_EDGE_LINES = 2  # lines at the top and bottom of a page that may be a header or footer


def clean_text(text: str) -> str:
    """NFC, ligatures, invisible characters and runs of spaces, one page or paste at a time."""
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def dehyphenate(lines: list[str]) -> list[str]:
    """Join ``develop-`` + ``ment`` when a letter-hyphen ends a line and a lower-case letter
    starts the next; a hyphen before a capital or digit (``Jan 2019 -``) is kept."""
    out: list[str] = []
    for line in lines:
        if out and _HYPHEN_END.search(out[-1]) and line[:1].islower():
            out[-1] = out[-1][:-1] + line
            continue
        out.append(line)
    return out


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Keys of lines found at the top or bottom of most pages (running headers/footers)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        if len(lines) <= _EDGE_LINES:  # a short page is all body: "Note 1" / "Note 2" are not a header
            continue
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_edge_key(line) for line in edges})
    needed = max(2, math.ceil(0.6 * len(pages)))
    return {key for key, n in counts.items() if n >= needed}


def normalize_pages(pages: list[str]) -> list[Line]:
    """Extracted page texts → non-empty cleaned lines with their page numbers."""
    split = []
    for text in pages:
        lines = [line for line in clean_text(text).split("\n") if line]
        split.append([line for line in lines if not _PAGE_NUMBER.match(line)])
    repeated = _repeated_edges(split)
    result: list[Line] = []
    for number, lines in enumerate(split, start=1):
        if repeated and len(lines) > _EDGE_LINES:
            top, bottom = lines[:_EDGE_LINES], lines[-_EDGE_LINES:]
            edge_positions = set(range(len(top))) | set(range(len(lines) - len(bottom), len(lines)))
            lines = [line for i, line in enumerate(lines)
                     if not (i in edge_positions and _edge_key(line) in repeated)]
        result.extend(Line(number, line) for line in dehyphenate(lines))
    return result


def normalize_text(text: str) -> list[Line]:
    """Pasted text: form feeds separate pages, otherwise it is all page 1."""
    return normalize_pages(text.split("\f"))
