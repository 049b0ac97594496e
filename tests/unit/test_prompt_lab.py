"""What a new prompt or rubric version must pass before it is stored."""

from __future__ import annotations

import pytest
from jinja2 import meta

from pipelines.lab_checks import SAMPLE_VARIABLES, parse_rubric, rubric_yaml, template_problem
from pipelines.llm.templates import environment, file_template
from pipelines.rubric import default_rubric_path, load_rubric


@pytest.mark.parametrize("name", sorted(SAMPLE_VARIABLES))
def test_the_shipped_templates_pass_and_their_samples_cover_them(name: str) -> None:
    template = file_template(name)
    assert template_problem(name, template) is None
    used = meta.find_undeclared_variables(environment().parse(template))
    assert used <= set(SAMPLE_VARIABLES[name])


@pytest.mark.parametrize(("template", "problem"), [
    ("{% block user %}Rate {{ question }\n{% endblock %}", "line 1: the template does not parse"),
    ("{% block user %}\nRate {{ question }}\nfor {{ salary_band }}{% endblock %}", "line 3: the template uses 'salary_band'"),
    ("{% block user %}{{ question.__class__.__mro__ }}{% endblock %}", "does not render"),
    ("{% block system %}Be fair.{% endblock %}{% block user %}   {% endblock %}", "empty user block"),
    ("{% block user %}{% for x in question %}{{ x.nope }}{% endfor %}{% endblock %}", "does not render"),
])
def test_broken_templates_are_refused_with_a_sentence_naming_the_line(template: str, problem: str) -> None:
    found = template_problem("score_answer", template)
    assert found is not None and problem in found, found


def test_an_unknown_prompt_name_is_refused() -> None:
    assert "no prompt named" in (template_problem("salary", "{% block user %}x{% endblock %}") or "")


def test_a_rubric_round_trips_and_broken_ones_name_the_line() -> None:
    text = default_rubric_path().read_text(encoding="utf-8")
    assert parse_rubric(text) == load_rubric()
    assert parse_rubric(rubric_yaml(load_rubric().definition())) == load_rubric()
    with pytest.raises(ValueError, match=r"line \d+: the rubric is not valid YAML"):
        parse_rubric("competencies:\n  - key: [unclosed\n")
    no_korean = text.replace("ko:", "kr:", 1)
    lines = no_korean.splitlines()
    kr = next(i for i, ln in enumerate(lines) if "kr:" in ln)
    parent = max(i for i in range(kr) if lines[i].strip() == "name:") + 1  # the field missing its Korean
    with pytest.raises(ValueError) as err:
        parse_rubric(no_korean)
    assert str(err.value) == f"line {parent}: competencies.0.name.ko: Field required"
    with pytest.raises(ValueError, match="levels 1 to 5"):
        parse_rubric(text.replace("5:", "6:", 1))
    with pytest.raises(ValueError, match="line 1: the rubric must be a YAML mapping"):
        parse_rubric("- just a list")
