#!/usr/bin/env python3
"""The StyleSync demo driver: upload a dataset in the Kaggle layout to S3, ingest it, show the result.

Called by `make demo` once the services run. Talks to them over their public REST APIs only.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def http(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def upload(s3, directory, bucket, prefix):
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    except Exception as e:  # S3Proxy answers BucketAlreadyExists
        if "BucketAlready" not in str(e):
            raise
    files = []
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            files.append((path, prefix + "/" + os.path.relpath(path, directory).replace(os.sep, "/")))
    done = 0
    with ThreadPoolExecutor(16) as pool:
        for _ in pool.map(lambda f: s3.upload_file(f[0], bucket, f[1]), files):
            done += 1
            if done % 1000 == 0 or done == len(files):
                print(f"\r  uploaded {done}/{len(files)} objects", end="", flush=True)
    print()
    return len(files)


def s3_client(args):
    return boto3.client("s3", endpoint_url=args.s3, aws_access_key_id=args.access_key,
                        aws_secret_access_key=args.secret_key, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                      response_checksum_validation="when_required"))


def ingest(args, name, quiet=False, image_size=224):
    status, job = http("POST", args.ingest + "/api/v1/datasets", {
        "source": f"s3://raw/{name}", "layout": "kaggle-styles", "dataset": name,
        "targetAttributes": ["articleType", "masterCategory"], "imageSize": image_size})
    if status != 202:
        print(f"ingest request refused ({status}): {json.dumps(job, indent=2)}", file=sys.stderr)
        sys.exit(1)
    while job["state"] in ("QUEUED", "RUNNING"):
        time.sleep(1)
        _, job = http("GET", f"{args.ingest}/api/v1/ingest-jobs/{job['id']}")
        c = job["counts"]
        eta = f", ETA {job['etaSeconds']} s" if job.get("etaSeconds") is not None else ""
        if not quiet:
            print(f"\r  {job['phase']:<17} {job['percent']:5.1f}%  {c['processed']}/{c['candidates']} images{eta}   ",
                  end="", flush=True)
    if not quiet:
        print()
    if job["state"] != "SUCCEEDED":
        print(f"ingest FAILED: {job.get('error')}", file=sys.stderr)
        sys.exit(1)
    return job


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset-dir", required=True)
    p.add_argument("--name", default="fashion-mnist")
    p.add_argument("--s3", default="http://127.0.0.1:9000")
    p.add_argument("--access-key", default="stylesync")
    p.add_argument("--secret-key", default="stylesync-local-secret")
    p.add_argument("--ingest", default="http://127.0.0.1:8081")
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--training", default="http://127.0.0.1:8082")
    p.add_argument("--backbone", help="TorchScript backbone (path or s3:// URI); no training when unset")
    p.add_argument("--epochs", type=int, default=30)
    args = p.parse_args()
    steps = 3 if not args.backbone else 5

    print(f"[1/{steps}] Uploading {args.dataset_dir} to s3://raw/{args.name}/ ...")
    upload(s3_client(args), args.dataset_dir, "raw", args.name)
    print(f"[2/{steps}] Ingesting ...")
    job = ingest(args, args.name, image_size=args.image_size)

    _, manifest = http("GET", f"{args.ingest}/api/v1/datasets/{job['version']}")
    counts = manifest["counts"]
    print(f"[3/{steps}] Dataset {args.name} version {job['version']}{' (unchanged)' if job['unchanged'] else ''}")
    print(f"  accepted {counts['accepted']}  rejected {counts['rejected']}  "
          f"train/val/test {counts['train']}/{counts['val']}/{counts['test']}  reused {counts['reused']}")
    for attr, labels in manifest["labelMaps"].items():
        print(f"  {attr}: {len(labels)} classes ({', '.join(labels[:10])}{' ...' if len(labels) > 10 else ''})")
    model = None
    if args.backbone:
        model = train_and_promote(args, job["version"], steps)
    print("\nWhere to look:")
    print(f"  ingest Swagger UI   {args.ingest}/swagger-ui.html")
    print(f"  dataset manifest    {args.ingest}/api/v1/datasets/{job['version']}")
    print(f"  quality report      {args.ingest}/api/v1/datasets/{job['version']}/quality-report")
    print(f"  reference stats     {args.ingest}/api/v1/datasets/{job['version']}/reference-stats")
    print(f"  stored under        s3://stylesync/processed/{args.name}/{job['version']}/ ({args.s3})")
    print(f"  metrics             {args.ingest}/actuator/prometheus")
    if model:
        print(f"  training Swagger UI {args.training}/swagger-ui.html")
        print(f"  MLflow UI           http://127.0.0.1:5000/#/models/{model['name']}")


def train_and_promote(args, dataset_version, steps):
    print(f"[4/{steps}] Training heads on the frozen backbone {args.backbone} ...")
    status, run = http("POST", args.training + "/api/v1/training-runs", {
        "datasetVersion": dataset_version, "backbone": args.backbone, "epochs": args.epochs, "seed": 42})
    if status != 202:
        print(f"training request refused ({status}): {json.dumps(run, indent=2)}", file=sys.stderr)
        sys.exit(1)
    while run["state"] in ("QUEUED", "RUNNING"):
        time.sleep(2)
        _, run = http("GET", f"{args.training}/api/v1/training-runs/{run['id']}")
        eta = f", ETA {run['etaSeconds']} s" if run.get("etaSeconds") is not None else ""
        if run["phase"] == "FEATURES":
            detail = f"{run['imagesEmbedded']}/{run['imagesToEmbed']} images embedded"
        else:
            loss = f", loss {run['trainLoss']:.4f}" if run.get("trainLoss") is not None else ""
            detail = f"epoch {run['epoch']}/{run['epochs']}{loss}"
        print(f"\r  {run['phase']:<12} {detail}{eta}          ", end="", flush=True)
    print()
    if run["state"] != "SUCCEEDED":
        print(f"training {run['state']}: {run.get('error')}", file=sys.stderr)
        sys.exit(1)
    for name, value in sorted(run["metrics"].items()):
        if not name.startswith("val.") and name != "train_loss":
            print(f"  test {name:<28} {value:.4f}")
    print(f"  MLflow run {run['mlflowRunId']}, model {run['modelName']} version {run['modelVersion']} ({run['registration']})")
    print(f"[5/{steps}] Promoting version {run['modelVersion']} ...")
    status, result = http("POST", f"{args.training}/api/v1/models/{run['modelName']}/promote", {"version": run["modelVersion"]})
    if status != 200:
        print(f"promotion refused ({status}): {json.dumps(result, indent=2)}", file=sys.stderr)
        sys.exit(1)
    print(f"  {'promoted to champion' if result['promoted'] else 'not promoted'}: {result['reason']}")
    return {"name": run["modelName"], "version": run["modelVersion"]}


if __name__ == "__main__":
    main()
