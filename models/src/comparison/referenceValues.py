"""Independent reference values for the comparison's unit tests (comparison.test.ts).

DeLong's variance here is computed the long way, from the pairwise kernel over every
(positive, negative) pair as DeLong et al. (1988) define it, not from midranks as delong.ts does;
McNemar's p-values come from scipy. Run with Debian's python3 (numpy, scipy):
    /usr/bin/python3 models/src/comparison/referenceValues.py
"""
import numpy as np
from scipy import stats


def kernel(x, y):
    return np.where(x[:, None] > y[None, :], 1.0, np.where(x[:, None] == y[None, :], 0.5, 0.0))


def structural(scores, truth):
    pos, neg = scores[truth], scores[~truth]
    psi = kernel(pos, neg)
    return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)


def delong(a, b, truth):
    auc_a, v10a, v01a = structural(a, truth)
    auc_b, v10b, v01b = structural(b, truth)
    m, n = len(v10a), len(v01a)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    s = s10 / m + s01 / n
    var_diff = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    with np.errstate(invalid="ignore"):  # a model against itself: 0 / 0, unused
        z = (auc_a - auc_b) / np.sqrt(var_diff)
    return auc_a, np.sqrt(s[0, 0]), auc_b, np.sqrt(s[1, 1]), z, 2 * stats.norm.sf(abs(z))


# Hanley & McNeil (Radiology 1982), table 1: CT ratings 1-5 of 58 normal and 51 abnormal cases.
normal = [1] * 33 + [2] * 6 + [3] * 6 + [4] * 11 + [5] * 2
abnormal = [1] * 3 + [2] * 2 + [3] * 2 + [4] * 11 + [5] * 33
ratings = np.array(abnormal + normal, dtype=float)
truth = np.array([True] * 51 + [False] * 58)
auc, _, _ = structural(ratings, truth)
print("hanley-mcneil auc, delong se", repr(auc), repr(delong(ratings, ratings, truth)[1]))

# A paired set drawn once with a fixed seed, written into the test as literals.
rng = np.random.default_rng(22)
t = rng.random(40) < 0.4
a = np.round(np.clip(0.3 + 0.25 * t + rng.normal(0, 0.18, 40), 0, 1), 2)
b = np.round(np.clip(0.35 + 0.12 * t + rng.normal(0, 0.2, 40), 0, 1), 2)
print("truth", [bool(v) for v in t])
print("a", [float(v) for v in a])
print("b", [float(v) for v in b])
print("delong", [float(v) for v in delong(a, b, t)])

# McNemar: Agresti, Categorical Data Analysis (2002), table 10.1 (presidential approval: 150 and 86).
for only_a, only_b in [(150, 86), (7, 1), (3, 3)]:
    n = only_a + only_b
    chi = max(0, abs(only_a - only_b) - 1) ** 2 / n
    print("mcnemar", only_a, only_b, chi, stats.chi2.sf(chi, 1), stats.binomtest(min(only_a, only_b), n, 0.5).pvalue)
