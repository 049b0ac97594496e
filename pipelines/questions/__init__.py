"""The interviewer's questions: the plan (``plan``), built on this resume's items (``facts``)
in the interviewer's own words (``wording``), every question held to one bar
(``validate``), and the follow-ups on what an answer lacks (``follow_up``)."""

from pipelines.questions.follow_up import FollowUp, make_follow_up, missing, template_follow_up
from pipelines.questions.plan import (
    LANGUAGE_NAMES,
    NO_RESUME_NOTE,
    Chunk,
    Competency,
    Plan,
    PlanInputs,
    PlanItem,
    QuestionDraft,
    competency_slots,
    generate,
    seed_for,
    template_plan,
)
from pipelines.questions.validate import QuestionError, check_plan, check_question, hangul_ratio, similarity

__all__ = [
    "LANGUAGE_NAMES", "NO_RESUME_NOTE", "Chunk", "Competency", "FollowUp", "Plan", "PlanInputs",
    "PlanItem", "QuestionDraft", "QuestionError", "check_plan", "check_question", "competency_slots", "generate",
    "hangul_ratio", "make_follow_up", "missing", "seed_for", "similarity", "template_follow_up",
    "template_plan",
]
