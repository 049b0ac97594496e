"""Text helpers for scoring: normalisation, sentence splitting, evidence verification.

Evidence quotes are checked against the transcript after the same normalisation on
both sides: Unicode NFKC, case folded, curly quotes straightened, every run of
whitespace collapsed to one space, and punctuation at the quote's ends ignored.
Korean text has no case, and spacing between eojeol varies between a model's quote
and an STT transcript, so Hangul is also compared with the spaces removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "「": '"', "」": '"'})
_EDGE = " \t\n.,;:!?…\"'()[]{}-–—·"
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_SENTENCE = re.compile(r"(?<=[.!?。？！])\s+|(?<=다\.)|(?<=요\.)|\n+")


def any_of(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` (English and Korean cue lists)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def korean_past(word: str) -> bool:
    """A past-tense Korean predicate: a syllable closed by ㅆ (했, 줄였, 낮췄), but not 있 or 겠."""
    return any("가" <= ch <= "힣" and (ord(ch) - 0xAC00) % 28 == 20 and ch not in "있겠" for ch in word)


def normalise(text: str) -> str:
    """Case- and whitespace-normalised form used for every comparison."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _WS.sub(" ", folded).strip()


def _compact(text: str) -> str:
    return _WS.sub("", text)


def hangul_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _HANGUL.match(ch)) / len(letters)


def detect_language(text: str, default: str = "en") -> str:
    """``ko`` when most letters are Hangul, ``en`` when most are Latin, else ``default``."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return default
    return "ko" if hangul_ratio(text) >= 0.3 else "en"


def quote_in_transcript(quote: str, transcript: str) -> bool:
    """True when ``quote`` occurs verbatim in ``transcript`` (normalised, see module doc)."""
    needle = normalise(quote).strip(_EDGE)
    if len(needle) < 2:
        return False
    haystack = normalise(transcript)
    if needle in haystack:
        return True
    if _HANGUL.search(needle):
        return _compact(needle) in _compact(haystack)
    return False


def unverified_quotes(quotes: Iterable[str], transcript: str) -> list[str]:
    """The quotes that do not occur in the transcript."""
    return [q for q in quotes if not quote_in_transcript(q, transcript)]


def sentences(text: str) -> list[str]:
    """Sentences (or clauses on line breaks) of an answer, stripped, non-empty."""
    parts = _SENTENCE.split(text.strip())
    return [p.strip() for p in parts if p and p.strip()]


def word_count(text: str) -> int:
    """Whitespace-separated tokens (words in English, eojeol in Korean)."""
    return len(text.split())
