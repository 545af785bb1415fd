"""Writing a custom op with ag.Function, and proving it right with gradcheck and gradgradcheck.

    python examples/tutorials/custom_op.py [--quick] [--out DIR]

``softplus(x) = log(1 + e^x)`` composed from ``exp`` and ``log`` overflows for large ``x``
(``inf``, and a ``nan`` gradient). Written as an ``ag.Function`` with a stable forward and its
own backward, it is right everywhere; ``gradcheck`` compares its backward with finite
differences, ``gradgradcheck`` its second derivative, and a wrong backward is caught with a
message that says where and why.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _tutorial import Report, parse_args

# isort: split
# --8<-- [start:naive]
import numpy as np

import autograd as ag

x = ag.tensor([-1000.0, -1.0, 0.0, 1.0, 1000.0], dtype=ag.float64, requires_grad=True)
with np.errstate(over="ignore", invalid="ignore"):  # exp(1000) overflows: NumPy warns
    naive = ag.log(1 + ag.exp(x))
    naive.sum().backward()
naive_values, naive_grad = naive.detach().numpy(), x.grad.numpy()  # inf and nan at x = 1000
# --8<-- [end:naive]


# --8<-- [start:function]
class Softplus(ag.Function):
    """log(1 + e^x), stable for any x: max(x, 0) + log1p(e^-|x|)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx.xp  # NumPy on the cpu, CuPy on a GPU
        return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))

    @staticmethod
    def backward(ctx, grad_output):
        # d softplus(x) / dx = sigmoid(x) = e^(min(x, 0)) / (1 + e^-|x|)
        (x,) = ctx.saved_tensors
        xp = ctx.xp  # autograd's own namespace under create_graph: the same line, any order
        return grad_output * xp.exp(xp.minimum(x, 0)) / (1 + xp.exp(-xp.abs(x)))


def softplus(x):
    return Softplus.apply(x)
# --8<-- [end:function]


# --8<-- [start:buggy]
class BuggySoftplus(Softplus):
    @staticmethod
    def backward(ctx, grad_output):
        # the derivative taken as sigmoid(-x): a sign lost in the chain rule
        (x,) = ctx.saved_tensors
        xp = ctx.xp
        return grad_output * xp.exp(xp.minimum(-x, 0)) / (1 + xp.exp(-xp.abs(x)))
# --8<-- [end:buggy]


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(__doc__, argv)
    report = Report(args.out, "custom_op")
    report(f"naive log(1 + exp(x)) at x = {x.detach().numpy()}:")
    report(f"    value    {naive_values}")
    report(f"    gradient {naive_grad}")

    # --8<-- [start:check]
    x2 = ag.tensor([-1000.0, -1.0, 0.0, 1.0, 1000.0], dtype=ag.float64, requires_grad=True)
    y = softplus(x2)
    y.sum().backward()                               # values: 0, ..., 1000; gradient 0, ..., 1

    samples = ag.randn(4, 5, dtype=ag.float64, requires_grad=True) * 3  # float64 for gradcheck
    samples = samples.detach().requires_grad_()
    assert ag.gradcheck(softplus, [samples])         # backward against finite differences
    assert ag.gradgradcheck(softplus, [samples])     # and its own derivative, the same way
    # --8<-- [end:check]
    report("Softplus (an ag.Function):")
    report(f"    value    {y.detach().numpy()}")
    report(f"    gradient {x2.grad.numpy()}")
    report("gradcheck and gradgradcheck: passed")

    # --8<-- [start:catch]
    try:
        ag.gradcheck(BuggySoftplus.apply, [samples])
    except RuntimeError as error:  # gradcheck's failure: where, the worst entries, a likely cause
        message = str(error)
    # --8<-- [end:catch]
    report("gradcheck on BuggySoftplus:")
    for line in message.splitlines()[:6]:
        report(f"    {line}")
    report.save()
    return {"naive_values": naive_values, "naive_grad": naive_grad,
            "values": y.detach().numpy(), "grad": x2.grad.numpy(), "buggy_message": message}


if __name__ == "__main__":
    main()
