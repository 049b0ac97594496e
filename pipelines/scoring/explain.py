"""The words a recruiter reads beside a score: a rationale naming the gate (if any), what
the answer showed and what the next level needed, in the job's language; and evidence
quotes copied verbatim from the transcript."""

from __future__ import annotations

from pipelines.scoring.analysis import Analysis, Relevance, sentence_elements
from pipelines.scoring.features import injection_sentences
from pipelines.scoring.levels import Judgement
from pipelines.scoring.text import quote_in_transcript, sentences, word_count

ELEMENT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "action": "concrete actions of their own", "result": "a result", "measure": "a measured result",
        "analysis": "how they found the cause (data, logs, tests)", "alternatives": "the options they weighed",
        "reasoning": "why they chose that path", "verification": "a check that it held",
        "learning": "what they learned or now do differently", "initiative": "initiative beyond their role",
        "mistake_owned": "a mistake owned openly", "stakeholders": "keeping the people affected informed",
        "process_fix": "a fix to the process behind it", "others_named": "the specific people they worked with",
        "worked_through": "a disagreement or dependency worked through", "helped_others": "helping others succeed",
        "audience": "adapting the message to the audience", "numbers": "concrete numbers",
        "situation": "the situation, told in order", "tools": "the tools or techniques used",
        "example": "one specific example of their own", "steps": "the concrete steps they took",
        "tradeoff": "the limits or trade-offs of their approach",
    },
    "ko": {
        "action": "본인의 구체적 행동", "result": "결과", "measure": "수치로 확인된 결과",
        "analysis": "원인을 찾은 과정(데이터, 로그, 실험)", "alternatives": "비교한 대안", "reasoning": "그 방법을 택한 이유",
        "verification": "효과가 유지되는지 확인", "learning": "배운 점이나 지금 다르게 하는 것",
        "initiative": "맡은 범위를 넘어선 주도", "mistake_owned": "자신의 실수를 인정",
        "stakeholders": "관련자에게 진행 상황 공유",
        "process_fix": "원인이 된 과정 개선", "others_named": "함께 일한 구체적인 사람",
        "worked_through": "이견이나 의존 관계를 풀어낸 과정", "helped_others": "동료의 성공을 도운 일",
        "audience": "청중에 맞춘 전달", "numbers": "구체적인 수치", "situation": "순서 있게 설명한 상황",
        "tools": "사용한 도구나 기법", "example": "본인의 구체적인 사례 하나", "steps": "구체적으로 밟은 단계",
        "tradeoff": "방법의 한계나 절충",
    },
}
GATE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "off_topic_personal": "The answer is about a personal matter, not the work the question asks about; however "
                              "detailed, it shows nothing for this competency.",
        "off_topic_other_topic": "The answer is about {detail} rather than what the question asks, so it shows "
                                 "nothing for it.",
        "off_topic_no_content": "The answer does not address the question or describe any relevant work.",
        "off_topic_deflection": "The candidate chose to talk about something other than what the question asks.",
        "off_topic_no_explaining": "The question asks how the candidate explained something to someone; the answer "
                                   "tells of no explaining by the candidate.",
        "off_topic_motivation": "The answer says why the candidate wants this job instead of giving the example the "
                                "question asks for.",
        "borrowed": "The story is not the candidate's own (someone else's experience, a case study told as theirs, or "
                    "one made up or dreamt), so it shows nothing of what they did.",
        "as_told": "The candidate did what they were told; the answer shows no initiative or ownership of the outcome.",
        "handed_over": "The candidate's part ended when they handed the work on; the answer shows no initiative or "
                       "follow-through to the outcome.",
        "never_done": "The answer describes a plan or proposal that was never carried out, so nothing shows it worked.",
        "resolved_itself": "The problem went away by itself, so nothing shows that what the candidate did or planned "
                           "solved it.",
        "hobby": "The example comes from a hobby or a project at home, not from the candidate's work, which is what the "
                 "question asks about.",
        "no_example": "The candidate has no example of this to give; general statements show nothing to rate.",
        "this_answer": "The candidate offers this interview answer itself as the example; it tells no event from their "
                       "work to rate.",
        "menu": "The candidate offered several stories by title and asked the interviewer to choose, but told none of "
                "them; headlines and claimed outcomes are not an example.",
        "dismissive": "The answer dismisses colleagues instead of describing work with them.",
        "numbers_only": "The answer lists figures but not what the candidate did or how, so they show nothing to rate.",
        "keyword_list": "The answer lists keywords instead of describing something the candidate did.",
        "recited_resume": "The answer recites the resume (roles, years, skills) instead of describing one specific "
                          "situation.",
        "generic": "The answer makes general statements without one specific example.",
        "we_only": "The story is told as \"we\", the team or management; the candidate's own actions are not stated.",
        "someone_else": "Others did the work in this story; the candidate describes watching or what happened to them.",
        "reported_up": "The candidate noticed the problem and passed it on; someone else acted on it from there.",
        "alone": "The story is about work the candidate did alone; it shows nothing about working with others.",
        "none": "The answer names no action taken by anyone, the candidate included.",
        "blame": "The answer puts the mistake on others and does not say what the candidate did about it.",
        "rambling": "The answer is hard to follow: filler and vague words, no clear point.",
        "unknowing": "The candidate says they do not know how this is done; the answer shows no knowledge of their own.",
    },
    "ko": {
        "off_topic_personal": "질문이 묻는 업무가 아니라 개인적인 일에 대한 답변이어서, 아무리 구체적이어도 "
                              "이 역량의 근거가 되지 않습니다.",
        "off_topic_other_topic": "질문이 묻는 내용이 아니라 다른 주제({detail})에 대한 답변이어서 근거가 되지 않습니다.",
        "off_topic_no_content": "답변이 질문과 관련이 없고 관련 업무 경험을 설명하지 않습니다.",
        "off_topic_deflection": "질문이 묻는 내용 대신 다른 이야기를 했습니다.",
        "off_topic_no_explaining": "질문은 지원자가 누군가에게 설명한 경험을 묻는데, 답변에는 지원자가 직접 설명한 내용이 "
                                   "없습니다.",
        "off_topic_motivation": "질문이 묻는 사례 대신 지원 동기를 이야기했습니다.",
        "borrowed": "지원자 본인의 경험이 아니라 다른 사람의 경험, 교육 사례, 또는 지어낸 이야기를 자기 이야기처럼 말해, "
                    "본인이 한 일이 드러나지 않습니다.",
        "as_told": "지시받은 일을 그대로 했다는 내용뿐이어서 주도성이나 결과에 대한 책임이 드러나지 않습니다.",
        "handed_over": "맡은 부분을 넘긴 데서 지원자의 역할이 끝나, 주도성이나 결과까지 책임진 과정이 드러나지 않습니다.",
        "never_done": "실제로 실행되지 않은 계획이나 제안을 설명한 답변이어서, 효과가 있었는지 드러나지 않습니다.",
        "resolved_itself": "문제가 저절로 해소되어, 지원자가 한 일이나 세운 계획이 문제를 풀었는지 드러나지 않습니다.",
        "hobby": "질문은 업무에서의 경험을 묻는데, 답변의 사례는 업무가 아니라 취미나 개인적인 일입니다.",
        "no_example": "해당하는 경험이 없다고 하고 일반적인 생각만 말해 평가할 근거가 없습니다.",
        "this_answer": "지금 이 면접 답변 자체를 사례로 내세울 뿐, 평가할 실제 업무 경험을 말하지 않았습니다.",
        "menu": "여러 사례의 제목과 결과만 늘어놓고 면접관에게 고르라고 했을 뿐, 어느 것도 실제로 이야기하지 않아 "
                "평가할 사례가 없습니다.",
        "dismissive": "함께 일한 과정을 설명하지 않고 동료를 깎아내렸습니다.",
        "numbers_only": "수치만 나열하고 본인이 무엇을 어떻게 했는지는 말하지 않아 평가할 근거가 없습니다.",
        "keyword_list": "본인이 한 일을 설명하지 않고 키워드만 나열했습니다.",
        "recited_resume": "구체적인 상황 하나를 설명하지 않고 이력서 내용(경력, 연차, 기술)을 읊었습니다.",
        "generic": "구체적인 사례 없이 일반적인 생각만 말했습니다.",
        "we_only": "\"저희 팀\", \"팀장님\" 등 팀이나 다른 사람의 일로만 이야기해 지원자 본인의 행동이 드러나지 않습니다.",
        "someone_else": "다른 사람이 일을 해결했고 지원자는 지켜보거나 겪은 일만 말했습니다.",
        "reported_up": "지원자는 문제를 발견해 보고했을 뿐, 해결은 다른 사람이 맡았습니다.",
        "alone": "혼자 한 일에 대한 이야기여서 다른 사람과 협업한 과정이 드러나지 않습니다.",
        "none": "지원자를 포함해 누가 무엇을 했는지 드러나지 않습니다.",
        "blame": "실수를 다른 사람 탓으로 돌리고 본인이 무엇을 했는지 말하지 않았습니다.",
        "rambling": "군더더기와 모호한 표현이 많아 요점을 따라가기 어렵습니다.",
        "unknowing": "지원자 스스로 이 내용을 잘 모른다고 했고, 본인의 지식을 보여 주는 내용이 없습니다.",
    },
}
TOPIC_NAMES = {"en": {"performance": "performance", "mistake": "a mistake", "conflict": "a disagreement"},
               "ko": {"performance": "성능", "mistake": "실수", "conflict": "의견 충돌"}}


# What the blend's measures mean when they move a score off the ladder's level: (above the fitted
# mean, below it); None where that side says nothing a recruiter can use. The level itself, the
# language, the categories and what the team or others did (which go with richer stories, but are no
# reason to raise the candidate's score) are never named.
DRIVER_LABELS: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "en": {
        "text_grade": ("the substance of the answer as a whole", "how thin the answer is as a whole"),
        "log_words": ("the detail it gives", "how brief it is"),
        "own_actions": ("how many things the candidate did themselves", "how few things the candidate did themselves"),
        "own_sentences": ("how much of the story is the candidate's own", "how little of the story is the candidate's own"),
        "numbers": ("the concrete figures", "the lack of concrete figures"),
        "measured_result": ("a measured result", None),
        "hedged_numbers": ("hedged figures", None),
        "vague": ("vague wording", None),
        "vague_actions": ("actions named without their steps", None),
    },
    "ko": {
        "text_grade": ("답변 전체의 충실한 내용", "답변 전체의 빈약한 내용"),
        "log_words": ("자세한 설명", "짧은 답변"),
        "own_actions": ("본인이 직접 한 일이 많음", "본인이 직접 한 일이 적음"),
        "own_sentences": ("본인의 이야기 비중이 큼", "본인의 이야기 비중이 작음"),
        "numbers": ("구체적인 수치", "구체적인 수치가 적음"),
        "measured_result": ("수치로 확인된 결과", None),
        "hedged_numbers": ("불확실한 수치", None),
        "vague": ("모호한 표현", None),
        "vague_actions": ("단계 없이 이름만 말한 행동", None),
    },
}
MIN_DRIVER = 0.02  # a contribution smaller than this (in the regression's units) is not named


def _join(items: list[str], lang: str) -> str:
    if lang == "ko":
        return ", ".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def explain(judgement: Judgement, rel: Relevance, level: int, lang: str) -> str:
    """"Level n: <gate, or what was shown>. Missing: <what the next level needs>."""
    labels = ELEMENT_LABELS[lang]
    if judgement.gate:
        text = GATE_TEXT[lang].get(judgement.gate, GATE_TEXT[lang]["generic"])
        text = text.format(detail=TOPIC_NAMES[lang].get(rel.detail, rel.detail or "-"))
        return headed(level, text, lang)
    shown = [labels[e] for e in dict.fromkeys(judgement.shown) if e in labels]
    missing = [labels[e] for e in judgement.missing if e in labels]
    if lang == "ko":
        found = f"답변에서 확인된 점: {', '.join(shown)}." if shown else "답변에 구체적인 내용이 거의 없습니다."
        return headed(level, found, lang) + (f" 부족한 점: {', '.join(missing)}." if missing else "")
    text = headed(level, "the answer shows " + (_join(shown, lang) if shown else "little concrete content") + ".", lang)
    return text + (f" Missing: {_join(missing, lang)}." if missing else "")


def headed(level: int, text: str, lang: str) -> str:
    """"Level n: text": every rationale opens with the score it explains."""
    return f"수준 {level}: {text}" if lang == "ko" else f"Level {level}: {text}"


def blend_note(ladder: int, level: int, drivers: list[tuple[str, float, bool]], lang: str) -> str:
    """Why the score differs from the level the rubric's anchors alone give (" The anchors alone
    give level 2; the detail it gives lifts it to 3."), naming the largest measures that moved it
    that way; empty when the two agree."""
    if level == ladder:
        return ""
    labels = DRIVER_LABELS[lang]
    up = level > ladder
    named: list[str] = []
    for name, contribution, above in drivers:
        label = labels.get(name, (None, None))[0 if above else 1]
        if label and (contribution > 0) == up and abs(contribution) >= MIN_DRIVER and label not in named:
            named.append(label)
        if len(named) == 2:
            break
    if not named:
        named = [str(labels["text_grade"][0 if up else 1])]
    if lang == "ko":
        verb = "올렸습니다" if up else "낮췄습니다"
        to = "으로" if level == 3 else "로"  # 삼으로; 일·이·사·오로
        return f" 루브릭 기준만으로는 수준 {ladder}이지만, 다음을 반영해 수준 {level}{to} {verb}: {', '.join(named)}."
    verb = ("lift" if up else "hold") + ("s" if len(named) == 1 else "")
    where = "to" if up else "at"
    return f" The anchors alone give level {ladder}; {_join(named, lang)} {verb} it {where} {level}."


def pick_evidence(transcript: str, analysis: Analysis, judgement: Judgement, limit: int = 2) -> list[str]:
    """Sentences copied from the transcript that show the level: those where the candidate acts and
    that show what the ladder asks for; for a gated answer, the sentence that shows the gate."""
    flagged = set(injection_sentences(transcript))
    said = [s for s in sentences(transcript) if s not in flagged]
    parts = [s for s in said if word_count(s) >= 3] or said  # not the "Sure." or "네." that opens an answer
    if not parts or judgement.gate in ("keyword_list", "off_topic_no_content"):
        return []
    if judgement.gate in ("borrowed", "hobby"):  # the sentence that says whose story it is, or that it is a hobby
        pick = next((s for s in parts if judgement.gate in sentence_elements(s)), parts[0])
        return [pick] if quote_in_transcript(pick, transcript) else []
    if judgement.gate:
        pick = next((s for s in parts if judgement.gate not in ("we_only", "someone_else")
                     or any(w in s.lower() for w in ("we ", "team", "they", "he ", "she ", "저희", "팀", "님", "선배"))),
                    parts[0])
        return [pick] if quote_in_transcript(pick, transcript) else []
    wanted = set(judgement.shown) | {"action", "result", "measure"}
    ranked = []
    for index, sentence in enumerate(parts):
        hits = len(sentence_elements(sentence) & wanted)
        if hits:
            ranked.append((-hits, index, sentence))
    best = sorted(ranked)[:limit]
    return [s for _, _, s in sorted(best, key=lambda r: r[1]) if quote_in_transcript(s, transcript)]
