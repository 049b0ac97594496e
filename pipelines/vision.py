"""The video path: camera frames → MediaPipe FaceLandmarker → per-second face signals.

One ``VisionWorker`` per connection. ``submit`` runs on the asyncio loop and only
samples and hands over a reference; a worker thread (started on the first sampled
frame) runs the landmarker. Only the newest sampled frame waits: under load older
ones are dropped, so video never delays audio. Finished per-second samples wait in
the worker until ``drain()`` (the caller stores them against the current answer), or,
when an ``on_samples`` callback is given, go to it from the worker thread instead.

The landmarker runs in VIDEO mode, which tracks the face between frames and needs
strictly increasing timestamps, so each stream gets its own instance, created from
the model bytes the registry shares (``models.get("face")``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipelines.face_signals import FrameFeatures, SecondAggregator, SecondSample, SignalThresholds, head_pose
from pipelines.models import ModelRegistry
from pipelines.settings import Settings

log = logging.getLogger(__name__)

NUM_FACES = 2  # two, so that a second person in view can be flagged


def thresholds_from_settings(settings: Settings) -> SignalThresholds:
    return SignalThresholds(
        blink_close=settings.vision_blink_close, blink_open=settings.vision_blink_open,
        blink_min_closed_s=settings.vision_blink_min_closed_s,
        blink_max_closed_s=settings.vision_blink_max_closed_s,
        max_yaw_deg=settings.vision_gaze_max_yaw_deg, max_pitch_deg=settings.vision_gaze_max_pitch_deg,
        max_eye_look=settings.vision_gaze_max_eye_look, expression_min=settings.vision_expression_min,
    )


def _as_rgb(frame: np.ndarray) -> np.ndarray:
    """BGR (H, W, 3), BGRA (H, W, 4) or grey (H, W) uint8 → contiguous RGB."""
    if frame.dtype != np.uint8:
        raise ValueError(f"expected a uint8 frame, got {frame.dtype}")
    if frame.ndim == 2:
        return np.ascontiguousarray(np.repeat(frame[:, :, None], 3, axis=2))
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        return np.ascontiguousarray(frame[:, :, 2::-1])
    raise ValueError(f"expected an (H, W, 3) BGR frame, got shape {frame.shape}")


class FaceLandmarkerStream:
    """A FaceLandmarker in VIDEO mode for one stream. Use from one thread only."""

    def __init__(self, model_bytes: bytes, *, num_faces: int = NUM_FACES) -> None:
        import mediapipe as mp
        from mediapipe.tasks.python import BaseOptions, vision

        self._image = mp.Image
        self._srgb = mp.ImageFormat.SRGB
        options = vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_buffer=model_bytes),
            running_mode=vision.RunningMode.VIDEO, num_faces=num_faces,
            output_face_blendshapes=True, output_facial_transformation_matrixes=True,
        )
        self._landmarker: Any = vision.FaceLandmarker.create_from_options(options)
        self._last_ms = -1

    def process(self, frame_bgr: np.ndarray, t_s: float) -> FrameFeatures:
        rgb = _as_rgb(frame_bgr)
        timestamp_ms = max(int(t_s * 1000), self._last_ms + 1)  # VIDEO mode: strictly increasing
        self._last_ms = timestamp_ms
        result = self._landmarker.detect_for_video(self._image(image_format=self._srgb, data=rgb), timestamp_ms)
        return features_from_result(result, t_s)

    def close(self) -> None:
        self._landmarker.close()


def features_from_result(result: Any, t_s: float) -> FrameFeatures:
    """FrameFeatures for the largest face of a ``FaceLandmarkerResult``."""
    faces = list(result.face_landmarks or [])
    if not faces:
        return FrameFeatures(t_s=t_s)

    def area(index: int) -> float:
        xs = [p.x for p in faces[index]]
        ys = [p.y for p in faces[index]]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))

    main = max(range(len(faces)), key=area)
    blendshapes: dict[str, float] = {}
    if result.face_blendshapes and main < len(result.face_blendshapes):
        blendshapes = {c.category_name: float(c.score) for c in result.face_blendshapes[main]}
    yaw = pitch = roll = None
    if result.facial_transformation_matrixes and main < len(result.facial_transformation_matrixes):
        yaw, pitch, roll = head_pose(result.facial_transformation_matrixes[main])
    return FrameFeatures(t_s=t_s, face_count=len(faces), blendshapes=blendshapes,
                         yaw_deg=yaw, pitch_deg=pitch, roll_deg=roll)


@dataclass(frozen=True)
class VisionStats:
    submitted: int  # frames given to submit
    sampled: int  # frames kept by the FPS sampler
    dropped: int  # sampled frames replaced by a newer one before the worker took them
    processed: int  # frames the landmarker analysed
    errors: int  # frames that failed (logged)
    busy_s: float  # time spent in the landmarker

    @property
    def ms_per_frame(self) -> float:
        return 1000.0 * self.busy_s / self.processed if self.processed else 0.0


class VisionWorker:
    """Per-connection frame sampler and landmarker thread. See the module docstring."""

    def __init__(
        self, model: bytes | Callable[[], bytes], *, fps: float = 5.0, limits: SignalThresholds | None = None,
        num_faces: int = NUM_FACES, on_samples: Callable[[list[SecondSample]], None] | None = None,
        name: str = "vision",
    ) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._model = model
        self._interval = 1.0 / fps
        self._num_faces = num_faces
        self._on_samples = on_samples
        self._name = name
        self._aggregator = SecondAggregator(limits)
        self._cond = threading.Condition()
        self._pending: tuple[np.ndarray, float] | None = None
        self._next_due: float | None = None
        self._last_t: float | None = None  # the last sampled frame's time
        self._clock_zero: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._samples: list[SecondSample] = []
        self._results_lock = threading.Lock()  # guards the aggregator and the finished samples
        self.error: str | None = None  # set when the landmarker cannot start
        self._submitted = self._sampled = self._dropped = self._processed = self._errors = 0
        self._busy_s = 0.0
        self._busy = False

    @classmethod
    def from_settings(cls, settings: Settings, models: ModelRegistry, **kwargs: Any) -> VisionWorker:
        return cls(lambda: models.get("face"), fps=settings.vision_fps,
                   limits=thresholds_from_settings(settings), **kwargs)

    # --- the asyncio side: cheap, never blocks on the landmarker --------------------
    def submit(self, frame_bgr: np.ndarray, t_s: float | None = None) -> bool:
        """Offer a frame (kept by reference: do not modify it afterwards).

        ``t_s`` is the stream time in seconds (default: seconds since the first submit).
        Returns True when the frame was sampled for analysis.
        """
        if t_s is None:
            now = time.monotonic()
            if self._clock_zero is None:
                self._clock_zero = now
            t_s = now - self._clock_zero
        with self._cond:
            self._submitted += 1
            if self._closed or self.error is not None:
                return False
            if self._last_t is not None and t_s < self._last_t:
                self._next_due = None  # the stream clock went back (a restarted track): start again
            # A little slack for clock jitter; the grid below keeps the average rate exact.
            if self._next_due is not None and t_s < self._next_due - min(0.01, 0.1 * self._interval):
                return False
            self._last_t = t_s
            # Stay on a grid of 1/fps so jitter does not lower the rate; restart it after a gap.
            due = t_s if self._next_due is None else self._next_due
            self._next_due = due + self._interval if t_s < due + self._interval else t_s + self._interval
            self._sampled += 1
            if self._pending is not None:
                self._dropped += 1
            self._pending = (frame_bgr, t_s)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()
        return True

    def drain(self, *, flush: bool = False) -> list[SecondSample]:
        """Finished per-second samples since the last drain; ``flush`` also finishes the
        second in progress (at the end of an answer). With ``on_samples``, finished
        seconds went to the callback and only the flushed one comes back here."""
        with self._results_lock:
            if flush:
                self._samples.extend(self._aggregator.flush())
            samples, self._samples = self._samples, []
        return samples

    @property
    def stats(self) -> VisionStats:
        with self._cond:
            return VisionStats(self._submitted, self._sampled, self._dropped, self._processed, self._errors,
                               self._busy_s)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no sampled frame is waiting or being analysed (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending is not None or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread and release the landmarker; finished samples stay drainable."""
        with self._cond:
            already = self._closed
            self._closed = True
            self._pending = None
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("vision worker did not stop within %.1f s", timeout)
        if already:
            return
        stats = self.stats
        log.info("vision worker closed", extra={"fields": {
            "submitted": stats.submitted, "sampled": stats.sampled, "dropped": stats.dropped,
            "processed": stats.processed, "errors": stats.errors, "ms_per_frame": round(stats.ms_per_frame, 1),
        }})

    # --- the worker thread ----------------------------------------------------------
    def _run(self) -> None:
        try:
            model = self._model() if callable(self._model) else self._model
            stream = FaceLandmarkerStream(model, num_faces=self._num_faces)
        except Exception as err:  # reported via .error and the log: face signals are optional
            log.exception("face landmarker could not start; face signals are off for this stream")
            with self._cond:
                self.error = f"face landmarker could not start: {err}"
                self._pending = None
                self._cond.notify_all()
            return
        try:
            while True:
                with self._cond:
                    while self._pending is None and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        return
                    assert self._pending is not None
                    frame, t_s = self._pending
                    self._pending = None
                    self._busy = True
                self._analyse(stream, frame, t_s)
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
        finally:
            stream.close()

    def _analyse(self, stream: FaceLandmarkerStream, frame: np.ndarray, t_s: float) -> None:
        started = time.perf_counter()
        try:
            features = stream.process(frame, t_s)
        except Exception:  # one bad frame must not end the stream
            log.exception("vision frame failed")
            with self._cond:
                self._errors += 1
            return
        elapsed = time.perf_counter() - started
        with self._results_lock:
            finished = self._aggregator.add(features)
            if self._on_samples is None:
                self._samples.extend(finished)
        with self._cond:
            self._processed += 1
            self._busy_s += elapsed
        if finished and self._on_samples is not None:
            try:
                self._on_samples(finished)
            except Exception:  # the caller's storage failing must not stop the analysis
                log.exception("vision on_samples callback failed")
