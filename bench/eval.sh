#!/usr/bin/env bash
# Evaluation scoring benchmark: rank-classification throughput (items/s) on NSMC k-shot with the shared prompt run
# once and kept in the KV cache, against scoring every prompt + verbalizer whole. See docs/BENCHMARKS.md.
#
#   bench/eval.sh [--model DIR] [--data FILE] [-- extra EvalBench options, e.g. --shots 5 --limit 200 --reps 3]
#
#   --model    a model directory (default: the bundled models/hanlm-mini-ko)
#   --data     NSMC ratings_test.txt (default: the shared copy)
#   BUILD_DIR  Maven build folder name (default target-bench), so concurrent builds do not collide
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=$ROOT/models/hanlm-mini-ko
DATA=$(cd "$ROOT/.." && pwd)/shared/datasets/nsmc/ratings_test.txt
BUILD_DIR=${BUILD_DIR:-target-bench}
while [[ $# -gt 0 ]]; do
  case $1 in
    --model) MODEL=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -f $MODEL/config.json ]] || { echo "no model in $MODEL (give --model DIR)" >&2; exit 1; }
[[ -f $DATA ]] || { echo "NSMC file $DATA is missing (give --data FILE)" >&2; exit 1; }

cd "$ROOT"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
JAVA=("${JAVA_HOME:+$JAVA_HOME/bin/}java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP")

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM; $("${JAVA[0]}" -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
"${JAVA[@]}" -Xmx4g dev.hanlm.bench.EvalBench --model "$MODEL" --data "$DATA" "$@"
