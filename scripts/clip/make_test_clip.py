"""A tiny CLIP-shaped TorchScript model: one file whose module has encode_image and encode_text.

encode_image: float32 [N, 3, S, S] (CLIP-preprocessed) -> [N, embed_dim]
encode_text:  int64 [N, 77] token ids (0 = padding)   -> [N, text_dim]
Random weights from --seed: for tests of loading, preprocessing and scoring, not for filtering.
--text-dim different from --embed-dim makes a deliberately broken model (towers that disagree).
"""
import argparse

import torch
from torch import nn


class TinyClip(nn.Module):
    def __init__(self, embed_dim: int, text_dim: int, width: int, vocab: int, context: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 5, stride=2, padding=2)
        self.conv2 = nn.Conv2d(width, width, 3, stride=2, padding=1)
        self.image_projection = nn.Linear(width * 16, embed_dim)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context, width) * 0.1)
        self.text_projection = nn.Linear(width, text_dim)

    @torch.jit.export
    def encode_image(self, image: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.conv1(image))
        h = torch.relu(self.conv2(h))
        # Position-sensitive pooling: crops and resampling change the embedding, as in a real CLIP.
        return self.image_projection(self.pool(h).flatten(1))

    @torch.jit.export
    def encode_text(self, text: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(self.token_embedding(text) + self.positional_embedding)
        mask = (text != 0).to(x.dtype).unsqueeze(-1)
        pooled = (x * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.text_projection(pooled)

    def forward(self, image: torch.Tensor, text: torch.Tensor):
        return self.encode_image(image), self.encode_text(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="the .pt file to write")
    p.add_argument("--embed-dim", type=int, default=32)
    p.add_argument("--text-dim", type=int, default=None, help="default: --embed-dim")
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--vocab", type=int, default=49408, help="CLIP's vocabulary size")
    p.add_argument("--context", type=int, default=77)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    model = TinyClip(a.embed_dim, a.text_dim or a.embed_dim, a.width, a.vocab, a.context).eval()
    torch.jit.script(model).save(a.out)
    print(f"wrote {a.out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
