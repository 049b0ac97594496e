"""Request bodies read with a bound: a declared Content-Length over the limit is refused before
anything is read, and a chunked body (no Content-Length) is counted while it streams in and
stopped at the limit, so no upload is held whole (in memory or spooled to disk) past it."""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import Message, Receive

from interview.errors import InvalidInput

MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around an uploaded file
MAX_AUDIO_BYTES = 50 * 1024 * 1024  # one recorded answer sent to POST /answer
MAX_ANSWER_TEXT_CHARS = 20_000
# a JSON {"text": ...} answer: 20,000 characters, each at most a 12-byte JSON escape (a surrogate pair)
MAX_ANSWER_JSON_BYTES = MAX_ANSWER_TEXT_CHARS * 12 + 1024


async def read_body(request: Request, limit: int, refuse: Callable[[], Exception]) -> bytes:
    """The body, at most ``limit`` bytes; ``refuse()`` is raised as soon as it is known to be larger."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise refuse()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise refuse()
    return bytes(body)


async def parse_form(request: Request, body: bytes, *, max_files: int, max_fields: int) -> FormData:
    """The multipart form in ``body`` (read with ``read_body``); a malformed one is a 400 with a
    sentence, not the parser's exception (a part header past its size limit, for one)."""
    from python_multipart.exceptions import FormParserError

    try:
        return await replayed(request, body).form(max_files=max_files, max_fields=max_fields)
    except FormParserError as err:
        raise InvalidInput(f"the multipart body could not be read ({str(err)[:100]})") from err


def replay(body: bytes, receive: Receive) -> Receive:
    """An ASGI receive that hands over ``body`` (already read and bounded) as the whole request
    body, then defers to ``receive`` (which waits for the client's disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def replayed(request: Request, body: bytes) -> Request:
    """A request over the same scope whose body is ``body``, so that Starlette's form parser
    works on it without reading the network again."""
    return Request(request.scope, replay(body, request.receive))
