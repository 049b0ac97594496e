"""Face video the tests make from a still photo of a real face.

The face is scikit-image's ``astronaut`` (Eileen Collins, a public-domain NASA
portrait bundled in the wheel, so nothing is downloaded). From it we make webcam-like
BGR frames (what FastRTC's ``video_receive`` hands over) with scripted events:

- a blink: skin-coloured lids with a lash line drawn over both eyes for a few frames;
- a look-away: the irises redrawn at the side of the eyes and/or the head turned
  sideways by a cylindrical warp of the middle of the face (MediaPipe then reports
  eyeLookIn/Out near 1 and a yaw of about 30 degrees);
- the face leaving: a blank (dark grey) frame.

``write_y4m`` writes frames as YUV4MPEG2 (4:2:0) for Chromium's
``--use-file-for-fake-video-capture``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

# Landmark boxes in the 512x512 astronaut image (measured once with the FaceLandmarker).
_FACE_CENTER = (225.0, 125.0)
_EYES = ((204.5, 101.0), (245.5, 103.5))  # eye centres (x, y), image left then right
_EYE_HALF = (14.0, 7.5)  # half width and half height of a lid
_SKIN_PATCH = (slice(116, 126), slice(236, 252))  # cheek below the eye (rows, cols)
_CROP_HEIGHT = 250.0  # source pixels shown vertically: the face fills about 40% of the frame
_BLANK_BGR = (60, 60, 60)

Span = tuple[float, float]  # [start, end) in seconds


@cache
def _astronaut_bgr() -> np.ndarray:
    from skimage import data

    rgb = data.astronaut()
    return np.ascontiguousarray(rgb[:, :, ::-1])


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int

    def crop_matrix(self) -> np.ndarray:
        """Affine map from astronaut pixels to frame pixels (scale + shift, face centred)."""
        scale = self.height / _CROP_HEIGHT
        crop_w = self.width / scale
        src = _astronaut_bgr()
        x0 = min(max(_FACE_CENTER[0] - crop_w / 2, 0.0), src.shape[1] - crop_w)
        y0 = min(max(_FACE_CENTER[1] - _CROP_HEIGHT / 2, 0.0), src.shape[0] - _CROP_HEIGHT)
        return np.array([[scale, 0.0, -x0 * scale], [0.0, scale, -y0 * scale]], dtype=np.float64)


def _with_closed_eyes(image: np.ndarray) -> np.ndarray:
    out = image.copy()
    rows, cols = _SKIN_PATCH
    skin = tuple(float(c) for c in image[rows, cols].reshape(-1, 3).mean(axis=0))
    lash = tuple(c * 0.35 for c in skin)
    for cx, cy in _EYES:
        center = (round(cx), round(cy))
        axes = (round(_EYE_HALF[0]), round(_EYE_HALF[1]))
        cv2.ellipse(out, center, axes, 0, 0, 360, skin, thickness=-1, lineType=cv2.LINE_AA)
        cv2.ellipse(out, (center[0], center[1] + 1), (axes[0], 3), 0, 10, 170, lash, thickness=1,
                    lineType=cv2.LINE_AA)
    return out


def _turned(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turn the head about a vertical axis: the middle of the face (eyes, nose, mouth) is
    mapped onto a narrow cylinder and rotated, the cheeks stay, so the nose appears to
    move past the face outline as it does in a real head turn."""
    h, w = image.shape[:2]
    cx = _FACE_CENTER[0]
    radius = 35.0  # source pixels; narrower than the face, which gives a convincing yaw
    xs = np.arange(w, dtype=np.float32)
    phi = np.arcsin(np.clip((xs - cx) / radius, -1.0, 1.0)) - np.deg2rad(degrees)
    src_x = cx + radius * np.sin(np.clip(phi, -np.pi / 2, np.pi / 2))
    src_x = np.where(np.abs(xs - cx) >= radius, xs, src_x).astype(np.float32)
    map_x = np.repeat(src_x[None, :], h, axis=0)
    map_y = np.repeat(np.arange(h, dtype=np.float32)[:, None], w, axis=1)
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _eyes_aside(image: np.ndarray, direction: float) -> np.ndarray:
    """Redraw both eyes with the iris moved sideways (direction -1 image-left .. +1 right)."""
    out = image.copy()
    half_w, half_h = round(_EYE_HALF[0]), round(_EYE_HALF[1])
    for cx, cy in _EYES:
        x0, y0 = round(cx) - half_w - 1, round(cy) - half_h - 1
        patch = image[y0:y0 + 2 * half_h + 3, x0:x0 + 2 * half_w + 3].astype(np.float32)
        center = (round(cx) - x0, round(cy) - y0)
        aperture = np.zeros(patch.shape[:2], np.uint8)
        cv2.ellipse(aperture, center, (half_w - 1, half_h - 2), 0, 0, 360, 255, thickness=-1)
        inside = patch[aperture > 0]
        brightness = inside.mean(axis=1)
        sclera = inside[brightness >= np.percentile(brightness, 85)].mean(axis=0)
        iris = inside[brightness <= np.percentile(brightness, 20)].mean(axis=0)
        iris_mask = np.zeros_like(aperture)
        cv2.circle(iris_mask, (center[0] + round(direction * (half_w - 6)), center[1]), 5, 255, thickness=-1)
        iris_mask &= aperture
        redrawn = np.where(aperture[..., None] > 0, sclera, patch)
        redrawn = np.where(iris_mask[..., None] > 0, iris, redrawn)
        out[y0:y0 + patch.shape[0], x0:x0 + patch.shape[1]] = redrawn.astype(np.uint8)
    return out


def _in(spans: Iterable[Span], t: float) -> bool:
    return any(start <= t < end for start, end in spans)


def face_frames(
    seconds: float, fps: float, size: tuple[int, int] = (640, 480), *,
    blink_at: Sequence[float] = (), blink_s: float = 0.2,
    look_away_at: Sequence[Span] = (), look_away: Literal["head", "eyes", "both"] = "both",
    look_away_deg: float = 50.0, face_leaves_at: Sequence[Span] = (),
) -> Iterator[np.ndarray]:
    """BGR uint8 frames of ``size`` (width, height); frame i is at ``i / fps`` seconds.

    ``blink_at``: times a blink starts (eyes closed for ``blink_s``);
    ``look_away_at`` / ``face_leaves_at``: [start, end) spans in seconds; ``look_away`` picks
    what moves: the head (turned by ``look_away_deg``), the eyes (irises to the side) or both.
    """
    width, height = size
    matrix = _Frame(width, height).crop_matrix()
    base = _astronaut_bgr()
    variants: dict[str, np.ndarray] = {}

    def place(source: np.ndarray) -> np.ndarray:
        return cv2.warpAffine(source, matrix, (width, height), flags=cv2.INTER_AREA,
                              borderMode=cv2.BORDER_REPLICATE)

    blank = np.empty((height, width, 3), np.uint8)
    blank[:] = _BLANK_BGR
    for i in range(round(seconds * fps)):
        t = i / fps
        if _in(face_leaves_at, t):
            yield blank.copy()
            continue
        blinking = any(start <= t < start + blink_s for start in blink_at)
        away = _in(look_away_at, t)
        key = ("away-" + look_away if away else "front") + ("+blink" if blinking else "")
        if key not in variants:
            source = _with_closed_eyes(base) if blinking else base
            if away and look_away in ("eyes", "both") and not blinking:
                source = _eyes_aside(source, 1.0)
            if away and look_away in ("head", "both"):
                source = _turned(source, look_away_deg)
            variants[key] = place(source)
        yield variants[key].copy()


def write_y4m(path: Path, frames: Iterable[np.ndarray], fps: int) -> int:
    """Write BGR frames as a YUV4MPEG2 file (C420jpeg, BT.601 limited range); returns the count.

    Header: ``YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg``; then per frame ``FRAME`` and
    the Y, U and V planes. Width and height must be even (4:2:0 halves both for chroma).
    """
    count = 0
    with Path(path).open("wb") as out:
        for frame in frames:
            height, width = frame.shape[:2]
            if count == 0:
                if width % 2 or height % 2:
                    raise ValueError(f"Y4M 4:2:0 needs an even width and height, got {width}x{height}")
                out.write(f"YUV4MPEG2 W{width} H{height} F{int(fps)}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
                size = (width, height)
            elif (width, height) != size:
                raise ValueError(f"frame {count} is {width}x{height}, the file is {size[0]}x{size[1]}")
            planes = cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_BGR2YUV_I420)
            out.write(b"FRAME\n")
            out.write(planes.tobytes())
            count += 1
    return count


def read_y4m(path: Path) -> tuple[dict[str, str], list[np.ndarray]]:
    """Parse a Y4M file back into its header tags and BGR frames (to check the writer)."""
    raw = Path(path).read_bytes()
    header_end = raw.index(b"\n")
    magic, *tags = raw[:header_end].decode("ascii").split(" ")
    if magic != "YUV4MPEG2":
        raise ValueError(f"not a YUV4MPEG2 file: {magic!r}")
    fields = {tag[0]: tag[1:] for tag in tags}
    width, height = int(fields["W"]), int(fields["H"])
    frame_bytes = width * height * 3 // 2
    frames: list[np.ndarray] = []
    pos = header_end + 1
    while pos < len(raw):
        if raw[pos:pos + 6] != b"FRAME\n":
            raise ValueError(f"frame {len(frames)} has no FRAME marker")
        pos += 6
        planes = np.frombuffer(raw[pos:pos + frame_bytes], np.uint8).reshape(height * 3 // 2, width)
        frames.append(cv2.cvtColor(planes, cv2.COLOR_YUV2BGR_I420))
        pos += frame_bytes
    return fields, frames
