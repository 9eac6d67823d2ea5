"""Loads Flotilla's portable exports (safetensors + JSON config) into PyTorch, with no other package.

    t, cfg = load("model.safetensors", "model.json")
    classifier_forward(cfg, t, images)        # sweep nets, SortedNet sub-networks: logits
    lm_logits(cfg, t, tokens)                 # HDEE experts (transformer, lstm): next-token logits
    clip_image_embedding(cfg, t, images)      # DFN filtering network (a CLIP), ViT image tower
    clip_text_embedding(cfg, t, caption_tokens(cfg, captions))   # its text tower, on token rows
    ens = load_ensemble("ensemble.json"); ensemble_log_probs(ens, tokens, "posterior")

Run as a script (for tests): python3 flotilla_portable.py WEIGHTS CONFIG INPUT N OUTPUT [ARGS]
reads N inputs (raw little-endian float32 images, or int32 token rows, or for the filtering
network images and ARGS[0] a file of captions, one a line) and writes raw float32 outputs:
class probabilities, target log-probabilities, or the image x caption similarity matrix. For an
ensemble WEIGHTS is ignored (its config names its members) and ARGS are the combiner and, for
cached-prior, the domain.
"""
import json
import os
import re
import struct
import sys
import zlib

import torch
import torch.nn.functional as F


def load(safetensors_path, config_path):
    """The tensors by name (float32) and the architecture config."""
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


def classifier_forward(cfg, t, x):
    """Logits of images x (n, c*h*w or n, c, h, w) in [0, 1]: a linear block flattens its input."""
    h = x.reshape(-1, *cfg["input_shape"])
    for block in cfg["blocks"]:
        if block["op"] == "linear":
            z = F.linear(h.flatten(1), t[block["weight"]], t[block["bias"]])
        else:
            z = F.conv2d(h, t[block["weight"]], t[block["bias"]], padding=block["padding"])
        h = h + F.relu(z) if block.get("residual") else F.relu(z)
        if block.get("max_pool_after"):
            h = F.max_pool2d(h, block["max_pool_after"])
    head = cfg["head"]
    if head.get("max_pool_before"):
        h = F.max_pool2d(h, head["max_pool_before"])
    return F.linear(h.flatten(1), t[head["weight"]], t[head["bias"]])


def lm_logits(cfg, t, tokens):
    """Next-token logits (batch, time, vocab) of token rows (batch, time), time <= context."""
    if cfg["kind"] == "lstm":
        h = F.embedding(tokens, t["embedding.weight"])
        for layer in range(cfg["layers"]):
            weights = [t["lstm.%s_l%d" % (k, layer)] for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            h = _lstm_layer(h, *weights)
        return F.linear(h, t["head.weight"], t["head.bias"])
    b, n = tokens.shape
    d, heads = cfg["d_model"], cfg["heads"]
    eps = cfg["layer_norm_eps"]
    x = F.embedding(tokens, t["tok_emb"]) + t["pos_emb"][:n]
    mask = torch.triu(torch.full((n, n), -1e9), 1)
    for layer in range(cfg["layers"]):
        p = "h%d." % layer
        h = F.layer_norm(x, (d,), t[p + "ln1_g"], t[p + "ln1_b"], eps)
        q, k, v = F.linear(h, t[p + "qkv_w"], t[p + "qkv_b"]).split(d, dim=2)
        q, k, v = (a.reshape(b, n, heads, d // heads).transpose(1, 2) for a in (q, k, v))
        att = (q @ k.transpose(2, 3) / (d // heads) ** 0.5 + mask).softmax(-1)
        mixed = (att @ v).transpose(1, 2).reshape(b, n, d)
        x = x + F.linear(mixed, t[p + "out_w"], t[p + "out_b"])
        h = F.layer_norm(x, (d,), t[p + "ln2_g"], t[p + "ln2_b"], eps)
        x = x + F.linear(F.gelu(F.linear(h, t[p + "fc_w"], t[p + "fc_b"])), t[p + "proj_w"], t[p + "proj_b"])
    x = F.layer_norm(x, (d,), t["lnf_g"], t["lnf_b"], eps)
    return F.linear(x, t["head_w"], t["head_b"])


def _lstm_layer(x, w_ih, w_hh, b_ih, b_hh):
    """nn.LSTM's recurrence (gates i, f, g, o), written out so no module state is needed."""
    b, n, _ = x.shape
    hidden = w_hh.shape[1]
    h = x.new_zeros(b, hidden)
    c = x.new_zeros(b, hidden)
    z_in = F.linear(x, w_ih, b_ih + b_hh)
    out = []
    for step in range(n):
        i, f, g, o = (z_in[:, step] + F.linear(h, w_hh)).chunk(4, 1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        out.append(h)
    return torch.stack(out, 1)


def target_log_probs(cfg, t, tokens):
    """ln p(tokens[:, i] | tokens[:, :i]) for i = 1..len-1, shape (batch, len - 1)."""
    logits = lm_logits(cfg, t, tokens[:, :-1])
    return logits.log_softmax(-1).gather(2, tokens[:, 1:].unsqueeze(2)).squeeze(2)


def _normalize(e):
    return e / (e.square().sum(1, keepdim=True) + 1e-12).sqrt()


def _clip_block(t, b, x, heads, mask, eps):
    """A pre-norm residual block of either CLIP tower (OpenAI's ResidualAttentionBlock, exact GELU)."""
    n, length, d = x.shape
    dh = d // heads
    h = F.layer_norm(x, (d,), t[b + "ln_1.weight"], t[b + "ln_1.bias"], eps)
    q, k, v = F.linear(h, t[b + "attn.in_proj_weight"], t[b + "attn.in_proj_bias"]).split(d, dim=2)
    q, k, v = (a.reshape(n, length, heads, dh).transpose(1, 2) for a in (q, k, v))
    scores = (q * dh ** -0.5) @ k.transpose(2, 3)
    if mask is not None:
        scores = scores + mask
    mixed = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, d)
    x = x + F.linear(mixed, t[b + "attn.out_proj.weight"], t[b + "attn.out_proj.bias"])
    h = F.layer_norm(x, (d,), t[b + "ln_2.weight"], t[b + "ln_2.bias"], eps)
    return x + F.linear(F.gelu(F.linear(h, t[b + "mlp.c_fc.weight"], t[b + "mlp.c_fc.bias"])),
                        t[b + "mlp.c_proj.weight"], t[b + "mlp.c_proj.bias"])


def _ln(t, name, x, eps):
    return F.layer_norm(x, (x.shape[-1],), t[name + ".weight"], t[name + ".bias"], eps)


def clip_image_embedding(cfg, t, images):
    """L2-normalized embeddings of preprocessed images (n, 3, image_size, image_size): the ViT."""
    im, eps = cfg["image_tower"], cfg["layer_norm_eps"]
    s, w = im["image_size"], im["width"]
    x = F.conv2d(images.reshape(-1, 3, s, s), t["visual.conv1.weight"], stride=im["patch_size"])
    n = x.shape[0]
    x = x.reshape(n, w, -1).transpose(1, 2)
    cls = t["visual.class_embedding"].reshape(1, 1, w).expand(n, 1, w)
    x = _ln(t, "visual.ln_pre", torch.cat([cls, x], 1) + t["visual.positional_embedding"], eps)
    for i in range(im["layers"]):
        x = _clip_block(t, "visual.transformer.resblocks.%d." % i, x, im["heads"], None, eps)
    return _normalize(_ln(t, "visual.ln_post", x[:, 0], eps) @ t["visual.proj"])


def clip_text_embedding(cfg, t, tokens):
    """L2-normalized embeddings of token rows (n, context_length), pooled at end of text (argmax id)."""
    tx, eps = cfg["text_tower"], cfg["layer_norm_eps"]
    n, length = tokens.shape
    x = F.embedding(tokens, t["token_embedding.weight"]) + t["positional_embedding"][:length]
    mask = torch.full((length, length), -1e9).triu(1)
    for i in range(tx["layers"]):
        x = _clip_block(t, "transformer.resblocks.%d." % i, x, tx["heads"], mask, eps)
    x = x[torch.arange(n), tokens.argmax(-1)]
    return _normalize(_ln(t, "ln_final", x, eps) @ t["text_projection"])


def byte_tokens(captions, context_length):
    """The byte tokenizer's rows: 49406, UTF-8 bytes as 1..256 (cut to fit), 49407, zeros."""
    out = torch.zeros(len(captions), context_length, dtype=torch.long)
    for row, caption in enumerate(captions):
        ids = [b + 1 for b in caption.encode("utf-8")][:context_length - 2]
        out[row, :len(ids) + 2] = torch.tensor([49406] + ids + [49407])
    return out


# A word of the hashed-word tokenizer: letters and digits, inner hyphens and apostrophes kept.
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def word_tokens(captions, context_length, vocab_size):
    """The hashed-word tokenizer's rows: vocab_size - 2, each lower-cased word's
    1 + crc32(UTF-8) % (vocab_size - 3) (cut to fit), vocab_size - 1, zeros."""
    out = torch.zeros(len(captions), context_length, dtype=torch.long)
    for row, caption in enumerate(captions):
        ids = [1 + zlib.crc32(w.lower().encode("utf-8")) % (vocab_size - 3)
               for w in _WORD.findall(caption)][:context_length - 2]
        out[row, :len(ids) + 2] = torch.tensor([vocab_size - 2] + ids + [vocab_size - 1])
    return out


def caption_tokens(cfg, captions):
    """Token rows of captions as the exported filtering network read them (words or bytes)."""
    tx = cfg["text_tower"]
    kind = tx["tokenizer"]
    if kind.startswith("words"):
        return word_tokens(captions, tx["context_length"], tx["vocab_size"])
    if kind.startswith("bytes"):
        return byte_tokens(captions, tx["context_length"])
    raise SystemExit("captions as text need the hashed-word or byte tokenizer; tokenize with "
                     + kind + " and call clip_text_embedding")


def load_ensemble(path):
    """An HDEE ensemble: its config and each member's (tensors, config)."""
    with open(path) as f:
        cfg = json.load(f)
    folder = os.path.dirname(os.path.abspath(path))
    members = [load(os.path.join(folder, m["weights"]), os.path.join(folder, m["config"])) for m in cfg["members"]]
    return cfg, members


def ensemble_log_probs(ensemble, tokens, combiner, domain=None):
    """Mixture ln p of each row's targets (batch, len - 1) as the combiner weighs the experts:
    uniform, posterior (Bayes over the row so far), cached-prior (the domain's fixed weights), top-K."""
    cfg, members = ensemble
    lp = torch.stack([target_log_probs(c, t, tokens) for t, c in members]).double()  # (experts, b, T)
    e = lp.shape[0]
    if combiner == "cached-prior":
        log_w = torch.tensor(cfg["cached_priors"][domain], dtype=torch.float64).log()
    else:
        log_w = torch.full((e,), -torch.log(torch.tensor(float(e), dtype=torch.float64)).item(), dtype=torch.float64)
    log_w = log_w.reshape(e, 1).expand(e, lp.shape[1]).clone()
    top_k = int(combiner[4:]) if combiner.startswith("top-") else 0
    bayes = combiner == "posterior" or top_k > 0
    out = []
    for step in range(lp.shape[2]):
        w = log_w - log_w.logsumexp(0)
        if 0 < top_k < e:
            order = torch.sort(-w, dim=0, stable=True).indices
            kept = torch.full_like(w, float("-inf"))
            kept.scatter_(0, order[:top_k], w.gather(0, order[:top_k]))
            w = kept - kept.logsumexp(0)
        out.append((w + lp[:, :, step]).logsumexp(0))
        if bayes:
            log_w = log_w + lp[:, :, step]
    return torch.stack(out, 1)


def _read(path, dtype, n):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=dtype).reshape(n, -1)


def main(weights, config, inputs, n, output, *args):
    torch.set_num_threads(1)
    n = int(n)
    with torch.no_grad():
        with open(config) as f:
            is_ensemble = json.load(f)["format"] == "flotilla-hdee-ensemble-v1"
        if is_ensemble:
            ensemble = load_ensemble(config)
            y = ensemble_log_probs(ensemble, _read(inputs, torch.int32, n).long(), *args)
        else:
            t, cfg = load(weights, config)
            fmt = cfg["format"]
            if fmt in ("flotilla-classifier-v1", "flotilla-sortednet-subnetwork-v1",
                       "flotilla-sortednet-subnetwork-v2"):
                y = classifier_forward(cfg, t, _read(inputs, torch.float32, n)).softmax(1)
            elif fmt in ("flotilla-transformer-lm-v1", "flotilla-lstm-lm-v1"):
                y = target_log_probs(cfg, t, _read(inputs, torch.int32, n).long())
            elif fmt == "flotilla-clip-vit-v1":
                with open(args[0], encoding="utf-8") as f:
                    captions = f.read().split("\n")[:n]
                tokens = caption_tokens(cfg, captions)
                images = clip_image_embedding(cfg, t, _read(inputs, torch.float32, n))
                y = images @ clip_text_embedding(cfg, t, tokens).T
            else:
                raise SystemExit("unknown format " + fmt)
    with open(output, "wb") as f:
        f.write(y.float().contiguous().numpy().astype("<f4").tobytes())


if __name__ == "__main__":
    main(*sys.argv[1:])
