#!/usr/bin/env python3
"""Write Fashion-MNIST (Debian's dataset-fashion-mnist) in the Kaggle styles layout.

Output: <out>/images/<id>.png (28x28 grayscale) and <out>/styles.csv with the columns
id,gender,masterCategory,subCategory,articleType,baseColour,season,usage,productDisplayName.
Only articleType (the Fashion-MNIST class) and masterCategory (derived from it) are real labels;
the other columns are left empty, as real catalogues often do. Standard library only.
"""
import argparse
import csv
import gzip
import os
import struct
import zlib

CLASSES = ["Tshirts", "Trousers", "Pullover", "Dress", "Coat", "Sandals", "Shirts", "Sneakers", "Bag", "Ankle boot"]
MASTER = {"Sandals": "Footwear", "Sneakers": "Footwear", "Ankle boot": "Footwear", "Bag": "Accessories"}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def png_gray(width, height, pixels):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", required=True)
    parser.add_argument("--limit", type=int, default=0, help="images per split (0 = all)")
    parser.add_argument("--skip", type=int, default=0, help="images to skip at the start of each split (for held-out sets)")
    parser.add_argument("--splits", default="train,t10k", help="which Fashion-MNIST files to read")
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    rows = []
    next_id = 1
    for split in args.splits.split(","):
        (n, h, w), pixels = read_idx(os.path.join(args.source, f"{split}-images-idx3-ubyte.gz"))
        _, labels = read_idx(os.path.join(args.source, f"{split}-labels-idx1-ubyte.gz"))
        end = n if args.limit <= 0 else min(n, args.skip + args.limit)
        for i in range(args.skip, end):
            cls = CLASSES[labels[i]]
            with open(os.path.join(args.out, "images", f"{next_id}.png"), "wb") as f:
                f.write(png_gray(w, h, pixels[i * w * h:(i + 1) * w * h]))
            rows.append([next_id, "Unisex", MASTER.get(cls, "Apparel"), "", cls, "", "", "",
                         f"Fashion-MNIST {split} #{i} ({cls})"])
            next_id += 1
    with open(os.path.join(args.out, "styles.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "gender", "masterCategory", "subCategory", "articleType", "baseColour", "season", "usage",
                         "productDisplayName"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} images and styles.csv to {args.out}")


if __name__ == "__main__":
    main()
