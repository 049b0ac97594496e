"""Matplotlib figures for the recruiter pages: competency radar, delivery and behaviour timelines.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state), so concurrent callbacks
do not share a current figure. Hangul: the shared NanumGothic TTF (``pipelines.fonts``) is
registered with the font manager and listed as a fallback after DejaVu Sans, so Latin text keeps
the default look and Korean labels render instead of empty boxes."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.projections.polar import PolarAxes  # noqa: E402

from pipelines.fonts import hangul_font_path  # noqa: E402

log = logging.getLogger(__name__)

COLORS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563")
_font_lock = threading.Lock()
_fonts: list[str] | None = None


def font_family() -> list[str]:
    """The font fallback list, registering the Hangul font once per process."""
    global _fonts
    with _font_lock:
        if _fonts is None:
            family = ["DejaVu Sans"]
            path = hangul_font_path()
            if path is not None:
                font_manager.fontManager.addfont(str(path))
                family.append(font_manager.FontProperties(fname=str(path)).get_name())
            else:
                log.warning("no Hangul font found (install koreanize-matplotlib): Korean chart labels show boxes")
            _fonts = family
        return list(_fonts)


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.set_facecolor("white")
    return fig


def _style(ax: Axes, font: list[str]) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontfamily(font)


def radar(series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]], *,
          originals: Sequence[float | None] | None = None, title: str = "") -> Figure:
    """One polygon per (name, [(competency label, score 1-5 or None)]); all series share the labels.
    ``originals`` (same order as the first series' labels) draws the pre-override scores dashed."""
    font = font_family()
    labels = [label for label, _ in series[0][1]] if series else []
    n = max(3, len(labels))
    angles = [2 * math.pi * i / n for i in range(n)]
    fig = Figure(figsize=(5.6, 5.0), dpi=100)
    fig.set_facecolor("white")
    # fixed margins: constrained layout does not see the polar tick labels and would clip them
    ax = fig.add_axes((0.2, 0.2, 0.6, 0.66), projection="polar")
    assert isinstance(ax, PolarAxes)
    ax.set_theta_offset(math.pi / 2)  # first competency at the top, then clockwise
    ax.set_theta_direction(-1)
    ax.set_rlabel_position(180 / n)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=7, color="#6b7280")
    ax.set_xticks(angles[: len(labels)])
    ax.set_xticklabels([_wrap(label) for label in labels], fontsize=9, fontfamily=font)
    ax.tick_params(axis="x", pad=10)
    closed = [*angles[: len(labels)], angles[0]] if labels else []

    def draw(values: Sequence[float | None], color: str, name: str, dashed: bool = False) -> None:
        points = [0.0 if v is None else float(v) for v in values]
        if not points:
            return
        ring = [*points, points[0]]
        ax.plot(closed, ring, color=color, linewidth=1.2 if dashed else 2, linestyle="--" if dashed else "-",
                label=name)
        if not dashed:
            ax.fill(closed, ring, color=color, alpha=0.15)
            ax.scatter(closed[:-1], points, color=color, s=18, zorder=3)

    if originals is not None and any(o is not None for o in originals):
        draw(list(originals), "#9ca3af", "before override", dashed=True)
    for i, (name, scores) in enumerate(series):
        draw([score for _, score in scores], COLORS[i % len(COLORS)], name)
    if len(series) > 1 or originals is not None:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(3, len(series) + 1), frameon=False,
                  prop={"family": font, "size": 9})
    if title:
        ax.set_title(title, fontfamily=font, fontsize=11, pad=18)
    return fig


def _wrap(label: str, width: int = 14) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def _empty(fig: Figure, message: str) -> Figure:
    fig.set_size_inches(9, 0.8)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#6b7280", fontfamily=font_family())
    return fig


DELIVERY_PANELS = (
    ("words_per_minute", "Pace (words/min)"),
    ("loudness_db", "Loudness (dB)"),
    ("pause_ratio", "Pause ratio"),
    ("confidence", "Speech confidence"),
)


def delivery_timeline(answers: Sequence[dict[str, Any]]) -> Figure:
    """Voice delivery per answer (Q1, Q2, ...): pace, loudness, pauses, confidence."""
    fig = _figure(9, 3.4)
    labels = [f"Q{i + 1}" for i in range(len(answers))]
    deliveries = [a.get("delivery") or {} for a in answers]
    if not any(d.get(key) is not None for d in deliveries for key, _ in DELIVERY_PANELS):
        return _empty(fig, "No voice delivery measured (answers were typed, or no audio was kept).")
    font = font_family()
    axes = fig.subplots(1, len(DELIVERY_PANELS))
    for ax, (key, title) in zip(axes, DELIVERY_PANELS, strict=True):
        values = [d.get(key) for d in deliveries]
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [float(v) for v in values if v is not None]
        ax.plot(xs, ys, marker="o", color=COLORS[0], linewidth=1.5)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.set_title(title, fontsize=9, fontfamily=font)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    return fig


def behavior_timeline(samples: Sequence[dict[str, Any]]) -> Figure:
    """Face signals over the interview from per-second samples: face present, gaze, blinks, emotion.
    Vertical lines mark where the next answer begins."""
    fig = _figure(9, 4.6)
    if not samples:
        return _empty(fig, "No face signals recorded for this interview (no camera, or analysis not consented).")
    font = font_family()
    ts = [float(s["t_s"]) for s in samples]
    axes = fig.subplots(4, 1, sharex=True, height_ratios=[1, 1, 1, 1.3])
    face = [1.0 if s["face_present"] else 0.0 for s in samples]
    axes[0].fill_between(ts, face, step="post", color=COLORS[2], alpha=0.5)
    axes[0].set_ylabel("Face", fontsize=8, fontfamily=font)
    gaze_t = [t for t, s in zip(ts, samples, strict=True) if s["gaze_on_screen"] is not None]
    gaze = [1.0 if s["gaze_on_screen"] else 0.0 for s in samples if s["gaze_on_screen"] is not None]
    axes[1].fill_between(gaze_t, gaze, step="post", color=COLORS[0], alpha=0.5)
    axes[1].set_ylabel("Gaze on\nscreen", fontsize=8, fontfamily=font)
    for ax in axes[:2]:
        ax.set_ylim(-0.05, 1.05)
        ax.set_yticks([0, 1], ["no", "yes"])
    axes[2].bar(ts, [s["blinks"] for s in samples], width=0.8, color=COLORS[4])
    axes[2].set_ylabel("Blinks", fontsize=8, fontfamily=font)
    axes[2].yaxis.get_major_locator().set_params(integer=True)
    emotions = sorted({s["emotion"] for s in samples if s["emotion"]})
    rows = {e: i for i, e in enumerate(emotions)}
    et = [t for t, s in zip(ts, samples, strict=True) if s["emotion"]]
    ey = [rows[s["emotion"]] for s in samples if s["emotion"]]
    axes[3].scatter(et, ey, s=10, color=COLORS[3])
    axes[3].set_yticks(range(len(emotions)), emotions)
    axes[3].set_ylim(-0.5, max(0.5, len(emotions) - 0.5))
    axes[3].set_ylabel("Expression", fontsize=8, fontfamily=font)
    axes[3].set_xlabel("seconds into the interview stream", fontsize=8, fontfamily=font)
    previous = samples[0].get("answer_id")
    for t, s in zip(ts, samples, strict=True):
        if s.get("answer_id") != previous:
            for ax in axes:
                ax.axvline(t, color="#9ca3af", linewidth=0.8, linestyle=":")
            previous = s.get("answer_id")
    for ax in axes:
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.25)
        _style(ax, font)
    return fig


def dry_run_scatter(results: Sequence[dict[str, Any]]) -> Figure:
    """Left: each session's overall, active version (x) against candidate (y). Right: each
    overridden competency, the model's score (x) against the recruiter's override (y), for both
    versions; points on the diagonal agree."""
    fig = _figure(9, 3.6)
    if not results:
        return _empty(fig, "Run a dry-run to see the comparison.")
    font = font_family()
    left, right = fig.subplots(1, 2)
    for ax, title, xlabel, ylabel in ((left, "Overall per session", "active", "candidate"),
                                      (right, "Against recruiter overrides", "model score", "override")):
        ax.plot([1, 5], [1, 5], color="#d1d5db", linewidth=1, zorder=0)
        ax.set_xlim(0.8, 5.2)
        ax.set_ylim(0.8, 5.2)
        ax.set_title(title, fontsize=10, fontfamily=font)
        ax.set_xlabel(xlabel, fontsize=9, fontfamily=font)
        ax.set_ylabel(ylabel, fontsize=9, fontfamily=font)
        _style(ax, font)
    pairs = [(r["active"]["overall"], r["candidate"]["overall"]) for r in results
             if r["active"]["overall"] is not None and r["candidate"]["overall"] is not None]
    if pairs:
        left.scatter(*zip(*pairs, strict=True), color=COLORS[0], s=28)
    for color, side in ((COLORS[0], "active"), (COLORS[1], "candidate")):
        points = [(r[side]["competencies"].get(key), human) for r in results
                  for key, human in (r.get("overrides") or {}).items()]
        points = [(m, h) for m, h in points if m is not None]
        if points:
            right.scatter(*zip(*points, strict=True), color=color, s=28, alpha=0.7, label=side)
    if right.get_legend_handles_labels()[0]:
        right.legend(fontsize=8, loc="lower right")
    return fig
