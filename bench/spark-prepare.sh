#!/usr/bin/env bash
# Corpus pipeline throughput (issue 10): `hanlm data prepare` on the same Korean Wikipedia files with the
# single-process driver and with `--engine spark --master local[N]`, one after the other in one run. MB/s is raw
# input through every stage (normalize, filters, profanity, PII, exact and near dedup, tokenizing, writing shards),
# JVM and Spark start included, as the summary line of each run reports it. Also checks the two outputs are the same.
# See docs/BENCHMARKS.md and docs/SCALE.md.
#
#   bench/spark-prepare.sh [--input DIR] [--files N] [--master URL] [--tokenizer DIR]
#
#   --input      a WikiExtractor folder (default /tmp/spark-kowiki/text/AA, unpacked from
#                /work/shared/datasets/kowiki/kowiki-wikiextractor-AA.tar.gz when missing)
#   --files      how many of its files, in name order (default 10, about 10 MB)
#   --master     the Spark master (default local[2])
#   --tokenizer  default models/hanlm-mini-ko (morpheme-aware byte-level BPE)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=/tmp/spark-kowiki/text/AA
FILES=10
MASTER='local[2]'
TOKENIZER=$ROOT/models/hanlm-mini-ko
while [[ $# -gt 0 ]]; do
  case $1 in
    --input) INPUT=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --master) MASTER=$2; shift 2 ;;
    --tokenizer) TOKENIZER=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

if [[ ! -d $INPUT && $INPUT == /tmp/spark-kowiki/text/AA ]]; then
  mkdir -p /tmp/spark-kowiki
  tar -xzf /work/shared/datasets/kowiki/kowiki-wikiextractor-AA.tar.gz -C /tmp/spark-kowiki
fi
mapfile -t inputs < <(find "$INPUT" -maxdepth 1 -type f -name 'wiki_*' | sort | head -n "$FILES")
[[ ${#inputs[@]} -gt 0 ]] || { echo "no wiki_* files in $INPUT" >&2; exit 1; }

cd "$ROOT"
# build both first (the launcher's CLI jar, the spark module's jar and classpath), so neither run pays for a build
./hanlm --help > /dev/null
./mvnw -B -q -pl spark -am package -DskipTests > /dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {
  local name=$1; shift
  if ! ./hanlm data prepare --tokenizer "$TOKENIZER" --input "${inputs[@]}" --output "$out/$name" "$@" > "$out/$name.log" 2> "$out/$name.err"; then
    tail -n 20 "$out/$name.err" >&2
    exit 1
  fi
  grep '^read ' "$out/$name.log"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo "input: ${#inputs[@]} files of $INPUT, $(cat "${inputs[@]}" | wc -c | awk '{printf "%.1f MB", $1 / 1e6}')"
echo "single process: $(run local)"
echo "spark $MASTER: $(run spark --engine spark --master "$MASTER")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
same=yes
for f in $(cd "$out/local" && find . -type f ! -name manifest.json | sort); do
  cmp -s "$out/local/$f" "$out/spark/$f" || same=no
done
echo "same shards from both drivers: $same"
