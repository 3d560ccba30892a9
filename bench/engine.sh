#!/usr/bin/env bash
# Engine benchmark: the same random-weight models through hanlm, llama.cpp (llama-bench) and Jlama, side by side,
# with the machine's memory read bandwidth and fp32 sgemm peak measured in the same run. See docs/BENCHMARKS.md.
#
#   bench/engine.sh --llama-bench PATH [--out DIR] [--runs N] [--reps N] [--shapes "gpt2-small llama-0.5b"]
#                   [--precisions "f32 bf16 q8 q4"] [--engines "hanlm llama.cpp jlama"] [--no-pack]
#
#   --llama-bench  the llama-bench binary of a llama.cpp build (or LLAMA_BENCH); llama.cpp is never part of this
#                  repository: build it from its public source elsewhere (docs/BENCHMARKS.md says how). Its
#                  llama-quantize (LLAMA_QUANTIZE, default: beside llama-bench) makes the q8_0 / q4_0 GGUF files.
#   --out          models and results (default /tmp/hanlm-bench-engine); models are made once and reused
#   --runs         repetitions of the whole matrix, for medians and spread (default 1)
#   --reps         timed repetitions inside each configuration (default 3, as llama-bench -r 3)
#   --no-pack      hanlm loads as `hanlm --no-pack` does: the matmul weights kept mapped as stored, not copied into
#                  panels (the default)
#   BUILD_DIR      Maven build folder name (default target-bench), so concurrent builds do not collide
#   JLAMA_REPS     timed repetitions for Jlama, which is several times slower (default 2)
#   LLAMA_CPP_COMMIT  the llama.cpp commit llama-bench was built from, recorded with the results
#
# Each configuration runs in its own process (peak RSS is its own), on 2 threads. Precisions: f32 and bf16 are the
# file's dtype; q8 and q4 quantize the f32 model (hanlm and Jlama at load, llama.cpp with llama-quantize: q8_0, and
# q4_0 with the output tensor at q8_0 as hanlm keeps it). q4 is measured for the Llama shape only. Beside the run's
# own measurements of the ceilings, hanlm's prefills have the sgemm peak measured just before and after each, and each
# engine's decodes the bandwidth likewise (llama-bench runs its prompt and its decode in separate calls for that).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LLAMA_BENCH=${LLAMA_BENCH:-}
OUT=/tmp/hanlm-bench-engine
RUNS=1
REPS=3
SHAPES="gpt2-small llama-0.5b"
PRECISIONS="f32 bf16 q8 q4"
ENGINES="hanlm llama.cpp jlama"
PACK=true
THREADS=2
BUILD_DIR=${BUILD_DIR:-target-bench}
while [[ $# -gt 0 ]]; do
  case $1 in
    --llama-bench) LLAMA_BENCH=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    --precisions) PRECISIONS=$2; shift 2 ;;
    --engines) ENGINES=$2; shift 2 ;;
    --no-pack) PACK=false; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
has_engine() { [[ " $ENGINES " == *" $1 "* ]]; }
if has_engine llama.cpp; then
  [[ -x $LLAMA_BENCH ]] || { echo "llama-bench not found: pass --llama-bench PATH (or drop llama.cpp from --engines)" >&2; exit 1; }
  LLAMA_QUANTIZE=${LLAMA_QUANTIZE:-$(dirname "$LLAMA_BENCH")/llama-quantize}
fi

cd "$ROOT"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
JAVA=(java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dhanlm.threads=$THREADS -cp "$CP")

MODELS=$OUT/models
mkdir -p "$MODELS"
RESULTS=$OUT/results-$(date -u +%Y%m%dT%H%M%SZ).txt
LOG=${RESULTS%.txt}.log
: > "$RESULTS"
note() { echo "NOTE $*" | tee -a "$RESULTS"; }

note "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM;" \
  "$(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if has_engine llama.cpp; then
  note "llama.cpp: $LLAMA_BENCH, commit ${LLAMA_CPP_COMMIT:-unknown (set LLAMA_CPP_COMMIT to record it)}"
fi
if [[ $PACK == false ]]; then note "hanlm runs with --no-pack: the matmul weights mapped as stored"; fi

# --- models: one seeded random model per shape and file dtype, as an HF directory and as GGUF ---
hf_dir() { # shape precision -> the HF directory hanlm and Jlama load
  case $2 in bf16|f16) echo "$MODELS/$1-$2" ;; *) echo "$MODELS/$1-f32" ;; esac
}
gguf_file() { # shape precision -> the GGUF file llama.cpp loads
  case $2 in q8) echo "$MODELS/$1-q8_0.gguf" ;; q4) echo "$MODELS/$1-q4_0.gguf" ;; *) echo "$MODELS/$1-$2.gguf" ;; esac
}
wanted() { # shape precision -> is this configuration measured
  [[ $2 != q4 || $1 != gpt2-small ]]
}
for shape in $SHAPES; do
  for p in $PRECISIONS; do
    wanted "$shape" "$p" || continue
    dtype=$([[ $p == bf16 || $p == f16 ]] && echo "$p" || echo f32)
    if [[ ! -f $MODELS/$shape-$dtype/model.safetensors || ! -f $MODELS/$shape-$dtype.gguf ]]; then
      echo "== making $shape $dtype"
      "${JAVA[@]}" -Xmx6g dev.hanlm.bench.RandomModel --shape "$shape" --dtype "$dtype" \
        --hf "$MODELS/$shape-$dtype" --gguf "$MODELS/$shape-$dtype.gguf" --seed 42
    fi
    if has_engine llama.cpp && [[ $p == q8 || $p == q4 ]] && [[ ! -f $(gguf_file "$shape" "$p") ]]; then
      echo "== llama-quantize $shape $p"
      if [[ $p == q8 ]]; then
        "$LLAMA_QUANTIZE" "$MODELS/$shape-f32.gguf" "$(gguf_file "$shape" q8)" q8_0 2 >>"$LOG" 2>&1
      else
        "$LLAMA_QUANTIZE" --output-tensor-type q8_0 "$MODELS/$shape-f32.gguf" "$(gguf_file "$shape" q4)" q4_0 2 >>"$LOG" 2>&1
      fi
    fi
  done
done

# --- the machine's ceilings ---
BANDWIDTH_COMMAND="${JAVA[*]} -Xmx1g dev.hanlm.bench.EngineBench bandwidth --threads $THREADS --mib 1024 --reps 11"
echo "== memory read bandwidth"
$BANDWIDTH_COMMAND 2>>"$LOG" | grep '^RESULT' | tee -a "$RESULTS"
echo "== fp32 sgemm peak (OpenBLAS through numpy)"
bench/sgemm-peak.sh $THREADS | tee -a "$RESULTS"
# the peak swings with the machine's load, so hanlm's prefill is also compared with a peak measured right beside it
PEAK_OPTS=()
if grep -q '^SGEMM ' "$RESULTS"; then PEAK_OPTS=(--peak-command "$ROOT/bench/sgemm-peak.sh $THREADS"); fi
# so does the bandwidth (by a third between runs): each engine's decode is also compared with a bandwidth measured
# just before and just after it, the same measurement as the run's
bandwidth_now() {
  $BANDWIDTH_COMMAND 2>>"$LOG" | sed -n 's/^RESULT .*"gbps":\([0-9.]*\).*/\1/p'
}

# --- the engines ---
JOPTS=(--prompt 512 --decode 128 --reps "$REPS" --warmup 1)
# Jlama runs several times slower: a shorter warm-up pass (JIT only) and JLAMA_REPS timed repetitions (default 2)
JLAMA_OPTS=(--warmup-prompt 64 --warmup-decode 16 --reps "${JLAMA_REPS:-2}")
run_java() { # engine shape precision quantize heap [extra options]
  local out engine=$1 shape=$2 p=$3 q=$4 heap=$5
  shift 5
  if out=$("${JAVA[@]}" "-Xmx$heap" dev.hanlm.bench.EngineBench "$engine" --model "$(hf_dir "$shape" "$p")" --shape "$shape" \
      --precision "$p" --quantize "$q" --threads $THREADS "${JOPTS[@]}" "$@" 2>>"$LOG"); then
    grep '^RESULT' <<<"$out" | tee -a "$RESULTS"
  else
    echo "FAILED $engine $shape $p exit $? (see $LOG)" | tee -a "$RESULTS"
  fi
}
run_llama() { # shape precision
  local gguf rss before
  gguf=$(gguf_file "$1" "$2")
  rss=$(mktemp)
  # the prompt and the decode in separate calls, so that the decode has a bandwidth measured around it alone
  for args in "-p 512 -n 0" "-p 0 -n 128" "-p 0 -n 128 -d 512"; do
    if [[ $args == "-p 0 -n 128" ]]; then before=$(bandwidth_now); fi
    # shellcheck disable=SC2086
    if /usr/bin/time -f %M -o "$rss" "$LLAMA_BENCH" -m "$gguf" $args -t $THREADS -r "$REPS" -o jsonl >"$rss.out" 2>>"$LOG"; then
      while read -r line; do
        [[ $line == \{* ]] && echo "LLAMACPP $1 $2 $(awk '{printf "%.1f", $1 / 1024}' "$rss") $line" | tee -a "$RESULTS" | cut -c1-160
      done <"$rss.out"
    else
      echo "FAILED llama.cpp $1 $2 llama-bench $args failed (see $LOG)" | tee -a "$RESULTS"
    fi
    if [[ $args == "-p 0 -n 128" ]]; then echo "BANDWIDTH_AROUND llama.cpp $1 $2 $before $(bandwidth_now)" | tee -a "$RESULTS"; fi
  done
  rm -f "$rss" "$rss.out"
}
for run in $(seq 1 "$RUNS"); do
  echo "== run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for shape in $SHAPES; do
    for p in $PRECISIONS; do
      wanted "$shape" "$p" || continue
      q=$([[ $p == q8 || $p == q4 ]] && echo "$p" || echo none)
      note "run $run, $shape $p: load average before $(cut -d' ' -f1-3 /proc/loadavg)"
      if has_engine hanlm; then
        run_java hanlm "$shape" "$p" "$q" 1g --pack "$PACK" "${PEAK_OPTS[@]}" --bandwidth-command "$BANDWIDTH_COMMAND"
      fi
      if has_engine llama.cpp; then run_llama "$shape" "$p"; fi
      if has_engine jlama; then
        if [[ $shape == gpt2-small && $q != none ]]; then
          echo "FAILED jlama $shape $p Jlama 0.8.4's GPT2Model loads its weights without quantizing them (only its Llama-family models take a load-time quantization), so it would run f32" | tee -a "$RESULTS"
        elif [[ $q == q8 ]]; then
          echo "FAILED jlama $shape $p Jlama 0.8.4's pure-Java (Panama) matmul has no kernel for I8 weights (PanamaTensorOperations.batchDotProduct throws UnsupportedOperationException: I8); only Q4, BF16 and F32 weights run without its native library" | tee -a "$RESULTS"
        elif [[ $q == q4 ]]; then
          # Jlama's own I8-activation path needs hidden/32 to be a multiple of 8 and falls back to F32 activations
          # otherwise (896/32 = 28); with quantization at load that guard is skipped and attention fails, so ask for F32
          run_java jlama "$shape" "$p" "$q" 8g --working-q F32 "${JLAMA_OPTS[@]}"
        else
          run_java jlama "$shape" "$p" "$q" 8g "${JLAMA_OPTS[@]}"
        fi
      fi
    done
  done
done
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== results ($RESULTS)"
"${JAVA[@]}" dev.hanlm.bench.EngineBench report --results "$RESULTS" 2>>"$LOG"
