"""The reliability plot of the model card (PNG), drawn with Pillow: no plotting library is needed
on the training machine."""
from __future__ import annotations

from PIL import Image, ImageDraw

SIZE, MARGIN = 480, 60
COLOURS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189))


def write(path: str, reliability_by_dataset: dict[str, dict]) -> None:
    """One line per dataset: observed cancer rate against mean calibrated probability, per bin;
    the dot's area follows the bin's image count. The diagonal is perfect calibration."""
    image = Image.new("RGB", (SIZE, SIZE), "white")
    draw = ImageDraw.Draw(image)
    span = SIZE - 2 * MARGIN

    def at(p: float, r: float) -> tuple[float, float]:
        return MARGIN + p * span, SIZE - MARGIN - r * span

    draw.rectangle([at(0, 1), at(1, 0)], outline="black")
    for tick in range(0, 11, 2):
        v = tick / 10
        draw.line([at(v, 0), (at(v, 0)[0], at(v, 0)[1] + 5)], fill="black")
        draw.text((at(v, 0)[0] - 8, at(v, 0)[1] + 8), f"{v:.1f}", fill="black")
        draw.line([at(0, v), (at(0, v)[0] - 5, at(0, v)[1])], fill="black")
        draw.text((at(0, v)[0] - 32, at(0, v)[1] - 6), f"{v:.1f}", fill="black")
    draw.line([at(0, 0), at(1, 1)], fill=(150, 150, 150))
    draw.text((MARGIN, SIZE - 22), "mean calibrated probability of cancer (per bin)", fill="black")
    draw.text((8, 12), "observed share of images with cancer", fill="black")
    for k, (name, table) in enumerate(reliability_by_dataset.items()):
        colour = COLOURS[k % len(COLOURS)]
        points = [(b["meanPredicted"], b["observedRate"], b["count"]) for b in table["bins"]]
        if len(points) > 1:
            draw.line([at(p, r) for p, r, _ in points], fill=colour, width=2)
        for p, r, n in points:
            x, y = at(p, r)
            radius = 2 + min(8.0, n ** 0.5 / 2)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
        draw.text((MARGIN + 10, MARGIN + 10 + 16 * k), f"{name} (ECE {table['ece']:.3f})", fill=colour)
    image.save(path, format="PNG")
