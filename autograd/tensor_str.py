"""How a Tensor prints: PyTorch's layout and number formatting (``torch._tensor_str``).

Floats print with 4 decimals (``tensor([1.5000, 2.2500])``), as integers with a trailing dot
when every value is one (``tensor([1., 2.])``), and in scientific notation when the values
span more than three orders of magnitude or are very large or small; all elements share one
width; rows wrap at 80 columns; tensors over 1000 elements show their first and last three
entries along each dimension. ``set_printoptions`` changes these (``torch.set_printoptions``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class _PrintOptions:
    """The process-wide print options (PyTorch's ``torch._tensor_str.PRINT_OPTS``)."""

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None  # None: decided per tensor from its values


PRINT_OPTS = _PrintOptions()

_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80),
             "full": (4, math.inf, 3, 80)}


def set_printoptions(precision: int | None = None, threshold: float | None = None,
                     edgeitems: int | None = None, linewidth: int | None = None,
                     profile: str | None = None, sci_mode: bool | None = None) -> None:
    """Set how tensors print, as ``torch.set_printoptions``: digits after the point, the
    element count above which a tensor is summarized, the entries shown at each edge when
    summarized, the characters per line, a ``profile`` (``"default"``, ``"short"``,
    ``"full"``) setting the first four at once, and ``sci_mode`` (True, False, or None to
    decide from the values)."""
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: unknown profile {profile!r} (expected "
                             f"one of {sorted(_PROFILES)})")
        (PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems,
         PRINT_OPTS.linewidth) = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = int(precision)
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = int(edgeitems)
    if linewidth is not None:
        PRINT_OPTS.linewidth = int(linewidth)
    PRINT_OPTS.sci_mode = sci_mode  # as PyTorch: not passing it resets it to automatic


def get_printoptions() -> dict[str, Any]:
    """The current print options as a dict (``torch._tensor_str.get_printoptions``)."""
    return {"precision": PRINT_OPTS.precision, "threshold": PRINT_OPTS.threshold,
            "edgeitems": PRINT_OPTS.edgeitems, "linewidth": PRINT_OPTS.linewidth,
            "sci_mode": PRINT_OPTS.sci_mode}


class _Formatter:
    """One format and width for every element of an array (PyTorch's ``_Formatter``)."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind in "fV"
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.width = max(self.width, len(str(v)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if finite.size == 0:
            return
        magnitude = np.abs(finite)
        low, high = float(magnitude.min()), float(magnitude.max())
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        precision = PRINT_OPTS.precision
        if self.int_mode:
            self.sci_mode = high / low > 1000.0 or high > 1.0e8
        else:
            self.sci_mode = high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4
        if PRINT_OPTS.sci_mode is not None:
            self.sci_mode = PRINT_OPTS.sci_mode
        for v in finite.tolist():
            self.width = max(self.width, len(self._text(v, precision)))

    def _text(self, value: float, precision: int) -> str:
        if self.sci_mode:
            return f"{value:.{precision}e}"
        if self.int_mode:
            return f"{value:.0f}."
        return f"{value:.{precision}f}"

    def format(self, value: Any) -> str:
        if self.floating:
            precision = PRINT_OPTS.precision
            if self.sci_mode:
                text = f"{value:{self.width}.{precision}e}"
            elif self.int_mode:
                text = f"{value:.0f}"
                if math.isfinite(value):
                    text += "."
            else:
                text = f"{value:.{precision}f}"
        else:
            text = str(value)
        return " " * (self.width - len(text)) + text


def _summarized(values: np.ndarray) -> np.ndarray:
    """Only the edge entries of every dimension (what a summarized print shows)."""
    if values.ndim == 0:
        return values
    edge = PRINT_OPTS.edgeitems
    if values.shape[0] > 2 * edge:
        values = np.concatenate([values[:edge], values[-edge:]])
    return np.stack([_summarized(v) for v in values]) if values.ndim > 1 else values


def _vector(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    per_line = max(1, (PRINT_OPTS.linewidth - indent) // (fmt.width + 2))
    edge = PRINT_OPTS.edgeitems
    if summarize and values.shape[0] > 2 * edge:
        data = ([fmt.format(v) for v in values[:edge].tolist()] + [" ..."]
                + [fmt.format(v) for v in values[-edge:].tolist()])
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if values.ndim == 0:
        return fmt.format(values.item())
    if values.ndim == 1:
        return _vector(values, indent, summarize, fmt)
    n = values.shape[0]
    edge = PRINT_OPTS.edgeitems
    if summarize and n > 2 * edge:
        rows = ([_nested(values[i], indent + 1, summarize, fmt) for i in range(edge)]
                + ["..."]
                + [_nested(values[i], indent + 1, summarize, fmt) for i in range(n - edge, n)])
    else:
        rows = [_nested(values[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (values.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def format_tensor(values: np.ndarray, suffixes: list[str], prefix: str = "tensor(") -> str:
    """``prefix`` + the values laid out as PyTorch does + ``, suffix`` for each suffix + ``)``."""
    indent = len(prefix)
    if values.size == 0:
        body = "[]"
        if values.shape != (0,):
            suffixes = [f"size={tuple(values.shape)}", *suffixes]
    else:
        summarize = values.size > PRINT_OPTS.threshold
        fmt = _Formatter(_summarized(values) if summarize else values)
        body = _nested(values, indent, summarize, fmt)
    text = prefix + body
    out = [text]
    last_line = len(text) - text.rfind("\n") + 1  # PyTorch's count (2 more than the line)
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > PRINT_OPTS.linewidth:
            out.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            out.append(", " + suffix)
            last_line += len(suffix) + 2
    out.append(")")
    return "".join(out)
