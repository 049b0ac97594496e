"""The Hangul font every output shares: NanumGothic (SIL Open Font License) as shipped inside the
``koreanize-matplotlib`` wheel. It is located without importing that package (importing it would
restyle every matplotlib figure). Charts register it, the PDF embeds a subset of it, and the web
pages serve it to browsers that have no Korean font of their own."""

from __future__ import annotations

import functools
import importlib.util
import io
from pathlib import Path

HANGUL_FONT_FILES = {"regular": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf"}


def hangul_font_path(weight: str = "regular") -> Path | None:
    """The TTF for ``weight`` ('regular' or 'bold'), or None when the wheel is not installed."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / HANGUL_FONT_FILES[weight]
        if path.is_file():
            return path
    return None


@functools.cache
def web_font_bytes(weight: str) -> bytes | None:
    """The TTF for browsers: the same font without its empty VTT hinting-source tables (TSI*),
    which Chromium's font sanitiser rejects ("TSI3: zero-length table"). Built once per process."""
    from fontTools.ttLib import TTFont

    path = hangul_font_path(weight)
    if path is None:
        return None
    font = TTFont(str(path))
    for tag in [t for t in font.keys() if t.startswith("TSI")]:
        del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
