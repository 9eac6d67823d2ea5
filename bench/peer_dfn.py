#!/usr/bin/python3
"""PyTorch peer of dev.flotilla.bench.DfnBench, and the machine's sgemm peak.

  peer_dfn.py model --dir DIR   the built-in CLIP (same weights: Flotilla's portable export
                                DIR/clip.safetensors + clip.json, rebuilt by flotilla_portable.py
                                in plain PyTorch) scoring the same batch (DIR/check.bin); checks
                                its scores against Flotilla's, then times the network
  peer_dfn.py sgemm             float32 matmul n x n GFLOP/s (numpy and torch; threads from
                                OPENBLAS_NUM_THREADS / --threads)
  peer_dfn.py torchscript --dir DIR
                                the same network traced to TorchScript (DIR/clip.pt: one module with
                                encode_image/encode_text, as dfn.model.source = torchscript loads
                                it), checked against Flotilla's scores, then timed in PyTorch
  peer_dfn.py images --dir DIR  writes --count real-size JPEGs (photo-like: smooth colour fields,
                                edges and grain; --width x --height, quality 90, 4:2:0)
  peer_dfn.py preprocess --dir DIR
                                CLIP preprocessing as torchvision runs it (PIL decode, RGB,
                                Resize(size, bicubic), CenterCrop, ToTensor, Normalize), one
                                thread, on the files of DIR read into memory first: images/s

One JSON line on stdout. Run with Debian's /usr/bin/python3 (python3-torch, libopenblas0-pthread).
"""
import argparse
import json
import os
import struct
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_torch import loaded_blas  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "executors", "src", "main",
                                "resources", "dev", "flotilla", "executors", "export"))
import flotilla_portable as portable  # noqa: E402


def read_named_arrays(path):
    """Flotilla's NamedArrays: count, then per tensor name, shape, float32 values (big-endian)."""
    out = {}
    with open(path, "rb") as f:
        raw = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        vals = struct.unpack_from(fmt, raw, pos)
        pos += struct.calcsize(fmt)
        return vals

    count, = take(">i")
    for _ in range(count):
        name_len, = take(">i")
        name = raw[pos:pos + name_len].decode()
        pos += name_len
        rank, = take(">i")
        shape = take(">%dq" % rank)
        n, = take(">i")
        data = np.frombuffer(raw, dtype=">f4", count=n, offset=pos).astype(np.float32)
        pos += 4 * n
        out[name] = torch.from_numpy(data.reshape(shape).copy())
    return out


def score(cfg, t, images, tokens):
    """DjlClipModel.scorePairs: cosine of each image with its caption. Like Flotilla, the text
    tower runs up to the batch's last end-of-text token (exact under the causal mask)."""
    length = int(tokens.argmax(1).max()) + 1
    img = portable.clip_image_embedding(cfg, t, images)
    return (img * portable.clip_text_embedding(cfg, t, tokens[:, :length])).sum(1)


def model(args):
    torch.set_num_threads(args.threads)
    t, cfg = portable.load(os.path.join(args.dir, "clip.safetensors"), os.path.join(args.dir, "clip.json"))
    check = read_named_arrays(os.path.join(args.dir, "check.bin"))
    images, tokens, expected = check["images"], check["tokens"].long(), check["scores"]
    with torch.no_grad():
        got = score(cfg, t, images, tokens)
        max_diff = float((got - expected).abs().max())
        for _ in range(3):
            score(cfg, t, images, tokens)
        batches, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < args.min_seconds or batches < 5:
            score(cfg, t, images, tokens)
            batches += 1
        secs = time.perf_counter() - t0
    return {"side": "torch", "threads": args.threads, "batch": images.shape[0],
            "pairs_per_s": batches * images.shape[0] / secs, "timed_batches": batches,
            "max_abs_diff_vs_flotilla": max_diff, "torch": torch.__version__, "blas": loaded_blas()}


class _Towers(torch.nn.Module):
    """The exported CLIP's two towers as one module, for tracing."""

    def __init__(self, cfg, t):
        super().__init__()
        self.cfg, self.t = cfg, t

    def encode_image(self, images):
        return portable.clip_image_embedding(self.cfg, self.t, images)

    def encode_text(self, tokens):
        return portable.clip_text_embedding(self.cfg, self.t, tokens)


def _ts_score(module, images, tokens):
    """TorchScriptClip.scorePairs: cosine of the towers' embeddings, each normalised with 1e-12."""
    a, b = module.encode_image(images), module.encode_text(tokens)
    a = a / (a.square().sum(1, keepdim=True) + 1e-12).sqrt()
    b = b / (b.square().sum(1, keepdim=True) + 1e-12).sqrt()
    return (a * b).sum(1)


def torchscript(args):
    torch.set_num_threads(args.threads)
    t, cfg = portable.load(os.path.join(args.dir, "clip.safetensors"), os.path.join(args.dir, "clip.json"))
    check = read_named_arrays(os.path.join(args.dir, "check.bin"))
    images, tokens, expected = check["images"], check["tokens"].long(), check["scores"]
    images = images.reshape(images.shape[0], 3, cfg["image_tower"]["image_size"], -1)
    path = os.path.join(args.dir, "clip.pt")
    with torch.no_grad():
        traced = torch.jit.trace_module(_Towers(cfg, t), {"encode_image": images[:2], "encode_text": tokens[:2]},
                                        check_trace=False)
        traced.save(path)
        module = torch.jit.load(path)
        # Graph executor optimization (profiling runs, then a specialised graph) is libtorch's
        # default; both settings are measured on both sides (the dfn job runs with the default).
        with torch.jit.optimized_execution(args.optimized_execution == "true"):
            max_diff = float((_ts_score(module, images, tokens) - expected).abs().max())
            for _ in range(3):
                _ts_score(module, images, tokens)
            batches, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < args.min_seconds or batches < 5:
                _ts_score(module, images, tokens)
                batches += 1
            secs = time.perf_counter() - t0
    return {"side": "torch", "model": "torchscript", "file": path, "threads": args.threads,
            "graph_optimize": args.optimized_execution == "true",
            "batch": images.shape[0], "pairs_per_s": batches * images.shape[0] / secs, "timed_batches": batches,
            "max_abs_diff_vs_flotilla": max_diff, "torch": torch.__version__}


def sgemm(args):
    torch.set_num_threads(args.threads)
    n = args.n
    a = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
    b = np.random.default_rng(2).standard_normal((n, n), dtype=np.float32)
    result = {"n": n, "threads": args.threads,
              "openblas_threads_env": os.environ.get("OPENBLAS_NUM_THREADS")}
    for name, mm, x, y in (("numpy", np.matmul, a, b),
                           ("torch", torch.mm, torch.from_numpy(a), torch.from_numpy(b))):
        mm(x, y)  # warm-up
        reps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < args.min_seconds or reps < 3:
            mm(x, y)
            reps += 1
        result[name + "_gflops"] = 2 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9
    result["gflops"] = max(result["numpy_gflops"], result["torch_gflops"])
    result["blas"] = loaded_blas()
    return result


def images(args):
    from PIL import Image, ImageDraw, ImageFilter
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    w, h = args.width, args.height
    for i in range(args.count):
        # A smooth colour field (upsampled noise), shapes with hard edges, then grain: compresses
        # and decodes like a photograph, unlike flat colour or pure noise.
        field = Image.fromarray(rng.integers(0, 256, (h // 40 + 1, w // 40 + 1, 3), dtype=np.uint8))
        img = field.resize((w, h), Image.BICUBIC)
        draw = ImageDraw.Draw(img)
        for _ in range(8):
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            box = [x0, y0, x0 + int(rng.integers(20, w // 2)), y0 + int(rng.integers(20, h // 2))]
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
        img = img.filter(ImageFilter.GaussianBlur(1))
        grain = rng.normal(0, 6, (h, w, 3))
        img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float64) + grain, 0, 255).astype(np.uint8))
        img.save(os.path.join(args.dir, "%05d.jpg" % i), quality=90, subsampling=2)
    return {"images": args.count, "width": w, "height": h,
            "bytes": sum(os.path.getsize(os.path.join(args.dir, f)) for f in os.listdir(args.dir))}


def preprocess(args):
    import io
    import torchvision
    from PIL import Image
    from torchvision import transforms as T
    torch.set_num_threads(1)
    names = sorted(f for f in os.listdir(args.dir) if f.endswith((".jpg", ".jpeg", ".png")))
    blobs = [open(os.path.join(args.dir, f), "rb").read() for f in names]
    pipeline = T.Compose([T.Resize(args.size, interpolation=T.InterpolationMode.BICUBIC), T.CenterCrop(args.size),
                          T.ToTensor(), T.Normalize((0.48145466, 0.4578275, 0.40821073),
                                                    (0.26862954, 0.26130258, 0.27577711))])

    def one(b):
        return pipeline(Image.open(io.BytesIO(b)).convert("RGB"))

    for b in blobs[:20]:
        one(b)  # warm-up
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.min_seconds or n < len(blobs):
        one(blobs[n % len(blobs)])
        n += 1
    secs = time.perf_counter() - t0
    import PIL
    return {"side": "torch", "images": n, "distinct_files": len(blobs), "images_per_s": n / secs,
            "ms_per_image": 1000 * secs / n, "size": args.size, "pil": PIL.__version__,
            "torchvision": torchvision.__version__}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    for name in ("model", "torchscript"):  # the same network, scored from its export or as TorchScript
        m = sub.add_parser(name)
        m.add_argument("--dir", required=True)
        m.add_argument("--threads", type=int, default=1)
        m.add_argument("--min-seconds", type=float, default=8.0)
        if name == "torchscript":
            m.add_argument("--optimized-execution", choices=("true", "false"), default="true")
    s = sub.add_parser("sgemm")
    s.add_argument("--n", type=int, default=2048)
    s.add_argument("--threads", type=int, default=1)
    s.add_argument("--min-seconds", type=float, default=3.0)
    i = sub.add_parser("images")
    i.add_argument("--dir", required=True)
    i.add_argument("--count", type=int, default=200)
    i.add_argument("--width", type=int, default=640)
    i.add_argument("--height", type=int, default=480)
    i.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("preprocess")
    p.add_argument("--dir", required=True)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--min-seconds", type=float, default=8.0)
    args = ap.parse_args()
    modes = {"model": model, "sgemm": sgemm, "torchscript": torchscript, "images": images, "preprocess": preprocess}
    print(json.dumps(modes[args.mode](args)))


if __name__ == "__main__":
    main()
