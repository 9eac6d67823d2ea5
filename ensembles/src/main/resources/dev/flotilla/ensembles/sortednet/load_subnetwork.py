"""Loads a Flotilla export (model.safetensors + config.json) into PyTorch, with no other package.

    t, cfg = load("best.safetensors", "best.json")
    probs = forward(cfg, t, images).softmax(1)   # images: (n, 1, 28, 28) floats in [0, 1]

Run as a script: python3 load_subnetwork.py MODEL CONFIG INPUT N OUTPUT reads N float32 inputs
(raw little-endian) and writes their class probabilities (raw float32), for tests.
"""
import json
import struct
import sys

import torch
import torch.nn.functional as F


def load(safetensors_path, config_path):
    with open(safetensors_path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        assert v["dtype"] == "F32", name
        begin, end = v["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(v["shape"])
    with open(config_path) as f:
        return tensors, json.load(f)


def forward(cfg, t, x):
    h = x.reshape(-1, *cfg["input_shape"])
    if cfg["kind"] == "mlp":
        h = h.flatten(1)
    for block in cfg["blocks"]:
        if block["op"] == "linear":
            h = F.linear(h, t[block["weight"]], t[block["bias"]])
        else:
            h = F.conv2d(h, t[block["weight"]], t[block["bias"]], padding=block["padding"])
        h = F.relu(h)
        if block.get("max_pool_after"):
            h = F.max_pool2d(h, block["max_pool_after"])
    head = cfg["head"]
    if head.get("max_pool_before"):
        h = F.max_pool2d(h, head["max_pool_before"])
    return F.linear(h.flatten(1), t[head["weight"]], t[head["bias"]])


if __name__ == "__main__":
    model, config, inputs, n, output = sys.argv[1:6]
    torch.set_num_threads(1)
    tensors, cfg = load(model, config)
    with open(inputs, "rb") as f:
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(int(n), -1)
    with torch.no_grad():
        probs = forward(cfg, tensors, x).softmax(1).contiguous()
    with open(output, "wb") as f:
        f.write(probs.numpy().astype("<f4").tobytes())
