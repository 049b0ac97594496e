"""HTML for the report tab. Every piece of candidate or model text is escaped before any markup
is added; evidence quotes are found in the raw transcript and wrapped in <mark> afterwards."""

from __future__ import annotations

import re
from html import escape
from typing import Any

KIND = {"planned": "Core question", "follow_up": "Follow-up"}
STYLE = """
<style>
.rep-card{border:1px solid #e5e7eb;border-radius:10px;padding:14px 16px;margin:0 0 14px;background:#fff}
.rep-card h4{margin:0 0 6px;font-size:15px}
.rep-kind{display:inline-block;font-size:11px;padding:1px 8px;border-radius:9px;background:#eef2ff;color:#3730a3;
 margin-right:6px;vertical-align:middle}
.rep-transcript{background:#f9fafb;border-radius:8px;padding:10px 12px;margin:8px 0;line-height:1.6;
 white-space:pre-wrap;color:#111827}
.rep-transcript mark{background:#fde68a;color:#111827;padding:0 2px;border-radius:3px}
.rep-score{display:flex;gap:12px;align-items:flex-start;padding:6px 0;border-top:1px dashed #e5e7eb}
.rep-pill{min-width:44px;text-align:center;font-weight:700;border-radius:8px;padding:2px 6px;color:#fff}
.rep-review{background:#f59e0b}
.rep-comp{font-weight:600;color:#111827}
.rep-why{color:#374151;font-size:13px}
.rep-meta{color:#6b7280;font-size:12px}
.rep-table{border-collapse:collapse;width:100%;font-size:13px}
.rep-table th,.rep-table td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;color:#111827}
.rep-table th{background:#f3f4f6}
.rep-over{color:#b45309;font-size:12px}
</style>
"""


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    """Matches the quote in the transcript whatever the spacing or case (Korean spacing varies)."""
    chars = [re.escape(ch) for ch in quote if not ch.isspace()]
    return re.compile(r"\s*".join(chars), re.IGNORECASE) if chars else None


def highlight(transcript: str, quotes: list[str]) -> str:
    """The transcript as safe HTML with each evidence quote wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        pattern = _quote_pattern(quote)
        if pattern is not None:
            spans.extend(m.span() for m in pattern.finditer(transcript) if m.end() > m.start())
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(escape(transcript[pos:start]))
        out.append(f"<mark>{escape(transcript[start:end])}</mark>")
        pos = end
    out.append(escape(transcript[pos:]))
    return "".join(out)


def _color(score: float | None) -> str:
    if score is None:
        return "#9ca3af"
    return "#16a34a" if score >= 4 else "#2563eb" if score >= 3 else "#dc2626"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def competency_table(report: dict[str, Any]) -> str:
    labels = {c["name"]: c.get("label") or c["name"] for c in report["competencies"]}
    rows = []
    for c in report["competencies"]:
        score = _fmt(c["score"])
        if c.get("overridden"):
            score += (f" <span class='rep-over'>(override; was {escape(_fmt(c.get('original')))}: "
                      f"“{escape(c.get('override_reason') or '')}”)</span>")
        review = f"{c['needs_review']} need review" if c.get("needs_review") else ""
        rows.append(f"<tr><td>{escape(labels[c['name']])}</td><td>{c['weight']:g}</td><td>{score}</td>"
                    f"<td>{c.get('answers', 0)}</td><td>{escape(review)}</td></tr>")
    weights = report.get("weights") or {}
    extra = [f"{name} {w:g}" for name, w in (("delivery", weights.get("delivery")),
                                              ("behaviour", weights.get("behavior"))) if w]
    note = (f"<p class='rep-meta'>Also weighted into the overall: {escape(', '.join(extra))}.</p>" if extra
            else "<p class='rep-meta'>Delivery and behaviour signals are shown beside the scores and do not "
                 "count towards the overall.</p>")
    return (STYLE + "<table class='rep-table'><tr><th>Competency</th><th>Weight</th><th>Score</th>"
            "<th>Answers</th><th>Review</th></tr>" + "".join(rows) + "</table>" + note)


def answer_cards(report: dict[str, Any]) -> str:
    labels = {c["name"]: c.get("label") or c["name"] for c in report["competencies"]}
    cards = []
    for i, answer in enumerate(report["answers"], start=1):
        quotes = [q for s in answer["scores"] for q in s.get("evidence") or []]
        transcript = answer.get("transcript") or ""
        body = highlight(transcript, quotes) if transcript.strip() else "<em>No answer was given.</em>"
        scores = []
        for s in answer["scores"]:
            review = s.get("status") != "ok" or s.get("score") is None
            pill = ("<span class='rep-pill rep-review'>review</span>" if s.get("score") is None
                    else f"<span class='rep-pill' style='background:{_color(s['score'])}'>{s['score']}/5</span>")
            flag = " <span class='rep-over'>needs human review</span>" if review else ""
            evidence = "; ".join(f"“{escape(q)}”" for q in s.get("evidence") or [])
            scores.append(
                f"<div class='rep-score'>{pill}<div><span class='rep-comp'>"
                f"{escape(labels.get(s['competency'], s['competency']))}</span>{flag}"
                f"<div class='rep-why'>{escape(s.get('rationale') or '')}</div>"
                + (f"<div class='rep-meta'>Evidence: {evidence}</div>" if evidence else "")
                + f"<div class='rep-meta'>{escape(str(s.get('scorer') or ''))} · {escape(str(s.get('model') or ''))}"
                  f" · prompt v{escape(str(s.get('prompt_version') or ''))}</div></div></div>")
        kind = KIND.get(answer.get("kind") or "", answer.get("kind") or "")
        cards.append(
            f"<div class='rep-card'><h4><span class='rep-kind'>{escape(kind)}</span>Q{i}. "
            f"{escape(answer.get('question') or '')}</h4><div class='rep-transcript'>{body}</div>"
            + ("".join(scores) or "<div class='rep-meta'>Not scored yet.</div>") + "</div>")
    return STYLE + ("".join(cards) or "<p class='rep-meta'>No answers were recorded.</p>")


def _rubric(report: dict[str, Any]) -> str:
    """The rubric and the version the scores were made with ("default v2")."""
    rubric = report.get("rubric") or {}
    version = rubric.get("version")
    return escape(f"{rubric.get('name') or 'default'}" + (f" v{version}" if version else " (file)"))


def header(report: dict[str, Any]) -> str:
    status = report["status"]
    lines = [f"## {escape(report.get('candidate_name') or '')} · {escape(report.get('job_title') or '')}"]
    if status == "scoring":
        lines.append("⏳ **Scoring in progress.** The answers are being scored; this page updates by itself.")
    elif status == "failed":
        lines.append(f"❌ **Scoring failed:** {report.get('reason') or 'no reason was recorded'}.")
    elif status == "scored":
        overall = report.get("overall")
        lines.append(f"**Overall: {_fmt(overall)} / 5** (rubric-weighted mean of the competency scores)")
        lines.append(f"<span class='rep-meta'>Model: {report.get('model') or '—'} · backend "
                     f"{', '.join(report.get('backends') or []) or '—'} · scorer "
                     f"{', '.join(report.get('scorers') or []) or '—'} · prompt v{report.get('prompt_version')}"
                     f" · rubric {_rubric(report)}</span>")
    elif status == "withdrawn":
        return "\n\n".join([*lines, "🚫 **The candidate withdrew from this interview.** Their recordings, "
                              "transcripts, resume, signals and scores were deleted at their request."])
    else:
        lines.append(f"The interview is not finished yet (status: {status}).")
    lines.extend(privacy_notes(report))
    return "\n\n".join(lines)


def privacy_notes(report: dict[str, Any]) -> list[str]:
    """What the candidate did not allow, or what was erased: said, so an empty chart is not misread."""
    notes = []
    if report.get("face_analysis") is False:
        notes.append("_The candidate declined face analysis; no face signals were recorded._")
    if report.get("purged_at"):
        notes.append(f"_The candidate's recordings, transcripts, resume and signals were erased on "
                     f"{escape(str(report['purged_at'])[:10])}; the scores are kept._")
    return notes
