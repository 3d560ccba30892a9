#!/usr/bin/env bash
# The paper's comparison on NSMC (docs/EVAL.md, "P-tuning against few-shot"): zero-shot, few-shot, p-tuned and a
# full fine-tune of the same model on the same 10k train-pool reviews, all scored on the first --limit items of the
# NSMC test set. Every command is printed before it runs; wall times go to OUT/times.txt.
#
#   bench/ptune-nsmc.sh [--model DIR] [--out DIR] [--limit N] [--steps N]
#
#   --model  a gpt2 model directory (default: the bundled models/hanlm-mini-ko)
#   --out    work directory (default: /tmp/hanlm-ptune-nsmc)
#   --limit  test items scored (default 1000)
#   --steps  p-tuning steps (default 1000)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$(cd "$ROOT/.." && pwd)/shared/datasets
MODEL=$ROOT/models/hanlm-mini-ko
OUT=/tmp/hanlm-ptune-nsmc
LIMIT=1000
STEPS=1000
while [[ $# -gt 0 ]]; do
  case $1 in
    --model) MODEL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --limit) LIMIT=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
TEST=$DATA/nsmc/ratings_test.txt
mkdir -p "$OUT"
cd "$ROOT"
run() {
  echo "+ $*" >&2
  local start=$SECONDS
  "$@"
  echo "$((SECONDS - start)) s: $*" >> "$OUT/times.txt"
}

# 10k balanced train-pool reviews and 1k dev reviews, none equal to a test review (seed 1)
run /usr/bin/python3 tools/make_nsmc_ptune_split.py "$OUT/data" --train 10000 --dev 1000 --seed 1
# in context: 0, 1, 3 and 5 shots, seeds 1-3 (demonstrations drawn from the test file, never the item itself)
run ./hanlm eval --model "$MODEL" --task nsmc --data "$TEST" --shots 0,1,3,5 --seeds 1,2,3 --limit "$LIMIT" --json "$OUT/fewshot.json"
# p-tuning: 8 virtual tokens, BiLSTM encoder, the model frozen
run ./hanlm ptune --model "$MODEL" --task nsmc --train "$OUT/data/train.txt" --dev "$OUT/data/dev.txt" --dev-limit 500 \
  --prompt-tokens 8 --steps "$STEPS" --batch-size 32 --lr 0.01 --eval-interval 100 --output "$OUT/prompt"
run ./hanlm eval --model "$MODEL" --task nsmc --data "$TEST" --limit "$LIMIT" --prompt-embeddings "$OUT/prompt" --json "$OUT/ptuned.json"
# full fine-tune of every weight on the same reviews, written as the zero-shot prompt plus the answer (LM loss)
/usr/bin/python3 - "$OUT/data/train.txt" "$OUT/finetune.jsonl" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for _, doc, label in rows:
        f.write(json.dumps({"text": "리뷰: %s\n감정: %s" % (doc, "긍정" if label == "1" else "부정")}, ensure_ascii=False) + "\n")
PY
run ./hanlm data prepare --tokenizer "$MODEL" --input "$OUT/finetune.jsonl" --output "$OUT/finetune-data" --force \
  --val-fraction 0.02 --min-chars 1 --min-hangul-ratio 0 --no-dedup --max-repeated-share 1 --max-jamo-share 1
run ./hanlm train --init-from "$MODEL" --data "$OUT/finetune-data" --output "$OUT/finetune" --seq-len 64 --batch-size 16 \
  --steps 600 --lr 3e-4 --warmup-steps 30 --eval-interval 200 --checkpoint-interval 0
run ./hanlm eval --model "$OUT/finetune/model" --task nsmc --data "$TEST" --shots 0 --limit "$LIMIT" --json "$OUT/finetuned.json"
./hanlm eval report "$OUT/fewshot.json" "$OUT/ptuned.json" "$OUT/finetuned.json" --markdown "$OUT/table.md"
cat "$OUT/table.md" "$OUT/times.txt"
