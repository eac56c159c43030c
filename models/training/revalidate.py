"""Operating points and validation AUCs for a model already in the registry, on the stored
validation split: how an older model gets the screening operating points it was not trained with,
measured on the same women as the new one (so the two can be compared).

usage: /usr/bin/python3 models/training/revalidate.py --registry models/registry.json --id mammo-mias-cnn
           --data DIR [--data DIR ...] [--split models/training/split.json]
The caches must be prepared at the model's own input size; only the split's validation women are
used. The model's stored calibration is kept: the points are chosen on the probabilities it serves.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import evaluate as ev  # noqa: E402
import operating  # noqa: E402
from data import DataError, load_all, split_indices  # noqa: E402
from network import build  # noqa: E402
from recipe import predict  # noqa: E402
from train import DEFAULT_SPLIT, SCREENING_DATASET  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    torch.set_num_threads(2)
    p = argparse.ArgumentParser(prog="revalidate.py", description=__doc__.splitlines()[0])
    p.add_argument("--registry", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--data", required=True, action="append")
    p.add_argument("--split", default=DEFAULT_SPLIT)
    p.add_argument("--bootstrap", type=int, default=ev.BOOTSTRAP_REPS)
    p.add_argument("--seen", action="append", default=[], metavar="DATASET",
                   help="a dataset the model was trained on whole: its figures are marked in-sample")
    a = p.parse_args(argv)
    try:
        with open(a.registry, encoding="utf-8") as f:
            reg = json.load(f)
        entry = next((m for m in reg["models"] if m["id"] == a.id), None)
        if entry is None:
            raise DataError(f"{a.id} is not in {a.registry}")
        folder = os.path.join(os.path.dirname(os.path.abspath(a.registry)), os.path.dirname(entry["file"]))
        data = load_all(a.data)
        if (data.height, data.width) != (entry["input"]["height"], entry["input"]["width"]):
            raise DataError(f"the caches are {data.height}×{data.width}; {a.id} takes "
                            f"{entry['input']['height']}×{entry['input']['width']}")
        with open(a.split, encoding="utf-8") as f:
            _, validation = split_indices(data, json.load(f))
        if not len(validation):
            raise DataError("no image of the caches belongs to a validation woman")
    except (DataError, OSError, json.JSONDecodeError) as e:
        print(f"[revalidate] error: {e}", file=sys.stderr)
        return 2

    with open(os.path.join(folder, "network.json"), encoding="utf-8") as f:
        net = build(json.load(f))
    net.load_state_dict(torch.load(os.path.join(folder, "weights.pt")))
    held = data.subset(validation)
    logits = predict(net, held.images)["malignancy_logit"]
    prob = ev.calibrate(logits, entry["calibration"]["malignancy"])
    women, cancer = held.patients, held.malignant.astype(bool)
    replicates = ev.resamples(women, a.bootstrap, seed=1)
    figures = {}
    for name in held.datasets:
        idx = held.of_dataset(name)
        inside = np.zeros(len(held), bool)
        inside[idx] = True
        boot = ev.bootstrap(replicates, lambda s: {"auc": ev.auc(cancer[s[inside[s]]], logits[s[inside[s]]])})
        figures[name] = {"malignancyAuc": {"auc": ev.auc(cancer[idx], logits[idx]), "ci95": ev.interval(boot["auc"])},
                         "images": int(len(idx)), "inSample": name in a.seen}
    screening = held.of_dataset(SCREENING_DATASET) if SCREENING_DATASET in held.datasets else np.arange(len(held))
    points = operating.choose(*operating.exam_scores(prob[screening], women[screening], cancer[screening]))
    for name in held.datasets:
        idx = held.of_dataset(name)
        figures[name].update(operating.describe(points, *operating.exam_scores(prob[idx], women[idx], cancer[idx])))
    entry["operatingPoints"] = {**points, "chosenOn": f"{SCREENING_DATASET} validation women, exam = max over "
                                                      "images (chosen after training, by revalidate.py)"}
    entry["metrics"]["validationSplit"] = figures
    with open(a.registry, "w", encoding="utf-8") as f:
        json.dump(reg, f, indent=2)
        f.write("\n")
    for name, fig in figures.items():
        auc = fig["malignancyAuc"]
        seen = " (IN-SAMPLE: these women were in its training set)" if fig["inSample"] else ""
        print(f"[revalidate] {a.id} on {name} validation women{seen}: malignant AUC {auc['auc']:.3f} {auc['ci95']};"
              f" at the recall threshold sensitivity {fig['recall']['sensitivity']}, specificity"
              f" {fig['recall']['specificity']}")
    print(f"[revalidate] operating points of {a.id} written to {a.registry}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
