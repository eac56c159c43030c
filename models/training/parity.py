"""PyTorch outputs for given inputs, to compare with ONNX Runtime (the TypeScript parity test).

usage: /usr/bin/python3 models/training/parity.py --model-dir DIR --inputs FILE.f32 --count N
           --height H --width W --out OUT.json
DIR holds network.json and weights.pt (written by export.py); FILE.f32 holds N×H×W float32
little-endian model inputs. OUT.json: { malignancy_logit: [N], abnormality_logit: [N],
lesion_maps: [N·3·H/8·W/8 flattened, row-major] }.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from network import build  # noqa: E402


def load_network(model_dir: str) -> torch.nn.Module:
    with open(os.path.join(model_dir, "network.json"), encoding="utf-8") as f:
        net = build(json.load(f))
    net.load_state_dict(torch.load(os.path.join(model_dir, "weights.pt"), map_location="cpu"))
    return net.eval()


def main(argv: list[str] | None = None) -> int:
    torch.set_num_threads(2)
    p = argparse.ArgumentParser(prog="parity.py", description=__doc__.splitlines()[0])
    p.add_argument("--model-dir", required=True)
    p.add_argument("--inputs", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--height", type=int, required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    if a.count < 1 or a.height < 32 or a.width < 32 or a.height % 32 or a.width % 32:
        print("[parity] error: --count ≥ 1 and --height/--width multiples of 32 are required", file=sys.stderr)
        return 2
    for path in (os.path.join(a.model_dir, "network.json"), os.path.join(a.model_dir, "weights.pt"), a.inputs):
        if not os.path.isfile(path):
            print(f"[parity] error: {path} is missing", file=sys.stderr)
            return 2
    expected = a.count * a.height * a.width * 4
    if os.path.getsize(a.inputs) != expected:
        print(f"[parity] error: {a.inputs} holds {os.path.getsize(a.inputs)} bytes, expected {expected}"
              f" ({a.count}×{a.height}×{a.width} float32)", file=sys.stderr)
        return 2
    x = np.fromfile(a.inputs, dtype="<f4").reshape(a.count, 1, a.height, a.width)
    net = load_network(a.model_dir)
    with torch.no_grad():
        maps, malignancy, abnormality = net(torch.from_numpy(x))
    out = {"malignancy_logit": malignancy[:, 0].tolist(), "abnormality_logit": abnormality[:, 0].tolist(),
           "lesion_maps": maps.reshape(-1).tolist()}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
