"""The interviewer's own words, English and Korean: how a question points at a resume item
(quoting the candidate's line, or "you cut ... at Kakao Pay") and what it asks for, one
set of behavioural asks per competency, each asking for the candidate's own actions and
an outcome the rubric can score. Several forms of each, so a plan reads like a person
wrote it, not one skeleton with a noun swapped in."""

from __future__ import annotations

import re

from pipelines.questions.facts import ResumeFact

# --- asks: "about" points back at the item ("that", "there"); "open" asks for a situation
ASKS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "problem_solving": {
            "about": (
                "What problem were you solving there, how did you work out the right approach, and how did you know it worked?",
                "What was the hardest part of that, and how did you decide what to try first?",
                "How did you approach that, step by step, and what told you it was working?",
            ),
            "open": (
                "Tell me about the hardest problem you solved{where}: how did you find the cause, what did you try, "
                "and how did you know it worked?",
                "Describe a problem{where} that did not have an obvious answer: what did you look at, what did you "
                "decide, and what happened?",
            ),
        },
        "ownership": {
            "about": (
                "What part of that did you drive yourself, and what did you do when it got difficult?",
                "Whose idea was it to take that on, and what did you personally do to see it through?",
                "Where did you have to step beyond your own role in that work, and what came of it?",
            ),
            "open": (
                "Tell me about something{where} that you took on without being asked: what did you do yourself, "
                "and what came of it?",
                "Describe a time{where} when something went wrong on your watch: what did you do about it, and what "
                "changed afterwards?",
            ),
        },
        "collaboration": {
            "about": (
                "Who did you work most closely with on that, and how did you handle a moment when you saw things differently?",
                "Tell me about one person you worked closely with on that: where did you differ, and how did you resolve it?",
                "What did that depend on from other people, and how did you get their support when it was hard?",
            ),
            "open": (
                "Tell me about a time{where} when you and a colleague disagreed on how to do something: what did you do, "
                "and how did it end?",
                "Describe a time{where} when you needed another team's help to succeed: how did you get it, and what "
                "was the outcome?",
            ),
        },
        "communication": {
            "about": (
                "How did you explain that work to people outside your team, and what did you change for them?",
                "Who needed to understand that work, and how did you make it clear to them?",
                "When you presented that result, who was the audience, and how did you adapt the message to them?",
            ),
            "open": (
                "Tell me about a time{where} when you had to explain something complex to people without your "
                "background: how did you do it, and how did you know it landed?",
                "Describe a time{where} when a message of yours was misunderstood: what did you do, and what did "
                "you change afterwards?",
            ),
        },
        "job_knowledge": {
            "about": (
                "Which technical choices did you make there, why did they fit better than the alternatives, and "
                "what would you change today?",
                "Take me through the methods or tools you used there: why those, and where did they reach their limits?",
                "What did you need to know to do that well, and where did you apply it in a way others might not have?",
            ),
            "open": (
                "Walk me through a piece of work{where} that needed real expertise: which choices did you make, "
                "and why?",
                "Tell me about a time{where} when the standard approach did not fit: what did you use instead, and why?",
            ),
        },
    },
    "ko": {
        "problem_solving": {
            "about": (
                "그때 풀어야 했던 문제는 무엇이었고, 어떤 방법들을 비교해서 무엇을 직접 바꾸셨는지, 효과는 어떻게 확인하셨나요?",
                "가장 어려웠던 지점은 무엇이었고, 무엇부터 시도할지는 어떻게 판단하셨나요?",
                "그 일에 어떤 순서로 접근하셨고, 그 방법이 통하고 있다는 건 무엇으로 알 수 있었나요?",
            ),
            "open": (
                "{where}해결하신 가장 어려운 문제를 하나 들어, 원인을 어떻게 찾았고 무엇을 직접 바꿨는지, 결과는 어땠는지 "
                "말씀해 주시겠어요?",
                "{where}답이 뻔하지 않았던 문제가 있었다면, 무엇을 살펴보고 어떻게 결정하셨는지, 결과는 어땠는지 들려주시겠어요?",
            ),
        },
        "ownership": {
            "about": (
                "그 일에서 본인이 직접 주도한 부분은 무엇이었고, 어려움이 생겼을 때는 어떻게 끝까지 마무리하셨나요?",
                "그 일은 누가 먼저 하자고 했고, 끝까지 해내기 위해 본인은 구체적으로 무엇을 하셨나요?",
                "그 과정에서 맡은 범위를 넘어 직접 나서야 했던 순간이 있었다면, 무엇을 하셨고 결과는 어땠나요?",
            ),
            "open": (
                "{where}누가 시키지 않았는데 직접 맡아서 해낸 일이 있다면, 본인이 한 일과 그 결과를 말씀해 주시겠어요?",
                "{where}본인이 맡은 일이 잘못된 적이 있다면, 어떻게 대처하셨고 그 뒤로 무엇이 달라졌는지 들려주시겠어요?",
            ),
        },
        "collaboration": {
            "about": (
                "그 일을 하면서 누구와 가장 긴밀하게 일하셨고, 의견이 달랐던 순간은 어떻게 풀어 가셨나요?",
                "함께한 동료나 다른 팀과 입장이 엇갈렸던 적이 있었다면, 어떻게 합의에 이르셨는지 말씀해 주시겠어요?",
                "그 일을 하면서 다른 사람의 도움이 필요했던 부분은 무엇이었고, 어려울 때 어떻게 협조를 얻으셨나요?",
            ),
            "open": (
                "{where}동료와 일하는 방식을 두고 의견이 달랐던 적이 있다면, 본인은 무엇을 하셨고 어떻게 마무리됐는지 "
                "말씀해 주시겠어요?",
                "{where}다른 팀의 도움이 꼭 필요했던 일이 있었다면, 어떻게 협조를 얻으셨고 결과는 어땠나요?",
            ),
        },
        "communication": {
            "about": (
                "그 내용을 팀 밖의 사람들에게는 어떻게 설명하셨고, 듣는 사람에 맞춰 무엇을 바꾸셨나요?",
                "그 작업을 이해시켜야 했던 사람은 누구였고, 어떻게 전달하셨는지 말씀해 주시겠어요?",
                "그 결과를 공유하실 때 듣는 사람은 누구였고, 그분들에 맞게 어떻게 전달 방식을 바꾸셨나요?",
            ),
            "open": (
                "{where}전문 지식이 없는 사람에게 어려운 내용을 설명해야 했던 경험을 하나 들어, 어떻게 설명하셨고 잘 "
                "전달됐다는 건 어떻게 아셨나요?",
                "{where}본인의 말이나 글이 오해를 산 적이 있다면, 어떻게 바로잡으셨고 그 뒤로 무엇을 바꾸셨나요?",
            ),
        },
        "job_knowledge": {
            "about": (
                "거기서 어떤 기술적 선택을 하셨고, 다른 방법보다 그게 더 맞았던 이유와 지금이라면 바꾸고 싶은 점은 무엇인가요?",
                "그때 쓰신 방법이나 도구를 하나씩 설명해 주시고, 왜 그것을 고르셨는지, 한계는 어디였는지 말씀해 주시겠어요?",
                "그 일을 잘 해내는 데 어떤 지식이 필요했고, 그 지식을 남들과 다르게 적용하신 부분은 무엇이었나요?",
            ),
            "open": (
                "{where}깊은 전문 지식이 필요했던 작업을 하나 들어, 어떤 선택을 하셨고 왜 그렇게 하셨는지 말씀해 주시겠어요?",
                "{where}일반적인 방법이 맞지 않았던 경우가 있었다면, 대신 무엇을 쓰셨고 그 이유는 무엇이었나요?",
            ),
        },
    },
}
# Without a resume item: the job or the company's values set the scene, the open asks follow.
JOB_LEADS = {
    "en": ("This {job} role works a lot with {req}.", "{req} is central to this {job} role.",
           "As a {job}, you would be working with {req}."),
    "ko": ("{job} 업무에서는 {req}을(를) 많이 다룹니다.", "이번 {job} 포지션에서는 {req}이(가) 핵심입니다.",
           "{job}(으)로 일하시면 {req}을(를) 자주 다루게 됩니다."),
}
VALUE_LEADS = {"en": "Our talent profile asks for \"{value}\".",
               "ko": "저희가 중요하게 보는 인재상 중 하나가 ‘{value}’입니다."}
# how an open ask names the place: after a role ("there", "그곳에서 "), or anywhere in their work
WHERE = {"en": {"role": " there", "none": ""}, "ko": {"role": "그곳에서 ", "none": ""}}
# without a resume item, a lead that fits the competency sets the scene
ROLE_LEADS = {
    "en": {"ownership": "In this {job} role, you would own a lot of your work end to end.",
           "collaboration": "You would work with many people across teams as a {job} here.",
           "communication": "Explaining your work to people outside your field is a big part of this {job} role."},
    "ko": {"ownership": "이번 {job} 포지션은 맡은 일을 처음부터 끝까지 책임지는 자리입니다.",
           "collaboration": "{job}(으)로 일하시면 여러 팀의 사람들과 함께 일하게 됩니다.",
           "communication": "다른 분야 사람들에게 일을 설명하는 것도 {job} 업무의 큰 부분입니다."},
}

_VERB_START = re.compile(
    r"^(led|built|designed|created|developed|implemented|launched|introduced|migrated|rebuilt|rewrote|cut|"
    r"reduced|improved|increased|automated|owned|drove|ran|managed|negotiated|trained|mentored|coordinated|"
    r"established|founded|scaled|optimi[sz]ed|redesigned|delivered|shipped|set|wrote|presented|organi[sz]ed|"
    r"streamlined|resolved|handled|taught|coached|partnered|spearheaded|initiated|grew|saved|won|oversaw|"
    r"supervised|planned|analy[sz]ed|replaced|split|moved|consolidated|standardi[sz]ed|opened|closed|"
    r"brought|lowered|raised|halved|doubled|tripled|expanded|converted|introduced|served|achieved|"
    r"[a-z]+ed)\b", re.IGNORECASE)
_MAX_QUOTE = {"en": 24, "ko": 18}
_OPEN_RANGE = re.compile(r"(\bfrom\s+\S+\s*$)|(\S+에서\s*$)|(\bfrom\s+[\d.,%$]+(\s\w+)?$)", re.IGNORECASE)


def _trim(text: str, lang: str) -> str:
    """The item short enough to say aloud: cut at a clause boundary, else after N words, never
    between "from 48%" and "to 67%"."""
    text = text.strip().rstrip(".。")
    words = text.split()
    limit = _MAX_QUOTE[lang]
    if len(words) <= limit:
        return text
    for cut in (r";\s", r",\s(?:which|where|and|while)\s", r"\s(?:by|through|using)\s+\w+ing\b", r",\s"):
        head = re.split(cut, text)[0]
        if 4 <= len(head.split()) <= limit and not _OPEN_RANGE.search(head):
            return head.rstrip(",;")
    head = " ".join(words[:limit])
    rest = words[limit:]
    while rest and (_OPEN_RANGE.search(head) or re.search(r"\d$|\bto$", head)):
        head += " " + rest.pop(0)
    return head.rstrip(",;")


def _batchim(text: str) -> bool:
    """Whether the last sound of ``text`` is closed (picks 이라고/라고, 을/를)."""
    last = text.rstrip(" '’\")")[-1:] or "가"
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    if last.isdigit():
        return last in "013678"
    word = text.rstrip(" '’\")").lower()
    return word.endswith(("l", "m", "n", "ng"))  # loanwords: "React" ends open (리액트), "Python" closed (파이썬)


def ko_particle(text: str, pair: str) -> str:
    """``pair`` like "이라고/라고", "을/를", "이/가", "으로/로": the form that follows ``text``."""
    closed, open_ = pair.split("/")
    if text.rstrip(" '’").endswith("다"):
        return open_
    return closed if _batchim(text) else open_


def _employer_suffix(fact: ResumeFact) -> str:
    if fact.employer and fact.employer.lower() not in fact.text.lower():
        return f" at {fact.employer}"
    return ""


def anchors_en(fact: ResumeFact) -> list[str]:
    """Sentences that point at one resume item, in the candidate's own words."""
    if fact.kind == "role":
        role, employer = fact.role or "your role", fact.employer
        where = f" at {employer}" if employer else ""
        return [f"You worked as {role}{where}.", f"I'd like to start from your time as {role}{where}."]
    item = _trim(fact.text, "en")
    at = _employer_suffix(fact).strip()
    if _VERB_START.match(item):
        phrase = item[0].lower() + item[1:] if not item[:2].isupper() else item
        if at:  # the employer first: "at Coupang" after a long clause reads as part of it
            employer = fact.employer
            return [f"At {employer}, you {phrase}.", f"Your resume says that at {employer} you {phrase}.",
                    f"You mention that at {employer} you {phrase}.", f"I noticed that at {employer} you {phrase}.",
                    f"Let's talk about {employer}, where you {phrase}.",
                    f"One thing stands out from your time at {employer}: you {phrase}."]
        return [f"Your resume says you {phrase}.", f"You mention that you {phrase}.", f"I see that you {phrase}.",
                f"Let's talk about the time you {phrase}.", f"One thing stands out on your resume: you {phrase}."]
    where = f" ({at})" if at else ""
    return [f"Your resume lists \"{item}\"{where}.", f"One line on your resume caught my eye: \"{item}\"{where}.",
            f"I'd like to hear about \"{item}\"{where}.", f"Let's start from this line of your resume: \"{item}\"{where}."]


def anchors_ko(fact: ResumeFact) -> list[str]:
    if fact.kind == "role":
        role, employer = fact.role or "그 역할", fact.employer
        where = f"{employer}에서 " if employer else ""
        return [f"{where}{role}{ko_particle(role, '으로/로')} 일하셨을 때를 여쭤보겠습니다."]
    item = _trim(fact.text, "ko")
    said = ko_particle(item, "이라고/라고")
    found = [f"이력서에 ‘{item}’{said} 적어 주셨는데요.", f"‘{item}’{said} 쓰신 부분에 대해 여쭤보겠습니다.",
             f"‘{item}’ 경험이 눈에 띄었습니다.", f"이번에는 ‘{item}’ 이야기를 해 보겠습니다."]
    if fact.employer and fact.employer not in item:
        found += [f"{fact.employer}에서의 ‘{item}’ 경험을 봤습니다.",
                  f"{fact.employer} 경력에 ‘{item}’{said} 적으셨던데요."]
    return found


def anchors(fact: ResumeFact, lang: str) -> list[str]:
    return anchors_ko(fact) if lang == "ko" else anchors_en(fact)


def job_lead(lang: str, job: str, requirement: str, variant: int) -> str:
    leads = JOB_LEADS["ko" if lang == "ko" else "en"]
    return fill_particles(leads[variant % len(leads)].format(job=job, req=requirement), lang)


def fill_particles(text: str, lang: str) -> str:
    """Pick each "을(를)" / "이(가)" / "(으)로" in a Korean sentence for the word before it."""
    if lang == "ko":
        text = re.sub(r"(\S+?)을\(를\)", lambda m: m.group(1) + ko_particle(m.group(1), "을/를"), text)
        text = re.sub(r"(\S+?)이\(가\)", lambda m: m.group(1) + ko_particle(m.group(1), "이/가"), text)
        text = re.sub(r"(\S+?)\(으\)로", lambda m: m.group(1) + ko_particle(m.group(1), "으로/로"), text)
    return text


def open_ask(ask: str, lang: str, place: str) -> str:
    """An "open" ask with its place: "there" after a role, nothing when none is known."""
    return ask.replace("{where}", WHERE[lang][place])
