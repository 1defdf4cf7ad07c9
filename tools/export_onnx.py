#!/usr/bin/env python3
"""Exports a TorchScript backbone (the .pt a bundle carries) to ONNX for ONNX Runtime, optionally also as INT8.

  <name>.onnx         fp32, opset 17, dynamic batch dimension ("input" N x 3 x S x S -> "features" N x D).
                      Written only if ONNX Runtime reproduces the TorchScript outputs on random input, batches of
                      1 and 16: max abs diff <= 1e-4 (issue 19's bar).
  <name>.int8.onnx    with --calibration-dir: static INT8 quantization (onnxruntime.quantization, QOperator
                      format, per-channel 7-bit weights (reduce_range), u8 activations, the first and last
                      convolutions kept in fp32) calibrated on up to
                      --calibration-count images of that folder, preprocessed as the backbone expects. INT8
                      cannot meet 1e-4; its feature cosine to fp32 is recorded instead, and its accuracy per head
                      is what decides whether it may serve (not measured here).
  <name>.onnx.json    sidecar: source .pt and outputs with SHA-256, input size, normalisation, opset, the max abs
                      diff measured, the fp32 output for an all-0.5 input (a Java load checks it again), versions.

With --bundle DIR the backbone is the model bundle's own (bundle.json's backbone.file), the exports are written into
the bundle (backbone.onnx, backbone.int8.onnx and their sidecars) and listed in bundle.json's backbone.exports with
their SHA-256, so inference can serve them (stylesync.inference.engine). --eval-dir (a folder in the kaggle-styles
layout, e.g. held-out images of the model's own dataset) then measures each head's accuracy with the fp32 and the
INT8 backbone on the same pixels; the drop per head, in points, is recorded with the INT8 export and decides whether
inference may serve it (stylesync.inference.engine.int8-max-accuracy-drop, default 0.5).

The input size and normalisation come from the .pt's own sidecar (<name>.json, written by export_backbone.py) when
there is one, else --size / --mean / --std (the shared MobileNetV2: 224, 127.5, 127.5).

Prerequisites (Debian 12): python3-torch from Debian, onnx and onnxruntime 1.22.0 from PyPI in a venv that sees
the system packages (make deps-onnx):
  /usr/bin/python3 -m venv --system-site-packages .stylesync/onnx-venv
  .stylesync/onnx-venv/bin/pip install "numpy<2" onnx==1.23.2 onnxruntime==1.22.0
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_backbone import ExportError, sha256_of  # noqa: E402

TOLERANCE = 1e-4
OPSET = 17


def preprocessing_of(pt, args):
    sidecar = pt.with_suffix(".json")
    if sidecar.exists():
        pre = json.loads(sidecar.read_text()).get("preprocessing", {})
        if pre.get("width") and pre.get("mean") is not None:
            return pre["width"], pre["mean"], pre["std"]
    return args.size, [args.mean] * 3, [args.std] * 3


def export(args):
    import numpy as np
    import onnxruntime as ort
    import torch

    pt = args.backbone
    if not pt.is_file():
        raise ExportError(f"no TorchScript backbone at {pt}")
    size, mean, std = args.preprocessing if args.bundle else preprocessing_of(pt, args)
    model = torch.jit.load(str(pt), map_location="cpu").eval()
    out = args.out or pt.with_suffix(".onnx")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".onnx.partial")
    with torch.no_grad():
        torch.onnx.export(model, (torch.zeros(1, 3, size, size),), str(partial), input_names=["input"],
                          output_names=["features"], opset_version=OPSET,
                          dynamic_axes={"input": {0: "batch"}, "features": {0: "batch"}})
    session = ort.InferenceSession(str(partial), providers=["CPUExecutionProvider"])
    generator = torch.Generator().manual_seed(20261203)
    diffs = []
    with torch.no_grad():
        for batch in (1, 16):
            x = torch.randn(batch, 3, size, size, generator=generator)
            reference = model(x).numpy()
            got = session.run(None, {"input": x.numpy()})[0]
            if got.shape != reference.shape:
                raise ExportError(f"ONNX Runtime returns {got.shape} for a batch of {batch}, TorchScript {reference.shape}")
            diffs.append(float(np.abs(got - reference).max()))
        check = session.run(None, {"input": np.full((1, 3, size, size), 0.5, dtype=np.float32)})[0][0]
    max_diff = max(diffs)
    if not max_diff <= TOLERANCE:
        partial.unlink()
        raise ExportError(f"ONNX Runtime differs from TorchScript: max abs diff {max_diff:.3g} (limit {TOLERANCE:g}); "
                          "nothing written")
    partial.replace(out)
    meta = {
        "source": {"file": pt.name, "sha256": sha256_of(pt)},
        "onnx": {"file": out.name, "sha256": sha256_of(out), "opset": OPSET, "maxAbsDiff": max_diff,
                 "tolerance": TOLERANCE},
        "preprocessing": {"width": size, "height": size, "mean": mean, "std": std},
        "featureDim": int(check.shape[0]),
        "checkInput": 0.5,
        "checkOutput": [float(v) for v in check],
        "versions": {"torch": torch.__version__, "onnxruntime": ort.__version__},
        "exportedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    print(f"onnx        {out}  max abs diff {max_diff:.2e} (batches 1 and 16)")
    if args.calibration_dir:
        meta["int8"] = quantize(args, out, session, size, mean, std)
    sidecar = Path(str(out) + ".json")
    sidecar.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"sidecar     {sidecar}")
    return meta


def image_files(folder):
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not files:
        raise ExportError(f"no .jpg or .png under {folder}")
    return files


def evenly(files, count):
    return files[:: max(1, len(files) // count)][:count]


def tensor_of(path, size, mean, std):
    import numpy as np
    from PIL import Image

    image = Image.open(path).convert("RGB")
    side = min(image.size)  # centre square, as CENTER_CROP serves
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((size, size), Image.BILINEAR)
    a = np.asarray(image, dtype=np.float32)
    a = (a - np.array(mean, dtype=np.float32)) / np.array(std, dtype=np.float32)
    return a.transpose(2, 0, 1)[None]


def calibration_images(args, size, mean, std):
    return [tensor_of(f, size, mean, std) for f in evenly(image_files(args.calibration_dir), args.calibration_count)]


def quantize(args, fp32, session, size, mean, std):
    import numpy as np
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process
    import onnxruntime as ort

    tensors = calibration_images(args, size, mean, std)

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(tensors)

        def get_next(self):
            t = next(self.it, None)
            return None if t is None else {"input": t}

    prepared = fp32.with_suffix(".prep.onnx")
    int8 = fp32.with_suffix(".int8.onnx")
    quant_pre_process(str(fp32), str(prepared))
    import onnx

    convs = [n.name for n in onnx.load(str(prepared)).graph.node if n.op_type == "Conv"]
    kept_fp32 = [convs[0], convs[-1]] if len(convs) > 2 else []
    # QOperator: ORT runs QLinearConv on its MLAS int8 kernels, 2.7x the fp32 export on an AVX2 CPU, where the QDQ
    # format gave 1.35x. reduce_range (7-bit weights): without it, CPUs without VNNI (AVX2: u8 x s8 pairs summed in
    # saturating int16) lost 8-10 points of articleType (feature cosine 0.82 to fp32); with it 1.4-2.5, and 1.1-1.6
    # with the first and last convolutions kept in fp32, at the same speed (docs/inference.md)
    quantize_static(str(prepared), str(int8), Reader(), quant_format=QuantFormat.QOperator, per_channel=True,
                    reduce_range=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    nodes_to_exclude=kept_fp32)
    prepared.unlink()
    quantized = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    sample = np.concatenate(tensors[:32])
    a = session.run(None, {"input": sample})[0]
    b = quantized.run(None, {"input": sample})[0]
    cosine = float(np.mean(np.sum(a * b, 1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))))
    print(f"int8        {int8}  {len(tensors)} calibration images, mean feature cosine to fp32 {cosine:.4f}")
    return {"file": int8.name, "sha256": sha256_of(int8), "calibrationImages": len(tensors),
            "calibrationDir": str(args.calibration_dir), "featureCosine": cosine,
            "format": "QOperator, per-channel s8 weights in 7 bits (reduce_range), u8 activations",
            "keptFp32": kept_fp32,
            "cpu": cpu_model()}


def cpu_model():
    """The CPU the INT8 export was calibrated and measured on: int8 kernels differ between CPUs (VNNI or not)."""
    import platform

    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    info = {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}
    vnni = "VNNI" if "vnni" in info.get("flags", "") else "no VNNI"
    return f"{info.get('model name') or platform.machine()} ({vnni})"


def read_heads(bundle, manifest):
    """heads.bin as ModelBundle writes it: magic, count, then per head UTF name, classes, dim, the hidden layer's
    weights and biases when the manifest gives the head `hiddenUnits`, then the output layer's. Each head comes back
    as (spec, scorer): scorer maps a feature matrix to logits."""
    import struct

    import numpy as np

    data = (bundle / "heads.bin").read_bytes()
    pos = 8

    def layer(rows, cols):
        nonlocal pos
        weight = np.frombuffer(data, dtype=">f4", count=rows * cols, offset=pos).reshape(rows, cols)
        pos += 4 * rows * cols
        bias = np.frombuffer(data, dtype=">f4", count=rows, offset=pos)
        pos += 4 * rows
        return weight.astype(np.float32), bias.astype(np.float32)

    heads = []
    for spec in manifest["heads"]:
        (length,) = struct.unpack_from(">H", data, pos)
        pos += 2 + length
        classes, dim = struct.unpack_from(">ii", data, pos)
        pos += 8
        units = spec.get("hiddenUnits") or 0
        hidden = layer(units, dim) if units else None
        output = layer(classes, units or dim)

        def scorer(x, hidden=hidden, output=output):
            if hidden is not None:
                x = np.maximum(x @ hidden[0].T + hidden[1], 0)
            return x @ output[0].T + output[1]

        heads.append((spec, scorer))
    return heads


def head_accuracy_drops(args, manifest, fp32_file, int8_file, size, mean, std):
    """Accuracy per head, fp32 and INT8 backbones on the same images of --eval-dir; drop in points."""
    import csv

    import numpy as np
    import onnxruntime as ort

    with open(args.eval_dir / "styles.csv", newline="", encoding="utf-8", errors="replace") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    files = [p for p in image_files(args.eval_dir / "images") if p.stem in rows]
    files = evenly(files, args.eval_count)
    heads = read_heads(args.bundle, manifest)
    sessions = [ort.InferenceSession(str(m), providers=["CPUExecutionProvider"]) for m in (fp32_file, int8_file)]
    features = [[], []]
    for start in range(0, len(files), 32):
        batch = np.concatenate([tensor_of(p, size, mean, std) for p in files[start:start + 32]])
        for i, session in enumerate(sessions):
            features[i].append(session.run(None, {"input": batch})[0])
    features = [np.concatenate(f) for f in features]
    drops, report = {}, {}
    for spec, scorer in heads:
        index = {c: i for i, c in enumerate(spec["classes"])}
        other = index.get(spec.get("otherClass"))
        labels = [index.get(rows[p.stem].get(spec["attribute"], ""), other) for p in files]
        keep = np.array([label is not None for label in labels])
        if not keep.any():
            continue
        truth = np.array([label for label in labels if label is not None])
        accuracy = [float(np.mean(scorer(f[keep]).argmax(1) == truth)) for f in features]
        drops[spec["attribute"]] = round(100 * (accuracy[0] - accuracy[1]), 3)
        report[spec["attribute"]] = {"n": int(keep.sum()), "fp32": accuracy[0], "int8": accuracy[1]}
        print(f"accuracy    {spec['attribute']:<15} n={keep.sum():<5} fp32 {accuracy[0]:.4f}  int8 {accuracy[1]:.4f}  "
              f"drop {drops[spec['attribute']]:+.2f} points")
    if not drops:
        raise ExportError(f"no image of {args.eval_dir} has a label any head knows")
    print(f"int8_accuracy_drop={max(drops.values()):.2f}")
    return drops, report


def export_into_bundle(args):
    manifest_file = args.bundle / "bundle.json"
    if not manifest_file.is_file():
        raise ExportError(f"no bundle.json in {args.bundle}")
    manifest = json.loads(manifest_file.read_text())
    pre = manifest["preprocessing"]
    if pre["width"] != pre["height"]:
        raise ExportError(f"the bundle's input is {pre['width']}x{pre['height']}: only square inputs are exported")
    args.backbone = args.bundle / manifest["backbone"]["file"]
    args.out = args.bundle / "backbone.onnx"
    args.preprocessing = (pre["width"], pre["mean"], pre["std"])
    meta = export(args)
    exports = {"onnxruntime": {"file": args.out.name, "sha256": meta["onnx"]["sha256"],
                               "maxAbsDiff": meta["onnx"]["maxAbsDiff"]}}
    if "int8" in meta:
        int8 = {"file": meta["int8"]["file"], "sha256": meta["int8"]["sha256"]}
        if args.eval_dir:
            drops, report = head_accuracy_drops(args, manifest, args.out, args.bundle / int8["file"],
                                                *args.preprocessing)
            int8["accuracyDrop"] = drops
            meta["int8"]["accuracy"] = {"evalDir": str(args.eval_dir), "heads": report}
            Path(str(args.out) + ".json").write_text(json.dumps(meta, indent=2) + "\n")
        exports["onnxruntime-int8"] = int8
    manifest["backbone"]["exports"] = exports
    # the sidecar travels with the bundle: inference checks the fp32 export against its check output at load
    manifest.setdefault("files", {})["onnxCheck"] = args.out.name + ".json"
    partial = manifest_file.with_suffix(".json.partial")
    partial.write_text(json.dumps(manifest, indent=2) + "\n")
    partial.replace(manifest_file)
    print(f"bundle      {manifest_file}: backbone.exports = {', '.join(exports)}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--backbone", type=Path, help="the TorchScript backbone (.pt)")
    source.add_argument("--bundle", type=Path, help="a model bundle directory: export its backbone into it")
    p.add_argument("--out", type=Path, help="the .onnx to write (default: beside the .pt)")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--mean", type=float, default=127.5)
    p.add_argument("--std", type=float, default=127.5)
    p.add_argument("--calibration-dir", type=Path, help="images for INT8 calibration (e.g. a training split)")
    p.add_argument("--calibration-count", type=int, default=256)
    p.add_argument("--eval-dir", type=Path, help="with --bundle: kaggle-styles folder to measure INT8's accuracy on")
    p.add_argument("--eval-count", type=int, default=500)
    args = p.parse_args(argv)
    try:
        export_into_bundle(args) if args.bundle else export(args)
    except ExportError as e:
        print(f"export_onnx: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
