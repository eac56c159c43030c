"""MODEL_CARD.md, written from metrics.json (and, when given, the served pipeline's eval:model
reports), so the card cannot disagree with the numbers.

usage: /usr/bin/python3 models/training/model_card.py models/<id> [--eval report.json ...]
"""
from __future__ import annotations

AIM = {"rsna-screening-640": 0.85, "mini-mias": 0.75}
FLOOR_AUC = 0.70


def _num(x, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _ci(ci) -> str:
    return "n/a" if not ci else f"{ci[0]:.3f}–{ci[1]:.3f}"


def _auc(block: dict | None) -> str:
    return "n/a" if block is None else f"{_num(block['auc'])} ({_ci(block['ci95'])})"


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


def render(m: dict, evaluations: list[dict] | None = None) -> str:
    model, data, val = m["model"], m["data"], m["validation"]
    recipe, timing, cal, op = m["recipe"], m["timing"], m["calibration"], m["operatingPoints"]
    lines = [f"# Model card: {model['id']} {model['version']}", ""]
    if data.get("smoke"):
        lines += ["> **SMOKE RUN** on a handful of images and one epoch per stage: it proves the pipeline runs;",
                  "> its numbers mean nothing.", ""]
    lines += [
        "> **Research model. NOT for clinical use.** It has not been validated for diagnosis or screening,",
        "> it is not a medical device, and its outputs must not guide patient care.", "",
        "## Intended use", "",
        "Research and development of Sentinelle's AI pipeline on real mammograms: triage categories,",
        "lesion marks, DICOM SR/SEG and viewer overlays end to end. Both training sets are licensed for",
        "non-commercial research only, so this model may not be deployed for patient care or sold.", "",
        "## Model", "",
        f"- Fully convolutional ResNet-like network ({model['parameters']:,} parameters), "
        f"{model['gflopsPerImage']:.2f} GFLOPs ({model['gmacsPerImage']:.2f} G multiply-adds) per "
        f"{model['input']['height']}×{model['input']['width']} image.",
        f"- Input `image` [N,1,{model['input']['height']},{model['input']['width']}]: one view (CC or MLO), the",
        "  breast cropped and put with its chest wall on the left, inverted exports put right, z-scored",
        "  inside the breast and clipped to [-3, 3], background -3 (the TypeScript pre-processing, shared by",
        "  training and serving).",
        "- Outputs: `lesion_maps` [N,3,H/8,W/8] sigmoid probabilities for [mass, calcification, malignant];",
        f"  `malignancy_logit` = mean of the top-{model['network']['top_k']} malignant-map logits in the breast",
        "  (the multiple-instance pooling that the image labels train); `abnormality_logit` = the same over",
        f"  max(mass, calcification). ONNX opset {m['onnx']['opset']}.", "",
        "## Data", "",
        "| dataset | images (train / validation) | women (train / validation) | cancer images | lesion marks | licence |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {name} | {d['training']['images']} / {d['validation']['images']} | {d['training']['women']} /"
          f" {d['validation']['women']} | {d['all']['labels']['malignant']} |"
          f" {d['lesionCount'] if d['lesionMarks'] else 'none (image labels)'} | {d['licence']} |"
          for name, d in data["datasets"].items()], "",
        f"- Validation: a fixed split by woman, {val['share']:.0%} of each dataset's women (as many with cancer",
        f"  as without, in proportion), drawn once with seed {val['seed']} and stored in"
        f" `{val['splitFile']}`. Every figure below is on those women only, with the exported weights;",
        "  nothing was tuned on them (the training progress printed every few epochs was watched, not used).",
        "- mini-MIAS: MLO views digitised from film at 200 µm, lesion circles (dense supervision of the mass",
        "  and calcification maps). RSNA screening: full-field digital CC and MLO views, stretched to 640×640",
        "  by the publisher, about one in six stored inverted (detected from the image and put right),",
        "  labels per breast (image-level supervision of the malignant map).", "",
        "## Training", "",
        "Stage 1 trains the network as a patch classifier on mini-MIAS lesion and background patches",
        "(Shen et al. 2019); stage 2 trains on whole images of both datasets: dense BCE on the maps where",
        "the truth is known (mini-MIAS circles; the malignant map of no-cancer RSNA images) plus BCE of the",
        "top-k pooled malignancy logit against the image label (weight"
        f" {recipe['image_label_weight']:g} on image-labelled images, {recipe['image_loss_weight']:g} on marked ones).",
        f"Patch stage {recipe['patch_epochs']} epochs, image stage {recipe['image_epochs']} epochs, batch"
        f" {recipe['image_batch']}; AdamW, cosine schedule. Augmentation: vertical flip (never horizontal:",
        f" the chest wall stays left), rotation ±{recipe['augment']['max_rotation_deg']:g}°, scale"
        f" {recipe['augment']['scale_range'][0]:g}–{recipe['augment']['scale_range'][1]:g}, aspect"
        f" {recipe['augment']['aspect_range'][0]:g}–{recipe['augment']['aspect_range'][1]:g}, gamma, contrast and"
        f" shift inside the breast; burned-in text left as is. Seed {recipe['seed']}.", "",
        "## Performance on the validation women", "",
        "| dataset | images / women | malignant AUC (95 % CI) | abnormal AUC (95 % CI) | baseline malignant AUC |"
        " CNN − baseline (95 % CI) |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {name} | {d['images']} / {d['women']} | {_auc(d['malignancy'])} | {_auc(d['abnormality'])} |"
          f" {_auc(d['baseline']['malignancy'])} | {_num(d['baseline']['margin']['difference'])}"
          f" ({_ci(d['baseline']['margin']['ci95'])}) |" for name, d in m["datasets"].items()], "",
        f"Image-level AUCs; 95 % CIs from {val['bootstrapReps']} bootstrap replicates resampling women (all her",
        "images together). Baseline: logistic regression on breast intensity and texture features, fitted on",
        "the training women.", "",
        *_operating_points(op),
        "## Calibration", "",
        f"Platt scaling p = sigmoid(a · logit + b) on the validation images (malignancy a = {_num(cal['malignancy']['a'])},"
        f" b = {_num(cal['malignancy']['b'])}). Brier score: raw sigmoid {_num(cal['malignancy']['brierUncalibrated'])},"
        f" Platt {_num(cal['malignancy']['brierCalibrated'])}, cross-fitted over five groups of women (the honest"
        f" figure) {_num(cal['malignancy']['brierCrossFitted'])}; prevalence {_num(cal['malignancy']['prevalence'])}.",
        "", "![Reliability of the calibrated malignancy probability](calibration.png)", "",
        "| dataset | expected calibration error |", "| --- | --- |",
        *[f"| {name} | {_num(r['ece'])} |" for name, r in cal["reliabilityByDataset"].items()], "",
        *_froc(m.get("froc")),
        *_served(evaluations or []),
        *_floor(m),
        *_against_the_aim(m),
        "## Limitations", "",
        "- No view-specific training: CC and MLO views share one network and the view is not an input.",
        "- The RSNA images are 640 px squares stretched from the original exams: fine calcifications are",
        "  lost, and real sizes in mm cannot be learnt from them (no pixel spacing).",
        "- Two countries' screening populations (Australia, USA) in the digital set, one UK film set;",
        "  the operating points were chosen on the digital validation women and will shift elsewhere.",
        "- Cancer-enriched sample (about a third of RSNA images are from breasts with cancer, far above",
        "  screening prevalence): predictive values in a screening population are much lower.",
        "- Small validation split: the CIs above are wide; no independent test set was used here.",
        "- Not validated for any clinical population, device or workflow. Research use only.", "",
        "## Training time and hardware", "",
        f"Training {_minutes(timing.get('trainingSeconds'))} on {timing['device']}"
        + ("" if val.get("trainingRepeated", True) else
           f"; these figures come from a later run that validated the same weights ({_minutes(timing['totalSeconds'])})")
        + ".", "",
        "| phase | seconds |", "| --- | --- |",
        *[f"| {p['phase']} | {p['seconds']:.1f} |"
          for p in [{**p, "phase": f"{p['phase']} (training run)"} for p in (timing.get("earlierTraining") or {}).get("phases", [])] + timing["phases"]], "",
        "## Files", "",
        "`model.onnx` (served), `weights.pt` + `network.json` (PyTorch rebuild for parity checks),",
        "`metrics.json` (every number above and the validation predictions per image), `calibration.png`.", "",
        f"Trained {model['trainedAt']}.", "",
    ]
    return "\n".join(lines)


def _operating_points(op: dict) -> list[str]:
    rows = []
    for name, b in op["byDataset"].items():
        for point, label in (("recall", "recall (elevated)"), ("likelyNormal", "likely normal")):
            p = b[point]
            rows.append(f"| {name} | {label} | {_num(op[point], 4)} | {_num(p['sensitivity'])} ({_ci(p['sensitivityCi95'])})"
                        f" | {_num(p['specificity'])} ({_ci(p['specificityCi95'])}) | {_num(p['flaggedShare'])} |"
                        f" {p['exams']} ({p['examsWithCancer']} with cancer) |")
    return [
        "## Operating points", "",
        f"Chosen on the {op['chosenOn']}: the recall threshold at specificity 0.90 on no-cancer exams",
        "(about a 10 % recall rate), the likely-normal threshold at sensitivity 0.97 on exams with cancer,",
        "and the exam score 1–10 from the deciles of the no-cancer exam scores (its last cut is the recall",
        f"threshold: score 10 = elevated). Cuts: {', '.join(_num(c, 4) for c in op['examScoreCuts'])}.",
        "On the women they were chosen on, the figures are optimistic; on the other dataset they are not.", "",
        "| dataset | decision | threshold | sensitivity (95 % CI) | specificity (95 % CI) | exams flagged | exams |",
        "| --- | --- | --- | --- | --- | --- | --- |", *rows, "",
        "Exam scores of the validation exams (count per score 1…10):", "",
        *[f"- {name}: no cancer {b['examScoreHistogram']['normal']}; cancer {b['examScoreHistogram']['cancer']}"
          for name, b in op["byDataset"].items()], "",
    ]


def _froc(froc: dict | None) -> list[str]:
    if not froc:
        return []
    return [
        "## Lesion detection (FROC, validation women of the datasets with lesion marks)", "",
        f"Marks: local maxima of the mass and calcification maps, at most {froc['maxMarksPerImage']} per image;"
        f" hit = {froc['hitRule']}. {froc['lesions']} located lesions on {froc['imagesIncluded']} images.", "",
        "| false marks per image | lesion sensitivity | 95 % CI | map threshold |", "| --- | --- | --- | --- |",
        *[f"| {p['falseMarksPerImage']:g} | {_num(p['sensitivity'])} | {_ci(p['ci95'])} | {_num(p['threshold'], 4)} |"
          for p in froc["points"]], "",
    ]


def _served(evaluations: list[dict]) -> list[str]:
    """Figures of the served pipeline (TypeScript pre- and post-processing, ONNX Runtime)."""
    if not evaluations:
        return []
    lines = ["## Served pipeline (`npm run eval:model`)", ""]
    for e in evaluations:
        lines.append(f"- `{e['command']}`:")
        lines += [f"  - {line}" for line in e["lines"]]
    return lines + [""]


def _floor(m: dict) -> list[str]:
    """The rule for becoming the registry's default model, stated with this model's figure."""
    d = m["datasets"].get("rsna-screening-640")
    if not d or d["malignancy"]["auc"] is None:
        return []
    met = d["malignancy"]["auc"] >= FLOOR_AUC
    return [
        "## Default model", "",
        f"A model becomes the default only if its malignant AUC on the RSNA validation women is at least {FLOOR_AUC:.2f}"
        " and above the shipped model's on the same images (`revalidate.py` measures the shipped one; its",
        f"figure is in the registry). This model: {_num(d['malignancy']['auc'])} — the floor is"
        f" {'met' if met else 'NOT met: it is registered beside the default, not in its place'}.", "",
    ]


def _against_the_aim(m: dict) -> list[str]:
    misses = []
    for name, aim in AIM.items():
        d = m["datasets"].get(name)
        if d and d["malignancy"]["auc"] is not None and d["malignancy"]["auc"] < aim:
            misses.append(f"- {name}: {_num(d['malignancy']['auc'])} ({_ci(d['malignancy']['ci95'])}) against an aim"
                          f" of {aim:.2f}.")
    if not misses:
        return []
    return [
        "## Against the aim", "", "Not reached:", *misses, "",
        "What limits it:",
        "- No pretrained weights can be fetched here (no network access beyond package registries): the",
        "  backbone learns from these images alone; published FFDM results use ImageNet-pretrained",
        "  backbones, thousands of exams and full-resolution images.",
        "- The CPU budget (≤ 100 min on 2 cores) bounds the input size and the number of epochs.",
        "- 640 px stretched sources: calcifications and small masses are at the limit of visibility.",
        "What was tried is listed in the closing note of the issue that trained this model.", "",
    ]


if __name__ == "__main__":
    import argparse
    import json
    import os

    parser = argparse.ArgumentParser(description="Re-render a model folder's card from its metrics.json.")
    parser.add_argument("folder")
    parser.add_argument("--eval", action="append", default=[],
                        help="an eval:model report (JSON with `command` and `lines`), repeatable")
    a = parser.parse_args()
    with open(os.path.join(a.folder, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)
    evaluations = []
    for path in a.eval:
        with open(path, encoding="utf-8") as f:
            evaluations.append(json.load(f))
    with open(os.path.join(a.folder, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(render(metrics, evaluations))
