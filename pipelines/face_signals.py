"""Face signals from per-frame FaceLandmarker output: pure logic, no MediaPipe import.

Frames (``FrameFeatures``) become per-second samples (``SecondSample``, stored in
``behavior_samples``) and per-answer aggregates (``aggregate_answer``). What each signal
means, and its limits:

- **Blinks** use the mean of ``eyeBlinkLeft`` and ``eyeBlinkRight`` (so a mirrored
  webcam, which swaps left and right, changes nothing; a wink reads ~0.5 and is not
  counted) with hysteresis: eyes close above ``close`` and reopen below ``open``; a
  closure shorter than ``min_closed_s`` (a one-frame glitch at high frame rates) or
  longer than ``max_closed_s`` (eyes shut, or looking far down, which raises the blink
  score too) is not a blink. At 5 FPS a frame every 200 ms misses some short blinks:
  the rate is a lower bound, comparable between candidates at the same frame rate.
  A blink counts in the second in which the eyes reopen.
- **Gaze on screen** needs the head facing the camera (|yaw| and |pitch| under limits)
  and the eyes not turned away (eye-look blendshapes under a limit). Frames with the
  eyes closed say nothing about gaze (the eye-look scores are unreliable then).
- **Expressions** are a proxy from blendshapes, not a validated emotion recogniser:
  a smile is not happiness, and the scores must not be read as a person's feelings.
  The mapping (each score 0..1, the mean of its blendshapes):

  | label | blendshapes |
  | --- | --- |
  | happy | mouthSmileLeft/Right |
  | surprised | browInnerUp, jawOpen, eyeWideLeft/Right |
  | sad | mouthFrownLeft/Right, browDownLeft/Right, browInnerUp (weights .5/.25/.25) |
  | angry | browDownLeft/Right, noseSneerLeft/Right, mouthPressLeft/Right |
  | neutral | when no score above reaches ``expression_min`` |

  Talking opens the jaw: ``surprised`` averages jawOpen with brow and eye raising so
  speech alone stays below the threshold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

EMOTIONS = ("happy", "surprised", "sad", "angry")
NEUTRAL = "neutral"


@dataclass(frozen=True)
class SignalThresholds:
    blink_close: float = 0.5
    blink_open: float = 0.3
    blink_min_closed_s: float = 0.05
    blink_max_closed_s: float = 1.0
    max_yaw_deg: float = 25.0
    max_pitch_deg: float = 25.0
    max_eye_look: float = 0.6
    expression_min: float = 0.35

    def __post_init__(self) -> None:
        if not 0.0 <= self.blink_open < self.blink_close <= 1.0:
            raise ValueError("blink thresholds need 0 <= open < close <= 1 (hysteresis)")


@dataclass(frozen=True)
class FrameFeatures:
    """What one analysed frame says. ``blendshapes`` and the pose are for the largest face."""

    t_s: float
    face_count: int = 0
    blendshapes: Mapping[str, float] = field(default_factory=dict)
    yaw_deg: float | None = None
    pitch_deg: float | None = None
    roll_deg: float | None = None

    @property
    def face_present(self) -> bool:
        return self.face_count > 0


@dataclass(frozen=True)
class SecondSample:
    """One second of video, as stored in ``behavior_samples``."""

    t_s: float  # start of the second on the stream clock given to the worker
    face_present: bool
    face_count: int
    blinks: int
    gaze_on_screen: bool | None
    emotion: str | None
    scores: dict[str, Any]


class SampleLike(Protocol):
    """A stored ``BehaviorSample`` row or a ``SecondSample``."""

    @property
    def face_present(self) -> bool: ...
    @property
    def face_count(self) -> int: ...
    @property
    def blinks(self) -> int: ...
    @property
    def gaze_on_screen(self) -> bool | None: ...
    @property
    def emotion(self) -> str | None: ...


def head_pose(matrix: Sequence[Sequence[float]] | np.ndarray) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees from MediaPipe's 4x4 facial transformation matrix.

    The rotation is read as ``R = Rz(roll) @ Ry(yaw) @ Rx(pitch)`` in MediaPipe's canonical
    face frame; 0/0/0 is a face looking straight into the camera. A mirrored image flips
    the signs of yaw and roll, so callers compare magnitudes. Scale is divided out.
    """
    rot = np.asarray(matrix, dtype=np.float64)[:3, :3]
    rot = rot / np.linalg.norm(rot, axis=0, keepdims=True)
    yaw = math.degrees(math.asin(max(-1.0, min(1.0, -rot[2, 0]))))
    pitch = math.degrees(math.atan2(rot[2, 1], rot[2, 2]))
    roll = math.degrees(math.atan2(rot[1, 0], rot[0, 0]))
    return yaw, pitch, roll


def _pair(blendshapes: Mapping[str, float], stem: str) -> float:
    """Mean of ``<stem>Left`` and ``<stem>Right``: symmetric, so mirroring changes nothing."""
    return (blendshapes.get(stem + "Left", 0.0) + blendshapes.get(stem + "Right", 0.0)) / 2.0


def blink_score(blendshapes: Mapping[str, float]) -> float:
    return _pair(blendshapes, "eyeBlink")


def eye_look_away(blendshapes: Mapping[str, float]) -> float:
    """How far the eyes look off-centre, 0..1: the larger of the horizontal and vertical part.

    Horizontal: both eyes turn the same way, one "in" and the other "out"; a mirrored
    image swaps which, so the symmetric form is |(outL - inL) - (outR - inR)| / 2.
    """
    b = blendshapes
    horizontal = abs((b.get("eyeLookOutLeft", 0.0) - b.get("eyeLookInLeft", 0.0))
                     - (b.get("eyeLookOutRight", 0.0) - b.get("eyeLookInRight", 0.0))) / 2.0
    vertical = abs(_pair(b, "eyeLookUp") - _pair(b, "eyeLookDown"))
    return max(horizontal, vertical)


def gaze_on_screen(frame: FrameFeatures, limits: SignalThresholds) -> bool | None:
    """True/False for a visible face with open eyes; None when the frame cannot tell."""
    if not frame.face_present or blink_score(frame.blendshapes) >= limits.blink_close:
        return None
    if frame.yaw_deg is not None and abs(frame.yaw_deg) > limits.max_yaw_deg:
        return False
    if frame.pitch_deg is not None and abs(frame.pitch_deg) > limits.max_pitch_deg:
        return False
    return eye_look_away(frame.blendshapes) <= limits.max_eye_look


def expression_scores(blendshapes: Mapping[str, float]) -> dict[str, float]:
    """Expression proxy scores 0..1 (see the module docstring for the mapping)."""
    b = blendshapes
    brow_inner_up = b.get("browInnerUp", 0.0)
    brow_down = _pair(b, "browDown")
    scores = {
        "happy": _pair(b, "mouthSmile"),
        "surprised": (brow_inner_up + b.get("jawOpen", 0.0) + _pair(b, "eyeWide")) / 3.0,
        "sad": 0.5 * _pair(b, "mouthFrown") + 0.25 * brow_down + 0.25 * brow_inner_up,
        "angry": (brow_down + _pair(b, "noseSneer") + _pair(b, "mouthPress")) / 3.0,
    }
    return {name: round(min(1.0, max(0.0, value)), 4) for name, value in scores.items()}


def dominant_emotion(scores: Mapping[str, float], minimum: float) -> str:
    """The highest expression score's label, or ``neutral`` when none reaches ``minimum``."""
    best = max(EMOTIONS, key=lambda name: scores.get(name, 0.0))
    return best if scores.get(best, 0.0) >= minimum else NEUTRAL


class BlinkCounter:
    """Counts blinks from a sequence of (time, blink score) with hysteresis."""

    def __init__(self, limits: SignalThresholds) -> None:
        self.limits = limits
        self._closed_since: float | None = None

    @property
    def closed(self) -> bool:
        return self._closed_since is not None

    def update(self, t_s: float, score: float | None) -> bool:
        """Feed one frame (``score`` None: no face); True when a blink just finished."""
        if score is None:  # the face left: whatever was happening is not a blink we saw
            self._closed_since = None
            return False
        if self._closed_since is None:
            if score > self.limits.blink_close:
                self._closed_since = t_s
            return False
        if score >= self.limits.blink_open:
            return False
        duration = t_s - self._closed_since
        self._closed_since = None
        return self.limits.blink_min_closed_s <= duration <= self.limits.blink_max_closed_s


@dataclass
class _Second:
    start: float
    frames: int = 0
    face_frames: int = 0
    max_faces: int = 0
    blinks: int = 0
    gaze_known: int = 0
    gaze_on: int = 0
    expression_sum: dict[str, float] = field(default_factory=lambda: dict.fromkeys(EMOTIONS, 0.0))
    pose_sum: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    pose_frames: int = 0
    blink_score_max: float = 0.0


class SecondAggregator:
    """Folds frames into one ``SecondSample`` per whole second of the stream clock.

    A second is finished when a frame from a later second arrives (or on ``flush``);
    seconds with no frames at all (a stalled stream) produce no sample.
    """

    def __init__(self, limits: SignalThresholds | None = None) -> None:
        self.limits = limits or SignalThresholds()
        self._blinks = BlinkCounter(self.limits)
        self._current: _Second | None = None

    def add(self, frame: FrameFeatures) -> list[SecondSample]:
        finished: list[SecondSample] = []
        start = float(math.floor(frame.t_s))
        if self._current is not None and start != self._current.start:
            finished.append(self._finish(self._current))
            self._current = None
        if self._current is None:
            self._current = _Second(start=start)
        second = self._current
        second.frames += 1
        second.max_faces = max(second.max_faces, frame.face_count)
        score = blink_score(frame.blendshapes) if frame.face_present else None
        if self._blinks.update(frame.t_s, score):
            second.blinks += 1
        if not frame.face_present:
            return finished
        second.face_frames += 1
        second.blink_score_max = max(second.blink_score_max, score or 0.0)
        for name, value in expression_scores(frame.blendshapes).items():
            second.expression_sum[name] += value
        if frame.yaw_deg is not None and frame.pitch_deg is not None:
            second.pose_frames += 1
            for i, value in enumerate((frame.yaw_deg, frame.pitch_deg, frame.roll_deg or 0.0)):
                second.pose_sum[i] += value
        on_screen = gaze_on_screen(frame, self.limits)
        if on_screen is not None:
            second.gaze_known += 1
            second.gaze_on += int(on_screen)
        return finished

    def flush(self) -> list[SecondSample]:
        """Finish the second in progress (at the end of an answer)."""
        if self._current is None:
            return []
        sample = self._finish(self._current)
        self._current = None
        return [sample]

    def _finish(self, second: _Second) -> SecondSample:
        present = second.face_frames * 2 >= second.frames and second.face_frames > 0
        scores: dict[str, Any] = {"frames": second.frames, "face_frames": second.face_frames}
        emotion: str | None = None
        if second.face_frames:
            expressions = {k: round(v / second.face_frames, 4) for k, v in second.expression_sum.items()}
            emotion = dominant_emotion(expressions, self.limits.expression_min)
            scores["expressions"] = expressions
            scores["blink_score_max"] = round(second.blink_score_max, 4)
        if second.pose_frames:
            yaw, pitch, roll = (round(v / second.pose_frames, 2) for v in second.pose_sum)
            scores.update(yaw_deg=yaw, pitch_deg=pitch, roll_deg=roll)
        gaze = None if not present or not second.gaze_known else second.gaze_on * 2 >= second.gaze_known
        return SecondSample(
            t_s=second.start, face_present=present, face_count=second.max_faces, blinks=second.blinks,
            gaze_on_screen=gaze, emotion=emotion if present else None, scores=scores,
        )


def aggregate_answer(samples: Iterable[SampleLike]) -> dict[str, Any]:
    """Per-answer behaviour (the API's ``behavior`` object) from per-second samples.

    - ``face_present_ratio``: seconds with a face / all seconds;
    - ``blink_rate_per_min``: blinks per minute of seconds with a face (None without any);
    - ``gaze_on_screen_ratio``: on-screen seconds / seconds where gaze was known (a
      missing face is reported by ``face_present_ratio``, not counted twice here);
    - ``dominant_emotion``: the most frequent per-second label (ties: a non-neutral
      label first, then alphabetical);
    - ``multiple_faces_ratio``: seconds with more than one face / all seconds.
    """
    rows = list(samples)
    total = len(rows)
    with_face = [row for row in rows if row.face_present]
    gaze = [row.gaze_on_screen for row in rows if row.gaze_on_screen is not None]
    labels = Counter(row.emotion for row in with_face if row.emotion)
    dominant = None
    if labels:
        dominant = min(labels, key=lambda label: (-labels[label], label == NEUTRAL, label))

    def ratio(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "face_present_ratio": ratio(len(with_face), total) if total else 0.0,
        "blink_rate_per_min": (round(sum(row.blinks for row in rows) * 60.0 / len(with_face), 2)
                               if with_face else None),
        "gaze_on_screen_ratio": ratio(sum(gaze), len(gaze)),
        "dominant_emotion": dominant,
        "multiple_faces_ratio": ratio(sum(row.face_count > 1 for row in rows), total) if total else 0.0,
        "samples": total,
    }
