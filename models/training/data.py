"""The training cache written by the TypeScript pre-processing, read and checked; patient folds.

DATA/images.f32  float32 N×H×W model inputs (already normalised; never re-processed here)
DATA/masks.u8    uint8 N×H×W, 1 inside the breast
DATA/index.json  { dataset, height, width, images: [ { file, patient, label, tissue, inverted, lesions } ] }

Several caches (one per dataset, same input size) train one network. A dataset whose images carry
lesion circles (mini-MIAS) gives dense truth; one labelled per image only (RSNA screening) gives
image labels, learnt through multiple-instance pooling.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

import numpy as np

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
    dataset: str = ""
    # True where the dataset marks every lesion (dense truth); False for image-level labels.
    dense: bool = True

    @property
    def woman(self) -> str:
        """Patient ids are only unique within their dataset."""
        return f"{self.dataset}/{self.patient}"

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
        return np.array([r.woman for r in self.records])

    @property
    def dense(self) -> np.ndarray:
        return np.array([r.dense for r in self.records], dtype=bool)

    @property
    def datasets(self) -> list[str]:
        return sorted({r.dataset for r in self.records})

    def of_dataset(self, name: str) -> np.ndarray:
        return np.array([i for i, r in enumerate(self.records) if r.dataset == name], dtype=np.int64)


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
    name = index.get("dataset") or os.path.basename(os.path.normpath(directory))
    records = [_record(e, i, index_path, warnings) for i, e in enumerate(entries)]
    dense = any(r.lesions for r in records)
    records = [Mammogram(r.file, r.patient, r.label, r.tissue, r.lesions, name, dense) for r in records]
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


def load_all(directories: list[str]) -> Dataset:
    """Several caches as one dataset; they must share the model input size."""
    parts = [load(d) for d in directories]
    sizes = {(p.height, p.width) for p in parts}
    if len(sizes) > 1:
        raise DataError(f"the caches have different input sizes {sorted(sizes)}; prepare them at one size")
    names = [p.records[0].dataset for p in parts]
    if len(set(names)) < len(names):
        raise DataError(f"two caches name the same dataset: {names}")
    if len(parts) == 1:
        return parts[0]
    return Dataset(np.concatenate([p.images for p in parts]), np.concatenate([p.masks for p in parts]),
                   [r for p in parts for r in p.records], parts[0].height, parts[0].width,
                   ", ".join(p.source for p in parts), [w for p in parts for w in p.warnings])


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
    if raw_lesions and implied != label:
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


def validation_women(data: Dataset, share: float, seed: int) -> dict[str, list[str]]:
    """Per dataset, `share` of the women, drawn once with `seed`, as many with cancer as without
    in proportion: the split every choice and every published figure uses."""
    rng = np.random.default_rng(seed)
    chosen: dict[str, list[str]] = {}
    for name in data.datasets:
        women: dict[str, bool] = {}
        for r in data.records:
            if r.dataset == name:
                women[r.patient] = women.get(r.patient, False) or r.malignant
        picked: list[str] = []
        for with_cancer in (True, False):
            group = sorted(p for p, m in women.items() if m == with_cancer)
            count = max(1, int(round(share * len(group)))) if len(group) > 1 else 0
            picked += [group[i] for i in sorted(rng.choice(len(group), size=count, replace=False))]
        chosen[name] = sorted(picked)
    return chosen


def split_file(path: str, data: Dataset, share: float, seed: int) -> dict:
    """The stored validation split, created on first use. Datasets it does not know yet are added;
    women already listed never move, so figures stay comparable across trainings."""
    stored = {"seed": seed, "share": share, "validationWomen": {}}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
    missing = [d for d in data.datasets if d not in stored["validationWomen"]]
    if missing:
        fresh = validation_women(data, stored["share"], stored["seed"])
        for name in missing:
            stored["validationWomen"][name] = fresh[name]
        with open(path, "w", encoding="utf-8") as f:
            json.dump(stored, f, indent=1)
            f.write("\n")
    return stored


def split_indices(data: Dataset, split: dict) -> tuple[np.ndarray, np.ndarray]:
    """(training, validation) image indices under a stored split."""
    held = {f"{d}/{p}" for d, women in split["validationWomen"].items() for p in women}
    validation = np.array([r.woman in held for r in data.records])
    return np.flatnonzero(~validation), np.flatnonzero(validation)


def smoke_indices(data: Dataset, dataset: str, max_images: int = 24) -> np.ndarray:
    """A few whole women of each label of one dataset, for a fast end-to-end run."""
    own = [i for i, r in enumerate(data.records) if r.dataset == dataset]
    chosen: list[str] = []
    for label in ("malignant", "benign", "normal"):
        women = sorted({data.records[i].woman for i in own if data.records[i].label == label} - set(chosen))
        chosen += women[: max(3, max_images // 8)]
    return np.array([i for i in own if data.records[i].woman in set(chosen)][:max_images], dtype=np.int64)
