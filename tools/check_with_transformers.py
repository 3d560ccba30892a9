"""Loads a model directory written by `hanlm train` with HF transformers' GPT2LMHeadModel and prints
ln P(ids[i] | ids[<i]), to compare with `hanlm score --json --ids ...` on the same directory.

    python check_with_transformers.py MODEL_DIR 5,100,2000,37

Needs torch (>= 2) and transformers; see docs/TRAINING.md for the versions it was run with.
"""
import sys

import torch
from transformers import GPT2LMHeadModel

model = GPT2LMHeadModel.from_pretrained(sys.argv[1], torch_dtype=torch.float32)
ids = torch.tensor([[int(x) for x in sys.argv[2].split(",")]])
with torch.no_grad():
    logprobs = torch.log_softmax(model(ids).logits[0], -1)
print([None] + [logprobs[i, ids[0, i + 1]].item() for i in range(ids.shape[1] - 1)])
