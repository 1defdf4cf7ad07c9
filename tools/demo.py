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


def add_service_arguments(p):
    """Where the services and the S3 store the local run started are: the same options for every driver."""
    p.add_argument("--s3", default="http://127.0.0.1:9000")
    p.add_argument("--access-key", default="stylesync")
    p.add_argument("--secret-key", default="stylesync-local-secret")
    p.add_argument("--ingest", default="http://127.0.0.1:8081")
    p.add_argument("--training", default="http://127.0.0.1:8082")


def s3_client(args):
    return boto3.client("s3", endpoint_url=args.s3, aws_access_key_id=args.access_key,
                        aws_secret_access_key=args.secret_key, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                      response_checksum_validation="when_required"))


# Every attribute the Kaggle catalogue labels, one head each. Long tails are folded into Other by training
# (LabelSpace: the 20 most frequent classes with >= 10 training examples are kept, the rest become Other).
CATALOGUE_ATTRIBUTES = ["articleType", "masterCategory", "subCategory", "gender", "baseColour", "season", "usage"]


def ingest(args, name, quiet=False, image_size=224, resize=None, attributes=None):
    request = {"source": f"s3://raw/{name}", "layout": "kaggle-styles", "dataset": name,
               "targetAttributes": attributes or CATALOGUE_ATTRIBUTES, "imageSize": image_size}
    if resize:
        request["resize"] = resize
    status, job = http("POST", args.ingest + "/api/v1/datasets", request)
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


def backbone_input_size(backbone, default=224):
    """The input side a local backbone's sidecar (<name>.json beside <name>.pt) declares: Lite1 240, Lite2 260."""
    if not backbone or backbone.startswith("s3://"):
        return default
    sidecar = os.path.splitext(backbone)[0] + ".json"
    try:
        with open(sidecar, encoding="utf-8") as f:
            return int(json.load(f)["preprocessing"]["width"])
    except (OSError, ValueError, KeyError, TypeError):
        return default


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset-dir", required=True)
    p.add_argument("--name", default="fashion-mnist")
    add_service_arguments(p)
    p.add_argument("--image-size", type=int,
                   help="side images are ingested and the backbone is fed at (default: the backbone sidecar's "
                        "preprocessing width, written by tools/export_backbone.py, else 224)")
    p.add_argument("--attributes", type=lambda v: v.split(","), default=CATALOGUE_ATTRIBUTES,
                   help="comma-separated target attributes, one head each (default: every catalogue attribute)")
    p.add_argument("--resize", choices=["PAD", "STRETCH", "CENTER_CROP"],
                   help="how ingest brings images to --image-size; the model is served with the same (ingest's default: PAD)")
    p.add_argument("--backbone", help="TorchScript backbone (path or s3:// URI); no training when unset")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--inference", default="http://127.0.0.1:8083")
    p.add_argument("--monitoring", default="http://127.0.0.1:8084")
    p.add_argument("--predict", type=int, default=8, help="held-out (test split) images sent to /predict after promotion")
    args = p.parse_args()
    if args.image_size is None:
        args.image_size = backbone_input_size(args.backbone)
    steps = 3 if not args.backbone else 6

    print(f"[1/{steps}] Uploading {args.dataset_dir} to s3://raw/{args.name}/ ...")
    upload(s3_client(args), args.dataset_dir, "raw", args.name)
    print(f"[2/{steps}] Ingesting ...")
    job = ingest(args, args.name, image_size=args.image_size, resize=args.resize, attributes=args.attributes)

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
        predict_held_out(args, job["version"], model, steps)
    print("\nWhere to look:")
    if model:
        print(f"  web page            {args.inference}/  (#/analyse a garment, #/advisor, #/model and drift)")
    print(f"  ingest Swagger UI   {args.ingest}/swagger-ui.html")
    print(f"  dataset manifest    {args.ingest}/api/v1/datasets/{job['version']}")
    print(f"  quality report      {args.ingest}/api/v1/datasets/{job['version']}/quality-report")
    print(f"  reference stats     {args.ingest}/api/v1/datasets/{job['version']}/reference-stats")
    print(f"  stored under        s3://stylesync/processed/{args.name}/{job['version']}/ ({args.s3})")
    print(f"  metrics             {args.ingest}/actuator/prometheus")
    if model:
        print(f"  training Swagger UI {args.training}/swagger-ui.html")
        print(f"  MLflow UI           http://127.0.0.1:5000/#/models/{model['name']}")
        print(f"  inference Swagger   {args.inference}/swagger-ui.html")
        print(f"  drift page          {args.monitoring}/drift")
        print(f"  monitoring Swagger  {args.monitoring}/swagger-ui.html")


def train_and_promote(args, dataset_version, steps):
    print(f"[4/{steps}] Training heads on the frozen backbone {args.backbone} ...")
    status, run = http("POST", args.training + "/api/v1/training-runs", {
        "datasetVersion": dataset_version, "backbone": args.backbone, "epochs": args.epochs, "seed": 42,
        "imageSize": args.image_size})
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
    return {"name": run["modelName"], "version": run["modelVersion"], "promoted": result["promoted"]}


def multipart(field, filename, data):
    boundary = "----stylesync-demo"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_image(url, data):
    body, content_type = multipart("image", "held-out.jpg", data)
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def predict_held_out(args, dataset_version, model, steps):
    wanted = model["version"] if model["promoted"] else None  # not promoted: the earlier champion keeps serving
    print(f"[6/{steps}] Waiting for inference-service to serve "
          f"{model['name'] + ' v' + wanted if wanted else 'the champion'} (it polls the alias every 30 s) ...")
    deadline = time.time() + 300
    while True:
        status, info = http("GET", f"{args.inference}/api/v1/model")
        if status == 200 and (wanted is None or info["version"] == wanted):
            print(f"  serving {info['name']} v{info['version']} on {info['device']}")
            break
        if time.time() > deadline:
            print(f"inference-service did not load the champion: {status} {info}", file=sys.stderr)
            sys.exit(1)
        time.sleep(2)
    s3 = s3_client(args)
    prefix = f"processed/{args.name}/{dataset_version}/"
    rows = s3.get_object(Bucket="stylesync", Key=prefix + "splits/test.csv")["Body"].read().decode().splitlines()
    header = rows[0].split(",")
    held_out = [dict(zip(header, r.split(","))) for r in rows[1:1 + args.predict]]
    right = 0
    for row in held_out:
        image = s3.get_object(Bucket="stylesync", Key=prefix + row["key"])["Body"].read()
        status, answer = post_image(f"{args.inference}/api/v1/predict?topK=1", image)
        if status != 200:
            print(f"/predict answered {status}: {answer}", file=sys.stderr)
            sys.exit(1)
        predicted = {head: labels[0]["label"] for head, labels in answer["predictions"].items()}
        truth = {head: row[head] for head in predicted if head in row}
        ok = all(predicted[h] == truth[h] for h in truth)
        right += ok
        summary = ", ".join(f"{h}={predicted[h]} ({answer['predictions'][h][0]['probability']:.2f})" for h in predicted)
        print(f"  {row['id']:>10}  {'ok ' if ok else 'MISS'}  {summary}   [true: {', '.join(truth.values())}]"
              f"  {answer['timings']['totalMs']:.0f} ms")
        http("POST", f"{args.monitoring}/api/v1/feedback", {"predictionId": answer["predictionId"], "labels": truth})
    print(f"  {right}/{len(held_out)} held-out images right on every head; feedback sent to monitoring-service")
    time.sleep(2)  # events travel to monitoring in the background
    status, drift = http("GET", f"{args.monitoring}/api/v1/drift")
    if status == 200:
        print(f"  monitoring-service: {json.dumps({k: drift[k] for k in drift if not isinstance(drift[k], (list, dict))})}")


if __name__ == "__main__":
    main()
