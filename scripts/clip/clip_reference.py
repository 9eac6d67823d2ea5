"""PyTorch's side of the DFN parity tests: a TorchScript CLIP's scores of image-caption pairs
with PIL + torchvision preprocessing (Resize(size, BICUBIC), CenterCrop, ToTensor, Normalize) and
the byte tokenizer (or a HuggingFace tokenizer.json through the `tokenizers` package if given).

Input: a JSON file {"model", "size", "mean", "std", "context", "tokenizer"?, "pairs": [[image, caption]...]}
Output (stdout): {"scores": [...], "torch": version}; with "pixels": path, also the preprocessed
images as raw float32 (N x 3 x size x size, little-endian) at that path.
"""
import json
import sys

import numpy as np
import torch
from PIL import Image
from torchvision import transforms

START, END = 49406, 49407


def byte_tokens(captions, context):
    out = np.zeros((len(captions), context), dtype=np.int64)
    for i, c in enumerate(captions):
        b = list(c.encode("utf-8"))[: context - 2]
        out[i, 0] = START
        out[i, 1 : 1 + len(b)] = np.array(b, dtype=np.int64) + 1
        out[i, 1 + len(b)] = END
    return torch.from_numpy(out)


def main():
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(1)
    size = spec["size"]
    pre = transforms.Compose([
        transforms.Resize(size, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize(spec["mean"], spec["std"]),
    ])
    images = torch.stack([pre(Image.open(p).convert("RGB")) for p, _ in spec["pairs"]])
    captions = [c for _, c in spec["pairs"]]
    if spec.get("tokenizer"):
        raise SystemExit("tokenizer.json parity needs the tokens from the caller: pass 'tokens'")
    tokens = torch.tensor(spec["tokens"], dtype=torch.int64) if "tokens" in spec else byte_tokens(
        captions, spec["context"])
    model = torch.jit.load(spec["model"]).eval()
    with torch.no_grad():
        img = model.encode_image(images)
        txt = model.encode_text(tokens)
        img = img / img.norm(dim=1, keepdim=True)
        txt = txt / txt.norm(dim=1, keepdim=True)
        scores = (img * txt).sum(1)
    if spec.get("pixels"):
        images.numpy().astype("<f4").tofile(spec["pixels"])
    json.dump({"scores": scores.tolist(), "torch": torch.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
