"""An answer's level on one competency, read off the rubric's anchors from an ``Analysis``.

First the gates, each with the anchor it follows: a non-answer or an answer about
another topic is 1; a list of keywords, a recited CV or general claims without one
real example cannot reach 3; a story in which only the team ("we", "management
decided") or someone else acted is at most 2, because the anchors score what the
candidate did. Then the ladder: 3 needs the candidate's own concrete action and a
result (for job knowledge, a tool used in their own work and how or why it works); 4
and 5 need what that competency's higher anchors name (the root cause and options for
problem solving, initiative or an owned mistake with stakeholders kept
informed for ownership, a disagreement worked through for collaboration, a measured
result told in order for communication, tools chosen for a reason for job knowledge).

A number counts only when it reports a result, a verb only when the candidate is its
subject; every level comes with what was shown and what was missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.scoring.analysis import Analysis, Relevance

# What each level above 3 adds, per competency; 3 is the candidate's own action + a result.
LADDERS: dict[str, dict[int, tuple[tuple[str, ...], ...]]] = {
    # each level: a tuple of requirements; a requirement is a tuple of alternatives (any one will do)
    "problem_solving": {
        4: (("analysis",), ("alternatives",), ("measure",)),
        5: (("verification",), ("learning", "process_fix"), ("tradeoff", "reasoning")),
    },
    "ownership": {
        4: (("initiative", "mistake_owned"), ("measure", "verification"), ("stakeholders",)),
        5: (("mistake_owned",), ("process_fix",), ("learning",)),
    },
    "collaboration": {
        4: (("worked_through",),),
        5: (("helped_others",), ("learning",)),
    },
    "communication": {
        4: (("measure", "numbers"), ("situation",)),
        5: (("audience",), ("learning",)),
    },
    "job_knowledge": {
        4: (("reasoning", "alternatives"), ("measure", "verification")),
        # the anchor: "compares alternatives and their limits, knows when not to use the approach"
        5: (("alternatives", "tradeoff"), ("learning",)),
    },
}
DEFAULT_LADDER = LADDERS["problem_solving"]
ASSISTING = frozenset("held fetched handed passed carried assisted brought swept tidied".split())
# What level 3 needs: the candidate's own action and a result, and for some competencies more or other.
LEVEL3: dict[str, tuple[tuple[str, ...], ...]] = {
    "collaboration": (("action",), ("result",), ("others_named",)),
    # a tool (or the options weighed, which name the techniques: "I looked at peroxide and bronopol as alternatives"),
    # and how or why it worked, used in their own work; the anchor asks a result only from 4 ("a measured effect")
    "job_knowledge": (("action",), ("tools", "alternatives"), ("reasoning", "analysis", "tool_detail")),
}
DEFAULT_LEVEL3 = (("action",), ("result",))


@dataclass(frozen=True)
class Judgement:
    level: float  # 1-5, continuous (rounded by the caller)
    gate: str  # "" or why the level is capped: off_topic, keyword_list, recited_resume, generic, we_only, ...
    shown: tuple[str, ...]  # elements the answer shows that the ladder asks for
    missing: tuple[str, ...]  # what the next level needs and the answer lacks
    detail: dict[str, object] = field(default_factory=dict)


def _met(requirement: tuple[str, ...], shown: frozenset[str]) -> bool:
    return any(element in shown for element in requirement)


def _practised(a: Analysis, competency: str) -> bool:
    """Job knowledge told as how they do the work ("I stand the bottle upright the day before"), in a
    story the team acted in: the anchors ask that they used it in their own work, not whose acts the
    story's were (someone else's work watched is still not theirs)."""
    return competency == "job_knowledge" and a.genre == "story" and a.details.get("practice", 0) >= 2 \
        and a.agency in ("self", "we_only", "none")


def _gate(a: Analysis, rel: Relevance, competency: str) -> tuple[str, float] | None:
    """(why, level) when the answer cannot be scored on the ladder."""
    if rel.status == "off":
        return f"off_topic_{rel.reason}", 1.0
    if a.has("borrowed"):
        return "borrowed", 1.3  # someone else's experience shows nothing the candidate did
    if a.has("hobby"):
        return "hobby", 2.0 if competency == "job_knowledge" else 1.3  # knowledge shown, but not in their work
    for unsolved in ("never_done", "resolved_itself"):  # a plan never carried out; a problem that went away by itself
        if a.has(unsolved) and competency in ("problem_solving", "ownership") and a.genre != "generic":
            return unsolved, 2.0  # nothing shows their work solved it
    if a.genre == "keyword_list":
        return "keyword_list", 2.0 if competency == "job_knowledge" else 1.0
    if a.genre == "recited_resume":
        return "recited_resume", 2.0 if competency == "job_knowledge" else 1.2
    # blame is what the answer is when the question asks for their mistake, or when they did nothing about it
    if competency == "ownership" and a.blame and (not a.has("mistake_owned") or a.blame >= 2) and (
            rel.intent == "mistake" or a.own_actions <= 1):
        return "blame", 1.2
    if a.details.get("menu", 0) >= 2:
        return "menu", 1.0  # stories offered by title for the interviewer to pick, none told: no example given
    if a.has("this_answer"):
        return "this_answer", 1.0  # the answer offered as its own example: no event of their work is told
    if (a.has("declined") or a.has("no_example")) and a.genre != "story":
        return "no_example", 1.0  # "I don't think I've had to do that. I guess I'd stay calm": no example, however put
    if competency == "job_knowledge" and a.has("unknowing") and a.own_actions <= 1 and not _practised(a, competency):
        return "unknowing", 1.2  # "I don't really know the science side of it": the anchors' "I don't know"
    if a.genre == "generic":
        # the anchors: no example at all is 1 for problem solving and ownership; "a team in general terms"
        # is 2 for collaboration; terms used superficially 2 for job knowledge
        short = a.words < (10 if a.lang == "ko" else 20)
        two = {"collaboration": a.has("others_named"), "communication": True, "job_knowledge": True}
        return "generic", 1.8 if two.get(competency, False) and not short else 1.3
    if (a.has("no_example") or a.has("declined")) and a.own_sentences <= 1:
        return "no_example", 1.0
    if competency == "collaboration" and a.has("dismissive") and not a.has("resolution"):
        return "dismissive", 1.2
    if competency == "communication" and a.vague >= 2:
        return "rambling", 2.0
    if competency == "collaboration" and a.genre == "story" and not a.other_actions and (
            (not a.team_actions and not a.details.get("people")) or (a.has("alone") and a.team_actions <= 1)
            or a.has("no_one_else")):
        return "alone", 1.3  # a solo story, however good, shows no work with others (the anchors' level 1)
    if competency in ("ownership", "problem_solving", "collaboration") and a.reported_up:
        return "reported_up", 2.0  # noticed it and passed it on: "stops when the task is handed over"
    agency = "self" if _practised(a, competency) else a.agency
    # holding and fetching for someone who does the work ("I held the dog and fetched things") is not doing it
    own = a.own_actions - sum(1 for c in a.clauses if c.actor == "self" and c.kind == "past" and c.verb in ASSISTING)
    if agency == "self" and competency in ("ownership", "problem_solving") and own <= 1 \
            and a.other_actions + a.team_actions >= 2 * max(1, own) + 1:
        agency = "someone_else" if a.other_actions >= a.team_actions else "we_only"  # others did most of it
    own_thought, others_thought = a.details.get("own_thinking", 0), a.details.get("others_thinking", 0)
    if agency == "self" and competency in ("ownership", "problem_solving") and a.own_actions <= 3 \
            and a.other_actions > a.own_actions and (a.has("observer") or own_thought < others_thought >= 2):
        agency = "someone_else"  # a sidekick's story: someone else found the cause and chose the fix, they fetched
    if agency == "someone_else":
        return "someone_else", 1.2 if competency == "ownership" else 1.8
    if agency in ("we_only", "none"):
        return agency, 2.0 if a.has("result") else 1.7
    if competency == "ownership" and (a.has("as_told") or a.has("handed_over")) and not a.has("initiative") and not (
            a.own_actions >= 3 and a.has("result") and not a.has("handed_over")):
        return "as_told" if a.has("as_told") else "handed_over", 2.0
    together = a.team_actions if competency == "collaboration" else 0  # what they did together is the substance
    told = competency == "communication" and a.has("own_message")  # its figures are the message itself
    # (whatever reads as a reason or a finding, when the one thing they did is vague: "I changed this and that")
    vague_only = a.vague_actions >= 1 and a.own_actions <= a.vague_actions + 1
    if not told and a.numbers >= 4 and a.own_sentences <= 2 and a.numbers >= 2 * (a.own_actions + together) and (
            vague_only or not any(a.has(e) for e in ("analysis", "alternatives", "reasoning", "adapted", "learning"))):
        return "numbers_only", 2.0  # a list of metrics, nothing on how: the anchors score what was done
    return None


def judge(a: Analysis, rel: Relevance, competency: str) -> Judgement:
    """The level of one answer on one competency, with the gate (if any) and what was shown and missing."""
    ladder = LADDERS.get(competency, DEFAULT_LADDER)
    gated = _gate(a, rel, competency)
    if gated is not None:
        gate, level = gated
        return Judgement(level=level, gate=gate, shown=(), missing=("action",) if gate in ("we_only",
                         "someone_else") else ("example",), detail={"agency": a.agency, "genre": a.genre})
    specific = a.has("analysis") or a.has("tool_detail")
    if a.vague_actions >= 2 or (a.vague_actions and not specific):
        # "I looked into it and fixed it": an action named, no steps (the anchors' level 2)
        return Judgement(level=2.3, gate="", shown=("action",), missing=("steps", "result"))
    shown = set(a.elements)
    if rel.intent == "mistake" and a.agency == "self" and not a.has("blame") and not a.team_actions \
            and a.other_actions <= a.own_actions:
        shown.add("mistake_owned")  # telling your own mistake, in the first person, is owning it
    if _practised(a, competency):
        shown.add("action")
    elements = frozenset(shown)
    base_needs = LEVEL3.get(competency, DEFAULT_LEVEL3)
    met3 = [r for r in base_needs if _met(r, elements)]
    if len(met3) < len(base_needs):
        # own action but no result (or no one else, no tool): a vague example
        fraction = len(met3) / len(base_needs)
        missing = tuple(r[0] for r in base_needs if not _met(r, elements))
        return Judgement(level=2.0 + 0.6 * fraction, gate="", shown=tuple(r[0] for r in met3), missing=missing)
    level = 3
    found = [r[0] for r in base_needs]
    for step in (4, 5):
        needs = ladder[step]
        met = [r for r in needs if _met(r, elements)]
        found += [next(e for e in r if e in elements) for r in met]
        if len(met) < len(needs):
            partial = 0.55 * len(met) / len(needs)
            return Judgement(level=level + partial - _penalty(a), gate="", shown=tuple(found),
                             missing=tuple(r[0] for r in needs if not _met(r, elements)))
        level = step
    return Judgement(level=5.0 - _penalty(a), gate="", shown=tuple(found), missing=())


def _penalty(a: Analysis) -> float:
    """Hedged numbers ("like 45 minutes, maybe"), filler and general claims inside a story weaken it,
    less so in a long answer (spoken answers carry some filler)."""
    generic = sum(1 for c in a.clauses if c.kind == "generic")
    past = sum(1 for c in a.clauses if c.kind == "past")
    spoken = (0.2 * a.hedged_numbers + 0.1 * a.vague) * min(1.0, 60 / max(1, a.words))
    return min(0.4, spoken + 0.1 * max(0, generic - past))
