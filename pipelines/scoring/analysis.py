"""What an interview answer shows, read the way a structured interviewer reads it, in
English and Korean: who acted (the candidate, their team, someone else), whether it
tells one real episode or only general claims, a recited CV or a list of keywords,
which STAR elements it has (situation, own action, result, a measured result, the
reasoning, alternatives, verification, what was learned), and the behaviours the
rubric's higher anchors name (initiative, an owned mistake, a disagreement handled,
helping others, adapting to an audience).

Counting words anywhere is what a candidate can game; here a number counts only in a
sentence that reports a result, an action only when the candidate is its subject, and
nothing counts in an answer that is about another topic (``relevance``).

Pure functions over text: the scorer (``pipelines.scoring.levels``) and the follow-up
probes (``pipelines.questions``) both read an ``Analysis``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipelines.scoring.domain import PERSONAL_MARGIN
from pipelines.scoring.features import strip_injection
from pipelines.scoring.text import any_of, detect_language, korean_past, normalise, sentences, word_count

# --------------------------------------------------------------------------- who acted (English)
_EN_SELF = {"i", "i've", "i'd", "myself"}
_EN_WE = {"we", "we've", "we'd"}
_EN_OTHER = {"he", "she", "they", "he'd", "she'd", "they'd", "they've", "management", "someone", "somebody", "qa",
             "leadership", "everybody", "everyone"}
_EN_DETERMINER = frozenset("the a an our my his her their this that every each".split())
_EN_US = re.compile(r"(?:the (?:two|three|four) of us|(?:both|all|each) of us)\b")
# capitalised words that start a sentence before a verb without being anyone ("Then went...", "Finally got")
_EN_NOT_A_NAME = frozenset("""then so and but finally eventually later afterwards also first next basically honestly
    obviously luckily unfortunately fortunately yesterday today everything nothing something that this it what which
    who when where why how there here yes yeah okay ok right well sure um uh""".split())
_EN_PREPOSITION = frozenset("to with for from at of by in on".split())  # no subject follows one
_EN_YOU = {"you", "you'd", "you've", "you'll"}
_EN_THING = {"it"}  # a subject only where a clause starts ("when it reached me"), never as an object ("fixed it")
_EN_GROUP = re.compile(
    r"^(?:the|our|my|a|their|another|his|her|one|two|three|some|other)\s+(?:(\w+(?:-\w+)?)\s+)?"
    r"(team|teams|engineers?|manager|managers|lead|director|supervisor|boss|seniors?|colleagues?|analysts?|"
    r"developers?|department|company|client|customer|vendor|doctors?|coordinator|owner|cto|ceo|pm|"
    r"designer|nurses?|teammates?|coworkers?|co-workers?|staff|people|guys|folks)\b"
)
# a machine as the subject: "the monitoring system flagged it", "our analysis module compared six months of data"
_EN_MACHINE = re.compile(r"^(?:the|our|my|a|their|this|that)\s+(?:[\w-]+\s+){0,2}?(?:system|software|tool|algorithm|"
                         r"dashboard|module|platform|automation|script|bot|chatbot|sensors?|monitoring|alarm|app|ai|"
                         r"program|logic|controller|plc|bms|scada)\b")
_EN_IRREGULAR_PAST = frozenset(
    """took went made ran led wrote built found chose set put cut got gave sent told showed brought kept began
    drove spoke sat met paid left thought sold taught caught bought won held did said saw knew became felt grew
    split spent lost dealt meant broke stood understood rewrote undertook overcame drew fought hired hung laid
    lit let quit rode rose shook shot sought slept spun stuck struck swept swore threw tore woke withdrew
    rang sang swam drank sank wore fled forgot forgave froze hid blew flew stole bent lent dug swung sprang
    shrank bound wept crept leapt knelt slid sped strode upheld withheld overheard oversaw overtook underwent
    mistook misled foresaw awoke""".split()
)
# past forms the regular rule misses: "-eed" is excluded for need/speed/indeed; participles after "I'd"/"I've"
_EN_PAST_EXTRA = frozenset("agreed disagreed guaranteed freed seen done taken given written spoken shown chosen broken "
                           "driven begun".split())
_EN_NOT_VERB = frozenset(
    """need red bed fed shed speed seed feed indeed hundred based limited interested tired supposed used
    experienced skilled advanced detailed related dedicated motivated complicated sophisticated talented
    varied united bored excited worried scared surprised concerned involved engaged assigned unexpected""".split()
)
_EN_WEAK = frozenset(
    """watched observed saw noticed learned learnt waited attended followed joined heard remembered
    participated knew predicted foresaw expected guessed suspected""".split()  # knowing is no act: "I knew it, I predicted it"
)
# a word right after one of these is an adjective or a noun ("a structured mindset", "my finished report")
_EN_DETERMINER = frozenset("a an the my our your their his its".split())
_EN_DEGREE = frozenset("most more less very too highly quite".split())
# "stay calm and be structured", "it's resolved": a state, not an act
_EN_BE = frozenset({"be", "being", "it's", "that's", "what's"})
# "I stayed out of it", "I got Employee of the Month": no act of the story
_EN_NOT_AN_ACT = re.compile(r"(stayed|kept) out\b|(got|won|received|earned) (\w+ ){0,3}(award|prize|of the (month|quarter|"
                            r"year)|recognition|recognised|recognized|promoted|promotion|bonus)\b", re.IGNORECASE)
_EN_MODAL = frozenset("would will can could should might must 'd 'll usually always often generally normally tend".split())
# auxiliaries, adverbs and the past forms _en_verb does not know (it and _EN_PRESENT_1P are asked first)
_EN_NOT_PRESENT = frozenset("""was were had has does also then first just really never always still only even actually
    personally immediately quickly finally eventually again already both all too usually often sometimes myself
    ourselves together came fell been""".split())
_EN_SAME_PAST = frozenset("put cut set let read hit quit shut spread".split())  # one form for both tenses
_EN_PAST_PREFIX = re.compile(r"(?:re|over|under|mis|with)(\w{3,})$")
# "I was call each guest", "we was check the stock": the past as many second-language speakers of English
# say it (the verbs people do work with; not role nouns like "lead" or "support")
_EN_BASE_ACTION = frozenset("""call make move check fix write send talk ask tell arrange prepare contact change test
    train explain organize organise plan print count clean repair replace install update build design create start
    stop close open finish find follow measure record report review search solve visit meet help handle take give
    bring put run book cancel order pack load unload deliver drive carry lift sort label scan email message phone
    reply answer apologize apologise offer decide discuss agree refuse negotiate calculate compare analyze analyse
    investigate inspect confirm verify collect gather list draw show teach coach guide split share assign divide
    escalate inform warn remind suggest propose present convince persuade request submit document note track
    monitor restart reboot reset configure debug deploy migrate restore copy fill complete try go come stay wait
    walk look read listen speak say learn improve reduce increase cut save return refund exchange wash cook serve
    mix paint weld drill wrap set""".split())
_EN_BEFORE_VERB = frozenset("also then just already immediately quickly personally first finally actually directly "
                            "even".split())
_EN_BEFORE_BASE = _EN_BEFORE_VERB | {"i", "we", "myself"}
# a hypothetical frame ("what I would do is...", "if I came across one...") makes the answer's
# "I'd"/"I would" sentences a method, not an event ("When I got those calls I'd first..." stays past)
_EN_HYPOTHETICAL_FRAME = re.compile(r"\bwhat i(?:'d| would) do\b|\bif i (?:were|came across|ever|had to|faced)\b|"
                                    r"\blet'?s say\b|\bsuppose\b|\bhypothetical(ly)?\b|\bmy task would be\b",
                                    re.IGNORECASE)
_EN_WOULD = re.compile(r"\bi(?:'d| would)\b", re.IGNORECASE)
_EN_PRESENT_1P = frozenset(
    """believe think try make ensure feel know love like enjoy focus prefer work am have value see consider
    keep handle bring use want aim strive put take get do""".split()
)
_EN_NP_STOP = frozenset("""i we he she they you it me us him them and or but to of with for in on at from by that
    which who then so just also""".split())
_EN_SUBORDINATOR = frozenset("before after when while because until once since as although though".split())
_EN_CLAUSE_BREAK = frozenset("while because although though since whereas until unless if".split())
# after these a pronoun starts a clause of its own; after a noun ("the plan she gave me") it is a relative clause
_EN_CLAUSE_START = frozenset("and but so then because when while after before that which who , . ; : if once as".split())
_EN_OBJECT_START = frozenset("him her them it everyone everybody the my our his their a an".split())
_EN_UNSAID = frozenset("seemed looked felt sounded turned happened was were had got used meant".split())
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d.,%]*|[.,;:!?]")


# what a candidate does who only passes a problem on: noticed, told, reported (and the Korean forms)
_REPORT_VERB = re.compile(r"^(noticed|spotted|saw|sent|told|reported|informed|emailed|messaged|flagged|escalated|"
                          r"raised|mentioned|let|alerted|notified|called|asked|pinged)$|발견|보고|알렸|알려|말씀드|전달|"
                          r"연락|여쭤|요청|건의|공유", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """One predicate of the answer with the actor it belongs to."""

    actor: str  # self | we | other | none
    verb: str
    kind: str  # past (an event) | generic (habit, belief, hypothesis) | weak (watched, took notes) | state
    sentence: int  # index of the sentence it is in


def _en_subject(tokens: list[str], i: int, people: set[str]) -> tuple[str, int] | None:
    """(actor, tokens consumed) when a subject starts at ``tokens[i]``."""
    word = tokens[i].lower()
    if word in _EN_SELF:
        return "self", 1
    if word in _EN_WE:
        return "we", 1
    if word in _EN_OTHER:
        return "other", 1
    if word in _EN_THING and (i == 0 or tokens[i - 1].lower() in _EN_CLAUSE_START):
        return "none", 1
    if word in _EN_YOU and (i == 0 or tokens[i - 1].lower() in _EN_CLAUSE_START):
        return "none", 1  # "if you asked anyone": the listener, or anyone, never the candidate's act
    if tokens[i] in people:  # "Mina would finish the statement", "Priya agreed"
        return "other", 1
    # a name with its role in commas before the verb: "Lee, our chargehand, checked the jig"
    if tokens[i][:1].isupper() and word not in _EN_SELF and i + 3 < len(tokens) and tokens[i + 1] == "," \
            and tokens[i + 2].lower() in _EN_DETERMINER:
        close = next((j for j in range(i + 3, min(i + 7, len(tokens))) if tokens[j] == ","), None)
        if close is not None and close + 1 < len(tokens) and _en_verb(tokens[close + 1]):
            return "other", close + 1 - i
    phrase = " ".join(t.lower() for t in tokens[i:i + 4])
    together = _EN_US.match(phrase)  # "the two of us tested", "both of us"
    if together:
        return "we", len(together.group(0).split())
    machine = _EN_MACHINE.match(phrase)
    if machine:
        return "other", len(machine.group(0).split())
    found = _EN_GROUP.match(phrase)
    if found is None:
        # "the drivers said", "the baler jammed": someone or something else, never the candidate
        if word in _EN_DETERMINER and i + 2 < len(tokens) and tokens[i + 1].isalpha() and _en_verb(tokens[i + 2]) and (
                i == 0 or tokens[i - 1].lower() in _EN_CLAUSE_START):  # not "pulled the list of all the SKUs affected"
            return "none", 2
        return None
    qualifier, noun = found.group(1), found.group(2)
    owner = word
    consumed = 3 if qualifier else 2
    if noun in ("team", "teams") and owner in ("the", "our", "my") and (qualifier in (None, "whole", "entire", "own")):
        return "we", consumed
    if owner in ("our", "my") and noun in ("team", "department", "company"):
        return "we", consumed
    return "other", consumed


def _en_people(parts: list[str]) -> set[str]:
    """Names of people who act in the answer ("Mina would finish the statement", "Priya agreed"): a
    capitalised word that a past verb or a modal follows, inside a sentence, or at its start when the
    answer also writes it capitalised inside one (so "Failures went down" names no one)."""
    inside: set[str] = set()
    acting: list[tuple[str, int]] = []
    for part in parts:
        tokens = _EN_TOKEN.findall(part)
        for i, token in enumerate(tokens):
            if not (token.isalpha() and len(token) > 1 and token[0].isupper() and not token.isupper()
                    and token.lower() not in _EN_NOT_A_NAME):
                continue
            if i > 0:
                inside.add(token)
            after = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            if (after in ("would", "will", "could", "said", "was", "had") or _en_verb(after)) and (
                    i == 0 or tokens[i - 1].lower() not in _EN_PREPOSITION):  # not "my work at Fenwick was"
                acting.append((token, i))
    return {token for token, i in acting if i > 0 or token in inside}


def _en_verb(word: str) -> bool:
    low = word.lower()
    if low in _EN_IRREGULAR_PAST or low in _EN_PAST_EXTRA:
        return True
    prefixed = _EN_PAST_PREFIX.match(low)  # "rebuilt", "redid", "overpaid", "misspoke"
    if prefixed and prefixed.group(1) in _EN_IRREGULAR_PAST and prefixed.group(1) not in _EN_SAME_PAST:
        return True
    return (len(low) > 4 and low.endswith("ed") and low not in _EN_NOT_VERB and not low.endswith("eed")
            and "-" not in low and not low.startswith("un"))


def _en_present(word: str) -> bool:
    """A plain present-tense verb right after "I"/"we" ("I break", "we compare"), not a past form,
    an auxiliary or an adverb."""
    low = word.lower()
    return (word.isalpha() and word == low and len(low) > 2 and not _en_verb(low) and low not in _EN_NOT_PRESENT
            and low not in _EN_MODAL and not low.endswith("ly"))


def _told_past(word: str, found: list[Clause]) -> bool:
    """A verb with one form for both tenses ("put", "read") is past once the story is told in the past."""
    return word in _EN_SAME_PAST and any(c.kind == "past" for c in found)


def _after_a_noun_phrase(tokens: list[str], i: int, subject_at: int) -> bool:
    """The verb at ``i`` follows a noun phrase of its own, after the clause's subject (at ``subject_at``): "I
    think about the night the lift broke down", "I checked the log the engineer sent". Its subject is that
    phrase, not the clause's."""
    for d in range(i - 1, max(subject_at, i - 5), -1):
        word = tokens[d].lower()
        if word in ("the", "a", "an", "our", "their", "his", "her"):
            return d < i - 1
        if not word.isalpha() or word in _EN_NP_STOP or _en_verb(word):
            return False
    return False


# "I had Marcus pull the counters", "I got the ISP to run tests", "I let the engineer trace it": the act is theirs
_EN_DELEGATING = frozenset({"had", "got", "let"})
_EN_OBJECT = frozenset("him her them".split())
_EN_DELEGATED = (_EN_BASE_ACTION | {"pull", "push", "dig", "trace", "rerun"}) - {"know"}  # "let them know": telling



def _delegated(tokens: list[str], i: int) -> int | None:
    """Where the delegated verb is when someone follows "had"/"got"/"let" (at ``i``) and then acts:
    "Marcus pull", "our junior engineer, Dev, set up", "the ISP to run"."""
    j = i
    if j < len(tokens) and tokens[j].lower() in _EN_OBJECT:
        j += 1
    elif j < len(tokens) and tokens[j].lower() in _EN_DETERMINER:
        j += 1
        while j < len(tokens) and j - i <= 4 and (tokens[j].replace("'", "").isalpha() or tokens[j] == ",") and not (
                tokens[j].lower() in _EN_DELEGATED or tokens[j] == "to"):
            j += 1
        if j == i + 1:  # "had a look": no one named
            return None
    else:
        while j < len(tokens) and j - i < 2 and tokens[j][:1].isupper() and tokens[j].isalpha() and tokens[j] != "I":
            j += 1
    if j == i or j >= len(tokens):
        return None
    infinitive = tokens[j] == "to"
    j += infinitive
    word = tokens[j] if j < len(tokens) else ""
    if word.lower() in _EN_DELEGATED or (infinitive and _en_present(word) and word != "know"):
        return j
    return None


_EN_ARRIVAL = frozenset("started arrived left began".split())  # "joined" is in _EN_WEAK already
_EN_TIME_WORD = frozenset("when time since before after until once".split())


def _arrival_time(tokens: list[str], i: int) -> bool:
    """"When I started, ...", "by the time I left it was 1.9": when they came or went, no act of the story."""
    if tokens[i].lower() not in _EN_ARRIVAL or i < 2 or tokens[i - 2].lower() not in _EN_TIME_WORD:
        return False
    after = [t.lower() for t in tokens[i + 1:i + 3]]
    return (not after or not after[0].isalpha() or after[0] in ("there", "here", "in", "at", "on", "as")
            or (len(after) == 2 and after[1] in ("was", "were", "had")))


def _took_a_look(tokens: list[str], i: int) -> int:
    """Tokens of "had a look", "took a closer look" starting at ``i`` (0 when none)."""
    words = [t.lower() for t in tokens[i:i + 4]]
    if len(words) < 3 or words[0] not in ("had", "took") or words[1] != "a":
        return 0
    return 3 if words[2] == "look" else 4 if len(words) == 4 and words[3] == "look" else 0


def _en_clauses(text: str) -> list[Clause]:
    found: list[Clause] = []
    hypothetical = bool(_EN_HYPOTHETICAL_FRAME.search(text))
    parts = sentences(text)
    people = _en_people(parts)
    for index, sentence in enumerate(parts):
        tokens = _EN_TOKEN.findall(sentence)
        # the subject left out, as terse speakers do ("Told him.", "Rang the office, ..."): the candidate
        actor = "self" if len(tokens) > 1 and _en_verb(tokens[0]) and tokens[0].lower() not in _EN_WEAK | _EN_UNSAID \
            and tokens[1].lower() in _EN_OBJECT_START else "none"
        restore: str | None = None  # the main clause's actor, while a relative clause's subject holds one verb
        resume: str | None = None  # the main clause's actor, while a "before he came in" clause runs to its comma
        subject_at = -1  # where the last subject started
        i = 0
        pending_modal = False
        while i < len(tokens):
            token = tokens[i]
            low = token.lower()
            if low in _EN_CLAUSE_BREAK:
                pending_modal = False
            if low == "," and resume is not None:  # "I rang him before he came in, explained..."
                actor, resume = resume, None
            subject = _en_subject(tokens, i, people) if i == 0 or tokens[i - 1].lower() not in _EN_PREPOSITION \
                else None
            if subject is not None and not (i + subject[1] < len(tokens) and tokens[i + subject[1]] == "'s"):
                relative = (subject[1] == 1 and i > 0 and actor != "none"
                            and tokens[i - 1].lower() not in _EN_CLAUSE_START and tokens[i - 1][0].isalpha())
                restore = actor if relative else None
                subject_at = i
                resume = actor if i > 0 and actor != "none" and tokens[i - 1].lower() in _EN_SUBORDINATOR else None
                actor = subject[0]
                i += subject[1]
                pending_modal = False
                # "I have/am/believe ...", "I gather the facts" right after the subject: a generic statement;
                # "I put", "I read" are past when the story is already told in the past
                j = i  # "I first ask her", "we also check"
                while j + 1 < len(tokens) and tokens[j].lower() in _EN_BEFORE_VERB:
                    j += 1
                if j < len(tokens) and actor in ("self", "we") and (
                        tokens[j].lower() in _EN_PRESENT_1P or _en_present(tokens[j])):
                    word = tokens[j].lower()
                    found.append(Clause(actor, word, "past" if _told_past(word, found) else "generic", index))
                    # "I'd have put money on it": what they would have done, never done
                    pending_modal = word == "have" and tokens[i - 1].lower().endswith("'d")
                    i = j + 1
                continue
            if low in _EN_MODAL:
                pending_modal = True
            elif low in ("was", "were", "been") and i + 1 < len(tokens) and _en_verb(tokens[i + 1]):
                # "I was told / asked / assigned": done to them, not by them
                found.append(Clause(actor, tokens[i + 1].lower(), "weak" if actor == "self" else "state", index))
                i += 2
                continue
            elif (low in ("was", "were") and actor in ("self", "we") and i + 1 < len(tokens)
                  and tokens[i + 1] in _EN_BASE_ACTION and tokens[i - 1].lower() in _EN_BEFORE_BASE):
                found.append(Clause(actor, tokens[i + 1], "generic" if pending_modal else "past", index))
                i += 2
                continue
            elif (i > 0 and tokens[i - 1].lower() in _EN_DEGREE | _EN_DETERMINER | _EN_BE) or (  # "where needed": no actor
                    i > 0 and tokens[i - 1].lower() in ("as", "where", "if") and (
                        i + 1 == len(tokens) or not tokens[i + 1].isalpha() or tokens[i + 1].lower() in ("and", "or"))) or (
                    low == "let" and i + 1 < len(tokens) and tokens[i + 1].lower() in ("me", "us")) or (
                    low == "got" and i > 0 and (tokens[i - 1].lower().endswith("'ve") or tokens[i - 1].lower() in (
                        "have", "has"))):
                pass  # "the most trusted person", "a structured mindset": an adjective; "let me think": no act;
                # "I've got a model of it at home": what they have
            elif actor == "self" and low in _EN_DELEGATING and not pending_modal and (
                    (step := _delegated(tokens, i + 1)) is not None):
                found += [Clause("self", low, "weak", index), Clause("other", tokens[step].lower(), "past", index)]
                i = step + 1
                continue
            elif (look := _took_a_look(tokens, i)) and actor in ("self", "we") and not pending_modal:
                found.append(Clause(actor, "looked", "past", index))  # "I had a look at it": they looked into it
                i += look
                continue
            elif (low == "had" and actor in ("self", "we") and i + 2 < len(tokens) and tokens[i + 1] == "to"
                  and _en_present(tokens[i + 2])):  # "I had to tell her", "we had to shut the line": an act
                found.append(Clause(actor, tokens[i + 2].lower(), "generic" if pending_modal else "past", index))
                pending_modal = False
                i += 3
                continue
            elif _en_verb(token) or (i > 0 and tokens[i - 1].lower() in (",", "and", "then")
                                     and _told_past(low, found)):  # "I cut it, read it out"
                if pending_modal:
                    kind = "generic"
                elif (low in _EN_WEAK or (i > 0 and tokens[i - 1].lower() in ("just", "mostly", "only", "merely")
                                           and actor == "self")
                      or (i + 1 < len(tokens) and tokens[i + 1].lower() in ("notes", "part"))
                      or _EN_NOT_AN_ACT.match(" ".join(tokens[i:i + 5])) or _arrival_time(tokens, i)
                      or (i + 1 < len(tokens) and actor == "self" and (tokens[i + 1].lower() == "you" or (
                          low in _EN_SPEECH and tokens[i + 1].lower() in ("before", "earlier", "above"))))):
                    kind = "weak"
                else:
                    kind = "past"
                found.append(Clause("none" if _after_a_noun_phrase(tokens, i, subject_at) else actor, low, kind, index))
                pending_modal = False
                if restore is not None:
                    actor, restore = restore, None
            i += 1
        if hypothetical and (_EN_WOULD.search(sentence) or _EN_HYPOTHETICAL_FRAME.search(sentence)):
            found = [Clause(c.actor, c.verb, "generic", c.sentence) if c.sentence == index and c.kind == "past"
                     else c for c in found]
    return found


# --------------------------------------------------------------------------- who acted (Korean)
_KO_SELF = re.compile(r"(^|\s)(제가|저는|저도|저만|저 혼자|저혼자|제 스스로|스스로|직접)(?=\s|$)")
# a machine as the subject: "시스템이 세 가지 조치안을 비교해서", "저희 BMS가 먼저 잡아냈고"
_KO_MACHINE = r"\S*(시스템|모듈|로직|프로그램|대시보드|알고리즘|센서|챗봇|자동화|AI|BMS|ERP|MES|PLC)"
_KO_WE = re.compile(rf"(^|\s)(저희(가|는|도|끼리)|저희\s+(\S+\s+)?(?!{_KO_MACHINE}(이|가|은|는))\S+(이|가|은|는|에서|도|전체가)|"
                    r"우리(가|는|끼리)|우리\s+(\S+\s+)?\S+(이|가|은|는|에서)|"
                    r"팀원들(이|은|도|과 함께)|다\s*같이|모두(가|들)?(?=\s))")
_KO_OTHER = re.compile(r"(^|\s)(\S+님(이|께서|은|들이|들은)|(한|그|다른|어떤|저) 분(이|은|께서)|선배(들)?(이|가|는|들이)|"
                       r"상사(가|는)|매니저(가|는)|경영진(이|은)|회사(가|는)|누군가(가)?|다른\s*(팀|부서)(이|에서|은)|그분(이|은)|고객(이|사가|사는)|"
                       r"동료(가|들이|는)|담당자(가|는)|엔지니어(가|들이|는)|\S+(팀|부서)(이|은|에서|장이)|"
                       # head office, part-timers, staff, contractors and machines
                       r"본사(에서|가|는|측에서)|알바(생)?(들)?(이|가|은|는|도)|직원(들)?(이|은|도)|작업자(들)?(이|가|는)|"
                       r"(업체|협력사)(가|에서|는)|"
                       # customers, traders, people, and the bodies a small business deals with
                       r"손님(들)?(이|은)|상인(들)?(이|은)|사람들(이|은)|(수협|농협|조합|시청|구청|군청|관리소)(에서|이|은|가)|"
                       + _KO_MACHINE + r"(이|가|은|는))(?=\s|$)")
# "팀장님이 말씀하신 대로 [제가] 예약해서": someone's word the speaker acted on, not that person's act
_KO_AS_THEY_SAID = re.compile(r"\S+(님이|께서)\s+(\S+\s+){0,2}?\S*(신|주신|준|한)\s*(대로|것처럼)")
_KO_HABITUAL = re.compile(r"항상|언제나|매번|(일|근무|적용|실천|노력|활용)해\s?왔")
_KO_HONORIFIC = re.compile(r"(하셨|셨|하시|으시|시고|시며|시면서|셔서|하셔)")
_KO_NOT_AGENT = re.compile(
    r"^(되|됐|되었|되어|되고|되면서|돼|줄었|줄어|늘었|늘어|났|생겼|생기|걸렸|걸리|느려|느렸|많았|적었|좋았|힘들었|어려웠|"
    r"있었|없었|있고|없고|있는데|없는데|이었|였|같|싶었|달랐|컸|작았|높았|낮았|빨라|빨랐|올랐|떨어졌|떨어지|멈췄|멈추|"
    r"밀렸|터졌|끊겼|몰렸|나왔|나갔|돌아왔|돌아갔|돌아가|굴러갔|올랐|내려갔|들어갔|넘어갔|사라졌|바뀌었|바뀌|이어졌|떨어져|끝났|"
    r"길어|짧아|유지됐|유지되|복구됐|통과됐|입사|몰랐|몰라)"
)
_KO_VERB_YEOT = re.compile(r"(줄|높|늘|보|붙|모|쌓|먹|기울|들|숙|끓|녹|절|재)였")  # verbs whose past is -였-
_KO_COPULA = re.compile(r"(이었|였)(습니다|고|는데|지만|으며|어서)?$|이라서$")
_KO_QUOTE = re.compile(r"(다고|라고|냐고|자고|이라고)$")
_KO_WEAK = re.compile(r"(지켜보|지켜봤|메모|배웠|배우|참석|참여|따랐|기다렸|구경|보기만|느꼈|보면서|하던 일|제 자리에서|제 일만|"
                      r"(챙겨|비춰|건네|잡아|받쳐|들어) ?드[리렸려]|"
                      r"옆에서\s*(봤|보|지켜)|\S+만\s*(했|하고|해서)|받아서\s*\S*\s*적용만|회의록(을|를)?\s?(정리|작성|써)|"
                      # what was given to them: instructions, data, approval, training ("지시받았고", "교육을 받았고")
                      r"(지시|전달|보고|교육|승인|칭찬|허락|안내|결재|제안서를)\s?(을|를)?\s?받(았|아|고|은))")
_KO_GENERIC = re.compile(r"(생각합니다|생각해요|믿습니다|믿어요|노력합니다|노력해요|편입니다|중요합니다|중요하다고|"
                         r"합니다$|해요$|입니다$|이에요$|예요$|있습니다$|됩니다$|같습니다$|봅니다$)")
_KO_CONNECTIVE_END = re.compile(r"(고|며|면서|는데|은데|지만|어서|아서|해서|여서|워서|져서|셔서|줘서|니까|더니|었는데|았는데),?$")
_KO_NOT_CONNECTIVE = re.compile(r"(에서|에게서|부터|까지|처럼|보고|라고|다고)$|"  # and nouns in -고:
                                r"^(재고|입출고|입고|출고|창고|광고|사고|최고|참고|신고|경고|원고|공고|잔고|수고|연고|그리고|"
                                r"그러고|그리고요|그러고요)$")


_KO_DISCOURSE = frozenset({"그렇게 해서", "그래서", "그러고 나서", "그러다 보니", "그렇게", "그러니까", "그런데", "그래서요"})


def _ko_parts(sentence: str) -> list[str]:
    """A sentence cut after each connective ending (-고, -는데, -어서, -지만...) and at commas."""
    parts: list[str] = []
    current: list[str] = []
    words = sentence.split()
    for at, word in enumerate(words):
        current.append(word)
        bare = word.rstrip(",")
        # "제가 끌고 간 프로젝트였고": -고 before 간/온 is one verb describing what follows, no clause of its own
        compound = bare.endswith("고") and at + 1 < len(words) and words[at + 1] in ("간", "온")
        if word.endswith(",") or (_KO_CONNECTIVE_END.search(bare) and not _KO_NOT_CONNECTIVE.search(bare)
                                  and not compound):
            parts.append(" ".join(current).rstrip(","))
            current = []
    if current:
        parts.append(" ".join(current))
    return parts


def _ko_subject(part: str) -> str | None:
    """The actor of the subject marked nearest the predicate (the last one in the clause)."""
    marks = [(m.end(), actor) for actor, rx in (("self", _KO_SELF), ("we", _KO_WE), ("other", _KO_OTHER))
             for m in rx.finditer(part)]
    return max(marks)[1] if marks else None


def _ko_tense(sentence: str) -> str:
    """past or generic, read from the sentence's final predicate (Korean marks tense once, at
    the end: "노력하고 ... 믿습니다" is a habit, "분석하고 ... 찾았습니다" an event)."""
    words = sentence.strip(" .!?").split()
    final = words[-1] if words else ""
    if korean_past(final):
        return "past"
    return "generic" if _KO_GENERIC.search(final) or re.search(r"(니다|요)$", final) else "past"


# "with someone" and "as a group of five" end like connective verbs but name company, not an act
_KO_COMPANY = re.compile(r"(님|씨|분)(하고|이랑|랑)$|(둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|\d+\s?명)이서$")


def _ko_clauses(text: str) -> list[Clause]:
    """Korean drops the subject: a clause without one is the speaker's (or their team's, once "저희"
    is named), except that a third person named without honorific carries on within the sentence,
    and an honorific predicate (-시-) is always someone else's."""
    found: list[Clause] = []
    speaker = "self"  # self, or we once the story is told as the team's
    for index, sentence in enumerate(sentences(text)):
        tense = _ko_tense(sentence)
        habitual = bool(_KO_HABITUAL.search(sentence))  # "항상 적용했고, 결과 중심으로 일해 왔습니다": a claim
        speaker = "self"
        other = False  # someone else named as subject: their chain of clauses runs to an honorific verb
        for part in _ko_parts(sentence):
            part = part.strip(" .!?")
            if not part or part in _KO_DISCOURSE:
                continue
            predicate = part.split()[-1]
            subject = _ko_subject(_KO_AS_THEY_SAID.sub(" ", part))
            if subject in ("self", "we"):
                speaker, other = subject, False
            elif subject == "other":
                other = True
            honorific = bool(_KO_HONORIFIC.search(predicate))
            who = "other" if honorific or other else speaker
            if honorific and not re.search(r"(고|며|면서)$", predicate):
                other = False  # "팀장님이 ... 하라고 하셔서 [제가] ... 만들었습니다"; "-시고" carries on
            if _KO_COMPANY.search(predicate):
                continue  # "사장님하고 직원 다섯이서": who was there, no act
            stem = re.sub(r"^[^가-힣]+", "", predicate)
            copula = bool(_KO_COPULA.search(predicate)) and not _KO_VERB_YEOT.search(predicate)
            if _KO_QUOTE.search(predicate) or copula:
                found.append(Clause("none", predicate, "state", index))
            elif tense == "generic" and not korean_past(predicate):
                found.append(Clause(who, predicate, "generic", index))
            elif _KO_NOT_AGENT.match(stem) or re.search(r"(됐|되었|되어|되고|돼서|졌|어졌|아졌)", predicate):
                found.append(Clause("none", predicate, "state", index))
            elif _KO_WEAK.search(part) and who == "self" and not re.search(r"(제안|분석|만들|작성|구현)", part):
                found.append(Clause(who, predicate, "weak", index))
            elif korean_past(predicate) or re.search(r"(고|서|며|면서|하여)$", predicate):
                found.append(Clause(who, predicate, "generic" if habitual else "past", index))
    return found


# Not acts of the story: speaking to the interviewer about the answers ("as I walked you through",
# "the principles I described before"), and what a candidate did in the sentence where they say their
# part ended ("제 할 일은 보고까지라고 생각해서 거기서 마무리했습니다").
_EN_SPEECH = frozenset("described mentioned said explained told showed covered".split())
_STOPPED_THERE = any_of(
    r"\b(my (part|job|bit) (ended|stopped|was done)|that was (the end of|all of) my (part|job)|"
    r"left it (with|to) (them|him|her)|(they|he|she) took it from there|that was (it|that) (from|on|at|for) my (side|end)|"
    r"(it|the (file|case|job|work|rest)) (was|got) (handed|passed) (on |over )?to)\b",
    r"보고까지|거기서 (마무리|끝|멈)|제(가)? (일|역할|할 일|할 부분|맡은 부분|담당)(은|는)? (거기|여기|보고|그거)까지|"
    # the fix itself handed to someone else ("아르바이트생한테는 빨리 해결하라고 했어요")
    r"(한테|에게)(는|도)?\s(\S+\s){0,2}?(해결|처리|수습)(하라고|해 달라고|해 주라고|하도록)\s(했|시켰|지시|말했|일렀)")


# A Korean story told in the present tense ("그때가 추석 전인데요 ... 물량을 돌려요"): once the first
# sentence places it in time, the candidate's present-tense predicates are its events, unless a sentence
# speaks of habit or of what they would do.
# A first sentence that plans or supposes ("입사하게 되면 ... 파악하겠습니다") places nothing in time.
_KO_HABIT = re.compile(r"항상|늘\s|보통|평소|매번|언제나|겠|라면|다면|(으|하|되)면(?!서)")
# a wish or a belief is no event of the story ("선배님 같은 정비사가 되고 싶어요", "...라고 생각합니다"), nor is
# speaking to the interviewer ("제 대표 성과로 말씀드립니다")
_KO_WISH = re.compile(r"싶(어|습|다|네|은)|생각(합니다|해요|하고 있)|믿(습니다|어요)|바랍니다|원(합니다|해요)|"
                      r"(다|라)고 (봅니다|봐요)|말씀드(립니다|려요)")


def _ko_narrated(text: str, found: list[Clause]) -> list[Clause]:
    parts = sentences(text)
    if not parts or not _EPISODE_TIME.search(parts[0]) or _KO_HABIT.search(parts[0]) or any(
            c.kind == "past" and c.actor == "self" for c in found):
        return found
    return [Clause(c.actor, c.verb, "past", c.sentence) if c.actor == "self" and c.kind == "generic" and c.sentence > 0
            and not _KO_HABIT.search(parts[c.sentence]) and not _KO_WISH.search(parts[c.sentence]) else c for c in found]


# English told in the historical present ("So it's a Monday, and the phones are ringing. First thing, I go
# through the day list..."): after a first sentence that sets the scene, the candidate's present-tense
# verbs are the story's events. And a method claimed as a habit ("my approach is always the same, and I
# applied it consistently") makes its sweeping past sentences ("how I handled every fault") a claim, not events.
_EN_SCENE = re.compile(r"^\W*(?:(?:so|okay|ok|right|well|alright|yeah|um|uh),?\s+)*(?:picture (?:this|it)\W+)?"
                       r"(?:it'?s|it is)\s+"
                       r"(?:a|an|the|late|early|mid|around|about|nearly|almost|just|half|\d|\w+day\b|"
                       r"(?:one|two|three|four|five|six|seven|eight|nine|ten) (?:days?|weeks?|hours?|minutes?|months?))",
                       re.IGNORECASE)
_EN_HABIT = re.compile(r"\b(always|usually|normally|generally|typically|every time|whenever|tend to|would|"
                       r"if|approach|process|method)\b", re.IGNORECASE)
_EN_HABIT_FRAME = re.compile(r"\bmy (approach|process|method|rule|system)\b[^.!?]{0,40}\b(always|the same)\b|"
                             r"\bi always\b", re.IGNORECASE)
_EN_SWEEPING = re.compile(r"\b(every|each|consistently|always|any)\b", re.IGNORECASE)


# A story told in the plain present once the answer has placed it in the past ("last year in the warehouse
# we have a big problem ... so first I go and I check the logs", "I was QA engineer there. Two days before
# release I find a bug"), as many second-language speakers of English tell one, often mixed with past
# forms: the candidate's present-tense actions from that sentence on are its events, unless a sentence
# speaks of habit, of now or of what they would do, or the verb is a state of mind ("I think", "I have").
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_EN_EVENT_TIME = re.compile(
    r"\b(last (year|month|week|summer|winter|spring|autumn|fall|night|time|quarter|season|shift|christmas|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(\d+|a|one|two|three|four|five|a few|a couple of)"
    r" (years?|months?|weeks?|days?|hours?) (ago|before|after|later|into)|"
    r"one (day|time|night|morning|evening|afternoon|shift|week|weekend)|"
    r"yesterday|that (day|night|morning|evening|afternoon|week|weekend|shift)|at that time|in (19|20)\d\d|"
    rf"(in|on|since|by|early|late|end of|beginning of) ({_MONTHS})|"
    r"the next (day|morning|week)|next morning|the other day|there (is|was) one time|"
    r"(i|we|it|this|that|there) (was|were)|(after|within) (a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|\d+|a few|a couple of)(,? (or |to )?(two|three|four|five|six|ten|\d+))? "
    r"(days?|weeks?|months?|shifts?)|by (week|day|month) \w+|(one|that|last) (summer|winter|spring|autumn|fall)|"
    r"one (problem|case|issue|incident|job|project) (i remember|that|was)|the (biggest|worst|hardest) one was)\b",
    re.IGNORECASE)
# a story told without any date, as one thing after another ("First I clean the heads ... Then I look which jobs
# ... After that the reprints go down"), and the frame of a method, which is none ("my approach is: first I...")
_EN_SEQUENCE = re.compile(r"\b(first|then|after that|after this|next|finally|in the end|at the end)\b", re.IGNORECASE)
_EN_METHOD_FRAME = re.compile(r"\bmy (usual )?(approach|process|method|routine)\b|\bwhat i (usually|normally|always|"
                              r"generally|typically) do\b", re.IGNORECASE)
# a sentence that supposes or generalises ("if a pallet is missing, I check..."); a clause of habit or of now
_EN_NOT_NARRATED = re.compile(
    r"\b(whenever|if|this is how|that'?s how|that is how|(i|we)( \w+)? (would|will|could|should|might|must|can|am going "
    r"to|are going to)|(i|we)'(d|ll|m going to)|when(ever)? (there is|there's|there are|a|an|any|some|someone|somebody|"
    r"something))\b", re.IGNORECASE)
_EN_ASKED_IF = re.compile(r"\b(ask|asks|asked|check|checked|see|saw|know|knew|wonder|wondered)( \w+)? (if|whether)\b",
                          re.IGNORECASE)  # "I ask her if it is okay": a question, not a supposition
_EN_PURPOSE = re.compile(r"\bso (that )?(i|we|they|he|she|you) (can|could)\b", re.IGNORECASE)  # "so I can try it on"
_EN_HABIT_CLAUSE = re.compile(r"\b(always|usually|normally|generally|typically|often|sometimes|tend to|now|nowadays|"
                              r"these days|currently|anymore|still|a lot|(every|each) (\w+ )?(time|day|week|month|year|"
                              r"morning|evening|night|shift|weekend|monday|tuesday|wednesday|thursday|friday|saturday|"
                              r"sunday))\b", re.IGNORECASE)
_EN_CLAUSE_SPLIT = re.compile(r"[,;:]|\b(?:and|but|so)\b", re.IGNORECASE)
# what makes present-tense duties a story: something happened, and one thing followed another
_EN_STORY_SIGN = re.compile(r"\b(then|after that|after this|next|finally|at the end|in the end|suddenly|happen|complain|"
                            r"broke|broken|missing|went wrong|fail|angry|upset|(a|an|one|this|that|big|huge|serious) "
                            r"(problem|issue|incident|error|mistake|accident|emergency|delay|complaint))",
                            re.IGNORECASE)
_EN_SUPPOSED = re.compile(r"\b(when|whenever|if|once|every time|each time|suppose)\b", re.IGNORECASE)
_EN_THIRD_BASE = re.compile(r"\b(he|she)\s+(say|tell|ask|refuse|want|come|go|give|take|make|agree|call|send|decide|"
                            r"accept|explain|show|reply|answer|complain|insist|shout|bring|try)\b", re.IGNORECASE)
_EN_WEAK_BASE = frozenset("watch observe notice learn wait attend follow join remember participate".split())
_EN_STATE_OF_MIND = frozenset("am are is have believe think feel see hear know love like enjoy prefer value consider want "
                              "aim strive hope need mean guess suppose reckon wish kind sort".split())


def _clause_of(sentence: str, verb: str) -> str:
    """The stretch of the sentence between commas or "and"/"but"/"so" where "I <verb>" stands."""
    said = re.compile(rf"\b(i|we)\b(\s+\w+)?\s+{re.escape(verb)}\b", re.IGNORECASE)
    return next((part for part in _EN_CLAUSE_SPLIT.split(sentence) if said.search(part)), sentence)


def _en_present_story(parts: list[str], found: list[Clause]) -> list[Clause]:
    # "he say", "she refuse": someone else's act in the base form is a story told in the base form
    # (not in a supposition: "when a customer is angry and he say...")
    told_base = [i for i, p in enumerate(parts) if (m := _EN_THIRD_BASE.search(p))
                 and not _EN_SUPPOSED.search(re.split(r"[,;:]", p[:m.start()])[-1])]
    timed = [i for i, p in enumerate(parts) if _EN_EVENT_TIME.search(p)]
    # a second mark of time is the story moving on ("last summer ... After two, three weeks we throw away less")
    signs = sorted({i for i, p in enumerate(parts) if _EN_STORY_SIGN.search(p)} | set(told_base) | set(timed[1:]))
    starts = [timed[0] if timed else None]
    if told_base:  # the whole answer is told in the base form
        starts.append(0)
    # an opening told in the past before the present takes over ("we had a saddle in from a customer ... My boss
    # gave the job to me. I take the panels off"); not one of habit ("we took whole fish every morning. I check ...")
    starts.append(next((c.sentence for c in found if c.sentence < 2 and c.kind == "past" and c.actor != "self"
                        and not _EN_HABIT.search(parts[c.sentence]) and not _EN_HABIT_CLAUSE.search(parts[c.sentence])),
                       None))
    if signs and sum(1 for p in parts if _EN_SEQUENCE.search(p)) >= 2:
        starts.append(signs[0])
    start = min((i for i in starts if i is not None), default=None)
    whole = " ".join(parts)
    if start is None or _EN_HYPOTHETICAL_FRAME.search(whole) or _EN_METHOD_FRAME.search(whole) or not any(
            i >= start for i in signs):
        return found
    told = {id(c) for c in found if c.actor in ("self", "we") and c.kind == "generic" and c.sentence >= start
            and c.verb not in _EN_STATE_OF_MIND
            and not _EN_NOT_NARRATED.search(_EN_PURPOSE.sub("", _EN_ASKED_IF.sub("", parts[c.sentence])))
            and not _EN_HABIT_CLAUSE.search(_clause_of(parts[c.sentence], c.verb))}
    # a story told in the past whose present sentences are asides ("and I check the sticker before it goes out")
    if len(told) < 2 or sum(1 for c in found if c.actor in ("self", "we") and c.kind == "past") >= 2 * len(told):
        return found
    return [Clause(c.actor, c.verb, "weak" if c.verb in _EN_WEAK_BASE else "past", c.sentence) if id(c) in told
            else c for c in found]


def _en_told(text: str, found: list[Clause]) -> list[Clause]:
    parts = sentences(text)
    found = _en_present_story(parts, found)
    if parts and _EN_SCENE.search(parts[0]) and not _EN_HABIT.search(parts[0]):
        found = [Clause(c.actor, c.verb, "past", c.sentence) if c.kind == "generic" and c.sentence > 0
                 and not _EN_HABIT.search(parts[c.sentence]) else c for c in found]
    if _EN_HABIT_FRAME.search(text):
        found = [Clause(c.actor, c.verb, "generic", c.sentence) if c.actor == "self" and c.kind == "past"
                 and _EN_SWEEPING.search(parts[c.sentence]) else c for c in found]
    return found


_KO_PLANNED = re.compile(r"겠(습니다|어요|고요)|(ㄹ|을|할) (계획|예정)입니다")


def _ko_plan(found: list[Clause], parts: list[str]) -> int:
    """The candidate's clauses in sentences that end in a plan or a promise ("...제안드리겠습니다")."""
    planned = {i for i, p in enumerate(parts) if _KO_PLANNED.search(p.strip(" .!?"))}
    return sum(1 for c in found if c.actor == "self" and c.kind == "generic" and c.sentence in planned)


# What an answer says was not done shows nothing ("I didn't compare options or weigh up trade-offs", "there
# was no time to look at the logs", "nobody measured anything"): that clause, up to the next comma or full
# stop, is read neither for the candidate's acts nor for the method elements. (A result is read whole: "it
# never came back" is one.)
_EN_NEGATED = re.compile(r"(?:(?<=\bi )|(?<=\bwe ))(didn'?t|did not|haven'?t|hadn'?t|won'?t pretend)\b[^,.;:!?]*|"
                         # ("nobody asked me to" is no negated act: it is their initiative)
                         r"\b(nobody|no one) (?!asked (me|us)\b)(\w+ed|did)\b[^,.;:!?]*|\bno time (to|for)\b[^,.;:!?]*",
                         re.IGNORECASE)
# "제가 먼저 나서서 한 일은 딱히 생각이 안 나는데": what they say they never did
_KO_NEGATED = re.compile(r"[^,.!?]*(한|했던|나선|바꾼|해 본) (일|적|경험)(은|이|는) (딱히 |별로 |잘 |특별히 |따로 )?"
                         r"(생각이 (잘 )?안 나|기억이 (잘 )?안 나|없)[^,.!?]*")
_NEGATABLE = frozenset({"analysis", "alternatives", "reasoning", "tradeoff", "verification", "learning", "process_fix",
                        "stakeholders", "initiative"})


# "I stayed on with one of them and we put the bars in": that "we" is the candidate and the one they named
_EN_JOINT = re.compile(r"\bi (\w+ ){1,3}with (one|two|a couple|some|a few) of (them|the \w+|my \w+)\b[^.!?]*\band we\b|"
                       r"\bi (\w+ ){1,3}with (him|her)\b[^.!?]*\band (the two of us|we)\b", re.IGNORECASE)


def clauses(text: str, lang: str) -> list[Clause]:
    found = _ko_narrated(text, _ko_clauses(text)) if lang == "ko" else _en_told(text, _en_clauses(
        _EN_NEGATED.sub(" ", text)))
    parts = sentences(text)
    stopped = {i for i, s in enumerate(parts) if _STOPPED_THERE.search(s)}
    joint = {i for i, s in enumerate(parts) if lang == "en" and _EN_JOINT.search(s)}
    return [Clause(c.actor, c.verb, "weak", c.sentence) if c.actor == "self" and c.kind == "past" and c.sentence in stopped
            else Clause("self", c.verb, c.kind, c.sentence) if c.actor == "we" and c.sentence in joint
            else c for c in found]


# --------------------------------------------------------------------------- STAR and anchor behaviours
# the message fitted to its listeners: the "adapted" element, and part of the looser "audience"
_EN_ADAPTED = (r"non-technical|without (a|the|my|any) \w*\s*background|in plain|plain language|analogy|diagram|drew|"
               r"picture|walked \w+ through|asked what (she|he|they) (already )?knew|their own (world|terms)|one-page")
_KO_ADAPTED = r"비전문가|눈높이|비유|그림|쉽게|용어 대신|먼저 .{0,20}여쭤"
_ELEMENTS: dict[str, re.Pattern[str]] = {
    "result": any_of(
        r"\b(result(ed)?|as a result|reduced|cut|dropped|fell|increased|improved|grew|saved|raised|lowered|"
        r"shortened|sped up|went (down|up)|from [\w.,%$-]+(?: [\w.,%-]+){0,3} (to|down to|up to) \S+|"
        r"faster|fewer|no longer|launched|shipped|"
        r"delivered|resolved|succeeded|won|adopted|renewed|went live|finished|on time|stopped|approved|"
        r"recovered|restored|came back|returned to normal|back to normal|made (it|the)|passed|kept the|"
        r"signed|closed the|hit the|met the|went home|understood|could explain|worked|halved|doubled|caught|"
        r"kept their|(one|an|two|three) extra \w+ (per|a|each|every)|"
        r"prevented|avoided|has had no|have had no|had no (more )?\w+ (since|after)|no (more|longer|further)|zero|"
        r"(haven'?t|hasn'?t|have not|has not|never) (had|happened|seen|recurred|come back)\b[^.]{0,40}\b(since|again)|"
        r"(didn'?t|did not|never) (happen|recur|come back) again|no (recurrence|repeats?)|healed|"
        r"since then,? (we|i|it|they|she|he) (haven'?t|hasn'?t|have not|has not|never)|"
        r"dropped to|went to|came in|stayed under|saved|rose|climbed|reached|completed|stabili[sz]ed|"
        r"(was|were) back|came down|ended up|turned around|landed|secured|was approved|were approved|"
        r"corrected|put right|caught (it|them) before|before (it|they|the \w+) went out|recovered|arrived|"
        r"got to them|(they|she|he) (got|received) (everything|it)|signed off|went ahead|calmed down|"
        r"(went|came|got) through (clean|fine|ok(ay)?|without)|"
        r"(was|were|is|are|got \w+) (down|up) to|(after|by|within) [^.]{0,30}\b(was|were|had (gone|dropped|fallen|risen)) "
        r"(only |just )?(under|below|over|above|less than|more than|down|up)\b|compared (with|to)|by the end of|"
        r"within (a|two|three|\w+) (days?|weeks?|months?)|"
        r"over the next|afterwards|after that|started using|now uses?|still uses?|became (a lot |much )?more|"
        r"(were|are) (all )?(now )?using (it|them|this|that)( too| now| as well)?|"
        r"n'?t \w+ (it |them )?(like|as (much|often) as) (before|(she|he|they) used to)|"
        r"(more|less) (accurate|consistent|reliable|stable|involved|confident)|(higher|lower|better|fewer|shorter) \w+|"
        r"had no [\w-]+ (incidents?|errors?|complaints?|issues?)|no [\w-]+ (incidents?|errors?|complaints?) (since|after|in)|"
        r"(had|saw|got) (no|zero) [\w-]+ (in|for|over|during) the (next|following|rest)|"
        r"(with|and) (no|zero) (incidents?|errors?|complaints?|injuries|failures|breakdowns|returns|call-?backs)|"
        r"(it|they|the \w+) held (up|through|for)|"
        # the figure after the change set against the one before ("The week after the change it was about twelve")
        r"(the (day|week|month|year|shift) after|after the (change|fix|switch|update)|since the (change|fix|switch))"
        r"[^.!?]{0,40}\b(it was|it's|they were|there were|we had|we got|we were)|"
        # an outcome told plainly ("in nine days instead of three weeks", "went out without a single complaint")
        r"(in|took|within) [\w .,-]{1,30} instead of|(was|were|got) cleared|on scene in|without a (single )?(complaint|"
        r"problem|hitch|incident|error|query)|(there|we) (were|was|had) no [\w-]+ ?(objections?|complaints?|appeals?|"
        r"errors?|incidents?|delays?)|never became|(holds?|held|stayed|stays) (under|below|within)|voted (to|for)|"
        r"accepted (it|the|our|my)|(was|were|got) funded|before the deadline|ahead of (the )?(deadline|schedule)|"
        r"on (programme|program|schedule|budget)|(wasn'?t|weren'?t|was not|were not) (\w+ ){1,2}any ?more|"
        # the listeners' decision once it was explained ("They chose the releading", "the family went with the ...")
        r"(they|she|he|the (committee|board|client|customer|council|family|owner|panel|residents)) (chose|picked|"
        r"went (for|with)|opted for|agreed to|signed up|decided to)|over the (last|past|following) (\w+ )?(days|weeks|"
        r"months|years))\b",
        r"결과|게 되었|게 됐|않게 되|않았습니다|\d[\d.,]*\s*\S*에서\s*\d[\d.,]*\s*\S*(으로|로)|"
        r"(줄었|줄어|줄였|줄여|늘었|늘렸|높였|낮췄|올랐|올렸|내려갔|떨어졌|개선|단축|향상|감소|증가|절감|해결|출시|"
        r"달성|성공|채택|사라졌|없어졌|통과|승인|합격|복구|정상|마쳤|끝냈|끝내|끝났|마무리|완료|유지|재계약|갱신|수주|"
        r"없었|0건|이해하|맞췄|지켰|나갔|막았|적용됐|적용되었|좋아졌|빨라졌|안정|만족|돌아왔|잘 돌아갔|제때|일찍|"
        r"\S+(됐|되었)(습니다|어요|고|는데)|혼자서?\s.{0,20}(하셨|했|할 수 있)|잘 \S+고 (계셨|있었)|쓰이고 있|쓰고 있|"
        r"해졌|아졌|어졌|나아졌|수월|괜찮았|좋았|이어졌|오픈했|잡은 적|잡았|잡아냈|찾아냈|미리 막|예방했|방지했|올라갔|내려갔|"
        r"반응이|반응도|내려왔|내려오(고|면서)|(뒤로|이후로?|부터는?|후로)\s.{0,30}한 번도 (안 |없)|"
        # no more calls about it ("그 뒤로는 샌다는 연락은 안 왔슈")
        r"(뒤로|이후로?|후로)(는|도)?\s.{0,30}(연락|전화|문의|민원|항의|불만|클레임)(은|이|도)?\s(더\s)?(안|없)|"
        # a threshold checked ("두 시간 안에 20도 밑으로 떨어지는지 한 달 동안 매일 재서 확인했어요")
        r"(떨어지|내려가|넘지 않|유지되|들어오)는지\s.{0,30}확인했|알아듣|알아들었|계약(했|을 (맺|땄|따))|"
        # what the listeners did once it was explained, told with honorifics ("합의서에 서명하셨고", "재등록하셨고")
        r"(서명|신청|등록|예약|계약|가입|동의|수긍|납득|결제|구매|접수)(하셨|해 주셨|하시고|하고 가셨)|마치셨|진정하(셨|시고)|"
        r"소개해 (주셨|줬)|전원 (처리|안내|귀가)했)",
    ),
    "analysis": any_of(
        r"\b(root cause|because|caused by|the cause|cause was|logs?|profil\w*|metrics?|dashboards?|data showed|"
        r"traces?|traced|measured|hypothes\w+|experiment\w*|a/b|benchmark\w*|reproduc\w+|investigat\w+|"
        r"diagnos\w+|bottleneck|analy[sz]\w*|found (that|the|out)|turned out|showed (that|the)|real issue|"
        r"went through|looked at (which|the data|why)|figured out|narrowed|isolated|pulled the|checked (the|which)|"
        r"(started|began|kept) (logging|a log)|logged (every|each)|(writing|wrote|noting|noted|recording|recorded) (down )?every|"
        r"i could see (that )?(nearly |almost )?(all|most|every|each)|"
        r"only (happened|happens|happen|occurred|failed|fails) (when|on|at|after|if|with)|"
        # what the checks showed, and the cause told apart from the obvious one ("it wasn't the dosing, it was the load")
        r"(tests?|readings?|swabs?|samples?|checks?) (showed|came back)|it (wasn'?t|was not) (the )?[\w -]{1,25}, it was)\b",
        r"원인|때문|로그|프로파일|지표|데이터|측정|가설|실험|재현|분석|병목|추적|확인해\s*보니|보니|봉께|보니께|찾았|알게|드러났|"
        r"(을|를) (\S+\s)?(재 ?봤|쟀|재서 확인)",
    ),
    "alternatives": any_of(
        r"\b(options?|alternatives?|trade-?offs?|instead of|rather than|compared(?! (to|with))|weigh\w*|pros and cons|"
        r"constraints?|downside|at the cost|considered|(had|have|faced) (a|the) choice|(a|the) choice between|"
        r"ruled (it )?out|either .{1,40} or|chose|decided against|"
        r"the other (option|approach|way|method|technique|choice|route)|another (way|option|approach|method) (is|was|"
        r"would be)|would have|thought about|think about (a|an|using)|looked at (two|three) options|"
        r"(two|three|a couple of|both) (possible )?(fixes|ways|approaches|solutions|routes|ideas)|costed (both|them|each|it "
        r"both ways)|picked (the|it|that|this|them|one) [^.!?]{0,40}\bbecause|"
        # two courses set side by side ("I could have re-cut the shut-off, ... or just dropped the pressure back")
        r"could have \w+[^.!?]{0,120}\bor (just |else )?\w+)\b",
        r"대안|비교|절충|트레이드오프|대신|장단점|제약|고려했|검토했|선택했|방법과|방법을 비교|두 가지|세 가지|"
        r"방법이랑|놓고 고민|둘 중|보다는|골랐|도 (써|해) 봤는(데|디)|(방법|안)(을|이)? (두|세) ?(개|가지)|보다 (더|훨씬)|"
        r"비교해 보니",
    ),
    "reasoning": any_of(
        r"\b(because|so that|since|that is why|which is why|the reason|in order to|to avoid|to make sure|"
        r"chose|decided|so i|which meant|given that|unsafe|risk|the why (is|was)|why (this|that)(?=\s*[:,])|"
        # a purpose given with the step ("one pass per character, so the mixer can balance them")
        r"so (you|they|we|the \w+) (can|could|get|don'?t|won'?t|doesn'?t)|"
        r"so (it|they) (keeps?|stays?|holds?|lasts?|can'?t|won'?t|doesn'?t) )\b",
        r"때문|위해|이유|그래서|게난|선택|판단|결정|왜냐|해서\s+\S+을\s+택|고려|감안",
    ),
    "tradeoff": any_of(
        r"\b(trade-?offs?|at the cost of|constraints?|the downside|cost (against|versus|vs)|unsafe|risk of|"
        r"would have (slowed|cost|broken|moved)|not the right choice|limits?|limitations?|"
        # where the method stops being enough ("the analyser's not everything", "it won't tell you about spillage")
        r"(isn'?t|is not|'s not) everything|(won'?t|doesn'?t|can'?t|will not|does not|cannot) tell you|"
        r"only (sees|measures|tells you|shows you|picks up))\b",
        r"절충|트레이드오프|제약|비용과|감수|포기하|위험|한계|대신 .{0,20}(포기|감수)|부담",
    ),
    "verification": any_of(
        r"\b(verified|validated|confirmed|monitored|checked (again|that)|load test\w*|canary|regression test\w*|"
        r"held( up)?|stayed|since then|ever since|still|watched the metrics|to confirm|a\/b test\w*|"
        r"no (repeat|recurrence)|has not|hasn't|have not had|no .{1,30} since|(been|stayed|run) (fine|ok|okay|clean) since|"
        r"checked (the \w+ |it |them )?(every|each) (day|week|morning|shift))\b",
        r"검증|다시 확인|계속 확인|매주 .{0,20}(봤|확인)|모니터링|유지되|유지됐|유지하기로|그 이후로|이후로도|지금까지|"
        r"부하 테스트|테스트를 하고|재발(이|하지) 않|넘은 적이 없|한 번도 없|그 뒤로 (\S+\s){0,5}?\S*(없었|없어|없습)|"
        r"다시 (봤|맛봤|재 ?봤|쟀|측정|점검|검사)|재측정",
    ),
    "learning": any_of(
        r"\b(learn(ed|t)|lesson|taught me|next time|in hindsight|looking back|i now|now i|i would now|"
        r"differently|realized|realised|since then i|changed how i|i took from|what i took|made me|"
        r"i should have|habit|today i would|i always .{0,30} now|if i did it again|if i were to do it again|"
        r"next time i'?d|since then,? (i|anything i)|the lesson (for me )?was|honestly the lesson|"
        r"(do|doing) (it |things )?different now|different now is|every (time|visit|job|shift) now)\b",
        r"배웠|배운 점|배운 (건|것|게)|교훈|깨달|다음부터|돌아보|다시 한다면|반성|지금은|습관|이후로 저는|그 뒤로 저는|그때부터|"
        r"(그 뒤로는|이후로는|그다음부터는) 제가",
    ),
    "initiative": any_of(
        r"\b(i noticed|(nobody|no one) (owned|was|had|asked|told)|not my (job|role|team)|wasn'?t my|"
        r"(wasn'?t|was not|never|hadn'?t been) (asked|told) to|without being (asked|told)|"
        r"beyond my|on my own|i volunteered|i offered|i proposed|i took it on|i decided to|"
        r"i started|i raised|i flagged|i brought|i suggested|i set up|i pushed for|i took the initiative|i stepped in|"
        r"outside my|not (really )?my (remit|area|job|responsibility)|wasn'?t (really )?my (remit|area|job|responsibility)|"
        r"i offered to|i asked if i could)\b",
        r"제가 먼저|먼저 (나서|제안|찾아|연락|말씀|손을 들어)|스스로|자발적|제\s*(\S+\s*){0,2}(업무|일|항목|담당|몫|"
        r"소관)\s*(범위)?(도|는|은|이|에)?\s*아니|"
        r"담당(이|은)\s*아니|넘어가도 되는|안 해도 되는|시키지 않았|아무도 (따로 )?(얘기|말)|담당자가\s*(없|따로)|"
        r"제안했|자원|나서서|맡겠다고|제가 하겠다고",
    ),
    "mistake_owned": any_of(
        r"\b((?<!not )(?<!really )my (mistake|fault|error)|i made a mistake|i was wrong|i forgot|i missed|i had not|i hadn'?t|"
        r"without (testing|checking)|i should have|i did(n'?t| not) (check|test|verify|read|notice|ask|confirm)|"
        r"i apologi[sz]ed|i owned|i admitted|the (blocker|delay|problem|error) was mine\b|(it|that|the problem|"
        r"the blocker) was me\b|"
        r"i let it slip|i('d| had) (promised|forgotten|missed)|(for|to) the wrong \w+|i didn'?t try to (hide|patch|cover)|"
        r"(that|it) was on me|i reported it .{0,30}myself|i (mixed|messed) up|i (sent|paid|copied|shifted) .{0,40}"
        r"(wrong|twice)|"
        r"i told (my|the) \w+ (it was|"
        r"straight away|right away|what i had done)|i broke|i caused)\b",
        r"제 실수(?!라기|(가|는)? ?(아니|아이|아입))|제가 실수|제 잘못(?!(이|은|는)? ?(아니|아이|아입))|잘못 입력|"
        r"실수를 했|실수했|놓쳤|착각|깜빡|"
        r"제가 .{0,20}(못|안) ?했|사과드|(솔직히|사실대로) 말씀드(렸|리고|려서)|잘못 (옮겨|적|넣|보내|입력|건드|봐서)|"
        r"빠뜨렸|누락했|제 실수라고|"
        r"제 실수(였|라고|를)",
    ),
    "stakeholders": any_of(
        r"\b(told (my|the|our) \w+|kept (them|him|her|my|the|everyone) \w*\s*(updated|informed|posted)|updated (the|my)|"
        r"informed|reported|status update|weekly update|sent (a|an|the) \w+ (update|summary|note)|let (them|him|her) know|"
        r"called the (client|customer)|shared (the|a|an|progress)|in the loop|kept \w+ (updated|posted|informed)|"
        r"(posted|sent|gave|wrote|shared) (a |an |the )?(\w+ ){0,2}(updates?|summar\w+|notes?|reports?)|"
        r"told (him|her|them) (straight|right away|immediately|what|plainly|honestly|it was)|so nobody was surprised|"
        # the people it touched told, by phone, note or channel ("I rang the site manager that night")
        r"(rang|called|phoned|emailed|messaged|warned|alerted|notified|went (straight )?to) (the|my|our) ([\w'-]+ ){0,3}"
        r"(manager|supervisor|lead|client|customer|partners?|owner|director|officer|purser|representative|boss|chief)|"
        r"(sent|gave|posted|wrote|put) [^.!?]{0,60}\b(update|summary|message|e-?mail|bulletin)s?|copied (in )?(the|my|our) "
        r"\w+|posted in the [\w-]+ (channel|group|chat)|"
        r"(rang|called|phoned|emailed) (the|my|our) ([\w'-]+ ){1,3}(myself |straight away |right away |first )?and "
        r"(told|warned) (him|her|them))\b",
        r"보고|공유했|공유하|알렸|알려|안내|전달|연락",
    ),
    "blame": any_of(
        r"\b(not really mine|wasn'?t (really )?my fault|not (really )?my fault|(was|is) (really|not) mine|"
        r"(mistake|fault|error|problem) wasn'?t (really )?mine|wasn'?t (really )?fair on me|"
        r"should have (checked|asked|told) (with )?me|"
        r"(planners|supervisors|managers|management|they|the office) should'?(ve| have) (listened|known|asked|checked|seen)|"
        r"that was (qa|them|the \w+ team|my manager|management)|nobody .{0,30}apologi[sz]ed|if (the other|they|qa|"
        r"the \w+ team) had|"
        r"their fault|blame[ds]?|because of them|it was (qa|management|the requirements)|"
        r"(his|her|their) (responsibility|fault|call|mistake),? not mine|"
        # "it wasn't my job, but ..." is how stepping up starts, not blame
        r"not my (responsibility|job|problem)(?![^.!?]{0,80}\b(but|so i|anyway|still|though)\b)|"
        r"(like|as if) it was my fault|wasn'?t my (mistake|error)|(isn'?t|wasn'?t|is not|was not) (really )?down to (me|us|"
        r"the (installer|fitter|driver|operator|crew))|(wasn'?t|isn'?t|was not|is not) (really )?on me|"
        r"(wasn'?t|isn'?t|was not) (really )?anything i could'?(ve| have) done|"
        r"what went wrong was (mostly |really |all )?(the|his|her|their))\b",
        r"제 실수라기보다|제 (잘못|실수)(이|은|는|가)? ?(아니|아이라|아입)|탓|했으면 그런 일은|때문에 생긴 문제|"
        r"책임이라고 생각|억울|"
        r"제 책임(은|이) 아니|제 (일|담당)이 아니(?!었지만|지만|었는데|었어도|어도)",
    ),
    "process_fix": any_of(
        r"\b(added a (check|step|test|ci|alert|rule)|checklist|postmortem|post-mortem|incident report|process|"
        r"so (it|this) (would|will) not|prevent\w*|never again|guard|safeguard|runbook|automated (check|test)|"
        r"proposed (two |a |three )?changes?|so it blocks|unique field|hard requirement|put .{1,30} back in|"
        r"(into|onto|to|changed) (the|our) (\w+ )?(template|form|procedure|protocol)|"
        r"now (has|have) to be (written|logged|recorded|signed|checked|entered|noted))\b",
        r"체크리스트|절차|재발|방지|보고서|프로세스|자동화|검사하는|검사 단계|규칙|않게|않도록|지표로 보고|양식을 바꿨|"
        r"방식으로 바꾸|방식을 바꾸|가이드에|기준을 (만들|정하|정했)",
    ),
    "alone": any_of(r"\b(on my own|by myself|single-handedly|all alone|(did|built|ran|handled) [\w ]{0,15}solo|"
                    r"(did|built|handled|ran) (all of )?(it|that|this|"
                    r"everything)( all)? myself)\b", r"혼자(서)?\s|단독으로|제가 다 (했|처리|진행)"),
    # said outright: nobody else took part ("I didn't need to involve anybody")
    "no_one_else": any_of(r"\b(didn'?t (need to |have to )?(involve|ask|need) (anybody|anyone|any help)|without "
                          r"(involving|asking|needing) (anybody|anyone)|no(body| one) else (was )?(involved|needed))\b",
                          r"(아무(에게|한테)도|누구(에게|한테)도)\s*(도움|부탁|묻|말하)|누구의 도움도|다른 사람 도움 없이"),
    "others_named": any_of(
        r"\b(colleague|teammate|designer|product manager|pm|engineer|manager|lead|director|client|customer|"
        r"doctor|nurse|coordinator|parents?|patient|stakeholders?|partner|vendor|analyst|team|he|she|him|her|they|"
        r"them|another team|other teams?|everyone|sales|finance|support|warehouse|developer|junior|senior)\b",
        r"동료|팀원|디자이너|기획자|개발자|매니저|팀장|고객|보호자|환자|부서|팀|담당자|선배|후배|신입|영업|재무|보안|마케팅|의사|"
        r"\S+님|조원|반장|실장|과장|대리|부장|차장|사원|직원|작업자|기사|거래처|협력사|본사|점주|학부모|학생",
    ),
    "disagreement": any_of(
        r"\b(disagree\w*|conflict|argued|pushed back|objected|different (view|opinion)s?|concerns?|tension|"
        r"wanted .{1,40} but|was worried|compromise|common ground|didn'?t agree|did not agree|clash\w*|"
        r"standoff|saw it differently|(my|our) (own )?view was|(were|was) (really |very )?unhappy|"
        r"(thought|felt) (the opposite|otherwise)|wasn'?t comfortable|not comfortable|"
        r"blam\w+ each other|frustrat\w+|refus\w*|rejected|(nobody|no one) would listen|"
        # each side's word against the other's ("they said we left it dirty and we said they did")
        r"(they|he|she) said (we|it was (us|our))\b[^.!?]{0,60}\bwe said (they|it was (them|their))|"
        r"(wouldn'?t|didn'?t|did not|would not) accept|(was|were) (all |dead )?against (it|the (idea|plan|change)|this|that))\b",
        r"의견(이|이 크게)? ?(달랐|갈렸|차이)|반대|갈등|우려|걱정|원했고|충돌|이견|타협|절충|부딪|마찰|불만|탓하|"
        r"공격받는|입장 차이|입장이 (달|엇갈)|(저는|제 생각은|저로서는) 오히려|(생각|보는 눈|시각)이 (좀 )?달랐|"
        r"다르게 (봤|생각했)|탓이(라|라고)|서로 말이 안 통",
    ),
    "resolution": any_of(
        r"\b(agreed|(we|they|both|all) agree|compromise|common ground|middle ground|we settled|aligned on|found a way|"
        r"proposed|listened|ask(ed)? (him|her|them|what|why)|understand (his|her|their)|sat (down )?with (him|her|them)|"
        r"tested (both|the two|two) (versions|options|ways)|went with (his|hers|theirs|her|their)|talked it through|"
        r"met (him|her|them) halfway|settled on|split the difference|"
        r"went (over |down |up )?to see (him|her|them|the|their|our|his)|"
        r"(went|looked) (through|over|at) (the|their|our|both) (\w+ ){0,3}(data|numbers|figures|logs|records|readings|"
        r"results) together)\b",
        r"합의|타협|절충|정했|제안|들어\s*보|여쭤|물어|이해하게|안을 (따랐|받아들|채택)|의견을 (반영|수용|받아들)|"
        r"같이 (테스트|시험)해|직접 (만나|찾아가)|서로 (맞췄|맞추|양보)|기로 (서로 )?(맞췄|합의)",
    ),
    "helped_others": any_of(
        r"\b(mentor\w*|coach\w*|paired with|helped (him|her|them|a|the|my)|unblock\w*|credit|trained (him|her|them|the)|"
        r"taught|onboarded (him|her|them|new)|named in|gave (him|her|them) the|let (him|her|them) present|"
        # time given to someone new or stuck, and their part named ("I sat with him on the timing software")
        r"show(ed|ing) (him|her|them) how|sat (down )?with (him|her|them) (on|over|for|until)|teach(ing)? (him|her|them|the new)|"
        r"spent (a|an|two|three|a couple of|some|a few) (\w+ )?(mornings?|afternoons?|evenings?|sessions?|hours?|days?) "
        r"(with (him|her|them)|showing)|(put|made sure) (his|her|their) name|second author|"
        r"(was|were) (really )?(his|her|their) (idea|work|call)|sat in on (his|her|their) (first|calls|sessions)|"
        # stood by while someone new did it ("I took him through it on deck and stood with him while he did it")
        r"(took|walked|talked) (him|her|them) through (it|the \w+)|stood (with|beside|next to|over) (him|her|them) while)\b",
        r"멘토|코칭|도와|도왔|가르쳐|가르쳤|같이 작업|기여를|공을|소개했|알려 드렸|해 드렸|덕분이라고|같이 정리해|"
        r"이름을 (같이 )?올렸|데려가|설명하게 했|기회를 (줬|주)|(그분|\S+님)이 (하신|만드신|다 하신) (거|것|부분)|"
        r"페어 프로그래밍",
    ),
    "audience": any_of(rf"\b({_EN_ADAPTED}|audience|timeline|example|explained|slides?)\b",
                       rf"{_KO_ADAPTED}|청중|예시|설명|자료"),
    # the message fitted to its listeners, beyond saying it was explained or had slides
    "adapted": any_of(rf"\b({_EN_ADAPTED})\b", _KO_ADAPTED),
    "vague_action": any_of(
        r"\b(looked into it|fixed it|sorted (it|things) out|took care of it|(?<!how i )(?<!how i'd )(?<!how we )handled it|"
        r"worked on it|figured it out|"
        r"dealt with it|did my best|worked hard|tried (different|various) (things|stuff)|made some changes|"
        r"some changes|a few things|made (some )?improvements|improved efficiency|streamlined|optimi[sz]ed the process|"
        r"various (things|measures|improvements)|investigated the problem|looked at the problem|did some|in general|"
        r"(held|had) (\w+ )?meetings|wrote (\w+ )?reports|action items|a bunch of changes|made changes|focused on|"
        r"improved (it|things)|worked really hard|(investigated|looked into) it (very )?thoroughly|looked at all the|"
        # "sorted out the grips" names what was done; "sorted out the problem" does not
        r"sorted out(?! (the|a|an|his|her|their|new) (?!problem|issue|situation|mess|thing)\w)|sort(ed)? (it|things) out|"
        r"gave it (my all|everything|my best)|from every (angle|side|direction)|"
        r"fine-tooth(ed)? comb|left no stone unturned|pulled out all the stops|"
        r"fixed it\b|leveraged|utili[sz]ed|things like that|did what (needed|had) (doing|to be done)|"
        r"(yeah|and),? sorted it(?=\s*([.,!?]|$))|"
        # what was explained never said ("I explained it all to her, in simple terms, and she was fine")
        r"explained (it all|everything|the whole thing)( to (her|him|them))?( (clearly|properly|well|thoroughly))?"
        r"(,? in (simple|plain) (terms|words|language))?"
        r"(?=\s*(,? and\b|[.!?]|$))|"
        r"(?<!how )i (just )?(sorted|resolved|corrected|solved|handled) (it|that|them|this)(?! (by|with|using))\b)\b",
        r"열심히|알아보고|알아봐서|해결했던 것 같|처리했던 것 같|최선을 다|노력했던|잘 마무리|여러 가지|개선 방안을 마련|"
        r"전반적으로|효율화|불필요한 업무|종합적으로|최적화를 통해|문제 되는 부분|원인을 찾아봤|이것저것|"
        r"과제를 \S*\s?도출|개선 과제|회의를 \S+ 했|보고서(도|를)? \S+ (넘게 )?썼|적극 활용|같은 (걸|것을) 도입|"
        r"이런 개념|알고 있고|보면서 .{0,10}(관리|일)을? 했|개선해서|좀 (살펴|알아|봐)|손을 (좀 )?(봤|보고|봐서)",
    ),
    "dismissive": any_of(
        r"\b(useless|incompetent|never listen\w*|wouldn'?t listen|didn'?t listen to me|lazy|clueless|idiots?)\b",
        r"\b(stopped arguing|left it to them|(that|it) (was|is) on them|not my (problem|job)|(stay|keep) out of (the|my) way)\b",
        r"답답했|말을 (잘 )?안 들|말이 안 통|무능|말귀|들어 (봐야|봤자) 소용|(혼자|제가) (다 )?하는 게 (편|낫|빠르)|"
        r"남(한테|에게) 맡기면",
    ),
    "no_example": any_of(
        # not "since then we haven't had a single new sore", which is a result
        r"\b((?<!we )(?<!they )(?<!it )haven'?t (really )?(had|done|presented|worked|dealt|been) |"
        r"can'?t think of (one|a specific|an example)|"
        r"(don'?t|do not) think i'?ve (really )?had|never really had (one|to)|(don'?t|do not) have (a good|an|any) example)",
        r"(딱|특별히|딱히) (떠오르는|생각나는) (건|게|것은) 없|그런 적은 (별로|딱히) 없|크게 부딪힌 적은 없|큰 문제는 없었|"
        r"떠오르지 않|생각나지 않|(잘|별로|한 번도|거의) 안 해 ?봐서|해 본 적이 (없|별로 없|거의 없)",
    ),
    # asking to pass or to come back to it: no example is coming
    "declined": any_of(r"\b(can we (maybe )?(come back to|skip)|(i'?ll|let me) pass|skip this one|come back to (this|it)|"
                       r"(my )?mind'?s? (gone |going |a bit )*blank|can'?t (really )?think of (one|a|an|any)|"
                       # a principle offered in place of the case asked for
                       r"(i'?d|i would) (rather|prefer) not (to )?(go into|get into|pick|give|name|talk about|single out) "
                       r"(any|a|one)( one| single| specific| particular)? (case|example|story|instance|incident)s?)\b",
                       r"넘어가도 (될까요|되나요|되겠습니까|괜찮을까요)|생각이 (잘 )?안 나(네요|요|는데요)|머리가 하얘|"
                       r"(특정|구체적인|어느 한|하나의) (사례|예시|일화|경험)(를|을)? ?(하나 )?(말씀드리|드리|들|꼽)기보다(는)?"),
    # the interview answer itself offered as the example ("the best example is the one happening right now")
    "this_answer": any_of(r"\b(example|story|case) (is|would be) (the one )?(happening )?(right )?(now|here)\b|"
                          r"\bthis (very )?(answer|interview|conversation)( itself| right now)? (is|would be|as) my "
                          r"(example|story|case)\b|\bmy (example|story|case) is this (very )?(answer|interview|"
                          r"conversation)\b",
                          r"(지금|바로) 이 (면접|답변|대화|자리)(이|가|자체가)?\s?(바로\s)?(제\s)?(사례|예시|예)"),
    # the story ends where they passed the work on ("she took it from there"): the anchors' "stops when the task
    # is handed over"
    "handed_over": _STOPPED_THERE,
    # the candidate as an onlooker to someone else's work ("I learned a huge amount watching how she did it")
    "observer": any_of(
        r"\b(learn(ed|t)|picked up) [^.!?]{0,30}\b(from )?(watching|seeing) (how )?(her|him|them|the|my)\b|"
        r"\bi (mostly |just |only )?(watched|observed|shadowed) (her|him|them|how)\b|"
        r"\bi was (just )?(with (her|him|them)|there) (through|for) (it|all of it|the whole thing)\b",
        r"옆에서\s*(보면서|지켜보|배우|배웠)|따라다니면서\s*(배웠|배우)|어깨너머로",
    ),
    # the candidate says they do not know the subject ("I don't really know the science side of it")
    "unknowing": any_of(
        r"\bi (don'?t|do not) (really |actually |honestly )?know (the (science|theory|technical|chemistry|maths?|"
        r"details?)|much about|how (it|that|they|this) works|what (the|they|those))\b|\bi couldn'?t (really )?tell you "
        r"(what|how|why)\b|\bi('ve| have) never (really )?(learned|understood|done) (that|this|it|the)\b|"
        r"\b(not something (you|i|anyone) can|can'?t|cannot|couldn'?t|hard to|impossible to) (really )?(put|explain|describe)"
        r"( it)? (into|in) words\b",
        r"(원리|이론|과학적인 부분|자세한 (건|것은|내용은))(은|는|까지는)? (잘|정확히|솔직히) 모르|잘 모르겠습니다|"
        r"(저는|제가) 잘 몰라|"
        # know-how that "cannot be put into words": nothing said of it
        r"말로 (설명|표현)(할 수|하기|하긴|이 안)|말로는 (설명|표현)(이 안|할 수 없|하기 어려)"),
    "as_told": any_of(
        # "nobody told me to", "without being asked" are the opposite: initiative
        r"\b((?<!nobody )(?<!no one )(?<!never )(?<!hadn't )(?<!didn't )(?<!not )(told|asked) me (to|what)|"
        r"i did (that|what i was told|as i was told)|followed the plan (she|he|they|my \w+)|"
        r"(she|he|they) wanted|as instructed|i was told to|as per the (\w+ )?(programme|program|plan|brief|checklist|"
        r"procedure|instructions|spec|template|scope)|(gave|handed) me (the|a) (\w+ )?(programme|program|plan|brief|"
        r"checklist|list|scope|spec))\b",
        r"시키는 대로|시키신|말씀하신 대로|지시(대로|받은|하신)|하라고 (하셔서|해서|하셨)|정해 주신 대로|맡기셔서|"
        r"(정해|알려|시켜|지시해) 주셔서|제가 맡은 부분(만|을)|주셔서,? 그대로|주신 (리스트|목록|양식)(대로|에 따라)",
    ),
    # a story that is not the candidate's, told as theirs: a course's case study, a friend's experience, or
    # events they were not there for ("I'll tell it in the first person, but I was actually on leave")
    "borrowed": any_of(
        r"\b((that'?s|this is|it'?s|it was) (actually |really )?(the|a) (case study|scenario|role[- ]play|example) "
        r"(from|in|we)|\w+ (wasn'?t|was not) (actually )?me\b|i was (actually )?(on leave|away|off sick|not there|"
        r"not on (that|the) (shift|project))|(a|my) (friend|colleague|cousin|brother|sister|mate)'?s? "
        r"(story|example|situation)|happened to (a|my) (friend|colleague|mate)|(a|my) (friend|mate) (told|was telling) "
        r"me|that was (really |actually )?(my|our|the) (supervisor|manager|boss|lead|colleague|senior|team ?lead)\b"
        r"[^.!?]{0,40}\b(did|was) (all|most|everything)|(she|he|they) did (all|most|everything) of (that|it|this)|"
        r"\bwhen i say ['\"]?(i|me|my)['\"]?\b[^.!?]{0,40}\bi (really |actually |just )?mean\b|"
        r"\bby ['\"]?i['\"]?,? i (really )?mean\b|"
        r"i (just |only )?heard about it|i was in a different (team|department|shift|site|store|branch) at the time|"
        r"(it|this|that|none of (it|this|that)) (never|didn'?t) (actually|really) happen(ed)?|(it|this|that) never "
        r"happened( to me| at all| in real life)?(?=\s*[.,;!?])|i made (it|this|that|the whole thing) up|"
        r"(a|an) (made-up|invented|imaginary) (example|story|scenario)|(that|it|this) was (a|just a|all a|only a) "
        r"(dream|daydream)|i (dreamt|dreamed) (it|that|this|the whole thing)|(it|this|that) never (actually |really )?happened|"
        r"i made (it|that|this|the whole thing) up|(the )?(best|only|one|an?) example (that )?(i can "
        r"(think of|give( you)?) )?(is|would be) (actually |really |probably )?(my|a|our) (colleague|co-?worker|manager|"
        r"boss|friend|teammate|supervisor|mentor|senior|lead)\b(?![^.!?]{0,30}\b(and i|and me|with me)\b))\b",
        r"(친구|지인|동기|선배|후배)(가|의|한테|에게)\s.{0,20}(겪은|들은|했던 (얘기|이야기))|전해 들은|"
        r"(가장 좋은|제일 좋은|좋은) (예|사례)(는|가)\s*(사실\s*)?(제|저희 팀)\s*(동료|선배|팀장님|상사|친구|사수)|"
        r"저는 (그때|당시)\s*다른 (팀|부서|매장|지점|현장)|(실제로|직접) 겪은 (일|건|것)은 아니|만들어 본 예시|지어낸|"
        r"가상의 (예시|상황|사례|이야기)|들은 (얘기|이야기)|사례 연구|"
        r"케이스 스터디|교육(에서|때)\s.{0,10}(배운|본)\s*사례|책에서\s*(본|읽은)\s*사례|제가 (직접 )?(겪은|한) (건|일은) 아니|"
        r"꿈이었|꿈에서 (본|겪은|있었던|한)|실제로 있었던 일은 아니",
    ),
    # the story turns out to be a hobby or a project at home, not their work ("This is my own tractor actually, I restore
    # it at the weekends, it's my hobby"; "제 취미예요"): the anchors ask what they did in their work
    "hobby": any_of(
        r"\b((it'?s|it is|that'?s|that is|this is|this was|it was) (just |all |actually )?(my|a) (own )?(hobby|side project|"
        r"weekend project|personal project|home project)|i (restore|build|fix|do|make) (it|them|this|these) (in my (own )?"
        r"(garage|shed|spare time|free time)|at home|at the weekends?|on weekends))\b",
        r"제 취미(예요|에요|입니다|이고|라서|로)|취미로 (하는|한|하고|해 온)|"
        r"(회사|직장|업무)(에서 한)? (일|것)이 아니(라|고|에요|었)",
    ),
    "deflection": any_of(
        r"\b((rather|instead|actually) (talk|tell you) about|can i (tell you|talk) about [^.?!]{0,80}\binstead\b|"
        r"i'?d (actually |really )?(like|rather|prefer) to (talk|"
        r"tell you|speak) "
        r"about|not (really )?work[- ]related|"
        r"outside (of )?work|not about work|(isn'?t|is not|wasn'?t|was not|not) from work|a different (story|topic))\b",
        r"업무(랑|와|하고)는 (좀 )?다른|일(과|이랑)는 (상관|관계)|다른 (얘기|이야기)(를|지만)|대신 .{0,10}(얘기|이야기)|"
        r"그것보다는|그보다는|그 (얘기|이야기)보다는",
    ),
    "vague": any_of(
        r"\b(stuff|things like that|and things|the thing|this thing|whatever|kind of|sort of|you know|"
        r"more or less|somehow)\b|\blike,|, like\b",
        r"이것저것|그런 것들|등등|뭔가|그냥|좀|어떻게든|것 같(아요|습니다|고)|대충|다 잘",
    ),
    # named tools: CamelCase or capitals ("PowerBI", "SQL"; case-sensitive, or every word would be one),
    # common techniques and work tools; in Korean, a Latin-letter name followed by Korean ("Python으로")
    "tools": any_of(
        r"\b((?-i:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}[A-Za-z0-9]*)|postgres\w*|index(es)?|cache|caching|pool\w*|query|queries|"
        r"(inner|outer|left|right) joins?|ttl|replica|shard\w*|queue|batch\w*|thread\w*|async|concurren\w*|api|kubernetes|"
        r"docker|redis|kafka|sql|python|java|spring boot|react(js| native)|excel|sap|crm|erp|spreadsheets?|"
        r"checklists?|templates?|dashboards?|"
        r"macros?|scripts?|formulas?|pivot tables?|trackers?|databases?|flowcharts?|diagrams?|sensors?|gauges?|"
        r"multimeter|torque|calibrat\w*|root cause analysis|five whys|5 whys|fishbone|pareto|kanban|"
        r"lean (manufacturing|method\w*)|six sigma|"
        r"thermometer|oscilloscope|stethoscope|ultrasound|x-rays?|borescope|dehumidifiers?|a/b test\w*|"
        r"mics?|microphones?|recorders?|"
        # a named method of the trade ("the wing-down method", "a two-person lift technique")
        r"(the|a) (?!same |usual |old |new |right |best |wrong |whole )([\w-]+ ){1,2}(method|technique|manoeuvre|maneuver)|"
        r"(?-i:(used|using|via) [A-Z][a-z]\w+)|the (one|technique|method) i use (the )?(most|is|for)|"
        r"(connected|plugged|hooked) (up )?(the|a|my|our) [\w-]+ (in)?to (the|a|its)|"
        r"(used|using|with|ran|run|set up|built) (a|an|the|our|my) ([\w-]+ ){0,2}(camera|meter|gauge|scanner|tester|"
        r"detector|probe|analy[sz]er|monitor|kit|app|software|tool|machine|jig|log|sheet|model|method|technique|"
        r"checklist|spreadsheet|template|protocol|procedure|framework|scale|device|instrument)s?)\b",
        r"인덱스|캐시|쿼리|배치|스레드|병렬|비동기|커넥션|풀|레디스|카프카|쿠버네티스|모델|알고리즘|기법|회귀|예측|"
        r"부스팅|평균|자동화|매크로|함수|대시보드|체크리스트|양식|템플릿|엑셀|센서|측정기|계측기|탐침|게이지|테스터|스캐너|"
        r"매뉴얼|공구|장비|\S+ 모드|점검 ?(순서|항목|루틴|표)|\S*초 점검|"
        # what they used, named with why ("황산동을 쓴 건 조직을 말리고 균을 잡아 주기 때문이우다")
        r"\S+(을|를) (쓴|사용한|고른) (건|것은|이유는)|"
        # a named scale, index or rule of the trade applied ("브레이든 척도로 점수를 매겨서", "2주 판매율로 판단했어요")
        r"\S+\s?(척도|지수|공식|통칙|공법|요법|판매율|회전율)(로|으로|를|을|에 따라|대로)|"
        r"(?-i:[A-Za-z][A-Za-z0-9+#.]+)(?=\s?[가-힣])",
    ),
}
# Korean numbers as an STT transcript spells them ("십일 점 팔 퍼센트", "천이백 평", "이억 오천만 원"): Sino-Korean
# numerals followed by a unit; a lone 이 (also "this") only before units it cannot mean "this" with.
_KO_NUMERAL = "[일이삼사오육칠팔구십백천]"
_KO_NUMBER = (rf"(?<![가-힣])(?:{_KO_NUMERAL}+\s*(?:억|만)(?:\s*{_KO_NUMERAL}+)?\s*(?:천\s*)?(?:만\s*)?(?:원|명|개)?|"
              rf"(?:{_KO_NUMERAL}{{2,}}|[일삼사오육칠팔구십백천])(?:\s*점\s*[일이삼사오육칠팔구영공]+)?\s*"
              r"(?:퍼센트|프로|만\s*원|원|개월|개|명|분|초|시간|주|달|년|평|배|위|킬로|톤|회|건|번)|"
              r"이(?:\s*점\s*[일이삼사오육칠팔구영공]+)?\s*(?:퍼센트|프로|개월|년|배|시간))")
_NUMBER = any_of(
    _KO_NUMBER, r"\d", r"\b(percent|twice|half|double[ds]?|triple[ds]?|tenfold|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|dozen|a third|a quarter)\b",
    r"(절반|두 배|세 배|몇 배|한 달|일주일|하루|이틀|사흘|석 달|두 달|세 달)",
)
# a count that came to nothing is a measured result ("not a single complaint since"; "반품이 한 건도 없었고")
_NONE_SINCE = any_of(r"\bnot a single \w+", r"한 (건|번|명|마리|개|통|곳|장|대)도 (없|안\s|나오지|생기지)")
_NUMBER_WORDS = any_of(r"\b(twice|half|double|triple|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)\b")
# the time of day tells when, not how much ("by four p.m.", "at half past two", "at 9:30")
_CLOCK = re.compile(r"\b(?:at|by|until|till|before|around) (?:half past |quarter (?:past|to) |(?:\w+-)?\w+ past )?"
                    r"(?:\d{1,2}(?:[:.]\d\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                    r"(?: ?(?:a\.?m\.?|p\.?m\.?|o'?clock|thirty|fifteen|forty-five))?\b(?! (?:of|[a-z]+s)\b)", re.IGNORECASE)


# figures of speech made of numbers ("a million times", "a hundred and ten percent", "twenty-four seven", "열에
# 아홉"): no measurement, so not counted as one
_NUMBER_IDIOM = any_of(
    r"\b((a|one) hundred and ten (per ?cent|%)|(gave|give|giving) (it|everything) (a|one) hundred( and ten)? "
    r"(per ?cent|%)|(a|one) (hundred|thousand|million) (per ?cent|%) (sure|certain|confident|committed|behind)|"
    r"(?<=, )(a|one) hundred (per ?cent|%)(?=\s*[,.!?])|"
    r"(a|one) (million|thousand|hundred|zillion) times|twenty-?four[- ]seven|24/7|sixes and sevens|"
    r"nine times out of ten|ten out of ten|one in a million|(three hundred and sixty|360)[- ]degrees?|zero chance|"
    r"from day one|one step at a time|two heads are better than one|once in a blue moon|a million miles|"
    r"back to square one|second to none|on cloud nine|in two minds|two and two together|"
    r"(two|2) birds with one stone|six of one|at the eleventh hour)\b",
    r"열에 아홉|십중팔구|백발백중|일석이조|천만다행|하나부터 열까지|백문이 불여일견|만에 하나|24시간 365일|"
    r"(백|천|만)\s?번(을|은|도)?\s?(말|강조|얘기|이야기|다짐)|(200|120|110|백이십|이백)\s?(%|퍼센트|프로)",
)


def _figures(text: str) -> str:
    """The text with its number idioms blanked, for counting figures."""
    return _NUMBER_IDIOM.sub(" ", text)


def _count_numbers(text: str) -> int:
    """Numeric tokens and English number words."""
    return len(re.findall(r"\d+(?:[.,]\d+)?", text)) + len(_NUMBER_WORDS.findall(text))


_HEDGE = any_of(r"\b(like|maybe|i think|i guess|more or less|kind of|sort of)\b", r"것 같|대충|한\s\d")
_EPISODE_TIME = any_of(
    r"\b(once|one (day|time|evening|friday|night)|last (year|month|week|quarter)|in (19|20)\d\d|when i (was|worked)|"
    r"at my (last|previous|first) (job|company|role)|a few (months|weeks|years) ago|there was a time|that (day|week))\b",
    r"작년|재작년|당시|그때|한번은|입사|지난|때\s|적이 있|(19|20)\d\d년",
)
# a menu of stories offered by title for the interviewer to choose from, none of them told ("let me give you the
# options and you can pick", "골라 주시면"): counted, as one such phrase can be a quote inside a real story
_MENU = any_of(
    r"\b(you (can|could) (pick|choose)|(pick|choose) (whichever|any)( one)?|which(ever)? (one )?(would )?you('d)? "
    r"(like|prefer|want)( to hear)?( about)?(?=\s*[.,?!]|\s+really)|any (one )?of (those|them|these) would do|"
    r"let me give you (the|some|a few|my) options|(a few|several|three|two) (stories|examples) (to choose|you can choose) "
    r"from)\b",
    r"골라\s*(주시면|주세요|주셔도|보세요)|(어떤|어느)\s*(걸|것|사례|얘기|이야기)(를|로|으로)?\s*(말씀드릴까요|듣고 싶으세요|"
    r"들으실래요|원하세요|원하시는지)|원하시는\s*(걸|것|사례|얘기|이야기)(로|을|를)\s*(말씀드릴게요|할게요|하겠습니다)|"
    r"(아무거나|어느 것이든|어떤 것이든|어느 거든|어떤 거든)\s*(괜찮|좋)",
)
_RECITED = any_of(
    r"\bi (have|had) (over |more than |about )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|many) years\b",
    r"\bi (worked|have worked|work) (at|as|for|in)\b", r"\bmy (skills|strengths|expertise) (are|include)\b",
    r"\bi (hold|have) (a|an|the) (\w+ )?(degree|certification|certificate|cka|mba|licen[cs]e)\b",
    r"\bi am (experienced|skilled|proficient|familiar|certified|an? (experienced|senior))\b", r"\bexperienced in\b",
    r"\bbefore that (at|i)\b", r"\bi hold (a|an|the) \S+", r"\bi('m| am) (very |quite )?(familiar|comfortable) with\b",
    r"\bi('ve| have) got (\w+ )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|many|several) years\b",
    r"\bi('m| am) an? (\w+ ){0,3}certified\b", r"\bi (have|hold) an? (\w+ ){0,3}(degree|diploma|certificate|licen[cs]e)\b",
    r"\bi hold\b", r"\bi('ve| have) worked (at|as|for|in|on|with)\b", r"\bi was (made|promoted|appointed)\b",
    r"졸업했", r"자격증이 있",
    r"\bi (completed|finished|passed) (a|an|the|my) [^.,]{0,40}\b(course|certificat\w*|training|programme|program|exam)\b",
    r"\bmy (cv|resume|résumé)\b",
    r"\bi did (my|a) (phd|doctorate|master'?s|degree|bachelor'?s|postdoc|apprenticeship)\b|\b(then|and) a (\w+[- ])?year "
    r"(postdoc|fellowship|contract|stint)\b|\b(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty) "
    r"(publications|papers|patents|certifications)\b",
    r"\bi('ve| have) been (a|an|the) [^.,]{0,40}\b(since (then|\d{4})|for (the (last|past) )?\w+ years)\b",
    r"\d+\s*년\s*(동안|간|차)", r"근무했", r"일했(고|습니다)", r"자격증", r"보유", r"경력이", r"자신\s*있습니다",
    r"\bwith (over |more than |about |almost )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
    r"twenty) years('| of)? (\w+ )?experience\b",
    r"\bi('ve| have) (completed|finished|passed|received|earned|obtained|won) (a|an|the|my) [^.,]{0,40}\b(course|"
    r"certificat\w*|training|programme|program|exam|award|degree|diploma|qualification)\b",
    r"\bi (started|began) (my career )?(at|in|as)\b[^.]{0,60}\b(then|and) (i )?(moved|joined|went) to\b",
    r"\b(and )?now i('m| am) (a |an |the )?(senior |lead |junior |principal )?\w+ (\w+ )?(at|in|for) (a|an|the)\b",
    r"\bmy (areas|specialties|specialities|competencies|core skills|key skills) (are|include)\b",
    r"\bi('m| am) (an? )?(expert|specialist|proficient) (in|at|with)\b",
    r"\bi('m| am) an? [^.,]{0,30}\b(candidate|affiliate|charterholder|fellow) (and|with|of)\b",
    r"MBTI|다면\s?평가|강점\s?진단|(두|세|여러) 번 (뽑혔|선정)",
    r"이력서에\s*(적은|쓴|쓰인|나온|있는)\s*(대로|것처럼|내용)", r"담당했", r"사용\s*가능", r"표창|수상했|수료",
    r"합격했", r"경력(을|부터)\s*(먼저\s*)?(말씀|소개)", r"담당하고 있", r"가능한 수준", r"프로젝트에 참여했",
    r"(제\s*)?소개를\s*(먼저\s*)?(드리면|드리자면|하자면)", r"졸업(하고|한 (뒤|후))", r"입사했(습니다|고)",
    r"다룰 수 있", r"합격 이력|이력이 있", r"상(을|도)? (두|세|네|\d+)\s?번 받",
    # degrees, posts and years as a career summary ("I have an MSc in ...", "I was an assistant manager at a
    # garden centre for six years", "first at Corran as a junior ...", "I'm a chartered statistician")
    r"\bi (have|hold|got|earned|did) (a|an|my) (\w+ )?(msc|bsc|ba|ma|mba|phd|bachelor'?s|master'?s|doctorate)\b",
    r"\bgraduated (with|from)\b", r"\bi('ve| have) been working (\w+ ){0,3}for (\w+ ){1,2}years\b",
    r"\bi was (a|an) [^.,]{0,40}\b(at|for|in) [^.,]{0,40}\bfor (\w+ ){1,2}(years|months)\b",
    r"\b(first|initially) (at|in) [^.,]{0,40}\bas (a|an)\b",
    r"\bi('m| am) (an? )?(chartered|certified|registered|licensed|qualified|accredited) \w+",
    r"\bi('m| am) (experienced|skilled|proficient|certified|familiar) (in|with|at)\b",
    r"\bi did (my|a|an|the) [^.,]{0,30}\b(certificate|certification|course|licen[cs]e|qualification|diploma)\b",
    r"\bi('ve| have) (co-?)?(authored|published) (\w+ ){0,2}(papers|articles|books|publications)\b",
    r"\bi (won|received|got) (a|an|the) [^.,]{0,30}\b(awards?|prize|medal)\b", r"\bclients (have )?include[ds]?\b",
    # why they are applying, in place of an example
    r"\b(what )?i('m| am) looking for (now )?(is )?(a|an) [^.,]{0,30}\b(role|position|job)\b",
    r"\bthat'?s (really |basically |exactly )?why i('m| am) (here|applying)\b",
)
_GENERIC = any_of(
    r"\bi (truly |really |strongly )?(believe|think|feel|always|try to|make sure|value|love|enjoy|strive)\b",
    r"\b(is|are) (the )?(key|important|essential|crucial|foundation)\b", r"\bin my experience\b",
    r"\b(always|usually|generally|in general|every time)\b",
    r"생각합니다|믿습니다|노력합니다|중요합니다|편입니다|중요하다고|항상|보통|일반적으로|늘",
)


@dataclass(frozen=True)
class Analysis:
    lang: str
    words: int
    clauses: tuple[Clause, ...]
    elements: frozenset[str]  # STAR and anchor behaviours shown
    genre: str  # story | generic | recited_resume | keyword_list
    measured_result: bool  # a number in a sentence that reports a result (not a number anywhere)
    episode: bool  # one specific past event is told
    hedged_numbers: int  # numbers next to "like", "maybe", "정도"
    vague_actions: int  # "I looked into it", "made some changes", "여러 가지를 분석해서"
    blame: int  # sentences that put a mistake on others ("that was QA", "기획팀 탓")
    numbers: int  # numeric tokens: many with no account of how (a metric dump) earn nothing
    vague: int  # filler and vague words ("stuff", "kind of", "이것저것")
    details: dict[str, int] = field(default_factory=dict)

    def count(self, actor: str, kind: str = "past") -> int:
        return sum(1 for c in self.clauses if c.actor == actor and c.kind == kind)

    @property
    def own_actions(self) -> int:
        return self.count("self")

    @property
    def own_sentences(self) -> int:
        """Sentences in which the candidate does something (one sentence can chain several verbs)."""
        return len({c.sentence for c in self.clauses if c.actor == "self" and c.kind == "past"})

    @property
    def team_actions(self) -> int:
        return self.count("we")

    @property
    def other_actions(self) -> int:
        return self.count("other")

    @property
    def agency(self) -> str:
        """self: the candidate acted; we_only: only the team did; someone_else: others did, the
        candidate watched; none: no one acted (no story)."""
        if self.own_actions:
            return "self"
        if self.team_actions and self.team_actions >= self.other_actions:
            return "we_only"
        if self.other_actions or self.count("self", "weak"):
            return "someone_else"
        if self.team_actions:
            return "we_only"
        return "none"

    def has(self, element: str) -> bool:
        return element in self.elements

    @property
    def reported_up(self) -> bool:
        """The candidate only noticed the problem and reported it; others acted on it."""
        own = [c for c in self.clauses if c.actor == "self" and c.kind in ("past", "weak")
               and (self.lang != "ko" or korean_past(c.verb))]
        acted = [c for c in own if c.kind == "past" and not _REPORT_VERB.search(c.verb)]
        # "we" acting on it after is the candidate taking part ("I asked them to walk it with me ... we ran it")
        return bool(own) and not acted and not self.team_actions and any(
            _REPORT_VERB.search(c.verb) for c in own) and any(c.actor == "other" and c.kind == "past" for c in self.clauses)


_THINKING = frozenset({"analysis", "alternatives", "reasoning", "verification", "process_fix"})


def sentence_elements(sentence: str) -> set[str]:
    """The STAR and anchor elements one sentence shows (for choosing evidence quotes)."""
    found = {name for name, rx in _ELEMENTS.items() if rx.search(sentence)}
    if _NUMBER.search(_figures(sentence)) and "result" in found:
        found.add("measure")
    return found


# a segment that is only a filler ("Um, yeah, so, at the centre ..."): speech, not a list item
_FILLER_SEGMENT = re.compile(r"^(um+|uh+|erm?|ah|oh|yeah|yes|no|so|like|well|okay|ok|right|i mean|you know|innit|i dunno|"
                             r"anyway|basically|honestly|really|네|예|음+|어+|아+|그|그러니까|뭐|이제|좀)[?!]?$", re.IGNORECASE)


def _keyword_list(text: str, lang: str, clause_count: int) -> bool:
    segments = [s.strip() for s in re.split(r"[,;·•、.]|\n", text) if s.strip() and not _FILLER_SEGMENT.match(s.strip())]
    if len(segments) < 5:
        return False
    short = sum(1 for s in segments if len(s.split()) <= 4)
    # a long list may be wrapped in a verb or two ("... 이런 방법론들을 활용해서 해결했습니다"): items with no
    # predicate of their own, at least twice as many as the clauses around them
    items = sum(1 for s in segments if len(s.split()) <= 3 and not (
        korean_past(s) if lang == "ko" else re.search(r"\b(i|we|my|our)\b", s, re.IGNORECASE)))
    return short / len(segments) >= 0.7 and (clause_count <= 1 or items >= max(5, 2 * clause_count))


# the candidate says they never learned how it turned out: whatever outcome words the answer has, no result
_RESULT_UNKNOWN = any_of(
    # the candidate not knowing the outcome; not the story's "the next carer didn't know if she'd had it"
    r"\b(never (found|heard) out|(i|we) (don'?t|didn'?t|do not|did not|never) (really |actually )?(know|knew|saw|see)) "
    r"(whether|if|how (much|many|well)|what happened)|not sure (whether|if) (it|that|they) (worked|helped|made)|"
    r"(not sure|no idea|(don'?t|didn'?t|do not|did not|never) (really |actually )?(know|knew|find out|found out|hear|heard))"
    r" how it (all )?(went|turned out|landed|ended( up)?|worked out|played out)",
    r"(는지는?|었는지는?|결과는)\s*(사실\s*|정확히\s*)?(잘\s*)?(모르겠|모릅니다|몰라|확인(하지|을) 못)")
_KO_PAST_SYLLABLES = "".join(chr(0xAC00 + 28 * i + 20) for i in range(399))  # 했, 갔, 됐 ...: closed by ㅆ
# an outcome guessed, not known ("the losses would have been well down", "it'll have been a good result",
# "잘 됐을 거예요"): when every sentence that tells a result guesses it, there is no result
_GUESSED = any_of(
    r"\b((would|should|must|might|will|'ll) have (been|come|gone|worked|got|had|done|confirmed|fixed|helped|sorted)|"
    r"must be (getting|working|fine|okay|ok|happy|using)|we'?d have heard|"
    r"i (suppose|assume|guess) (it|that|they|he|she) (was|were|worked|did|went))\b",
    rf"[{_KO_PAST_SYLLABLES}]을 (거|겁|것)|겠죠|지 않았을까")
# the candidate's own message given word for word ("I said: this is bed twelve, pressure down to 88..."): for
# communication its figures are what was communicated
_OWN_MESSAGE = any_of(
    r"\bi (said|told (him|her|them|the \w+)|explained|wrote|put it)( to (him|her|them|the \w+))?\s*(:|\"|“)",
    r"제가\s[^.?!]{0,20}(\"|“|:)|(이라고|라고|다고) (제가 )?(말씀드렸|설명드렸|보고드렸)")
# the figure itself forgotten ("I don't remember the exact numbers"): a result, but not a measured one
_FIGURE_FORGOTTEN = any_of(
    r"\b(don'?t|do not|can'?t|cannot|didn'?t) (really )?(remember|recall|know|have) (the )?(exact |actual |precise )?"
    r"(numbers?|figures?|percentages?|stats|statistics)\b",
    r"(정확한|구체적인)\s*(수치|숫자|퍼센트|결과)(는|까지는)\s*(잘\s*)?(기억|모르|생각이 안)")
# a plan that was never carried out: its figures are a forecast ("it was only ever a proposal")
_NEVER_DONE = any_of(
    r"\b(never (actually )?(got )?(implemented|carried out|rolled out|put in place|went ahead)|(was|were) only "
    r"(ever )?(a )?(proposal|forecast|projection|estimate)|the (figures|numbers|results) (are|were) (my )?"
    r"(estimates?|projections?|forecasts?))\b",
    r"실제로\s*(적용|실행|도입|시행)(은|이|까지는)?\s*(안|못)\s*(됐|되었|했)|예상해서 계산|예상(치|한 값)(입니다|이에요|였)")
# the problem went away by itself, before any of it was done ("문제는 자연스럽게 해소됐습니다"): not solved by them
_RESOLVED_ITSELF = any_of(
    r"\b((problem|issue)s? (just |then )?(went away|disappeared|cleared up) (on (its|their) own|by itself)|"
    r"(resolved|sorted|fixed|solved) (itself|themselves)( out)?)\b",
    r"(문제|이슈)(는|가)\s*(\S+\s+)?(자연스럽게|저절로|자연히|알아서)\s*(해소|해결|풀렸|풀리|없어졌|사라졌)")
# one vague action padded into a chain of bare verbs ("explained, informed, shared, communicated, ..."; "설명하고,
# 안내하고, 전달하고, ..."): counted as vague actions, not as steps
_VERB_CHAIN = any_of(r"\b(\w+ed,\s+){4,}(and\s+)?\w+ed\b", r"(\S+(하고|하며),?\s+){5,}")
# the same act said as a run of synonyms, again and again ("협력하고, 협업하고, 공조하고, ... 소통하고, 대화하고,
# 교류하고, ..."): one run can be a real list of steps, several are padding
_KO_SYNONYM_RUN = re.compile(r"(?:[가-힣]+고,\s+){3,}")


# the rubric's own labels listed as a verdict ("so that's the root cause, the options, the result and the
# lesson, all covered"; "원인, 대안, 결과, 교훈까지 다 말씀드렸습니다"): no element is shown by naming it
_LABEL = (r"(root cause|cause|options?|alternatives?|trade-?offs?|results?|outcomes?|lessons?( learned)?|learnings?|"
          r"verification|prevention|recurrence|situation|task|action|impact|stakeholders?)")
_KO_LABEL = r"(근본 원인|원인 분석|원인|대안|결과|교훈|재발 방지|검증|상황|과제|행동|성과|배운 점)"
_LABEL_LIST = any_of(
    rf"\b(the )?{_LABEL}(,\s*|\s+and\s+|\s*&\s*)(the )?{_LABEL}(,\s*|\s+and\s+)(and )?(the )?{_LABEL}\b",
    rf"{_KO_LABEL}\s*(,|와|과|및)\s*{_KO_LABEL}\s*(,|와|과|및|그리고)\s*(그리고\s*)?{_KO_LABEL}")

# A sentence that puts off the telling ("어떻게 분석하고 어떤 대안을 비교했는지는 다음 질문 때 말씀드리겠습니다",
# "I'll walk you through how I fixed it later"): the analysis and options it names are not told.
_DEFERRED = any_of(
    r"\bi('ll| will| can| could)( happily| gladly)? (come back to|get (back )?to|go into|explain|walk you through|cover|"
    r"talk about|tell you about)\b[^.!?]{0,80}\b(later( on)?|in (the|a|your) (next|later|follow-?up) question|another time|"
    r"if (we|there)('s| is| have)( the)? time|in a (bit|minute|moment)|next time)\b",
    r"\bthat'?s (a story )?for (another|the next|a later) question\b",
    r"(다음|나중에|이따가|뒤에서|다음 질문|기회가 (되면|있으면)|시간이 (되면|있으면))[^.!?]{0,30}(말씀드리겠|설명드리겠|"
    r"말씀드릴게요|설명드릴게요|말씀드리도록|설명드리도록)",
    r"(시간 관계상|자세한 (내용|과정)은)[^.!?]{0,40}(생략하겠|생략할게요|넘어가겠|줄이겠)")

_NOW_ON = re.compile(r"^(?:and |so )?(?:now|these days|nowadays|ever since|since then|from then on)\b", re.IGNORECASE)


# "she sorted out a clash like that": a vague verb with someone else as its subject
_OTHER_SUBJECT = re.compile(r"\b(he|she|they)\s+((?!i\b)\w+\s+){0,2}$", re.IGNORECASE)


def _vague_acts(text: str) -> int:
    return sum(1 for m in _ELEMENTS["vague_action"].finditer(text)
               if not _OTHER_SUBJECT.search(text[max(0, m.start() - 30):m.start()]))


# a question quoted in the answer ("'왜 분담금이 올랐냐', '대출은 되냐'"; "they asked "why is it late?""): what
# someone asked, not what the candidate did or found (its "검증은 했냐" is no check of theirs)
_QUOTED_QUESTION = re.compile(r"[\"\u201c][^\"\u201d]{1,160}\?\s*[\"\u201d]|"
                              r"['\u2018][^'\u2019]{1,80}(냐|니|나요|까요|죠|습니까|\?)\s*['\u2019]")


def _unquoted(text: str, lang: str) -> str:
    """The answer with the questions it quotes put as "the question" (its sentences as ``analyse`` counts them)."""
    return _QUOTED_QUESTION.sub("그 질문" if lang == "ko" else "the question", text)


def analyse(transcript: str, *, lang: str | None = None) -> Analysis:
    """The analysis of an answer with its instruction-like sentences and quoted questions removed."""
    text = strip_injection(transcript).strip()
    language = lang or detect_language(text)
    text = _unquoted(text, language)
    found = clauses(text, language)
    parts = sentences(text)
    acted_in = {c.sentence for c in found if c.actor == "self" and c.kind == "past"}
    shown_in = " ".join(p for i, p in enumerate(parts)
                        if (i in acted_in or not _LABEL_LIST.search(p)) and not _DEFERRED.search(p))
    said = (_EN_NEGATED if language == "en" else _KO_NEGATED).sub(" ", shown_in)
    elements = {name for name, rx in _ELEMENTS.items() if rx.search(said if name in _NEGATABLE else shown_in)}
    figures = [_figures(s) for s in parts]
    outcomes = [i for i, s in enumerate(parts) if _ELEMENTS["result"].search(s)]  # the sentences that tell a result
    measured = any(_NUMBER.search(figures[i]) or _NONE_SINCE.search(parts[i]) for i in outcomes)
    for name, rx in (("never_done", _NEVER_DONE), ("resolved_itself", _RESOLVED_ITSELF)):
        if rx.search(text):
            elements.add(name)
    if elements & {"never_done", "resolved_itself"} or _RESULT_UNKNOWN.search(text) or (
            outcomes and all(_GUESSED.search(parts[i]) for i in outcomes)):
        elements -= {"result", "measure"}
        measured = False
    if _OWN_MESSAGE.search(text):
        elements.add("own_message")
    if _FIGURE_FORGOTTEN.search(text):
        elements.discard("measure")
        measured = False
    # who did the thinking: the diagnosis, options, reasons and checks told in the sentences where the candidate
    # acts, and in those where only someone else does ("She ran the history through a duplicate check ...")
    others_in = {c.sentence for c in found if c.actor == "other" and c.kind == "past"} - acted_in
    own_thinking, others_thinking = ({e for i in where if i < len(parts) for e in sentence_elements(parts[i])} & _THINKING
                                     for where in (acted_in, others_in))
    # a vague act counts against the candidate, not one told of someone else ("she sorted out a similar clash")
    own_text = " ".join(p for i, p in enumerate(parts) if i not in others_in)
    # the same thin event told over and over ("I analysed, I fixed ... in one sentence: I analysed, I fixed"): two
    # of the candidate's verbs said three times or more each is one vague act retold, not more steps
    retold = sum(1 for n in Counter(c.verb for c in found if c.actor == "self" and c.kind == "past").values() if n >= 3) >= 2
    hedged = sum(1 for f in figures if _NUMBER.search(f) and _HEDGE.search(f))
    past = sum(1 for c in found if c.kind == "past")
    own_events = sum(1 for c in found if c.kind == "past" and c.actor == "self")
    episode = past >= 2 or (past >= 1 and bool(_EPISODE_TIME.search(text)))
    recited = len(_RECITED.findall(text))
    generic = len(_GENERIC.findall(text)) + sum(1 for c in found if c.kind == "generic")
    # what they do now because of the story ("these days I write the summary first") is its lesson, not a method
    # (once there is a story outside it: an answer of lessons alone tells no story)
    lesson = {i for i, part in enumerate(parts) if _ELEMENTS["learning"].search(part) or _NOW_ON.match(part)}
    if sum(1 for c in found if c.kind == "past" and c.actor == "self" and c.sentence not in lesson) < 2:
        lesson = set()
    # a method is steps taken ("I break it down, I gather..."), not states or beliefs ("I am deckhand", "I feel")
    method = sum(1 for c in found if c.kind == "generic" and c.actor in ("self", "we") and c.sentence not in lesson
                 and c.verb not in _EN_STATE_OF_MIND)
    # how the candidate does the work, in their own words ("I stand the bottle upright the day before"):
    # their own use of what they know, whoever acted in the story around it
    practice = sum(1 for c in found if c.kind == "generic" and c.actor == "self" and c.verb not in _EN_STATE_OF_MIND
                   and not _KO_WISH.search(c.verb) and not _GENERIC.search(c.verb) and not _KO_NOT_AGENT.match(c.verb)
                   and len(c.verb) > 1)
    if _keyword_list(text, language, past):
        genre = "keyword_list"
    # "First I break it down. I gather...": a method, unless it is told as one episode's with its measured outcome
    elif language == "en" and method >= 3 and method > 2 * own_events and not (episode and measured):
        genre = "generic"
    elif language == "ko" and _ko_plan(found, parts) >= max(3, 2 * own_events):  # "입사하면 ... 제안드리겠습니다"
        genre = "generic"
    elif recited >= 2 and own_events <= recited and not (measured and own_events >= 2 and own_events > recited):
        genre = "recited_resume"
    elif not episode and generic >= 1:
        genre = "generic"
    elif not episode:
        genre = "generic"
    else:
        genre = "story"
    if own_events:
        elements.add("action")
    named = _en_people(parts) if language == "en" else set()
    if named:
        elements.add("others_named")  # someone named acts in the story: "Mina finished the statement"
    # people other than the candidate: "they"/"them" alone may be things ("turned them more often")
    people = len(named | {m.group(0).lower() for m in _ELEMENTS["others_named"].finditer(text)} - {"they", "them"})
    if measured:
        elements.add("measure")
    if any(_NUMBER.search(f) and not _HEDGE.search(f) for f in figures):
        elements.add("numbers")
    if len({m.group(0).lower() for m in _ELEMENTS["tools"].finditer(text)}) >= 3:
        elements.add("tool_detail")  # several tools or techniques named: an explanation, not a buzzword
    if {"disagreement", "resolution"} <= elements or "helped_others" in elements:
        elements.add("worked_through")  # a disagreement or a dependency (someone stuck) worked through
    if parts and (_EPISODE_TIME.search(parts[0]) or len(parts) >= 3):
        elements.add("situation")
    return Analysis(lang=language, words=word_count(text), clauses=tuple(found), elements=frozenset(elements),
                    genre=genre, measured_result=measured, episode=episode, hedged_numbers=hedged,
                    vague=len(_ELEMENTS["vague"].findall(text)),
                    vague_actions=_vague_acts(own_text) + 2 * len(_VERB_CHAIN.findall(text))
                    + (2 * runs if (runs := len(_KO_SYNONYM_RUN.findall(text))) >= 2 else 0) + 2 * retold,
                    blame=sum(1 for part in parts if _ELEMENTS["blame"].search(part)),
                    numbers=_count_numbers(plain := _figures(text)) - sum(_count_numbers(m) for m in _CLOCK.findall(plain))
                    + (len(re.findall(_KO_NUMBER, plain)) if language == "ko" else 0),
                    details={"recited": recited, "generic": generic, "past": past, "practice": practice,
                             "menu": len(_MENU.findall(text)), "own_thinking": len(own_thinking),
                             "others_thinking": len(others_thinking), "people": people})


# --------------------------------------------------------------------------- relevance
_PERSONAL = any_of(
    r"\b(wedding|bride|groom|honeymoon|my (sister|brother|mother|father|mom|dad|parents|wife|husband|kids|"
    r"children|son|daughter|family|friends?|girlfriend|boyfriend|grandmother|grandfather)|marathon|half marathon|"
    r"diet|calories|weight loss|kg|kilos|vacation|holiday|trip to|road trip|hobby|hobbies|birthday|party|"
    r"recipe|cooking|baking (at home|for fun)|football|soccer|basketball|gym|workout|hiking|camping|concert|"
    r"guests|venue|personal best|race day|fitness|my apartment|moving house|garden|weekend|weather|lately|"
    r"long runs|miles a week|my coach|nutrition|charity)\b",
    r"결혼식|결혼|신부|신혼|마라톤|다이어트|체중|식단|칼로리|체지방|여행|휴가|취미|가족|친구들|생일|파티|요리|등산|"
    r"캠핑|헬스|운동 계획|하프 기록|완주|제주도|카페 투어|동호회|대학 친구|이삿짐|보증금|전세|월세|이사를|"
    r"윗집|아랫집|옆집|층간\s?소음|(저희|우리)\s?(집|아파트|동네)",
)
_WORK = any_of(
    r"\b(customers?|clients?|users?|colleagues?|manager|team|teammates?|service|system|release|deploy\w*|production|"
    r"code|query|database|server|api|project|report|company|office|shift|patients?|ward|sales|deals?|contracts?|"
    r"warehouse|line|product|campaign|incident|outage|on call|sprint|stakeholders?|department|business|"
    r"invoices?|orders?|pipeline|job|role|lead|director|students?|class|school|hospital|store|factory|"
    r"supplier|vendor contract|budget review|pull request|feature|app|platform|account|site|contractor|"
    r"crew|guests? (complaints|check-?in)|hotel|front desk|inspection|audit|payroll|hiring|candidates?|"
    r"branch|claims?|policy|pharmacy|lab|newsroom|store|shop floor|checklist|procedure|tax|filings?|ledger|clinic|"
    r"court|tenants?|shipments?|cargo|dispatch|callers?|passengers?|flights?|visitors?|exhibits?|crops?|harvest|"
    r"kitchen|restaurant|bank|loans?|mortgages?|insurance|underwrit\w+|curriculum|procurement|tenders?|stock|"
    r"inventory|rota|roster|schedule|vessel|plant|site|complaints?|housekeeping|check-?ins?|check-?outs?|reception|"
    r"bookings?|reservations?|(the|our) garage|workshop|repairs?|mechanics?|technicians?|supervisor|foreman|boss|staff|"
    r"workers?|salon|studio|depot|yard|docks?|farm|bakery|venue|museum|library|ferry|port|fleet|machines?|"
    r"equipment|work orders?|quotes?|estimates?)\b",
    r"고객|동료|팀장|팀원|서비스|시스템|배포|운영|코드|쿼리|데이터베이스|서버|프로젝트|보고서|회사|업무|부서|환자|병동|"
    r"영업|계약|물류|재고|제품|캠페인|장애|거래처|주문|정산|배치|학생|수업|학교|병원|매장|공장|개발|마케팅|출시|결제|API|"
    r"현장|도면|설비|공사|건축|직원|신입|공정|학원|주민센터|민원|발주|납기|품질|약제|간호|창구|센터|점포|본사|"
    r"세무|세금|세법|회계|경비 처리|사업자|가산세|고객사|승객|운항|관객|공연|전시|관람객|이용자|매출|재무|은행|대출|보험|"
    r"심사|진료|법원|통역|선박|화물|통관|관세|생산|교대|근무|출고|입고|협력사|협력업체|후임|선임|인수인계|야근|서류|"
    r"수의사|사육|유족|빈소|조율|입관|발인|관람|수조|매장별|배송|약국|약사|조제|처방|보호자|소아과|"
    r"(으로|로|에서) (일할|근무할|일하던|근무하던|일했을|근무했을) 때",
    r"시공|리모델링|하자|작업(을|이|은|하|할|했|한)|도배|세대당|\d+\s?세대|입주민|관리사무소",
    r"손님|예약|아르바이트|알바생|매니저|사장님|점장|파티룸|영업시간|오픈|마감",
)
# Intents a behavioural question commonly asks about: (question cue, answer cue).
_INTENTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "performance": (
        any_of(r"\bperformance of\b|\b(faster|slow)\b|speed (it )?up|latency|optimi[sz]|throughput|response time|load time",
            r"성능|속도|지연 시간|응답\s*시간|느린|최적화|처리량"),
        any_of(r"\b(latency|slow|fast|faster|speed|seconds?|milliseconds|ms|minutes|hours|p9\d|throughput|"
            r"performance|bottleneck|query|queries|cache|index|load|timeout|memory|cpu|parallel|batch)\b",
            r"\d+\s*(ms|초|분|시간)|지연|속도|성능|병목|쿼리|캐시|인덱스|병렬|배치|메모리|처리량|응답 시간|느려|빨라"),
    ),
    "mistake": (
        any_of(r"\bmistakes?\b|\bfailures?\b|went wrong|\berrors? you made\b|\byou (missed|overlooked)\b",
               r"실수|실패한 경험|잘못한|잘못(됐|되었|된)|(본인|자신)이 놓친|빠뜨린"),
        any_of(r"\b(mistake|fault|error|wrong|forgot|missed|without (testing|checking)|should have|rolled? back|"
            r"postmortem|apolog\w*|broke|caused|failed|promised|slip\w*|twice|by accident|accidentally|overlooked|"
            r"correct\w*|misspel\w*|typo|instead of|tripled|doubled|"
            r"mixed up|incorrect|on me|did(n'?t| not) (check|test|verify|notice|catch|read)|late|lost|duplicate)\b",
            r"실수|잘못|놓쳤|착각|깜빡|롤백|사과|오류|틀렸|실패|빠뜨|누락|지연|늦|두 번|중복|엉뚱|헷갈"),
    ),
    "conflict": (
        any_of(r"disagree|conflict|pushback|different opinion|opinions? differed", r"갈등|이견|의견이\s*달|의견 충돌"),
        any_of(r"\b(disagree\w*|conflict|argued|concerns?|compromise|objected|pushed back|wanted|worried|"
            r"different|agreed|common ground|tension|sceptical|skeptical|standoff|frustrat\w*|but|instead|"
            r"blamed|each other|their side|point of view|heard (him|her|them) out|promised)\b",
            r"의견|반대|갈등|설득|타협|우려|걱정|원했|달랐|합의|절충|입장|충돌|부딪|다퉜|언쟁|마찰|이견|불만|"
            r"탓|서로|약속|맞는 말|얘기를 들어|이야기를 들어"),
    ),
    "explain": (
        any_of(r"\bnon-technical|without (your|a|the) \w* ?background|to a \w* ?audience|explain (something|a|it) "
            r"(complex|technical|difficult)|\b(deliver|break|give|tell|share|pass on)\b[^.?]{0,30}\b(bad|difficult|"
            r"hard|unwelcome|unpopular) (news|decision)|\bexplain\w* (your |the |my |a |it )?(\w+ ){0,2}to (someone|"
            r"somebody|people|readers|customers|clients|patients|parents|students|non-|passengers|guests|residents|"
            r"tenants|visitors|families|relatives|members|users|the public|the crew|(a|the|your) (customer|client|"
            r"patient|parent|passenger|guest|resident|tenant|visitor|family|relative|member|user|crew|board))|"
            r"(wasn'?t|isn'?t|weren'?t|not) "
            r"(comfortable|familiar) with",
            r"비전문가|전문 지식이 없는|눈높이|쉽게 설명|이해시키|설명(해야|하셨|했던|하신|드려야|드렸던)|"
            r"(결과|소식|결정|내용)\S*\s*(\S+\s+)?(직접\s*)?(전달|전하|통보|알려)"),
        any_of(r"\b(explain\w*|showed|drew|example|analogy|slides|present\w*|visuals?|simplif\w*|jargon|"
            r"walked .{1,20} through|understand\w*|questions|(a |the )?picture (of|for)|diagram|told|tell|leaflet|plain|"
            r"meeting|session|email\w*|wrote|call\w*|asked|"
            r"announc\w*|microphone|briefed|briefing|spoke|talked)\b",
            r"설명|그림(을|으로|까지|도)\s|예시|비유|보여|자료|이해|발표|알려|안내|말씀|전달|쉽게|질문|공지|문자|"
            # said, wrote down for them, taught ("세 가지만 말했수다", "종이에 적어 드렸습니다")
            r"(말|얘기|이야기)(했|해 ?(드렸|줬|주었))|(적어|써)\s?(드렸|줬|주었)|가르쳐 ?(드렸|줬|주었)|가르쳤"),
    ),
}


# Words that look like the answer's cue but are no act of the story: the candidate speaking to the
# interviewer ("let me tell you about", "제가 말씀드리고 싶은 건"), or being asked ("without being asked").
_NOT_IN_THE_STORY = any_of(
    r"\b(let me|i'?d like to|i want to|i'?ll|i will|i can) (tell|explain|talk|share|walk)( you)?( about| through)?\b|"
    r"\b(without )?(being|was|were) asked\b",
    r"(제가\s*)?말씀(드리고 싶은|드리겠습니다|드리자면|드릴|드리려는|드린 것처럼)")


@dataclass(frozen=True)
class Relevance:
    status: str  # on | off
    reason: str  # "" | personal | other_topic | no_content | deflection | no_explaining | motivation
    detail: str = ""  # the topic the answer is about, when that is clear
    intent: str = ""  # what the question asks about, when it is one of _INTENTS (e.g. "mistake")


# An answer that opens by trading the question for a favourite story ("The thing I'm proudest of there
# isn't a fix, it's..."); only the opening counts ("the part I'm proudest of was actually the rollback" inside
# an answer is part of it).
_SWAPPED_OPENING = any_of(
    r"\b(proud(est)?( of)?|favou?rite|the best thing|what stands out|most memorable)\b[^.!?]{0,60}\b((isn'?t|is not|"
    r"wasn'?t|was not) (a|an|the|really|actually|about)|(is|was) actually)\b",
    r"(자랑스러운|기억에 남는|뿌듯한|보람 ?있었던)\s*(건|것은|것|일은|일)\s.{0,40}(아니라|아니고|사실은?)",
)


# Why they want the job, in place of the example asked for ("...so that's why I applied", "그래서 지원하게 됐습니다")
_MOTIVATION = any_of(
    r"\b(why i (applied|want to (join|work))|reason i('m| am)? appl\w*|that'?s why i('m| am)? appl\w*|"
    r"i('ve| have) always (admired|wanted to work (at|for|with))|(would|'d) love to join|why i('m| am) (applying|"
    r"interested in (this|your)))\b",
    r"지원하게 (되었|됐)|지원했습니다|지원 동기|입사하고 싶|귀사|이 회사(에|가|의|를)\s.{0,30}(관심|지원|가고 싶)",
)


def question_intent(question: str) -> str:
    return next((name for name, (q_cue, _) in _INTENTS.items() if q_cue.search(question)), "")


def relevance(question: str, transcript: str, analysis: Analysis | None = None, *,
              personal_margin: float | None = None) -> Relevance:
    """Is the answer about the work the question asks about? Off when it tells a personal-life
    story to a work question (by words, or by ``personal_margin`` from ``domain.DomainScorer``
    when given), says it will talk about something else, or answers a clearly different
    question (a conflict story to a performance question), however specific it is."""
    a = analysis or analyse(transcript)
    text = _unquoted(strip_injection(transcript), a.lang)
    intent = question_intent(question)
    personal = len(_PERSONAL.findall(text))
    work = len(_WORK.findall(text))
    asks_personal = bool(_PERSONAL.search(question))
    if not asks_personal and personal >= 2 and work <= personal // 2:
        return Relevance("off", "personal", intent=intent)
    if not asks_personal and personal_margin is not None and personal_margin > PERSONAL_MARGIN and work <= 1 \
            and (personal or personal_margin > 2 * PERSONAL_MARGIN):
        return Relevance("off", "personal", intent=intent)
    parts = sentences(text)
    if a.has("deflection") or (parts and _SWAPPED_OPENING.search(parts[0])):
        return Relevance("off", "deflection", intent=intent)
    if _MOTIVATION.search(text) and not _MOTIVATION.search(question):
        episode = " ".join(s for s in parts if not _MOTIVATION.search(s))  # outside the sentences on applying
        if not any(_ELEMENTS[e].search(episode)
                   for e in ("result", "analysis", "alternatives", "verification", "resolution", "audience")):
            return Relevance("off", "motivation", intent=intent)
    # (the steps of how they do the work, told in the present, are about the work whatever its words)
    if not work and not (a.elements - {"situation", "tools", "declined", "unknowing"}) and not shares_words(question, text) \
            and a.details.get("practice", 0) < 3:
        return Relevance("off", "no_content", intent=intent)
    if a.genre == "story" and intent:
        q_cue, a_cue = _INTENTS[intent]
        text = _NOT_IN_THE_STORY.sub(" ", text)
        if intent == "explain":  # asked how they explained; told nobody anything, or only of being told
            mine = " ".join(parts[i] for i in sorted({c.sentence for c in a.clauses if c.actor in ("self", "we")}))
            if not a_cue.search(_NOT_IN_THE_STORY.sub(" ", mine)):
                return Relevance("off", "no_explaining", intent=intent)
        if not a_cue.search(text):  # no word of what was asked, and plainly about something else
            other = [name for name, (_, cue) in _INTENTS.items() if name not in (intent, "explain")
                     and len({m.group(0).lower() for m in cue.finditer(text)}) >= 3]
            if other:
                return Relevance("off", "other_topic", other[0], intent=intent)
    return Relevance("on", "", intent=intent)


def shares_words(question: str, transcript: str) -> bool:
    """Any content word (4-letter English stems, 2-syllable Korean stems) in common."""
    def stems(text: str) -> set[str]:
        out = set()
        for token in re.findall(r"[a-z]{4,}|[\uac00-\ud7a3]{2,}", normalise(text)):
            out.add(token[:2] if "\uac00" <= token[0] <= "\ud7a3" else token[:5])
        return out
    return bool(stems(question) & stems(transcript))
