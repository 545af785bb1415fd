"""CNN training-step benchmark: tapegrad vs PyTorch eager, same weights, same process.

    python -m benchmarks.cnn [--device cpu|cuda] [--rounds N] [--json out.json]

(a) one conv2d forward+backward, input (32, 16, 16, 16), weight (32, 16, 3, 3), padding 1;
(b) one training step (forward, cross-entropy, backward, SGD update) of a small CNN on
    1x28x28 at batch 32: conv(1->16, 3, p1)-ReLU-maxpool2-conv(16->32, 3, p1)-ReLU-maxpool2-
    flatten-linear(1568->10);
(c) one training step of a ResNet-style network at batch 64 on 3x32x32: a stem conv(3->16)-bn-
    ReLU, one residual block (conv-bn-ReLU-conv-bn, plus the skip, ReLU), global average pool,
    linear(16->10).
Both libraries start from the same weights (PyTorch's, copied through state_dict). The
implementations are interleaved round by round; the table gives medians and ratios, which stay
meaningful on a noisy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402
import backends  # noqa: E402
import nn  # noqa: E402
from benchmarks.timing import environment, measure, torch_or_none  # noqa: E402 (sets OMP env)
from nn import functional as F  # noqa: E402


def _small_cnn(lib: Any) -> Any:
    return lib.Sequential(
        lib.Conv2d(1, 16, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
        lib.Conv2d(16, 32, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
        lib.Flatten(), lib.Linear(32 * 7 * 7, 10))


def _resnet(lib: Any) -> Any:
    class Block(lib.Module):
        def __init__(self, c: int) -> None:
            super().__init__()
            self.conv1 = lib.Conv2d(c, c, 3, padding=1, bias=False)
            self.bn1 = lib.BatchNorm2d(c)
            self.conv2 = lib.Conv2d(c, c, 3, padding=1, bias=False)
            self.bn2 = lib.BatchNorm2d(c)
            self.relu = lib.ReLU()

        def forward(self, x: Any) -> Any:
            h = self.relu(self.bn1(self.conv1(x)))
            return self.relu(self.bn2(self.conv2(h)) + x)

    class Net(lib.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stem = lib.Sequential(lib.Conv2d(3, 16, 3, padding=1, bias=False),
                                       lib.BatchNorm2d(16), lib.ReLU())
            self.block = Block(16)
            self.fc = lib.Linear(16, 10)

        def forward(self, x: Any) -> Any:
            return self.fc(self.block(self.stem(x)).mean((2, 3)))

    return Net()


def _data(shape: tuple, seed: int = 0) -> tuple:
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(np.float32), rng.integers(0, 10, shape[0])


def _train_steps(build: Callable[[Any], Any], shape: tuple, device: str) -> dict:
    """(tapegrad step, PyTorch step or None) for one model, from the same weights."""
    torch = torch_or_none()
    x_np, y_np = _data(shape)
    xp = backends.get(device)
    ours = build(nn)
    if torch is not None:
        torch.manual_seed(0)
        dev = "cuda" if device.startswith("cuda") else "cpu"
        theirs = build(torch.nn).to(dev)
        ours.load_state_dict({k: v.detach().cpu().numpy() for k, v in
                              theirs.state_dict().items()})
    ours.to(device)
    opt = nn.optim.SGD(ours.parameters(), lr=0.01, momentum=0.9)
    x, y = ag.tensor(x_np, device=device), ag.tensor(y_np, device=device)

    def step_ours() -> float:
        opt.zero_grad()
        loss = F.cross_entropy(ours(x), y)
        loss.backward()
        opt.step()
        xp.synchronize()
        return loss.item()

    step_torch = None
    if torch is not None:
        topt = torch.optim.SGD(theirs.parameters(), lr=0.01, momentum=0.9)
        tx, ty = torch.tensor(x_np, device=dev), torch.tensor(y_np, device=dev)

        def step_torch() -> float:
            topt.zero_grad()
            loss = torch.nn.functional.cross_entropy(theirs(tx), ty)
            loss.backward()
            topt.step()
            return loss.item()

    return {"tapegrad": step_ours, "torch": step_torch}


def _conv_steps(device: str) -> dict:
    torch = torch_or_none()
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((32, 16, 16, 16)).astype(np.float32)
    w_np = rng.standard_normal((32, 16, 3, 3)).astype(np.float32) * 0.1
    g_np = rng.standard_normal((32, 32, 16, 16)).astype(np.float32)
    xp = backends.get(device)
    x = ag.tensor(x_np, device=device, requires_grad=True)
    w = ag.tensor(w_np, device=device, requires_grad=True)
    g = ag.tensor(g_np, device=device)

    def ours() -> None:
        F.conv2d(x, w, padding=1).backward(g)
        x.grad = w.grad = None
        xp.synchronize()

    theirs = None
    if torch is not None:
        dev = "cuda" if device.startswith("cuda") else "cpu"
        tx = torch.tensor(x_np, device=dev, requires_grad=True)
        tw = torch.tensor(w_np, device=dev, requires_grad=True)
        tg = torch.tensor(g_np, device=dev)

        def theirs() -> None:
            torch.nn.functional.conv2d(tx, tw, padding=1).backward(tg)
            tx.grad = tw.grad = None
            if dev == "cuda":
                torch.cuda.synchronize()

    return {"tapegrad": ours, "torch": theirs}


WORKLOADS = {
    "conv2d (32,16,16,16) x (32,16,3,3) p1, forward+backward": (_conv_steps, 3),
    "small CNN training step, batch 32, 1x28x28": (
        lambda d: _train_steps(_small_cnn, (32, 1, 28, 28), d), 2),
    "ResNet-style block training step, batch 64, 3x32x32": (
        lambda d: _train_steps(_resnet, (64, 3, 32, 32), d), 1),
}


def run(device: str = "cpu", rounds: int = 15) -> dict:
    """Time every workload on one device; medians (seconds) and ratios by workload."""
    lines, out = [], {"device": device}
    for title, (build, inner) in WORKLOADS.items():
        times = measure(build(device), rounds=rounds, inner=inner)
        med = {k: statistics.median(v) for k, v in times.items()}
        lines.append(f"{title} ({device})")
        for name, samples in times.items():
            ratio = f"{med[name] / med['torch']:6.2f}x torch" if "torch" in med else ""
            lines.append(f"  {name:<10} {med[name] * 1e3:9.2f} ms (min {min(samples) * 1e3:8.2f},"
                         f" max {max(samples) * 1e3:8.2f})  {ratio}")
        out[title] = {k: {"median_s": v, "min_s": min(times[k])} for k, v in med.items()}
    out["text"] = "\n".join(lines)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cpu", help="cpu, cuda, or a comma-separated list")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", help="also write the medians to this JSON file")
    args = parser.parse_args(argv)
    devices = [d.strip() for d in args.device.split(",")]
    print(", ".join(f"{k} {v}" for k, v in environment(devices).items()))
    results = []
    for device in devices:
        res = run(device, args.rounds)
        print(res.pop("text"))
        results.append(res)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
