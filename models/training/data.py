"""The training cache written by the TypeScript pre-processing, read and checked; patient folds.

DATA/images.f32  float32 N×H×W model inputs (already normalised; never re-processed here)
DATA/masks.u8    uint8 N×H×W, 1 inside the breast
DATA/index.json  { height, width, images: [ { file, patient, label, tissue, lesions: [...] } ] }
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

LABELS = ("normal", "benign", "malignant")
SEVERITIES = ("benign", "malignant")
# Architectural distortion and asymmetry are soft-tissue findings with no channel of their own:
# they go to the mass channel (stated in the model card).
MASS_TYPES = ("CIRC", "SPIC", "MISC", "ARCH", "ASYM")
CALCIFICATION_TYPES = ("CALC",)


class DataError(Exception):
    """The training cache is missing, inconsistent or unusable; the message says what to fix."""


@dataclass(frozen=True)
class Lesion:
    kind: str  # "mass" or "calcification": the map channel it trains
    abnormality: str
    malignant: bool
    x: float | None  # centre and radius in model pixels; None where MIAS gives no coordinates
    y: float | None
    radius: float | None

    @property
    def located(self) -> bool:
        return self.x is not None


@dataclass(frozen=True)
class Mammogram:
    file: str
    patient: str
    label: str
    tissue: str
    lesions: tuple[Lesion, ...]

    @property
    def malignant(self) -> bool:
        return self.label == "malignant"

    @property
    def abnormal(self) -> bool:
        return self.label != "normal"


@dataclass
class Dataset:
    images: np.ndarray  # float32 N×H×W
    masks: np.ndarray  # uint8 N×H×W
    records: list[Mammogram]
    height: int
    width: int
    source: str = ""
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)

    def subset(self, indices) -> "Dataset":
        idx = np.asarray(indices, dtype=np.int64)
        return Dataset(self.images[idx], self.masks[idx], [self.records[i] for i in idx], self.height, self.width,
                       self.source, list(self.warnings))

    @property
    def malignant(self) -> np.ndarray:
        return np.array([r.malignant for r in self.records], dtype=np.float32)

    @property
    def abnormal(self) -> np.ndarray:
        return np.array([r.abnormal for r in self.records], dtype=np.float32)

    @property
    def patients(self) -> np.ndarray:
        return np.array([r.patient for r in self.records])


def load(directory: str) -> Dataset:
    if not os.path.isdir(directory):
        raise DataError(f"training data directory not found: {directory} (run `npm run prepare:training` first)")
    index_path = os.path.join(directory, "index.json")
    try:
        with open(index_path, encoding="utf-8") as f:
            index = json.load(f)
    except FileNotFoundError:
        raise DataError(f"{index_path} is missing") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{index_path} is not valid JSON: {e}") from None
    if not isinstance(index, dict):
        raise DataError(f"{index_path}: expected an object with height, width and images")
    height, width = index.get("height"), index.get("width")
    for name, value in (("height", height), ("width", width)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 32 or value % 32:
            raise DataError(f"{index_path}: {name} must be a multiple of 32 and at least 32, got {value!r}")
    entries = index.get("images")
    if not isinstance(entries, list) or not entries:
        raise DataError(f"{index_path}: images must be a non-empty list")
    warnings: list[str] = []
    records = [_record(e, i, index_path, warnings) for i, e in enumerate(entries)]
    n = len(records)
    images = _read_array(os.path.join(directory, "images.f32"), np.dtype("<f4"), n, height, width)
    masks = _read_array(os.path.join(directory, "masks.u8"), np.dtype("u1"), n, height, width)
    if not np.isfinite(images).all():
        raise DataError("images.f32 contains NaN or infinite values")
    lo, hi = float(images.min()), float(images.max())
    if lo < -3.0001 or hi > 3.0001:
        raise DataError(f"images.f32 values span [{lo:.3f}, {hi:.3f}]; expected breast z-scores clipped to [-3, 3]")
    if masks.max() > 1:
        raise DataError("masks.u8 must hold 0 or 1")
    empty = [records[i].file for i in range(n) if not masks[i].any()]
    if empty:
        raise DataError(f"{len(empty)} image(s) have an empty breast mask, e.g. {empty[0]}")
    return Dataset(images.astype(np.float32, copy=False), masks, records, height, width, directory, warnings)


def _read_array(path: str, dtype: np.dtype, n: int, height: int, width: int) -> np.ndarray:
    if not os.path.isfile(path):
        raise DataError(f"{path} is missing")
    expected = n * height * width * dtype.itemsize
    size = os.path.getsize(path)
    if size != expected:
        raise DataError(f"{path} holds {size} bytes; index.json describes {n}×{height}×{width} "
                        f"{dtype.name} = {expected} bytes")
    return np.fromfile(path, dtype=dtype).reshape(n, height, width)


def _record(entry, i: int, where: str, warnings: list[str]) -> Mammogram:
    at = f"{where}: images[{i}]"
    if not isinstance(entry, dict):
        raise DataError(f"{at} must be an object")
    for key in ("file", "patient", "label"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise DataError(f"{at}.{key} must be a non-empty string")
    if entry["label"] not in LABELS:
        raise DataError(f"{at}.label must be one of {', '.join(LABELS)}, got {entry['label']!r}")
    raw_lesions = entry.get("lesions", [])
    if not isinstance(raw_lesions, list):
        raise DataError(f"{at}.lesions must be a list")
    lesions = tuple(_lesion(l, f"{at}.lesions[{j}]") for j, l in enumerate(raw_lesions))
    label = entry["label"]
    implied = "malignant" if any(l.malignant for l in lesions) else "benign" if lesions else "normal"
    if implied != label:
        warnings.append(f"{entry['file']}: label {label} but its lesions imply {implied}; the label is used")
    return Mammogram(entry["file"], entry["patient"], label, str(entry.get("tissue", "")), lesions)


def _lesion(raw, at: str) -> Lesion:
    if not isinstance(raw, dict):
        raise DataError(f"{at} must be an object")
    abnormality = raw.get("abnormality")
    if abnormality in MASS_TYPES:
        kind = "mass"
    elif abnormality in CALCIFICATION_TYPES:
        kind = "calcification"
    else:
        raise DataError(f"{at}.abnormality must be one of {', '.join(MASS_TYPES + CALCIFICATION_TYPES)}, "
                        f"got {abnormality!r}")
    if raw.get("severity") not in SEVERITIES:
        raise DataError(f"{at}.severity must be benign or malignant, got {raw.get('severity')!r}")
    coords = [raw.get(k) for k in ("x", "y", "radius")]
    if all(c is None for c in coords):
        x = y = radius = None
    elif all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in coords):
        x, y, radius = (float(c) for c in coords)
        if radius <= 0:
            raise DataError(f"{at}.radius must be positive, got {radius}")
    else:
        raise DataError(f"{at}: x, y and radius must be all numbers or all null, got {coords}")
    return Lesion(kind, abnormality, raw["severity"] == "malignant", x, y, radius)


def patient_folds(data: Dataset, folds: int, seed: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    """Folds that never split a woman's two breasts between training and testing.

    Stratified on the image label where every class has enough patients, so each test fold
    holds malignant images; plain GroupKFold otherwise (tiny smoke sets).
    """
    patients = data.patients
    n_patients = len(set(patients))
    if n_patients < folds:
        raise DataError(f"{folds}-fold cross-validation needs at least {folds} patients; the data has {n_patients}")
    labels = np.array([LABELS.index(r.label) for r in data.records])
    per_class = [len(set(patients[labels == c])) for c in range(len(LABELS)) if (labels == c).any()]
    dummy = np.zeros(len(data))
    if min(per_class) >= folds:
        name = "StratifiedGroupKFold"
        splits = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(dummy, labels, patients)
    else:
        name = "GroupKFold"
        splits = GroupKFold(n_splits=folds).split(dummy, labels, groups=patients)
    return [(np.sort(train), np.sort(test)) for train, test in splits], name


def smoke_subset(data: Dataset, max_images: int = 16) -> Dataset:
    """A few whole patients of each label, for a fast end-to-end run."""
    chosen: list[str] = []
    for label in ("malignant", "benign", "normal"):
        patients = sorted({r.patient for r in data.records if r.label == label} - set(chosen))
        chosen += patients[: max(2, max_images // 6)]
    keep = [i for i, r in enumerate(data.records) if r.patient in set(chosen)][:max_images]
    return data.subset(keep)
