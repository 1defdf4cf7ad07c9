#!/usr/bin/env python3
"""`make evaluate DATASET=<dir>`: ingest a directory in the kaggle-styles layout and evaluate the champion on it.

Prints one line per head: accuracy.<head>=<value>. Needs the services `make demo` starts (ingest,
training, MLflow) and a champion (make demo trains and promotes one).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from demo import http, upload, s3_client, ingest  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset-dir", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--model", default="stylesync-fashion")
    p.add_argument("--version", default="champion")
    p.add_argument("--split", default="all", choices=["train", "val", "test", "all"])
    p.add_argument("--s3", default="http://127.0.0.1:9000")
    p.add_argument("--access-key", default="stylesync")
    p.add_argument("--secret-key", default="stylesync-local-secret")
    p.add_argument("--ingest", default="http://127.0.0.1:8081")
    p.add_argument("--training", default="http://127.0.0.1:8082")
    args = p.parse_args()

    upload(s3_client(args), args.dataset_dir, "raw", args.name)
    job = ingest(args, args.name, quiet=True)
    status, result = http("POST", args.training + "/api/v1/evaluations", {
        "model": args.model, "version": args.version, "datasetVersion": job["version"], "split": args.split},
        timeout=1800)  # synchronous: embeds every image of the dataset with the model's backbone
    if status != 200:
        print(f"evaluation failed ({status}): {result.get('detail') if isinstance(result, dict) else result}", file=sys.stderr)
        sys.exit(1)
    print(f"# model {args.model} version {result['version']} on dataset {args.name} {job['version']} ({result['split']})",
          file=sys.stderr)
    for head in result["heads"]:
        print(f"accuracy.{head['attribute']}={head['accuracy']:.4f}")


if __name__ == "__main__":
    main()
