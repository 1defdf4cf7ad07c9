#!/usr/bin/env python3
"""`make evaluate DATASET=<dir>`: ingest a directory in the kaggle-styles layout and evaluate the champion on it.

The images are ingested with the model's own resize policy (its bundle's, what /predict applies to an upload), so
the figures are those serving gets; --resize overrides it to measure another geometry. Prints one line per head
and metric: accuracy.<head>=, macro_f1.<head>=, top5_accuracy.<head>=, ece.<head>=. Needs the services
`make demo` starts (ingest, training, MLflow) and a champion (make demo trains and promotes one).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from demo import add_service_arguments, http, upload, s3_client, ingest  # noqa: E402


def model_bundle(args):
    """The manifest of --model at --version (a number or an alias); exits when there is none."""
    status, bundle = http("GET", f"{args.training}/api/v1/models/{args.model}/versions/{args.version}")
    if status != 200:
        sys.exit(f"no model {args.model} {args.version} ({status}): {bundle}")
    return bundle


def ingest_for_model(args, s3, directory, name, bundle, resize=None):
    """Uploads a kaggle-styles directory and ingests it as the model serves: its resize policy (unless resize says
    otherwise), input size and attributes. Returns the finished ingest job."""
    pre = bundle["preprocessing"]
    upload(s3, directory, "raw", name)
    return ingest(args, name, quiet=True, image_size=pre["width"], resize=resize or pre["resize"],
                  attributes=[h["attribute"] for h in bundle["heads"]])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset-dir", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--model", default="stylesync-fashion")
    p.add_argument("--version", default="champion")
    p.add_argument("--split", default="all", choices=["train", "val", "test", "all"])
    p.add_argument("--resize", choices=["PAD", "STRETCH", "CENTER_CROP"],
                   help="ingest with this policy instead of the model's (a what-if; not what serving does)")
    p.add_argument("--per-class", action="store_true", help="also print precision/recall/F1/support per class")
    add_service_arguments(p)
    args = p.parse_args()

    bundle = model_bundle(args)
    job = ingest_for_model(args, s3_client(args), args.dataset_dir, args.name, bundle, args.resize)
    status, result = http("POST", args.training + "/api/v1/evaluations", {
        "model": args.model, "version": args.version, "datasetVersion": job["version"], "split": args.split},
        timeout=1800)  # synchronous: embeds every image of the dataset with the model's backbone
    if status != 200:
        print(f"evaluation failed ({status}): {result.get('detail') if isinstance(result, dict) else result}", file=sys.stderr)
        sys.exit(1)
    print(f"# model {args.model} version {result['version']} on dataset {args.name} {job['version']} ({result['split']}), "
          f"images resized with {result['datasetResize']} (serving: {result['servingResize']})", file=sys.stderr)
    for head in result["heads"]:
        a = head["attribute"]
        if args.per_class:
            for label, m in sorted(head["perClass"].items(), key=lambda e: -e[1]["support"]):
                if m["support"] > 0:
                    print(f"#   {a:<15} {label:<24} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
                          f"f1 {m['f1']:.3f}  support {m['support']}", file=sys.stderr)
        print(f"accuracy.{a}={head['accuracy']:.4f}")
        print(f"macro_f1.{a}={head['macroF1']:.4f}")
        print(f"top5_accuracy.{a}={head['top5Accuracy']:.4f}")
        print(f"ece.{a}={head['expectedCalibrationError']:.4f}")


if __name__ == "__main__":
    main()
