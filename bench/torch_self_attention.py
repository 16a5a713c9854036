"""PyTorch side of bench/self-attention.ts: softmax(X Xᵀ/√C) X for T = 512 and 4096, C = 100, float32, no grad.
Prints one JSON line {T: median ms}. Run by the TS bench; needs apt-get install -y python3-torch libopenblas0-pthread."""
import json, math, sys, time
import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
out = {}
with torch.no_grad():
    for T in (512, 4096):
        x = torch.randn(T, 100)
        reps = 20 if T <= 512 else 5
        times = []
        for r in range(reps + 1):
            t0 = time.perf_counter()
            w = torch.softmax(x @ x.T / math.sqrt(100), dim=-1)
            y = w @ x
            dt = (time.perf_counter() - t0) * 1000
            if r > 0:
                times.append(dt)
        out[T] = sorted(times)[len(times) // 2]
print(json.dumps(out))
