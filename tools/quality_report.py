#!/usr/bin/env python3
"""`make quality DATASET=<dir> [PHOTOS=<dir>]`: the model on its clean test split, on that split re-rendered the way
uploads differ from catalogue thumbnails, and on a set of real photos, side by side.

The test split is the one the model was trained against (its bundle's lineage names the dataset version; the ids
come from that version's splits/test.csv in S3), read again from DATASET's original images and rendered:
  aspect-3:4      the square thumbnail stretched back to a 3:4 portrait, as catalogue photos are shot
  scale-0.5       half the resolution (a small upload, upscaled by ingest)
  small-in-frame  the garment at 2/3 of the frame on white (more background than the catalogue crops)
  jpeg-q50/q20    re-encoded at JPEG quality 50 / 20
Every rendered set is ingested with the model's own resize policy and image size (what /predict applies) and
evaluated with POST /api/v1/evaluations. Prints a table of accuracy per head, then accuracy.<set>.<head>= lines;
the last line is worst_shift_articletype=<lowest articleType accuracy over the renders>. Needs the services
`make demo` starts and a trained model.
"""
import argparse
import csv
import io
import os
import sys
import tempfile

from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
from demo import add_service_arguments, http, s3_client  # noqa: E402
from evaluate import ingest_for_model, model_bundle  # noqa: E402


def aspect_3_4(img):
    w, h = img.size
    return img.resize((w, round(h * 4 / 3)), Image.BILINEAR)


def scale_half(img):
    w, h = img.size
    return img.resize((max(1, w // 2), max(1, h // 2)), Image.BILINEAR)


def small_in_frame(img):
    w, h = img.size
    canvas = Image.new("RGB", (round(w * 1.5), round(h * 1.5)), (255, 255, 255))
    canvas.paste(img, ((canvas.width - w) // 2, (canvas.height - h) // 2))
    return canvas


def jpeg(quality):
    def render(img):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return render


RENDERS = {"aspect-3:4": aspect_3_4, "scale-0.5": scale_half, "small-in-frame": small_in_frame,
           "jpeg-q50": jpeg(50), "jpeg-q20": jpeg(20)}


def evaluate(args, dataset_version, split):
    status, result = http("POST", args.training + "/api/v1/evaluations", {
        "model": args.model, "version": args.version, "datasetVersion": dataset_version, "split": split},
        timeout=1800)
    if status != 200:
        detail = result.get("detail") if isinstance(result, dict) else result
        sys.exit(f"evaluation of {dataset_version} failed ({status}): {detail}")
    return {h["attribute"]: h["accuracy"] for h in result["heads"]}


def ingest_and_evaluate(args, s3, directory, name, bundle):
    return evaluate(args, ingest_for_model(args, s3, directory, name, bundle)["version"], "all")


def test_ids(args, s3, dataset, version):
    body = s3.get_object(Bucket=args.bucket, Key=f"processed/{dataset}/{version}/splits/test.csv")["Body"]
    return [row["id"] for row in csv.DictReader(io.StringIO(body.read().decode("utf-8")))]


def write_render(source_dir, rows, fieldnames, render, out_dir):
    os.makedirs(os.path.join(out_dir, "images"))
    with open(os.path.join(out_dir, "styles.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            with Image.open(os.path.join(source_dir, "images", row["id"] + ".jpg")) as img:
                render(img.convert("RGB")).save(os.path.join(out_dir, "images", row["id"] + ".jpg"), quality=95)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset-dir", required=True, help="the original images the model's dataset was ingested from")
    p.add_argument("--photos-dir", help="labelled real photos (kaggle-styles layout), never trained on")
    p.add_argument("--model", default="stylesync-fashion")
    p.add_argument("--version", default="champion")
    p.add_argument("--bucket", default="stylesync")
    add_service_arguments(p)
    args = p.parse_args()

    bundle = model_bundle(args)
    s3 = s3_client(args)
    lineage = bundle["lineage"]
    dataset, version = lineage["dataset.name"], lineage["dataset.version"]
    heads = [h["attribute"] for h in bundle["heads"]]

    results = {"test": evaluate(args, version, "test")}
    ids = set(test_ids(args, s3, dataset, version))
    with open(os.path.join(args.dataset_dir, "styles.csv"), newline="", encoding="utf-8", errors="replace") as f:
        reader = csv.DictReader(f)
        fieldnames = reader.fieldnames
        rows = [r for r in reader if r.get("id") in ids]
    print(f"# model {args.model} {args.version} (dataset {dataset} {version}, {len(rows)} test images, "
          f"served with {bundle['preprocessing']['resize']} at {bundle['preprocessing']['width']})", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="stylesync-quality-") as tmp:
        for name, render in RENDERS.items():
            out = os.path.join(tmp, name.replace(":", "x"))
            write_render(args.dataset_dir, rows, fieldnames, render, out)
            slug = f"{dataset}-test-{name.replace(':', 'x').replace('.', '')}"[:60]
            results[name] = ingest_and_evaluate(args, s3, out, slug, bundle)
            print(f"#   {name}: articleType {results[name].get('articleType', float('nan')):.3f}", file=sys.stderr)
    if args.photos_dir:
        slug = os.path.basename(os.path.normpath(args.photos_dir)).lower().replace("_", "-")[:50] + "-eval"
        results["photos"] = ingest_and_evaluate(args, s3, args.photos_dir, slug, bundle)

    width = max(len(s) for s in results) + 2
    print("set".ljust(width) + " ".join(h[:14].rjust(14) for h in heads))
    for name, acc in results.items():
        print(name.ljust(width) + " ".join(f"{acc[h]:14.3f}" if h in acc else " " * 14 for h in heads))
    for name, acc in results.items():
        for h in heads:
            if h in acc:
                print(f"accuracy.{name}.{h}={acc[h]:.4f}")
    if "articleType" in heads:
        print(f"worst_shift_articletype={min(results[r]['articleType'] for r in RENDERS):.4f}")


if __name__ == "__main__":
    main()
