"""The training recipe, identical for every cross-validation fold and for the final model.

Stage 1 (patch classifier): lesion-centred and background patches of the images with lesion
marks (mini-MIAS), each patch scored by the same top-k pooling that makes the image scores.
Stage 2 (whole image), initialised from stage 1: dense BCE on the maps where the truth is known
plus BCE of the two image logits against the image labels. For images labelled only as a whole
(RSNA screening) the malignancy logit, a top-k mean over the malignant map, is the
multiple-instance signal and weighs fully; for marked images it only backs up the dense loss.
"""
from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from augment import AugmentSettings, augment_images, intensity, patch_maps, resample
from data import Dataset
from network import LesionNet, breast_cells, build, image_logits, top_k_mean
from patches import PatchSampler
from targets import balance_weight, dense_pos_weight, dense_targets


@dataclass
class Recipe:
    # Sized for the budget (≤ 100 min on 2 CPU cores at 512×320, 2,384 training images): measured
    # ≈ 75 s per whole-image epoch and ≈ 5 s per patch epoch on a quiet machine.
    patch_epochs: int = 10
    image_epochs: int = 50
    patch_size: int = 96
    jitters_per_lesion: int = 8
    background_ratio: float = 1.0
    patch_batch: int = 32
    image_batch: int = 8
    # Abnormal images with lesion marks are seen this many times per epoch: they carry all the
    # lesion cells.
    abnormal_repeats: int = 2
    patch_lr: float = 2e-3
    image_lr: float = 1e-3
    weight_decay: float = 1e-4
    # The image terms are multiple-instance signals (which cells are the lesion is not said);
    # weighted as high as the dense term they pulled the maps off the lesions (held-out FROC and
    # AUC both lower in a 2-fold check on the real cache at 0.5 than at 0.1).
    image_loss_weight: float = 0.1
    # Weight of the malignancy image loss on images labelled only as a whole: their one signal.
    image_label_weight: float = 1.0
    seed: int = 1994  # the year of the MIAS database
    network: dict = field(default_factory=lambda: LesionNet().config)
    augment: AugmentSettings = field(default_factory=AugmentSettings)

    def describe(self) -> dict:
        return asdict(self)


# (stage, epoch, epochs, seconds of this epoch, mean loss)
EpochReport = Callable[[str, int, int, float, float], None]
# Called with the network after each whole-image epoch: progress logging only, never a choice.
EpochWatch = Callable[[LesionNet, int], None]


def seed_everything(seed: int) -> np.random.Generator:
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    return np.random.default_rng(seed)


def cosine(optimizer: torch.optim.Optimizer, steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Short linear warm-up, then cosine decay to 5 % of the base rate."""
    warm = max(1, steps // 20)

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        t = (step - warm) / max(1, steps - warm)
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(t, 1.0)))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def train_model(data: Dataset, recipe: Recipe, seed: int, report: EpochReport | None = None,
                watch: EpochWatch | None = None) -> LesionNet:
    rng = seed_everything(seed)
    net = build(recipe.network)
    marked = data.subset(np.flatnonzero(data.dense))
    if recipe.patch_epochs > 0 and len(marked):
        train_patches(net, marked, recipe, rng, report)
    if recipe.image_epochs > 0:
        train_images(net, data, recipe, rng, report, watch)
    net.eval()
    return net


def patch_size_for(recipe: Recipe, data: Dataset) -> int:
    """The recipe's patch size, shrunk to a multiple of 32 that fits tiny (smoke) inputs."""
    return max(32, min(recipe.patch_size, data.height, data.width) // 32 * 32)


def train_patches(net: LesionNet, data: Dataset, recipe: Recipe, rng: np.random.Generator,
                  report: EpochReport | None) -> None:
    size = patch_size_for(recipe, data)
    sampler = PatchSampler(data, size, recipe.jitters_per_lesion, recipe.background_ratio)
    first = sampler.plan(rng)
    if not len(first):
        return
    steps = recipe.patch_epochs * math.ceil(len(first) / recipe.patch_batch)
    optimizer = torch.optim.AdamW(net.parameters(), lr=recipe.patch_lr, weight_decay=recipe.weight_decay)
    schedule = cosine(optimizer, steps)
    images, masks = torch.from_numpy(data.images), torch.from_numpy(data.masks)
    net.train()
    for epoch in range(recipe.patch_epochs):
        start = time.perf_counter()
        plan = first if epoch == 0 else sampler.plan(rng)
        plan = plan.take(rng.permutation(len(plan)))
        positives = plan.target.sum(axis=0)
        pos_weight = torch.as_tensor(np.sqrt((len(plan) - positives) / np.maximum(positives, 1)).clip(1, 10),
                                     dtype=torch.float32)
        losses = []
        for b in range(0, len(plan), recipe.patch_batch):
            batch = plan.take(np.arange(b, min(b + recipe.patch_batch, len(plan))))
            matrix, _ = patch_maps(batch.centre, size, rng, recipe.augment)
            idx = torch.from_numpy(batch.image)
            warped, warped_mask = resample(images[idx], masks[idx], matrix, (size, size))
            x = intensity(warped, warped_mask, rng, recipe.augment)
            logits = net.logit_maps(x)
            pooled = torch.cat([top_k_mean(logits[:, c], net.top_k) for c in range(logits.shape[1])], dim=1)
            loss = F.binary_cross_entropy_with_logits(pooled, torch.from_numpy(batch.target), pos_weight=pos_weight)
            step(optimizer, schedule, net, loss)
            losses.append(loss.item())
        if report:
            report("patch", epoch + 1, recipe.patch_epochs, time.perf_counter() - start, float(np.mean(losses)))


def train_images(net: LesionNet, data: Dataset, recipe: Recipe, rng: np.random.Generator,
                 report: EpochReport | None, watch: EpochWatch | None = None) -> None:
    pos_weight_maps = torch.from_numpy(dense_pos_weight(data.records, data.masks)).view(1, 3, 1, 1)
    pw_malignant = torch.tensor([balance_weight(data.malignant)])
    pw_abnormal = torch.tensor([balance_weight(data.abnormal[data.dense])])
    abnormal = np.flatnonzero(data.abnormal.astype(bool) & data.dense)
    dense = data.dense
    per_epoch = len(data) + (recipe.abnormal_repeats - 1) * len(abnormal)
    steps = recipe.image_epochs * math.ceil(per_epoch / recipe.image_batch)
    optimizer = torch.optim.AdamW(net.parameters(), lr=recipe.image_lr, weight_decay=recipe.weight_decay)
    schedule = cosine(optimizer, steps)
    net.train()
    for epoch in range(recipe.image_epochs):
        start = time.perf_counter()
        order = np.concatenate([np.arange(len(data))] + [abnormal] * (recipe.abnormal_repeats - 1))
        order = order[rng.permutation(len(order))]
        losses = []
        for b in range(0, len(order), recipe.image_batch):
            idx = order[b:b + recipe.image_batch]
            x, _, matrix, scale = augment_images(data.images[idx], data.masks[idx], rng, recipe.augment)
            records = [data.records[i] for i in idx]
            target, weight = dense_targets(records, matrix, scale, data.height, data.width)
            loss = image_loss(net, x, torch.from_numpy(target), torch.from_numpy(weight), pos_weight_maps,
                              torch.from_numpy(data.malignant[idx]), torch.from_numpy(data.abnormal[idx]),
                              pw_malignant, pw_abnormal, image_weights(dense[idx], recipe))
            step(optimizer, schedule, net, loss)
            losses.append(loss.item())
        if report:
            report("image", epoch + 1, recipe.image_epochs, time.perf_counter() - start, float(np.mean(losses)))
        if watch:
            watch(net, epoch + 1)
            net.train()


def image_weights(dense: np.ndarray, recipe: Recipe) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image weights of the (malignancy, abnormality) image losses. Image-level datasets say
    nothing about benign findings, so they give no abnormality signal."""
    malignancy = np.where(dense, recipe.image_loss_weight, recipe.image_label_weight)
    abnormality = np.where(dense, recipe.image_loss_weight, 0.0)
    return torch.as_tensor(malignancy, dtype=torch.float32), torch.as_tensor(abnormality, dtype=torch.float32)


def image_loss(net: LesionNet, x, target, weight, pos_weight_maps, malignant, abnormal, pw_malignant, pw_abnormal,
               image_weight: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    logits = net.logit_maps(x)
    # Cells with no breast are fixed at a constant logit by the network: nothing to learn there.
    valid = breast_cells(x).to(logits.dtype) * weight
    dense = F.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight_maps, reduction="none")
    dense = (dense * valid).sum() / valid.sum().clamp(min=1.0)
    malignancy, abnormality = image_logits(logits, net.top_k)
    w_mal, w_abn = image_weight
    per_image = (w_mal * F.binary_cross_entropy_with_logits(malignancy[:, 0], malignant, pos_weight=pw_malignant,
                                                            reduction="none")
                 + w_abn * F.binary_cross_entropy_with_logits(abnormality[:, 0], abnormal, pos_weight=pw_abnormal,
                                                              reduction="none"))
    return dense + per_image.mean()


def step(optimizer, schedule, net: LesionNet, loss: torch.Tensor) -> None:
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
    optimizer.step()
    schedule.step()


@torch.no_grad()
def predict(net: LesionNet, images: np.ndarray, batch: int = 16) -> dict[str, np.ndarray]:
    """Run the network as it will be exported (eval mode, no augmentation)."""
    net.eval()
    maps, malignancy, abnormality = [], [], []
    for b in range(0, len(images), batch):
        m, mal, abn = net(torch.from_numpy(np.ascontiguousarray(images[b:b + batch]))[:, None])
        maps.append(m.numpy())
        malignancy.append(mal[:, 0].numpy())
        abnormality.append(abn[:, 0].numpy())
    return {"lesion_maps": np.concatenate(maps), "malignancy_logit": np.concatenate(malignancy),
            "abnormality_logit": np.concatenate(abnormality)}

