"""PyTorch side of bench/inference: per-image latency of the shipped network on given inputs.

Called by bench/inference/run.ts with the very inputs ONNX Runtime gets, so the two timings
compare the runtimes and nothing else. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from network import build, count_macs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True, type=Path)
    parser.add_argument("--inputs", required=True, type=Path)
    parser.add_argument("--count", required=True, type=int)
    parser.add_argument("--height", required=True, type=int)
    parser.add_argument("--width", required=True, type=int)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    net = build(json.loads((args.model_dir / "network.json").read_text()))
    net.load_state_dict(torch.load(args.model_dir / "weights.pt", map_location="cpu"))
    net.eval()
    images = np.fromfile(args.inputs, dtype="<f4").reshape(args.count, 1, args.height, args.width)
    latencies = []
    with torch.inference_mode():
        net(torch.from_numpy(images[:1]))  # warm-up
        for _ in range(args.repeat):
            for i in range(args.count):
                x = torch.from_numpy(images[i:i + 1])
                start = time.perf_counter()
                net(x)
                latencies.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "latencies_ms": latencies,
        "macs": count_macs(net, args.height, args.width),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
