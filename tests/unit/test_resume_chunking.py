"""Chunking by section with overlap."""

from __future__ import annotations

import pytest

from pipelines.resume.chunking import chunk_sections
from pipelines.resume.normalize import Line
from pipelines.resume.sections import split_sections


def _lines() -> list[Line]:
    experience = [Line(1 if n < 6 else 2, f"- Achievement number {n} with a measurable result of {n * 7}%") for n in range(12)]
    return [Line(1, "Experience"), *experience, Line(2, "Skills"), Line(2, "Python, Go, Kafka")]


def test_chunks_respect_size_sections_and_order() -> None:
    chunks = chunk_sections(split_sections(_lines()), max_chars=200, overlap=60)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text) <= 200 for c in chunks)
    experience = [c for c in chunks if c.section == "experience"]
    assert len(experience) >= 3
    assert chunks[-1].section == "skills" and chunks[-1].text == "Skills\nPython, Go, Kafka"
    assert "Python" not in "".join(c.text for c in experience)  # never across sections
    text = "\n".join(c.text for c in experience)
    for n in range(12):
        assert f"Achievement number {n} " in text


def test_consecutive_chunks_overlap_and_pages_follow_new_lines() -> None:
    chunks = [c for c in chunk_sections(split_sections(_lines()), max_chars=200, overlap=60)
              if c.section == "experience"]
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.text.split("\n")[0] in before.text  # the first line of the next chunk repeats the previous tail
    assert chunks[0].page == 1 and chunks[-1].page == 2


def test_a_line_longer_than_a_chunk_is_split_without_loss() -> None:
    long_line = " ".join(f"word{n}" for n in range(200))
    chunks = chunk_sections(split_sections([Line(1, "Projects"), Line(1, long_line)]), max_chars=150, overlap=0)
    assert all(len(c.text) <= 150 for c in chunks)
    assert " ".join(c.text.replace("Projects\n", "") for c in chunks).split() == long_line.split()


def test_overlap_must_be_smaller_than_the_chunk() -> None:
    with pytest.raises(ValueError, match="overlap"):
        chunk_sections([], max_chars=100, overlap=100)
