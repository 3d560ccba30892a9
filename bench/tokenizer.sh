#!/usr/bin/env bash
# Tokenizer benchmark: trains hanlm's 32k byte-level tokenizers (plain and morpheme-aware) once, timing
# the training, then measures encode throughput against HF tokenizers (Rust, via DJL) on held-out text.
#
#   bench/tokenizer.sh [--retrain] [--work DIR] [-- extra TokenizerBench options, e.g. --reps 9]
#
# Corpus (override with environment variables):
#   KOWIKI      folder of WikiExtractor files wiki_00..wiki_99 (default /tmp/kowiki/text/AA);
#               wiki_00..wiki_89 train the tokenizers, wiki_90..wiki_99 are the encode text
#   NSMC_TRAIN  NSMC-format TSV used for training (default: the shared ratings_train_pool.txt.gz)
#   NSMC_TEST   NSMC-format TSV used as encode text (default: the shared ratings_test.txt)
#   BUILD_DIR   Maven build folder name (default target-bench), so concurrent builds do not collide
#   TRAIN_RUNS  how many times each tokenizer is trained when (re)training, each in a fresh JVM (default 1)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared/datasets
KOWIKI=${KOWIKI:-/tmp/kowiki/text/AA}
NSMC_TRAIN=${NSMC_TRAIN:-$SHARED/nsmc-raw/ratings_train_pool.txt.gz}
NSMC_TEST=${NSMC_TEST:-$SHARED/nsmc/ratings_test.txt}
BUILD_DIR=${BUILD_DIR:-target-bench}
WORK=/tmp/hanlm-bench-tokenizer
VOCAB=32000
RETRAIN=0
TRAIN_RUNS=${TRAIN_RUNS:-1}
while [[ $# -gt 0 ]]; do
  case $1 in
    --retrain) RETRAIN=1; shift ;;
    --work) WORK=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

for f in "$KOWIKI/wiki_00" "$KOWIKI/wiki_99" "$NSMC_TRAIN" "$NSMC_TEST"; do
  [[ -f $f ]] || { echo "corpus file $f is missing (set KOWIKI / NSMC_TRAIN / NSMC_TEST)" >&2; exit 1; }
done

cd "$ROOT"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
JAVA=("${JAVA_HOME:+$JAVA_HOME/bin/}java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP")

# the train / held-out split as two folders of links, so each is one corpus source
mkdir -p "$WORK/train-wiki" "$WORK/heldout-wiki"
for i in $(seq -w 0 99); do
  if ((10#$i < 90)); then ln -sfn "$KOWIKI/wiki_$i" "$WORK/train-wiki/wiki_$i"; else ln -sfn "$KOWIKI/wiki_$i" "$WORK/heldout-wiki/wiki_$i"; fi
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM; $("${JAVA[0]}" -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"

for kind in plain morpheme; do
  out="$WORK/$kind-$VOCAB"
  if [[ $RETRAIN == 1 || ! -f $out/tokenizer.json ]]; then
    : > "$WORK/train-$kind.txt"
    for run in $(seq "$TRAIN_RUNS"); do
      echo "== training $kind $VOCAB (Wikipedia wiki_00..89 + NSMC train pool), run $run of $TRAIN_RUNS"
      "${JAVA[@]}" -Xmx12g dev.hanlm.bench.TrainBench --out "$out" --vocab "$VOCAB" \
        --morpheme-aware "$([[ $kind == morpheme ]] && echo true || echo false)" "$WORK/train-wiki" "$NSMC_TRAIN" \
        | tee -a "$WORK/train-$kind.txt"
    done
  fi
done
echo "== training results (cached in $WORK; --retrain to measure again)"
for kind in plain morpheme; do
  grep -h '^TRAIN' "$WORK/train-$kind.txt" | sort -t'|' -k4 -n \
    | awk -F'|' -v k="$kind" '{t[NR]=$4; print} END {if (NR) printf "median %s training time over %d run(s): %s\n", k, NR, t[int((NR+1)/2)]}'
done

echo "== encode throughput (held-out Wikipedia wiki_90..99 + NSMC test)"
"${JAVA[@]}" -Xmx4g dev.hanlm.bench.TokenizerBench --plain "$WORK/plain-$VOCAB" --morpheme "$WORK/morpheme-$VOCAB" "$@" \
  "$WORK/heldout-wiki" "$NSMC_TEST"
