"""Samples the p-tuning train and dev sets of docs/PTUNING.md from the NSMC train pool.

The pool (../shared/datasets/nsmc-raw/ratings_train_pool.txt.gz, CC0) holds every labelled review that is not in
the NSMC test set. Reviews whose text equals a test review are dropped too (the pool's SOURCE.md warns of 11,085),
then a fixed seed draws balanced, disjoint sets in NSMC's format (id TAB document TAB label):

    /usr/bin/python3 tools/make_nsmc_ptune_split.py OUT_DIR [--train 10000] [--dev 1000] [--seed 1]
"""
import argparse
import gzip
import os
import random

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets")


def read(path, opener=open):
    with opener(path, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        assert header == "id\tdocument\tlabel", header
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--train", type=int, default=10000)
    p.add_argument("--dev", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    test = {row[1] for row in read(os.path.join(DATA, "nsmc", "ratings_test.txt"))}
    pool = [r for r in read(os.path.join(DATA, "nsmc-raw", "ratings_train_pool.txt.gz"), gzip.open) if r[1] and r[1] not in test]
    rng = random.Random(a.seed)
    by_label = {label: [r for r in pool if r[2] == label] for label in ("0", "1")}
    for rows in by_label.values():
        rng.shuffle(rows)
    os.makedirs(a.out, exist_ok=True)
    split = {"train": (0, a.train // 2), "dev": (a.train // 2, a.train // 2 + a.dev // 2)}
    for name, (start, end) in split.items():
        rows = by_label["0"][start:end] + by_label["1"][start:end]
        rng.shuffle(rows)
        with open(os.path.join(a.out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("id\tdocument\tlabel\n")
            f.writelines("\t".join(r) + "\n" for r in rows)
        print(name, len(rows), "reviews")


if __name__ == "__main__":
    main()
