#!/usr/bin/env python3
"""PyTorch side of `make bench-train`: the same frozen TorchScript backbone forward and the same head-only
training loop that StyleSync runs with DJL, written the plain PyTorch way, so their throughputs can be compared.

It prints `key=value` lines (TrainingBenchmark parses them) and nothing else on stdout; notes go to stderr.
Every figure is the fastest of --reps timed repetitions; load1_* is the 1-minute load average before them and
others_cpu_* the share of all cores that other processes used during them (Linux /proc).

1. Backbone forward, batch --batch, on the first --count photos of --images (numeric file-name order, photos
   without a styles.csv row skipped, as StyleSync's FashionProductsSample): end to end (decode with PIL,
   EXIF orientation, RGB, PIL.ImageOps.fit to 224x224 bilinear, x/127.5-1, CHW, forward, features back on the
   CPU; encoded bytes are read into memory first) and bare (one prepared 16x3x224x224 tensor forwarded
   --forward-reps times). torch.jit.load + eval + torch.no_grad(); --warmup batches untimed first.
2. Head-only training on cached features: two nn.Linear heads on the shared standardised input, summed
   cross-entropy, Adam (lr --lr, no weight decay), batch --train-batch, shuffled each epoch, loss.item() per
   step (as HeadTrainer reads its loss), --epochs epochs, after two untimed runs of as many epochs on fresh heads.
   With --train-data (written by TrainingBenchmark) it trains on exactly the DJL run's rows and labels and
   reports how far its backbone features are from DJL's. Without it, the rows are this run's features of the
   --count photos repeated to --rows and perturbed (x * (1 + 0.05 N(0,1)), seed --seed), labelled with
   articleType (top 20 + Other = 21 classes) and masterCategory (top 2 + Other = 3) fitted on all of
   ../styles.csv, or seeded random labels when there is no styles.csv.

3. Fine-tuning (--phase finetune; labels from --train-data, else from styles.csv as in 2.): the backbone in eval mode (batch norm on its
   running statistics, as StyleSync fine-tunes) with only the parameters named by --ft-trainable requiring
   gradients, plus the heads, trained jointly: Adam with two parameter groups (--ft-lr-heads, --ft-lr-backbone),
   summed cross-entropy, batch --batch, on the first --ft-images photos decoded and resized once (uint8 in memory;
   each step normalises its batch to float CHW, as StyleSync's ImagePreprocessor.toTensor), --ft-epochs epochs,
   shuffled. Every step is timed (batch preparation included); the rate counts the steps after the first
   --warmup ones, leaving out the first step of every later epoch as the DJL side must (its timer there includes
   the epoch's end).

Debian's python3-torch is built with BLAS_INFO=generic: its matrix products (the heads' Linear layers) use
whatever libblas.so.3 resolves to, which is the slow reference BLAS unless an optimised one is installed;
`make bench-train` runs it with Debian's OpenBLAS unpacked locally (LD_LIBRARY_PATH), see the Makefile. The
`blas=` line says which BLAS the process loaded. Convolutions use oneDNN either way.

Works with Debian's python3-torch 1.13 and with PyTorch 2.x, on CPU or CUDA (--device cuda: the model, the
batches and the training tensors live on the GPU; decoding stays on the CPU; timings synchronise the GPU).
Standalone on a GPU machine, e.g.:
  python3 tools/bench_train_pytorch.py --model shared/models/mobilenet-v2/backbone-features.pt \\
      --images shared/datasets/fashion-products/images --device cuda
"""
import argparse
import csv
import io
import os
import sys
import time
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

BILINEAR = getattr(Image, "Resampling", Image).BILINEAR
MAGIC = b"SSBT"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="TorchScript backbone (N x 3 x 224 x 224 -> N x D features)")
    p.add_argument("--images", required=True, help="folder of <id>.jpg photos (styles.csv in its parent: labels)")
    p.add_argument("--count", type=int, default=320, help="photos to forward (default 320)")
    p.add_argument("--batch", type=int, default=16, help="forward batch size (default 16)")
    p.add_argument("--size", type=int, default=224, help="input side (default 224)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="torch.set_num_threads (intra-op CPU threads; default: all cores)")
    p.add_argument("--warmup", type=int, default=2, help="untimed forward batches first (default 2)")
    p.add_argument("--forward-reps", type=int, default=10, help="timed bare forwards of one batch (default 10)")
    p.add_argument("--rows", type=int, default=9000, help="training rows without --train-data (default 9000)")
    p.add_argument("--epochs", type=int, default=10, help="timed training epochs (default 10)")
    p.add_argument("--train-batch", type=int, default=64, help="training batch size (default 64)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default 1e-3)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--train-data", help="rows, labels and DJL's features written by TrainingBenchmark")
    p.add_argument("--device", default="cpu", help="cpu (default), cuda or cuda:N")
    p.add_argument("--reps", type=int, default=3,
                   help="timed repetitions of each measurement; the fastest is reported (default 3)")
    p.add_argument("--phase", choices=("all", "forward", "train", "finetune"), default="all",
                   help="run only the forward, the head-training or the fine-tuning figures (train and finetune "
                        "need --train-data)")
    p.add_argument("--ft-images", type=int, default=96, help="photos to fine-tune on (default 96)")
    p.add_argument("--ft-epochs", type=int, default=3, help="fine-tuning epochs (default 3)")
    p.add_argument("--ft-trainable", default="", help="comma-separated backbone parameter names that train; * = all")
    p.add_argument("--ft-lr-heads", type=float, default=1e-3)
    p.add_argument("--ft-lr-backbone", type=float, default=1e-4)
    return p.parse_args()


def note(message):
    print(message, file=sys.stderr, flush=True)


def emit(key, value):
    if isinstance(value, float):
        value = "%.6g" % value
    print("%s=%s" % (key, value), flush=True)


def load1():
    return os.getloadavg()[0]


def blas():
    """The BLAS this process uses: torch's build setting, and any BLAS library mapped into the process (Linux)."""
    import re
    info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    found = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if ("blas" in name or "mkl" in name) and path not in found:
                    found.append(path)
    except OSError:
        pass
    return "BLAS_INFO=%s,%s" % (info.group(1) if info else "?", ",".join(os.path.realpath(p) for p in found) or "no-shared-blas")


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def photo_list(images_dir, count):
    """First `count` photos by numeric id that have a styles.csv row (all photos when there is no styles.csv)."""
    styles = os.path.join(os.path.dirname(os.path.abspath(images_dir)), "styles.csv")
    rows = {}
    if os.path.isfile(styles):
        with open(styles, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            for fields in reader:
                if len(fields) == len(header):
                    rows[fields[0]] = dict(zip(header, fields))
    ids = []
    for name in os.listdir(images_dir):
        stem, ext = os.path.splitext(name)
        if ext.lower() == ".jpg" and stem.isdigit() and (not rows or stem in rows):
            ids.append(stem)
    ids.sort(key=int)
    if len(ids) < count:
        raise SystemExit("only %d photos in %s, %d asked" % (len(ids), images_dir, count))
    return ids[:count], rows


def preprocess(encoded, size):
    image = Image.open(io.BytesIO(encoded))
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    else:
        image = image.convert("RGB")
    image = ImageOps.fit(image, (size, size), BILINEAR)
    x = np.asarray(image, dtype=np.float32) / 127.5 - 1.0
    return x.transpose(2, 0, 1)


def cpu_ticks():
    """(busy, total) ticks of all cores and this process's ticks, from /proc; None where there is no /proc."""
    try:
        with open("/proc/stat") as f:
            cpu = [int(v) for v in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
        with open("/proc/self/stat") as f:
            own = f.read().rsplit(")", 1)[1].split()
        return sum(cpu) - cpu[3] - cpu[4], sum(cpu), int(own[11]) + int(own[12])
    except (OSError, ValueError, IndexError):
        return None


def best_of(reps, timed, name):
    """Runs timed() reps times; returns the shortest time, every time, and the last result. Emits the share of all
    cores that other processes used meanwhile as others_cpu_<name>."""
    seconds, result = [], None
    start_ticks = cpu_ticks()
    for _ in range(reps):
        start = time.perf_counter()
        result = timed()
        seconds.append(time.perf_counter() - start)
    end_ticks = cpu_ticks()
    if start_ticks and end_ticks and end_ticks[1] > start_ticks[1]:
        others = (end_ticks[0] - start_ticks[0] - (end_ticks[2] - start_ticks[2])) / (end_ticks[1] - start_ticks[1])
        emit("others_cpu_" + name, max(0.0, others))
    return min(seconds), seconds, result


def emit_rate(prefix, amount, unit, best, seconds):
    emit(prefix + "_" + unit, amount)
    emit(prefix + "_seconds", best)
    emit(prefix + "_all_seconds", ",".join("%.3f" % s for s in seconds))
    emit(prefix + "_" + unit + "_per_s", amount / best)


def forward_benchmark(args, model, device, encoded):
    size, b = args.size, args.batch

    def run(batch_bytes):
        x = torch.from_numpy(np.stack([preprocess(e, size) for e in batch_bytes])).to(device)
        with torch.no_grad():
            out = model(x)
        if isinstance(out, (tuple, list)):
            out = out[0]
        return out.reshape(out.shape[0], -1).float().cpu().numpy()

    for i in range(args.warmup):
        run(encoded[i * b:(i + 1) * b])
    emit("load1_forward", load1())
    best, seconds, features = best_of(args.reps, lambda: np.concatenate(
        [run(encoded[s:s + b]) for s in range(0, len(encoded), b)]), "forward")
    emit_rate("forward_e2e", len(encoded), "images", best, seconds)

    prepared = torch.from_numpy(np.stack([preprocess(e, size) for e in encoded[:b]])).to(device)

    def bare():
        with torch.no_grad():
            for _ in range(args.forward_reps):
                model(prepared)
        sync(device)

    with torch.no_grad():
        for _ in range(args.warmup):
            model(prepared)
    sync(device)
    emit("load1_forward_bare", load1())
    best, seconds, _ = best_of(args.reps, bare, "forward_bare")
    emit_rate("forward_bare", args.forward_reps * b, "images", best, seconds)
    return features


def read_train_data(path):
    """TrainingBenchmark's file: SSBT, int32 version, baseRows, rows, dim, heads, classes[heads], little-endian;
    then float32 base features (baseRows x dim), float32 rows (rows x dim), int32 labels (heads x rows)."""
    with open(path, "rb") as f:
        if f.read(4) != MAGIC:
            raise SystemExit("%s is not a TrainingBenchmark data file" % path)
        version, base_rows, rows, dim, heads = np.frombuffer(f.read(20), dtype="<i4")
        if version != 1:
            raise SystemExit("unsupported data file version %d" % version)
        classes = [int(c) for c in np.frombuffer(f.read(4 * heads), dtype="<i4")]
        sizes = (base_rows * dim, rows * dim, heads * rows)
        base, x, y = (np.frombuffer(f.read(4 * n), dtype=t, count=n).copy() for n, t in zip(sizes, ("<f4", "<f4", "<i4")))
    base, x, y = base.reshape(base_rows, dim), x.reshape(rows, dim), y.reshape(heads, rows)
    return base, x, [y[h].astype(np.int64) for h in range(heads)], classes


def label_space(values, top_k):
    """StyleSync's LabelSpace.fit(topK, minCount=1): top_k most frequent (ties by name), sorted, then Other."""
    counts = Counter(v for v in values if v and v.strip())
    kept = sorted(sorted(counts, key=lambda v: (-counts[v], v))[:top_k])
    classes = kept + (["Other"] if len(counts) > len(kept) else [])
    index = {c: i for i, c in enumerate(classes)}
    return classes, (lambda v: index.get(v, index.get("Other", -1)))


def own_train_data(args, features, ids, rows):
    rng = np.random.default_rng(args.seed)
    x = features[np.arange(args.rows) % len(features)]
    x = (x * (1 + 0.05 * rng.standard_normal(x.shape))).astype(np.float32)
    y, classes = [], []
    for attribute, top_k, fallback in (("articleType", 20, 21), ("masterCategory", 2, 3)):
        if rows:
            space, index = label_space([r.get(attribute) for r in rows.values()], top_k)
            base = np.array([index(rows[i].get(attribute)) for i in ids], dtype=np.int64)
            classes.append(len(space))
        else:
            base = rng.integers(0, fallback, len(ids))
            classes.append(fallback)
        y.append(base[np.arange(args.rows) % len(ids)])
    return x, y, classes


def train_epochs(args, x, ys, classes, device, epochs, seed):
    torch.manual_seed(seed)
    heads = []
    for c in classes:
        head = torch.nn.Linear(x.shape[1], c).to(device)
        torch.nn.init.xavier_uniform_(head.weight)
        torch.nn.init.zeros_(head.bias)
        heads.append(head)
    optimizer = torch.optim.Adam([p for h in heads for p in h.parameters()], lr=args.lr)
    generator = torch.Generator().manual_seed(seed)
    n = x.shape[0]
    loss_sum = 0.0
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator).to(device)
        loss_sum = 0.0
        for start in range(0, n, args.train_batch):
            idx = order[start:start + args.train_batch]
            xb = x[idx]
            loss = sum(F.cross_entropy(head(xb), y[idx], ignore_index=-1) for head, y in zip(heads, ys))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * idx.shape[0]
    sync(device)
    return loss_sum / n


def train_benchmark(args, device, x, ys, classes):
    x = torch.from_numpy(np.ascontiguousarray(x)).to(device)
    mean = x.mean(0)
    std = x.std(0, unbiased=False)
    x = (x - mean) / torch.where(std < 1e-6, torch.ones_like(std), std)
    ys = [torch.from_numpy(np.ascontiguousarray(y)).to(device) for y in ys]
    warmups = []
    for i in range(2):  # warm-up runs on fresh heads, as TrainingBenchmark does for DJL
        start = time.perf_counter()
        train_epochs(args, x, ys, classes, device, args.epochs, args.seed + 1 + i)
        warmups.append(time.perf_counter() - start)
    emit("train_warmup_seconds", ",".join("%.3f" % s for s in warmups))
    emit("load1_train", load1())
    best, seconds, final_loss = best_of(args.reps, lambda: train_epochs(args, x, ys, classes, device, args.epochs,
                                                                         args.seed), "train")
    emit("train_rows", x.shape[0])
    emit("train_dim", x.shape[1])
    emit("train_classes", "+".join(str(c) for c in classes))
    emit("train_epochs", args.epochs)
    emit_rate("train", args.epochs * x.shape[0], "samples", best, seconds)
    emit("train_final_epoch_loss", final_loss)


def finetune_benchmark(args, device, ys, classes):
    model = torch.jit.load(args.model, map_location=device)
    model.eval()  # batch norm keeps its running statistics; autograd still on
    names = [n for n, _ in model.named_parameters()]
    trainable = set(names) if args.ft_trainable == "*" else set(n for n in args.ft_trainable.split(",") if n)
    missing = trainable - set(names)
    if missing:
        raise SystemExit("no parameters %s in %s" % (sorted(missing), args.model))
    backbone_params = []
    for name, param in model.named_parameters():
        param.requires_grad_(name in trainable)
        if name in trainable:
            backbone_params.append(param)
    emit("finetune_trainable_tensors", len(backbone_params))
    ids, _ = photo_list(args.images, args.ft_images)
    images = []
    for i in ids:
        with open(os.path.join(args.images, i + ".jpg"), "rb") as f:
            x = preprocess(f.read(), args.size)  # float CHW in [-1, 1]
        images.append(np.round((x.transpose(1, 2, 0) + 1.0) * 127.5).astype(np.uint8))  # back to uint8 HWC
    images = np.stack(images)
    with torch.no_grad():
        dim = model(torch.zeros(1, 3, args.size, args.size, device=device)).reshape(1, -1).shape[1]
    torch.manual_seed(args.seed)
    heads = [torch.nn.Linear(dim, c).to(device) for c in classes]
    optimizer = torch.optim.Adam([{"params": backbone_params, "lr": args.ft_lr_backbone},
                                  {"params": [p for h in heads for p in h.parameters()], "lr": args.ft_lr_heads}])
    ys = [torch.from_numpy(np.ascontiguousarray(y[:args.ft_images])).to(device) for y in ys]
    generator = torch.Generator().manual_seed(args.seed)
    n, b = images.shape[0], args.batch
    step_seconds, step_images, counted = [], [], []
    emit("load1_finetune", load1())
    start_ticks = cpu_ticks()
    step = 0
    for epoch in range(args.ft_epochs):
        order = torch.randperm(n, generator=generator)
        for first, start in enumerate(range(0, n, b)):
            t0 = time.perf_counter()
            idx = order[start:start + b]
            batch = torch.from_numpy(images[idx.numpy()]).to(device)
            x = batch.permute(0, 3, 1, 2).float().div_(127.5).sub_(1.0).contiguous()
            features = model(x)
            features = features.reshape(features.shape[0], -1)
            idx_d = idx.to(device)
            loss = sum(F.cross_entropy(head(features), y[idx_d], ignore_index=-1) for head, y in zip(heads, ys))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()
            sync(device)
            step_seconds.append(time.perf_counter() - t0)
            step_images.append(idx.shape[0])
            counted.append(step >= args.warmup and not (epoch > 0 and first == 0))
            step += 1
    end_ticks = cpu_ticks()
    if start_ticks and end_ticks and end_ticks[1] > start_ticks[1]:
        emit("others_cpu_finetune", max(0.0, (end_ticks[0] - start_ticks[0] - (end_ticks[2] - start_ticks[2]))
                                        / (end_ticks[1] - start_ticks[1])))
    seconds = sum(s for s, c in zip(step_seconds, counted) if c)
    amount = sum(i for i, c in zip(step_images, counted) if c)
    emit("finetune_steps_timed", sum(counted))
    emit("finetune_step_seconds", ",".join("%.3f" % s for s in step_seconds))
    emit_rate("finetune", amount, "images", seconds, [seconds])


def main():
    args = parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device %s: CUDA is not available to this PyTorch" % args.device)
    torch.set_num_threads(args.threads)
    emit("torch_version", torch.__version__)
    emit("device", str(device) if device.type == "cpu" else "%s(%s)" % (device, torch.cuda.get_device_name(device)))
    emit("threads", torch.get_num_threads())
    emit("blas", blas())

    if args.phase == "train" and not args.train_data:
        raise SystemExit("--phase train needs --train-data")
    data = read_train_data(args.train_data) if args.train_data else None
    if args.phase in ("all", "forward"):
        model = torch.jit.load(args.model, map_location=device).eval()
        ids, rows = photo_list(args.images, args.count)
        encoded = []
        for i in ids:
            with open(os.path.join(args.images, i + ".jpg"), "rb") as f:
                encoded.append(f.read())
        features = forward_benchmark(args, model, device, encoded)
        emit("feature_dim", features.shape[1])
        if data is not None:
            if data[0].shape == features.shape:
                emit("features_max_abs_diff_vs_djl", float(np.abs(data[0] - features).max()))
            else:
                note("DJL features %s and these %s differ in shape: not compared" % (data[0].shape, features.shape))
        elif args.phase == "all":
            data = (None,) + own_train_data(args, features, ids, rows)
    if args.phase in ("all", "train"):
        train_benchmark(args, device, *data[1:])
    if args.phase == "finetune":
        if data is None:  # standalone: labels of the photos from styles.csv, as own_train_data fits them
            ids, rows = photo_list(args.images, args.ft_images)
            ys, classes = [], []
            for attribute, top_k in (("articleType", 20), ("masterCategory", 2)):
                space, index = label_space([r.get(attribute) for r in rows.values()], top_k)
                ys.append(np.array([index(rows[i].get(attribute)) for i in ids], dtype=np.int64))
                classes.append(len(space))
            data = (None, None, ys, classes)
        finetune_benchmark(args, device, data[2], data[3])


if __name__ == "__main__":
    main()
