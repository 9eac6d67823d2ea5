#!/usr/bin/python3
"""PyTorch peer of dev.flotilla.bench.BackendBench: the same model, data, batch, optimizer
and timing rules, printed as one JSON line on stdout.

Run it with Debian's /usr/bin/python3 (python3-torch), not a pyenv python. Debian's torch calls
the system libblas.so.3: without libopenblas0-pthread that is the reference BLAS (~5 GFLOP/s),
so the "blas" field of the output names the library that actually got loaded.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

# OpenBLAS and OpenMP size their pools when the library loads, i.e. at `import torch`; the
# other side gets one thread, so must this one (or the pools fight over the 2 cores).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
WIDTHS = {"mlp": [1024, 1024], "cnn": [32, 64, 256]}  # as BackendBench.WIDTHS
KERNEL = 5  # ModelSpec.CNN_KERNEL
CLASSES = 10


def read_idx(path, magic, dims):
    """An IDX .gz file as a uint8 array; checks the magic number and the header's shape."""
    if not os.access(path, os.R_OK):
        sys.exit(f"cannot read {path} (install Debian's dataset-fashion-mnist, or pass --data "
                 "a folder with the Fashion-MNIST IDX .gz files)")
    with gzip.open(path, "rb") as f:
        raw = f.read()
    got, = struct.unpack(">i", raw[:4])
    if got != magic:
        sys.exit(f"{path}: magic 0x{got:x}, expected 0x{magic:x} (not a Fashion-MNIST IDX file)")
    shape = struct.unpack(">" + "i" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist_train(data_dir):
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"), 0x803, 3)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"), 0x801, 1)
    # Pixels in [0, 1] as float32, N x 1 x 28 x 28, as FashionMnist.java produces them.
    x = (images.astype(np.float32) / 255.0)[:, None, :, :]
    return np.ascontiguousarray(x), labels.astype(np.int64)


def build(kind, widths):
    """The layers of ModelSpec: DjlClassifiers/Dl4jClassifiers build the same from the same widths."""
    if kind == "mlp":
        layers, width_in = [nn.Flatten()], 28 * 28
        for h in widths:
            layers += [nn.Linear(width_in, h), nn.ReLU()]
            width_in = h
        layers.append(nn.Linear(width_in, CLASSES))
    else:
        layers, channels, side = [], 1, 28
        for filters in widths[:-1]:
            layers += [nn.Conv2d(channels, filters, KERNEL, padding=KERNEL // 2), nn.ReLU(),
                       nn.MaxPool2d(2, 2)]
            channels, side = filters, side // 2
        layers += [nn.Flatten(), nn.Linear(channels * side * side, widths[-1]), nn.ReLU(),
                   nn.Linear(widths[-1], CLASSES)]
    model = nn.Sequential(*layers)
    # Xavier weights and zero biases, like both Java backends; it changes the loss curve,
    # not the speed, but keeps first/last loss comparable across the table.
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def loaded_blas():
    """Paths of BLAS libraries mapped into this process (after torch has run a matmul)."""
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path):
                found.add(os.path.realpath(path))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(WIDTHS))
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--min-steps", type=int, default=10)
    ap.add_argument("--min-seconds", type=float, default=8.0)
    ap.add_argument("--data", default=DEBIAN_DIR)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--widths", default=None,
                    help="comma-separated widths overriding the model's (e.g. 256,256,256,256)")
    args = ap.parse_args()
    widths = [int(w) for w in args.widths.split(",")] if args.widths else WIDTHS[args.model]

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    x_all, y_all = fashion_mnist_train(args.data)
    order = np.random.default_rng(args.seed).permutation(len(y_all))
    steps_per_epoch = len(y_all) // args.batch

    model = build(args.model, widths)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()  # softmax + cross-entropy, mean over the batch

    def step(i):
        idx = order[(i % steps_per_epoch) * args.batch:][:args.batch]
        x, y = torch.from_numpy(x_all[idx]), torch.from_numpy(y_all[idx])
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    first_loss = loss = float("nan")
    for i in range(args.warmup):
        loss = step(i)
        if i == 0:
            first_loss = loss
    # Timed as in BackendBench: at least --min-steps and at least --min-seconds; the batch
    # gather stays inside the loop on both sides.
    i, timed = args.warmup, 0
    t0 = time.perf_counter()
    while True:
        loss = step(i)
        i, timed = i + 1, timed + 1
        seconds = time.perf_counter() - t0
        if timed >= args.min_steps and seconds >= args.min_seconds:
            break

    examples_per_s = timed * args.batch / seconds
    print(json.dumps({
        "model": args.model,
        "side": "torch",
        "parameters": sum(p.numel() for p in model.parameters()),
        "batch": args.batch,
        "threads": torch.get_num_threads(),
        "warmup_steps": args.warmup,
        "timed_steps": timed,
        "seconds": seconds,
        "examples_per_s": examples_per_s,
        "first_loss": first_loss,
        "last_loss": loss,
        "torch": torch.__version__,
        "python": sys.executable + " " + sys.version.split()[0],
        "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
