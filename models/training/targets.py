"""What the lesion maps should say: dense per-cell truth from the lesion circles.

A stride-8 cell is positive on a channel when its centre lies inside a lesion's circle, the
radius floored at 1.5 cells so that a small calcification cluster still owns a few cells.
Channels: mass (CIRC, SPIC, MISC, ARCH, ASYM), calcification (CALC), malignant (any
malignant lesion). A lesion without coordinates makes its channels unknown on that image:
they get no dense loss there (weight 0) but the image-level loss still applies.
An image labelled as a whole (no lesion marks in its dataset) teaches the malignant map only: a
no-cancer image says no cell is malignant; a cancer image does not say which cells are, and its
image-level (multiple-instance) loss carries the signal. Benign findings are not marked there, so
its mass and calcification maps are unknown.
"""
from __future__ import annotations

import numpy as np

from augment import map_points
from data import Mammogram
from network import CALCIFICATION, MALIGNANT, MASS, STRIDE

MIN_RADIUS_CELLS = 1.5
MIN_RADIUS_PX = MIN_RADIUS_CELLS * STRIDE


def cell_centres(length_cells: int) -> np.ndarray:
    """Model-pixel coordinate of each cell centre along one axis (pixel centres are integers)."""
    return (np.arange(length_cells) + 0.5) * STRIDE - 0.5


def channel_of(kind: str) -> int:
    return MASS if kind == "mass" else CALCIFICATION


def dense_targets(records: list[Mammogram], matrices: np.ndarray | None, scales: np.ndarray | None,
                  height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """([B,3,h,w] targets, [B,3,h,w] weights) for images seen through the given maps
    (output→input pixel maps from augment; None = images as cached)."""
    h, w = height // STRIDE, width // STRIDE
    target = np.zeros((len(records), 3, h, w), dtype=np.float32)
    weight = np.ones_like(target)
    ys, xs = cell_centres(h)[:, None], cell_centres(w)[None, :]
    for b, record in enumerate(records):
        if not record.dense:
            weight[b, MASS] = weight[b, CALCIFICATION] = 0
            weight[b, MALIGNANT] = 0 if record.malignant else 1
            continue
        for lesion in record.lesions:
            channel = channel_of(lesion.kind)
            if not lesion.located:
                weight[b, channel] = 0
                if lesion.malignant:
                    weight[b, MALIGNANT] = 0
                continue
            point = np.array([[[lesion.x, lesion.y]]])
            radius = lesion.radius
            if matrices is not None:
                point = map_points(matrices[b:b + 1], point)
                radius = radius * scales[b]
            (x, y), r = point[0, 0], max(radius, MIN_RADIUS_PX)
            inside = (xs - x) ** 2 + (ys - y) ** 2 <= r * r
            target[b, channel][inside] = 1
            if lesion.malignant:
                target[b, MALIGNANT][inside] = 1
    return target, weight


def breast_cells(masks: np.ndarray) -> np.ndarray:
    """[B,h,w] bool: the cell holds at least one breast pixel (as the network decides it)."""
    b, hh, ww = masks.shape
    return masks.reshape(b, hh // STRIDE, STRIDE, ww // STRIDE, STRIDE).any(axis=(2, 4))


def dense_pos_weight(records: list[Mammogram], masks: np.ndarray, cap: float = 50.0) -> np.ndarray:
    """Per-channel weight of positive cells: sqrt(negatives/positives), capped.

    The full ratio (~100 for masses, far more for calcifications) makes the maps light up over
    whole regions and costs false marks; its square root still keeps rare positives heard.
    """
    target, weight = dense_targets(records, None, None, masks.shape[1], masks.shape[2])
    inside = breast_cells(masks)[:, None] & (weight > 0)
    pos = (target * inside).sum(axis=(0, 2, 3))
    neg = ((1 - target) * inside).sum(axis=(0, 2, 3))
    ratio = np.where(pos > 0, neg / np.maximum(pos, 1), 1.0)
    return np.clip(np.sqrt(ratio), 1.0, cap).astype(np.float32)


def balance_weight(labels: np.ndarray, cap: float = 10.0) -> float:
    """Image-level pos_weight: sqrt(negatives/positives), for the same reason as above."""
    pos = float(labels.sum())
    if pos == 0:
        return 1.0
    return float(np.clip(np.sqrt((len(labels) - pos) / pos), 1.0, cap))
