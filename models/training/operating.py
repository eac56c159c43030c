"""Operating points a screening service uses, chosen on exam scores of the validation women.

An exam's score is the maximum of its images' calibrated probabilities, as the worker aggregates
it (a lesion often shows on one view only). On the no-cancer exams of the screening population:
- recall threshold: specificity 0.90, i.e. about 10 % of normal exams recalled (screening norm);
- likely-normal threshold: sensitivity 0.97 on exams with cancer (MASAI-style triage);
- exam score 1–10: the deciles of the no-cancer exam scores (10 = the top 10 % of normal exams
  and above), so the recall threshold is where 9 becomes 10.
"""
from __future__ import annotations

import math

import numpy as np

from data import DataError
from evaluate import wilson

RECALL_SPECIFICITY = 0.90
LIKELY_NORMAL_SENSITIVITY = 0.97


def exam_scores(prob: np.ndarray, women: np.ndarray, malignant: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per woman: (max calibrated probability over her images, whether any image has cancer)."""
    names, inverse = np.unique(women, return_inverse=True)
    score = np.full(len(names), -np.inf)
    cancer = np.zeros(len(names), bool)
    np.maximum.at(score, inverse, prob)
    np.logical_or.at(cancer, inverse, malignant.astype(bool))
    return score, cancer


def between(score: np.ndarray, value: float, above: bool) -> float:
    """The midpoint from `value` to the nearest exam score above (or below) it: a threshold that
    splits the validation exams exactly as `value` does, yet does not sit on any exam's score, so
    float differences between runtimes cannot move an exam across it."""
    others = score[score > value] if above else score[score < value]
    if not len(others):
        return float(value)
    return float((value + (others.min() if above else others.max())) / 2)


def recall_threshold(score: np.ndarray, cancer: np.ndarray, specificity: float = RECALL_SPECIFICITY) -> float:
    """The lowest threshold (elevated when score ≥ t) whose specificity is at least `specificity`."""
    normal = np.sort(score[~cancer])
    keep = math.ceil(specificity * len(normal) - 1e-9)  # normal exams that must stay below t
    return between(score, normal[keep - 1], above=True) if keep else between(score, normal[0], above=False)


def likely_normal_threshold(score: np.ndarray, cancer: np.ndarray,
                            sensitivity: float = LIKELY_NORMAL_SENSITIVITY) -> float:
    """The highest threshold (likely normal when score < t) that keeps sensitivity ≥ target."""
    positives = np.sort(score[cancer])[::-1]
    need = math.ceil(sensitivity * len(positives) - 1e-9)
    return between(score, positives[need - 1], above=False)


def exam_score_cuts(score: np.ndarray, cancer: np.ndarray) -> list[float]:
    """Nine ascending cuts: exam score = 1 + the number of cuts at or below the probability. Each
    cut is the decile of the no-cancer exams, moved half-way down to the next exam score."""
    deciles = np.quantile(score[~cancer], np.arange(1, 10) / 10, method="higher")
    return [between(score, float(c), above=False) for c in deciles]


def exam_score(prob: np.ndarray, cuts: list[float]) -> np.ndarray:
    return 1 + np.searchsorted(np.asarray(cuts), prob, side="right")


def performance(score: np.ndarray, cancer: np.ndarray, flagged: np.ndarray) -> dict:
    tp, fn = int((flagged & cancer).sum()), int((~flagged & cancer).sum())
    tn, fp = int((~flagged & ~cancer).sum()), int((flagged & ~cancer).sum())
    return {"sensitivity": tp / (tp + fn) if tp + fn else None, "sensitivityCi95": wilson(tp, tp + fn),
            "specificity": tn / (tn + fp) if tn + fp else None, "specificityCi95": wilson(tn, tn + fp),
            "flaggedShare": float(flagged.mean()) if len(flagged) else None,
            "exams": int(len(score)), "examsWithCancer": int(cancer.sum())}


def choose(score: np.ndarray, cancer: np.ndarray) -> dict:
    if cancer.all() or not cancer.any():
        raise DataError("operating points need validation exams with and without cancer")
    cuts = exam_score_cuts(score, cancer)
    recall = max(recall_threshold(score, cancer), cuts[-2])
    # The last cut is the recall threshold itself: score 10 and "elevated" are the same exams.
    cuts[-1] = recall
    return {"recall": recall, "likelyNormal": min(likely_normal_threshold(score, cancer), recall),
            "examScoreCuts": cuts}


def describe(points: dict, score: np.ndarray, cancer: np.ndarray) -> dict:
    """How the chosen points behave on a set of exams (the one they were chosen on, or another)."""
    return {"recall": performance(score, cancer, score >= points["recall"]),
            "likelyNormal": performance(score, cancer, score >= points["likelyNormal"]),
            "examScoreHistogram": {
                "normal": np.bincount(exam_score(score[~cancer], points["examScoreCuts"]), minlength=11)[1:].tolist(),
                "cancer": np.bincount(exam_score(score[cancer], points["examScoreCuts"]), minlength=11)[1:].tolist()}}
