"""Parameter: the Tensor a Module registers as trainable state (``torch.nn.Parameter``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import autograd as ag
from autograd.tensor import Tensor


class Parameter(Tensor):
    """A Tensor that a Module registers as a parameter when assigned as an attribute.

    ``Parameter(data, requires_grad=True)`` shares ``data``'s memory (and version counter) as a
    new leaf, like PyTorch; operations on it give plain Tensors.
    """

    __slots__ = ()

    def __new__(cls, data: Any = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            data = ag.empty(0)
        elif not isinstance(data, Tensor):
            data = ag.as_tensor(data)
        return data.detach().as_subclass(cls).requires_grad_(requires_grad)

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        pass  # everything happens in __new__ (Tensor.__init__ would rebuild the data)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict) -> Parameter:
        """A new Parameter with copied memory and the same ``requires_grad``; the gradient is
        not copied (PyTorch's ``Parameter.__deepcopy__``)."""
        if id(self) in memo:
            return memo[id(self)]
        new = super().__deepcopy__(memo)
        new.grad = None
        return new


class Buffer(Tensor):
    """A Tensor that a Module registers as a buffer when assigned as an attribute
    (``torch.nn.Buffer``); ``persistent=False`` leaves it out of ``state_dict``.

    Shares ``data``'s memory as a new leaf, keeping its ``requires_grad``. (PyTorch's
    ``Buffer(t)`` returns a plain Tensor that remembers the flag; here it is an instance of this
    subclass, whose operations give plain Tensors.)
    """

    __slots__ = ("persistent",)

    def __new__(cls, data: Any = None, *, persistent: bool = True) -> Buffer:
        if data is None:
            data = ag.empty(0)
        elif not isinstance(data, Tensor):
            data = ag.as_tensor(data)
        t = data.detach().as_subclass(cls).requires_grad_(data.requires_grad)
        t.persistent = bool(persistent)
        return t

    def __init__(self, data: Any = None, *, persistent: bool = True) -> None:
        pass


_UNINITIALIZED_USE = (
    "Attempted to use an uninitialized parameter. This error happens when you are using a "
    "`LazyModule` or explicitly manipulating `torch.nn.parameter.UninitializedParameter` "
    "objects. When using LazyModules Call `forward` with a dummy batch to initialize the "
    "parameters before calling torch functions")
_UNINITIALIZED_SHAPE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually "
    "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
    "initialized one. Call `forward` to initialize the parameters before accessing their "
    "attributes.")


def _refuse_use(self: Any, *args: Any) -> Any:
    raise ValueError(_UNINITIALIZED_USE)


class UninitializedTensorMixin:
    """What UninitializedParameter and UninitializedBuffer share: a tensor without a shape yet.

    It holds an empty placeholder that keeps the dtype and device asked for (``Module.to``
    changes them); any op on it raises ValueError until ``materialize(shape)`` gives it memory
    and turns it into ``cls_to_become`` (the same object, so holders of it see the change).
    """

    __slots__ = ()
    cls_to_become: type

    # Every op reads a tensor's array through this field: refusing it here is what makes any
    # use of the placeholder an error, as PyTorch's __torch_function__ check does.
    _data = property(_refuse_use, _refuse_use)

    @contextmanager
    def _initialized_view(self) -> Iterator[Any]:
        # the placeholder, seen for a moment through the class it becomes
        cls = type(self)
        self.__class__ = self.cls_to_become
        try:
            yield self
        finally:
            self.__class__ = cls

    @property
    def dtype(self) -> Any:
        """The dtype the tensor will have."""
        with self._initialized_view() as t:
            return t.dtype

    @property
    def shape(self) -> Any:
        """Refused: the shape is not known yet (RuntimeError, as PyTorch)."""
        raise RuntimeError(_UNINITIALIZED_SHAPE)

    def size(self, dim: int | None = None) -> Any:
        """Refused: the shape is not known yet (RuntimeError, as PyTorch)."""
        raise RuntimeError(_UNINITIALIZED_SHAPE)

    def requires_grad_(self, requires_grad: bool = True) -> Any:
        """Set ``requires_grad`` (kept when the tensor is materialized)."""
        with self._initialized_view() as t:
            t.requires_grad_(requires_grad)
        return self

    def _convert_placeholder(self, convert: Any) -> None:
        """Apply ``Module.to``'s conversion to the placeholder (its dtype and device)."""
        with self._initialized_view() as t:
            data, where = convert(t.array, t.device)
            if data is not t.array:
                t.data = ag.as_tensor(data, device=where)

    def materialize(self, shape: Any, device: Any = None, dtype: Any = None) -> None:
        """Give the tensor uninitialized memory of ``shape`` (on the placeholder's device and
        dtype unless given) and turn it into ``cls_to_become``, in place."""
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self.__class__ = self.cls_to_become
        t: Any = self
        t.data = ag.empty(shape, device=t.device if device is None else device,
                          dtype=t.dtype if dtype is None else dtype)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, proto: Any) -> Any:
        raise ValueError(_UNINITIALIZED_USE)


def _placeholder(cls: type, become: type, requires_grad: bool, device: Any,
                 dtype: Any) -> Any:
    t = ag.empty(0, device=device, dtype=dtype).as_subclass(become)
    t.requires_grad_(requires_grad)
    t.__class__ = cls
    return t


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is not known yet (``torch.nn.UninitializedParameter``): the
    lazy modules hold them until their first forward, which calls ``materialize``."""

    __slots__ = ()
    cls_to_become = Parameter

    def __new__(cls, requires_grad: bool = True, device: Any = None,
                dtype: Any = None) -> UninitializedParameter:
        return _placeholder(cls, Parameter, requires_grad, device, dtype)

    def __init__(self, requires_grad: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        pass


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (``torch.nn.UninitializedBuffer``); it becomes a
    plain Tensor when materialized."""

    __slots__ = ()
    cls_to_become = Tensor

    def __new__(cls, requires_grad: bool = False, device: Any = None, dtype: Any = None,
                persistent: bool = True) -> UninitializedBuffer:
        return _placeholder(cls, Tensor, requires_grad, device, dtype)

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None,
                 persistent: bool = True) -> None:
        pass


def is_lazy(param: Any) -> bool:
    """Whether ``param`` is an uninitialized parameter or buffer."""
    return isinstance(param, UninitializedTensorMixin)



@ag.compiler.disable  # a compiled step does it again, eagerly, at every replay
def _zero_grad(parameters: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset the gradients of ``parameters`` (``Module.zero_grad``, ``Optimizer.zero_grad``).

    ``set_to_none`` sets ``.grad = None``; otherwise each gradient is cut from any graph (a
    gradient made with ``create_graph`` has a ``grad_fn``) and zeroed in place, as PyTorch does.
    """
    zeroed = []
    for p in parameters:
        g = p.grad
        if g is None:
            continue
        if set_to_none:
            p.grad = None
            continue
        if g.grad_fn is not None:
            g.detach_()
        elif g.requires_grad:
            g.requires_grad_(False)
        try:
            with g.device.backend.scope():
                g.array.fill(0)
        except ValueError:
            # a read-only array (the engine may hand a broadcast view over as a gradient): the
            # gradient gets zeroed memory of its own; the data setter counts the change
            g.data = ag.zeros_like(g)
            continue
        zeroed.append(g)
    ag.graph.increment_version(zeroed)
