"""Request and response bodies of the REST contract (../shared/API.md)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field


class LoginIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=200)


class LoginOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int  # seconds the access token lives
    role: str


class UserIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=200)
    role: Literal["recruiter", "ml", "admin"]
    company_id: uuid.UUID | None = None


class IdOut(BaseModel):
    id: uuid.UUID


class CompanyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    talent_profile: str = Field("", max_length=20_000)


class JobIn(BaseModel):
    company_id: uuid.UUID
    title: str = Field(min_length=1, max_length=300)
    requirements: str = Field("", max_length=20_000)
    language: Literal["en", "ko"] = "en"
    question_count: int = Field(5, ge=1, le=30)
    max_follow_ups: int = Field(1, ge=0, le=5)
    time_limit_s: int = Field(180, ge=15, le=1800)
    end_silence_s: float = Field(1.2, ge=0.3, le=10)
    rubric_id: uuid.UUID | None = None
    questions: list[Annotated[str, Field(max_length=2000)]] = Field(default_factory=list, max_length=30)
    show_feedback_to_candidate: bool = False


class InviteIn(BaseModel):
    candidate_name: str = Field(min_length=1, max_length=200)
    candidate_email: EmailStr | None = None
    expires_in_hours: int | None = Field(None, ge=1, le=1440)


class InviteOut(BaseModel):
    session_id: uuid.UUID
    token: str
    url: str


class InterviewOut(BaseModel):
    session_id: uuid.UUID
    status: str
    job_title: str
    language: str
    consented: bool


class ConsentIn(BaseModel):
    recording: bool
    analysis: bool
    face_analysis: bool = Field(False, description="Face analysis (biometric), optional and asked apart; "
                                                   "without it no face signal is computed or stored.")


class StatusOut(BaseModel):
    status: str


class QuestionOut(BaseModel):
    id: uuid.UUID
    text: str
    kind: Literal["planned", "follow_up"]


class AnswerOut(BaseModel):
    transcript: str
    next: QuestionOut | None
    done: bool
