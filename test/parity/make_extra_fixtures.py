#!/usr/bin/env python3
"""Extra PyTorch fixtures for the attention kinds, in shapes the shared set does not cover.

Reuses the shared generator (../shared/tools/make_torch_fixtures.py) for `scaled_dot_product_attention` and
`multihead_attention`, and adds `transformer_encoder_layer` fixtures with GELU, nhead 1, T = 1, a causal mask,
a key padding mask and another eps (optional fields `activation`, `causal`, `src_key_padding_mask`,
`layer_norm_eps`, read by test/parity/kinds/encoder-layer.ts). Output: test/fixtures/torch-extra/.

    apt-get install -y python3-torch
    /usr/bin/python3 test/parity/make_extra_fixtures.py [--shared ../shared] [--out test/fixtures/torch-extra]
"""
import argparse
import importlib.util
import os

import torch
import torch.nn as nn


def load_shared(shared):
    spec = importlib.util.spec_from_file_location("shared_fixtures", os.path.join(shared, "tools", "make_torch_fixtures.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def encoder_layer(sh, g, b, n, e, h, ff, norm_first, activation, causal, with_padding, eps):
    """torch.nn.TransformerEncoderLayer (batch_first, dropout 0) with the options the shared generator fixes."""
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    layer = nn.TransformerEncoderLayer(e, h, dim_feedforward=ff, dropout=0.0, activation=activation,
                                       layer_norm_eps=eps, batch_first=True, norm_first=norm_first)
    layer.train()  # the slow, differentiable path
    with torch.no_grad():
        for p in layer.parameters():
            if p.dim() == 1:
                p.normal_(0, 0.1, generator=g)
    x = torch.randn(b, n, e, generator=g, requires_grad=True)
    src_mask = torch.ones(n, n, dtype=torch.bool).triu(1) if causal else None  # True = masked out
    pad = torch.zeros(b, n, dtype=torch.bool)
    if with_padding:
        for i in range(b):
            pad[i, max(1, n - i):] = True  # never a whole row
    y = layer(x, src_mask=src_mask, src_key_padding_mask=pad if with_padding else None)
    gy = torch.randn(y.shape, generator=g)
    (y * gy).sum().backward()
    out = {
        "kind": "transformer_encoder_layer",
        "note": f"torch.nn.TransformerEncoderLayer(batch_first=True, activation={activation}, dropout=0, layer_norm_eps={eps})",
        "d_model": e, "nhead": h, "dim_feedforward": ff, "norm_first": norm_first,
        "activation": activation, "causal": causal, "layer_norm_eps": eps,
        "x": sh.t(x), "params": {k: sh.t(p) for k, p in layer.named_parameters()},
        "outputs": sh.t(y), "grad_outputs": sh.t(gy), "grad_x": sh.t(x.grad),
        "grads": {"grad_" + k: sh.t(p.grad) for k, p in layer.named_parameters()},
    }
    if with_padding:
        out["src_key_padding_mask"] = sh.t(pad.to(torch.float32))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "shared"))
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "torch-extra"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sh = load_shared(args.shared)
    os.makedirs(args.out, exist_ok=True)
    g = torch.Generator().manual_seed(args.seed)
    written = []
    # sdpa: (B, H, T, S, D, causal, padding): T = 1, odd D, T < S, T > S, D = 1
    for i, (b, h, n, m, d, causal, pad) in enumerate([
        (1, 1, 1, 1, 4, False, False), (2, 2, 4, 7, 5, True, True), (1, 3, 6, 3, 8, False, True), (2, 1, 5, 5, 1, True, False),
    ]):
        written.append(sh.write(args.out, f"extra_sdpa_{i}", sh.sdpa(g, b, h, n, m, d, causal, pad)))
    # mha: (B, T, C, H, causal, padding, bias): T = 1 with H = 1, H = 1 without bias, D = 2, odd T
    for i, (b, n, e, h, causal, pad, bias) in enumerate([
        (2, 1, 6, 1, False, False, True), (2, 5, 12, 1, True, True, False), (3, 4, 12, 6, False, True, False), (1, 7, 20, 4, True, False, True),
    ]):
        written.append(sh.write(args.out, f"extra_mha_{i}", sh.mha(g, b, n, e, h, causal, pad, bias)))
    # encoder layer: (B, T, C, H, F, norm_first, activation, causal, padding, eps)
    for i, cfg in enumerate([
        (2, 4, 8, 2, 16, False, "gelu", False, False, 1e-5), (2, 4, 8, 2, 16, True, "gelu", False, False, 1e-5),
        (2, 1, 6, 1, 10, False, "relu", False, False, 1e-5), (3, 5, 12, 3, 24, True, "relu", True, True, 1e-6),
        (2, 6, 16, 4, 8, False, "gelu", True, True, 1e-5),
    ]):
        written.append(sh.write(args.out, f"extra_encoder_{i}", encoder_layer(sh, g, *cfg)))
    print(f"wrote {len(written)} fixtures to {args.out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
