"""The Backend interface: one array namespace plus the few kernels that differ between them."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backends.devices import Device


class Backend:
    """A device's array namespace (``numpy`` or ``cupy``) and its device-specific kernels.

    Every public name of the namespace module is copied onto the backend object, so op code
    writes ``xp.exp(x)`` against ``ctx.xp`` (this object) and runs unchanged on both devices.
    The methods below are the few kernels that differ between NumPy and CuPy.
    """

    name: str = "base"
    differentiable = False  # autograd's own namespace (used by create_graph) says True

    def __init__(self, module: types.ModuleType, device: Device) -> None:
        cls = type(self)
        for key in dir(module):
            if not key.startswith("_") and not hasattr(cls, key):
                try:
                    setattr(self, key, getattr(module, key))
                except Exception:  # names that are listed but refuse to be read (deprecated)
                    pass
        self.module = module
        self.device = device

    # -- host transfers -------------------------------------------------------------------
    def to_numpy(self, array: Any) -> Any:
        """Return ``array`` as a host NumPy array (a copy on GPU, no copy on CPU)."""
        raise NotImplementedError

    def from_numpy(self, array: Any) -> Any:
        """Move a host NumPy array to this device (no copy on CPU)."""
        raise NotImplementedError

    def synchronize(self) -> None:
        """Wait until queued work on the device has finished (no-op on CPU)."""

    # -- kernels that differ ---------------------------------------------------------------
    def index_add(self, target: Any, index: Any, values: Any) -> None:
        """``target[index] += values`` with repeated indices accumulated (unbuffered)."""
        raise NotImplementedError

    def index_reduce(self, target: Any, index: Any, values: Any, reduce: str) -> None:
        """``target[index] = reduce(target[index], values)`` in place, unbuffered (repeated
        indices all take part), for ``reduce`` in ``"sum"``, ``"prod"``, ``"amax"``,
        ``"amin"`` (``ufunc.at`` of add, multiply, maximum, minimum)."""
        raise NotImplementedError

    def stable_argsort(self, x: Any, axis: int = -1) -> Any:
        """The indices that sort ``x`` along ``axis``, equal elements kept in their order
        (NumPy needs ``kind='stable'``; CuPy's sort is always stable and takes no kind)."""
        return self.module.argsort(x, axis=axis, kind="stable")

    def repeat_indices(self, counts: Any) -> Any:
        """``0`` counts[0] times, then ``1`` counts[1] times, ...: ``repeat(arange(n),
        counts)`` for a counts array (CuPy's repeat takes only Python counts), as the
        search of each output position among the counts' running totals."""
        xp = self.module
        ends = xp.cumsum(counts)
        total = int(ends[-1]) if ends.size else 0
        return xp.searchsorted(ends, xp.arange(total), side="right")

    def accumulate(self, ufunc: str, x: Any, axis: int) -> Any:
        """The running reduction of the binary ufunc named ``ufunc`` (``"maximum"``,
        ``"minimum"``, ``"logaddexp"`` ...) along ``axis``: ``ufunc.accumulate``. This default
        is a doubling (Hillis-Steele) scan, log2(n) whole-array passes, for namespaces
        whose ufuncs have no ``accumulate``."""
        return doubling_scan(self.module, getattr(self.module, ufunc), x, axis)

    def erf(self, x: Any) -> Any:
        """The error function, elementwise."""
        raise NotImplementedError

    def erfc(self, x: Any) -> Any:
        """1 - erf(x), elementwise, accurate in the right tail."""
        raise NotImplementedError

    def erfinv(self, x: Any) -> Any:
        """The inverse error function, elementwise."""
        raise NotImplementedError

    def lgamma(self, x: Any) -> Any:
        """log |Gamma(x)|, elementwise."""
        raise NotImplementedError

    def digamma(self, x: Any) -> Any:
        """The logarithmic derivative of Gamma, elementwise."""
        raise NotImplementedError

    def polygamma(self, n: int, x: Any) -> Any:
        """The n-th derivative of digamma, elementwise."""
        raise NotImplementedError

    def sigmoid(self, x: Any) -> Any:
        """1 / (1 + exp(-x)), elementwise: exact in both tails (exp(-x) overflowing to inf
        gives the right limit 0), three passes over the data."""
        return 1 / (1 + self.module.exp(-x))

    # -- random numbers --------------------------------------------------------------------
    def seed(self, seed: int) -> None:
        """Reseed this backend's generator."""
        raise NotImplementedError

    def random_uniform(self, shape: tuple[int, ...], low: float, high: float, dtype: Any) -> Any:
        """Samples from U(low, high) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_normal(self, shape: tuple[int, ...], mean: float, std: float, dtype: Any) -> Any:
        """Samples from N(mean, std^2) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_integers(self, shape: tuple[int, ...], low: int, high: int, dtype: Any) -> Any:
        """Integers in [low, high) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_permutation(self, n: int) -> Any:
        """A random permutation of ``0..n-1``, from this device's generator."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.device}>"


def doubling_scan(xp: Any, op: Any, x: Any, axis: int) -> Any:
    """The inclusive scan of the associative binary ``op`` along ``axis``, in ceil(log2(n))
    whole-array steps: after the step of width w, each element combines the 2w elements
    ending at it (Hillis and Steele)."""
    y = xp.moveaxis(x, axis, -1).copy()
    n = y.shape[-1]
    w = 1
    while w < n:
        y[..., w:] = op(y[..., :-w], y[..., w:])  # the right side is read before the write
        w *= 2
    return xp.moveaxis(y, -1, axis)


def index_multiply(xp: Any, target: Any, index: Any, values: Any) -> None:
    """``target[index] *= values`` in place with repeated indices all multiplied in
    (``multiply.at``), for namespaces without it: the written positions are sorted, each
    run of equal positions is reduced by a segmented doubling scan (log2(n) whole-array
    steps), and the run's product is multiplied into its position once. ``target`` must be
    C-contiguous."""
    pos = xp.arange(target.size).reshape(target.shape)[index]
    if not pos.size:
        return
    vals = xp.broadcast_to(xp.asarray(values, dtype=target.dtype), pos.shape).ravel()
    pos = pos.ravel()
    order = xp.argsort(pos)
    pos, vals = pos[order], vals[order]
    n = pos.size
    w = 1
    while w < n:
        same = pos[w:] == pos[:-w]  # sorted: the w elements before belong to the same run
        vals[w:] = xp.where(same, vals[w:] * vals[:-w], vals[w:])
        w *= 2
    last = xp.ones(n, dtype=bool)
    last[:-1] = pos[1:] != pos[:-1]
    flat = target.reshape(-1)
    flat[pos[last]] *= vals[last]
