"""Testing a custom op end to end with autograd.testing (the tutorial of docs/testing.md).

    python examples/tutorials/testing_custom_op.py

Writes ``hypot(x, y) = sqrt(x^2 + y^2)`` as an ``ag.Function``, runs ``check_op`` on a
version whose backward has a bug and prints the report that finds it, then on the fixed
version. The sections between ``[start:...]`` and ``[end:...]`` are the code docs/testing.md
shows (a test keeps the two the same).
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

# [start:function]
import autograd as ag  # noqa: E402
from autograd.testing import check_op  # noqa: E402


class Hypot(ag.Function):
    """sqrt(x^2 + y^2), elementwise, with broadcasting."""

    @staticmethod
    def forward(ctx, x, y):
        h = ctx.xp.sqrt(x * x + y * y)
        ctx.save_for_backward(x, y, h)
        return h

    @staticmethod
    def backward(ctx, gh):
        # d h / dx = x / h, d h / dy = y / h
        x, y, h = ctx.saved_tensors
        return gh * x / h, gh * y / h
# [end:function]


# [start:buggy]
class BuggyHypot(Hypot):
    @staticmethod
    def backward(ctx, gh):
        # d sqrt(u) = du / (2 sqrt(u)) with du = 2x dx + 2y dy -- but the 2s of du are lost
        x, y, h = ctx.saved_tensors
        return gh * x / (2 * h), gh * y / (2 * h)
# [end:buggy]


# [start:samples]
rng = np.random.default_rng(0)
SAMPLES = [
    (rng.uniform(0.5, 2, (3, 4)), rng.uniform(0.5, 2, (3, 4))),  # same shapes
    (rng.uniform(0.5, 2, (3, 4)), rng.uniform(0.5, 2, (4,))),    # broadcasting
    (rng.uniform(0.5, 2, (2, 3)), 1.5),                          # a Python scalar
]
# [end:samples]


def main(argv: list[str] | None = None) -> dict:
    """Check the buggy op, then the fixed one; return both reports."""
    # [start:check]
    report = check_op(BuggyHypot, *SAMPLES, reference=np.hypot, raise_exception=False)
    print(report)
    # [end:check]
    print()
    # [start:fixed]
    fixed = check_op(Hypot, *SAMPLES, reference=np.hypot)  # raises if anything fails
    print(fixed.table())
    # [end:fixed]
    return {"buggy": report, "fixed": fixed}


if __name__ == "__main__":
    main(sys.argv[1:])
