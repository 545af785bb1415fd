"""The lazy layers (``torch.nn.LazyLinear``, ``LazyConv2d``, ``LazyBatchNorm2d`` ...): their
input size is read from the first input, then they become the ordinary layer.

Until their first forward their parameters (and a norm's running statistics) are
``UninitializedParameter`` / ``UninitializedBuffer`` placeholders; ``to()`` changes the dtype and
device they will have. A forward pre-hook materializes them from the input's shape, initialises
them as the ordinary layer does and turns the module into ``cls_to_become`` (PyTorch's
``LazyModuleMixin``). Loading a state_dict of the ordinary layer materializes them too.
"""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.layers.conv import (
    Conv1d,
    Conv2d,
    Conv3d,
    ConvTranspose1d,
    ConvTranspose2d,
    ConvTranspose3d,
)
from nn.layers.linear import Linear
from nn.layers.norm import (
    BatchNorm1d,
    BatchNorm2d,
    BatchNorm3d,
    InstanceNorm1d,
    InstanceNorm2d,
    InstanceNorm3d,
    _BatchNorm,
)
from nn.parameter import UninitializedBuffer, UninitializedParameter, is_lazy


class LazyModuleMixin:
    """Mixed in before a layer class: parameters whose shapes come from the first input.

    Subclasses define ``initialize_parameters(*args, **kwargs)`` and ``cls_to_become``.
    """

    cls_to_become: type | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(  # type: ignore[attr-defined]
            _infer_parameters, with_kwargs=True)

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Materialize and initialise the parameters from the first input."""
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {self.__class__.__name__}")

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer of this module is still a placeholder."""
        tables = (self._parameters.values(), self._buffers.values())  # type: ignore[attr-defined]
        return any(is_lazy(t) for table in tables for t in table)


def _infer_parameters(module: Any, args: tuple, kwargs: dict) -> None:
    # the forward pre-hook: initialise from the input, then become the ordinary layer
    module.initialize_parameters(*args, **kwargs)
    if module.has_uninitialized_params():
        raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        # autograd.save describes the module by the constructor its recorded arguments are for
        module.__dict__["__tapegrad_init_class__"] = type(module)
        module.__class__ = module.cls_to_become


def _factory(device: Any, dtype: Any) -> dict[str, Any]:
    return {"device": device, "dtype": dtype}


class LazyLinear(LazyModuleMixin, Linear):
    """A Linear whose ``in_features`` is the last dimension of its first input."""

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(**_factory(device, dtype))
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(**_factory(device, dtype))

    def reset_parameters(self) -> None:
        """Initialise as Linear once the shapes are known (a no-op before)."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:
        """Take ``in_features`` from ``input.shape[-1]``, materialize and initialise."""
        if self.has_uninitialized_params():
            with ag.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:  # loaded from a state_dict: check against the weight
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(f"The in_features inferred from input: {input.shape[-1]} "
                                     "is not equal to in_features from self.weight: "
                                     f"{self.weight.shape[-1]}")
            self.in_features = input.shape[-1]


class _LazyConvMixin(LazyModuleMixin):
    """What the lazy convolutions share: ``in_channels`` from the first input's channels."""

    def reset_parameters(self) -> None:
        """Initialise as the convolution once the shapes are known (a no-op before)."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()  # type: ignore[misc]

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:
        """Take ``in_channels`` from the input, materialize and initialise."""
        if not self.has_uninitialized_params():
            return
        nd = self._nd
        if input.dim() not in (nd + 1, nd + 2):
            raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input "
                               f"to {type(self).__name__}, but got input of size: "
                               f"{list(input.shape)}")
        self.in_channels = input.shape[1] if input.dim() == nd + 2 else input.shape[0]
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        with ag.no_grad():
            if self.transposed:
                shape = (self.in_channels, self.out_channels // self.groups)
            else:
                shape = (self.out_channels, self.in_channels // self.groups)
            self.weight.materialize(shape + tuple(self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _lazy_placeholders(self, out_channels: int, bias: bool, device: Any,
                           dtype: Any) -> None:
        # after the base layer's __init__ (built with no channels): placeholders and the hook
        self.weight = UninitializedParameter(**_factory(device, dtype))
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(**_factory(device, dtype))
        self._initialize_hook = self.register_forward_pre_hook(  # type: ignore[attr-defined]
            _infer_parameters, with_kwargs=True)


def _lazy_class(mixin: type, base: type, inferred: str, init: Any) -> type:
    # the class ``Lazy<base>``: ``init`` builds ``base`` with placeholder parameters
    name = "Lazy" + base.__name__
    article = "An" if base.__name__[0] in "AEIOU" else "A"
    doc = f"{article} {base.__name__} whose ``{inferred}`` comes from its first input."
    init.__qualname__ = f"{name}.__init__"
    return type(name, (mixin, base), {
        "__init__": init, "cls_to_become": base, "__doc__": doc,
        "__module__": __name__, "__qualname__": name})


def _lazy_conv(base: type) -> type:
    def __init__(self: Any, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        base.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups, False,
                      padding_mode, **_factory(device, dtype))
        self._lazy_placeholders(out_channels, bias, device, dtype)

    return _lazy_class(_LazyConvMixin, base, "in_channels", __init__)


def _lazy_conv_transpose(base: type) -> type:
    def __init__(self: Any, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None) -> None:
        base.__init__(self, 0, 0, kernel_size, stride, padding, output_padding, groups, False,
                      dilation, padding_mode, **_factory(device, dtype))
        self._lazy_placeholders(out_channels, bias, device, dtype)

    return _lazy_class(_LazyConvMixin, base, "in_channels", __init__)


LazyConv1d = _lazy_conv(Conv1d)
LazyConv2d = _lazy_conv(Conv2d)
LazyConv3d = _lazy_conv(Conv3d)
LazyConvTranspose1d = _lazy_conv_transpose(ConvTranspose1d)
LazyConvTranspose2d = _lazy_conv_transpose(ConvTranspose2d)
LazyConvTranspose3d = _lazy_conv_transpose(ConvTranspose3d)


class _LazyNormMixin(LazyModuleMixin):
    """What the lazy batch and instance norms share: ``num_features`` from ``input.shape[1]``."""

    def reset_parameters(self) -> None:
        """Initialise as the norm once the shapes are known (a no-op before)."""
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()  # type: ignore[misc]

    def initialize_parameters(self, input: Tensor) -> None:
        """Take ``num_features`` from ``input.shape[1]``, materialize and initialise."""
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        with ag.no_grad():
            for t in (self.weight, self.bias, self.running_mean, self.running_var):
                if t is not None:
                    t.materialize((self.num_features,))
            self.reset_parameters()


def _lazy_norm(base: type) -> type:
    # affine and track_running_stats default to True for the instance norms too, as PyTorch's
    def __init__(self: Any, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True,
                 device: Any = None, dtype: Any = None, *, bias: bool = True) -> None:
        # the placeholders replace the (empty) tensors of a norm over 0 features
        _BatchNorm.__init__(self, 0, eps, momentum, False, False, device, dtype, bias=False)
        self.affine = affine
        self.track_running_stats = track_running_stats
        self._bias = affine and bias
        if affine:
            self.weight = UninitializedParameter(**_factory(device, dtype))
            if bias:
                self.bias = UninitializedParameter(**_factory(device, dtype))
        if track_running_stats:
            self.running_mean = UninitializedBuffer(**_factory(device, dtype))
            self.running_var = UninitializedBuffer(**_factory(device, dtype))
            self.num_batches_tracked = ag.tensor(0, dtype=ag.int64, device=device)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters,
                                                               with_kwargs=True)

    return _lazy_class(_LazyNormMixin, base, "num_features", __init__)


LazyBatchNorm1d = _lazy_norm(BatchNorm1d)
LazyBatchNorm2d = _lazy_norm(BatchNorm2d)
LazyBatchNorm3d = _lazy_norm(BatchNorm3d)
LazyInstanceNorm1d = _lazy_norm(InstanceNorm1d)
LazyInstanceNorm2d = _lazy_norm(InstanceNorm2d)
LazyInstanceNorm3d = _lazy_norm(InstanceNorm3d)

__all__ = ["LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyConv1d", "LazyConv2d",
           "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
           "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d", "LazyLinear",
           "LazyModuleMixin"]
