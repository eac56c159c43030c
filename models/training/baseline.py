"""The reference the CNN must beat: logistic regression on global intensity and texture
features of the breast region, on the very same patient folds.

Features (breast pixels only, from the cached normalised inputs):
- histogram moments and percentiles (mean, sd, skewness, kurtosis, 5/25/50/75/95 %, share of
  pixels clipped bright at +3);
- gradient energy (mean squared central difference, both axes);
- co-occurrence (GLCM-like) statistics on 8 grey levels, horizontal and vertical neighbours at
  distances 1 and 4: contrast, homogeneity, energy, entropy, correlation.
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from data import Dataset

LEVELS = 8
DISTANCES = (1, 4)


def features(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    inside = mask.astype(bool)
    v = image[inside].astype(np.float64)
    mean, sd = v.mean(), v.std() + 1e-9
    z = (v - mean) / sd
    histogram = [mean, sd, (z ** 3).mean(), (z ** 4).mean() - 3, *np.percentile(v, [5, 25, 50, 75, 95]),
                 (v >= 2.999).mean()]
    gy, gx = np.gradient(image.astype(np.float64))
    gradient = [((gx ** 2 + gy ** 2)[inside]).mean()]
    levels = np.clip(((image + 3) / 6 * LEVELS).astype(int), 0, LEVELS - 1)
    texture = []
    for d in DISTANCES:
        stats = [_cooccurrence(levels[:, :-d], levels[:, d:], inside[:, :-d] & inside[:, d:]),
                 _cooccurrence(levels[:-d], levels[d:], inside[:-d] & inside[d:])]
        texture += list(np.mean(stats, axis=0))
    return np.array(histogram + gradient + texture)


def _cooccurrence(a: np.ndarray, b: np.ndarray, valid: np.ndarray) -> list[float]:
    counts = np.bincount(a[valid] * LEVELS + b[valid], minlength=LEVELS * LEVELS).reshape(LEVELS, LEVELS)
    p = (counts + counts.T) / max(2 * counts.sum(), 1)  # symmetric
    i, j = np.indices(p.shape)
    mu = (i * p).sum()
    var = (((i - mu) ** 2) * p).sum() + 1e-12
    return [(((i - j) ** 2) * p).sum(),                      # contrast
            (p / (1 + np.abs(i - j))).sum(),                 # homogeneity
            (p ** 2).sum(),                                  # energy
            -(p[p > 0] * np.log(p[p > 0])).sum(),            # entropy
            (((i - mu) * (j - mu)) * p).sum() / var]         # correlation


FEATURE_NAMES = (["mean", "sd", "skewness", "kurtosis", "p5", "p25", "p50", "p75", "p95", "brightClipped",
                  "gradientEnergy"]
                 + [f"{s}@{d}" for d in DISTANCES for s in ("contrast", "homogeneity", "energy", "entropy",
                                                          "correlation")])


def feature_matrix(data: Dataset) -> np.ndarray:
    return np.stack([features(data.images[i], data.masks[i]) for i in range(len(data))])


def out_of_fold(data: Dataset, folds: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
    """Out-of-fold logits for malignant-vs-rest and abnormal-vs-normal; fixed, lightly
    regularised model (no tuning loop: nothing to overfit with 240 images)."""
    x = feature_matrix(data)
    out = {"malignancy_logit": np.zeros(len(data)), "abnormality_logit": np.zeros(len(data))}
    for key, y in (("malignancy_logit", data.malignant), ("abnormality_logit", data.abnormal)):
        for train, test in folds:
            if len(np.unique(y[train])) < 2:
                out[key][test] = 0.0
                continue
            model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000))
            model.fit(x[train], y[train])
            out[key][test] = model.decision_function(x[test])
    return out
