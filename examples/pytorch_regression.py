"""PyTorch's examples/regression/main.py, ported by changing its imports only.

    python examples/pytorch_regression.py

Fits a random degree-4 polynomial with one Linear layer, smooth L1 loss and plain gradient
steps written by hand (``param.add_(-0.1 * param.grad)``), until the loss drops below 1e-3.
"""

from __future__ import annotations

import os
import sys
from itertools import count

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# -- the import block: the only lines changed from PyTorch's example -------------------------
import autograd as torch  # noqa: E402
import nn.functional as F  # noqa: E402
from nn import Linear  # noqa: E402

# -- end of the import block ------------------------------------------------------------------

POLY_DEGREE = 4


def make_features(x):
    """Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]."""
    x = x.unsqueeze(1)
    return torch.cat([x ** i for i in range(1, POLY_DEGREE + 1)], 1)


def poly_desc(W, b):
    """Creates a string description of a polynomial."""
    result = "y = "
    for i, w in enumerate(W):
        result += f"{w:+.2f} x^{i + 1} "
    result += f"{b[0]:+.2f}"
    return result


def get_batch(W_target, b_target, batch_size=32):
    """Builds a batch i.e. (x, f(x)) pair."""
    random = torch.randn(batch_size)
    x = make_features(random)
    y = x.mm(W_target) + b_target.item()
    return x, y


def main(argv=None, seed=0):
    torch.manual_seed(seed)
    W_target = torch.randn(POLY_DEGREE, 1) * 5
    b_target = torch.randn(1) * 5
    fc = Linear(W_target.size(0), 1)  # Define model

    for batch_idx in count(1):  # noqa: B007 - read after the loop, as in PyTorch's
        # Get data
        batch_x, batch_y = get_batch(W_target, b_target)

        # Reset gradients
        fc.zero_grad()

        # Forward pass
        output = F.smooth_l1_loss(fc(batch_x), batch_y)
        loss = output.item()

        # Backward pass
        output.backward()

        # Apply gradients
        for param in fc.parameters():
            param.data.add_(-0.1 * param.grad)

        # Stop criterion
        if loss < 1e-3:
            break

    print(f"Loss: {loss:.6f} after {batch_idx} batches")
    print("==> Learned function:\t" + poly_desc(fc.weight.view(-1), fc.bias))
    print("==> Actual function:\t" + poly_desc(W_target.view(-1), b_target))
    return {"loss": loss, "batches": batch_idx,
            "learned": fc.weight.view(-1).tolist() + fc.bias.tolist(),
            "target": W_target.view(-1).tolist() + b_target.tolist()}


if __name__ == "__main__":
    main()
