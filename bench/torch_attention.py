"""PyTorch side of bench/attention-wasm.ts: one head of attention, T = S = 4096, D = 64, float32, forward and
forward+backward, written out (softmax(q kᵀ/√D) v) and, where torch has it, torch._scaled_dot_product_attention.
Usage: python3 torch_attention.py THREADS [REPS]. Prints one JSON line {name: {"fwd": ms, "fwd+bwd": ms}} of
medians. Needs apt-get install -y python3-torch libopenblas0-pthread; run with OPENBLAS_CORETYPE=SkylakeX."""
import json, math, sys, time
import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
T, D = 4096, 64
q, k, v = (torch.randn(1, T, D, requires_grad=True) for _ in range(3))
dout = torch.randn(1, T, D)

def manual(q, k, v):
    return torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D), dim=-1) @ v

impls = {"written out": manual}
if hasattr(torch, "_scaled_dot_product_attention"):
    impls["torch._scaled_dot_product_attention"] = lambda q, k, v: torch._scaled_dot_product_attention(q, k, v)[0]

def median_ms(f):
    f()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]

out = {}
for name, f in impls.items():
    def fwd():
        with torch.no_grad():
            f(q, k, v)
    def fwd_bwd():
        q.grad = k.grad = v.grad = None
        f(q, k, v).backward(dout)
    out[name] = {"fwd": median_ms(fwd), "fwd+bwd": median_ms(fwd_bwd)}
print(json.dumps(out))
