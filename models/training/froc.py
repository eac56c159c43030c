"""FROC on lesion maps: how many lesions are found for a given number of false marks per image.

Marks: local maxima (3×3) of the mass and calcification maps, merged across the two channels
by distance (a mark suppresses weaker ones within 2 cells), at most 10 per image.
A mark hits a lesion when the centre of its cell, in model pixels ((j + 0.5)·8 - 0.5), lies
inside the truth circle, the radius floored at 1.5 cells as in training. A lesion counts once;
further marks on a found lesion are neither true nor false. Lesions without coordinates are
excluded, and so are their whole images (a mark there could be on the unlocated lesion).
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from data import Mammogram
from network import CALCIFICATION, CHANNELS, MASS
from targets import MIN_RADIUS_PX, cell_centres

MAX_MARKS = 10
MERGE_CELLS = 2.0
FLOOR = 1e-6  # cells outside the breast sit at ~1e-13: never marks
FPI_POINTS = (0.5, 1.0, 2.0)
CURVE_POINTS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def marks(maps: np.ndarray, max_marks: int = MAX_MARKS) -> list[dict]:
    """[3,h,w] probabilities → up to max_marks {x, y, score, channel}, strongest first."""
    found = []
    for channel in (MASS, CALCIFICATION):
        m = torch.from_numpy(np.ascontiguousarray(maps[channel]))[None, None]
        peak = (m == F.max_pool2d(m, 3, 1, 1)) & (m > FLOOR)
        for i, j in torch.nonzero(peak[0, 0]).tolist():
            found.append((float(maps[channel, i, j]), i, j, channel))
    found.sort(key=lambda f: (-f[0], f[1], f[2], f[3]))
    ys, xs = cell_centres(maps.shape[1]), cell_centres(maps.shape[2])
    kept: list[dict] = []
    reach = (MERGE_CELLS * 8) ** 2
    for score, i, j, channel in found:
        x, y = float(xs[j]), float(ys[i])
        if any((x - k["x"]) ** 2 + (y - k["y"]) ** 2 <= reach for k in kept):
            continue
        kept.append({"x": x, "y": y, "score": score, "channel": CHANNELS[channel]})
        if len(kept) == max_marks:
            break
    return kept


class FrocData:
    """Marks scored against the truth, flattened for fast (bootstrap) evaluation."""

    def __init__(self, records: list[Mammogram], marks_per_image: list[list[dict]]):
        self.included = np.array([all(l.located for l in r.lesions) for r in records])
        self.lesions_without_coordinates = sum(not l.located for r in records for l in r.lesions)
        self.located_lesions_on_excluded_images = sum(
            l.located for r, inc in zip(records, self.included) if not inc for l in r.lesions)
        lesion_best, lesion_image, fp_score, fp_image = [], [], [], []
        for i, (record, image_marks) in enumerate(zip(records, marks_per_image)):
            if not self.included[i]:
                for m in image_marks:
                    m["hit"] = None
                continue
            best = [-np.inf] * len(record.lesions)
            for m in image_marks:
                hits = [k for k, l in enumerate(record.lesions)
                        if (m["x"] - l.x) ** 2 + (m["y"] - l.y) ** 2 <= max(l.radius, MIN_RADIUS_PX) ** 2]
                m["hit"] = bool(hits)
                for k in hits:
                    best[k] = max(best[k], m["score"])
                if not hits:
                    fp_score.append(m["score"])
                    fp_image.append(i)
            lesion_best += best
            lesion_image += [i] * len(record.lesions)
        self.n_images = len(records)
        self.lesion_best = np.array(lesion_best, np.float64)
        self.lesion_image = np.array(lesion_image, np.int64)
        order = np.argsort(-np.array(fp_score, np.float64), kind="stable")
        self.fp_score = np.array(fp_score, np.float64)[order]
        self.fp_image = np.array(fp_image, np.int64)[order]
        self.all_scores = np.sort(np.array([m["score"] for i, ms in enumerate(marks_per_image)
                                            if self.included[i] for m in ms], np.float64))

    def sensitivity_at(self, fpi: float, weight: np.ndarray | None = None) -> tuple[float | None, float]:
        """(lesion sensitivity, cut) at the lowest threshold keeping false marks per image ≤ fpi.
        weight: how many times each image is counted (bootstrap); default once each."""
        w = self.included.astype(np.float64) if weight is None else weight * self.included
        lesion_w = w[self.lesion_image]
        if lesion_w.sum() == 0:
            return None, np.inf
        cum = np.cumsum(w[self.fp_image])
        allowed = fpi * w.sum()
        k = int(np.searchsorted(cum, allowed + 1e-9, side="right"))  # FP marks we can afford
        cut = self.fp_score[k] if k < len(self.fp_score) else -np.inf
        return float((lesion_w * (self.lesion_best > cut)).sum() / lesion_w.sum()), cut

    def threshold_at(self, fpi: float) -> float:
        """Map probability to flag a mark (score ≥ threshold) at that operating point: the lowest
        mark score above the first false mark we cannot afford (just above it if none is)."""
        _, cut = self.sensitivity_at(fpi)
        above = self.all_scores[self.all_scores > cut]
        if len(above):
            return float(above[0])
        return float(np.nextafter(cut, np.inf)) if np.isfinite(cut) else FLOOR

    def summary(self, bootstrap_weights: list[np.ndarray]) -> dict:
        def point(fpi: float) -> dict:
            sens, _ = self.sensitivity_at(fpi)
            reps = np.array([v if v is not None else np.nan
                             for v in (self.sensitivity_at(fpi, w)[0] for w in bootstrap_weights)])
            finite = reps[np.isfinite(reps)]
            ci = [float(np.percentile(finite, 2.5)), float(np.percentile(finite, 97.5))] if len(finite) >= 10 else None
            return {"falseMarksPerImage": fpi, "sensitivity": sens, "ci95": ci, "threshold": self.threshold_at(fpi)}

        curve = [{"falseMarksPerImage": f, "sensitivity": self.sensitivity_at(f)[0],
                  "threshold": self.threshold_at(f)} for f in CURVE_POINTS]
        sens = [c["sensitivity"] for c in curve if c["sensitivity"] is not None]
        return {
            "points": [point(f) for f in FPI_POINTS],
            "curve": curve,
            "meanSensitivity": float(np.mean(sens)) if sens else None,  # CPM-style, 1/8 … 8 FP/image
            "lesions": int(len(self.lesion_best)),
            "lesionsFoundAtAnyThreshold": int(np.isfinite(self.lesion_best).sum()),
            "imagesIncluded": int(self.included.sum()),
            "imagesExcluded": int((~self.included).sum()),
            "lesionsWithoutCoordinatesExcluded": int(self.lesions_without_coordinates),
            "locatedLesionsOnExcludedImages": int(self.located_lesions_on_excluded_images),
            "maxMarksPerImage": MAX_MARKS,
            "hitRule": "mark cell centre inside the truth circle (radius floored at 1.5 cells = 12 model px)",
        }
