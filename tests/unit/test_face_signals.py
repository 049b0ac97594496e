"""Blink, gaze and expression logic on synthetic blendshape sequences (no model)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from pipelines.face_signals import (
    BlinkCounter,
    FrameFeatures,
    SecondAggregator,
    SecondSample,
    SignalThresholds,
    aggregate_answer,
    dominant_emotion,
    expression_scores,
    eye_look_away,
    gaze_on_screen,
    head_pose,
)

LIMITS = SignalThresholds()


def eyes(left: float, right: float | None = None, **extra: float) -> dict[str, float]:
    return {"eyeBlinkLeft": left, "eyeBlinkRight": left if right is None else right, **extra}


def face(t: float, blendshapes: dict[str, float] | None = None, *, faces: int = 1, yaw: float = 0.0,
         pitch: float = 0.0) -> FrameFeatures:
    return FrameFeatures(t_s=t, face_count=faces, blendshapes=blendshapes or eyes(0.05), yaw_deg=yaw,
                         pitch_deg=pitch, roll_deg=0.0)


def mirrored(blendshapes: dict[str, float]) -> dict[str, float]:
    """What a mirrored webcam reports: every Left and Right swapped."""
    out = {}
    for name, value in blendshapes.items():
        if name.endswith("Left"):
            out[name[:-4] + "Right"] = value
        elif name.endswith("Right"):
            out[name[:-5] + "Left"] = value
        else:
            out[name] = value
    return out


def count_blinks(scores: Sequence[float | None], fps: float, limits: SignalThresholds = LIMITS) -> int:
    counter = BlinkCounter(limits)
    return sum(counter.update(i / fps, score) for i, score in enumerate(scores))


# --- blinks -------------------------------------------------------------------------

def test_one_blink_is_counted_once_even_when_the_score_wobbles_between_thresholds() -> None:
    # Closes (0.8), wobbles between the open and close thresholds, then opens: one blink.
    # A single 0.5 threshold would count the 0.55/0.45 wobble as several.
    scores = [0.05, 0.05, 0.8, 0.45, 0.55, 0.45, 0.55, 0.1, 0.05]
    assert count_blinks(scores, fps=30) == 1


def test_two_separate_blinks_are_two() -> None:
    scores = [0.05, 0.9, 0.05, 0.05, 0.05, 0.9, 0.9, 0.05]
    assert count_blinks(scores, fps=5) == 2


def test_scores_between_the_thresholds_never_start_a_blink() -> None:
    assert count_blinks([0.05, 0.45, 0.5, 0.45, 0.05] * 3, fps=10) == 0


def test_a_one_frame_glitch_at_a_high_frame_rate_is_not_a_blink_but_one_frame_at_5_fps_is() -> None:
    glitch = [0.05, 0.05, 0.9, 0.05, 0.05]
    assert count_blinks(glitch, fps=60) == 0  # closed ~17 ms < blink_min_closed_s
    assert count_blinks(glitch, fps=5) == 1  # closed for one 200 ms sampling step


def test_eyes_closed_for_long_is_not_a_blink() -> None:
    assert count_blinks([0.05] + [0.9] * 10 + [0.05], fps=5) == 0  # 2 s closed


def test_a_wink_is_not_a_blink_and_mirroring_changes_nothing() -> None:
    counter = BlinkCounter(LIMITS)
    frames = [eyes(0.05), eyes(0.95, 0.02), eyes(0.05)]
    assert not any(counter.update(i / 5, (f["eyeBlinkLeft"] + f["eyeBlinkRight"]) / 2) for i, f in enumerate(frames))
    one_eye_weaker = [eyes(0.05), eyes(0.9, 0.45), eyes(0.05)]  # a blink the model sees unevenly
    for variant in (one_eye_weaker, [mirrored(f) for f in one_eye_weaker]):
        agg = SecondAggregator(LIMITS)
        for i, blend in enumerate(variant):
            agg.add(face(i / 5, blend))
        assert sum(s.blinks for s in agg.flush()) == 1


def test_the_face_leaving_mid_blink_resets_the_counter() -> None:
    assert count_blinks([0.05, 0.9, None, 0.05, 0.05], fps=5) == 0


def test_hysteresis_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="hysteresis"):
        SignalThresholds(blink_close=0.3, blink_open=0.5)


# --- head pose and gaze ---------------------------------------------------------------

def rotation(yaw: float, pitch: float, roll: float, scale: float = 1.0) -> np.ndarray:
    y, p, r = (math.radians(v) for v in (yaw, pitch, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    matrix = np.eye(4)
    matrix[:3, :3] = scale * (rz @ ry @ rx)
    matrix[:3, 3] = (1.0, -2.0, -50.0)
    return matrix


@pytest.mark.parametrize(("yaw", "pitch", "roll"), [(0, 0, 0), (30, -10, 5), (-40, 20, -15), (10, 35, 0)])
def test_head_pose_recovers_the_angles_of_the_transformation_matrix(yaw: float, pitch: float, roll: float) -> None:
    assert head_pose(rotation(yaw, pitch, roll, scale=1.7)) == pytest.approx((yaw, pitch, roll), abs=1e-6)


def test_gaze_is_on_screen_for_a_frontal_face_and_off_when_the_head_turns_either_way() -> None:
    assert gaze_on_screen(face(0), LIMITS) is True
    assert gaze_on_screen(face(0, yaw=20, pitch=-15), LIMITS) is True
    for yaw, pitch in [(40, 0), (-40, 0), (0, 35), (0, -35)]:  # a mirrored webcam flips the yaw sign
        assert gaze_on_screen(face(0, yaw=yaw, pitch=pitch), LIMITS) is False


def test_gaze_is_off_screen_when_the_eyes_look_sideways_in_either_mirroring() -> None:
    sideways = eyes(0.05, eyeLookOutLeft=0.9, eyeLookInRight=0.9)
    for blend in (sideways, mirrored(sideways)):
        assert eye_look_away(blend) == pytest.approx(0.9)
        assert gaze_on_screen(face(0, blend), LIMITS) is False
    down = eyes(0.1, eyeLookDownLeft=0.85, eyeLookDownRight=0.8)
    assert gaze_on_screen(face(0, down), LIMITS) is False
    reading = eyes(0.1, eyeLookDownLeft=0.3, eyeLookDownRight=0.3, eyeLookInLeft=0.1, eyeLookOutRight=0.1)
    assert gaze_on_screen(face(0, reading), LIMITS) is True


def test_gaze_is_unknown_without_a_face_or_with_the_eyes_closed() -> None:
    assert gaze_on_screen(FrameFeatures(t_s=0), LIMITS) is None
    closed = eyes(0.9, eyeLookDownLeft=0.8, eyeLookDownRight=0.8)  # MediaPipe reads shut eyes as "down"
    assert gaze_on_screen(face(0, closed), LIMITS) is None


# --- expressions ----------------------------------------------------------------------

@pytest.mark.parametrize(("blendshapes", "label"), [
    ({"mouthSmileLeft": 0.9, "mouthSmileRight": 0.85}, "happy"),
    ({"browInnerUp": 0.8, "jawOpen": 0.7, "eyeWideLeft": 0.6, "eyeWideRight": 0.6}, "surprised"),
    ({"mouthFrownLeft": 0.8, "mouthFrownRight": 0.7, "browDownLeft": 0.5, "browDownRight": 0.5,
      "browInnerUp": 0.3}, "sad"),
    ({"browDownLeft": 0.7, "browDownRight": 0.7, "noseSneerLeft": 0.5, "noseSneerRight": 0.5,
      "mouthPressLeft": 0.5, "mouthPressRight": 0.5}, "angry"),
    ({"jawOpen": 0.6, "mouthSmileLeft": 0.1}, "neutral"),  # talking is not surprise
    ({}, "neutral"),
])
def test_dominant_emotion_follows_the_documented_mapping(blendshapes: dict[str, float], label: str) -> None:
    scores = expression_scores(blendshapes)
    assert set(scores) == {"happy", "surprised", "sad", "angry"}
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert dominant_emotion(scores, LIMITS.expression_min) == label
    assert dominant_emotion(expression_scores(mirrored(blendshapes)), LIMITS.expression_min) == label


# --- per second and per answer --------------------------------------------------------

def test_seconds_aggregate_faces_blinks_gaze_and_emotion() -> None:
    smile = {**eyes(0.05), "mouthSmileLeft": 0.8, "mouthSmileRight": 0.8}
    frames = [face(0.0, smile), face(0.2, smile), face(0.4, {**smile, **eyes(0.9)}), face(0.6, smile),
              face(0.8, smile, faces=2)]  # second 0: a blink, happy, a second person once
    frames += [face(1.0 + i / 5, yaw=45) for i in range(5)]  # second 1: looking away
    frames += [FrameFeatures(t_s=2.0 + i / 5) for i in range(4)] + [face(2.8)]  # second 2: mostly gone
    agg = SecondAggregator(LIMITS)
    samples: list[SecondSample] = []
    for frame in frames:
        samples += agg.add(frame)
    assert [s.t_s for s in samples] == [0.0, 1.0]  # second 2 is still open
    samples += agg.flush()
    assert agg.flush() == []
    first, second, third = samples
    assert (first.face_present, first.face_count, first.blinks, first.gaze_on_screen, first.emotion) == (
        True, 2, 1, True, "happy")
    assert first.scores["expressions"]["happy"] == pytest.approx(0.8)
    assert first.scores["frames"] == 5 and first.scores["yaw_deg"] == 0.0
    assert (second.face_present, second.blinks, second.gaze_on_screen, second.emotion) == (True, 0, False, "neutral")
    assert (third.face_present, third.gaze_on_screen, third.emotion) == (False, None, None)
    assert third.scores["face_frames"] == 1


def test_a_stream_with_no_face_at_all_gives_absent_seconds() -> None:
    agg = SecondAggregator(LIMITS)
    samples = [s for i in range(15) for s in agg.add(FrameFeatures(t_s=i / 5))] + agg.flush()
    assert [(s.t_s, s.face_present, s.face_count, s.blinks) for s in samples] == [
        (0.0, False, 0, 0), (1.0, False, 0, 0), (2.0, False, 0, 0)]
    assert aggregate_answer(samples) == {
        "face_present_ratio": 0.0, "blink_rate_per_min": None, "gaze_on_screen_ratio": None,
        "dominant_emotion": None, "multiple_faces_ratio": 0.0, "samples": 3,
    }


def sample(present: bool = True, *, blinks: int = 0, gaze: bool | None = True, emotion: str | None = "neutral",
           faces: int = 1) -> SecondSample:
    return SecondSample(t_s=0.0, face_present=present, face_count=faces if present else 0, blinks=blinks,
                        gaze_on_screen=gaze if present else None, emotion=emotion if present else None, scores={})


def test_answer_aggregates_have_the_api_keys_and_values() -> None:
    samples = (
        [sample(blinks=1, emotion="happy") for _ in range(4)]
        + [sample(gaze=False, emotion="neutral") for _ in range(2)]
        + [sample(emotion="neutral", faces=2)]
        + [sample(False) for _ in range(3)]
    )
    result = aggregate_answer(samples)
    assert result == {
        "face_present_ratio": 0.7, "blink_rate_per_min": pytest.approx(4 * 60 / 7, abs=0.01),
        "gaze_on_screen_ratio": pytest.approx(5 / 7, abs=1e-4), "dominant_emotion": "happy",
        "multiple_faces_ratio": 0.1, "samples": 10,
    }
    assert aggregate_answer([]) == {
        "face_present_ratio": 0.0, "blink_rate_per_min": None, "gaze_on_screen_ratio": None,
        "dominant_emotion": None, "multiple_faces_ratio": 0.0, "samples": 0,
    }


def test_a_tie_prefers_an_expression_over_neutral() -> None:
    samples = [sample(emotion="neutral"), sample(emotion="surprised")]
    assert aggregate_answer(samples)["dominant_emotion"] == "surprised"


def test_frames_reach_mediapipe_as_rgb() -> None:
    from pipelines.vision import _as_rgb

    bgr = np.zeros((4, 6, 3), np.uint8)
    bgr[..., 0] = 10  # blue
    bgr[..., 2] = 200  # red
    rgb = _as_rgb(bgr)
    assert rgb.flags.c_contiguous and rgb.shape == (4, 6, 3)
    assert (rgb[..., 0] == 200).all() and (rgb[..., 2] == 10).all()
    bgra = np.concatenate([bgr, np.full((4, 6, 1), 255, np.uint8)], axis=2)
    assert np.array_equal(_as_rgb(bgra), rgb)
    assert _as_rgb(np.full((4, 6), 7, np.uint8)).shape == (4, 6, 3)
    with pytest.raises(ValueError, match="uint8"):
        _as_rgb(bgr.astype(np.float32))
