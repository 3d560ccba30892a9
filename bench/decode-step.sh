#!/usr/bin/env bash
# Batched decode steps without a server (issue 7's batching, apart from HTTP): B generations of one model advanced a
# token each per step, against B = 1, each row checked against its tokens alone (DecodeStepBench). See docs/BENCHMARKS.md.
#
#   bench/decode-step.sh [--model DIR] [--batches 1,2,3,4,5,6,7,8] [--steps 64] [--rounds 5] [--threads 2]
#
#   --model    the model (default: the bundled models/hanlm-mini-ko)
#   --batches  batch sizes, comma-separated, at most 8 (default every one from 1 to 8: each takes its own mix of tiles,
#              and a kernel that slowed only at 5-7 went unseen when the default was 1,2,4,8)
#   --steps    steps per round (default 64); --rounds: rounds per batch size, taking turns (default 5)
#   --threads  kernel threads (default 2)
#   BUILD_DIR  Maven build folder name (default target-bench), so concurrent builds do not collide
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARGS=()
THREADS=2
BUILD_DIR=${BUILD_DIR:-target-bench}
while [[ $# -gt 0 ]]; do
  case $1 in
    --model|--batches|--steps|--rounds) ARGS+=("$1" "$2"); shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
echo "NOTE machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(java -version 2>&1 | head -1);" \
  "$(date -u '+%Y-%m-%d %H:%M UTC'); $THREADS kernel threads; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dhanlm.threads="$THREADS" -Xmx2g -cp "$CP" \
  dev.hanlm.bench.DecodeStepBench "${ARGS[@]}" 2> >(grep -v 'incubator' >&2)
