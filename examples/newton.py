"""Newton's method with Hessian-vector products, against plain gradient descent.

    python examples/newton.py                          (L2-regularised logistic regression)
    python examples/newton.py --problem rosenbrock     (the 2-D Rosenbrock valley)

The Newton step solves ``H p = -g`` by conjugate gradient, where every product ``H v`` comes
from ``ag.functional.hvp`` (two backward passes, the Hessian is never formed). Both methods
use the same Armijo backtracking line search and stop at the same gradient-norm tolerance;
the script prints the iterations and the loss of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402

Objective = Callable[[ag.Tensor], ag.Tensor]


def logistic_problem(n: int = 400, d: int = 10, lam: float = 1e-2, seed: int = 0,
                     device: str | None = None) -> tuple[Objective, ag.Tensor]:
    """Mean logistic loss plus ``lam/2 |w|^2`` on synthetic data, and the start w = 0."""
    rng = np.random.default_rng(seed)
    # Correlated features make the problem ill-conditioned, which is what slows GD down.
    x = rng.normal(size=(n, d)) @ (np.eye(d) + 0.5 * rng.normal(size=(d, d)))
    w_true = rng.normal(size=d)
    y = np.where(rng.uniform(size=n) < 1 / (1 + np.exp(-x @ w_true)), 1.0, -1.0)
    xt = ag.tensor(x, dtype=ag.float64, device=device)
    yt = ag.tensor(y, dtype=ag.float64, device=device)

    def loss(w: ag.Tensor) -> ag.Tensor:
        z = -yt * (xt @ w)
        # softplus(z) = log(e^0 + e^z) by log-sum-exp: it never overflows, and unlike
        # relu(z) + log1p(exp(-|z|)) it has no kink at z = 0, where w = 0 puts every sample.
        softplus = ag.stack([ag.zeros_like(z), z]).logsumexp(dim=0)
        return softplus.mean() + 0.5 * lam * (w * w).sum()

    return loss, ag.zeros(d, dtype=ag.float64, device=device)


def rosenbrock_problem(device: str | None = None) -> tuple[Objective, ag.Tensor]:
    """``(1 - x)^2 + 100 (y - x^2)^2`` from the classic start (-1.2, 1); minimum 0 at (1, 1)."""

    def loss(p: ag.Tensor) -> ag.Tensor:
        x, y = p[0], p[1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    return loss, ag.tensor([-1.2, 1.0], dtype=ag.float64, device=device)


def value_and_grad(f: Objective, w: ag.Tensor) -> tuple[float, ag.Tensor]:
    """f(w) and its gradient, as a float and a detached Tensor."""
    w = w.detach().requires_grad_(True)
    value = f(w)
    (g,) = ag.grad(value, [w])
    return value.item(), g


def dot(a: ag.Tensor, b: ag.Tensor) -> float:
    """The inner product of two vectors, as a float."""
    return (a * b).sum().item()


def newton_direction(f: Objective, w: ag.Tensor, g: ag.Tensor,
                     max_cg: int) -> tuple[ag.Tensor, int]:
    """Approximately solve ``H p = -g`` by CG on Hessian-vector products; (p, products used).

    CG stops early at a direction of non-positive curvature (truncated Newton, as in
    Steihaug's method), so the step stays a descent direction on non-convex problems.
    """
    p = ag.zeros_like(g)
    r = -g
    d = r
    rr = dot(r, r)
    tol = min(0.01, rr ** 0.25) * rr ** 0.5  # forcing term: superlinear convergence near w*
    for k in range(1, max_cg + 1):
        _, hd = ag.functional.hvp(f, w, d)
        curvature = dot(d, hd)
        if curvature <= 0:
            return (p if dot(p, p) > 0 else -g), k
        alpha = rr / curvature
        p = p + alpha * d
        r = r - alpha * hd
        rr_new = dot(r, r)
        if rr_new ** 0.5 < tol:
            return p, k
        d = r + (rr_new / rr) * d
        rr = rr_new
    return p, max_cg


def line_search(f: Objective, w: ag.Tensor, value: float, g: ag.Tensor, p: ag.Tensor,
                t: float) -> tuple[ag.Tensor, float]:
    """Armijo backtracking from step ``t``: the new point and the step taken."""
    slope = dot(g, p)
    with ag.no_grad():
        while t > 1e-12:
            w_new = w + t * p
            if f(w_new).item() <= value + 1e-4 * t * slope:
                return w_new, t
            t *= 0.5
    return w, 0.0


def minimize(f: Objective, w0: ag.Tensor, method: str, tol: float = 1e-8,
             max_iter: int = 1000, max_cg: int = 50) -> dict:
    """Minimise ``f`` by ``method`` ('newton' or 'gd') until ``|grad| < tol``."""
    w = w0.detach()
    step = 1.0
    value, g = value_and_grad(f, w)
    it = hvps = 0
    while it < max_iter and dot(g, g) ** 0.5 >= tol:
        it += 1
        if method == "newton":
            p, k = newton_direction(f, w, g, max_cg)
            hvps += k
            w, _ = line_search(f, w, value, g, p, 1.0)
        else:
            # Start from twice the last accepted step, so GD is not handicapped by always
            # backtracking from 1.
            w, step = line_search(f, w, value, g, -g, min(2 * step, 1.0) if step else 1.0)
        value, g = value_and_grad(f, w)
    gnorm = dot(g, g) ** 0.5
    return {"iterations": it, "hvps": hvps, "loss": value, "grad_norm": gnorm,
            "converged": gnorm < tol, "w": w.cpu().numpy()}


def main(argv: list[str] | None = None) -> dict:
    """Run Newton-CG and gradient descent on one problem and print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problem", choices=["logistic", "rosenbrock"], default="logistic")
    parser.add_argument("--tol", type=float, default=1e-8, help="gradient-norm tolerance")
    parser.add_argument("--max-iter", type=int, default=5000, help="iteration cap for each")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    args = parser.parse_args(argv)
    if args.problem == "logistic":
        f, w0 = logistic_problem(device=args.device)
    else:
        f, w0 = rosenbrock_problem(device=args.device)
    print(f"{args.problem}: minimise to |grad| < {args.tol:g} (at most {args.max_iter} "
          f"iterations), start loss {f(w0).item():.6g}")
    results = {}
    for method, name in (("newton", "Newton-CG (hvp)"), ("gd", "gradient descent")):
        start = time.perf_counter()
        r = minimize(f, w0, method, tol=args.tol, max_iter=args.max_iter)
        status = "converged" if r["converged"] else "stopped"
        print(f"{name:17s} {status} after {r['iterations']:5d} iterations: loss "
              f"{r['loss']:.10g}, |grad| {r['grad_norm']:.2e}, {time.perf_counter() - start:.2f} s")
        if method == "newton":
            print(f"{'':17s} ({r['hvps']} Hessian-vector products in the CG solves)")
        results[method] = r
    return results


if __name__ == "__main__":
    main()
