"""Checks a new prompt or rubric version must pass before it is stored: the template parses and
renders in the sandbox (strict undefined) against a sample of the variables its caller really
passes; the rubric parses and validates against its schema. Each problem is one sentence that
names the line."""

from __future__ import annotations

import re
from typing import Any

import yaml
from jinja2 import meta
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaError
from pydantic import ValidationError

from pipelines.llm.templates import TemplateError, environment, render_messages
from pipelines.rubric import Rubric

_ANCHORS = [(1, "No example; vague or off topic."), (2, "A partial example."), (3, "A clear example."),
            (4, "A clear example with measured results."), (5, "An outstanding, reflective example.")]
# What each caller passes (pipelines/scoring/llm_scorer.py, pipelines/questions/follow_up.py,
# pipelines/questions/plan.py: slot_variables, pipelines/rubric_drafts.py); tests/unit/test_prompt_lab.py keeps them in step.
SAMPLE_VARIABLES: dict[str, dict[str, Any]] = {
    "score_answer": {
        "competency_key": "problem_solving", "competency_name": "Problem solving",
        "competency_description": "Breaks a problem down and tests the causes.", "anchors": _ANCHORS,
        "question": "Tell me about a hard bug you fixed.", "lang": "en",
        "transcript": "Checkout got slow after a release. I profiled it, found an N+1 query and rewrote it.",
    },
    "follow_up": {
        "question": "Tell me about a hard bug you fixed.", "answer": "We fixed a slow checkout together.",
        "language": "en", "language_name": "English", "missing": "what you did yourself",
        "chunks": [{"id": "c1", "text": "Backend engineer at Acme, 2021-2024"}],
    },
    "draft_competencies": {
        "company": "Acme", "talent_profile": "Owns outcomes; learns fast", "requirements": "Python, PostgreSQL",
        "values": ["Owns outcomes", "learns fast"], "existing": ["problem_solving", "ownership"],
    },
    "question_plan": {
        "job_title": "Backend Engineer", "requirements": "Python, PostgreSQL", "talent_profile": "Owns outcomes",
        "language": "en", "language_name": "English", "competency_key": "ownership",
        "competency_name": "Ownership", "competency_description": "Takes responsibility for outcomes.",
        "item": "Cut checkout latency from 2 s to 0.3 s", "item_kind": "outcome", "employer": "Acme",
        "requirement": "PostgreSQL", "value": "Owns outcomes", "has_resume": True,
    },
}


def _first_line(text: str, word: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(rf"\b{re.escape(word)}\b", line):
            return number
    return 1


def template_problem(name: str, template: str) -> str | None:
    """Why this template cannot be stored as a version of prompt ``name``, or None."""
    if name not in SAMPLE_VARIABLES:
        return f"there is no prompt named {name!r}; the prompts are {', '.join(sorted(SAMPLE_VARIABLES))}"
    sample = SAMPLE_VARIABLES[name]
    try:
        parsed = environment().parse(template)
    except JinjaError as err:
        return f"line {getattr(err, 'lineno', None) or 1}: the template does not parse: {err.message}"
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(sample))
    if unknown:
        return (f"line {_first_line(template, unknown[0])}: the template uses {unknown[0]!r}, which the "
                f"{name} prompt is not given; it can use {', '.join(sorted(sample))}")
    try:
        messages = render_messages(template, name, **sample)
    except (TemplateError, SecurityError, JinjaError, TypeError, ValueError) as err:
        return f"the template does not render with a sample of its variables: {err}"
    if not any(m["role"] == "user" and m["content"].strip() for m in messages):
        return "the template renders no text for the model (an empty user block)"
    return None


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The YAML line of the field at pydantic's ``loc`` (as deep as it exists)."""
    try:
        node: Any = yaml.compose(text)
    except yaml.YAMLError:
        return 1
    line = 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if str(k.value) == str(part)), None)
            if found is None:
                break
            line = next(k.start_mark.line for k, v in node.value if v is found) + 1
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse_rubric(text: str) -> Rubric:
    """The rubric in ``text`` (YAML), or ValueError with a sentence naming the line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ValueError(f"{where}the rubric is not valid YAML: {getattr(err, 'problem', err)}") from err
    if not isinstance(data, dict):
        raise ValueError("line 1: the rubric must be a YAML mapping with a list of competencies")
    try:
        return Rubric.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first.get("loc", ()))
        field = ".".join(str(p) for p in loc) or "rubric"
        raise ValueError(f"line {_line_of(text, loc)}: {field}: {first.get('msg', 'invalid')}") from err


def rubric_yaml(definition: dict[str, Any]) -> str:
    return str(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False))
