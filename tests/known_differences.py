"""Deliberate differences from PyTorch that the differential fuzzer (tests/fuzz_torch.py)
accepts, each with its reason. Keep it short: a difference that is not deliberate is a bug to
fix, not a line here.

Each entry: (op name or "*", mutation kind or "*") -> reason. Mutation kinds: "dtype" (an
argument's dtype changed), "noncontig", "shape" (an argument made zero-size or 0-d), "dim"
(a dim out of range or not an int), "type" (an argument of the wrong type).
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

KNOWN: dict[tuple[str, str], str] = {
    ("einsum_*", "dtype"): "PyTorch's answer for bool operands depends on the contraction path it "
                           "picks (bmm refuses bool, a plain sum gives int64); tapegrad computes "
                           "in the operands' dtype on every path",
    ("pixel_*shuffle", "shape"): "PyTorch returns a zero-batch input unchanged in shape from "
                                 "pixel_unshuffle (and pixel_shuffle's backward then refuses "
                                 "its gradient); tapegrad reshapes it as any other batch",
    ("ldexp", "dtype"): "PyTorch computes 2 ** other in other's integer dtype, so a negative "
                        "integer exponent gives x's gradient 0 there; tapegrad's is 2 ** other",
    ("topk_indices", "dtype"): "the order of tied integer values is unspecified in both",
    ("kthvalue_indices", "dtype"): "which of tied integer values gives the index is unspecified "
                                   "in both (PyTorch's quickselect, tapegrad's partition)",
    ("avg_pool*", "dtype"): "PyTorch's CPU avg_pool truncates int64 averages; tapegrad refuses "
                            "integer input rather than return a rounded mean",
    ("local_response_norm", "dtype"): "built on avg_pool (above)",
    ("interpolate", "dtype"): "integer input is refused as RuntimeError naming the mode",
    ("linalg.*", "dtype"): "PyTorch's integer/bool support varies by LAPACK wrapper; tapegrad "
                           "refuses non-floating input to every decomposition alike",
    ("matrix_power", "dtype"): "as linalg.* above",
    ("matrix_exp", "dtype"): "PyTorch's float16/bfloat16 matrix_exp overflows (its Pade "
                             "coefficients exceed float16's range) and returns inf/NaN; tapegrad "
                             "computes in float32 and rounds back",
    ("lu*", "dtype"): "an empty float16 LU: PyTorch's forward returns and its backward refuses "
                      "half; tapegrad's backward of an empty factorisation is an empty gradient",
    ("dropout_p1", "dtype"): "dropout takes floating input only",
    ("threshold", "dtype"): "threshold takes floating input only",
    ("max_pool1d_indices", "dtype"): "max pooling takes floating input only (PyTorch's "
                                     "max_pool1d refuses int64 but its with-indices path runs)",
    ("addcmul_", "dtype"): "PyTorch's in-place addcmul_ on an integer tensor accepts bool "
                           "factors; tapegrad refuses bool in addcmul as PyTorch's out-of-place",
    ("*_cell", "dtype"): "recurrent cells take floating input only (PyTorch fails midway with a "
                         "cast error)",
    ("gaussian_nll_loss", "dtype"): "PyTorch fails midway on an in-place cast; tapegrad "
                                    "computes integer input in the default float dtype",
    ("cosine_embedding_loss", "dtype"): "bool inputs: tapegrad lifts bool to float before the "
                                        "norms, PyTorch takes norms of the bool tensor",
    ("index_add", "dtype"): "a float alpha on integer tensors: PyTorch truncates alpha first",
    ("atan2", "dtype"): "the registry's PyTorch reference makes the Python scalar a float64 "
                        "tensor (a reference artefact, not an op difference)",
    ("xlogy", "dtype"): "as atan2",
    ("copysign", "dtype"): "as atan2",
    ("*_loss*", "dtype"): "a loss's target and weight come from the registry as NumPy arrays: "
                          "with integer inputs tapegrad keeps the input's dtype where PyTorch "
                          "promotes to the target's",
    ("as_strided_scatter", "noncontig"): "PyTorch's autograd refuses an input that requires grad "
                                         "and is not contiguous (an internal assert); tapegrad "
                                         "writes into a clone laid out as PyTorch's clone and "
                                         "differentiates that",
    ("take_along_dim", "noncontig"): "dim=None on a non-contiguous input: PyTorch views it as "
                                     "1-D (input.view(-1)) and fails ('view size is not "
                                     "compatible'); tapegrad flattens any layout, as take",
    ("max_unpool2d", "noncontig"): "PyTorch's backward cannot view a non-contiguous gradient",
    ("conv*", "dtype"): "PyTorch's CPU kernels convolve int64 on every path but int32 and uint8 "
                        "only undilated and not transposed, and its float16 transposed "
                        "convolution adds a bias of any dtype (its other paths refuse one that "
                        "differs, as tapegrad does); tapegrad treats every path alike",
    ("scaled_dot_product_attention", "dtype"): "PyTorch returns an empty int64 tensor for empty "
                                               "bool or integer q, k, v and refuses them "
                                               "otherwise; tapegrad refuses them always",
    ("pdist", "dtype"): "PyTorch's CPU pdist has no float16 kernel (its CUDA one has); "
                        "tapegrad computes float16 on every device",
    ("special.*", "dtype"): "PyTorch's CPU kernels of erfcx, ndtri, log_ndtr, zeta and the "
                            "backward of i1/i1e lack float16 (its CUDA ones have it); tapegrad "
                            "computes float16 on every device",
    ("remainder", "type"): "PyTorch has no derivative for remainder(Number, Tensor) (its "
                           "backward raises); tapegrad gives the divisor's, -floor(x / y)",
    ("fused_*_cell", "shape"): "the reference is a composition of PyTorch ops (its fused cell "
                               "kernels are private), which broadcasts where the fused op "
                               "checks its shapes",
    ("fused_*_cell", "type"): "as fused_*_cell shape: the composition takes a number where the "
                              "fused op wants a Tensor",
    ("recurrent_layer_*", "dtype"): "tapegrad's own per-layer op (PyTorch has none; the "
                                    "reference runs torch.lstm & co., which refuse mixed "
                                    "dtypes) computes in the input gates' dtype",
    ("recurrent_layer_*", "shape"): "as recurrent_layer_* dtype: the reference reads the "
                                    "weights' shapes itself (its IndexError on a 0-d one); "
                                    "tapegrad's op names the shape it expects",
    ("recurrent_layer_*", "type"): "as recurrent_layer_* dtype: the reference's torch.lstm "
                                   "takes an unbatched 2-D input where tapegrad's op wants "
                                   "batch_sizes, and fails on its own over a number given "
                                   "for them",
    ("scaled_dot_product_attention", "shape"): "an empty value batch that does not broadcast "
                                               "with the query's: PyTorch's math path returns "
                                               "a result of the query's batch shape; tapegrad "
                                               "refuses the shapes",
    ("index_fill*", "dtype"): "an integer input with a floating value that requires grad: "
                              "PyTorch's autograd refuses the integer result; tapegrad returns "
                              "it without a gradient",
    ("*_scatter", "dtype"): "as index_fill dtype: a bool or integer input with a floating src "
                            "that requires grad",
    ("block_diag", "shape"): "PyTorch's forward gives an empty 1-D block a row of its own but "
                             "its backward does not, so it reads the gradients of the blocks "
                             "after it one row too high; tapegrad's follow the forward",
    ("clamp_tensor", "shape"): "a 0-d input with larger bound tensors: PyTorch's backward "
                               "fails to reduce its gradient (its own shape error)",
    ("addcdiv", "dtype"): "an empty integer input with a float16 tensor1: PyTorch's backward "
                          "fails to cast its gradient (its own dtype error)",
    ("scatter_reduce_", "shape"): "an empty index: PyTorch's backward of the in-place form "
                                  "fails on its own shapes",
    ("index_add", "shape"): "indices into an empty dim: PyTorch returns without checking them; "
                            "tapegrad's error names the index out of bounds",
    ("*softmax", "dtype"): "an empty bool input: PyTorch returns it (its kernel without a bool "
                           "version never runs); tapegrad refuses bool always",
    ("atan2", "type"): "as atan2 dtype (the reference makes numbers tensors)",
    ("xlogy", "type"): "as atan2 dtype",
    ("copysign", "type"): "as atan2 dtype",
    ("rsub", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("ldexp", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("iadd", "type"): "the registry calls x.__iadd__ directly: PyTorch's returns "
                      "NotImplemented for None (Python then raises TypeError for x += None), "
                      "tapegrad's raises the TypeError itself",
    ("imul", "type"): "as iadd",
    ("setitem", "type"): "a string index: PyTorch's error depends on the rank (IndexError 'too "
                         "many indices' for a 0-d tensor, TypeError otherwise); tapegrad's "
                         "TypeError names the index type",
    ("index_copy*", "shape"): "indices into an empty dim: PyTorch fails inside its kernel (a "
                              "setStorage RuntimeError); tapegrad's IndexError names the index "
                              "out of bounds",
    ("index_fill*", "shape"): "as index_copy",
    ("index_reduce*", "shape"): "as index_copy; and a 0-d source with several indices, where "
                                "PyTorch's IndexError comes from formatting its own message "
                                "(source.size(dim)), is tapegrad's RuntimeError on the shapes",
    ("maximum", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("minimum", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("fmax", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("fmin", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments",
    ("nonzero*", "type"): "deliberate: docs/pytorch.md#scalars-in-tensor-arguments (None and "
                          "strings are refused as PyTorch)",
    ("*softmax", "type"): "dim=None: tapegrad's softmax is also nn.functional.softmax, where "
                          "None picks PyTorch's implicit dim; torch.softmax refuses None",
    ("squeeze*", "type"): "dim=None: PyTorch documents None as squeeze's default yet its "
                          "parser refuses it given explicitly; tapegrad reads it as left out",
    ("round_decimals", "type"): "decimals=None: tapegrad's marker for decimals left out (PyTorch "
                                "refuses integer input when decimals is given, even 0)",
    ("repeat_interleave", "type"): "repeats=None: tapegrad's marker of the one-argument form "
                                   "repeat_interleave(repeats)",
    ("lp_pool*", "type"): "a string kernel_size: PyTorch unpacks its characters (ValueError); "
                          "tapegrad's TypeError names the argument",
    ("embedding", "shape"): "a 0-d weight: PyTorch's error is an IndexError when the weight "
                            "requires grad (its autograd reads weight.size(0) first) and a "
                            "RuntimeError otherwise; tapegrad's is the RuntimeError",
    ("embedding_grad_options", "shape"): "as embedding shape",
    ("unflatten", "shape"): "a 0-d input: PyTorch wraps its IndexError (no dim 0) in a "
                            "RuntimeError 'unflatten got an unexpected error'; tapegrad raises "
                            "the IndexError",
    ("tensordot", "dtype"): "bool operands: as einsum_* dtype, PyTorch's answer depends on "
                            "the layout its reshapes leave (a full contraction gives bool(sum) "
                            "or its dot's NotImplementedError); tapegrad refuses a bool "
                            "contraction with something to multiply, as matmul",
    ("*addr", "dtype"): "mixed dtypes: PyTorch's forward promotes but its backward calls addmv "
                        "on the unpromoted operands and fails on their dtypes; tapegrad's "
                        "gradients follow the promoted forward",
    ("cumm*", "dim"): "an empty input: PyTorch's cummax/cummin return without checking the "
                      "dim (out of range included); tapegrad's IndexError names it",
    ("bmm", "dtype"): "an empty batch of two dtypes: PyTorch's bmm returns without checking "
                      "them; tapegrad refuses mixed dtypes as for any other batch",
    ("kron", "noncontig"): "PyTorch's kron refuses exactly one non-contiguous operand (its "
                           "internal view of the other's strides fails: 'view size is not "
                           "compatible'); tapegrad multiplies any layout",
    ("logcumsumexp*", "dtype"): "PyTorch's backward runs in bfloat16 / float16 step by step, "
                                "so x - y of large inputs is rounded to the dtype's spacing "
                                "(4 near 800) before exp: its gradient is off by factors; "
                                "tapegrad's agrees with float64's to the dtype's precision",
}


# Cases where PyTorch's forward returns and its backward raises on its own: (op name pattern,
# words of PyTorch's backward error) -> reason; tapegrad's gradient is then accepted.
BACKWARD: dict[tuple[str, str], str] = {
    ("pow", "with a bool tensor is not supported"): "a bool exponent: PyTorch's backward "
        "computes exponent - 1 in bool and refuses it; tapegrad's gradient is exponent * "
        "x ** (exponent - 1) in the promoted dtype",
    ("logaddexp*", "with a bool tensor is not supported"): "a bool operand: PyTorch's backward "
        "subtracts the bool operand and refuses it; tapegrad's gradient is that of the "
        "promoted forward",
}


def known_backward(name: str, theirs: BaseException) -> str | None:
    """Why PyTorch's backward may raise on this op where tapegrad's returns, or None."""
    for (pattern, words), reason in BACKWARD.items():
        if fnmatch(name, pattern) and words in str(theirs):
            return reason
    return None


# Cases PyTorch itself crashes on (the process dies, so the fuzzer must not run them):
# (op name pattern, mutation) -> reason; the mutation "empty" is an argument made zero-size,
# "empty:N" argument N.
CRASHES: dict[tuple[str, str], str] = {
    ("pdist", "empty"): "PyTorch's pdist backward of a (0, M) input divides by zero in C++ "
                        "(SIGFPE / SIGSEGV); tapegrad's gradient is the empty one",
    ("embedding_bag", "empty:2"): "PyTorch's embedding_bag with empty offsets reads out of "
                                  "bounds (SIGSEGV); tapegrad refuses them",
}


def crashes(name: str, spec: Any) -> str | None:
    """Why PyTorch cannot be run on this case (it kills the process), or None."""
    if spec.shape is not None and spec.shape[0] == "empty":
        kinds = ("empty", f"empty:{spec.shape[1]}")
    else:
        kinds = (kind(spec),)
    for (pattern, mutation), reason in CRASHES.items():
        if fnmatch(name, pattern) and mutation in kinds:
            return reason
    return None


def kind(spec: Any) -> str:
    """The mutation kind of a fuzzer spec (the most specific one it applies)."""
    if spec.bad is not None:
        return spec.bad[0]
    if spec.shape is not None:
        return "shape"
    if spec.dtypes:
        return "dtype"
    return "noncontig" if spec.noncontig else "none"


def known(name: str, spec: Any, ours: BaseException | None,
          theirs: BaseException | None) -> str | None:
    """The reason this op's answer may differ from PyTorch's for this mutation, or None."""
    k = kind(spec)
    for (pattern, mutation), reason in KNOWN.items():
        if fnmatch(name, pattern) and mutation in (k, "*"):
            return reason
    return None
