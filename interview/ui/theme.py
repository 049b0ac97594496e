"""Look shared by the pages: system font stacks (no web-font requests to third parties, so the
pages work offline and a candidate's browser contacts only this server) and a Hangul web font
served by the app itself for browsers that have no Korean font. ``unicode-range`` limits the
download to pages that actually show Hangul."""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr
from fastapi.responses import Response

from pipelines.fonts import HANGUL_FONT_FILES, web_font_bytes

if TYPE_CHECKING:
    from fastapi import FastAPI

FONT_ROUTE = "/ui-fonts"
HANGUL_FAMILY = "InterviewHangul"
HANGUL_RANGES = "U+1100-11FF, U+3130-318F, U+A960-A97F, U+AC00-D7AF, U+D7B0-D7FF"
SANS = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial",
        "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic", HANGUL_FAMILY, "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "D2Coding", HANGUL_FAMILY, "monospace"]

FONT_CSS = "\n".join(
    f'@font-face {{font-family: "{HANGUL_FAMILY}"; font-weight: {css_weight}; font-display: swap; '
    f'src: url("{FONT_ROUTE}/{weight}.ttf") format("truetype"); unicode-range: {HANGUL_RANGES};}}'
    for weight, css_weight in (("regular", 400), ("bold", 700))
)


def staff_theme() -> gr.themes.Base:
    return gr.themes.Soft(font=SANS, font_mono=MONO)


def candidate_theme() -> gr.themes.Base:
    return gr.themes.Default(font=SANS, font_mono=MONO)


def mount_fonts(app: FastAPI) -> None:
    """``GET /ui-fonts/{regular|bold}.ttf``: the Hangul font (public, like the pages' own assets;
    cached by browsers for a year)."""

    @app.get(FONT_ROUTE + "/{weight}.ttf", include_in_schema=False)
    def hangul_font(weight: str) -> Response:
        data = web_font_bytes(weight) if weight in HANGUL_FONT_FILES else None
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="font/ttf", headers={"Cache-Control": "public, max-age=31536000, immutable"})
