"""Writes the trained network for serving and for parity checks.

OUT/model.onnx    input `image` [N,1,H,W]; outputs `lesion_maps` [N,3,H/8,W/8] (sigmoid),
                  `malignancy_logit` [N,1], `abnormality_logit` [N,1]; batch axis dynamic
OUT/weights.pt    state_dict, and OUT/network.json the constructor arguments of LesionNet:
                  parity.py rebuilds the same PyTorch network from these two
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings

import onnx
import torch

from network import LesionNet

OPSET = 17
INPUT_NAME = "image"
OUTPUT_NAMES = ("lesion_maps", "malignancy_logit", "abnormality_logit")
MAX_BYTES = 50 * 1024 * 1024


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export(net: LesionNet, out_dir: str, height: int, width: int) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    net.eval()
    onnx_path = os.path.join(out_dir, "model.onnx")
    dummy = torch.full((1, 1, height, width), -3.0)
    dummy[:, :, : height * 3 // 4, : width * 3 // 4] = 0.0  # a breast-like region, so no branch is constant
    dynamic = {name: {0: "batch"} for name in (INPUT_NAME, *OUTPUT_NAMES)}
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns that it cannot infer the shape of prim::Constant (the constant
        # outside-breast logit); the shapes are checked by onnx.checker and the parity test.
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
        torch.onnx.export(net, dummy, onnx_path, input_names=[INPUT_NAME], output_names=list(OUTPUT_NAMES),
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model)
    model.doc_string = "Sentinelle research lesion-map model (mini-MIAS). NOT for clinical use."
    onnx.save(model, onnx_path)
    onnx.checker.check_model(onnx_path)
    size = os.path.getsize(onnx_path)
    if size > MAX_BYTES:
        raise RuntimeError(f"model.onnx is {size / 2**20:.1f} MiB, above the 50 MiB limit")

    torch.save(net.state_dict(), os.path.join(out_dir, "weights.pt"))
    with open(os.path.join(out_dir, "network.json"), "w", encoding="utf-8") as f:
        json.dump(net.config, f, indent=2)  # LesionNet(**network.json) rebuilds it
    return {"file": onnx_path, "sha256": sha256(onnx_path), "bytes": size, "opset": OPSET}
