#!/usr/bin/env python3
"""Converts the Korean toxicity data sets into the JSONL of `hanlm classifier`: {"text": ..., "label": 0|1}.

toxic (1) = korean-hate-speech `hate` or `offensive`, curse-detection `1`, unsmile anything but `clean`;
clean (0) = `none`, `0`, `clean`.

Splits (the same on every run: curse-detection has none of its own, so a row's SHA-256 picks it):
  train.jsonl        korean-hate-speech labeled/train.tsv (90%) + curse-detection (80%)   -> training
  dev.jsonl          korean-hate-speech labeled/train.tsv (10%) + curse-detection (10%)   -> threshold choice
  test-khs.jsonl     korean-hate-speech labeled/dev.tsv (its official labeled evaluation split)
  test-curse.jsonl   curse-detection (the last 10%)
  unsmile-valid.jsonl  unsmile_valid_v1.0.tsv: EVALUATION ONLY (CC BY-NC-ND); never train on it, never ship it

Usage: tools/make_toxicity_data.py --datasets DIR OUT_DIR
DIR holds korean-hate-speech/labeled/{train,dev}.tsv, curse-detection/dataset.txt and unsmile/unsmile_valid_v1.0.tsv,
as downloaded from their origins (see studio/src/main/resources/filters/toxicity/README.md).
"""
import argparse
import hashlib
import json
import os


def bucket(text, salt):
    """A stable number in [0, 100) for a row."""
    return int.from_bytes(hashlib.sha256((salt + text).encode("utf-8")).digest()[:4], "big") % 100


def hate_speech(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["comments", "contain_gender_bias", "bias", "hate"], header
        for line in f:
            comment, _, _, hate = line.rstrip("\n").split("\t")
            assert hate in ("hate", "offensive", "none"), hate
            yield comment, int(hate != "none")


def curse(path):
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\r\n"):
            if not line.strip():
                continue
            text, _, label = line.rpartition("|")
            if label not in ("0", "1"):  # a handful of rows lack the label; they are left out
                continue
            yield text.strip(), int(label)


def unsmile(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        clean = header.index("clean")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            yield cols[0], int(cols[clean] != "1")


def write(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for text, label in rows:
            if text.strip():
                f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    print(f"{path}: {len(rows)} rows, {sum(l for _, l in rows)} toxic")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", required=True, help="the folder that holds the data sets")
    ap.add_argument("out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    khs = list(hate_speech(os.path.join(args.datasets, "korean-hate-speech/labeled/train.tsv")))
    cd = list(curse(os.path.join(args.datasets, "curse-detection/dataset.txt")))
    write(os.path.join(args.out, "train.jsonl"), [r for r in khs if bucket(r[0], "khs") >= 10]
          + [r for r in cd if bucket(r[0], "curse") < 80])
    write(os.path.join(args.out, "dev.jsonl"), [r for r in khs if bucket(r[0], "khs") < 10]
          + [r for r in cd if 80 <= bucket(r[0], "curse") < 90])
    write(os.path.join(args.out, "test-khs.jsonl"),
          list(hate_speech(os.path.join(args.datasets, "korean-hate-speech/labeled/dev.tsv"))))
    write(os.path.join(args.out, "test-curse.jsonl"), [r for r in cd if bucket(r[0], "curse") >= 90])
    write(os.path.join(args.out, "unsmile-valid.jsonl"),
          list(unsmile(os.path.join(args.datasets, "unsmile/unsmile_valid_v1.0.tsv"))))


if __name__ == "__main__":
    main()
