"""Image steps of the OCR backend: orientation, deskew and the ruling drawn on a scanned page.

Pure functions on greyscale ``numpy`` images (0 black … 255 white); OpenCV does the pixel work.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_SKEW = 3.0  # degrees either way
_SKEW_WIDTH = 800  # pixels: the skew search works on a copy this wide


def turn_quarters(image: np.ndarray, quarters: int) -> np.ndarray:
    """The image turned ``quarters`` × 90° clockwise."""
    return np.ascontiguousarray(np.rot90(image, -quarters % 4))


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (ink) as 255, paper as 0 (Otsu's threshold)."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _profile_score(mask: np.ndarray, angle: float) -> float:
    """How sharply rows of ink stand out after turning the mask by ``angle`` degrees."""
    h, w = mask.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(mask, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: np.ndarray, limit: float = MAX_SKEW) -> float:
    """The angle (degrees, counter-clockwise positive as OpenCV turns) that levels the text lines.

    Projection profiles of a reduced copy: coarse steps of 0.25°, then 0.05° around the best.
    """
    scale = min(1.0, _SKEW_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = ink_mask(small)
    coarse = np.arange(-limit, limit + 1e-9, 0.25)
    best = max(coarse, key=lambda a: _profile_score(mask, a))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _profile_score(mask, a)))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by ``angle`` degrees about its centre, the corners filled with paper."""
    if abs(angle) < 0.01:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line found in the image, in pixels."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float


def ruling(gray: np.ndarray, min_length: int) -> tuple[list[Segment], np.ndarray]:
    """Horizontal and vertical ruling lines at least ``min_length`` pixels long, and their mask.

    Morphological opening with a long thin kernel keeps only straight runs of ink; each
    connected run is one segment along its middle.
    """
    mask = ink_mask(gray)
    segments: list[Segment] = []
    lines = np.zeros_like(mask)
    for orientation, kernel in (("h", (min_length, 1)), ("v", (1, min_length))):
        # straight runs a few letters long, bridged over the gaps that specks and JPEG leave,
        # then only the long ones
        piece, bridge = ((min_length // 4, 1), (7, 1)) if orientation == "h" else ((1, min_length // 4), (1, 7))
        found = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, piece))
        found = cv2.morphologyEx(found, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        found = cv2.morphologyEx(found, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        lines |= found
        count, _, stats, _ = cv2.connectedComponentsWithStats(found, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if orientation == "h" and w >= min_length:
                mid = y + h / 2
                segments.append(Segment("h", float(x), mid, float(x + w), mid))
            elif orientation == "v" and h >= min_length:
                mid = x + w / 2
                segments.append(Segment("v", mid, float(y), mid, float(y + h)))
    return segments, lines


def erase(gray: np.ndarray, mask: np.ndarray, grow: int = 2) -> np.ndarray:
    """The image with the masked pixels (grown by ``grow``) painted as paper."""
    if not mask.any():
        return gray
    grown = cv2.dilate(mask, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    out = gray.copy()
    out[grown > 0] = 255
    return out
