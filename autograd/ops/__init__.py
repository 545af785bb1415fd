"""Differentiable ops, one package per family; in every module each Function sits directly
above its public wrapper.

- ``elementwise``: ``convert`` (to, clone, fills) < ``unary`` (exp ... floor) < ``arith``
  (operand promotion, add ... square) < ``select`` (clamp, maximum, where, lerp) <
  ``compare`` (comparisons, logic, predicates, isclose); ``table`` generates the Functions
  of the ops declared as rows (name, forward, derivative) in ``unary_table`` (sinh ...
  polygamma, rounding, logit) and ``binary_table`` (atan2 ... heaviside, float_power,
  addcmul, addcdiv).
- ``reduction``: ``basic`` (sum, mean, prod, var, std, all, any and the dim helpers) <
  ``extrema`` (max, min, amax, aminmax, argmax ... and the named tuples ``return_types``),
  ``norm`` (logsumexp, norm), ``cumulative`` (cumsum, cumprod, cummax, cummin,
  logcumsumexp), ``sort`` (sort, argsort, topk, kthvalue) < ``order_stats`` (median, mode,
  quantile), ``nanops`` (nansum, nanmean, count_nonzero), ``counting`` (unique, bincount,
  histc, searchsorted, bucketize).
- ``shape``: ``slice`` (narrow, split, chunk, unbind, the dim helpers) < ``view`` (reshape,
  view, permute, expand ...), ``copy`` (cat, stack, repeat, flip, tril ...), ``pad``,
  ``diagonal`` (diagonal, diag_embed, diag, trace, tril_indices), ``combine`` (tensor_split,
  the stacks, atleast, meshgrid, block_diag, rot90, repeat_interleave ...), ``window``
  (Tensor.unfold).
- ``indexing``: ``index`` (getitem, setitem, index_put, masks, nonzero) < ``gather``
  (gather, scatter, index_select, index_add, take_along_dim) < ``put`` (take, put,
  index_copy, index_fill, masked_scatter), ``scatter_reduce``.
- ``linalg``: ``einsum`` < ``matmul`` (matmul, mm, bmm, dot, outer, tensordot ...).
- ``nn``: the kernels behind ``nn.functional``: activations, softmax and the fused losses,
  linear, convolution, pooling, normalisation, dropout and embedding, unfold / fold.
- ``random``: sampling from distributions given by tensors (bernoulli, multinomial, normal,
  poisson) and the in-place samplers of Tensor.

The public functions are exported from the ``autograd`` package.
"""
