#!/usr/bin/env bash
# The engine's kernels at a git revision against the working tree, in one JVM, taking turns (AbProbe): on a machine
# whose speed swings within seconds, the way to tell a change of a few percent from the noise. See docs/BENCHMARKS.md.
#
#   bench/ab.sh REV gemm --m 512 --n 3072 --k 768 [--trans-a true] [--pairs 60]
#   bench/ab.sh REV matvec --dtype f32|f16|bf16|q8|q4 --rows 4864 --cols 896 [--layout row|col|panels] [--n 1] [--pairs 60]
#
#   REV        the "old" side: any revision git knows (built in a temporary worktree, removed at the end)
#   BUILD_DIR  Maven build folder name for the working tree (default target-bench)
# Prints the medians and the median of old time / new time per pair (above 1: the working tree is faster).
set -euo pipefail

REV=${1:?usage: $0 REV gemm|matvec [--option value]...}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-target-bench}
cd "$ROOT"
git rev-parse --verify --quiet "$REV^{commit}" >/dev/null || { echo "unknown revision $REV" >&2; exit 2; }

./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -DbuildDir="$BUILD_DIR" \
  -Dmdep.outputFile="$BUILD_DIR/classpath.txt" -Dmdep.includeScope=runtime
OLD=$(mktemp -d)
git worktree add --quiet --detach "$OLD/tree" "$REV"
trap 'git worktree remove --force "$OLD/tree"; rm -rf "$OLD"' EXIT
(cd "$OLD/tree" && ./mvnw -B -q -pl engine -am compile -DbuildDir=target-ab)

CLASSPATH_FILE="bench/$BUILD_DIR/classpath.txt"
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "bench/$BUILD_DIR/classes:$(cat "$CLASSPATH_FILE")" \
  dev.hanlm.bench.AbProbe --old "$OLD/tree/engine/target-ab/classes" --new "engine/$BUILD_DIR/classes" \
  --classpath "$(cat "$CLASSPATH_FILE")" "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
