#!/usr/bin/env python3
"""Regenerates the golden files that pin StyleSync's Java image preprocessing to Pillow.

The Java ImageResizer claims to reproduce Pillow's Image.resize(..., BILINEAR) (reducing_gap=None),
ImageOps.fit (ResizePolicy.CENTER_CROP) and ImageOps.pad (ResizePolicy.PAD). This script builds a few
deterministic synthetic inputs, resizes them with Pillow and writes everything the Java golden tests read:

  golden/inputs/*.png        synthetic inputs (no randomness: a fixed LCG provides the noise)
  golden/expected/*.png      Pillow's output for each case
  golden/cases.tsv           input, policy, size, expected file, SHA-256 of the expected raw RGB bytes
  golden/tensors.tsv         selected normalised tensor values for the MobileNetV2 and ImageNet configs
  formats/*.webp, *.png      WebP samples (lossless and lossy) with their source pixels

Usage:  python -m pip install pillow && python tools/golden_preprocess.py [--out DIR]
DIR defaults to common/src/test/resources. Re-running with the same Pillow version rewrites identical pixels.
"""

import argparse
import hashlib
import math
import struct
from pathlib import Path

import PIL
from PIL import Image, ImageOps

BILINEAR = Image.Resampling.BILINEAR
WHITE = (255, 255, 255)


def lcg(seed):
    state = seed
    while True:
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        yield state >> 16


def gradient_checker(width, height):
    """Smooth gradients in R and G, an 8 px checkerboard in B, and a diagonal line: hard and soft edges."""
    img = Image.new("RGB", (width, height))
    px = img.load()
    for y in range(height):
        for x in range(width):
            r = round(255 * x / (width - 1))
            g = round(255 * y / (height - 1))
            b = 230 if ((x // 8) + (y // 8)) % 2 == 0 else 20
            if abs(x * height - y * width) < width:
                r, g, b = 255, 255, 0
            px[x, y] = (r, g, b)
    return img


def scene(width, height, seed):
    """A photo-like image: rings, two flat rectangles, and a patch of deterministic +/-12 noise (kept small
    so the committed PNGs stay small)."""
    img = Image.new("RGB", (width, height))
    px = img.load()
    noise = lcg(seed)
    cx, cy = width * 0.4, height * 0.55
    for y in range(height):
        for x in range(width):
            d = math.hypot(x - cx, y - cy)
            r = 128 + 100 * math.sin(d / 6.0)
            g = 128 + 100 * math.cos((x + 2 * y) / 17.0)
            b = 255 * (x + y) / (width + height)
            if 0.65 * width < x < 0.9 * width and 0.1 * height < y < 0.35 * height:
                r, g, b = 200, 30, 40
            if 0.1 * width < x < 0.3 * width and 0.7 * height < y < 0.95 * height:
                r, g, b = 20, 60, 180
            if x < width // 3 and y < height // 3:
                r, g, b = (v + next(noise) % 25 - 12 for v in (r, g, b))
            px[x, y] = tuple(max(0, min(255, int(v))) for v in (r, g, b))
    return img


INPUTS = {
    "gradient-97x61.png": lambda: gradient_checker(97, 61),
    "scene-300x200.png": lambda: scene(300, 200, seed=7),
    "tall-45x130.png": lambda: scene(45, 130, seed=11),
}

CASES = [
    ("gradient-97x61.png", "STRETCH", 224, 224),
    ("gradient-97x61.png", "STRETCH", 64, 48),
    ("gradient-97x61.png", "CENTER_CROP", 224, 224),
    ("gradient-97x61.png", "PAD", 224, 224),
    ("scene-300x200.png", "STRETCH", 224, 224),
    ("scene-300x200.png", "STRETCH", 64, 48),
    ("scene-300x200.png", "STRETCH", 150, 100),
    ("scene-300x200.png", "STRETCH", 280, 60),  # height shrinks most: Pillow runs the vertical pass first
    ("scene-300x200.png", "CENTER_CROP", 224, 224),
    ("scene-300x200.png", "CENTER_CROP", 64, 48),
    ("scene-300x200.png", "PAD", 224, 224),
    ("scene-300x200.png", "PAD", 7, 5),
    ("tall-45x130.png", "STRETCH", 30, 200),
    ("tall-45x130.png", "STRETCH", 40, 20),
    ("tall-45x130.png", "CENTER_CROP", 224, 224),
    ("tall-45x130.png", "CENTER_CROP", 64, 48),
    ("tall-45x130.png", "PAD", 224, 224),
]

# (name, mean, std) as PreprocessConfig.mobileNetV2 / imagenet define them; values < 1 are on the 0..1 scale.
TENSOR_CONFIGS = [
    ("mobilenetv2", (127.5, 127.5, 127.5), (127.5, 127.5, 127.5)),
    ("imagenet", (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
]
TENSOR_INPUT = "scene-300x200.png"
TENSOR_SIZE = 224
TENSOR_PROBES = [(0, 0), (223, 0), (0, 223), (223, 223), (112, 112), (37, 150), (180, 41), (99, 200)]


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def resize(img, policy, width, height):
    if policy == "STRETCH":
        return img.resize((width, height), BILINEAR)
    if policy == "CENTER_CROP":
        return ImageOps.fit(img, (width, height), BILINEAR)
    if policy == "PAD":
        return ImageOps.pad(img, (width, height), BILINEAR, color=WHITE)
    raise ValueError(policy)


def write_golden(out):
    golden = out / "golden"
    (golden / "inputs").mkdir(parents=True, exist_ok=True)
    (golden / "expected").mkdir(parents=True, exist_ok=True)
    images = {}
    for name, make in INPUTS.items():
        images[name] = make()
        images[name].save(golden / "inputs" / name)

    lines = [f"# generated by tools/golden_preprocess.py with Pillow {PIL.__version__}",
             "input\tpolicy\twidth\theight\texpected\tsha256_rgb"]
    for name, policy, width, height in CASES:
        result = resize(images[name], policy, width, height)
        assert result.mode == "RGB" and result.size == (width, height)
        expected = f"{Path(name).stem}-{policy.lower()}-{width}x{height}.png"
        result.save(golden / "expected" / expected)
        digest = hashlib.sha256(result.tobytes()).hexdigest()
        lines.append(f"{name}\t{policy}\t{width}\t{height}\t{expected}\t{digest}")
    (golden / "cases.tsv").write_text("\n".join(lines) + "\n")

    resized = ImageOps.fit(images[TENSOR_INPUT], (TENSOR_SIZE, TENSOR_SIZE), BILINEAR)
    plane = TENSOR_SIZE * TENSOR_SIZE
    lines = [f"# generated by tools/golden_preprocess.py with Pillow {PIL.__version__}",
             f"# {TENSOR_INPUT}, CENTER_CROP {TENSOR_SIZE}x{TENSOR_SIZE}, CHW float32: (v - mean[c]) / std[c]",
             "config\tindex\tchannel\tx\ty\tpixel\tvalue"]
    for config, mean, std in TENSOR_CONFIGS:
        # Java holds mean/std as float32 of the byte-scale value ((float) (0.485 * 255)) and computes the
        # tensor in float32; one float32 rounding after each exact double operation is the same thing.
        mean32 = [f32(m * 255) if m < 1 else f32(m) for m in mean]
        std32 = [f32(s * 255) if s < 1 else f32(s) for s in std]
        for x, y in TENSOR_PROBES:
            pixel = resized.getpixel((x, y))
            for c in range(3):
                value = f32(f32(pixel[c] - mean32[c]) / std32[c])
                index = c * plane + y * TENSOR_SIZE + x
                lines.append(f"{config}\t{index}\t{c}\t{x}\t{y}\t{pixel[c]}\t{value!r}")
    (golden / "tensors.tsv").write_text("\n".join(lines) + "\n")


def write_webp_samples(out):
    formats = out / "formats"
    formats.mkdir(parents=True, exist_ok=True)
    source = scene(40, 30, seed=3)
    source.save(formats / "scene-40x30.png")
    source.save(formats / "scene-40x30-lossless.webp", lossless=True)
    source.save(formats / "scene-40x30-lossy.webp", quality=90, method=6)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_out = Path(__file__).resolve().parent.parent / "common" / "src" / "test" / "resources"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args()
    write_golden(args.out)
    write_webp_samples(args.out)
    print(f"wrote golden files under {args.out} with Pillow {PIL.__version__}")


if __name__ == "__main__":
    main()
