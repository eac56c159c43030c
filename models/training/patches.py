"""Stage-1 patches (Shen et al. 2019): lesion-centred with jitter, and background from the breast.

Classes: background / mass-benign / mass-malignant / calcification, written as targets on the
network's own three channels [mass, calcification, malignant] so the patch model is the
image model and its weights carry over unchanged. A calcification patch also carries its
severity on the malignant channel, as it will in stage 2.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data import Dataset
from network import CALCIFICATION, MALIGNANT, MASS

PATCH_CLASSES = ("background", "mass-benign", "mass-malignant", "calcification")


@dataclass(frozen=True)
class PatchPlan:
    image: np.ndarray  # [n] index into the dataset
    centre: np.ndarray  # [n,2] (x, y) in input pixels
    target: np.ndarray  # [n,3] float32 on [mass, calcification, malignant]
    klass: np.ndarray  # [n] index into PATCH_CLASSES

    def __len__(self) -> int:
        return len(self.image)

    def take(self, idx: np.ndarray) -> "PatchPlan":
        return PatchPlan(self.image[idx], self.centre[idx], self.target[idx], self.klass[idx])


class PatchSampler:
    def __init__(self, data: Dataset, size: int, jitters_per_lesion: int, background_ratio: float):
        self.data, self.size = data, size
        self.jitters, self.background_ratio = jitters_per_lesion, background_ratio
        self.lesions = [(i, l) for i, r in enumerate(data.records) for l in r.lesions if l.located]
        # Background only from images whose every lesion has a known place: elsewhere a
        # "background" patch might sit on the unlocated lesion.
        self.background_images = [i for i, r in enumerate(data.records) if all(l.located for l in r.lesions)]
        # Candidate centres: breast pixels on a 4-pixel lattice (plenty, and small in memory).
        self.breast_points = {i: _lattice_points(data.masks[i]) for i in self.background_images}

    def plan(self, rng: np.random.Generator) -> PatchPlan:
        images, centres, targets, classes = [], [], [], []
        for i, lesion in self.lesions:
            for _ in range(self.jitters):
                # Jitter within half the radius (and a quarter patch): the lesion stays in view.
                reach = min(0.5 * lesion.radius, self.size / 4)
                angle, dist = rng.uniform(0, 2 * np.pi), reach * np.sqrt(rng.random())
                centres.append((lesion.x + dist * np.cos(angle), lesion.y + dist * np.sin(angle)))
                images.append(i)
                target = np.zeros(3, np.float32)
                target[MASS if lesion.kind == "mass" else CALCIFICATION] = 1
                target[MALIGNANT] = float(lesion.malignant)
                targets.append(target)
                classes.append(3 if lesion.kind == "calcification" else 2 if lesion.malignant else 1)
        count = max(int(round(self.background_ratio * len(images))), 8)
        for _ in range(count if self.background_images else 0):
            i, centre = self._background(rng)
            images.append(i)
            centres.append(centre)
            targets.append(np.zeros(3, np.float32))
            classes.append(0)
        return PatchPlan(np.array(images, np.int64), np.array(centres, np.float64).reshape(-1, 2),
                         np.array(targets, np.float32).reshape(-1, 3), np.array(classes, np.int64))

    def _background(self, rng: np.random.Generator) -> tuple[int, tuple[float, float]]:
        """A breast point whose patch stays clear of every known lesion (a few tries)."""
        for _ in range(20):
            i = self.background_images[rng.integers(len(self.background_images))]
            points = self.breast_points[i]
            x, y = points[rng.integers(len(points))].astype(np.float64)
            clear = all((x - l.x) ** 2 + (y - l.y) ** 2 > (l.radius + self.size / 2) ** 2
                        for l in self.data.records[i].lesions)
            if clear:
                return i, (x, y)
        normals = [i for i in self.background_images if not self.data.records[i].lesions] or self.background_images
        i = normals[rng.integers(len(normals))]
        x, y = self.breast_points[i][rng.integers(len(self.breast_points[i]))].astype(np.float64)
        return i, (x, y)


def _lattice_points(mask: np.ndarray) -> np.ndarray:
    """(x, y) of breast pixels on a 4-pixel lattice; every breast pixel for a tiny breast."""
    points = np.argwhere(mask[::4, ::4]) * 4
    if not len(points):
        points = np.argwhere(mask)
    return points[:, ::-1]
