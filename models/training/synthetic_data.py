"""A small synthetic DATA directory in the training-cache format, for tests of this folder only.

It imitates the cache's contract (breast at the top-left with the chest wall on the left,
z-scores clipped to [-3, 3], background -3, lesion circles in model pixels) without any claim
to look like a mammogram: bright blobs stand in for masses (spiculated when malignant), bright
specks for calcifications. Never used for a reported metric.

usage: python3 synthetic_data.py --out DIR [--count 24] [--height 96] [--width 64] [--seed 7]
                                  [--dataset NAME] [--image-labels]

--image-labels imitates a screening set labelled per image (malignant or normal, no lesion rows).
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np


def smooth_noise(rng: np.random.Generator, h: int, w: int, passes: int = 3) -> np.ndarray:
    field = rng.standard_normal((h, w))
    for _ in range(passes):  # box blur: cheap stand-in for glandular texture
        field = (field + np.roll(field, 1, 0) + np.roll(field, -1, 0)
                 + np.roll(field, 1, 1) + np.roll(field, -1, 1)) / 5
    return field / field.std()


def breast_shape(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Half-ellipse against the left edge; not the full height, so some rows are padding."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    bh, bw = rng.uniform(0.7, 0.95) * h, rng.uniform(0.7, 0.98) * w
    return ((xx / bw) ** 2 + ((yy - bh / 2) / (bh / 2)) ** 2) <= 1


def render(rng: np.random.Generator, mask: np.ndarray, lesions: list[dict]) -> np.ndarray:
    h, w = mask.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    bw = xx[mask].max() + 1
    tissue = smooth_noise(rng, h, w) * 0.6 - 0.8 * (xx / bw)  # denser near the chest wall
    for l in lesions:
        if l["x"] is None:  # the lesion is there, only its coordinates are missing
            (cx, cy), r = _random_point(rng, mask), rng.uniform(0.05, 0.12) * w
        else:
            cx, cy, r = l["x"], l["y"], l["radius"]
        d2 = (xx - cx) ** 2 + (yy - cy) ** 2
        if l["abnormality"] == "CALC":
            for _ in range(6):
                px, py = cx + rng.normal(0, r / 2), cy + rng.normal(0, r / 2)
                tissue += 4.0 * np.exp(-((xx - px) ** 2 + (yy - py) ** 2) / 1.0)
        else:
            tissue += 1.8 * np.exp(-d2 / (2 * (r / 1.5) ** 2))
            if l["severity"] == "malignant":  # spicules: bright rays leaving the mass
                angle = np.arctan2(yy - cy, xx - cx)
                rays = np.cos(angle * 7) > 0.9
                tissue += 1.2 * rays * (d2 < (1.8 * r) ** 2)
    values = tissue[mask]
    z = np.clip((tissue - values.mean()) / values.std(), -3, 3)
    return np.where(mask, z, -3.0).astype(np.float32)


def _random_point(rng: np.random.Generator, mask: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    keep = xs < xs.max() * 0.7  # away from the skin line
    i = rng.integers(keep.sum())
    return float(xs[keep][i]), float(ys[keep][i])


def write(out: str, count: int = 24, height: int = 96, width: int = 64, seed: int = 7,
          dataset: str = "synthetic-marked", image_labels: bool = False) -> None:
    rng = np.random.default_rng(seed)
    images, masks, entries = [], [], []
    for i in range(count):
        patient = f"synth-{i // 2 + 1:03d}"
        label = ("malignant", "benign", "normal", "normal", "benign", "normal")[(i // 2) % 6]
        if image_labels and label == "benign":
            label = "malignant"
        lesions = []
        if label != "normal":
            abnormality = ("CIRC", "SPIC", "CALC", "MISC", "ARCH")[i % 5]
            lesions.append({"abnormality": abnormality, "severity": label, "x": None, "y": None, "radius": None})
        mask = breast_shape(rng, height, width)
        for l in lesions:
            if i % 11 == 5:
                continue  # a few lesions without coordinates, as in MIAS
            x, y = _random_point(rng, mask)
            l.update(x=x, y=y, radius=float(rng.uniform(0.05, 0.12) * width))
        image = render(rng, mask, lesions)
        images.append(image)
        masks.append(mask.astype(np.uint8))
        entries.append({"file": f"synth{i + 1:03d}.png", "patient": patient, "label": label, "tissue": "G",
                        "lesions": [] if image_labels else lesions})
    os.makedirs(out, exist_ok=True)
    np.stack(images).astype("<f4").tofile(os.path.join(out, "images.f32"))
    np.stack(masks).astype(np.uint8).tofile(os.path.join(out, "masks.u8"))
    with open(os.path.join(out, "index.json"), "w", encoding="utf-8") as f:
        json.dump({"dataset": dataset, "height": height, "width": width, "images": entries}, f, indent=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--height", type=int, default=96)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dataset", default="synthetic-marked")
    parser.add_argument("--image-labels", action="store_true")
    a = parser.parse_args()
    write(a.out, a.count, a.height, a.width, a.seed, a.dataset, a.image_labels)
    print(f"wrote {a.count} synthetic images at {a.height}×{a.width} to {a.out}")


if __name__ == "__main__":
    main()
