"""NumPy's keyword names accepted where PyTorch accepts them: ``axis`` for ``dim`` and
``keepdims`` for ``keepdim`` (``x.sum(axis=0, keepdims=True)`` works in PyTorch, so ported
NumPy-flavoured code runs unchanged).

The reductions take ``axis`` / ``keepdims`` as keyword-only arguments and call
``numpy_dims`` only when one is given: a call without them pays one comparison.
"""

from __future__ import annotations

from typing import Any

__all__ = ["numpy_dims"]


def numpy_dims(op: str, dim: Any, keepdim: Any, axis: Any, keepdims: Any,
               dim_default: Any = None) -> tuple[Any, Any]:
    """``(dim, keepdim)`` with NumPy's ``axis`` / ``keepdims`` folded in; TypeError when a
    name and its alias are both given (as PyTorch)."""
    if axis is not None:
        if dim is not dim_default and dim != dim_default:
            raise TypeError(f"{op}() got both 'dim' and its alias 'axis'")
        dim = axis
    if keepdims is not None:
        if keepdim:
            raise TypeError(f"{op}() got both 'keepdim' and its alias 'keepdims'")
        keepdim = keepdims
    return dim, keepdim
