"""The FastRTC adapter: one handler per WebRTC connection (``copy()``), a thin shell
around ``LiveConversation``. ``video_emit`` always returns a frame (None would crash
aiortc's sender and silence the reply audio); ``emit`` blocks briefly, never spins."""

from __future__ import annotations

import json
import logging
import queue
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from fastrtc import AdditionalOutputs, AudioVideoStreamHandler

from interview.errors import ServiceError
from interview.live.conversation import AudioOut, EventOut, LiveConversation

if TYPE_CHECKING:
    from interview.runtime import Runtime

log = logging.getLogger(__name__)
OUTPUT_RATE = 24000
_BLANK = np.zeros((240, 320, 3), np.uint8)


class InterviewStreamHandler(AudioVideoStreamHandler):  # type: ignore[misc]
    def __init__(self, rt: Runtime) -> None:
        super().__init__(expected_layout="mono", output_sample_rate=OUTPUT_RATE, input_sample_rate=48000)
        self.rt = rt
        self.conversation: LiveConversation | None = None
        self._last_frame: np.ndarray = _BLANK
        self._refused: str | None = None  # why this connection cannot run an interview
        self._clear_again = False  # a barge-in happened: clear the playback queue at the next emit too

    def copy(self) -> InterviewStreamHandler:
        return InterviewStreamHandler(self.rt)

    # The invite token arrives as the stream's last additional input (a hidden textbox on
    # the page, or set by the REST signalling route).
    def _ensure_conversation(self) -> LiveConversation | None:
        if self.conversation is not None or self._refused is not None:
            return self.conversation
        token = self.latest_args[-1] if len(self.latest_args) > 1 else ""
        if not isinstance(token, str) or not token:
            return None
        try:
            self.conversation = self.rt.live.open(token, on_barge_in=self._clear_output)
        except ServiceError as err:
            self._refused = err.message
        return self.conversation

    def _clear_output(self) -> None:
        """Barge-in: drop the audio fastrtc has queued for playback, now and again at the
        next ``emit`` (a chunk handed over by the current ``emit`` is queued after this)."""
        self._clear_again = True
        self._clear_playback()

    def _clear_playback(self) -> None:
        if self._clear_queue is not None:
            self._clear_queue()

    def receive(self, frame: tuple[int, np.ndarray]) -> None:
        conversation = self._ensure_conversation()
        if conversation is not None:
            sample_rate, samples = frame
            conversation.feed_audio(sample_rate, samples)

    def emit(self) -> Any:
        conversation = self.conversation
        if conversation is None:
            if self._refused is not None:
                message, self._refused = self._refused, ""
                if message:
                    return AdditionalOutputs(json.dumps({"type": "notice", "text": message}, ensure_ascii=False))
            self._ensure_conversation()
            time.sleep(0.05)
            return None
        if self._clear_again:
            self._clear_again = False
            self._clear_playback()
        try:
            item = conversation.outputs.get(timeout=0.05)
        except queue.Empty:
            return None
        if isinstance(item, EventOut):
            return AdditionalOutputs(json.dumps(item.payload, ensure_ascii=False))
        assert isinstance(item, AudioOut)
        if item.generation != conversation.current_generation:
            return None  # stale: the candidate talked over this sentence
        return item.sample_rate, item.samples.reshape(1, -1)

    def video_receive(self, frame: Any) -> None:  # a BGR ndarray at run time
        self._last_frame = frame
        if self.conversation is not None:
            self.conversation.feed_video(frame)

    def video_emit(self) -> np.ndarray:
        return self._last_frame  # the candidate's own picture: their camera preview

    def shutdown(self) -> None:
        if self.conversation is not None:
            self.rt.live.close(self.conversation)
            self.conversation = None
