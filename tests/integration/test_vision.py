"""The real FaceLandmarker on a face video made from skimage's astronaut photo."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from db.engine import Database
from db.models import Answer, Company, InterviewSession, Job, Question
from db.repositories import behavior
from pipelines.face_signals import SecondSample, aggregate_answer
from pipelines.models import ModelRegistry
from pipelines.settings import Settings
from pipelines.vision import VisionWorker
from tests.conftest import shared_model_dir
from tests.face_media import face_frames, read_y4m, write_y4m


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> ModelRegistry:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), model_dir=shared_model_dir())
    return ModelRegistry(settings)


@pytest.fixture(scope="module")
def face_model(registry: ModelRegistry) -> bytes:
    model = registry.get("face")
    assert isinstance(model, bytes)
    return model


def run(worker: VisionWorker, frames: Iterable[np.ndarray], fps: float) -> list[SecondSample]:
    """Feed frames on a stream clock, letting the worker keep up (deterministic samples)."""
    for i, frame in enumerate(frames):
        if worker.submit(frame, i / fps):
            assert worker.wait_idle()
    samples = worker.drain(flush=True)
    worker.close()
    return samples


SCRIPT = {"blink_at": [1.3, 3.5], "look_away_at": [(5.0, 7.0)], "face_leaves_at": [(7.0, 9.0)]}


@pytest.mark.parametrize("mirror", [False, True], ids=["camera", "mirrored"])
def test_signals_per_second_from_a_scripted_face_video(face_model: bytes, mirror: bool) -> None:
    frames = face_frames(10, 10, **SCRIPT)  # type: ignore[arg-type]
    if mirror:
        frames = (np.ascontiguousarray(f[:, ::-1]) for f in frames)
    samples = run(VisionWorker(face_model, fps=5), frames, fps=10)
    by_second = {int(s.t_s): s for s in samples}
    assert sorted(by_second) == list(range(10))
    present = [s for s in samples if s.face_present]
    assert [int(s.t_s) for s in present] == [0, 1, 2, 3, 4, 5, 6, 9]
    assert [int(s.t_s) for s in samples if s.blinks] == [1, 3]  # the two scripted blinks, once each
    assert [int(s.t_s) for s in samples if s.gaze_on_screen is False] == [5, 6]
    for second in (7, 8):
        gone = by_second[second]
        assert (gone.face_count, gone.gaze_on_screen, gone.emotion) == (0, None, None)
    assert all(s.face_count == 1 for s in present)
    assert by_second[0].emotion == "happy"  # the astronaut smiles broadly
    assert by_second[0].scores["expressions"]["happy"] > 0.6
    assert abs(by_second[0].scores["yaw_deg"]) < 10 and abs(by_second[5].scores["yaw_deg"]) > 25

    result = aggregate_answer(samples)
    assert result["face_present_ratio"] == 0.8
    assert result["blink_rate_per_min"] == pytest.approx(2 * 60 / 8)
    assert result["gaze_on_screen_ratio"] == pytest.approx(6 / 8)
    assert result["dominant_emotion"] == "happy"
    assert result["multiple_faces_ratio"] == 0.0
    assert result["samples"] == 10


@pytest.mark.parametrize("what", ["eyes", "head"])
def test_looking_away_with_only_the_eyes_or_only_the_head_is_off_screen(face_model: bytes, what: str) -> None:
    frames = face_frames(4, 5, look_away_at=[(2.0, 4.0)], look_away=what)  # type: ignore[arg-type]
    samples = run(VisionWorker(face_model, fps=5), frames, fps=5)
    assert [s.gaze_on_screen for s in samples] == [True, True, False, False]
    assert all(s.face_present for s in samples)


def test_a_second_face_is_counted_and_flagged(face_model: bytes) -> None:
    def two_people() -> Iterable[np.ndarray]:
        for frame in face_frames(2, 5, size=(320, 480)):
            yield np.hstack([frame, frame[:, ::-1]])

    samples = run(VisionWorker(face_model, fps=5), two_people(), fps=5)
    assert [s.face_count for s in samples] == [2, 2]
    assert aggregate_answer(samples)["multiple_faces_ratio"] == 1.0


def test_odd_frames_do_not_stop_the_stream(face_model: bytes) -> None:
    worker = VisionWorker(face_model, fps=5)
    odd: list[np.ndarray] = [
        np.zeros((480, 640, 3), np.uint8),  # black: no face
        np.zeros((480, 640), np.uint8),  # grey
        np.zeros((480, 640, 4), np.uint8),  # BGRA
        np.zeros((480, 640, 3), np.float32),  # wrong type: logged and skipped
        np.zeros((2, 2, 3), np.uint8),  # tiny
    ]
    face = next(iter(face_frames(1, 1)))
    samples = run(worker, [*odd, face, face], fps=5)
    assert worker.stats.errors == 1
    assert worker.stats.processed == 6
    assert [(s.face_present, s.face_count) for s in samples] == [(False, 0), (True, 1)]


def test_submit_never_waits_for_the_worker_and_keeps_only_the_newest_frame(face_model: bytes) -> None:
    release = threading.Event()
    reached = threading.Event()

    def slow_storage(samples: list[SecondSample]) -> None:
        reached.set()
        release.wait(30)

    worker = VisionWorker(face_model, fps=5, on_samples=slow_storage)
    frames = list(face_frames(3, 5))
    worker.submit(frames[0], 0.0)
    assert worker.wait_idle()
    worker.submit(frames[5], 1.0)  # finishes second 0: the worker blocks in the callback
    assert reached.wait(30)
    times = [1.2 + i * 0.2 for i in range(len(frames) - 6)]
    accepted = [worker.submit(frame, t) for frame, t in zip(frames[6:], times, strict=True)]
    assert all(accepted)  # every one sampled while the worker is stuck ...
    stuck = worker.stats
    assert stuck.processed == 2 and stuck.dropped == len(accepted) - 1  # ... and all but the newest dropped
    release.set()
    assert worker.wait_idle()
    assert worker.stats.processed == 3  # only the newest waited
    # Second 1 went to the callback; what is left is the newest frame's second.
    assert [s.t_s for s in worker.drain(flush=True)] == [float(int(times[-1]))]
    worker.close()


def test_sampling_follows_vision_fps_and_close_stops_the_worker(registry: ModelRegistry, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, model_dir=shared_model_dir(), vision_fps=2)
    worker = VisionWorker.from_settings(settings, registry)
    frames = face_frames(3, 20)
    sampled = [i for i, frame in enumerate(frames) if worker.submit(frame, i / 20) and worker.wait_idle()]
    assert sampled == [0, 10, 20, 30, 40, 50]
    worker.close()
    worker.close()  # idempotent
    assert worker.submit(np.zeros((8, 8, 3), np.uint8), 10.0) is False
    assert not any(t.name == "vision" and t.is_alive() for t in threading.enumerate())


def test_a_broken_model_turns_face_signals_off_without_crashing() -> None:
    worker = VisionWorker(b"not a model", fps=5)
    assert worker.submit(np.zeros((48, 64, 3), np.uint8), 0.0)
    worker.wait_idle()
    worker.close()
    assert worker.error is not None and "could not start" in worker.error
    assert worker.submit(np.zeros((48, 64, 3), np.uint8), 1.0) is False
    assert worker.drain(flush=True) == []


def test_y4m_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "face.y4m"
    frames = list(face_frames(0.4, 5, blink_at=[0.2]))
    assert write_y4m(path, frames, fps=30) == 2
    assert path.read_bytes().startswith(b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\nFRAME\n")
    assert path.stat().st_size == len(b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n") + 2 * (6 + 640 * 480 * 3 // 2)
    tags, back = read_y4m(path)
    assert tags["W"] == "640" and tags["H"] == "480" and tags["C"] == "420jpeg"
    assert len(back) == 2
    for original, decoded in zip(frames, back, strict=True):
        # 4:2:0 halves the colour resolution: compare with a tolerance, blink frame included.
        assert np.abs(original.astype(int) - decoded.astype(int)).mean() < 4


def _answer_rows(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with db.session() as session:
        company = Company(name="Acme", talent_profile="")
        session.add(company)
        session.flush()
        job = Job(company_id=company.id, title="Engineer")
        session.add(job)
        session.flush()
        interview = InterviewSession(job_id=job.id, candidate_name="Kim Minji")
        session.add(interview)
        session.flush()
        question = Question(session_id=interview.id, position=0, text="Tell me about a project.")
        session.add(question)
        session.flush()
        answer = Answer(session_id=interview.id, question_id=question.id)
        session.add(answer)
        session.flush()
        return interview.id, question.id, answer.id


def test_samples_are_stored_against_the_answer_and_read_back(db: Database, face_model: bytes) -> None:
    session_id, question_id, answer_id = _answer_rows(db)
    samples = run(VisionWorker(face_model, fps=5), face_frames(4, 5, blink_at=[1.3], face_leaves_at=[(3.0, 4.0)]),
                  fps=5)
    with db.session() as session:
        stored = behavior.add_samples(session, session_id=session_id, answer_id=answer_id, question_id=question_id,
                                      samples=samples)
        assert behavior.add_samples(session, session_id=session_id, answer_id=answer_id, question_id=question_id,
                                    samples=[]) == 0
    assert stored == 4
    with db.session() as session:
        rows = behavior.samples_for_session(session, session_id=session_id)
        by_answer = behavior.samples_for_answer(session, answer_id=answer_id)
        assert [r.id for r in rows] == [r.id for r in by_answer]
        assert [(r.t_s, r.face_present, r.face_count, r.blinks, r.gaze_on_screen, r.emotion) for r in rows] == [
            (s.t_s, s.face_present, s.face_count, s.blinks, s.gaze_on_screen, s.emotion) for s in samples]
        assert rows[0].scores["expressions"]["happy"] == samples[0].scores["expressions"]["happy"]
        assert [r.face_present for r in rows] == [True, True, True, False]
        assert sum(r.blinks for r in rows) == 1
        assert aggregate_answer(rows) == aggregate_answer(samples)


def test_a_stream_clock_that_restarts_keeps_sampling(face_model: bytes) -> None:
    worker = VisionWorker(face_model, fps=5)
    frame = next(iter(face_frames(1, 1)))
    assert [worker.submit(frame, t) for t in (5.0, 5.1, 5.2)] == [True, False, True]
    assert worker.submit(frame, 0.0)  # a restarted track: its clock is back at zero
    assert [worker.submit(frame, t) for t in (0.1, 0.2)] == [False, True]
    worker.close()
