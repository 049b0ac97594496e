"""Deterministic signals, English and Korean: non-answers, instruction-like text
(prompt injection) and cue counts read from the behavioural anchors (concrete
first-person action, numbers, outcome, analysis, alternatives, reflection,
collaboration, audience), which pick the competencies an answer also bears on. The
rubric level itself is read by ``analysis`` and ``levels``.

Nothing here reads scores from the answer: text that tries to instruct a scorer
is found, reported, and removed before any feature is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.scoring.text import any_of, detect_language, korean_past, normalise, sentences, word_count

# --- non-answers -----------------------------------------------------------
_DONT_KNOW = any_of(
    r"^\W*(?:(?:um+|uh+|hmm+|well|so|honestly|sorry)\W+)*(i )?(really )?(do not|don't|dont) know\b",
    r"^\W*no idea\b", r"^\W*not sure\b",
    r"^\W*(i )?(have|had) no (idea|experience)\b", r"^\W*(pass|skip|next question|no comment)\W*$",
    r"^\W*i (can't|cannot) (think of|remember|answer)\b", r"^\W*(nothing|none|n/?a)\W*$",
    r"^\W*(잘\s*)?모르겠", r"^\W*(잘\s*)?모릅니다", r"^\W*기억(이|나지)", r"^\W*(패스|넘어가|다음 질문)",
    r"^\W*(생각나는 게|떠오르는 게|경험이) 없", r"^\W*(없습니다|없어요)\W*$", r"^\W*글쎄요\W*$",
)
# Korean puts "I don't know" / "never did" at the end of the sentence
_DONT_KNOW_ANYWHERE = any_of(r"모르겠|모릅니다|(해|써|가)\s*본 적이 없|경험이 없|기억이 (잘 )?안", r"\bno idea\b",
                          r"\bnever (used|done|did)\b", r"\b(don'?t|do not) (really )?(remember|recall)\b")
# asking to skip, anywhere in a short answer
_SKIP = any_of(r"(생각나는|떠오르는) (게|것이|경험이) 없|경험은 (딱히 )?(없|생각나)|(다른|다음) 질문으로 넘어",
            r"\bmove on to (the )?next( question)?\b", r"\bskip (this|that) (one|question)\b")
MIN_WORDS = {"en": 6, "ko": 4}


@dataclass(frozen=True)
class NonAnswer:
    reason: str  # "empty" | "dont_know" | "too_short" | "off_topic"
    message: dict[str, str]


NON_ANSWER_MESSAGES = {
    "empty": {"en": "No answer was given (the transcript is empty).",
              "ko": "답변이 없습니다(전사 내용이 비어 있습니다)."},
    "dont_know": {"en": "The candidate said they do not know or skipped the question; there is no evidence to rate.",
                  "ko": "지원자가 모른다고 하거나 질문을 넘겼으므로 평가할 근거가 없습니다."},
    "too_short": {"en": "The answer is too short to show any behaviour the rubric describes.",
                  "ko": "답변이 너무 짧아 루브릭이 설명하는 행동을 보여주지 못합니다."},
    "off_topic": {"en": "The answer does not address the question or describe any relevant work.",
                  "ko": "답변이 질문과 관련이 없고 관련 업무 경험을 설명하지 않습니다."},
}


_STOP = frozenset(
    "the a an and or but to of in on at for with about your you tell me time when how what why did do "
    "have had has was were is are be been this that it its from by as me my our we they them their "
    "describe would could should some something".split()
)


def _stems(text: str) -> set[str]:
    """Crude language-neutral stems: the first 4 letters of English words, the first 2
    syllables of Korean eojeol (particles and endings fall away)."""
    stems = set()
    for token in re.findall(r"[a-z]{3,}|[\uac00-\ud7a3]{2,}", normalise(text)):
        if token in _STOP:
            continue
        stems.add(token[:2] if "\uac00" <= token[0] <= "\ud7a3" else token[:4])
    return stems


def off_topic(question: str, transcript: str) -> bool:
    """No work-related content at all and no word shared with the question."""
    if not question.strip():
        return False
    counts = extract(transcript).counts
    content = sum(counts.get(k, 0) for k in ("outcome", "analysis", "collaboration", "alternatives", "audience"))
    return content == 0 and not (_stems(question) & _stems(transcript))


def non_answer(transcript: str, *, question: str = "", lang: str | None = None) -> NonAnswer | None:
    """Empty, "I don't know", too short, or (when ``question`` is given) off-topic by the crude
    ``off_topic`` test. The scorer passes no question: ``analysis.relevance`` judges topics."""
    text = strip_injection(transcript).strip()
    lang = lang or detect_language(text)
    if not text:
        return NonAnswer("empty", NON_ANSWER_MESSAGES["empty"])
    words = word_count(text)
    if (_DONT_KNOW.search(normalise(text)) and words < 25) or (_DONT_KNOW_ANYWHERE.search(text) and words < 12) \
            or (_SKIP.search(text) and words < 30):
        return NonAnswer("dont_know", NON_ANSWER_MESSAGES["dont_know"])
    if words < MIN_WORDS.get(lang, 6):
        return NonAnswer("too_short", NON_ANSWER_MESSAGES["too_short"])
    if off_topic(question, text):
        return NonAnswer("off_topic", NON_ANSWER_MESSAGES["off_topic"])
    return None


# --- instruction-like text (prompt injection) ------------------------------
# the opening of a sentence in a language other than English (no English function word in it)
_THIRD_LANGUAGE = r"^(?![^.!?]*\b(the|and|to|of|is|was|it|you|that|for|with)\b)"
_INJECTION = any_of(
    r"\bignore (all |the |any |your |previous |prior )*(instructions|rubric|rules|criteria|above|scoring)",
    r"\b(give|score|rate|grade|mark|award|assign)s? (it|this|the|my|me|him|her|them|this candidate|the candidate)\b"
    r"[^.!?\n]{0,40}\b(5|five|10|ten|full|maximum|max|top|highest|perfect)\b",
    r"\b(rate|score|grade|evaluate) (this|my|the) (answer|response|candidate)\b",
    r"(?<![\d.])[1-5]\s*/\s*5\b", r"(?<![\d.])[1-5] out of 5\b", r"\bscore\"?\s*[:=]\s*\"?[1-5]\b",
    r"\b(system|assistant)\s*(prompt|:|message|note)", r"\bnote to the (ai|grader|scorer|evaluator)",
    r"\byou(?:'re| are) (now )?(an? )?(\w+ )?(ai|assistant|model|evaluator|grader|scorer)\b",
    r"\b(put|mark|write|log|note|chalk) (that|this|it|me) down (as|for) (a )?(five|5|top marks?|full marks)(?![-\w])",
    r"\bdisregard (the|all|any|your|previous|prior)\b", r"\bnew instructions?\b", r"\bas an ai\b",
    r"\bjson\b.{0,30}\bscore\b",
    r"\b(score|rating|grade)\s*(콜론|colon)\s*([1-5]|five|오)",  # JSON read aloud
    r"\b(evaluator|grader|scorer|the ai)\b.{0,40}\b(must|should|will)\b",
    r"\b(note|message|instructions?)s? (for|to) (the |any )?(\w+ ){0,2}(ai|grader|scorer|evaluator|model|system|reviewer|"
    r"tool|software|program|algorithm)\b",
    r"\b(should|must) be (rated|scored|graded|marked)\b", r"\b(automated|automatic) (scorer|evaluator|grader|scoring)\b",
    r"\b(scorer|grader|scoring guidance|scoring rubric)\b",
    # an evaluator is also a signalling unit ("the axle counter evaluator"): addressed, or with a verdict
    r"\b(dear|to the|hey|attention|note for the) evaluator\b|"
    r"\bevaluator\b[^.!?]{0,40}\b(five|5|top|highest|full marks)\b", r"\bwhoever is (scoring|grading|evaluating|rating)\b",
    r"\blevel (five|four|5|4) (\w+ )?(answer|response)\b", r"\b(this|my|the above) (answer|response) "
    r"(demonstrates|shows|meets|deserves|fully)\b",
    r"시스템\s*(지시|프롬프트|명령|:)|시스템\s*메시지(?!\s*[,·와과나])",  # not "시스템 메시지, 패치노트" (game text)
    r"(평가|채점)\s*(시스템|AI|모델)(은|는|에게|께|이)\s.{0,40}(하세요|하십시오|해 주세요|바랍니다|주세요|하라)",
    r"(지시|지침|규칙|기준|루브릭|채점 기준|평가 기준|이전|위의?|앞의?)\S*\s*(은|는|을|를|은 다)?\s*무시",
    r"(?<![\d.])[1-5]\s*점\s*(을|를)?\s*(주|줘|부여|매겨|으로\s*(채점|평가|처리|매겨|주|기록|반영|입력))",
    r"만점(?!에|\s*중|\s*기준)",
    r"(점수|역량|평가)\S*\s.{0,30}(하십시오|하세요|해 주세요|바랍니다)\s*[.!]?$",
    r"(평가자|채점자|평가위원|AI)(는|께서|에게|님)",
    # the interviewer addressed is ordinary speech ("지금 면접관님을 고객님이라고 생각하고"); with a verdict it is not
    r"면접관(님)?(은|는|께서|에게|님)(?=[^.!?]*(5\s*점|만점|최고|상위|가장 높은))",
    r"채점하(시)?는\s*(AI|인공지능|시스템|모델)|평가 (AI|인공지능)",
    r"(AI|인공지능)\s*(채점|평가)\s*(기|자|시스템|모델|도구|프로그램)?\s*(이?라면|는|께서|에게|님)",
    r"(?<![\d.])[1-5]\s*점\s*(이상|이하)?\s*(으로|로)?\s*(매겨|줘|주셔|부여|처리|기록)",
    r"(점수|역량)(는|은|을)\s.{0,20}(매겨야|줘야|주셔야|해야 합니다)",
    r"(이|위|본) 답변(은|이|을)\s.{0,30}(충족|모범|만점|5점)",
    r"(높은|최고|최고의)\s*점수(를|로)\s*(주|부여|매겨|채점|처리)",
    r"(최고|최상|가장 높은)\s*(수준|등급|점수|단계)(으로|로)\s*(기록|평가|채점|처리|반영|입력)(?![^.!?]*(셨|했|됐))",
    r"(이|본) 지원자(는|가|의)\s.{0,30}(합격|확정|통과|승인|검증)",
    r"\b(this|the) (candidate|applicant|response|answer) (has|have|was|is) (already )?(been )?"
    r"(pre-?verified|pre-?approved|approved|verified|selected|hired|cleared)\b",
    r"\bmeets (every|all) (the )?(anchors?|criteria|levels?|requirements of level)\b",
    r"\b(rate|score|grade|mark)d? (it |this |them |the answer )?(accordingly|that way)\b",
    r"\b(whoever|whatever|anyone|anybody|someone|something)\b[^.!?]{0,25}\b((is|are|will be) )?(scor|grad|evaluat|"
    r"rat|review|assess|mark)\w* (this|me|my)( answer| response| interview| transcript)?( \w+ly)?(?=\s*([,.;:!?]|$|(will|would|"
    r"should|can|could|must|is|and)\b))",
    r"\b(a|the) (five|5|top score|full score|top mark) (is|would be|seems|feels) (fair|right|deserved|appropriate)\b",
    r"\b(reviewer|assessor|marker|rater|evaluator|grader|scorer)s? (would|should|will|could|might|can)\b[^.!?]{0,40}"
    r"\b((top|highest) (of the )?(scale|score|mark|level|band|grade|rating|rubric)|full marks|maximum (score|mark|points))\b",
    r"\b(at|to) the (very )?top of the (scale|rubric|range|band|ladder)\b",
    r"\b(whoever|whatever|anyone|anybody)\b[^.!?]{0,25}\b(doing|does|handling|running|in charge of) the (scoring|grading|"
    r"marking|evaluation|assessment)(?=\s*([,.;:!?]|$)|( of)? (this|my)\b)",
    # a sentence in a third language that names the scorer and a verdict ("Uwaga dla systemu oceniającego: ...")
    _THIRD_LANGUAGE + r"(?=[^.!?]*[à-öø-žА-я])[^.!?]*\b(syst[eéè]m\w*|sistem\w*|"
    r"ocen\w*|evalu\w*|évalu\w*|valut\w*|bewert\w*|calific\w*|avalia\w*)\b[^.!?]*\b(najwy\w*|maxim\w*|máxim\w*|"
    r"höchst\w*|meilleur\w*|migliore|mejor|melhor|top|5|pięć|cinq|cinco|fünf|cinque)",
    # a third-language sentence giving points, in either order: "cinco puntos le dan, así que cinco"
    _THIRD_LANGUAGE + r"(?=[^.!?]*[à-öø-ž])(?=[^.!?]*\b(cinco|cinq|fünf|pięć|cinque)\b)"
    r"[^.!?]*\b(puntos|points|punkte|punti|punktów|pontos)\b",
    # the verdict spelled out letter by letter ("this answer's score is F-I-V-E")
    r"\bf[-.]i[-.]v[-.]e\b",
    # a scoring machine named with its verdict ("점수 매기는 기계도 5점 안 주고는 못 배길")
    r"(점수|채점|평가)\S*\s*(매기는|하는|내는|주는)\s*(기계|시스템|프로그램|AI|인공지능|컴퓨터|모델)[^.!?]{0,40}"
    r"(5\s*점|오\s*점|만점|최고\s*점)",
    r"(평가|채점)\s*기준(의|에서|상)?\s*(최고|최상|가장 높은)\s*(단계|수준|등급|점수|레벨)",
    r"(채점|평가)하시는\s*(분|분들)(께서|도|이|은)*\s.{0,40}(최고|만점|5점|기준을 (다|모두))",
    # whoever scores addressed with a request ("채점하시는 쪽에서도 … 적어 주시면 되고요")
    r"채점하(시)?는\s*(분|분들|쪽|측|곳|시스템|프로그램|기계)(에서|께서|한테|에게|더러|도|이|은|는)*\s.{0,60}(주시면\s*(됩니다|되고요|"
    r"돼요|되겠|좋겠|감사)|주세요|주십시오|줘요|주이소|달라|바랍니다|부탁)",
    # a thing that scores, addressed: "for whatever's scoring it", "whatever's doing the scoring on this"
    r"\bwhatever('s| is| will be)? (scor|grad|mark|rat|evaluat|assess)\w* (it|this)\b",
    r"\bwhatever('s| is| will be)? (doing|handling|in charge of) the (scoring|grading|marking|rating)( (on|of|for) "
    r"(this|it)\b|(?=\s*[,:;.!?]))",
    # a machine that is scoring this very answer ("the score any computer marking this should give"): no work story
    # has one
    r"\b(ai|a\.i\.|automated|automatic|machine|computer|algorithm)s?\b(\s+[\w-]+){0,2}?\s+(marking|scoring|grading|"
    r"rating|judging|evaluating|assessing) (this|it)(?=\s*([,.;:!?]|$)|\s+(should|must|would|will|ought|needs?|"
    r"answer|response|one)\b)",
)


# The shape every instruction to the scorer shares, whatever its wording: it points at this answer
# (or its scorer), names a verdict, and asks for it or claims it is settled. All three must meet in
# one sentence, so work talk about scores ("the model we deployed scored 0.92") stays data.
_POINTS_HERE = any_of(
    r"\b(this|my|the present|the current|the above) ((exact|very|same|particular|whole) )?(answer|response|reply|"
    r"transcript|recording|submission)\b",
    r"\b(any|the) (automated|automatic|ai) (summary|review|system|tool|scorer|grader|evaluation|analysis|assessment|"
    r"marking|grading|scoring)\b",
    r"\b(the|your) (scoring|grading|marking|assessment|evaluation) (system|model|tool|engine|software|pipeline)s? "
    r"(should|must|needs? to|has to|will)\b",
    r"\b(an? )?(answers?|responses?) like (this|mine)\b",
    r"\byour (marking|scoring|grading|rating|assessment) (scale|sheet|scheme|system|rubric|band)s?\b",
    r"\b(evaluating|scoring|grading|marking|reviewing|reading|assessing|rating|analy[sz]ing|processing) this\b",
    r"\bmy (score|grade|rating|mark|evaluation)s? (here|for this|in this|should|"
    r"must|is already|has been|will be)\b", r"\bthis (candidate|applicant)\b",
    r"\bthis one (should|must|is to|needs to)\b", r"\b(scoring|grading|marking|rating) (assistant|bot|software|ai)\b",
    r"(이|본|제|해당|위)\s*(\S+\s+)?(답변|응답|대답|녹취|발화|지원자)", r"저를\s.{0,20}(점수|평가|등급)", r"제\s*점수",
)
_VERDICT = any_of(
    r"\b(five|5|maximum|max|full marks|perfect|outstanding|exemplary|strongest candidate|top[- ](mark|score|band|level|"
    r"grade|rating|tier)|highest( (score|level|mark|grade|rating|band))?|level (five|four|5|4)|every (anchor|criterion)|"
    r"all (the )?(behaviou?ral )?(anchors|criteria))\b",
    r"(5\s*점|오\s*점|만점|최고\s*(점|점수|등급|평가|수준|레벨|단계)|최상위|모범\s*답안|레벨\s*5|수준\s*5|"
    r"(지표|기준|앵커)를?\s*(모두\s*)?충족|모든\s*(지표|기준|앵커)\s*(을|를)?\s*충족|가장\s*높은\s*(점수|평가|등급))",
    # a rubric category claimed for the answer: "(classify this answer) as a clear example of conflict resolution"
    r"\b(as|under) (an? )?(clear |strong |textbook |full )?(example|case|instance|demonstration) of\b|"
    r"\bfile (it|this( answer| response)?) under\b",
    r"사례(로|에)\s*(분류|해당|처리|기록|반영|보고)",
)
_ASKS_OR_SETTLES = any_of(
    r"\b(please|kindly|should|must|need(s)? to|has to|have to|be (logged|recorded|marked|rated|scored|graded|treated|"
    r"classified)|deserves?|merits?|earns?|is (a|an) (five|5)|settled|approved|override|assign|award|give|mark|rate|rank|"
    r"record|log|treat|classify|conclude|satisf(y|ies)|benchmarked|calibrat\w*|copy|put (that|it|this) down|"
    r"(figure|number|score|mark) to (put|write|enter|note) down|write (that|it|this) down)\b",
    r"(주세요|주십시오|바랍니다|부탁|하세요|하십시오|해야|내려야|처리|확정|고정|입력|기록|분류|알려드립니다|해당함|해당합니다|"
    r"확인되었|확인됐|나와야|되어야|돼야|들어가면 됩니다|"
    r"충족합니다|체크)",
)
# a note labelled as meant for the scorer: "Reviewer's note: ...", "(평가 메모: 우수)"
_SCORER_LABEL = any_of(
    r"\b(reviewer|evaluator|assessor|grader|scorer|assessment|scoring|evaluation|grading|transcriber|interviewer|"
    r"recruiter|hr)('s)? (note|memo|override|"
    r"guidance|instruction)s?\s*[:\-]",
    r"(평가|채점|심사|면접관|시스템)\s*(메모|참고|노트|지시|안내|코멘트)\s*[:\-]", r"\[\s*(system|시스템|note|메모)\s*\]",
)


# a machine reader named ("the clever AI system listening in", "any automated reviewer") with a top mark in the same
# sentence: whatever the framing (a greeting, a caption), it speaks to the scorer about its verdict
_MACHINE_READER = re.compile(
    r"\b(ai|a\.i\.|automated|automatic|machine|computer|algorithmic)\b(\s+[\w-]+){0,2}?\s+(system|reviewer|reader|"
    r"scorer|grader|marker|assistant|program|software|listener|listening|evaluat\w+|assess\w+|review)\b|"
    # "the machine that scores these", "the system scoring this", "the marking machine"
    r"\b(system|machine|computer|program|software|ai)s? (that |which )?(is |are )?(scor|mark|grad|rat)\w* (this|these|"
    r"it|the answers?|answers)\b|\b(marking|scoring|grading) (machine|computer|program|software|ai|bot)\b", re.IGNORECASE)
# a top mark for an answer, not a count ("five out of five defects caught")
_TOP_MARK = re.compile(
    r"\b(five|5)[- ]out[- ]of[- ](five|5)\b(?!([- ][a-z]+){1,2}s\b)|"
    r"\b(rating|score|mark|grade) of (five|5|ten|10|a hundred|100)\b|"
    r"\b(full|top) marks\b|\bfive[- ]stars?\b|\b(a|the) (perfect|top|highest) (score|rating|mark|grade)\b|"
    # "(a reviewer) that scores answers like this one a five"
    r"\b(scores?|rates?|marks?|grades?|gives?|log|record|enter|count) ([\w']+ ){0,4}(a|as a) (five|5)"
    r"(?=\s*([,.;:!?)]|$)|\s+(and|so|overall|then|too|please)\b)", re.IGNORECASE)


# A sentence spoken to whatever scores the answer, however it is disguised: it names a machine or anonymous
# reader of this interview (a chat model, a robot, "the grading code", "the scoring side", "the system reading
# this", 채점 프로그램), a verdict (top, five, every criterion, 만점), and speaks to it or of this answer (please,
# you, me, this, 주세요, 저를), in the present: a work story about a model that ranked the top five is told in the
# past ("The algorithm ranked the top five suppliers").
_SCORING_READER = any_of(
    r"\b(neural (net|network)|language models?|llms?|chat ?gpt|gpt(-?\d)?|claude|gemini|copilot|siri|alexa|robots?|"
    r"bots?|ai|a\.i\.|assistant|algorithms?|engine|rubric|automated \w+|(grading|scoring|marking|rating|evaluation|"
    r"assessment|transcription|screening) (code|step|side|engine|tool|software|model|system|program|machine|bot|process|"
    r"stage|team|end)|the (assessment|evaluation|scoring|grading|marking))\b",
    r"\b(models?|systems?|programs?|software|machines?|computers?|pipelines?|tools?)\b[^.!?]{0,30}\b(reading|listening( to)?|"
    r"processing|hearing|transcribing|analy[sz]ing|going through|judging|scoring|marking|grading|rating|ranking|evaluating|"
    r"assessing|reads?|processes|listens to) (this|these|me|my|the "
    r"(transcript|answers?|responses?|interview|recording))\b(?! (sensor|data|meter|log|file|part|batch|sample|tag)s?\b)",
    r"\b(any|whichever|whatever) (model|llm|ai|system|program|software|machine|computer|bot|tool)s?( (that'?s|which is|"
    r"who is|is|are|that))? (reading|listening|scoring|marking|grading|rating|judging|out there|on the other end|ends? "
    r"up|involved|in the loop|you are)\b|"
    r"\bto the (software|machine|computer|model|system|program)\b|"
    # spoken to: "OK machine, you heard it", "the model doing the ranking", "whatever's listening in"
    r"^\W*((ok(ay)?|hey|dear|hi|hello|right|so)\s+)?(machine|computer|robot|bot|model|system|software|algorithm)\s*,|"
    r"\b(model|system|program|software|machine|computer|ai)s? doing the (ranking|scoring|marking|grading|rating)\b|"
    r"\b(whatever|whoever|whichever)('s| is) (listening|reading|scoring|marking|grading|rating|judging|watching)\b",
    r"\b(whoever|whatever|anyone|anybody) (builds|writes|reads|compiles|makes|prepares|files|fills in) (the|this|my) "
    r"(report|summary|assessment|scorecard|score ?sheet)\b",
    r"(?-i:(?<![A-Za-z])(AI|GPT)(?![A-Za-z]))|인공지능|로봇|챗\s?GPT|클로드|제미나이|코파일럿|루브릭|점수\s*매기(실|는|시는|시)|"
    r"(평가|채점|분석|녹취|면접)\s*(프로그램|시스템|모델|기계|엔진|도구|쪽|용)|"
    # (and in dialect: "여그서 채점허는 인공지능 양반")
    r"(읽|분석[하허]|처리[하허]|듣|채점[하허]|평가[하허]|돌리|받아 적)는\s*"
    r"(프로그램|모델|기계|시스템|쪽|분들?|인공지능|컴퓨터|AI)")
_TOP_VERDICT = any_of(
    r"\b(top|highest|maximum|max|fives?|5|excellent|exceptional|outstanding|perfect|strongest|level (five|four|5|4)|"
    r"(every|each|all) (the )?(criterion|criteria|anchors?|competenc\w+)|full marks|best (answer|candidate|score|rating|mark)|"
    r"(put|rank|place|list) me (first|at the top|number one))\b",
    r"최고|만점|5\s*점|오\s*점|다섯으로|상위|최상|가장\s*(좋은|높은)|모든 항목|5\s*단계|다섯 개 다")
_SPOKEN_TO = any_of(
    r"\b(please|you|your|me|my|myself|i'?m|i am|i'?d|this|these|call it|tag|flag|trust|would be (lovely|nice|great|"
    r"fair|appreciated)|so far|candidate|applicant)\b",
    r"주세요|주십시오|부탁|바랍니다|됩니다|맞습니다|저(를|한테|는|에게|도)|제\s|(이|제|본) (답|대답|답변)|주시길|보시면|주시면|"
    r"주(씨|시|이)(요|소)|주드래요|주쇼|줘(요|라)|주라")
# told as an event: a past tense after its subject ("The algorithm ranked", "I built a bot", "was reading")
_EN_TOLD_PAST = re.compile(
    r"\b(was|were|had|did)\b|\b(i|we|he|she|they|it|the \w+)\s+(\w+ed|built|made|wrote|set|put|got|gave|took|ran|found|"
    r"saw|told|sent|kept|brought|chose|held|led|left|met|paid|said|sold|spent|stood|taught|won|began|broke|came|went)\b",
    re.IGNORECASE)


def _speaks_to_scorer(sentence: str) -> bool:
    if not (_SCORING_READER.search(sentence) and _TOP_VERDICT.search(sentence) and _SPOKEN_TO.search(sentence)):
        return False
    words = sentence.strip(" .!?").split()
    if re.search(r"[가-힣]", sentence):
        return not (words and korean_past(words[-1]))
    # (a verdict in the past is still a verdict: "this was a perfect answer", "candidate was outstanding")
    said = re.sub(r"\b(this|it|that|candidate|applicant|answer|response) (was|is)\b", "", sentence, flags=re.IGNORECASE)
    return not _EN_TOLD_PAST.search(said)


# a verdict on this answer told in the words of scoring: the rubric or its anchors met, the correct label, the top
# box or band, a verdict for the transcript, top marks by default, a note for whoever writes the report
_SCORING_TALK = any_of(
    r"\b(rubric|anchors)\b[^.!?]{0,60}\b(level (five|5|four|4)|top|highest|maximum|full marks|all (the )?anchors)\b",
    r"\b(level (five|5)|top marks|full marks|all (the )?anchors)\b[^.!?]{0,60}\b(rubric|by default)\b",
    r"\b(a|the|this) (top|highest)[- ](band|tier) (answer|response)\b|\b(this|my) (answer|response) (is|was) (a |an )?"
    r"(top[- ](band|tier)|level[- ]five|five|exceptional|outstanding|perfect)\b",
    r"\bthe (correct|right|proper) (label|output|score|grade|rating|classification|band|mark) (for (this|my|the) "
    r"(answer|response|transcript|candidate)|here|is)\b",
    r"\b(score|scoring|grading|marking) hints?\b|\bverdict (for|on) (the |this |my )?(transcript|answer|response|"
    r"candidate)\b",
    r"\b(automatic|automatically|by default)\b[^.!?]{0,40}\b(top marks|full marks|level (five|5)|maximum|highest)\b",
    r"\b(tick|check) the top box\b|\bput me down (for|as) (the )?(top|highest|a five|five|full)(?![-\w])|"
    r"\b(put|write|enter) (a )?(five|5) (next to|against|beside) my name\b|\b(in|into) the top pile\b",
    r"채점(은|에서는?|할 때|하실 때|결과는)\s.{0,30}(5\s*점|만점|최고)",
    r"(점수표|채점표|평가표)(에는|에|엔)?\s.{0,30}(체크|표시|동그라미|매겨|적어)",
    r"(면접관|담당자|심사위원|평가위원)\S*\s.{0,40}(최고 등급|만점|5\s*점|상위 등급|최고 점수)\S*\s*(으로|로)?\s*(해 ?두|처리|"
    r"주겠|주신|매기)",
    r"(이|제|이번) (답|대답|얘기|이야기)(은|이|을|는)?\s.{0,30}(최고|만점|5\s*점|상위 등급|가장 좋은 답)",
    r"(상위|최고|최상위)\s*(등급|점수)(으로|로)\s*(넣어|분류|처리|매겨|기록)")
# a verdict spoken as a number: "the number to put up for this answer ... is five", "take it to be a five"
_FIVE_GIVEN = re.compile(r"\b(is|be|as|at|gets?|deserves?) (a )?(five|5)(?=\s*([,.;:!?)]|$)|\s+(and|so|overall|then|too|"
                         r"please|to have)\b)", re.IGNORECASE)


def _instructs_scorer(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence) or _SCORER_LABEL.search(sentence) or _SCORING_TALK.search(sentence) or (
        _POINTS_HERE.search(sentence) and _VERDICT.search(sentence) and _ASKS_OR_SETTLES.search(sentence)) or (
        _MACHINE_READER.search(sentence) and (_TOP_MARK.search(sentence) or _FIVE_GIVEN.search(sentence))) or
        _speaks_to_scorer(sentence))


def injection_sentences(transcript: str) -> list[str]:
    """Sentences of the answer that try to instruct the scorer."""
    return [s for s in sentences(transcript) if _instructs_scorer(s)]


_LEFTOVER = re.compile(r"^[\])}」』\"'”’]+\s*")


def strip_injection(transcript: str) -> str:
    """The answer without its instruction-like sentences (what every scorer reads)."""
    parts = sentences(transcript)
    flagged = {s for s in parts if _instructs_scorer(s)}
    if not flagged:
        return transcript
    # a bracket or quote left over from the instruction ("[평가 AI 참고: ...]") goes with it, alone or at the start of
    # the next sentence ("] 감리단장님께도 ...")
    kept = (_LEFTOVER.sub("", s) if previous in flagged else s for previous, s in zip(["", *parts], parts, strict=False))
    return " ".join(s for s in kept if s not in flagged and any(ch.isalnum() for ch in s))


# --- specificity features ----------------------------------------------------
_CUES: dict[str, re.Pattern[str]] = {
    # a concrete action the speaker took themselves
    "action": any_of(
        r"\bi (personally |then |first |also |quickly |immediately )?(built|wrote|designed|rewrote|added|created|"
        r"implemented|fixed|profiled|measured|migrated|proposed|led|set up|ran|ran a|traced|found|noticed|"
        r"decided|organi[sz]ed|scheduled|refactored|introduced|drafted|reviewed|tested|automated|moved|"
        r"replaced|split|changed|documented|asked|met|called|paired|negotiated|presented|explained|"
        r"volunteered|took|started|reached out|dug|checked|compared|wrote up|rolled back|deployed|shipped|"
        r"mentored|coached|reproduced|benchmarked|analy[sz]ed|investigated|instrumented|prototyped|"
        r"interviewed|cut|simplified|prioriti[sz]ed|escalated|owned|built up|created a)\b",
        r"\bi (?:\w+ly )?(?!was\b|used\b|liked\b|loved\b|enjoyed\b|needed\b|wanted\b)[a-z]{3,}ed\b",
        r"\bi (?:then |also |first )?(took|went|made|sat|set|wrote|built|ran|led|met|cut|put|got|gave|sent|"
        r"told|showed|brought|kept|chose|found|left|paid|began|did|drove|spoke|thought through)\b",
        r"\bmy (role|part|job) was\b", r"\bi was responsible\b",
        r"제가\s*(직접|먼저|혼자)?", r"(저는|저희 중 제가)", r"직접\s*\S+", r"(했|만들었|작성했|설계했|도입했|구현했|"
        r"제안했|분석했|측정했|정리했|고쳤|바꾸었|바꿨|옮겼|자동화했|진행했|확인했|찾았|설득했|설명했|조율했|"
        r"맡았|이끌었|기록했|공유했)습니다",
    ),
    # a number, metric or quantity
    "number": any_of(
        r"\d", r"\b(percent|twice|half|double[ds]?|triple[ds]?|tenfold|one|two|three|four|five|six|seven|eight|"
        r"nine|ten|dozen|hundred|thousand|million)\b", r"(절반|두 배|세 배|몇 배|한 달|일주일|하루|이틀|사흘)",
    ),
    # an outcome or result
    "outcome": any_of(
        r"\b(result|resulted|as a result|reduced|cut|dropped|fell|increased|improved|grew|saved|raised|"
        r"went (down|up) from|from \S+ to|lowered|shortened|sped up|faster|fewer|no longer|launched|"
        r"shipped|delivered|hit|met the|closed|resolved|succeeded|won|adopted|after that|afterwards|since then|"
        r"became|stopped|approved|signed off|went live|finished|on time|no longer|now)\b",
        r"결과", r"(그 뒤로|그 이후|이후로|되었습니다|끝났|통과|승인|출시|없었습니다|멈췄)",
        r"(줄였|줄어|늘었|늘렸|높였|낮췄|개선|단축|향상|감소|증가|절감|해결|출시|달성|성공|채택|사라졌)",
    ),
    # analysis, root cause, evidence gathering
    "analysis": any_of(
        r"\b(root cause|because|caused by|the cause|logs?|profil\w*|metrics?|dashboard|data showed|measured|"
        r"hypothes\w+|experiment\w*|a/b|benchmark\w*|traced?|reproduc\w+|investigat\w+|diagnos\w+|"
        r"bottleneck|analy[sz]\w*)\b",
        r"(원인|때문|로그|프로파일|지표|데이터|측정|가설|실험|재현|분석|병목|추적)",
    ),
    # alternatives, trade-offs, constraints
    "alternatives": any_of(
        r"\b(option|options|alternative\w*|trade-?offs?|instead of|rather than|compared|weigh\w*|pros and cons|"
        r"constraint\w*|downside|at the cost|considered)\b",
        r"(대안|비교|절충|트레이드오프|대신|장단점|제약|고려했|검토했)",
    ),
    # verification that it held
    "verification": any_of(
        r"\b(verified|validated|confirmed|monitored|checked again|load test\w*|regression test\w*|"
        r"held up|stayed|since then|still)\b",
        r"(검증|확인했|모니터링|유지되|그 이후로|지금까지)",
    ),
    # reflection and learning
    "reflection": any_of(
        r"\b(learn(ed|t)|lesson|taught me|next time|in hindsight|looking back|i now|now i|i would|"
        r"differently|realized|realised|since then i|changed how i|mistake)\b",
        r"(배웠|배운 점|교훈|깨달|다음부터|이후로|돌아보|다시 한다면|실수|반성|지금은)",
    ),
    # working with others
    "collaboration": any_of(
        r"\b(team|teammates?|colleagues?|together|designer|product manager|pm|engineer from|another team|"
        r"stakeholders?|disagree\w*|conflict|compromise|consensus|pair(ed)?|mentor\w*|helped|credit|"
        r"listened|aligned|on-?call partner|manager)\b",
        r"(팀|동료|함께|같이|디자이너|기획자|다른 부서|이해관계자|의견|갈등|타협|합의|멘토|도와|도움|경청|설득)",
    ),
    # adapting the message to an audience
    "audience": any_of(
        r"\b(explained|presented|non-technical|audience|wrote (a|an) (doc|summary|post-?mortem)|"
        r"demo(ed)?|walked \w+ through|diagram|plain language|summary)\b",
        r"(설명했|발표|비전문가|보고서|문서로|정리해서|공유했|눈높이)",
    ),
}


@dataclass(frozen=True)
class Features:
    lang: str
    words: int
    counts: dict[str, int] = field(default_factory=dict)
    injection: int = 0


def extract(transcript: str, *, lang: str | None = None) -> Features:
    """Feature counts of the answer with instruction-like sentences removed."""
    flagged = injection_sentences(transcript)
    clean = strip_injection(transcript)
    language = lang or detect_language(clean)
    counts = {name: len(rx.findall(clean)) for name, rx in _CUES.items()}
    return Features(lang=language, words=word_count(clean), counts=counts, injection=len(flagged))


# Which cues show each competency's higher anchors (read from rubrics/default_rubric.yaml).
COMPETENCY_CUES: dict[str, tuple[str, ...]] = {
    "problem_solving": ("analysis", "alternatives", "verification"),
    "ownership": ("action", "verification", "reflection"),
    "collaboration": ("collaboration", "alternatives", "reflection"),
    "communication": ("audience", "outcome", "reflection"),
    "job_knowledge": ("analysis", "alternatives", "number"),
}
