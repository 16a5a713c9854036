#!/usr/bin/env python3
"""PyTorch 1.13 CPU side of bench/layers.ts: times one repetition per request, so that the TypeScript bench can
interleave attnlab and PyTorch repetitions. Reads JSON lines {"case", "mode", "threads"} on stdin and answers each
with {"ms": ...}; prints {"ready": ...} once the layers are built.

Cases (as bench/layers.ts): "mha" = nn.MultiheadAttention(256, 4, batch_first) self-attention on (8, 128, 256);
"encoder" = nn.TransformerEncoderLayer(256, 4, dim_feedforward=1024, dropout=0, batch_first) on the same input.
Modes: "forward" (no_grad) and "forward_backward" (backward of sum(y * g)). Layers stay in train() mode, i.e.
PyTorch's composed path (the fused inference fast path is not differentiable); dropout is 0.

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/torch_layers.py [small|large]   (Haswell on CPUs without AVX-512;
    needs python3-torch libopenblas0-pthread)
"""
import json
import sys
import time

import torch
import torch.nn as nn

# argv[1]: "small" (default) or "large", as bench/layers.ts --shape.
B, T, C, H, FF = (8, 512, 768, 12, 3072) if len(sys.argv) > 1 and sys.argv[1] == "large" else (8, 128, 256, 4, 1024)
torch.manual_seed(0)
x = torch.randn(B, T, C)
g = torch.randn(B, T, C)
layers = {
    "mha": nn.MultiheadAttention(C, H, dropout=0.0, batch_first=True).train(),
    "encoder": nn.TransformerEncoderLayer(C, H, dim_feedforward=FF, dropout=0.0, batch_first=True).train(),
}


def run(case, mode):
    layer = layers[case]
    fwd = (lambda z: layer(z, z, z, need_weights=False)[0]) if case == "mha" else layer
    if mode == "forward":
        with torch.no_grad():
            fwd(x)
    else:
        xr = x.clone().requires_grad_()
        (fwd(xr) * g).sum().backward()
        layer.zero_grad(set_to_none=True)


print(json.dumps({"ready": True, "torch": torch.__version__, "blas": "OpenBLAS" if "openblas" in torch.__config__.show().lower() else "?"}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    torch.set_num_threads(int(req["threads"]))
    t0 = time.perf_counter()
    run(req["case"], req["mode"])
    print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}), flush=True)
