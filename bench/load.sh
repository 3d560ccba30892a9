#!/usr/bin/env bash
# Load benchmark (issue 7): `hanlm serve` on one local model and N concurrent streaming clients (LoadBench), for each N:
# aggregate tokens/s against a single stream, time to first token p50/p99, and whether any request was lost or got
# another's text (every client decodes greedily its own prompt and compares with the text it got alone). An unmeasured
# round at the largest client count comes first, so that every figure is of a warm server.
# See docs/BENCHMARKS.md.
#
#   bench/load.sh [--model DIR] [--clients 1,2,4,8] [--requests N] [--exact] [--repeat K] [--max-tokens N] [--max-batch N]
#                 [--port N]
#
#   --model       the model to serve (default: the bundled models/hanlm-mini-ko)
#   --clients     the numbers of concurrent clients, comma-separated (default 1,2,4,8)
#   --requests    requests each client sends, one after another (default 4); a client whose replies are short goes on
#                 until every client has sent as many, so that all N streams stay busy to the end of the round
#   --exact       each client sends exactly --requests (the earlier rounds, whose end ran on fewer streams)
#   --repeat      rounds of all the client counts, taking turns (default 1); with more than one, a SUMMARY line per
#                 count gives the medians, each round's rate over the single stream of the same round
#   --max-tokens  tokens per request (default 64)
#   --max-batch   the server's --max-batch (default 8); 1 serves one request at a time, the baseline without batching
#   --port        where the server listens (default 18080)
#   BUILD_DIR     Maven build folder name (default target-bench), so concurrent builds do not collide
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=$ROOT/models/hanlm-mini-ko
CLIENTS=1,2,4,8
REQUESTS=4
MAX_TOKENS=64
EXACT=false
REPEAT=1
MAX_BATCH=8
PORT=18080
THREADS=2
BUILD_DIR=${BUILD_DIR:-target-bench}
while [[ $# -gt 0 ]]; do
  case $1 in
    --model) MODEL=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --exact) EXACT=true; shift ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --max-tokens) MAX_TOKENS=$2; shift 2 ;;
    --max-batch) MAX_BATCH=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
./mvnw -B -q -pl cli,bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/$BUILD_DIR/classes:$(cat "bench/$BUILD_DIR/classpath.txt")"
JAVA=(java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

DATA=$(mktemp -d)
LOG=$DATA/serve.log
"${JAVA[@]}" -Dhanlm.threads=$THREADS -Xmx2g -jar "cli/$BUILD_DIR/hanlm.jar" serve --model "$MODEL" --port "$PORT" \
  --max-batch "$MAX_BATCH" --max-queue 64 --data-dir "$DATA" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  grep -q "serving" "$LOG" && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done

echo "NOTE machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(java -version 2>&1 | head -1);" \
  "$(date -u '+%Y-%m-%d %H:%M UTC'); server --max-batch $MAX_BATCH, $THREADS kernel threads; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"${JAVA[@]}" -cp "$CP" dev.hanlm.bench.LoadBench --url "http://127.0.0.1:$PORT" --model "$(basename "$MODEL")" \
  --clients "$CLIENTS" --requests "$REQUESTS" --exact "$EXACT" --repeat "$REPEAT" --max-tokens "$MAX_TOKENS" | tee "$DATA/results.txt"
echo "NOTE load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# each count against the single stream of its own round (the latest one before it)
awk '/^RESULT/ { split($6, a, "="); split($2, c, "="); if (c[2] == 1) base = a[2];
       if (base) printf "clients %s: %.2fx the single stream\n", c[2], a[2] / base }' "$DATA/results.txt"
