"""Quick Python-side self-check of this folder (the project's real tests are jest).

usage: /usr/bin/python3 models/training/selfcheck.py      (≈ 10 s on 2 cores)

1. augmentation moves lesion centres exactly as it moves pixels;
2. FROC finds every lesion on maps drawn from the truth;
3. train.py --smoke on two synthetic caches (one with lesion marks, one labelled per image) writes
   every file, a registry entry with the agreed keys and operating points, and parity.py reproduces
   the exported network's outputs twice identically.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import synthetic_data  # noqa: E402
from augment import AugmentSettings, augment_images, map_points  # noqa: E402
from data import load  # noqa: E402
from froc import FrocData, marks  # noqa: E402
from targets import dense_targets  # noqa: E402

REGISTRY_KEYS = {"id", "version", "researchOnly", "file", "sha256", "opset", "input", "outputs", "lesionMaps", "calibration",
                 "thresholds", "operatingPoints", "metrics", "card", "trainedAt", "trainedOn"}
MODEL_ID = "mammo-ffdm-mil-cnn"


def check_augmentation() -> None:
    h, w = 448, 256
    images = np.full((4, h, w), -3.0, np.float32)
    masks = np.zeros((4, h, w), np.uint8)
    masks[:, :400, :200] = 1
    images[masks == 1] = 0
    points = np.array([[[150.0, 300.0]], [[40.0, 50.0]], [[100.0, 200.0]], [[60.0, 250.0]]])
    for b, (x, y) in enumerate(points[:, 0].astype(int)):
        images[b, y - 1:y + 2, x - 1:x + 2] = 3
    settings = AugmentSettings(gamma_range=(1, 1), contrast_range=(1, 1), shift_range=(0, 0))
    warped, _, matrix, _ = augment_images(images, masks, np.random.default_rng(0), settings)
    expected = map_points(matrix, points)[:, 0]
    for b in range(4):
        y, x = np.unravel_index(int(warped[b, 0].argmax()), (h, w))
        assert abs(x - expected[b, 0]) <= 1.5 and abs(y - expected[b, 1]) <= 1.5, (b, (x, y), expected[b])
    assert float(warped.min()) == -3.0
    print("ok   augmentation moves lesion centres with the pixels")


def check_froc(data_dir: str) -> None:
    data = load(data_dir)
    target, _ = dense_targets(data.records, None, None, data.height, data.width)
    noise = np.random.default_rng(1).random(target.shape) * 0.05
    froc = FrocData(data.records, [marks(m) for m in (target * 0.9 + noise).astype(np.float32)]).summary([])
    assert froc["lesions"] > 0 and froc["points"][1]["sensitivity"] == 1.0, froc
    print(f"ok   FROC finds all {froc['lesions']} lesions on maps drawn from the truth")


def check_smoke(tmp: str, data_dir: str, screening_dir: str) -> None:
    out = os.path.join(tmp, "models", MODEL_ID)
    reg = os.path.join(tmp, "models", "registry.json")
    run = subprocess.run([sys.executable, os.path.join(HERE, "train.py"), "--data", data_dir, "--data", screening_dir,
                          "--out", out, "--registry", reg, "--smoke", "--bootstrap", "50"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    for name in ("model.onnx", "weights.pt", "network.json", "metrics.json", "MODEL_CARD.md", "calibration.png"):
        assert os.path.isfile(os.path.join(out, name)), name
    with open(reg, encoding="utf-8") as f:
        registry = json.load(f)
    entry = registry["models"][0]
    assert registry["default"] == MODEL_ID and set(entry) == REGISTRY_KEYS, entry.keys()
    assert entry["file"] == f"{MODEL_ID}/model.onnx" and entry["card"] == f"{MODEL_ID}/MODEL_CARD.md"
    assert all(0 <= entry["thresholds"][k] <= 1 for k in ("malignancy", "abnormality", "lesion"))
    points = entry["operatingPoints"]
    assert 0 <= points["likelyNormal"] <= points["recall"] <= 1 and len(points["examScoreCuts"]) == 9
    assert points["examScoreCuts"] == sorted(points["examScoreCuts"]) and points["examScoreCuts"][-1] == points["recall"]
    with open(os.path.join(out, "metrics.json"), encoding="utf-8") as f:
        datasets = json.load(f)["datasets"]
    assert set(datasets) == {"synthetic-marked", "synthetic-screening"}, datasets.keys()
    data = load(data_dir)
    inputs = os.path.join(tmp, "inputs.f32")
    data.images[:3].astype("<f4").tofile(inputs)
    results = []
    for i in range(2):
        path = os.path.join(tmp, f"parity{i}.json")
        subprocess.run([sys.executable, os.path.join(HERE, "parity.py"), "--model-dir", out, "--inputs", inputs,
                        "--count", "3", "--height", str(data.height), "--width", str(data.width), "--out", path],
                       check=True)
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    maps_len = 3 * 3 * (data.height // 8) * (data.width // 8)
    assert len(results[0]["lesion_maps"]) == maps_len and len(results[0]["malignancy_logit"]) == 3
    assert results[0] == results[1], "parity.py is not deterministic"
    print(f"ok   train.py --smoke wrote {', '.join(sorted(os.listdir(out)))} and a valid registry entry;"
          " parity.py is deterministic")


def main() -> int:
    torch.set_num_threads(2)
    with tempfile.TemporaryDirectory(prefix="sentinelle-selfcheck-") as tmp:
        data_dir, screening_dir = os.path.join(tmp, "data"), os.path.join(tmp, "screening")
        synthetic_data.write(data_dir, count=24, height=96, width=64, seed=7)
        synthetic_data.write(screening_dir, count=24, height=96, width=64, seed=8, dataset="synthetic-screening",
                             image_labels=True)
        check_augmentation()
        check_froc(data_dir)
        check_smoke(tmp, data_dir, screening_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
