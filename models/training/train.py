"""Train, cross-validate, calibrate and export the Sentinelle lesion-map model.

usage: /usr/bin/python3 models/training/train.py --data DIR --out models/<id>
           [--registry models/registry.json] [--smoke] [--folds 5] [--epochs-patch N] [--epochs-image N]
           [--id mammo-mias-cnn] [--version 1.0.0]

1. grouped k-fold cross-validation by patient: the full recipe per fold, out-of-fold predictions;
2. the baseline (logistic regression on breast texture) on the same folds;
3. metrics: AUCs with patient-bootstrap CIs, FROC, calibration, operating thresholds;
4. the final model: the same recipe on every image, exported to ONNX with its card and registry entry.
Exit status: 0 done, 2 bad input (the message says what to fix), 1 anything else.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import baseline  # noqa: E402
import evaluate as ev  # noqa: E402
import model_card  # noqa: E402
import registry  # noqa: E402
from data import DataError, Dataset, load, patient_folds, smoke_subset  # noqa: E402
from export import export  # noqa: E402
from froc import FrocData, marks  # noqa: E402
from network import build, count_macs  # noqa: E402
from recipe import Recipe, predict, train_model  # noqa: E402

THREADS = 2
TAG = "[train]"


class Clock:
    """Wall time per phase, printed as it goes and kept for metrics.json and the card."""

    def __init__(self):
        self.start = time.perf_counter()
        self.phases: list[dict] = []

    def phase(self, name: str, since: float) -> float:
        seconds = time.perf_counter() - since
        self.phases.append({"phase": name, "seconds": round(seconds, 2)})
        print(f"{TAG} {name}: {seconds:.1f} s", flush=True)
        return seconds

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="train.py", description="Train and export the Sentinelle lesion-map model.")
    p.add_argument("--data", required=True, help="training cache written by `npm run prepare:training`")
    p.add_argument("--out", required=True, help="output folder, normally models/<id>")
    p.add_argument("--registry", help="registry JSON to update (e.g. models/registry.json); omitted: untouched")
    p.add_argument("--smoke", action="store_true",
                   help="a few images, 1 epoch per stage, 2 folds: a quick end-to-end check")
    p.add_argument("--folds", type=int, help="cross-validation folds (default 5; 2 with --smoke)")
    p.add_argument("--epochs-patch", type=int, help=f"patch-stage epochs (default {Recipe.patch_epochs})")
    p.add_argument("--epochs-image", type=int, help=f"whole-image epochs (default {Recipe.image_epochs})")
    p.add_argument("--bootstrap", type=int, default=ev.BOOTSTRAP_REPS, help="bootstrap replicates (default 2000)")
    p.add_argument("--id", default="mammo-mias-cnn")
    p.add_argument("--version", default="1.0.0")
    return p.parse_args(argv)


def check_arguments(a: argparse.Namespace) -> None:
    if not re.fullmatch(r"[a-z0-9-]+", a.id):  # the registry's zod schema
        raise DataError(f"--id must be lower-case letters, digits and '-', got {a.id!r}")
    if not re.fullmatch(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", a.version):
        raise DataError(f"--version must look like 1.0.0, got {a.version!r}")
    for name in ("folds", "epochs_patch", "epochs_image"):
        value = getattr(a, name)
        if value is not None and value < (2 if name == "folds" else 0):
            raise DataError(f"--{name.replace('_', '-')} must be at least {2 if name == 'folds' else 0}, got {value}")
    if a.bootstrap < 0:
        raise DataError("--bootstrap must be ≥ 0")
    if a.registry and os.path.exists(a.registry):
        try:
            with open(a.registry, encoding="utf-8") as f:
                reg = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            raise DataError(f"--registry {a.registry} cannot be read as JSON: {e}") from None
        if not isinstance(reg, dict) or not isinstance(reg.get("models", []), list):
            raise DataError(f"--registry {a.registry} is not a registry ({{ default, models: [...] }})")


def recipe_for(a: argparse.Namespace) -> Recipe:
    r = Recipe()
    if a.smoke:
        r.patch_epochs, r.image_epochs, r.jitters_per_lesion = 1, 1, 2
    if a.epochs_patch is not None:
        r.patch_epochs = a.epochs_patch
    if a.epochs_image is not None:
        r.image_epochs = a.epochs_image
    return r


class Estimator:
    """Prints how long the whole run will take once the first epochs of fold 1 are timed."""

    def __init__(self, recipe: Recipe, trainings: list[int]):
        self.recipe, self.trainings = recipe, trainings  # images per training, fold 1 first
        self.epoch_seconds: dict[str, float] = {}

    def report(self, stage: str, epoch: int, epochs: int, seconds: float, loss: float) -> None:
        if epoch == 1 or epoch == epochs or epoch % 10 == 0:
            print(f"{TAG}   {stage} epoch {epoch}/{epochs}: loss {loss:.4f}, {seconds:.1f} s", flush=True)
        if stage not in self.epoch_seconds:
            self.epoch_seconds[stage] = seconds
            one = (self.epoch_seconds.get("patch", 0) * self.recipe.patch_epochs
                   + self.epoch_seconds.get("image", 0) * self.recipe.image_epochs)
            whole = sum(one * n / self.trainings[0] for n in self.trainings)
            print(f"{TAG} estimate after the first {stage} epoch: {stage} stage ≈ {duration(seconds * epochs)}"
                  f" per fold; whole run ({len(self.trainings) - 1} folds + final) ≈ {duration(whole)}"
                  + (" so far (image stage not timed yet)" if stage == "patch" and self.recipe.image_epochs else ""),
                  flush=True)


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def main(argv: list[str] | None = None) -> int:
    torch.set_num_threads(THREADS)
    a = parse(argv)
    clock = Clock()
    try:
        check_arguments(a)
        t = time.perf_counter()
        data = load(a.data)
        if a.smoke:
            data = smoke_subset(data)
        folds_k = a.folds or (2 if a.smoke else 5)
        folds, splitter = patient_folds(data, folds_k, Recipe.seed)
        if len(set(data.malignant)) < 2 or len(set(data.abnormal)) < 2:
            raise DataError("the data needs normal, abnormal and malignant images to train and evaluate")
        for w in data.warnings:
            print(f"{TAG} warning: {w}", file=sys.stderr)
        try:
            os.makedirs(a.out, exist_ok=True)
        except OSError as e:
            raise DataError(f"--out {a.out} cannot be created: {e}") from None
        clock.phase("load data", t)
    except DataError as e:
        print(f"{TAG} error: {e}", file=sys.stderr)
        return 2
    recipe = recipe_for(a)
    try:
        run(a, data, folds, splitter, recipe, clock)
    except DataError as e:
        print(f"{TAG} error: {e}", file=sys.stderr)
        return 2
    return 0


def run(a: argparse.Namespace, data: Dataset, folds, splitter: str, recipe: Recipe, clock: Clock) -> None:
    print(f"{TAG} {len(data)} images {data.height}×{data.width}, {len(set(data.patients))} patients,"
          f" {len(folds)} folds grouped by patient; patch {recipe.patch_epochs} + image {recipe.image_epochs}"
          f" epochs{' (smoke)' if a.smoke else ''}", flush=True)
    estimator = Estimator(recipe, [len(tr) for tr, _ in folds] + [len(data)])
    h, w = data.height // 8, data.width // 8
    oof_maps = np.zeros((len(data), 3, h, w), np.float32)
    oof = {"malignancy_logit": np.zeros(len(data)), "abnormality_logit": np.zeros(len(data))}
    fold_of = np.zeros(len(data), np.int64)

    for k, (train, test) in enumerate(folds):
        t = time.perf_counter()
        net = train_model(data.subset(train), recipe, recipe.seed + k, estimator.report)
        out = predict(net, data.images[test])
        oof_maps[test] = out["lesion_maps"]
        for key in oof:
            oof[key][test] = out[key]
        fold_of[test] = k
        seconds = clock.phase(f"fold {k + 1}/{len(folds)} (train {len(train)}, test {len(test)})", t)
        if k == 0:
            left = seconds * (sum(len(tr) for tr, _ in folds[1:]) + len(data)) / len(train)
            print(f"{TAG} estimate after fold 1: ≈ {duration(clock.total + left)} in all", flush=True)

    t = time.perf_counter()
    base = baseline.out_of_fold(data, folds)
    clock.phase("baseline (same folds)", t)

    t = time.perf_counter()
    metrics = measure(data, folds, oof, oof_maps, fold_of, base, a.bootstrap)
    clock.phase("evaluation (bootstrap, FROC, calibration)", t)

    t = time.perf_counter()
    final = train_model(data, recipe, recipe.seed + 1000, estimator.report)
    clock.phase(f"final model (all {len(data)} images)", t)

    t = time.perf_counter()
    exported = export(final, a.out, data.height, data.width)
    clock.phase("ONNX export", t)

    trained_at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    macs = count_macs(build(final.config), 448, 256)
    macs_here = count_macs(build(final.config), data.height, data.width)
    metrics = {
        "model": {"id": a.id, "version": a.version, "trainedAt": trained_at, "network": final.config,
                  "parameters": sum(p.numel() for p in final.parameters()),
                  "input": {"height": data.height, "width": data.width},
                  "gmacsPerImage": macs_here / 1e9, "gflopsPerImage": 2 * macs_here / 1e9,
                  "gflopsPerImage448x256": 2 * macs / 1e9},
        "data": describe(data, a),
        "recipe": recipe.describe(),
        "crossValidation": {"folds": len(folds), "grouping": "patient",
                            "splitter": splitter,
                            "seed": recipe.seed, "bootstrapReps": a.bootstrap},
        **metrics,
        "onnx": {"sha256": exported["sha256"], "bytes": exported["bytes"], "opset": exported["opset"]},
    }
    metrics["timing"] = {"device": f"CPU, {THREADS} threads (torch {torch.__version__})",
                         "phases": clock.phases, "totalSeconds": round(clock.total, 1)}
    write_json(os.path.join(a.out, "metrics.json"), metrics)
    with open(os.path.join(a.out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(model_card.render(metrics))
    if a.registry:
        registry.update(a.registry, registry.entry(a.id, a.version, a.out, a.registry, exported, metrics,
                                                   data.height, data.width, trained_at))
        print(f"{TAG} registry updated: {a.registry}")
    else:
        print(f"{TAG} registry not updated (no --registry)")
    summary(metrics)
    print(f"{TAG} wrote {', '.join(sorted(os.listdir(a.out)))} to {a.out}")
    print(f"{TAG} total: {clock.total:.1f} s ({duration(clock.total)})", flush=True)


def measure(data: Dataset, folds, oof: dict, oof_maps: np.ndarray, fold_of: np.ndarray, base: dict,
            reps: int) -> dict:
    y_mal, y_abn = data.malignant.astype(bool), data.abnormal.astype(bool)
    s_mal, s_abn = oof["malignancy_logit"], oof["abnormality_logit"]
    b_mal, b_abn = base["malignancy_logit"], base["abnormality_logit"]
    replicates = ev.resamples(data.patients, reps, seed=1)

    def stats(idx: np.ndarray) -> dict:
        values = {"cnnMal": ev.auc(y_mal[idx], s_mal[idx]), "cnnAbn": ev.auc(y_abn[idx], s_abn[idx]),
                  "baseMal": ev.auc(y_mal[idx], b_mal[idx]), "baseAbn": ev.auc(y_abn[idx], b_abn[idx])}
        for task in ("Mal", "Abn"):
            c, b = values[f"cnn{task}"], values[f"base{task}"]
            values[f"diff{task}"] = None if c is None or b is None else c - b
        return values

    boot = ev.bootstrap(replicates, stats) if reps else {k: np.array([]) for k in stats(np.arange(len(data)))}

    image_marks = [marks(m) for m in oof_maps]
    froc_data = FrocData(data.records, image_marks)
    weights = [np.bincount(idx, minlength=len(data)).astype(np.float64) for idx in replicates]
    froc = froc_data.summary(weights)

    calibration = {"malignancy": ev.calibration_summary(s_mal, y_mal, fold_of),
                   "abnormality": ev.calibration_summary(s_abn, y_abn, fold_of)}
    p_mal = ev.calibrate(s_mal, calibration["malignancy"])
    p_abn = ev.calibrate(s_abn, calibration["abnormality"])
    lesion_point = next(p for p in froc["points"] if p["falseMarksPerImage"] == 1.0)

    def margin(task: str, cnn: dict, base_block: dict) -> dict:
        diff = None if cnn["auc"] is None or base_block["auc"] is None else cnn["auc"] - base_block["auc"]
        return {"difference": diff, "ci95": ev.interval(boot[f"diff{task}"])}

    mal_block, abn_block = ev.auc_summary(y_mal, s_mal, boot, "cnnMal"), ev.auc_summary(y_abn, s_abn, boot, "cnnAbn")
    base_mal, base_abn = ev.auc_summary(y_mal, b_mal, boot, "baseMal"), ev.auc_summary(y_abn, b_abn, boot, "baseAbn")
    per_image = [{"file": r.file, "patient": r.patient, "label": r.label, "fold": int(fold_of[i]),
                  "malignancyLogit": float(s_mal[i]), "abnormalityLogit": float(s_abn[i]),
                  "malignancyProbability": float(p_mal[i]), "abnormalityProbability": float(p_abn[i]),
                  "baselineMalignancyLogit": float(b_mal[i]), "baselineAbnormalityLogit": float(b_abn[i]),
                  "marks": image_marks[i]}
                 for i, r in enumerate(data.records)]
    return {
        "malignancy": mal_block,
        "abnormality": abn_block,
        "froc": froc,
        "baseline": {"method": "logistic regression (standardised, C=1, balanced classes) on "
                               f"{len(baseline.FEATURE_NAMES)} breast intensity/texture features",
                     "features": baseline.FEATURE_NAMES, "malignancy": base_mal, "abnormality": base_abn,
                     "margin": {"malignancy": margin("Mal", mal_block, base_mal),
                                "abnormality": margin("Abn", abn_block, base_abn)}},
        "calibration": calibration,
        "thresholds": {"malignancy": ev.sensitivity_threshold(p_mal, y_mal),
                       "abnormality": ev.sensitivity_threshold(p_abn, y_abn),
                       "lesion": lesion_point["threshold"],
                       "lesionOperatingPoint": {"falseMarksPerImage": 1.0,
                                                "sensitivity": lesion_point["sensitivity"]},
                       "rule": "flag when calibrated probability (lesion: map probability) ≥ threshold"},
        "outOfFold": per_image,
    }


def describe(data: Dataset, a: argparse.Namespace) -> dict:
    lesions = [l for r in data.records for l in r.lesions]
    by_abnormality: dict[str, int] = {}
    for l in lesions:
        by_abnormality[l.abnormality] = by_abnormality.get(l.abnormality, 0) + 1
    labels = [r.label for r in data.records]
    return {"source": os.path.abspath(data.source), "smoke": bool(a.smoke), "images": len(data),
            "patients": len(set(data.patients)),
            "labels": {k: labels.count(k) for k in ("normal", "benign", "malignant")},
            "lesionCount": len(lesions), "lesionsByAbnormality": dict(sorted(by_abnormality.items())),
            "lesionsWithoutCoordinates": sum(not l.located for l in lesions),
            "view": "MLO", "pixelSpacingMm": 0.2, "licence": "../shared/datasets/mini-mias/Licence.txt (research only)",
            "warnings": data.warnings}


def write_json(path: str, value) -> None:
    def default(o):
        if isinstance(o, (np.floating, np.integer)):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(type(o).__name__)

    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, default=default, allow_nan=False)
        f.write("\n")


def summary(m: dict) -> None:
    def auc(block):
        if block["auc"] is None or not block["ci95"]:
            return str(block["auc"])
        return f"{block['auc']:.3f} [{block['ci95'][0]:.3f}, {block['ci95'][1]:.3f}]"

    def sensitivity(p):
        return "n/a" if p["sensitivity"] is None else f"{p['sensitivity']:.3f}"

    print(f"{TAG} malignant vs rest AUC {auc(m['malignancy'])}; baseline {auc(m['baseline']['malignancy'])}")
    print(f"{TAG} abnormal vs normal AUC {auc(m['abnormality'])}; baseline {auc(m['baseline']['abnormality'])}")
    points = ", ".join(f"{p['falseMarksPerImage']:g} FP/img: {sensitivity(p)}" for p in m["froc"]["points"])
    print(f"{TAG} FROC lesion sensitivity {points}")


if __name__ == "__main__":
    sys.exit(main())
