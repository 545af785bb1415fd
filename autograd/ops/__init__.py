"""Differentiable ops, one package per family; in every module each Function sits directly
above its public wrapper.

- ``elementwise``: ``convert`` (to, clone, fills) < ``unary`` (exp ... floor) < ``arith``
  (operand promotion, add ... square) < ``select`` (clamp, maximum, where, lerp) <
  ``compare`` (comparisons, logic, predicates); each imports only the ones before it.
- ``reduction``: ``basic`` (sum, mean, prod, var, std, all, any and the dim helpers) <
  ``extrema`` (max, min, amax, argmax ...), ``norm`` (logsumexp, norm), ``cumulative``
  (cumsum, cumprod).
- ``shape``: ``slice`` (narrow, split, chunk, unbind, the dim helpers) < ``view`` (reshape,
  view, permute, expand ...), ``copy`` (cat, stack, repeat, flip, tril ...), ``pad``.
- ``indexing``: ``index`` (getitem, setitem, index_put, masks, nonzero) < ``gather``
  (gather, scatter, index_select, index_add, take_along_dim).
- ``linalg``: ``einsum`` < ``matmul`` (matmul, mm, bmm, dot, outer, tensordot ...).
- ``nn``: the kernels behind ``nn.functional``: activations, softmax and the fused losses,
  linear, convolution, pooling, normalisation, dropout and embedding.

The public functions are exported from the ``autograd`` package.
"""
