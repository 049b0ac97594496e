"""POST /api/interview/{token}/answer: the same turn logic as the live page, over REST."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from interview.api.deps import RuntimeDep
from interview.api.limits import (
    MAX_ANSWER_JSON_BYTES,
    MAX_ANSWER_TEXT_CHARS,
    MAX_AUDIO_BYTES,
    MULTIPART_SLACK,
    parse_form,
    read_body,
)
from interview.api.schemas import AnswerOut, QuestionOut
from interview.errors import InvalidInput, TooLarge, UnsupportedMedia
from interview.runtime import Runtime
from interview.turns import AnswerInput

router = APIRouter(prefix="/api", tags=["candidate"])
AUDIO_MAGIC = (b"RIFF", b"\x1aE\xdf\xa3", b"OggS", b"ID3", b"\xff\xfb", b"fLaC")


@router.post("/interview/{token}/answer", response_model=AnswerOut,
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": {"type": "object", "properties": {
                     "text": {"type": "string", "maxLength": MAX_ANSWER_TEXT_CHARS}}, "required": ["text"]}},
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "audio": {"type": "string", "format": "binary"}}, "required": ["audio"]}}}}})
async def answer(token: str, request: Request, rt: RuntimeDep) -> AnswerOut:
    """Either JSON `{"text"}` or multipart `audio` (WAV/WebM): transcribed, measured and
    committed; returns the transcript and the next question (null when done)."""
    state = await run_in_threadpool(rt.turns.current, token)  # 404/410 before reading a large upload
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/"):
        # the body is bounded while it streams in, before the form parser spools any of it
        body = await read_body(request, MAX_AUDIO_BYTES + MULTIPART_SLACK, lambda: TooLarge(
            "the recording is larger than 50 MB: send a shorter answer"))
        form = await parse_form(request, body, max_files=1, max_fields=4)
        upload = form.get("audio")
        if upload is None or isinstance(upload, str):
            raise InvalidInput("send the recording as the multipart field 'audio'")
        data = await upload.read(MAX_AUDIO_BYTES + 1)
        if len(data) > MAX_AUDIO_BYTES:
            raise TooLarge("the recording is larger than 50 MB: send a shorter answer")
        if not data:
            raise InvalidInput("the recording is empty: record your answer again")
        if not data.startswith(AUDIO_MAGIC):
            raise UnsupportedMedia("send the answer as a WAV or WebM recording")
        answer_input = await run_in_threadpool(_from_upload, rt, data, state.language)
    else:
        raw = await read_body(request, MAX_ANSWER_JSON_BYTES, lambda: TooLarge(
            "the answer is longer than 20,000 characters"))
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as err:  # not JSON, not UTF-8, or nested past the parser's depth
            raise InvalidInput("send JSON {\"text\": ...} or a multipart 'audio' file") from err
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise InvalidInput("text: a string with the answer is required")
        if len(text) > MAX_ANSWER_TEXT_CHARS:
            raise TooLarge("the answer is longer than 20,000 characters")
        answer_input = AnswerInput(text=text.strip(), language=state.language)
    result = await run_in_threadpool(rt.turns.submit, token, answer_input)
    nxt = result.next_turn
    return AnswerOut(
        transcript=result.transcript,
        next=None if nxt.done or nxt.question is None else QuestionOut(
            id=nxt.question.id, text=nxt.question.text, kind=nxt.question.kind),
        done=nxt.done,
    )


def _from_upload(rt: Runtime, data: bytes, language: str) -> AnswerInput:
    """Decode (PyAV), transcribe and measure an uploaded recording, off the event loop."""
    from pipelines.stt import load_audio_file

    with tempfile.NamedTemporaryFile(suffix=".audio", dir=rt.settings.data_dir) as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            audio = load_audio_file(Path(tmp.name))
        except Exception as err:  # noqa: BLE001 - PyAV raises many kinds for bad media
            raise UnsupportedMedia("the recording could not be decoded: send a WAV or WebM file") from err
    if audio.size == 0:  # e.g. a WAV header with the data cut off
        raise UnsupportedMedia("the recording holds no sound (it may be cut off): record your answer again")
    return AnswerInput.from_audio(audio, language=language, end_reason="upload", models=rt.models)
