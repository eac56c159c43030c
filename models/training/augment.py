"""Augmentation of the cached model inputs, as mammography allows, with torch ops only.

Geometry is one affine resampling per image (affine_grid + grid_sample):
- vertical flip only: a horizontal flip would put the chest wall on the right, which the
  pre-processing never produces;
- rotation within ±10°, scale within 0.9–1.1 and an aspect change (height against width, as
  exports stretch images) about the middle of the chest wall, so the chest wall stays at the left
  edge;
- padding takes the background value -3.
Lesion centres and radii go through the same transform, so targets follow the pixels.
Intensity changes (gamma-like curve, contrast, shift) touch breast pixels only.

Every random number comes from the numpy Generator passed in: runs are reproducible.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

BACKGROUND = -3.0
CLIP = 3.0


@dataclass(frozen=True)
class AugmentSettings:
    max_rotation_deg: float = 10.0
    scale_range: tuple[float, float] = (0.9, 1.1)
    aspect_range: tuple[float, float] = (0.8, 1.25)  # width stretch over height stretch
    vertical_flip: float = 0.5  # probability
    gamma_range: tuple[float, float] = (0.8, 1.25)
    contrast_range: tuple[float, float] = (0.85, 1.15)
    shift_range: tuple[float, float] = (-0.2, 0.2)


NO_AUGMENTATION = AugmentSettings(0.0, (1.0, 1.0), (1.0, 1.0), 0.0, (1.0, 1.0), (1.0, 1.0), (0.0, 0.0))


def random_linear(rng: np.random.Generator, count: int, s: AugmentSettings) -> tuple[np.ndarray, np.ndarray]:
    """count 2×2 matrices mapping an OUTPUT pixel offset to an INPUT pixel offset, and the scale
    each one applies to lengths in the output (a lesion radius is multiplied by it; under an
    aspect change, by the geometric mean of the two axes' scales)."""
    angle = np.deg2rad(rng.uniform(-s.max_rotation_deg, s.max_rotation_deg, count))
    scale = rng.uniform(*s.scale_range, count)
    aspect = np.exp(rng.uniform(np.log(s.aspect_range[0]), np.log(s.aspect_range[1]), count))
    flip = np.where(rng.random(count) < s.vertical_flip, -1.0, 1.0)
    cos, sin = np.cos(angle), np.sin(angle)
    # input offset = R(angle) · diag(1, flip) · diag(1/sx, 1/sy) · output offset, sx·sy = scale²
    sx, sy = scale * np.sqrt(aspect), scale / np.sqrt(aspect)
    m = np.stack([np.stack([cos / sx, -sin * flip / sy], -1), np.stack([sin / sx, cos * flip / sy], -1)], -2)
    return m, scale


def affine(linear: np.ndarray, centre_in: np.ndarray, centre_out: np.ndarray) -> np.ndarray:
    """[B,2,3] pixel-space maps output → input: x_in = centre_in + L (x_out - centre_out)."""
    t = centre_in - np.einsum("bij,bj->bi", linear, centre_out)
    return np.concatenate([linear, t[:, :, None]], axis=2)


def map_points(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Input-pixel points [B,K,2] → their output-pixel positions under the maps [B,2,3]."""
    inv = np.linalg.inv(matrix[:, :, :2])
    return np.einsum("bij,bkj->bki", inv, points - matrix[:, None, :, 2])


def resample(images: torch.Tensor, masks: torch.Tensor, matrix: np.ndarray, out_hw: tuple[int, int]
             ) -> tuple[torch.Tensor, torch.Tensor]:
    """Warp [B,H,W] images and masks with pixel-space maps [B,2,3] into [B,1,h,w].

    Pixel centres are integers (the pre-processing's convention); align_corners=False puts
    normalised -1 at the outer edge of pixel 0, hence the ±0.5 terms.
    """
    _, h_in, w_in = images.shape
    h_out, w_out = out_hw
    # normalised = pixel * 2/size + (1/size - 1) on each axis
    to_norm_in = np.array([[2 / w_in, 0, 1 / w_in - 1], [0, 2 / h_in, 1 / h_in - 1], [0, 0, 1]])
    from_norm_out = np.linalg.inv(np.array([[2 / w_out, 0, 1 / w_out - 1], [0, 2 / h_out, 1 / h_out - 1], [0, 0, 1]]))
    full = np.concatenate([matrix, np.tile([[[0.0, 0.0, 1.0]]], (len(matrix), 1, 1))], axis=1)
    theta = (to_norm_in @ full @ from_norm_out)[:, :2]
    grid = F.affine_grid(torch.as_tensor(theta, dtype=torch.float32), [len(matrix), 2, h_out, w_out],
                         align_corners=False)
    # Shift so that the background is 0: grid_sample pads with zeros, i.e. with -3 after.
    stacked = torch.stack([images - BACKGROUND, masks.to(images.dtype)], dim=1)
    out = F.grid_sample(stacked, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    warped_mask = out[:, 1:2] > 0.5
    warped = torch.where(warped_mask, out[:, 0:1] + BACKGROUND, torch.full_like(out[:, 0:1], BACKGROUND))
    return warped, warped_mask


def intensity(images: torch.Tensor, masks: torch.Tensor, rng: np.random.Generator, s: AugmentSettings
              ) -> torch.Tensor:
    """Film density and processing vary: a gamma-like curve, contrast and shift, breast only."""
    b = images.shape[0]
    gamma = torch.as_tensor(np.exp(rng.uniform(np.log(s.gamma_range[0]), np.log(s.gamma_range[1]), b)),
                            dtype=torch.float32).view(b, 1, 1, 1)
    contrast = torch.as_tensor(rng.uniform(*s.contrast_range, b), dtype=torch.float32).view(b, 1, 1, 1)
    shift = torch.as_tensor(rng.uniform(*s.shift_range, b), dtype=torch.float32).view(b, 1, 1, 1)
    unit = ((images - BACKGROUND) / (CLIP - BACKGROUND)).clamp(0, 1)
    curved = unit.pow(gamma) * (CLIP - BACKGROUND) + BACKGROUND
    changed = (curved * contrast + shift).clamp(-CLIP, CLIP)
    return torch.where(masks, changed, torch.full_like(images, BACKGROUND))


def chest_wall_pivots(masks: np.ndarray) -> np.ndarray:
    """[B,2] pivot per image: the chest wall edge (x = -0.5) at the breast's mean row."""
    rows = np.arange(masks.shape[1], dtype=np.float64)
    weight = masks.sum(axis=2).astype(np.float64)
    y = (weight * rows).sum(axis=1) / np.maximum(weight.sum(axis=1), 1)
    return np.stack([np.full_like(y, -0.5), y], axis=1)


def augment_images(images: np.ndarray, masks: np.ndarray, rng: np.random.Generator, s: AugmentSettings
                   ) -> tuple[torch.Tensor, torch.Tensor, np.ndarray, np.ndarray]:
    """Whole images [B,H,W] → ([B,1,H,W] inputs, [B,1,H,W] masks, [B,2,3] maps, [B] length scales)."""
    linear, scale = random_linear(rng, len(images), s)
    pivot = chest_wall_pivots(masks)
    matrix = affine(linear, pivot, pivot)
    warped, warped_mask = resample(torch.from_numpy(images), torch.from_numpy(masks), matrix, images.shape[1:])
    return intensity(warped, warped_mask, rng, s), warped_mask, matrix, scale


def patch_maps(centres: np.ndarray, size: int, rng: np.random.Generator, s: AugmentSettings
               ) -> tuple[np.ndarray, np.ndarray]:
    """Maps cutting a size×size patch centred on each input point, rotated/scaled/flipped."""
    linear, scale = random_linear(rng, len(centres), s)
    middle = np.full((len(centres), 2), (size - 1) / 2.0)
    return affine(linear, centres.astype(np.float64), middle), scale

