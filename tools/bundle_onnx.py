#!/usr/bin/env python3
"""Adds ONNX Runtime exports to a registered model version: `make bundle-onnx [VERSION=champion]`.

Downloads the version's bundle from MLflow, runs tools/export_onnx.py --bundle on it (fp32 backbone.onnx, and INT8
backbone.int8.onnx calibrated on --calibration-dir with its accuracy per head measured on --eval-dir), uploads the
result under the same MLflow run as `model-onnx/` and registers it as a new version of the same model, tagged with
the version it came from. INT8's accuracy drop per head (points) is logged to the source run as metrics
`int8.<head>.accuracy_drop` and tagged on the new version (`int8.accuracy_drop.max`). Nothing is promoted: serve it with training-service's promote endpoint, and pick the
engine with stylesync.inference.engine.name (onnxruntime by default; onnxruntime-int8 is served only within
stylesync.inference.engine.int8-max-accuracy-drop).

Runs in .venv (MLflow client); the export runs in the ONNX venv given by --onnx-python (make deps-onnx).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mlflow
from mlflow import MlflowClient


def resolve(client, model, version):
    if version.isdigit():
        return client.get_model_version(model, version)
    return client.get_model_version_by_alias(model, version)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tracking", default="http://127.0.0.1:5000")
    p.add_argument("--model", default="stylesync-fashion")
    p.add_argument("--version", default="champion", help="a version number or an alias")
    p.add_argument("--onnx-python", required=True)
    p.add_argument("--calibration-dir", type=Path, required=True)
    p.add_argument("--eval-dir", type=Path, help="kaggle-styles folder of labelled held-out images")
    p.add_argument("--eval-count", type=int, default=500)
    args = p.parse_args(argv)

    mlflow.set_tracking_uri(args.tracking)
    client = MlflowClient()
    source = resolve(client, args.model, args.version)
    print(f"== {args.model} version {source.version} (run {source.run_id})")
    with tempfile.TemporaryDirectory(prefix="bundle-onnx-") as tmp:
        bundle = Path(mlflow.artifacts.download_artifacts(artifact_uri=source.source, dst_path=tmp))
        command = [args.onnx_python, str(Path(__file__).with_name("export_onnx.py")), "--bundle", str(bundle),
                   "--calibration-dir", str(args.calibration_dir)]
        if args.eval_dir:
            command += ["--eval-dir", str(args.eval_dir), "--eval-count", str(args.eval_count)]
        if subprocess.run(command).returncode != 0:
            print("bundle_onnx: the export failed; nothing registered", file=sys.stderr)
            return 1
        int8 = json.loads((bundle / "bundle.json").read_text())["backbone"].get("exports", {}).get(
            "onnxruntime-int8", {})
        drops = int8.get("accuracyDrop", {})
        for head, drop in drops.items():
            client.log_metric(source.run_id, f"int8.{head}.accuracy_drop", drop)
        artifact_path = f"model-onnx-v{source.version}"
        client.log_artifacts(source.run_id, str(bundle), artifact_path)
    run = client.get_run(source.run_id)
    created = client.create_model_version(
        args.model, f"{run.info.artifact_uri}/{artifact_path}", run_id=source.run_id,
        # the source's tags (metric.*, dataset.version, training.run) carry over: promotion compares those metrics
        tags={**source.tags, "onnx.exported_from_version": source.version,
              **({"int8.accuracy_drop.max": f"{max(drops.values()):.2f}"} if drops else {})},
        description=f"version {source.version} with its backbone exported to ONNX (fp32 and INT8)")
    for _ in range(120):
        created = client.get_model_version(args.model, created.version)
        if created.status == "READY":
            break
        time.sleep(0.5)
    print(f"registered {args.model} version {created.version} ({created.status}) = version {source.version} "
          f"+ backbone.onnx, backbone.int8.onnx")
    print(f"serve it: curl -XPOST localhost:8082/api/v1/models/{args.model}/promote -H 'Content-Type: application/json' "
          f"-d '{{\"version\": \"{created.version}\", \"force\": true}}'")
    print(f"onnx_version={created.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
