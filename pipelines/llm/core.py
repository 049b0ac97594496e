"""The LLM interface every feature codes against, and structured (JSON) output.

Backends (``pipelines.llm.llamacpp``, ``pipelines.llm.local``, ``pipelines.llm.remote``)
implement the ``LLM`` protocol; ``generate_structured`` turns free text into a validated
pydantic object, feeding validation errors back to the model and retrying. It also hands
the backend a JSON schema of the object (``json_schema_for``): llama.cpp constrains
decoding to it, so the reply always has the right shape (its content still gets checked).
Messages rendered from a named prompt (``PromptMessages``) keep their ``PromptTag`` through the
retries, numbered by attempt, so tracing can say which prompt and version each call ran.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ValidationError

from pipelines.metrics import observe_llm

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]


class LLMError(RuntimeError):
    """The model could not answer; the message says why and what to check."""


@dataclass(frozen=True)
class Generation:
    text: str
    model: str
    backend: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float

    def provenance(self) -> dict[str, str]:
        return {"model": self.model, "backend": self.backend}


@dataclass(frozen=True)
class PromptTag:
    """Which prompt a conversation was rendered from, for tracing (``pipelines.tracing``): the
    template's name, its stored version when the caller knows it, a short hash of the template
    text (it tells versions apart in any case), and the structured-output attempt (1: the first)."""
    name: str = ""
    version: int | None = None
    sha: str = ""
    attempt: int = 1


class PromptMessages(list[dict[str, str]]):
    """Chat messages that remember the prompt they were rendered from (``render_messages``
    returns these). A backend sees an ordinary list; ``prompt_of`` reads the tag."""

    __slots__ = ("prompt",)

    def __init__(self, messages: Iterable[dict[str, str]] = (), prompt: PromptTag | None = None) -> None:
        super().__init__(messages)
        self.prompt = prompt

    def with_version(self, version: int | None) -> PromptMessages:
        """The same messages, tagged with the prompt's stored version."""
        return PromptMessages(self, replace(self.prompt or PromptTag(), version=version))


def prompt_of(messages: Sequence[dict[str, str]]) -> PromptTag | None:
    return messages.prompt if isinstance(messages, PromptMessages) else None


def _tagged(messages: Messages, tag: PromptTag | None, attempt: int) -> Messages:
    return PromptMessages(messages, replace(tag or PromptTag(), attempt=attempt))


@runtime_checkable
class LLM(Protocol):
    model_id: str
    backend: str

    def generate(self, messages: Messages, *, max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None, seed: int | None = None,
                 json_schema: dict[str, Any] | None = None) -> Generation: ...

    def generate_batch(self, conversations: list[Messages], *, max_tokens: int = 256,
                       temperature: float = 0.0, stop: list[str] | None = None,
                       json_schema: dict[str, Any] | None = None) -> list[Generation]: ...


@dataclass
class StructuredResult(Generic[T]):
    value: T | None
    attempts: list[Generation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None


def cut_at_stop(text: str, stop: Sequence[str] | None) -> str:
    """The text up to the first stop string (backends may overshoot by a token)."""
    if not stop:
        return text
    cut = min((i for i in (text.find(s) for s in stop if s) if i >= 0), default=-1)
    return text if cut < 0 else text[:cut]


def extract_json(text: str) -> Any:
    """The first JSON object in ``text``, else the first JSON array (models wrap JSON in prose
    or ``` fences, and prose may hold bracketed references such as "[2]")."""
    decoder = json.JSONDecoder()
    for opener in "{[":
        for index, char in enumerate(text):
            if char == opener:
                try:
                    value, _ = decoder.raw_decode(text, index)
                except json.JSONDecodeError:
                    continue
                return value
    raise ValueError("the reply holds no JSON object: answer with one JSON object only")


def parse_structured(text: str, schema: type[T], check: Callable[[T], None] | None = None) -> T:
    """Extract, validate with the schema, then with ``check``; raises ValueError with a message
    the model can act on."""
    data = extract_json(text)
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        data = data[0]
    try:
        value = schema.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'object'}: {e['msg']}" for e in err.errors()[:5]
        )
        raise ValueError(f"the JSON does not match the schema ({problems})") from err
    if check is not None:
        check(value)
    return value


_KEPT_KEYWORDS = ("type", "enum", "const", "required", "minLength", "maxLength", "minItems", "maxItems")
_SMALL_RANGE = 20  # an integer range this wide or narrower becomes an enum


def json_schema_for(schema: type[BaseModel]) -> dict[str, Any]:
    """The pydantic model's JSON schema reduced to what grammar converters share (llama.cpp's,
    servers'): objects with properties and required, string/integer/number/boolean/array types,
    enums, length bounds. ``$ref`` is inlined; titles, defaults, descriptions, formats and
    patterns are dropped (pydantic still checks them); a small integer range becomes an enum.
    Objects allow no extra keys. The top-level ``title`` stays: it names the schema for
    OpenAI-style ``response_format`` (converters ignore it)."""
    full = schema.model_json_schema()
    simple = _simplify(full, full.get("$defs", {}))
    simple["title"] = str(full.get("title") or schema.__name__)
    return simple


def response_format_for(json_schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAI-style structured-output request (llama.cpp's server speaks it too): the
    schema, named by its title."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", str(json_schema.get("title") or "reply"))[:64]
    return {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema}}


def _simplify(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = defs[str(node["$ref"]).rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    if len(node.get("allOf", ())) == 1:
        node = {**node["allOf"][0], **{k: v for k, v in node.items() if k != "allOf"}}
        return _simplify(node, defs)
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:
        return {"anyOf": [_simplify(alt, defs) for alt in alternatives]}
    if node.get("type") == "integer" and "enum" not in node:
        low = node.get("minimum", node["exclusiveMinimum"] + 1 if "exclusiveMinimum" in node else None)
        high = node.get("maximum", node["exclusiveMaximum"] - 1 if "exclusiveMaximum" in node else None)
        if low is not None and high is not None and 0 <= high - low < _SMALL_RANGE:
            return {"type": "integer", "enum": list(range(int(low), int(high) + 1))}
    out = {key: node[key] for key in _KEPT_KEYWORDS if key in node}
    if "properties" in node:
        out["properties"] = {name: _simplify(sub, defs) for name, sub in node["properties"].items()}
        out["additionalProperties"] = False
    if isinstance(node.get("items"), dict):
        out["items"] = _simplify(node["items"], defs)
    return out


def _retry_messages(messages: Messages, reply: str, error: str) -> Messages:
    return [*messages, {"role": "assistant", "content": reply[:2000]},
            {"role": "user", "content": f"That reply was not accepted: {error}. "
                                        "Reply again with only the corrected JSON object."}]


def generate_structured(llm: LLM, messages: Messages, schema: type[T], *, retries: int = 2,
                        max_tokens: int = 400, temperature: float = 0.0,
                        check: Callable[[T], None] | None = None) -> StructuredResult[T]:
    """Ask for JSON matching ``schema``; on an invalid reply feed the error back and retry."""
    return generate_structured_batch(llm, [messages], schema, retries=retries, max_tokens=max_tokens,
                                     temperature=temperature, checks=[check])[0]


def generate_structured_batch(llm: LLM, conversations: list[Messages], schema: type[T], *,
                              retries: int = 2, max_tokens: int = 400, temperature: float = 0.0,
                              checks: Sequence[Callable[[T], None] | None] | None = None,
                              ) -> list[StructuredResult[T]]:
    """``generate_structured`` for several conversations: each round is one batch call
    (a local model decodes them together; a server batches them), failures retry together.
    The schema goes to the backend too: llama.cpp (and an openai server with
    LLM_OPENAI_JSON_SCHEMA on) decode only JSON of that shape."""
    results: list[StructuredResult[T]] = [StructuredResult(value=None) for _ in conversations]
    json_schema = json_schema_for(schema)
    check_list = list(checks) if checks is not None else [None] * len(conversations)
    tags = [prompt_of(msgs) for msgs in conversations]
    pending = {i: _tagged(msgs, tags[i], 1) for i, msgs in enumerate(conversations)}
    for attempt in range(1, retries + 2):
        if not pending:
            break
        order = sorted(pending)
        generations = llm.generate_batch([pending[i] for i in order], max_tokens=max_tokens,
                                         temperature=temperature, json_schema=json_schema)
        for i, gen in zip(order, generations, strict=True):
            observe_llm(gen.backend, gen.seconds, gen.completion_tokens)
            results[i].attempts.append(gen)
            try:
                results[i].value = parse_structured(gen.text, schema, check_list[i])
            except ValueError as err:
                results[i].errors.append(str(err))
                pending[i] = _tagged(_retry_messages(conversations[i], gen.text, str(err)), tags[i], attempt + 1)
                log.debug("structured output rejected: %s", err)
            else:
                del pending[i]
    return results
