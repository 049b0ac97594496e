"""The candidate page, reached from the invite URL (/interview/?token=...).

Consent → resume upload → camera/microphone and the live interview → the end. Each
step's callback is a few lines that call a service and show its message; the live
conversation runs in ``interview.live`` behind the WebRTC component."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from interview.errors import ServiceError
from interview.ui.locales import t
from interview.ui.theme import FONT_CSS, candidate_theme

if TYPE_CHECKING:
    from interview.runtime import Runtime

CSS = """
#live-question {font-size: 1.35em; min-height: 3em}
#live-state {font-weight: 600}
#live-caption {color: var(--body-text-color-subdued); font-style: italic; min-height: 1.5em}
"""
SUMMARY_KEYS = ("roles", "employers", "projects", "skills", "years", "education")


def _summary_markdown(summary: dict[str, Any], lang: str) -> str:
    lines = []
    for key in SUMMARY_KEYS:
        value = summary.get(key)
        if value in (None, "", [], 0):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        lines.append(f"- **{t(lang, 'summary_' + key)}**: {shown}")
    return "\n".join(lines)


def build_candidate_page(rt: Runtime) -> gr.Blocks:
    from fastrtc import WebRTC

    from interview.live.handler import InterviewStreamHandler

    with gr.Blocks(title="Interview", analytics_enabled=False, css=FONT_CSS + CSS, theme=candidate_theme()) as page:
        token = gr.Textbox(visible=False, elem_id="invite-token")
        language = gr.State("en")
        header = gr.Markdown()
        message = gr.Markdown(elem_id="candidate-message")

        with gr.Column(visible=False) as consent_step:
            intro = gr.Markdown()
            recording = gr.Checkbox(label="", elem_id="consent-recording")
            analysis = gr.Checkbox(label="", elem_id="consent-analysis")
            face = gr.Checkbox(label="", elem_id="consent-face")  # biometric: optional, asked apart
            agree = gr.Button(variant="primary", elem_id="consent-agree")

        with gr.Column(visible=False) as resume_step:
            resume_intro = gr.Markdown()
            resume_file = gr.File(file_types=[".pdf"], type="filepath", elem_id="resume-file")
            with gr.Row():
                upload = gr.Button(variant="primary", elem_id="resume-upload")
                skip = gr.Button(elem_id="resume-skip")
            summary = gr.Markdown(elem_id="resume-summary")

        with gr.Column(visible=False) as live_step:
            check_intro = gr.Markdown()
            with gr.Row(equal_height=False):
                with gr.Column(scale=5, min_width=320):
                    rtc = WebRTC(
                        modality="audio-video", mode="send-receive", elem_id="rtc", label="", height=360, full_screen=False,
                        rtc_configuration=rt.settings.rtc_configuration_dict(),
                        server_rtc_configuration=rt.settings.rtc_configuration_dict() or None,
                    )
                with gr.Column(scale=6, min_width=320):
                    progress = gr.Markdown(elem_id="live-progress")
                    question = gr.Markdown(elem_id="live-question")
                    state = gr.Markdown(elem_id="live-state")
                    caption = gr.Markdown(elem_id="live-caption")
                    notice = gr.Markdown(elem_id="live-notice")
                    done = gr.Button(elem_id="done-answering", variant="primary")

        with gr.Column(visible=False, elem_id="end-step") as end_step:  # withdrawal, on the end screen
            withdraw_intro = gr.Markdown(elem_id="withdraw-intro")
            withdraw = gr.Button(size="sm", elem_id="withdraw-button")
            with gr.Column(visible=False) as withdraw_box:
                withdraw_text = gr.Markdown(elem_id="withdraw-confirm-text")
                with gr.Row():
                    withdraw_yes = gr.Button(variant="stop", elem_id="withdraw-confirm")
                    withdraw_no = gr.Button(elem_id="withdraw-cancel")

        # ---------------------------------------------------------------- load
        def on_load(request: gr.Request) -> tuple[Any, ...]:
            raw = request.query_params.get("token", "") if request else ""
            hidden = (gr.update(visible=False),) * 3
            if not raw:
                return ("", "en", f"### {t('en', 'missing_token')}", "", *hidden, *(gr.update(),) * 11)
            try:
                view = rt.candidates.resolve(raw, allow_used=True)  # a finished interview shows its end screen
            except ServiceError as err:
                return ("", "en", f"### {err.message}", "", *hidden, *(gr.update(),) * 11)
            lang = view.language
            head = f"## {t(lang, 'title', job=view.job_title)}\n{t(lang, 'greeting', name=view.candidate_name)}"
            consented = view.consented
            in_resume = consented and view.status == "consented"
            live = view.status in ("in_progress",)
            over = view.status in ("completed", "scoring", "scored", "failed")
            note = t(lang, "live_done") if over else (t(lang, "busy") if live and rt.live.full() else "")
            return (
                raw, lang, head, note,
                gr.update(visible=not consented), gr.update(visible=in_resume), gr.update(visible=live and not over),
                t(lang, "consent_intro", days=str(rt.settings.retention_days)),
                gr.update(label=t(lang, "consent_recording")),
                gr.update(label=t(lang, "consent_analysis")), gr.update(value=t(lang, "consent_button")),
                f"### {t(lang, 'resume_title')}\n{t(lang, 'resume_intro')}", gr.update(label=t(lang, "resume_file")),
                gr.update(value=t(lang, "resume_upload")), gr.update(value=t(lang, "resume_skip")),
                f"### {t(lang, 'check_title')}\n{t(lang, 'check_intro')}\n\n_{t(lang, 'camera_help')}_",
                gr.update(value=t(lang, "done_button")), t(lang, "state_connecting"),
            )

        page.load(on_load, None, [
            token, language, header, message, consent_step, resume_step, live_step,
            intro, recording, analysis, agree, resume_intro, resume_file, upload, skip, check_intro, done, state,
        ])

        # ---------------------------------------------------------------- consent
        def on_agree(raw: str, lang: str, rec: bool, ana: bool, face_ok: bool) -> tuple[Any, ...]:
            try:
                rt.candidates.consent(raw, recording=rec, analysis=ana, face_analysis=face_ok)
            except ServiceError as err:
                return gr.update(), gr.update(), err.message
            return gr.update(visible=False), gr.update(visible=True), t(lang, "consented")

        agree.click(on_agree, [token, language, recording, analysis, face], [consent_step, resume_step, message],
                    api_name="consent")

        # ---------------------------------------------------------------- resume
        def on_upload(raw: str, lang: str, path: str | None,
                      progress_bar: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if not path:
                return t(lang, "resume_none"), gr.update(), gr.update()
            upload_path = Path(path)
            if not upload_path.is_file():  # already read (and deleted) once: choose the file again
                return t(lang, "resume_none"), gr.update(), gr.update()
            progress_bar(0.1, desc=t(lang, "resume_parsing"))
            try:
                result = rt.resumes.ingest(raw, upload_path.read_bytes(), upload_path.name)
                rt.plan.prepare(raw)
            except ServiceError as err:
                return err.message, gr.update(), gr.update()
            finally:
                upload_path.unlink(missing_ok=True)  # the resume is kept only as chunks and a summary
            text = f"{t(lang, 'resume_done', pages=str(result.pages))}\n\n{_summary_markdown(result.summary, lang)}"
            if getattr(result, "note", ""):
                text += f"\n\n_{result.note}_"
            return text, gr.update(visible=False), gr.update(visible=True)

        upload.click(on_upload, [token, language, resume_file], [summary, resume_step, live_step], api_name="upload_resume")

        def on_skip(raw: str, lang: str) -> tuple[Any, ...]:
            try:
                rt.plan.prepare(raw)
            except ServiceError as err:
                return err.message, gr.update(), gr.update()
            return "", gr.update(visible=False), gr.update(visible=True)

        skip.click(on_skip, [token, language], [message, resume_step, live_step], api_name="skip_resume")

        # ---------------------------------------------------------------- live
        # Inputs go to the handler when the stream starts ("tick"); "submit" keeps the token's
        # own change event (page load) from firing before the stream has a value.
        rtc.stream(InterviewStreamHandler(rt), inputs=[rtc, token], outputs=[rtc], send_input_on="submit",
                   concurrency_limit=rt.settings.max_live_sessions, time_limit=rt.settings.max_interview_s)

        def on_event(lang: str, raw_event: str) -> tuple[Any, ...]:
            event = json.loads(raw_event)
            kind = event.get("type")
            skip_all = [gr.skip()] * 6
            if kind == "question":
                key = "question_of" if event["kind"] == "planned" else "follow_up_of"
                head = f"**{t(lang, key, k=str(event['number']), n=str(event['total']))}** · " \
                       f"{t(lang, 'time_limit', s=str(event['time_limit_s']))}"
                return head, f"{event['text']}", gr.skip(), "", "", gr.skip()
            if kind == "state":
                return gr.skip(), gr.skip(), t(lang, f"state_{event['state']}"), gr.skip(), gr.skip(), gr.skip()
            if kind in ("caption", "transcript"):
                return gr.skip(), gr.skip(), gr.skip(), event["text"], gr.skip(), gr.skip()
            if kind == "notice":
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), event["text"], gr.skip()
            if kind == "done":  # the end screen: the candidate may withdraw from here
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), event["text"], gr.update(visible=True)
            return tuple(skip_all)

        rtc.on_additional_outputs(on_event, inputs=[language],
                                  outputs=[progress, question, state, caption, notice, end_step],
                                  concurrency_limit=None, show_progress="hidden")

        def on_done(raw: str) -> None:
            try:
                view = rt.candidates.resolve(raw)
            except ServiceError:
                return
            conversation = rt.live.get(view.session_id)
            if conversation is not None:
                conversation.done_answering()

        done.click(on_done, [token], None, queue=False, api_name="done_answering")

        # ---------------------------------------------------------------- privacy
        def on_load_privacy(request: gr.Request) -> tuple[Any, ...]:
            """The face-analysis choice's label, and the end screen (withdrawal) once the interview is over."""
            raw = request.query_params.get("token", "") if request else ""
            try:
                view = rt.candidates.resolve(raw, allow_used=True)
            except ServiceError:
                return (gr.update(),) * 7
            lang = view.language
            over = view.status in ("completed", "scoring", "scored", "failed")
            return (gr.update(label=t(lang, "consent_face")), gr.update(visible=over), t(lang, "withdraw_intro"),
                    gr.update(value=t(lang, "withdraw_button")), t(lang, "withdraw_confirm"),
                    gr.update(value=t(lang, "withdraw_yes")), gr.update(value=t(lang, "withdraw_cancel")))

        page.load(on_load_privacy, None, [face, end_step, withdraw_intro, withdraw, withdraw_text, withdraw_yes,
                                          withdraw_no])
        withdraw.click(lambda: (gr.update(visible=False), gr.update(visible=True)), None, [withdraw, withdraw_box])
        withdraw_no.click(lambda: (gr.update(visible=True), gr.update(visible=False)), None, [withdraw, withdraw_box])

        def on_withdraw(raw: str, lang: str, request: gr.Request) -> tuple[Any, ...]:
            try:
                rt.privacy.withdraw(raw, client=request.client.host if request and request.client else None)
            except ServiceError as err:
                return err.message, gr.update(), gr.update()
            return f"### {t(lang, 'withdrawn')}", gr.update(visible=False), gr.update(visible=False)

        withdraw_yes.click(on_withdraw, [token, language], [message, end_step, live_step], api_name="withdraw")
    return page
