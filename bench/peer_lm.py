#!/usr/bin/python3
"""PyTorch peer of dev.flotilla.bench.HdeeBench: the same language model, batch, sequence
length, optimizer and timing rules, printed as one JSON line on stdout.

The transformer is DjlTransformerLm op for op (pre-norm blocks, token + learned position
embeddings, fused qkv, manual causal attention with an additive -1e9 mask, GELU MLP, final
LayerNorm, untied head; N(0, 0.02) weights, residual projections 0.02/sqrt(2 layers); loss
-mean(log_softmax(logits).gather(targets))). The LSTM is Dl4jLstmLm's: embedding without bias,
stacked LSTMs (PyTorch's second bias per layer is frozen at zero, so the trainable parameters
are DL4J's), a linear softmax head with cross-entropy. Adam everywhere.

Run it with Debian's /usr/bin/python3 (python3-torch, libopenblas0-pthread); see peer_torch.py.
"""
import argparse
import json
import math
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from peer_torch import loaded_blas  # noqa: E402

VOCAB = 258  # ByteTokens.VOCAB: 256 bytes + DOC + PAD


class Transformer(nn.Module):
    """DjlTransformerLm.logits, with the same parameter names, shapes and initialization."""

    def __init__(self, layers, d, heads, mlp, context):
        super().__init__()
        self.layers, self.d, self.heads = layers, d, heads
        residual_std = 0.02 / math.sqrt(2.0 * layers)
        p = {"tok_emb": torch.randn(VOCAB, d) * 0.02, "pos_emb": torch.randn(context, d) * 0.01}
        for i in range(layers):
            h = f"h{i}_"
            p.update({
                h + "ln1_g": torch.ones(d), h + "ln1_b": torch.zeros(d),
                h + "qkv_w": torch.randn(3 * d, d) * 0.02, h + "qkv_b": torch.zeros(3 * d),
                h + "out_w": torch.randn(d, d) * residual_std, h + "out_b": torch.zeros(d),
                h + "ln2_g": torch.ones(d), h + "ln2_b": torch.zeros(d),
                h + "fc_w": torch.randn(mlp, d) * 0.02, h + "fc_b": torch.zeros(mlp),
                h + "proj_w": torch.randn(d, mlp) * residual_std, h + "proj_b": torch.zeros(d),
            })
        p.update({"lnf_g": torch.ones(d), "lnf_b": torch.zeros(d),
                  "head_w": torch.randn(VOCAB, d) * 0.02, "head_b": torch.zeros(VOCAB)})
        self.p = nn.ParameterDict({k: nn.Parameter(v) for k, v in p.items()})
        mask = torch.zeros(context, context)
        mask[torch.triu(torch.ones(context, context, dtype=torch.bool), diagonal=1)] = -1e9
        self.register_buffer("mask", mask)

    def forward(self, tokens):
        p, (b, t), d, heads = self.p, tokens.shape, self.d, self.heads
        dh = d // heads
        x = F.embedding(tokens, p["tok_emb"]) + p["pos_emb"][:t]
        mask = self.mask[:t, :t]
        for i in range(self.layers):
            h = f"h{i}_"
            y = F.layer_norm(x, (d,), p[h + "ln1_g"], p[h + "ln1_b"], 1e-5)
            q, k, v = F.linear(y, p[h + "qkv_w"], p[h + "qkv_b"]).split(d, dim=2)
            q = q.reshape(b, t, heads, dh).transpose(1, 2)
            k = k.reshape(b, t, heads, dh).permute(0, 2, 3, 1)
            v = v.reshape(b, t, heads, dh).transpose(1, 2)
            attention = (q.matmul(k) * (1 / math.sqrt(dh)) + mask).softmax(-1)
            mixed = attention.matmul(v).transpose(1, 2).reshape(b, t, d)
            x = x + F.linear(mixed, p[h + "out_w"], p[h + "out_b"])
            y = F.layer_norm(x, (d,), p[h + "ln2_g"], p[h + "ln2_b"], 1e-5)
            x = x + F.linear(F.gelu(F.linear(y, p[h + "fc_w"], p[h + "fc_b"])), p[h + "proj_w"], p[h + "proj_b"])
        x = F.layer_norm(x, (d,), p["lnf_g"], p["lnf_b"], 1e-5)
        return F.linear(x, p["head_w"], p["head_b"])

    def loss(self, rows):
        logits = self(rows[:, :-1])
        return -logits.log_softmax(-1).gather(-1, rows[:, 1:].unsqueeze(-1)).mean()


class Lstm(nn.Module):
    """Dl4jLstmLm: EmbeddingSequenceLayer (no bias), LSTMs, RnnOutputLayer (softmax, MCXENT)."""

    def __init__(self, layers, d):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, d)
        self.lstm = nn.LSTM(d, d, num_layers=layers, batch_first=True)
        self.head = nn.Linear(d, VOCAB)
        # DL4J's Xavier (normal, std sqrt(2 / (fan_in + fan_out))) and forget-gate bias 1.
        for name, w in self.named_parameters():
            if name.startswith("lstm.bias_hh"):
                w.data.zero_()
                w.requires_grad_(False)  # one bias per layer, as DL4J has
            elif name.startswith("lstm.bias_ih"):
                w.data.zero_()
                w.data[d:2 * d] = 1.0  # PyTorch's gate order is i, f, g, o
            elif name == "head.bias":
                w.data.zero_()
            else:
                nn.init.xavier_normal_(w)

    def loss(self, rows):
        h, _ = self.lstm(self.embedding(rows[:, :-1]))
        logits = self.head(h)
        return F.cross_entropy(logits.reshape(-1, VOCAB), rows[:, 1:].reshape(-1))


def sgemm_gflops(n=1024, seconds=2.0):
    """This process's single-precision matmul rate at the current thread count, GFLOP/s."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    reps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or reps < 3:
        torch.mm(a, b)
        reps += 1
    return reps * 2 * n ** 3 / (time.perf_counter() - t0) / 1e9


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=["transformer", "lstm"])
    ap.add_argument("--layers", type=int)
    ap.add_argument("--d-model", type=int)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--mlp-width", type=int)
    ap.add_argument("--context", type=int, default=128)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--min-steps", type=int, default=10)
    ap.add_argument("--min-seconds", type=float, default=8.0)
    ap.add_argument("--text", required=True, help="text file whose bytes are the training tokens")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sgemm-peak", action="store_true", help="also measure sgemm n=1024 GFLOP/s")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    if args.model == "transformer":  # HdeeBench.spec(): HDEE's M expert
        layers, d = args.layers or 4, args.d_model or 128
        model = Transformer(layers, d, args.heads, args.mlp_width or 4 * d, args.context)
    else:
        layers, d = args.layers or 2, args.d_model or 256
        model = Lstm(layers, d)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=args.lr)

    with open(args.text, "rb") as f:
        tokens = torch.from_numpy(np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64))
    length = args.context + 1
    if len(tokens) < 2 * length:
        sys.exit(f"{args.text} has {len(tokens)} bytes, need at least {2 * length}")
    rng = np.random.default_rng(args.seed)
    offsets = torch.arange(length)

    def step():
        # Sampling the windows stays inside the timed steps, as in HdeeBench.
        starts = torch.from_numpy(rng.integers(0, len(tokens) - length, args.batch))
        rows = tokens[starts[:, None] + offsets]
        optimizer.zero_grad(set_to_none=True)
        loss = model.loss(rows)
        loss.backward()
        optimizer.step()
        return loss.item()

    first_loss = loss = float("nan")
    for i in range(args.warmup):
        loss = step()
        if i == 0:
            first_loss = loss
    timed, t0 = 0, time.perf_counter()
    while True:
        loss = step()
        timed += 1
        seconds = time.perf_counter() - t0
        if timed >= args.min_steps and seconds >= args.min_seconds:
            break

    tokens_per_s = timed * args.batch * args.context / seconds
    result = {
        "model": args.model,
        "side": "torch",
        "parameters": sum(p.numel() for p in trainable),
        "batch": args.batch,
        "threads": torch.get_num_threads(),
        "warmup_steps": args.warmup,
        "timed_steps": timed,
        "seconds": seconds,
        "tokens_per_s": tokens_per_s,
        "first_loss": first_loss,
        "last_loss": loss,
        "peak_rss_mb": peak_rss_mb(),
        "text_bytes": len(tokens),
        "torch": torch.__version__,
        "python": sys.executable + " " + sys.version.split()[0],
        "blas": loaded_blas(),
    }
    if args.sgemm_peak:
        result["sgemm_gflops_n1024"] = sgemm_gflops()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
