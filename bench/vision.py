"""Vision figures: FaceLandmarker ms per frame, and the sample rate the worker sustains.

    .venv/bin/python bench/vision.py [--frames 150] [--runs 3] [--seconds 10]

1. ms per frame (median over ``--frames`` frames, median of ``--runs`` runs) at 640x480
   and 512x512 on the astronaut face video, VIDEO mode (what the worker uses: the face
   is tracked between frames) against IMAGE mode (detection on every frame), as a ratio.
   VIDEO with one face shows the price of ``num_faces=2``: while fewer faces than asked
   for are tracked, the detector keeps running on every frame to look for another.
2. The worker fed a camera in real time for ``--seconds``: frames analysed per second at
   VISION_FPS=5 (the default, 30 fps camera) and with a 120 fps camera sampled at 120
   (the most it sustains: the rest is dropped). Pinned to 2 CPU cores when the machine
   has more.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.model_files import face_landmarker  # noqa: E402
from pipelines.vision import FaceLandmarkerStream, VisionWorker, _as_rgb  # noqa: E402
from tests.face_media import face_frames  # noqa: E402


def pin_two_cores() -> str:
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) > 2:
        os.sched_setaffinity(0, set(cpus[:2]))
    return f"{len(os.sched_getaffinity(0))} of {os.cpu_count()} cores"


def video_frames(size: tuple[int, int], count: int, fps: float = 5.0) -> list[np.ndarray]:
    return list(face_frames(count / fps, fps, size, blink_at=[i * 1.7 + 0.4 for i in range(int(count / fps / 1.7) + 1)],
                            look_away_at=[(3.0, 4.0)]))


def ms_video_mode(model: bytes, frames: list[np.ndarray], num_faces: int = 2) -> float:
    stream = FaceLandmarkerStream(model, num_faces=num_faces)
    try:
        stream.process(frames[0], 0.0)  # warm-up
        times = []
        for i, frame in enumerate(frames, start=1):
            started = time.perf_counter()
            stream.process(frame, i / 5)
            times.append(time.perf_counter() - started)
    finally:
        stream.close()
    return 1000 * statistics.median(times)


def ms_image_mode(model: bytes, frames: list[np.ndarray]) -> float:
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.FaceLandmarkerOptions(
        base_options=BaseOptions(model_asset_buffer=model), running_mode=vision.RunningMode.IMAGE, num_faces=2,
        output_face_blendshapes=True, output_facial_transformation_matrixes=True,
    )
    landmarker = vision.FaceLandmarker.create_from_options(options)
    try:
        landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=_as_rgb(frames[0])))
        times = []
        for frame in frames:
            started = time.perf_counter()
            landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=_as_rgb(frame)))
            times.append(time.perf_counter() - started)
    finally:
        landmarker.close()
    return 1000 * statistics.median(times)


def sustained_rate(model: bytes, frames: list[np.ndarray], vision_fps: float, seconds: float,
                   camera_fps: float) -> tuple[float, int, int]:
    """Feed a camera in real time; returns (analysed per second, sampled, dropped)."""
    worker = VisionWorker(model, fps=vision_fps)
    worker.submit(frames[0], 0.0)
    worker.wait_idle(30)  # the landmarker starts before the clock does
    base = worker.stats.processed
    started = time.monotonic()
    i = 0
    while (elapsed := time.monotonic() - started) < seconds:
        i += 1
        worker.submit(frames[i % len(frames)], 1.0 + elapsed)
        time.sleep(max(0.0, started + i / camera_fps - time.monotonic()))
    elapsed = time.monotonic() - started
    stats = worker.stats
    worker.close()
    return (stats.processed - base) / elapsed, stats.sampled - 1, stats.dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    cores = pin_two_cores()
    model = face_landmarker().read_bytes()
    print(f"FaceLandmarker (num_faces=2, blendshapes + matrices), {cores}")
    print("ms per frame, median; VIDEO = the worker's mode; IMAGE = detection on every frame")
    print(f"{'frame':>9}  {'VIDEO 2 faces':>13}  {'IMAGE 2 faces':>13}  {'IMAGE/VIDEO':>11}  {'VIDEO 1 face':>12}")
    for size in ((640, 480), (512, 512)):
        frames = video_frames(size, args.frames)
        video = statistics.median(ms_video_mode(model, frames) for _ in range(args.runs))
        image = statistics.median(ms_image_mode(model, frames) for _ in range(args.runs))
        single = statistics.median(ms_video_mode(model, frames, num_faces=1) for _ in range(args.runs))
        print(f"{size[0]}x{size[1]:<5}  {video:13.1f}  {image:13.1f}  {image / video:10.2f}x  {single:12.1f}")
    frames = video_frames((640, 480), 60)
    for camera_fps, vision_fps in ((30, 5.0), (120, 120.0)):
        rate, sampled, dropped = sustained_rate(model, frames, vision_fps, args.seconds, camera_fps)
        print(f"worker, {camera_fps} fps 640x480 camera for {args.seconds:.0f} s, VISION_FPS={vision_fps:.0f}: "
              f"analysed {rate:.1f} frames/s (sampled {sampled}, dropped {dropped})")


if __name__ == "__main__":
    main()
