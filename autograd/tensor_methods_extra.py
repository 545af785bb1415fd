"""Further public Tensor methods, each a one-line call into an op: the incomplete gamma
functions (igamma, igammac and their in-place forms); the complex-number methods on real
tensors (real, imag, conj ..., angle); inner, vdot, ger, hardshrink, prelu, adjoint,
unsafe_chunk, unsafe_split; the layout and the device-kind flags of other backends.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd import dtypes as _dt
from autograd.engine.inplace import inplace
from autograd.ops.elementwise import complex as _complex
from autograd.ops.elementwise import special as _special
from autograd.ops.linalg import matmul as _matmul
from autograd.ops.nn import activation_ext as _activation
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import view as _view

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ExtraMethods:
    """Incomplete gamma, complex-number methods of real tensors, products, layout flags."""

    __slots__ = ()

    def igamma(self, other: Tensor) -> Tensor:
        """The regularized lower incomplete gamma function (see ``autograd.igamma``)."""
        return _special.igamma(self, other)

    def igamma_(self, other: Tensor) -> Tensor:
        """In-place ``igamma``."""
        return inplace(self, _special.igamma, other)

    def igammac(self, other: Tensor) -> Tensor:
        """The regularized upper incomplete gamma function (see ``autograd.igammac``)."""
        return _special.igammac(self, other)

    def igammac_(self, other: Tensor) -> Tensor:
        """In-place ``igammac``."""
        return inplace(self, _special.igammac, other)

    # -- complex-number methods of real tensors ---------------------------------------------
    @property
    def real(self) -> Tensor:
        """The real part: the tensor itself (tensors here are real)."""
        return _complex.real(self)

    @property
    def imag(self) -> Tensor:
        """The imaginary part: RuntimeError for a real tensor, as PyTorch."""
        return _complex.imag(self)

    def conj(self) -> Tensor:
        """The complex conjugate: the tensor itself (see ``autograd.conj``)."""
        return _complex.conj(self)

    def conj_physical(self) -> Tensor:
        """The complex conjugate, materialized: the tensor itself."""
        return _complex.conj_physical(self)

    def conj_physical_(self) -> Tensor:
        """In-place ``conj_physical``: nothing to do on a real tensor."""
        return self

    def resolve_conj(self) -> Tensor:
        """The tensor itself: a conjugation is never pending here."""
        return _complex.resolve_conj(self)

    def resolve_neg(self) -> Tensor:
        """The tensor itself: a negation is never pending here."""
        return _complex.resolve_neg(self)

    def is_conj(self) -> bool:
        """False: a conjugation is never pending here."""
        return False

    def is_neg(self) -> bool:
        """False: a negation is never pending here."""
        return False

    def angle(self) -> Tensor:
        """pi for negative elements, else 0 (see ``autograd.angle``)."""
        return _complex.angle(self)

    # -- products, activations and splits ---------------------------------------------------
    def inner(self, other: Tensor) -> Tensor:
        """Inner product over the last dims (see ``autograd.inner``)."""
        return _matmul.inner(self, other)

    def vdot(self, other: Tensor) -> Tensor:
        """Dot product of two 1-D tensors (see ``autograd.vdot``)."""
        return _matmul.vdot(self, other)

    def ger(self, vec2: Tensor) -> Tensor:
        """Outer product (see ``autograd.ger``, ``outer``)."""
        return _matmul.ger(self, vec2)

    def hardshrink(self, lambd: float = 0.5) -> Tensor:
        """0 where |x| <= lambd, else x (see ``autograd.hardshrink``)."""
        return _activation.hardshrink(self, lambd)

    def prelu(self, weight: Tensor) -> Tensor:
        """max(0, x) + weight min(0, x) per channel (see ``autograd.prelu``)."""
        return _activation.prelu(self, weight)

    def adjoint(self) -> Tensor:
        """The last two dims swapped (the conjugate transpose of real matrices)."""
        if self.ndim < 2:
            raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of "
                               f"matrices. Got {self.ndim}-D tensor.")
        return _view.transpose(self, -2, -1)

    def unsafe_chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunk`` (PyTorch's unsafe form skips a view check that does not apply here)."""
        return _slice.chunk(self, chunks, dim)

    def unsafe_split(self, split_size: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``split`` into pieces of ``split_size`` (an int, as PyTorch's; its unsafe form skips
        a view check that does not apply here)."""
        if isinstance(split_size, bool) or not isinstance(split_size, int):
            raise TypeError("unsafe_split(): argument 'split_size' (position 1) must be int, "
                            f"not {type(split_size).__name__}")
        return _slice.split(self, split_size, dim)

    def to_dense(self, dtype: object = None, *, masked_grad: bool | None = None) -> Tensor:
        """The tensor itself (every tensor here is dense), cast to ``dtype`` if given."""
        return self if dtype is None else self.to(dtype)

    # -- layout and the device kinds of other backends --------------------------------------
    @property
    def layout(self) -> _dt.layout:
        """``autograd.strided``: every tensor here is dense and strided."""
        return _dt.strided

    @property
    def is_sparse_csr(self) -> bool:
        """False: every tensor here is dense."""
        return False

    @property
    def is_mkldnn(self) -> bool:
        """False: there are no MKL-DNN tensors here."""
        return False

    @property
    def is_xla(self) -> bool:
        """False: no XLA device here (CPU or CUDA only)."""
        return False

    @property
    def is_mps(self) -> bool:
        """False: no MPS device here (CPU or CUDA only)."""
        return False

    @property
    def is_xpu(self) -> bool:
        """False: no XPU device here (CPU or CUDA only)."""
        return False

    @property
    def is_ipu(self) -> bool:
        """False: no IPU device here (CPU or CUDA only)."""
        return False

    @property
    def is_vulkan(self) -> bool:
        """False: no Vulkan device here (CPU or CUDA only)."""
        return False

    @property
    def is_maia(self) -> bool:
        """False: no MAIA device here (CPU or CUDA only)."""
        return False

    @property
    def is_mtia(self) -> bool:
        """False: no MTIA device here (CPU or CUDA only)."""
        return False
