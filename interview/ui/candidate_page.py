"""The candidate page, reached from the invite URL (/interview/?token=...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.errors import ServiceError
from interview.ui.locales import t

if TYPE_CHECKING:
    from interview.runtime import Runtime


def build_candidate_page(rt: Runtime) -> gr.Blocks:
    with gr.Blocks(title="Interview", analytics_enabled=False) as page:
        token = gr.State("")
        language = gr.State("en")
        header = gr.Markdown()
        with gr.Column(visible=False) as consent_step:
            intro = gr.Markdown()
            recording = gr.Checkbox(label="")
            analysis = gr.Checkbox(label="")
            agree = gr.Button(variant="primary")
        message = gr.Markdown(elem_id="candidate-message")

        def on_load(request: gr.Request) -> tuple[Any, ...]:
            raw = request.query_params.get("token", "") if request else ""
            if not raw:
                return "", "en", f"### {t('en', 'missing_token')}", gr.update(visible=False), "", \
                    gr.update(), gr.update(), gr.update(), ""
            try:
                view = rt.candidates.resolve(raw)
            except ServiceError as err:
                return "", "en", f"### {err.message}", gr.update(visible=False), "", \
                    gr.update(), gr.update(), gr.update(), ""
            lang = view.language
            head = f"## {t(lang, 'title', job=view.job_title)}\n{t(lang, 'greeting', name=view.candidate_name)}"
            done = t(lang, "consented") if view.consented else ""
            return (raw, lang, head, gr.update(visible=not view.consented), t(lang, "consent_intro"),
                    gr.update(label=t(lang, "consent_recording")),
                    gr.update(label=t(lang, "consent_analysis")),
                    gr.update(value=t(lang, "consent_button")), done)

        page.load(on_load, None, [token, language, header, consent_step, intro, recording, analysis,
                                  agree, message])

        def on_agree(raw: str, lang: str, rec: bool, ana: bool) -> tuple[Any, str]:
            try:
                rt.candidates.consent(raw, recording=rec, analysis=ana)
            except ServiceError as err:
                return gr.update(), err.message
            return gr.update(visible=False), t(lang, "consented")

        agree.click(on_agree, [token, language, recording, analysis], [consent_step, message])
    return page
