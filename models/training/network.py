"""The lesion-map network: a small ResNet-like, fully convolutional detector.

One single-channel mammogram (chest wall on the left, breast z-scores clipped to [-3, 3],
background -3) in; three dense logit maps at stride 8 out, channels [mass, calcification,
malignant]. Image-level scores are pooled from those maps, so every image score points at the
places that produced it (Shen et al. 2019: a patch classifier run convolutionally).

Only plain ops (Conv, BatchNorm, ReLU, Resize nearest, MaxPool, TopK, Where): they export to
ONNX opset 13-17 and give the same numbers in PyTorch and ONNX Runtime.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

STRIDE = 8
CHANNELS = ("mass", "calcification", "malignant")
MASS, CALCIFICATION, MALIGNANT = 0, 1, 2
# Logit given to map cells with no breast in them: far below anything the head produces, yet
# finite so sigmoid and top-k stay well defined in both runtimes.
OUTSIDE_BREAST_LOGIT = -30.0
# An input pixel belongs to the breast when it is above the background value (-3).
BREAST_LEVEL = -2.999


def conv_bn(c_in: int, c_out: int, stride: int = 1, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(c_out),
    )


class BasicBlock(nn.Module):
    """ResNet basic block; a strided block halves the resolution and changes the width."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        self.conv1 = conv_bn(c_in, c_out, stride)
        self.conv2 = conv_bn(c_out, c_out)
        self.shortcut = conv_bn(c_in, c_out, stride, kernel=1) if stride != 1 or c_in != c_out else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


def stage(c_in: int, c_out: int, blocks: int) -> nn.Sequential:
    return nn.Sequential(BasicBlock(c_in, c_out, 2), *[BasicBlock(c_out, c_out) for _ in range(blocks - 1)])


class LesionNet(nn.Module):
    """Backbone to stride 32, a light top-down path back to stride 8, a 1×1 head.

    The stride-16 and stride-32 stages give a stride-8 cell the context of a whole mass (masses
    here reach ~100 model pixels in radius) at little cost, because they run on few positions.
    """

    def __init__(self, widths: tuple[int, ...] = (16, 32, 48, 96, 128), blocks: tuple[int, ...] = (1, 2, 1),
                 neck: int = 40, top_k: int = 4):
        super().__init__()
        # The smallest input (32×32) has 16 cells: top-k must fit in it.
        if not 1 <= top_k <= 16:
            raise ValueError(f"top_k must be in 1..16, got {top_k}")
        w0, w1, w2, w3, w4 = widths
        self.config = {"widths": list(widths), "blocks": list(blocks), "neck": neck, "top_k": top_k}
        self.top_k = top_k
        self.stem = nn.Sequential(conv_bn(1, w0, 2), nn.ReLU(inplace=True),      # stride 2
                                  conv_bn(w0, w1, 2), nn.ReLU(inplace=True))     # stride 4
        self.stage8 = stage(w1, w2, blocks[0])
        self.stage16 = stage(w2, w3, blocks[1])
        self.stage32 = stage(w3, w4, blocks[2])
        self.lateral8 = nn.Conv2d(w2, neck, 1)
        self.lateral16 = nn.Conv2d(w3, neck, 1)
        self.lateral32 = nn.Conv2d(w4, neck, 1)
        self.smooth = nn.Sequential(conv_bn(neck, neck), nn.ReLU(inplace=True))
        self.head = nn.Conv2d(neck, len(CHANNELS), 1)
        # Lesions are rare: start every map near p = 0.01 so the first steps are not spent
        # unlearning a 50 % prior (RetinaNet's prior initialisation).
        nn.init.normal_(self.head.weight, std=0.01)
        nn.init.constant_(self.head.bias, -4.6)

    def logit_maps(self, image: torch.Tensor) -> torch.Tensor:
        """[N,1,H,W] → [N,3,H/8,W/8] raw logits, cells without breast set very low."""
        c8 = self.stage8(self.stem(image))
        c16 = self.stage16(c8)
        c32 = self.stage32(c16)
        p16 = self.lateral16(c16) + F.interpolate(self.lateral32(c32), scale_factor=2.0, mode="nearest")
        p8 = self.lateral8(c8) + F.interpolate(p16, scale_factor=2.0, mode="nearest")
        logits = self.head(self.smooth(p8))
        return torch.where(breast_cells(image), logits, torch.full_like(logits, OUTSIDE_BREAST_LOGIT))

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Returns (lesion_maps probabilities, malignancy_logit, abnormality_logit)."""
        logits = self.logit_maps(image)
        malignancy, abnormality = image_logits(logits, self.top_k)
        return torch.sigmoid(logits), malignancy, abnormality


def breast_cells(image: torch.Tensor) -> torch.Tensor:
    """[N,1,H/8,W/8] bool: the stride-8 cell holds at least one breast pixel.

    Derived from the input itself, so the exported model needs no second input and training
    and serving agree on which cells count.
    """
    inside = (image > BREAST_LEVEL).to(image.dtype)
    return F.max_pool2d(inside, STRIDE, STRIDE) > 0.5


def top_k_mean(maps: torch.Tensor, k: int) -> torch.Tensor:
    """[N,H',W'] → [N,1]: mean of the k highest cells (k ≤ H'·W'). Deterministic (a mean does not depend on
    how ties are ordered) and, unlike a plain max, not decided by a single noisy cell."""
    flat = maps.flatten(1)
    return flat.topk(k, dim=1).values.mean(dim=1, keepdim=True)


def image_logits(logits: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    malignancy = top_k_mean(logits[:, MALIGNANT], k)
    abnormality = top_k_mean(torch.maximum(logits[:, MASS], logits[:, CALCIFICATION]), k)
    return malignancy, abnormality


def build(config: dict) -> LesionNet:
    """The network from its constructor arguments (network.json holds exactly these)."""
    return LesionNet(**{k: tuple(v) if isinstance(v, list) else v for k, v in config.items()})


def count_macs(net: nn.Module, height: int, width: int) -> int:
    """Multiply-accumulates of one forward pass (convolutions only; the rest is negligible)."""
    total = 0

    def hook(module: nn.Conv2d, _inp, out):
        nonlocal total
        k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
        total += out.numel() // out.shape[0] * k

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, nn.Conv2d)]
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 1, height, width))
    net.train(was_training)
    for h in handles:
        h.remove()
    return total
