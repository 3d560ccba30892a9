#!/usr/bin/python3
"""Builds the engine's golden fixtures: tiny random GPT-2 and Llama checkpoints with awkward sizes, written as
Hugging Face model directories, and the logits of a fixed token sequence computed by an independent forward pass.

The forward passes below follow transformers' modeling_gpt2.py and modeling_llama.py step by step (Conv1D layout,
tanh GELU, rotate_half RoPE with HF's f32 inverse frequencies and its llama3 / linear rope scaling, repeat_kv for
grouped-query attention), in float64 over the stored weights, so the fixtures check the Java engine against the
math rather than against itself. transformers itself is not needed.

Run with Debian's python3 and its packages (apt-get install -y python3-torch python3-numpy):

    /usr/bin/python3 tools/make_engine_golden.py engine/src/test/resources/golden
"""
import json
import math
import os
import struct
import sys

import torch

TOKENS = 20  # length of the reference sequence; every model's context is longer

# name -> (config.json, generation_config.json or None)
MODELS = {
    # 3 heads of width 10, widths 30/52/61 not multiples of 8, tied LM head
    "gpt2": ({
        "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 61, "n_embd": 30, "n_layer": 2,
        "n_head": 3, "n_positions": 32, "n_ctx": 32, "n_inner": 52, "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True, "bos_token_id": 0, "eos_token_id": 0,
    }, {"bos_token_id": 0, "eos_token_id": 0, "max_new_tokens": 16}),
    # GQA 6:2 of head width 6, llama3 rope scaling whose three bands (kept, blended, divided) each hold a frequency
    # (wavelengths 6.3, 49.9 and 396 against the band edges 16 and 64), untied LM head
    "llama3": ({
        "model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 67, "hidden_size": 36,
        "intermediate_size": 44, "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 2,
        "max_position_embeddings": 48, "rms_norm_eps": 1e-5, "rope_theta": 500.0, "hidden_act": "silu",
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                         "original_max_position_embeddings": 64},
        "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2,
    }, {"bos_token_id": 1, "eos_token_id": [2, 3], "do_sample": True, "temperature": 0.6, "top_p": 0.9}),
    # an explicit head_dim (6 heads x 6 = 36 != hidden 28), GQA 6:2, linear rope scaling, tied LM head
    "llama-linear": ({
        "model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 53, "hidden_size": 28,
        "intermediate_size": 44, "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 2,
        "head_dim": 6, "max_position_embeddings": 40, "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
        "hidden_act": "silu", "rope_scaling": {"type": "linear", "factor": 2.0}, "tie_word_embeddings": True,
        "bos_token_id": 1, "eos_token_id": 2,
    }, None),
}


def gpt2_weights(c, gen):
    C, H, V, P = c["n_embd"], c["n_inner"], c["vocab_size"], c["n_positions"]
    w = {"wte.weight": gen.normal(V, C, std=1.0), "wpe.weight": gen.normal(P, C, std=0.5)}
    for i in range(c["n_layer"]):
        p = f"h.{i}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
        w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"] = gen.normal(C, 3 * C), gen.normal(3 * C, std=0.1)
        w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"] = gen.normal(C, C), gen.normal(C, std=0.1)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
        w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"] = gen.normal(C, H), gen.normal(H, std=0.1)
        w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"] = gen.normal(H, C), gen.normal(C, std=0.1)
    w["ln_f.weight"], w["ln_f.bias"] = gen.norm_weight(C), gen.normal(C, std=0.1)
    return w


def llama_weights(c, gen):
    C, F, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    hd = c.get("head_dim") or C // c["num_attention_heads"]
    Q, KV = c["num_attention_heads"] * hd, c["num_key_value_heads"] * hd
    w = {"model.embed_tokens.weight": gen.normal(V, C, std=1.0)}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = gen.norm_weight(C)
        w[p + "self_attn.q_proj.weight"] = gen.normal(Q, C)
        w[p + "self_attn.k_proj.weight"] = gen.normal(KV, C)
        w[p + "self_attn.v_proj.weight"] = gen.normal(KV, C)
        w[p + "self_attn.o_proj.weight"] = gen.normal(C, Q)
        w[p + "post_attention_layernorm.weight"] = gen.norm_weight(C)
        w[p + "mlp.gate_proj.weight"] = gen.normal(F, C)
        w[p + "mlp.up_proj.weight"] = gen.normal(F, C)
        w[p + "mlp.down_proj.weight"] = gen.normal(C, F)
    w["model.norm.weight"] = gen.norm_weight(C)
    if not c["tie_word_embeddings"]:
        w["lm_head.weight"] = gen.normal(V, C, std=0.5)
    return w


class Gen:
    """Seeded random weights: matrices ~ N(0, 0.3^2) so that attention and the MLPs do more than average."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def normal(self, *shape, std=0.3):
        return torch.randn(*shape, generator=self.g, dtype=torch.float32) * std

    def norm_weight(self, n):
        return 1.0 + self.normal(n, std=0.1)


def layer_norm(x, weight, bias, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), weight, bias, eps)


def causal_softmax(scores):
    T = scores.shape[-1]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    return torch.softmax(scores.masked_fill(~mask, torch.finfo(scores.dtype).min), dim=-1)


def gpt2_forward(c, w, ids):
    """modeling_gpt2: pre-LN blocks, Conv1D (x @ W + b with W [in, out]), attention scaled by 1/sqrt(head_dim)."""
    w = {k: v.double() for k, v in w.items()}
    T, C, H = len(ids), c["n_embd"], c["n_head"]
    hd, eps = C // H, c["layer_norm_epsilon"]
    x = w["wte.weight"][ids] + w["wpe.weight"][:T]
    for i in range(c["n_layer"]):
        p = f"h.{i}."
        h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = (h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]).split(C, dim=-1)
        q, k, v = (t.view(T, H, hd).transpose(0, 1) for t in (q, k, v))
        att = causal_softmax((q @ k.transpose(-1, -2)) / (hd ** 0.5))
        y = (att @ v).transpose(0, 1).reshape(T, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]
        h = 0.5 * h * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * torch.pow(h, 3.0))))
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    return x @ w["wte.weight"].T


def rope_inv_freq(c, hd):
    """HF's rope init functions, in f32 as HF computes them."""
    base = c["rope_theta"]
    inv_freq = 1.0 / (base ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    s = c.get("rope_scaling")
    if s is None:
        return inv_freq
    kind = s.get("rope_type", s.get("type"))
    if kind == "linear":
        return inv_freq / s["factor"]
    assert kind == "llama3"
    factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
    old_context_len = s["original_max_position_embeddings"]
    low_freq_wavelen = old_context_len / low
    high_freq_wavelen = old_context_len / high
    wavelen = 2 * math.pi / inv_freq
    inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
    smooth_factor = (old_context_len / wavelen - low) / (high - low)
    smoothed_inv_freq = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
    is_medium_freq = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
    return torch.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama)


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def llama_forward(c, w, ids):
    """modeling_llama: RMSNorm, RoPE (f32 angles as HF), repeat_kv, SwiGLU; attention scaled by head_dim^-0.5."""
    w = {k: v.double() for k, v in w.items()}
    T, C = len(ids), c["hidden_size"]
    H, KV = c["num_attention_heads"], c["num_key_value_heads"]
    hd = c.get("head_dim") or C // H
    eps = c["rms_norm_eps"]
    freqs = (rope_inv_freq(c, hd)[:, None] @ torch.arange(T, dtype=torch.float32)[None, :]).T
    emb = torch.cat((freqs, freqs), dim=-1).double()
    cos, sin = emb.cos(), emb.sin()
    x = w["model.embed_tokens.weight"][ids]
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(T, H, hd).transpose(0, 1)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(T, KV, hd).transpose(0, 1)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(T, KV, hd).transpose(0, 1)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k = k[:, None].expand(KV, H // KV, T, hd).reshape(H, T, hd)  # repeat_kv
        v = v[:, None].expand(KV, H // KV, T, hd).reshape(H, T, hd)
        att = causal_softmax((q @ k.transpose(-1, -2)) * hd ** -0.5)
        y = (att @ v).transpose(0, 1).reshape(T, H * hd)
        x = x + y @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate, up = h @ w[p + "mlp.gate_proj.weight"].T, h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if c["tie_word_embeddings"] else w["lm_head.weight"]
    return x @ head.T


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def write_safetensors(path, tensors):
    """The safetensors layout: u64 little-endian header length, JSON header padded to 8 bytes, raw data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        t = t.contiguous()
        data = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def write_model(out, name, config, generation, weights, dtype, ids, forward, prefix=""):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    stored = {k: v.to(dtype) for k, v in weights.items()}
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(dict(config, torch_dtype=str(dtype).removeprefix("torch.")), f, indent=2)
    if generation is not None:
        with open(os.path.join(d, "generation_config.json"), "w") as f:
            json.dump(generation, f, indent=2)
    write_safetensors(os.path.join(d, "model.safetensors"), {prefix + k: v for k, v in stored.items()})
    # the reference sees exactly the stored (rounded) weights
    logits = forward(config, {k: v.float() for k, v in stored.items()}, ids)
    with open(os.path.join(d, "logits.json"), "w") as f:
        rows = ",\n".join("[" + ",".join(f"{v:.8g}" for v in row) + "]" for row in logits.tolist())
        f.write('{"tokens": ' + json.dumps(ids) + ',\n"logits": [\n' + rows + "]}\n")


def main(out):
    for seed, (name, (config, generation)) in enumerate(MODELS.items()):
        gen = Gen(1000 + seed)
        is_gpt2 = config["model_type"] == "gpt2"
        weights = (gpt2_weights if is_gpt2 else llama_weights)(config, gen)
        forward = gpt2_forward if is_gpt2 else llama_forward
        ids = torch.randint(0, config["vocab_size"], (TOKENS,), generator=gen.g).tolist()
        write_model(out, name, config, generation, weights, torch.float32, ids, forward)
        # GPT2LMHeadModel.save_pretrained writes the names under "transformer.": the bf16 copy does, as a check
        write_model(out, name + "-bf16", config, generation, weights, torch.bfloat16, ids, forward,
                    "transformer." if is_gpt2 else "")
        if is_gpt2:
            write_model(out, name + "-f16", config, generation, weights, torch.float16, ids, forward)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/src/test/resources/golden")
