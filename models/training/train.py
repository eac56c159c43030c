"""Train, validate, calibrate and export the Sentinelle lesion-map model.

usage: /usr/bin/python3 models/training/train.py --data DIR [--data DIR ...] --out models/<id>
           [--registry models/registry.json] [--split models/training/split.json] [--smoke]
           [--epochs-patch N] [--epochs-image N] [--id ID] [--version 2.0.0] [--weights FILE]

1. the stored validation split: 20 % of the women of each dataset, drawn once with a seed;
2. the recipe on the other 80 % (or, with --weights, a network already trained by it);
3. on the validation women only: AUCs per dataset with bootstrap CIs by woman, the baseline,
   FROC where lesions are marked, calibration, the screening operating points;
4. ONNX export, metrics.json, MODEL_CARD.md, calibration plot and the registry entry.
The shipped model is the one validated: every figure describes the exported weights.
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
import calibration_plot  # noqa: E402
import evaluate as ev  # noqa: E402
import model_card  # noqa: E402
import operating  # noqa: E402
import registry  # noqa: E402
from data import DataError, Dataset, load_all, smoke_indices, split_file, split_indices, validation_women  # noqa: E402
from export import export  # noqa: E402
from froc import FrocData, marks  # noqa: E402
from network import build, count_macs  # noqa: E402
from recipe import Recipe, predict, train_model  # noqa: E402

THREADS = 2
TAG = "[train]"
DEFAULT_SPLIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "split.json")
SPLIT_SEED = 20261207
VALIDATION_SHARE = 0.2
# The population the screening operating points are chosen on: digital screening exams.
SCREENING_DATASET = "rsna-screening-640"
LICENCES = {"mini-mias": "../shared/datasets/mini-mias/Licence.txt (research only)",
            "rsna-screening-640": "RSNA Screening Mammography Breast Cancer Detection, Kaggle 2022: "
                                  "non-commercial research and education only"}


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
    p.add_argument("--data", required=True, action="append",
                   help="training cache written by `npm run prepare:training` (repeat for several datasets)")
    p.add_argument("--out", required=True, help="output folder, normally models/<id>")
    p.add_argument("--registry", help="registry JSON to update (e.g. models/registry.json); omitted: untouched")
    p.add_argument("--split", help=f"stored validation split (default {DEFAULT_SPLIT}; --smoke: drawn in memory)")
    p.add_argument("--smoke", action="store_true", help="a few images, 1 epoch per stage: a quick end-to-end check")
    p.add_argument("--epochs-patch", type=int, help=f"patch-stage epochs (default {Recipe.patch_epochs})")
    p.add_argument("--epochs-image", type=int, help=f"whole-image epochs (default {Recipe.image_epochs})")
    p.add_argument("--bootstrap", type=int, default=ev.BOOTSTRAP_REPS, help="bootstrap replicates (default 2000)")
    p.add_argument("--weights", help="skip training: validate and export these weights (a weights.pt this "
                                     "recipe wrote, with network.json beside it)")
    p.add_argument("--progress", type=int, default=0, metavar="N",
                   help="print the validation AUC every N image epochs (watching only: nothing is chosen by it)")
    p.add_argument("--id", default="mammo-ffdm-mil-cnn")
    p.add_argument("--version", default="2.0.0")
    return p.parse_args(argv)


def check_arguments(a: argparse.Namespace) -> None:
    if not re.fullmatch(r"[a-z0-9-]+", a.id):  # the registry's zod schema
        raise DataError(f"--id must be lower-case letters, digits and '-', got {a.id!r}")
    if not re.fullmatch(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", a.version):
        raise DataError(f"--version must look like 1.0.0, got {a.version!r}")
    for name in ("epochs_patch", "epochs_image"):
        value = getattr(a, name)
        if value is not None and value < 0:
            raise DataError(f"--{name.replace('_', '-')} must be at least 0, got {value}")
    if a.bootstrap < 0:
        raise DataError("--bootstrap must be ≥ 0")
    if a.weights and not os.path.isfile(a.weights):
        raise DataError(f"--weights {a.weights} not found")
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
    """Prints how long training will take once the first epoch of each stage is timed."""

    def __init__(self, recipe: Recipe):
        self.recipe = recipe

    def report(self, stage: str, epoch: int, epochs: int, seconds: float, loss: float) -> None:
        if epoch == 1 or epoch == epochs or epoch % 5 == 0:
            print(f"{TAG}   {stage} epoch {epoch}/{epochs}: loss {loss:.4f}, {seconds:.1f} s", flush=True)
        if epoch == 1:
            print(f"{TAG} estimate: {stage} stage ≈ {duration(seconds * epochs)}", flush=True)


def progress(held: Dataset, every: int):
    def watch(net, epoch: int) -> None:
        if epoch % every:
            return
        out = predict(net, held.images)
        aucs = {name: ev.auc(held.malignant[idx].astype(bool), out["malignancy_logit"][idx])
                for name, idx in ((d, held.of_dataset(d)) for d in held.datasets)}
        print(f"{TAG}   progress after image epoch {epoch}: validation malignant AUC "
              + ", ".join(f"{k} {v:.3f}" for k, v in aucs.items() if v is not None), flush=True)
    return watch


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def main(argv: list[str] | None = None) -> int:
    torch.set_num_threads(THREADS)
    a = parse(argv)
    clock = Clock()
    try:
        check_arguments(a)
        t = time.perf_counter()
        data = load_all(a.data)
        if a.smoke:
            data = data.subset(np.concatenate([smoke_indices(data, d) for d in data.datasets]))
            split = {"seed": SPLIT_SEED, "share": 0.5,
                     "validationWomen": validation_women(data, 0.5, SPLIT_SEED)}
        else:
            split = split_file(a.split or DEFAULT_SPLIT, data, VALIDATION_SHARE, SPLIT_SEED)
        train, validation = split_indices(data, split)
        for name, idx in (("training", train), ("validation", validation)):
            if len(set(data.malignant[idx])) < 2:
                raise DataError(f"the {name} split needs images with and without cancer")
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
        run(a, data, train, validation, split, recipe, clock)
    except DataError as e:
        print(f"{TAG} error: {e}", file=sys.stderr)
        return 2
    return 0


def run(a: argparse.Namespace, data: Dataset, train: np.ndarray, validation: np.ndarray, split: dict,
        recipe: Recipe, clock: Clock) -> None:
    print(f"{TAG} {len(data)} images {data.height}×{data.width} from {', '.join(data.datasets)};"
          f" training {len(train)} images, validation {len(validation)} images"
          f" ({len(set(data.patients[validation]))} women); patch {recipe.patch_epochs} + image"
          f" {recipe.image_epochs} epochs{' (smoke)' if a.smoke else ''}", flush=True)
    t = time.perf_counter()
    earlier = earlier_training(a)
    if a.weights:
        with open(os.path.join(os.path.dirname(a.weights), "network.json"), encoding="utf-8") as f:
            net = build(json.load(f))
        net.load_state_dict(torch.load(a.weights))
        net.eval()
        clock.phase(f"weights loaded from {a.weights} (training not repeated)", t)
    else:
        net = train_model(data.subset(train), recipe, recipe.seed, Estimator(recipe).report,
                          progress(data.subset(validation), a.progress) if a.progress else None)
        # Saved before anything else can fail: the long part is never lost.
        export(net, a.out, data.height, data.width)
        clock.phase(f"training ({len(train)} images)", t)

    t = time.perf_counter()
    held = data.subset(validation)
    out = predict(net, held.images)
    clock.phase(f"validation predictions ({len(validation)} images)", t)

    t = time.perf_counter()
    base = baseline.out_of_fold(data, [(train, validation)])
    base = {k: v[validation] for k, v in base.items()}
    clock.phase("baseline (same split)", t)

    t = time.perf_counter()
    metrics = measure(held, out, base, a.bootstrap)
    clock.phase("evaluation (bootstrap, FROC, calibration, operating points)", t)

    t = time.perf_counter()
    exported = export(net, a.out, data.height, data.width)
    calibration_plot.write(os.path.join(a.out, "calibration.png"), metrics["calibration"]["reliabilityByDataset"])
    clock.phase("ONNX export and plot", t)

    trained_at = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    macs = count_macs(build(net.config), data.height, data.width)
    metrics = {
        "model": {"id": a.id, "version": a.version, "trainedAt": trained_at, "network": net.config,
                  "parameters": sum(p.numel() for p in net.parameters()),
                  "input": {"height": data.height, "width": data.width},
                  "gmacsPerImage": macs / 1e9, "gflopsPerImage": 2 * macs / 1e9},
        "data": describe(data, train, validation, a),
        "recipe": recipe.describe(),
        "validation": {"split": "fixed, by woman", "share": split["share"], "seed": split["seed"],
                       "splitFile": None if a.smoke else os.path.relpath(a.split or DEFAULT_SPLIT),
                       "bootstrapReps": a.bootstrap, "trainingRepeated": not a.weights},
        **metrics,
        "onnx": {"sha256": exported["sha256"], "bytes": exported["bytes"], "opset": exported["opset"]},
    }
    metrics["timing"] = {"device": f"CPU, {THREADS} threads (torch {torch.__version__})",
                         "phases": clock.phases, "totalSeconds": round(clock.total, 1),
                         "trainingSeconds": next((p["seconds"] for p in clock.phases
                                                  if p["phase"].startswith("training")), None)}
    if earlier:
        # Re-validating weights keeps the record of the run that trained them.
        metrics["timing"]["earlierTraining"] = earlier
        metrics["timing"]["trainingSeconds"] = earlier.get("trainingSeconds")
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


def earlier_training(a: argparse.Namespace) -> dict | None:
    """With --weights: the timing that the training run wrote beside those weights, if any."""
    if not a.weights:
        return None
    path = os.path.join(os.path.dirname(a.weights), "metrics.json")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        timing = json.load(f).get("timing", {})
    return timing.get("earlierTraining") or {k: timing.get(k) for k in ("device", "phases", "totalSeconds",
                                                                         "trainingSeconds")}


def measure(held: Dataset, out: dict, base: dict, reps: int) -> dict:
    """Every figure on the validation women: per dataset, then the operating points."""
    women = held.patients
    y_mal, y_abn = held.malignant.astype(bool), held.abnormal.astype(bool)
    s_mal, s_abn = out["malignancy_logit"], out["abnormality_logit"]
    replicates = ev.resamples(women, reps, seed=1)
    # Calibrated on every validation image (the scores the service will show); the honest Brier is
    # cross-fitted over five groups of women.
    groups = ev.woman_groups(women, 5, seed=2)
    calibration = {"malignancy": ev.calibration_summary(s_mal, y_mal, groups),
                   "abnormality": ev.calibration_summary(s_abn[held.dense], y_abn[held.dense], groups[held.dense])
                   if held.dense.any() else ev.calibration_summary(s_abn, y_abn, groups)}
    p_mal = ev.calibrate(s_mal, calibration["malignancy"])
    p_abn = ev.calibrate(s_abn, calibration["abnormality"])

    per_dataset, reliability = {}, {}
    for name in held.datasets:
        idx = held.of_dataset(name)
        per_dataset[name] = dataset_figures(held, idx, s_mal, s_abn, base, replicates, name)
        reliability[name] = ev.reliability(p_mal[idx], y_mal[idx])
    calibration["reliabilityByDataset"] = reliability

    population = SCREENING_DATASET if SCREENING_DATASET in held.datasets else " + ".join(held.datasets)
    screening = held.of_dataset(SCREENING_DATASET) if SCREENING_DATASET in held.datasets else np.arange(len(held))
    score, cancer = operating.exam_scores(p_mal[screening], women[screening], y_mal[screening])
    points = operating.choose(score, cancer)
    behaviour = {}
    for name in held.datasets:
        idx = held.of_dataset(name)
        behaviour[name] = operating.describe(points, *operating.exam_scores(p_mal[idx], women[idx], y_mal[idx]))

    marked = np.flatnonzero(held.dense)
    froc, lesion_threshold = None, None
    image_marks = [marks(m) for m in out["lesion_maps"]]
    if len(marked):
        froc_data = FrocData([held.records[i] for i in marked], [image_marks[i] for i in marked])
        weights = [np.bincount(np.searchsorted(marked, idx[np.isin(idx, marked)]), minlength=len(marked))
                   .astype(np.float64) for idx in replicates]
        froc = froc_data.summary(weights)
        lesion_threshold = next(p for p in froc["points"] if p["falseMarksPerImage"] == 1.0)

    per_image = [{"dataset": r.dataset, "file": r.file, "patient": r.patient, "label": r.label,
                  "malignancyLogit": float(s_mal[i]), "abnormalityLogit": float(s_abn[i]),
                  "malignancyProbability": float(p_mal[i]), "abnormalityProbability": float(p_abn[i]),
                  "baselineMalignancyLogit": float(base["malignancy_logit"][i]), "marks": image_marks[i]}
                 for i, r in enumerate(held.records)]
    return {
        "datasets": per_dataset,
        "froc": froc,
        "calibration": calibration,
        "operatingPoints": {**points, "chosenOn": f"{population} validation women, exam = max over images",
                            "byDataset": behaviour},
        "thresholds": {"malignancy": points["recall"],
                       "abnormality": ev.sensitivity_threshold(p_abn[held.dense], y_abn[held.dense])
                       if held.dense.any() else None,
                       "lesion": lesion_threshold["threshold"] if lesion_threshold else 0.5,
                       "lesionOperatingPoint": None if lesion_threshold is None else {
                           "falseMarksPerImage": 1.0, "sensitivity": lesion_threshold["sensitivity"]}},
        "validationImages": per_image,
    }


def dataset_figures(held: Dataset, idx: np.ndarray, s_mal, s_abn, base: dict, replicates, name: str) -> dict:
    """AUCs on one dataset's validation women, with paired bootstrap CIs (resampling women)."""
    y_mal, y_abn = held.malignant.astype(bool), held.abnormal.astype(bool)
    b_mal = base["malignancy_logit"]
    inside = np.zeros(len(held), bool)
    inside[idx] = True

    def stats(sample: np.ndarray) -> dict:
        sample = sample[inside[sample]]
        cnn, ref = ev.auc(y_mal[sample], s_mal[sample]), ev.auc(y_mal[sample], b_mal[sample])
        return {"cnnMal": cnn, "cnnAbn": ev.auc(y_abn[sample], s_abn[sample]), "baseMal": ref,
                "diffMal": None if cnn is None or ref is None else cnn - ref}

    boot = ev.bootstrap(replicates, stats) if replicates else {k: np.array([]) for k in stats(idx)}
    dense = bool(held.dense[idx].all())
    mal = ev.auc_summary(y_mal[idx], s_mal[idx], boot, "cnnMal")
    ref = ev.auc_summary(y_mal[idx], b_mal[idx], boot, "baseMal")
    diff = None if mal["auc"] is None or ref["auc"] is None else mal["auc"] - ref["auc"]
    return {"images": int(len(idx)), "women": int(len(set(held.patients[idx]))),
            "malignancy": mal,
            "abnormality": ev.auc_summary(y_abn[idx], s_abn[idx], boot, "cnnAbn") if dense else None,
            "baseline": {"malignancy": ref, "margin": {"difference": diff, "ci95": ev.interval(boot["diffMal"])}}}


def describe(data: Dataset, train: np.ndarray, validation: np.ndarray, a: argparse.Namespace) -> dict:
    def counts(idx: np.ndarray) -> dict:
        labels = [data.records[i].label for i in idx]
        return {"images": len(idx), "women": len(set(data.patients[idx])),
                "labels": {k: labels.count(k) for k in ("normal", "benign", "malignant")}}

    datasets = {}
    for name in data.datasets:
        idx = data.of_dataset(name)
        lesions = [l for i in idx for l in data.records[i].lesions]
        by_abnormality: dict[str, int] = {}
        for l in lesions:
            by_abnormality[l.abnormality] = by_abnormality.get(l.abnormality, 0) + 1
        datasets[name] = {"all": counts(idx), "training": counts(np.intersect1d(idx, train)),
                          "validation": counts(np.intersect1d(idx, validation)),
                          "lesionMarks": bool(data.dense[idx].all()), "lesionCount": len(lesions),
                          "lesionsByAbnormality": dict(sorted(by_abnormality.items())),
                          "licence": LICENCES.get(name, "see the dataset's README")}
    return {"source": data.source, "smoke": bool(a.smoke), "images": len(data),
            "women": len(set(data.patients)), "datasets": datasets, "warnings": data.warnings}


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
        if block is None:
            return "n/a"
        if block["auc"] is None or not block["ci95"]:
            return str(block["auc"])
        return f"{block['auc']:.3f} [{block['ci95'][0]:.3f}, {block['ci95'][1]:.3f}]"

    for name, d in m["datasets"].items():
        print(f"{TAG} {name}: malignant AUC {auc(d['malignancy'])}; baseline {auc(d['baseline']['malignancy'])};"
              f" abnormal AUC {auc(d['abnormality'])}")
    op = m["operatingPoints"]
    for name, b in op["byDataset"].items():
        print(f"{TAG} {name}: recall threshold {op['recall']:.4f}: sensitivity {b['recall']['sensitivity']},"
              f" specificity {b['recall']['specificity']}; likely-normal threshold {op['likelyNormal']:.4f}:"
              f" sensitivity {b['likelyNormal']['sensitivity']}")
    if m["froc"]:
        points = ", ".join(f"{p['falseMarksPerImage']:g} FP/img: {p['sensitivity']}" for p in m["froc"]["points"])
        print(f"{TAG} FROC lesion sensitivity {points}")


if __name__ == "__main__":
    sys.exit(main())
