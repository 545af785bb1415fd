"""The Backend interface: one array namespace plus the few kernels that differ between them."""

from __future__ import annotations

import contextlib
import types
from typing import TYPE_CHECKING, Any

import numpy as np

from backends import rnn_kernels

try:
    import ml_dtypes as _ml_dtypes
except ImportError:  # bfloat16 is optional
    _ml_dtypes = None

# ml_dtypes' bfloat16 (the dtype JAX and CuPy use for it), or None where it is not installed
BFLOAT16 = None if _ml_dtypes is None else np.dtype(_ml_dtypes.bfloat16)
# Called once, the first time autograd.dtypes.as_dtype gives bfloat16 (every tensor's dtype
# passes through it): until then the engine need not look for bfloat16 inputs.
on_first_bfloat16: list = []

if TYPE_CHECKING:
    from backends.devices import Device


# Called with the array before any array is read on the host through a backend's to_numpy
# (None: nothing to tell). autograd's compiler sets it: a value read outside an op while
# a step is captured is one a replay could not follow.
host_read_hook: Any = None


class Backend:
    """A device's array namespace (``numpy`` or ``cupy``) and its device-specific kernels.

    Every public name of the namespace module is copied onto the backend object, so op code
    writes ``xp.exp(x)`` against ``ctx.xp`` (this object) and runs unchanged on both devices.
    The methods below are the few kernels that differ between NumPy and CuPy.
    """

    name: str = "base"
    differentiable = False  # autograd's own namespace (used by create_graph) says True
    defers_checks = False  # True where check_later waits for the next host read (GPUs)
    # True where ``fused`` compiles a formula into one kernel (GPUs): then a formula with
    # temporaries beats a chain of in-place ops; on NumPy the in-place chain is faster
    compiles_fused = False
    # A device-bound backend (CuPy on cuda:N) sets ``guard`` to a callable returning a context
    # manager that makes its device current; None means there is nothing to enter, which
    # the engine's hot path checks for before entering anything.
    guard: Any = None

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

    def scope(self) -> Any:
        """A context manager that runs the array code inside it on this backend's device
        (``cupy.cuda.Device(N)`` for cuda:N; nothing to do on the CPU)."""
        return _NOTHING if self.guard is None else self.guard()

    # -- host transfers -------------------------------------------------------------------
    def to_numpy(self, array: Any) -> Any:
        """Return ``array`` as a host NumPy array (a copy on GPU, no copy on CPU); tells
        ``host_read_hook`` first."""
        raise NotImplementedError

    def from_numpy(self, array: Any, non_blocking: bool = False) -> Any:
        """Move a host NumPy array to this device (no copy on CPU). ``non_blocking``: from
        pinned host memory, queue the copy and return at once (GPU only)."""
        raise NotImplementedError

    def synchronize(self) -> None:
        """Wait until queued work on the device has finished (no-op on CPU)."""

    def nccl(self) -> Any:
        """NCCL's bindings (``cupy.cuda.nccl``) for collectives between GPUs; raises a
        RuntimeError where there are none (always on the CPU)."""
        raise RuntimeError(f"NCCL moves GPU tensors only; {self.device} has none")

    # -- fused elementwise kernels ---------------------------------------------------------------
    def fused(self, kernel: Any, *args: Any) -> Any:
        """``kernel(self, *args)``: an elementwise formula written once with this namespace's
        ufuncs and operators (``xp.exp``, ``xp.where``, ``+``; in-place ``+=`` on an argument
        updates it). NumPy runs it as written; a GPU backend compiles it into one kernel
        (``cupy.fuse``) per formula and argument dtypes, once, instead of one launch and one
        temporary array per operation."""
        return kernel(self, *args)

    # -- multi-tensor optimizer kernels ---------------------------------------------------------
    multi_tensor_dtypes: tuple = ()  # the dtypes ``multi_tensor`` takes (none: no such kernels)

    def multi_tensor(self, op: str, rows: list, *scalars: float) -> None:
        """One kernel launch applying optimizer update ``op`` in place to many tensors: each
        row holds one parameter's C-contiguous arrays of one dtype (values, gradient, state,
        in the order of ``backends/multi_tensor.py``), the scalars are the update's
        hyperparameters. Only where ``multi_tensor_dtypes`` lists the dtype (GPUs)."""
        raise NotImplementedError(f"the {self.name} backend has no multi-tensor kernels")

    def one_blas_thread(self) -> Any:
        """A context manager inside which the host BLAS runs on one thread: for many small
        GEMMs, whose threads cost more to wake and join than they save (nothing to do on a
        GPU)."""
        return _NOTHING

    def may_hold_nan(self, a: Any) -> bool:
        """False only when ``a`` certainly holds no NaN, so that a kernel may skip its NaN
        handling: the host looks (one pass, no wait); a GPU answers True without reading the
        device, since waiting for it would cost more than the NaN handling saves."""
        return True

    # -- checks that need a value from the device --------------------------------------------
    def check_later(self, bad: Any, error: type, message: str,
                    detail: Any = None) -> None:
        """Raise ``error`` if ``bad`` (a 0-d bool array) holds: at once on the host, at the next
        host read on a GPU (so that a training step never waits for the device just to
        validate its input). ``detail()``, when given, may return a more precise message
        (naming the offending value), or None."""
        raise NotImplementedError

    def raise_pending(self) -> None:
        """Raise the first failed ``check_later`` check, if any (a host read of the device)."""
        raise NotImplementedError

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

    def erfcx(self, x: Any) -> Any:
        """The scaled complementary error function exp(x^2) erfc(x), elementwise."""
        raise NotImplementedError

    def gammainc(self, a: Any, x: Any) -> Any:
        """The regularized lower incomplete gamma function P(a, x), elementwise."""
        raise NotImplementedError

    def gammaincc(self, a: Any, x: Any) -> Any:
        """The regularized upper incomplete gamma function Q(a, x), elementwise."""
        raise NotImplementedError

    def zeta(self, s: Any, q: Any) -> Any:
        """The Hurwitz zeta function sum_k (q + k)^-s, elementwise."""
        raise NotImplementedError

    def sigmoid(self, x: Any) -> Any:
        """1 / (1 + exp(-x)), elementwise: exact in both tails (exp(-x) overflowing to inf
        gives the right limit 0), three passes over the data."""
        return 1 / (1 + self.module.exp(-x))

    # -- fused recurrent steps (see backends/rnn_kernels.py for the layouts) ----------------
    def lstm_cell(self, input_gates: Any, hidden_gates: Any, cx: Any, hy: Any, cy: Any,
                  workspace: Any) -> None:
        """One LSTM step's gate math, written into ``hy``, ``cy`` (B, H) and ``workspace``
        (5, B, H): ``c' = f cx + i g``, ``h' = o tanh(c')`` with the gates ``[i, f, g, o]``
        of ``input_gates + hidden_gates`` (B, 4H); ``cy`` may be ``cx``."""
        rnn_kernels.lstm_cell(self.module, input_gates, hidden_gates, cx, hy, cy, workspace)

    def lstm_cell_backward(self, ghy: Any, gcy: Any, cx: Any, workspace: Any, g_gates: Any,
                           gcx: Any) -> None:
        """The gradients of ``lstm_cell`` into ``g_gates`` (B, 4H) and ``gcx`` (B, H);
        ``gcx`` may be the same array as ``gcy``."""
        rnn_kernels.lstm_cell_backward(self.module, ghy, gcy, cx, workspace, g_gates, gcx)

    def gru_cell(self, input_gates: Any, hidden_gates: Any, hx: Any, hy: Any,
                 workspace: Any) -> None:
        """One GRU step's gate math, written into ``hy`` (B, H) and ``workspace`` (4, B, H):
        gates ``[r, z, n]`` with the hidden part of ``n`` inside the reset product."""
        rnn_kernels.gru_cell(self.module, input_gates, hidden_gates, hx, hy, workspace)

    def gru_cell_backward(self, ghy: Any, hx: Any, workspace: Any, g_input_gates: Any,
                          g_hidden_gates: Any, ghx: Any) -> None:
        """The gradients of ``gru_cell`` into ``g_input_gates``, ``g_hidden_gates`` (B, 3H)
        and ``ghx`` (B, H), the previous state's direct path ``z * ghy``."""
        rnn_kernels.gru_cell_backward(self.module, ghy, hx, workspace, g_input_gates,
                                      g_hidden_gates, ghx)

    # -- random numbers --------------------------------------------------------------------
    def seed(self, seed: int) -> None:
        """Reseed this backend's generator."""
        raise NotImplementedError

    def get_rng_state(self) -> Any:
        """A snapshot of this backend's generator, for ``set_rng_state`` (activation
        checkpointing replays the random draws of a forward with it)."""
        raise NotImplementedError

    def set_rng_state(self, state: Any) -> None:
        """Put this backend's generator back to a ``get_rng_state`` snapshot."""
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

    def random_exponential(self, shape: tuple[int, ...], dtype: Any) -> Any:
        """Samples from Exp(1) of ``shape`` and floating ``dtype`` (NumPy's and CuPy's
        generators both have ``standard_exponential``)."""
        with self.scope():
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                return self.rng.standard_exponential(size=shape, dtype=dt)
            return self.rng.standard_exponential(size=shape).astype(dt)

    def random_poisson(self, lam: Any) -> Any:
        """Poisson samples with rates ``lam`` (an array), as float64 counts."""
        with self.scope():
            return self.rng.poisson(lam).astype(np.float64)

    def random_binomial(self, n: Any, p: Any) -> Any:
        """Binomial samples of ``n`` trials (an int64 array) with probabilities ``p`` (a
        float64 array), as float64 counts."""
        with self.scope():
            return self.rng.binomial(n, p).astype(np.float64)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.device}>"


_NOTHING = contextlib.nullcontext()  # reusable: it keeps no state


class DeferredCheck:
    """Mixed into the error a failed ``check_later`` raises at a later host read, so that the
    engine lets it through as it is instead of blaming the op that happened to read."""


_DEFERRED: dict = {}


def deferred(error: type) -> type:
    """``error``'s class marked as a deferred check (still an ``error`` for ``except``)."""
    cls = _DEFERRED.get(error)
    if cls is None:
        cls = _DEFERRED[error] = type(error.__name__, (error, DeferredCheck),
                                      {"__module__": error.__module__})
    return cls


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
