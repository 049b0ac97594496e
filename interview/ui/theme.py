"""Look shared by the pages: system font stacks (no web-font requests to third parties, so the
pages work offline and a candidate's browser contacts only this server) and a Hangul web font
served by the app itself (NanumGothic, a regular and a real bold face), so Hangul looks the same
on every machine, one with no Korean font included. ``unicode-range`` limits it to Hangul, and its
download to pages that actually show Hangul.

The app font leads every stack: with ``unicode-range`` it draws only Hangul, so Latin text still
gets the system fonts after it. Behind them it would not be reliable: Chromium lays out text
with a fallback while the face downloads (``font-display: swap``), and where ``system-ui`` comes
before the web font that text is not re-shaped once the face arrives: on a machine without a
Korean font its Hangul stays as empty boxes (which text depends on timing: the candidate page's
bold title and buttons, a job picker in the console)."""

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
# System Korean fonts stay in the stacks for what the app font lacks (Hanja, rare jamo).
SANS = [HANGUL_FAMILY, "ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial",
        "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic", "sans-serif"]
MONO = [HANGUL_FAMILY, "ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "D2Coding", "monospace"]
# CSS weights of the two faces: 600 (Gradio's headings, buttons, labels) and bolder get the bold face,
# 500 and lighter the regular one (no faux bold).
FACE_WEIGHTS = {"regular": 400, "bold": 700}

FONT_CSS = "\n".join(
    [f'@font-face {{font-family: "{HANGUL_FAMILY}"; font-style: normal; font-weight: {css_weight}; '
     f'font-display: swap; src: url("{FONT_ROUTE}/{weight}.ttf") format("truetype"); '
     f'unicode-range: {HANGUL_RANGES};}}' for weight, css_weight in FACE_WEIGHTS.items()]
    # Gradio's own stylesheet sets --font-sans (IBM Plex Sans, system fonts) for the page root and
    # some component chrome (toolbars, descriptions); the theme's --font covers the rest
    + [f":root, .gradio-container {{--font-sans: {', '.join(SANS)};}}"]
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
