"""Gradio pages. Callbacks are thin: they call interview services and show their messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from interview.runtime import Runtime


def mount_ui(app: FastAPI, rt: Runtime) -> None:
    import gradio as gr

    from interview.ui.candidate_page import build_candidate_page
    from interview.ui.staff_page import build_staff_page
    from interview.ui.theme import mount_fonts

    mount_fonts(app)  # before the page at "/", which would otherwise answer every path
    gr.mount_gradio_app(app, build_candidate_page(rt), path="/interview")
    gr.mount_gradio_app(app, build_staff_page(rt), path="/")
