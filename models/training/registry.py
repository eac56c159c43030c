"""Inserts or replaces this model's entry in the registry the TypeScript side serves from.

The keys are a contract: models/src validates them with zod. Paths are relative to the
registry's own folder, with forward slashes.
"""
from __future__ import annotations

import json
import os


def _relative(path: str, registry_path: str) -> str:
    return os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(registry_path))).replace(os.sep, "/")


def _summary(metrics: dict) -> dict:
    def auc(block: dict | None) -> dict | None:
        return None if block is None else {"auc": block["auc"], "ci95": block["ci95"]}

    return {
        "byDataset": {name: {"malignancyAuc": auc(d["malignancy"]), "abnormalityAuc": auc(d["abnormality"]),
                             "baselineMalignancyAuc": auc(d["baseline"]["malignancy"]),
                             "recall": d_points["recall"], "likelyNormal": d_points["likelyNormal"]}
                      for (name, d), d_points in ((item, metrics["operatingPoints"]["byDataset"][item[0]])
                                                  for item in metrics["datasets"].items())},
        "frocSensitivity": None if metrics["froc"] is None else
        {str(p["falseMarksPerImage"]): p["sensitivity"] for p in metrics["froc"]["points"]},
        "evaluation": f"fixed validation split by woman ({metrics['validation']['share']:.0%} of each dataset's "
                      f"women), {sum(d['images'] for d in metrics['datasets'].values())} images",
    }


def entry(model_id: str, version: str, out_dir: str, registry_path: str, exported: dict, metrics: dict,
          height: int, width: int, trained_at: str) -> dict:
    def threshold(block: dict | float | None) -> float | None:
        return block["threshold"] if isinstance(block, dict) else block

    points = metrics["operatingPoints"]
    abnormality = threshold(metrics["thresholds"]["abnormality"])
    return {
        "id": model_id,
        "version": version,
        "file": _relative(os.path.join(out_dir, "model.onnx"), registry_path),
        "sha256": exported["sha256"],
        "opset": exported["opset"],
        "input": {"name": "image", "height": height, "width": width, "channels": 1,
                  "normalisation": {"method": "breast-zscore", "clip": [-3, 3], "background": -3}},
        "outputs": {"malignancy": "malignancy_logit", "abnormality": "abnormality_logit", "lesionMaps": "lesion_maps"},
        "lesionMaps": {"channels": ["mass", "calcification", "malignant"], "stride": 8},
        "calibration": {"method": "platt",
                        "malignancy": {k: metrics["calibration"]["malignancy"][k] for k in ("a", "b")},
                        "abnormality": {k: metrics["calibration"]["abnormality"][k] for k in ("a", "b")}},
        "thresholds": {"malignancy": points["recall"], "abnormality": 1.0 if abnormality is None else abnormality,
                       "lesion": metrics["thresholds"]["lesion"]},
        "operatingPoints": {"recall": points["recall"], "likelyNormal": points["likelyNormal"],
                            "examScoreCuts": points["examScoreCuts"], "chosenOn": points["chosenOn"]},
        "metrics": _summary(metrics),
        # Trained on research-licensed data: every rendering of its findings must say so.
        "researchOnly": True,
        "card": _relative(os.path.join(out_dir, "MODEL_CARD.md"), registry_path),
        "trainedAt": trained_at,
        "trainedOn": metrics["timing"]["device"],
    }


def update(registry_path: str, new_entry: dict) -> dict:
    """Replace the entry with the same id (or append); keep a valid default, else point it here."""
    registry = {"default": new_entry["id"], "models": []}
    if os.path.exists(registry_path):
        with open(registry_path, encoding="utf-8") as f:
            try:
                registry = json.load(f)
            except json.JSONDecodeError as e:
                raise ValueError(f"{registry_path} is not valid JSON ({e}); fix or remove it") from None
        if not isinstance(registry, dict) or not isinstance(registry.get("models", []), list):
            raise ValueError(f"{registry_path} is not a registry ({{ default, models: [...] }})")
    models = [m for m in registry.get("models", []) if m.get("id") != new_entry["id"]]
    models.append(new_entry)
    registry["models"] = models
    if registry.get("default") not in {m.get("id") for m in models}:
        registry["default"] = new_entry["id"]
    os.makedirs(os.path.dirname(os.path.abspath(registry_path)), exist_ok=True)
    tmp = registry_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"default": registry["default"], "models": models, **{k: v for k, v in registry.items()
                                                                         if k not in ("default", "models")}},
                  f, indent=2)
        f.write("\n")
    os.replace(tmp, registry_path)
    return registry
