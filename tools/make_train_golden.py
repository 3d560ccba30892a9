#!/usr/bin/python3
"""Builds the training golden fixture: a tiny random GPT-2 (HF model directory) and, for a fixed batch, the loss and
the gradient of every parameter, computed by torch autograd in float64 through make_engine_golden's independent
GPT-2 forward (transformers' modeling_gpt2 step by step: Conv1D layout, tanh GELU, tied head).

The loss is the mean cross-entropy over the positions whose target is not -1 (torch's ignore_index), which is what
dev.hanlm.engine.grad.TrainableGpt2 computes.

Run with Debian's python3 and its packages (apt-get install -y python3-torch python3-numpy):

    /usr/bin/python3 tools/make_train_golden.py engine/src/test/resources/golden
"""
import json
import os
import sys

import torch

from make_engine_golden import Gen, gpt2_forward, write_safetensors

CONFIG = {
    # 3 heads of width 4, widths 12/48 and vocabulary 17 not multiples of 8, tied LM head
    "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 17, "n_embd": 12, "n_layer": 2,
    "n_head": 3, "n_positions": 8, "n_ctx": 8, "n_inner": None, "activation_function": "gelu_new",
    "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True, "bos_token_id": 0, "eos_token_id": 0,
    "torch_dtype": "float32",
}
BATCH, SEQ_LEN = 2, 5


def weights(c, gen):
    C, V, P = c["n_embd"], c["vocab_size"], c["n_positions"]
    w = {"wte.weight": gen.normal(V, C, std=1.0), "wpe.weight": gen.normal(P, C, std=0.5)}
    for i in range(c["n_layer"]):
        p = f"h.{i}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
        w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"] = gen.normal(C, 3 * C), gen.normal(3 * C, std=0.1)
        w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"] = gen.normal(C, C), gen.normal(C, std=0.1)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
        w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"] = gen.normal(C, 4 * C), gen.normal(4 * C, std=0.1)
        w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"] = gen.normal(4 * C, C), gen.normal(C, std=0.1)
    w["ln_f.weight"], w["ln_f.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
    return w


def main(out):
    gen = Gen(2000)
    stored = weights(CONFIG, gen)
    c = dict(CONFIG, n_inner=4 * CONFIG["n_embd"])
    inputs = torch.randint(0, c["vocab_size"], (BATCH, SEQ_LEN), generator=gen.g)
    targets = torch.randint(0, c["vocab_size"], (BATCH, SEQ_LEN), generator=gen.g)
    targets[0, :2] = -1  # a masked prompt
    targets[1, 3] = -1
    leaves = {k: v.double().requires_grad_() for k, v in stored.items()}
    logits = torch.stack([gpt2_forward(c, leaves, row.tolist()) for row in inputs])
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, c["vocab_size"]), targets.reshape(-1), ignore_index=-1)
    loss.backward()

    d = os.path.join(out, "gpt2-train")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    write_safetensors(os.path.join(d, "model.safetensors"), {"transformer." + k: v for k, v in stored.items()})
    grads = ",\n".join(f'"transformer.{k}": [' + ",".join(f"{g:.8g}" for g in v.grad.flatten().tolist()) + "]"
                       for k, v in leaves.items())
    with open(os.path.join(d, "gradients.json"), "w") as f:
        f.write('{"inputs": ' + json.dumps(inputs.flatten().tolist()) + ', "targets": '
                + json.dumps(targets.flatten().tolist()) + f', "batch": {BATCH}, "seq_len": {SEQ_LEN}'
                + f', "loss": {loss.item():.10g},\n"gradients": {{\n' + grads + "}}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/src/test/resources/golden")
