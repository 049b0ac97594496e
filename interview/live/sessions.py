"""Which live conversations this process holds, by interview session.

One live connection per interview: a second tab (or a reload whose old connection
has not closed yet) takes over, and the older one is told the interview continues
elsewhere. Owned by the Runtime (not a module global)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from interview.live.conversation import LiveConversation

if TYPE_CHECKING:
    from interview.runtime import Runtime


class LiveSessions:
    def __init__(self, rt: Runtime, max_live: int) -> None:
        self.rt = rt
        self.max_live = max_live
        self._lock = threading.Lock()
        self._by_session: dict[uuid.UUID, LiveConversation] = {}

    def open(self, token: str, *, on_barge_in: Callable[[], None] | None = None) -> LiveConversation:
        """A conversation for this invite; it starts speaking the current question.
        Over ``max_live`` it only says that every interviewer is busy."""
        view = self.rt.candidates.resolve(token)
        conversation = LiveConversation(self.rt, token, session_id=view.session_id, on_barge_in=on_barge_in)
        if self.full() and self.get(view.session_id) is None:
            conversation.refuse_busy(view.language)
            return conversation
        self.attach(view.session_id, conversation)
        conversation.start()
        return conversation

    def close(self, conversation: LiveConversation) -> None:
        conversation.close()
        self.detach(conversation.session_id, conversation)

    def attach(self, session_id: uuid.UUID, conversation: LiveConversation) -> None:
        with self._lock:
            previous = self._by_session.get(session_id)
            self._by_session[session_id] = conversation
        if previous is not None and previous is not conversation:
            previous.superseded()

    def detach(self, session_id: uuid.UUID, conversation: LiveConversation) -> None:
        with self._lock:
            if self._by_session.get(session_id) is conversation:
                del self._by_session[session_id]

    def get(self, session_id: uuid.UUID) -> LiveConversation | None:
        with self._lock:
            return self._by_session.get(session_id)

    def count(self) -> int:
        with self._lock:
            return len(self._by_session)

    def full(self) -> bool:
        return self.count() >= self.max_live
