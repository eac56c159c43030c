"""Image-level metrics on out-of-fold predictions: AUC with patient bootstrap, calibration,
operating thresholds.

The bootstrap resamples PATIENTS (both breasts of a woman together), as the folds do: her two
images are not independent evidence.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy.stats import rankdata
from sklearn.linear_model import LogisticRegression

BOOTSTRAP_REPS = 2000


def auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann-Whitney, ties count half); None when one class is missing."""
    y = np.asarray(y, bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return None
    ranks = rankdata(score)
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def resamples(patients: np.ndarray, reps: int = BOOTSTRAP_REPS, seed: int = 0) -> list[np.ndarray]:
    """Image indices of each replicate: patients drawn with replacement, all their images kept.
    Drawn once and shared by every statistic, so differences are paired."""
    rng = np.random.default_rng(seed)
    _, inverse = np.unique(patients, return_inverse=True)
    groups = [np.flatnonzero(inverse == g) for g in range(inverse.max() + 1)]
    return [np.concatenate([groups[g] for g in rng.integers(len(groups), size=len(groups))]) for _ in range(reps)]


def bootstrap(replicates: list[np.ndarray], statistic: Callable[[np.ndarray], dict[str, float | None]]
              ) -> dict[str, np.ndarray]:
    """Values of statistic(image indices) over the replicates (NaN where undefined)."""
    out: dict[str, list[float]] = {}
    for idx in replicates:
        for name, value in statistic(idx).items():
            out.setdefault(name, []).append(np.nan if value is None else value)
    return {k: np.array(v, dtype=np.float64) for k, v in out.items()}


def interval(values: np.ndarray) -> list[float] | None:
    """Percentile 95 % interval, ignoring replicates where the statistic was undefined."""
    values = values[np.isfinite(values)]
    if len(values) < 10:
        return None
    return [float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.asarray(x, np.float64)))


def platt(logits: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """p = sigmoid(a·logit + b), fitted by (nearly unpenalised) maximum likelihood."""
    y = np.asarray(y, int)
    if y.min() == y.max():
        return {"a": 1.0, "b": 0.0}
    model = LogisticRegression(C=1e4, max_iter=1000).fit(np.asarray(logits, np.float64)[:, None], y)
    return {"a": float(model.coef_[0, 0]), "b": float(model.intercept_[0])}


def calibrate(logits: np.ndarray, p: dict[str, float]) -> np.ndarray:
    return sigmoid(p["a"] * np.asarray(logits, np.float64) + p["b"])


def woman_groups(women: np.ndarray, groups: int, seed: int) -> np.ndarray:
    """[n] group of each image: women dealt at random into `groups` groups, all her images in one."""
    names, inverse = np.unique(women, return_inverse=True)
    order = np.random.default_rng(seed).permutation(len(names))
    return (order % groups)[inverse]


def cross_fitted(logits: np.ndarray, y: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Calibrated probabilities where each group's Platt fit never saw that group of women: an
    honest estimate of how calibrated the deployed scores are."""
    out = np.empty(len(logits))
    for f in np.unique(fold):
        test = fold == f
        out[test] = calibrate(logits[test], platt(logits[~test], y[~test]))
    return out


def brier(prob: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((np.asarray(prob) - np.asarray(y, float)) ** 2))


def reliability(prob: np.ndarray, y: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error and the per-bin table behind it (equal-width bins)."""
    prob, y = np.asarray(prob), np.asarray(y, float)
    which = np.minimum((prob * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        sel = which == b
        if not sel.any():
            continue
        mean_p, rate = float(prob[sel].mean()), float(y[sel].mean())
        ece += sel.mean() * abs(mean_p - rate)
        table.append({"from": b / bins, "to": (b + 1) / bins, "count": int(sel.sum()), "meanPredicted": mean_p,
                      "observedRate": rate})
    return {"ece": float(ece), "bins": table}


def wilson(successes: int, n: int) -> list[float] | None:
    if n == 0:
        return None
    z, p = 1.959964, successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [max(0.0, centre - half), min(1.0, centre + half)]


def sensitivity_threshold(prob: np.ndarray, y: np.ndarray, target: float = 0.90) -> dict | None:
    """The highest threshold t (flag when prob ≥ t) whose sensitivity is at least target."""
    prob, y = np.asarray(prob, np.float64), np.asarray(y, bool)
    if not y.any() or y.all():
        return None
    positives = np.sort(prob[y])[::-1]
    need = math.ceil(target * len(positives) - 1e-9)
    t = float(positives[need - 1])
    flagged = prob >= t
    tp, fn = int((flagged & y).sum()), int((~flagged & y).sum())
    tn, fp = int((~flagged & ~y).sum()), int((flagged & ~y).sum())
    return {"threshold": t, "targetSensitivity": target,
            "sensitivity": tp / (tp + fn), "sensitivityCi95": wilson(tp, tp + fn),
            "specificity": tn / (tn + fp), "specificityCi95": wilson(tn, tn + fp),
            "truePositives": tp, "falseNegatives": fn, "trueNegatives": tn, "falsePositives": fp}


def auc_summary(y: np.ndarray, score: np.ndarray, reps: dict[str, np.ndarray], key: str) -> dict:
    return {"auc": auc(y, score), "ci95": interval(reps[key]), "positives": int(np.sum(y)),
            "negatives": int(len(y) - np.sum(y))}


def calibration_summary(logits: np.ndarray, y: np.ndarray, fold: np.ndarray) -> dict:
    p = platt(logits, y)
    calibrated, honest = calibrate(logits, p), cross_fitted(logits, y, fold)
    return {"method": "platt", "a": p["a"], "b": p["b"],
            "brierUncalibrated": brier(sigmoid(logits), y), "brierCalibrated": brier(calibrated, y),
            "brierCrossFitted": brier(honest, y), "prevalence": float(np.mean(y)),
            "reliabilityCalibrated": reliability(calibrated, y),
            "reliabilityCrossFitted": reliability(honest, y)}
