#!/usr/bin/python3
"""Builds the golden fixture of dev.hanlm.train.ptune.PromptEncoder's LSTM kind: the P-tuning reference code's
PromptEncoder (nn.Embedding -> 2-layer bidirectional nn.LSTM -> Linear, ReLU, Linear) with fixed parameters, its
forward output and, for the loss sum(output * d_output), the gradient of every parameter, by torch autograd in
float64.

The sizes are small and H = 3 is not D / 2, so the second LSTM layer (input 2H) and the MLP's first Linear
(2H -> D) have shapes of their own. Parameters are short decimals, which Java's and numpy's float32 parse alike;
the reference runs on those float32 values widened to float64.

Run with Debian's python3 and its packages (apt-get install -y python3-torch python3-numpy):

    /usr/bin/python3 tools/make_prompt_encoder_golden.py train/src/test/resources/ptune/prompt-encoder-golden.json
"""
import json
import sys

import numpy as np
import torch

K, D, H = 5, 8, 3


class PromptEncoder(torch.nn.Module):
    """P-tuning's PromptEncoder (THUDM/P-tuning, LAMA/p_tuning/prompt_encoder.py) for one sequence of K tokens."""

    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(K, D)
        self.lstm_head = torch.nn.LSTM(input_size=D, hidden_size=H, num_layers=2, bidirectional=True,
                                       batch_first=True)
        self.mlp_head = torch.nn.Sequential(torch.nn.Linear(2 * H, D), torch.nn.ReLU(), torch.nn.Linear(D, D))

    def forward(self):
        inputs = self.embedding(torch.arange(K)).unsqueeze(0)
        return self.mlp_head(self.lstm_head(inputs)[0]).squeeze(0)


def decimals(gen, shape, scale):
    """Values with three decimals (exact as the fixture writes them), as float32 widened to float64."""
    values = np.round(scale * (2 * torch.rand(shape, generator=gen, dtype=torch.float64).numpy() - 1), 3)
    return values, torch.from_numpy(values.astype(np.float32).astype(np.float64))


def rounded(tensor):
    return [float(f"{v:.9g}") for v in tensor.detach().reshape(-1).tolist()]


def main(out):
    gen = torch.Generator().manual_seed(2021)
    model = PromptEncoder().double()
    parameters = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            # inputs like N(0, 1) draws; LSTM and Linear weights a little past PyTorch's init bounds so that
            # gates saturate and some ReLU units are off
            values, exact = decimals(gen, p.shape, 1.5 if name.startswith("embedding") else 0.8)
            parameters[name] = values.reshape(-1).tolist()
            p.copy_(exact)
    d_output_values, d_output = decimals(gen, (K, D), 1.0)
    output = model()
    (output * d_output).sum().backward()
    fixture = {
        "K": K, "D": D, "H": H,
        "parameters": parameters,
        "dOutput": d_output_values.reshape(-1).tolist(),
        "output": rounded(output),
        "gradients": {name: rounded(p.grad) for name, p in model.named_parameters()},
    }
    with open(out, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
