"""A character-level language model trained on the Python standard library's own sources.

    python examples/char_lm.py                        (or: make lm)
    python examples/char_lm.py --model gpt            (a small GPT instead of the LSTM)
    python examples/char_lm.py --minutes 10 --out runs/char_lm
    AUTOGRAD_DEVICE=cuda python examples/char_lm.py   (on the GPU)

The text is the ``.py`` files at the top of the standard library of the running Python (no
download), the last tenth held out for validation. Two models, PyTorch-style:

- ``--model lstm``: an embedding, a 2-layer ``nn.LSTM`` and a linear read-out;
- ``--model gpt``: token and position embeddings, causal self-attention blocks
  (``nn.TransformerEncoderLayer`` with ``norm_first=True`` and GPT-2's tanh GELU), a final
  LayerNorm, and the read-out tied to the token embedding.

Training runs for a wall-clock budget (``--minutes``) in epochs of ``--steps`` batches of random
windows, with AdamW and gradient clipping; a tqdm bar shows the loss and the tokens per second,
and every epoch ends with the validation loss. The baseline is the unigram model, the
characters' frequencies in the training text: its cross-entropy on the validation text is what
a model that ignores context scores. At the end the script writes the loss curves (PNG) and a
checkpoint (model, optimizer, vocabulary and settings), reloads the checkpoint into a fresh
model and checks it scores the same, and prints text sampled from it (``--temperature``,
``--top-k``).

Needs the ``examples`` extra: ``pip install -e '.[examples]'`` (tqdm, matplotlib).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402
import nn  # noqa: E402
from nn import functional as F  # noqa: E402
from nn.optim import AdamW  # noqa: E402

# hyper-parameters per model: (full run, --quick smoke run)
SIZES = {
    "lstm": ({"embed": 64, "hidden": 256, "layers": 2, "context": 64, "batch": 32, "lr": 3e-3},
             {"embed": 8, "hidden": 16, "layers": 2, "context": 16, "batch": 4, "lr": 3e-3}),
    "gpt": ({"d_model": 128, "heads": 4, "layers": 3, "context": 64, "batch": 32, "lr": 2e-3},
            {"d_model": 16, "heads": 2, "layers": 1, "context": 16, "batch": 4, "lr": 2e-3}),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(SIZES), default="lstm")
    parser.add_argument("--minutes", type=float, default=2.0, help="training time budget")
    parser.add_argument("--steps", type=int, default=50, help="batches per epoch")
    parser.add_argument("--max-epochs", type=int, default=None, help="stop after this many")
    parser.add_argument("--max-chars", type=int, default=2_000_000,
                        help="how much of the standard library to read")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the plot and checkpoint (default runs/char_lm_<model>)")
    parser.add_argument("--sample", type=int, default=400, help="characters to sample")
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--prompt", default="def ")
    parser.add_argument("--quick", action="store_true",
                        help="a tiny model on 50k characters (a smoke test)")
    return parser.parse_args(argv)


# -- data --------------------------------------------------------------------------------------


def stdlib_text(max_chars: int) -> str:
    """The ``.py`` files at the top of this Python's standard library, in name order,
    concatenated up to ``max_chars``; characters outside printable ASCII become '?'."""
    folder = Path(os.__file__).parent
    parts, size = [], 0
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        parts.append(text)
        size += len(text)
        if size >= max_chars:
            break
    text = "".join(parts)[:max_chars]
    return "".join(c if c == "\n" or " " <= c <= "~" else "?" for c in text)


def unigram_loss(train: np.ndarray, val: np.ndarray, vocab: int) -> float:
    """Cross-entropy (nats per character) on ``val`` of the training text's character
    frequencies (add-one smoothed): the loss of a model that ignores context."""
    p = np.bincount(train, minlength=vocab) + 1.0
    p /= p.sum()
    return float(-np.log(p[val]).mean())


def batches(data: np.ndarray, context: int, batch: int, rng: np.random.Generator,
            device: Any) -> tuple[ag.Tensor, ag.Tensor]:
    """``batch`` random windows of ``context`` characters and the next character of each."""
    starts = rng.integers(0, len(data) - context - 1, size=batch)
    idx = starts[:, None] + np.arange(context + 1)
    window = data[idx]
    return (ag.tensor(window[:, :-1], device=device),
            ag.tensor(window[:, 1:], device=device))


# -- models ------------------------------------------------------------------------------------


class CharLSTM(nn.Module):
    """Embedding -> stacked LSTM -> linear read-out over the vocabulary."""

    def __init__(self, vocab: int, embed: int, hidden: int, layers: int, **_: Any) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, idx: ag.Tensor, state: Any = None) -> tuple[ag.Tensor, Any]:
        """Logits ``(B, T, vocab)`` and the LSTM state after the last step."""
        out, state = self.lstm(self.embed(idx), state)
        return self.head(out), state


class CharGPT(nn.Module):
    """Token + position embeddings -> causal pre-norm transformer blocks -> LayerNorm ->
    read-out tied to the token embedding."""

    def __init__(self, vocab: int, d_model: int, heads: int, layers: int, context: int,
                 **_: Any) -> None:
        super().__init__()
        self.context = context
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(context, d_model)
        block = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout=0.0,
                                           activation=nn.GELU(approximate="tanh"),
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(block, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab, bias=False)
        self.head.weight = self.tok.weight  # weight tying
        for emb in (self.tok, self.pos):
            nn.init.normal_(emb.weight, 0.0, 0.02)

    def forward(self, idx: ag.Tensor, state: Any = None) -> tuple[ag.Tensor, None]:
        """Logits ``(B, T, vocab)``; each position sees itself and the ones before."""
        steps = idx.shape[1]
        x = self.tok(idx) + self.pos(ag.arange(steps, device=idx.device))
        mask = nn.Transformer.generate_square_subsequent_mask(steps, device=idx.device)
        x = self.blocks(x, mask=mask, is_causal=True)
        return self.head(self.norm(x)), None


def build_model(name: str, vocab: int, config: dict) -> nn.Module:
    """The model ``name`` ('lstm' or 'gpt') for a vocabulary of ``vocab`` characters."""
    return (CharLSTM if name == "lstm" else CharGPT)(vocab, **config)


def evaluate(model: nn.Module, data: np.ndarray, config: dict, device: Any,
             n_batches: int = 8) -> float:
    """Mean cross-entropy (nats per character) on ``n_batches`` fixed validation batches."""
    rng = np.random.default_rng(1234)  # the same windows at every evaluation
    model.eval()
    total = 0.0
    with ag.no_grad():
        for _ in range(n_batches):
            x, y = batches(data, config["context"], config["batch"], rng, device)
            logits, _ = model(x)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()
    model.train()
    return total / n_batches


def sample(model: nn.Module, name: str, prompt: str, stoi: dict, itos: str, n: int,
           temperature: float, top_k: int, rng: np.random.Generator, device: Any,
           context: int) -> str:
    """``n`` characters after ``prompt``, each drawn from the softmax of the logits divided
    by ``temperature``, among the ``top_k`` most likely."""
    model.eval()
    ids = [stoi.get(c, stoi.get("?", 0)) for c in prompt] or [0]
    out = list(ids)
    state = None
    with ag.no_grad():
        feed = ids
        for _ in range(n):
            if name == "lstm":  # carry the state: only the new characters go in
                logits, state = model(ag.tensor([feed], device=device), state)
            else:  # re-read the last `context` characters
                logits, _ = model(ag.tensor([out[-context:]], device=device))
            z = logits[0, -1].cpu().numpy().astype(np.float64) / max(temperature, 1e-6)
            if 0 < top_k < z.size:
                z[z < np.sort(z)[-top_k]] = -np.inf
            p = np.exp(z - z.max())
            nxt = int(rng.choice(z.size, p=p / p.sum()))
            out.append(nxt)
            feed = [nxt]
    model.train()
    return "".join(itos[i] for i in out)


def save_plot(history: dict, unigram: float, title: str, path: Path) -> None:
    """Training and validation loss per epoch against the unigram baseline, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = range(1, len(history["val"]) + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(epochs, history["train"], marker="o", label="train")
    ax.plot(epochs, history["val"], marker="o", label="validation")
    ax.axhline(unigram, color="gray", linestyle="--", label=f"unigram baseline {unigram:.3f}")
    ax.set(xlabel="epoch", ylabel="cross-entropy (nats / character)", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> dict:
    """Train for the time budget, plot, checkpoint, reload, sample; the figures as a dict."""
    from tqdm import tqdm

    args = parse_args(argv)
    device = ag.device(args.device)
    config = dict(SIZES[args.model][1 if args.quick else 0])
    ag.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    text = stdlib_text(50_000 if args.quick else args.max_chars)
    itos = "".join(sorted(set(text)))
    stoi = {c: i for i, c in enumerate(itos)}
    data = np.array([stoi[c] for c in text], dtype=np.int64)
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]
    unigram = unigram_loss(train, val, len(itos))
    print(f"{len(text):,} characters of the standard library ({len(itos)} distinct), "
          f"{len(train):,} for training; unigram baseline {unigram:.3f} nats/char; "
          f"device {device}")

    model = build_model(args.model, len(itos), config).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{args.model}: {n_params:,} parameters, context {config['context']}, batch "
          f"{config['batch']}")
    optimizer = AdamW(model.parameters(), lr=config["lr"], weight_decay=0.01)
    budget = 60.0 * args.minutes
    history: dict[str, list[float]] = {"train": [], "val": [], "time": []}
    start = time.perf_counter()
    tokens = config["context"] * config["batch"]
    epoch = 0
    while time.perf_counter() - start < budget and (args.max_epochs is None or
                                                      epoch < args.max_epochs):
        epoch += 1
        total, seen = 0.0, 0
        t0 = time.perf_counter()
        with tqdm(total=args.steps, desc=f"epoch {epoch:3d}", file=sys.stdout, ncols=100,
                  ascii=not sys.stdout.isatty()) as bar:
            for _ in range(args.steps):
                x, y = batches(train, config["context"], config["batch"], rng, device)
                logits, _ = model(x)
                loss = F.cross_entropy(logits.reshape(-1, len(itos)), y.reshape(-1))
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                total += loss.item()
                seen += 1
                rate = seen * tokens / (time.perf_counter() - t0)
                bar.set_postfix(loss=f"{total / seen:.3f}", tok_s=f"{rate:,.0f}",
                                refresh=False)
                bar.update()
                if time.perf_counter() - start >= budget:
                    break
            history["train"].append(total / seen)
            history["val"].append(evaluate(model, val, config, device))
            history["time"].append(time.perf_counter() - start)
            bar.set_postfix(loss=f"{total / seen:.3f}", val=f"{history['val'][-1]:.3f}",
                            tok_s=f"{rate:,.0f}", refresh=False)
    train_time = time.perf_counter() - start
    final = history["val"][-1]
    print(f"validation loss {final:.3f} nats/char after {train_time:.0f} s ({epoch} epochs "
          f"of up to {args.steps} steps) against the unigram baseline {unigram:.3f} "
          f"({final / unigram:.0%} of it; {final / math.log(2):.2f} bits/char)")

    out = args.out or Path("runs") / f"char_lm_{args.model}"
    out.mkdir(parents=True, exist_ok=True)
    plot = out / "loss.png"
    save_plot(history, unigram, f"char-level {args.model} on the standard library", plot)
    checkpoint = out / "checkpoint.safetensors"
    ag.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "vocab": itos, "model_name": args.model, "config": config,
             "val_loss": final, "unigram": unigram}, checkpoint)
    print(f"plot written to {plot}, checkpoint to {checkpoint}")

    state = ag.load(checkpoint, map_location=device)
    restored = build_model(state["model_name"], len(state["vocab"]), state["config"])
    restored.load_state_dict(state["model"])
    restored.to(device)
    restored_val = evaluate(restored, val, config, device)
    if abs(restored_val - evaluate(model, val, config, device)) > 1e-6:
        raise RuntimeError(f"the reloaded model scores {restored_val:.6f}, the trained one "
                           f"{final:.6f}")
    text_out = sample(restored, args.model, args.prompt, stoi, itos, args.sample,
                      args.temperature, args.top_k, np.random.default_rng(args.seed), device,
                      config["context"])
    print(f"reloaded model: validation loss {restored_val:.3f}; a sample (temperature "
          f"{args.temperature}, top-k {args.top_k}):\n{'-' * 60}\n{text_out}\n{'-' * 60}")
    return {"val_loss": final, "unigram": unigram, "history": history,
            "restored_val_loss": restored_val, "sample": text_out, "plot": plot,
            "checkpoint": checkpoint, "train_time": train_time, "epochs": epoch,
            "parameters": n_params}


if __name__ == "__main__":
    main()
