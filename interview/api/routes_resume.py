"""Resume upload for a candidate (the invite token is the credential).

The multipart body is read here rather than by a ``File()`` parameter so that an upload
whose Content-Length is already over the limit is refused before it is spooled, and one sent
chunked (no Content-Length) is stopped at the limit while it streams in.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from interview.api.deps import RuntimeDep
from interview.api.limits import MULTIPART_SLACK, parse_form, read_body
from interview.errors import InvalidInput
from interview.resume_intake import refusal

router = APIRouter(prefix="/api", tags=["candidate"])


class ResumeOut(BaseModel):
    pages: int = Field(description="Pages read.")
    chunks: int = Field(description="Chunks stored for retrieval.")
    summary: dict[str, Any] = Field(
        description="roles, employers, projects, skills, years_of_experience, education, sections, language"
    )
    truncated: bool = Field(False, description="True when pages or text past the limits were skipped.")
    total_pages: int = Field(description="Pages in the file.")
    note: str = Field("", description="A sentence saying what was skipped, when truncated.")


class ResumeTextIn(BaseModel):
    # RESUME_MAX_CHARS (a setting) is checked by the service, in the job's language; this bound only
    # keeps a body far past any setting from being validated at all
    text: str = Field(max_length=1_000_000, description="the resume's text, RESUME_MAX_CHARS characters at most")


_UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary", "description": "the resume, a PDF"}},
        }}},
    },
    "responses": {
        "400": {"description": "empty file"}, "409": {"description": "no consent yet, or the interview started"},
        "413": {"description": "too large, or a decompression bomb"}, "415": {"description": "not a PDF"},
        "422": {"description": "encrypted, damaged, no text layer, or too slow to read"},
    },
}


@router.post("/interview/{token}/resume", response_model=ResumeOut, openapi_extra=_UPLOAD_DOC)
async def upload_resume(token: str, request: Request, rt: RuntimeDep) -> ResumeOut:
    service = rt.resumes
    view = await run_in_threadpool(service.check_can_upload, token)
    limit = rt.settings.resume_max_bytes
    body = await read_body(request, limit + MULTIPART_SLACK,
                           lambda: refusal("too_big", view.language, limit=f"{limit / (1024 * 1024):g}"))
    form = await parse_form(request, body, max_files=1, max_fields=4)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("send the resume as a multipart/form-data field named 'file'")
        data = await upload.read(limit + 1)
        result = await run_in_threadpool(service.ingest, token, data, upload.filename or "")
    finally:
        await form.close()
    return ResumeOut(**result.as_response())


@router.post("/interview/{token}/resume/text", response_model=ResumeOut)
def paste_resume(token: str, body: ResumeTextIn, rt: RuntimeDep) -> ResumeOut:
    """A pasted resume, for when the PDF was a scan or could not be read."""
    return ResumeOut(**rt.resumes.ingest_text(token, body.text).as_response())
