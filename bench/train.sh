#!/usr/bin/env bash
# Training benchmark: one training update (forward, backward, AdamW) of hanlm and of llm.c's CPU trainer on the same
# GPT-2-initialized weights, side by side, with the machine's fp32 sgemm peak measured in the same run. See
# docs/BENCHMARKS.md.
#
#   bench/train.sh --llmc PATH [--out DIR] [--steps N] [--warmup N] [--warmup-seconds S]
#
#   --llmc    the train_gpt2 binary of an llm.c checkout (or LLMC); llm.c is never part of this repository: build it
#             from its public source elsewhere (docs/BENCHMARKS.md says how)
#   --out     llm.c's working folders and the results (default /tmp/hanlm-bench-train)
#   --steps   timed steps per configuration, after the warm-up (default 16). llm.c runs 41 steps in all, validates
#             before steps 0 and 10 and samples before step 20 (63 forward passes): untimed, but past 18 steps in all
#             the run waits minutes for that sampling
#   --warmup  untimed steps first (default 2)
#   --warmup-seconds  hanlm's untimed steps go on until this many seconds have passed (default 10): C2 compiles the
#             code of a short step (cross-entropy's, GELU's) only after several seconds of them, while a bundled-shape
#             4 x 64 step takes 0.15 s; llm.c is compiled ahead of time
#   BUILD_DIR    Maven build folder name (default target-bench), so concurrent builds do not collide
#   LLMC_COMMIT  the llm.c commit the binary was built from, recorded with the results
#
# Configurations (shape, batch x tokens): GPT-2 small (124M) 4 x 64 and the bundled model's shape 4 x 64 on both;
# the bundled shape at its training batch, 8 x 256, on hanlm only (train_gpt2.c's main() fixes B = 4, T = 64).
# Each runs in its own process on 2 threads.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LLMC=${LLMC:-}
OUT=/tmp/hanlm-bench-train
STEPS=16
WARMUP=2
WARMUP_SECONDS=10
THREADS=2
BUILD_DIR=${BUILD_DIR:-target-bench}
while [[ $# -gt 0 ]]; do
  case $1 in
    --llmc) LLMC=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --warmup-seconds) WARMUP_SECONDS=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ -x $LLMC ]] || { echo "llm.c's train_gpt2 not found: pass --llmc PATH" >&2; exit 1; }
LLMC=$(cd "$(dirname "$LLMC")" && pwd)/$(basename "$LLMC")

cd "$ROOT"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
JAVA=(java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dhanlm.threads=$THREADS -cp "$CP")

mkdir -p "$OUT"
RESULTS=$OUT/results-$(date -u +%Y%m%dT%H%M%SZ).txt
LOG=${RESULTS%.txt}.log
: > "$RESULTS"
note() { echo "NOTE $*" | tee -a "$RESULTS"; }

note "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM;" \
  "$(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
note "llm.c: $LLMC, commit ${LLMC_COMMIT:-unknown (set LLMC_COMMIT to record it)}; $WARMUP warm-up steps (hanlm: and ${WARMUP_SECONDS} s) and $STEPS timed steps, medians"

echo "== fp32 sgemm peak (OpenBLAS through numpy)"
bench/sgemm-peak.sh $THREADS | tee -a "$RESULTS"
# the peak swings with the machine's load, so hanlm's steps are also compared with a peak measured between them
PEAK_OPTS=()
if grep -q '^SGEMM ' "$RESULTS"; then PEAK_OPTS=(--peak-command "$ROOT/bench/sgemm-peak.sh $THREADS"); fi

run() { # engine shape batch seq_len: one configuration's RESULT line, or a FAILED line
  local out
  note "$1 $2 $3 x $4: load average before $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ $1 == hanlm ]]; then
    out=$("${JAVA[@]}" -Xmx4g dev.hanlm.bench.GradStepBench --shape "$2" --batch "$3" --seq-len "$4" \
      --steps "$STEPS" --warmup "$WARMUP" --warmup-seconds "$WARMUP_SECONDS" "${PEAK_OPTS[@]}" 2>>"$LOG") || { echo "FAILED hanlm $2 exit $? (see $LOG)" | tee -a "$RESULTS"; return; }
  else
    out=$("${JAVA[@]}" -Xmx2g dev.hanlm.bench.LlmcBench --llmc "$LLMC" --dir "$OUT/llmc-$2" --shape "$2" \
      --steps "$STEPS" --warmup "$WARMUP" --threads $THREADS 2>>"$LOG") || { echo "FAILED llm.c $2 exit $? (see $LOG)" | tee -a "$RESULTS"; return; }
  fi
  printf '%s\n' "$out" >>"$LOG"
  grep '^RESULT' <<<"$out" | tee -a "$RESULTS" | cut -c1-160
}
for shape in gpt2-small bundled; do
  echo "== $shape, batch 4 x 64"
  run hanlm $shape 4 64
  run llm.c $shape 4 64
done
echo "== bundled, batch 8 x 256"
run hanlm bundled 8 256
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== results ($RESULTS)"
"${JAVA[@]}" dev.hanlm.bench.TrainReport --results "$RESULTS" 2>>"$LOG"
