"""Differences the differential fuzzer (tests/fuzz_torch.py) found, kept as fixed cases.

Each snippet runs under PyTorch and under tapegrad (the harness of
tests/nn/test_idioms_torch.py: ``T`` is ``torch`` / ``autograd``, ``F`` their functional
namespace) and the results are compared: tensors by dtype, shape and values, a raised
exception by type (ours must be an instance of PyTorch's). They do not depend on the fuzzer's
sampling.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import torch_or_skip
from tests.nn.test_idioms_torch import check

torch = torch_or_skip()

X = "x = T.tensor([[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]], dtype=T.float64); "
XG = ("x = T.tensor([[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]], dtype=T.float64, "
      "requires_grad=True); ")


def _ids(cases):
    return [c[0] for c in cases]


# -- values, dtypes and gradients --------------------------------------------------------------
VALUES = [
    # d(x ** p)/dp at x = 0 with p < 0 is inf * log(0) = -inf, not inf * 0 = nan
    ("pow_exponent_grad_at_zero_base",
     "x = T.tensor([0., 0., 0., 2., -1.], dtype=T.float64); "
     "p = T.tensor([-1., 0., 2., -0.5, 0.5], dtype=T.float64, requires_grad=True); "
     "(x ** p).sum().backward(); out = p.grad"),
    ("pow_exponent_grad_at_zero_base_bfloat16",
     "x = T.tensor([0, 0, 1], dtype=T.int64); "
     "p = T.tensor([-1., 1., -0.5], dtype=T.bfloat16, requires_grad=True); "
     "(x ** p).float().sum().backward(); out = p.grad.float()"),
    # x1 - x2 + eps: the pair's promoted dtype (float16 with int64 stays float16)
    ("pairwise_distance_half_long",
     "a = T.tensor([[1., 2.], [3., -1.]], dtype=T.float16); b = T.tensor([[0, 1], [1, 1]]); "
     "out = F.pairwise_distance(a, b)"),
    ("pairwise_distance_long_long",
     "a = T.tensor([[1, 2], [3, -1]]); b = T.tensor([[0, 1], [1, 1]]); "
     "out = F.pairwise_distance(a, b, keepdim=True)"),
    ("pairwise_distance_bool_raises",
     "a = T.tensor([[True, False]]); out = F.pairwise_distance(a, a)"),
    # the loss takes the target's dtype (PyTorch forms it in place in 1 - target)
    ("bce_with_logits_target_dtype",
     X + "t = T.tensor([[0., 1., 1.], [1., 0., 0.]], dtype=T.float32); "
         "out = [F.binary_cross_entropy_with_logits(x, t, reduction=r) "
         "for r in ('mean', 'sum', 'none')]"),
    ("bce_with_logits_wider_target",
     "x = T.tensor([0.5, -1.0, 2.0], dtype=T.float16); t = T.tensor([0., 1., 1.]); "
     "w = T.tensor([1., 2., 3.], dtype=T.float16); "
     "a = F.binary_cross_entropy_with_logits(x, t, weight=w); "
     "b = F.binary_cross_entropy_with_logits(x, t, pos_weight=w, reduction='none'); "
     "out = (str(a.dtype), str(b.dtype), round(a.item(), 2), [round(v, 2) for v in b.tolist()])"),
    ("bce_with_logits_target_dtype_grad",
     XG + "t = T.tensor([[0., 1., 1.], [1., 0., 0.]], dtype=T.float32); "
          "F.binary_cross_entropy_with_logits(x, t).backward(); out = x.grad"),

    # float32 statistics of a float16 / bfloat16 input: the output in the input's dtype
    ("batch_norm_half_float_params",
     "x = T.tensor([[0.5, -1.0], [2.0, 1.5], [0.25, 0.75]], dtype=T.float16); "
     "p = T.tensor([0.5, 2.0]); "
     "out = [str(F.batch_norm(x, p, p, p, p, training=t).dtype) for t in (False, True)]"),
    ("layer_group_norm_bfloat16_float_params",
     "x = T.ones(2, 4, 3, dtype=T.bfloat16); p = T.ones(4); "
     "out = [str(F.layer_norm(x, (3,), T.ones(3), T.ones(3)).dtype), "
     "str(F.group_norm(x, 2, p, p).dtype), str(F.instance_norm(x, weight=p, bias=p).dtype)]"),
    # empty inputs: PyTorch's norms return an empty output (and keep the running statistics)
    ("batch_norm_train_empty_batch",
     "x = T.ones(0, 3, 3, 2, dtype=T.float64, requires_grad=True); "
     "w = T.ones(3, dtype=T.float64, requires_grad=True); "
     "rm, rv = T.zeros(3, dtype=T.float64), T.ones(3, dtype=T.float64); "
     "y = F.batch_norm(x, rm, rv, w, training=True); y.sum().backward(); "
     "out = (y, rm, rv, x.grad, w.grad)"),
    ("batch_norm_train_empty_spatial",
     "out = F.batch_norm(T.ones(2, 3, 0, dtype=T.float64), None, None, training=True)"),
    ("instance_norm_empty",
     "out = [F.instance_norm(T.ones(*s, dtype=T.float64)) for s in "
     "((0, 3, 5), (2, 0, 5), (2, 3, 0))]"),
    ("adaptive_pools_empty_batch_or_channels",
     "x = T.ones(0, 5, dtype=T.float64); y = T.ones(2, 0, 4, 5, dtype=T.float64); "
     "out = (F.adaptive_avg_pool1d(x, 2), F.adaptive_max_pool1d(x, 2), "
     "F.adaptive_max_pool2d(T.ones(0, 5, 6, dtype=T.float64), 4), "
     "F.adaptive_avg_pool2d(y, 2), F.adaptive_avg_pool3d(T.ones(0, 3, 4, 5, dtype=T.float64), 2))"),
    ("max_unpool_empty_batch",
     "x = T.ones(0, 3, 4, 5, dtype=T.float64); i = T.zeros(0, 3, 4, 5, dtype=T.int64); "
     "out = (F.max_unpool2d(x, i, 1), F.max_unpool3d(x, i, 1), "
     "F.max_unpool1d(T.ones(0, 5, dtype=T.float64), T.zeros(0, 5, dtype=T.int64), 1))"),
    ("index_copy_scalar_source", "out = T.index_copy(T.ones(4), 0, T.tensor([2]), T.tensor(5.))"),
    ("scatter_add_empty_index_src_grad",
     "x = T.ones(3, 4, dtype=T.float64, requires_grad=True); "
     "s = T.ones(0, 4, dtype=T.float64, requires_grad=True); "
     "y = T.scatter_add(x, 0, T.zeros(0, 4, dtype=T.int64), s); y.sum().backward(); "
     "out = (y, x.grad, s.grad)"),
    ("cosine_similarity_promotes",
     "a = T.tensor([[1., 2., 3.], [0.5, -1., 2.]], dtype=T.float16); b = T.tensor([[1, 0, 2]]); "
     "r, s = F.cosine_similarity(a, b), F.cosine_similarity(b.double(), a); "
     "out = (str(r.dtype), str(s.dtype), [round(v, 2) for v in r.tolist() + s.tolist()])"),
    ("cross_entropy_probs_weight_promotes",
     "x = T.ones(2, 4); t = T.ones(2, 4) / 4; "
     "out = F.cross_entropy(x, t, weight=T.ones(4, dtype=T.float64))"),
    ("interpolate_scale_int", "out = F.interpolate(T.ones(1, 2, 3), scale_factor=2)"),
    ("gaussian_nll_var_size_one_anywhere",
     "x = T.ones(4, 3, 5, 5); out = [F.gaussian_nll_loss(x, x * 0.5, T.ones(*s)) for s in "
     "((4, 1, 5, 5), (1, 3, 5, 5), (4, 3, 5))]"),
    ("adaptive_avg_pool_empty", "out = (F.adaptive_avg_pool1d(T.ones(0, 5), 5), "
                                "F.adaptive_avg_pool2d(T.ones(2, 0, 4, 4), 2))"),
    ("normalize_p_fro_none", "x = T.tensor([[3., 4.], [1., 0.]]); "
                             "out = (F.normalize(x, p='fro'), F.normalize(x, p=None))"),
    ("embedding_bag_empty_input_and_offsets",
     "out = F.embedding_bag(T.zeros(0, dtype=T.int64), T.ones(10, 3), "
     "T.zeros(0, dtype=T.int64))"),
    ("ctc_loss_int_lengths_unbatched",
     "lp = T.tensor([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2]]).log(); "
     "out = F.ctc_loss(lp, T.tensor([1]), (3,), (1,))"),
    ("unfold_0d_size_0", "out = T.tensor(1.5).unfold(0, 0, 1)"),
    # bool products: False (or empty) where there is nothing to multiply, as PyTorch's kernels
    ("bool_matmul_nothing_to_multiply",
     "b = lambda *s: T.ones(*s, dtype=T.bool); "
     "out = [b(3, 0) @ b(0, 4), b(0, 3) @ b(3, 2), T.mm(b(3, 0), b(0, 4)), "
     "T.bmm(b(0, 3, 4), b(0, 4, 2)), T.bmm(b(2, 3, 0), b(2, 0, 4)), T.mv(b(0, 2), b(2)), "
     "T.mv(b(2, 0), b(0)), b(2, 3, 0) @ b(0, 4), b(0) @ b(0, 3), "
     "T.inner(b(3, 0), b(2, 0)), T.inner(b(1)[0], b(1)[0]), T.tensordot(b(3, 0), b(0, 2), 1), "
     "T.tensordot(b(0, 3), b(3, 2), 1)]"),
    # addr promotes its three operands (addmm does not)
    ("addr_promotes",
     "h = T.tensor([[1., 2.], [3., 4.]], dtype=T.float16); "
     "v = T.tensor([0.5, -1.], dtype=T.bfloat16); "
     "out = [T.addr(h, v, v), T.addr(h, v.half(), v), T.addr(h.double(), v.float(), v.float()), "
     "T.addr(T.ones(2, 2, dtype=T.int64), v.float(), v.float())]"),
    # an empty float16 batch has no LAPACK call to refuse: PyTorch returns its determinants
    ("det_half_empty_batch",
     "a = T.zeros(0, 2, 2, dtype=T.float16, requires_grad=True); "
     "b = T.zeros(2, 0, 0, dtype=T.bfloat16, requires_grad=True); "
     "y, z = T.linalg.det(a), T.linalg.det(b); (y.sum() + z.float().sum()).backward(); "
     "out = (y, z.float(), a.grad, b.grad.float())"),
    # histc rounds each step of (v - lo) * bins / (hi - lo) to float16 as PyTorch's kernel
    ("histc_half_bin_edges",
     "x = T.tensor([-1.403, -1.277, 0.2479, 1.08, 1.647, 1.91, -0.202, 0.976], "
     "dtype=T.float16); out = [T.histc(x, 4), T.histc(x, 7, -1.3, 1.9), T.histc(x.float(), 4)]"),
    # a bool sorted sequence is searched in the dtype it promotes to with the values
    ("searchsorted_bool_sequence",
     "s = T.tensor([False, False, True, True, True]); "
     "out = [T.searchsorted(s, T.tensor([1, 0, 2, -1])), T.searchsorted(s, 1, right=True), "
     "T.searchsorted(s, T.tensor([0.5, 1.0, -1.])), T.searchsorted(s, 0.5), "
     "T.bucketize(T.tensor([True, False]), T.tensor([0., 1.]))]"),
    # bool samples with coordinates and edge_order=2 are weighed, never subtracted
    ("gradient_bool_coordinates_edge_order_2",
     "y = T.tensor([[True, False, True, True], [False, False, True, False], "
     "[True, True, False, False]]); "
     "out = T.gradient(y, spacing=(T.tensor([0, 2, 3]), T.tensor([0, 1, 3, 4])), "
     "edge_order=2)"),
    ("gradient_spacing_none",
     X + "out = (T.gradient(x, spacing=None), T.gradient(x, spacing=None, dim=1))"),
    # cumulative_trapezoid of no samples still checks that x's steps broadcast with them
    ("cumulative_trapezoid_empty",
     "y = T.zeros(0, 4); out = [T.cumulative_trapezoid(y, T.ones(1, 4), dim=0), "
     "T.cumulative_trapezoid(y, T.ones(0), dim=0), T.cumulative_trapezoid(y, dim=0), "
     "T.trapezoid(y, T.ones(3, 4), dim=0)]"),
    # cdist's matmul path (p=2, many rows or use_mm) computes float16 / bfloat16
    ("cdist_half_by_matmul",
     "a = T.linspace(-1, 1, 60).reshape(30, 2); "
     "out = [T.cdist(a.half(), a.half()), T.cdist(a[:3].bfloat16(), a[:3].bfloat16(), "
     "compute_mode='use_mm_for_euclid_dist').float()]"),
    ("kthvalue_0d_bool", "out = T.kthvalue(T.tensor(True), 1)"),
    # trapezoid: integer samples with floating coordinates take the coordinates' dtype; no
    # samples give zeros of the samples' dtype
    ("trapezoid_integer_y_half_x",
     "y = T.tensor([[1, 2, 3], [4, 5, 7]], dtype=T.int32); x = T.tensor([0., 1., 3.]); "
     "out = [T.trapezoid(y, x.half()), T.cumulative_trapezoid(y, x.half()), "
     "T.trapezoid(y, x.double()), T.trapezoid(y, x.int()), T.trapezoid(y.half(), x.int()), "
     "T.trapezoid(T.zeros(0, dtype=T.int32), T.zeros(0)), T.trapezoid(T.zeros(0).half())]"),
    # three coordinates broadcast their one interior weight over any number of samples
    ("gradient_three_coordinates",
     "x = T.arange(20.).reshape(4, 5) ** 2; "
     "out = [T.gradient(x, spacing=(T.arange(3.),), dim=1, edge_order=e) for e in (1, 2)]"),
    ("prod_dims_one_at_a_time",
     XG + "y = x.prod(1, keepdim=True); y.sum().backward(); out = (y, x.grad, T.prod(x, 0))"),
    # no degrees of freedom: over all dims the gradient is inf (nan where x is its mean, and
    # std's nan throughout); over a dim 2 (x - mean) / dof keeps its signs
    ("var_std_grad_without_degrees_of_freedom",
     "import warnings; warnings.simplefilter('ignore'); out = []\n"
     "for f in (T.var, T.std):\n"
     "    for c, kw in ((6, {}), (7, {}), (3, {'dim': 1}), (4, {'dim': 1}), "
     "(9, {'dim': (0, 1)})):\n"
     "        x = T.tensor([[1., 2., 2.], [0.5, -1., 3.]], dtype=T.float64, "
     "requires_grad=True)\n"
     "        f(x, correction=c, **kw).sum().backward(); out.append(x.grad)\n"
     "    x = T.tensor(2., dtype=T.float64, requires_grad=True)\n"
     "    f(x, dim=0, correction=3).backward(); out.append(x.grad)\n"
     "    x = T.full((2, 2), 1.5, dtype=T.float64, requires_grad=True)\n"
     "    f(x, correction=4).backward(); out.append(x.grad)"),
    # an empty batch through the padded and dilated convolutions, forward and backward
    ("conv_empty_batch_padded",
     "out = []\n"
     "for nd in (1, 2, 3):\n"
     "    for tr in (False, True):\n"
     "        x = T.ones((0, 4) + (5,) * nd, dtype=T.float64, requires_grad=True)\n"
     "        w = T.ones(((4, 3) if tr else (3, 4)) + (2,) * nd, dtype=T.float64, "
     "requires_grad=True)\n"
     "        b = T.ones(3, dtype=T.float64, requires_grad=True)\n"
     "        f = getattr(F, f'conv_transpose{nd}d' if tr else f'conv{nd}d')\n"
     "        y = f(x, w, b, padding=1, dilation=2); y.sum().backward()\n"
     "        out += [y, x.grad, w.grad, b.grad]\n"
     "    y = getattr(F, f'conv{nd}d')(x, w, b, padding='same'); out.append(y)"),
    # rms_norm returns the input's dtype whatever the weight's (bfloat16 too)
    ("rms_norm_bfloat16_float_weight",
     "x = T.tensor([[1., 2., 3.5], [0.5, -1., 2.]], dtype=T.bfloat16, requires_grad=True); "
     "out = []\n"
     "for dt in (T.float16, T.float32, T.float64):\n"
     "    w = T.tensor([1.5, 0.5, -1.], dtype=dt, requires_grad=True)\n"
     "    y = F.rms_norm(x, (3,), w); y.float().sum().backward()\n"
     "    out += [str(y.dtype), str(w.grad.dtype), str(x.grad.dtype)]"),
    # reflection padding keeps a float16 grid's dtype
    ("grid_sample_reflection_half",
     "x = T.arange(16.).reshape(1, 1, 4, 4).half(); "
     "g = T.tensor([[[[-1.3, 0.2], [0.9, 1.4]]]]).half(); out = []\n"
     "for ac in (False, True):\n"
     "    for mode in ('bilinear', 'nearest', 'bicubic'):\n"
     "        y = F.grid_sample(x, g, mode=mode, padding_mode='reflection', align_corners=ac)\n"
     "        out += [str(y.dtype), y.float()]"),
    # (N, C) input is normalised with the running statistics
    ("instance_norm_2d_running_stats",
     "out = F.instance_norm(T.tensor([[1., 2., 3.], [0., -1., 4.]]), T.zeros(3), T.ones(3) * 2, "
     "use_input_stats=False)"),
    # float kernel_size, stride or padding: only the default output size uses them
    ("max_unpool2d_float_kernel_with_output_size",
     "x = T.tensor([[[4., 5.], [7., 9.]]]); i = T.tensor([[[0, 3], [9, 15]]]); "
     "out = [F.max_unpool2d(x, i, 1.5, output_size=(4, 4)), "
     "F.max_unpool2d(x, i, 2, 2.0, 0.0, output_size=(4, 4))]"),
]


@pytest.mark.parametrize("case", VALUES, ids=_ids(VALUES))
def test_values(case):
    check(case[1])


# -- exceptions where PyTorch returns, and the reverse -----------------------------------------
RETURNS = [
    ("add_two_numbers", "out = [T.add(1.5, 2.5), T.add(2, 3), T.add(True, False)]"),
    ("sub_mul_two_numbers", "out = [T.sub(1.5, 2), T.mul(2, 3), T.mul(True, False)]"),
    ("div_two_numbers", "out = [T.div(2, 3), T.div(1.5, 2), T.true_divide(True, True), "
                        "T.div(7, 2, rounding_mode='trunc'), T.floor_divide(7, 2)]"),
    ("sub_two_bools_raises", "T.sub(True, False)"),
    ("remainder_two_numbers_raises", "T.remainder(1.5, 2.5)"),
    ("nan_to_num_nan_none",
     "x = T.tensor([float('nan'), 1., float('inf')]); out = T.nan_to_num(x, nan=None)"),
    ("nan_to_num_nan_str_raises", "T.nan_to_num(T.ones(2), nan='a')"),
    ("bilinear_empty_bool_batch",
     "b = lambda *s: T.ones(*s, dtype=T.bool); "
     "out = F.bilinear(b(0, 2), b(0, 3), b(4, 2, 3), b(4))"),
    ("bilinear_bool_raises",
     "b = lambda *s: T.ones(*s, dtype=T.bool); F.bilinear(b(2, 2), b(2, 3), b(4, 2, 3))"),
    ("scatter_add_empty_index_0d_self",
     "out = T.scatter_add(T.tensor(1.5), 0, T.zeros(0, 4, dtype=T.int64), T.ones(0, 4))"),
    ("scatter_empty_index_other_rank",
     "out = (T.scatter(T.ones(3, 4), 0, T.zeros(0, dtype=T.int64), 2.5), "
     "T.scatter(T.ones(3, 4), 1, T.zeros(0, 2, 2, dtype=T.int64), T.tensor(1.)))"),
    ("scatter_empty_index_dim_out_of_range",
     "T.scatter_add(T.ones(3, 4), 5, T.zeros(0, 4, dtype=T.int64), T.ones(0, 4))"),
    ("scatter_reduce_empty_index_0d_self",
     "out = T.scatter_reduce(T.tensor(2.), 0, T.zeros(0, 4, dtype=T.int64), T.ones(0, 4), "
     "'prod')"),
    ("gather_empty_index_other_rank",
     "out = (T.gather(T.ones(3, 4), 0, T.zeros(0, dtype=T.int64)), "
     "T.gather(T.ones(3, 4), 1, T.zeros(0, 2, 2, dtype=T.int64)))"),
    ("gather_empty_index_dim_out_of_range",
     "T.gather(T.ones(3, 4), 4, T.zeros(0, 2, dtype=T.int64))"),
    ("bool_mm_raises", "b = T.ones(2, 2, dtype=T.bool); T.mm(b, b)"),
    ("bool_bmm_raises", "b = T.ones(1, 2, 2, dtype=T.bool); T.bmm(b, b)"),
    ("bool_bmm_long_raises", "T.bmm(T.ones(1, 2, 2, dtype=T.bool), T.ones(1, 2, 2).long())"),
    ("bool_mv_raises", "T.mv(T.ones(2, 2, dtype=T.bool), T.ones(2, dtype=T.bool))"),
    ("bool_dot_empty_raises", "b = T.ones(0, dtype=T.bool); T.dot(b, b)"),
    ("bool_matmul_1d_empty_raises", "b = T.ones(0, dtype=T.bool); b @ b"),
    ("bool_inner_1d_raises", "b = T.ones(0, dtype=T.bool); T.inner(b, b)"),
    ("bool_inner_raises", "b = T.ones(2, 2, dtype=T.bool); T.inner(b, b)"),
    ("bool_tensordot_raises", "b = T.ones(2, 2, dtype=T.bool); T.tensordot(b, b, 1)"),
    ("bool_tensordot_outer_raises", "b = T.ones(2, 2, dtype=T.bool); T.tensordot(b, b, 0)"),
    ("cdist_half_raises", "a = T.ones(2, 3, dtype=T.float16); T.cdist(a, a)"),
    ("cdist_half_large_p1_raises", "a = T.ones(30, 3, dtype=T.float16); T.cdist(a, a, p=1.0)"),
    ("kthvalue_bool_raises", "T.kthvalue(T.tensor([True, False]), 1)"),
    ("matmul_bool_batched_other_dtype_raises",
     "T.ones(2, 3, 4, dtype=T.bool) @ T.ones(2, 4, 2, dtype=T.float64)"),
    ("matmul_bool_2d_3d_other_dtype_raises", "T.ones(3, 4, dtype=T.bool) @ T.ones(2, 4, 2)"),
    ("matmul_bool_3d_2d_other_dtype_raises", "T.ones(2, 3, 4, dtype=T.bool) @ T.ones(4, 2)"),
    ("baddbmm_bool_input_and_batch1_raises",
     "b = lambda *s: T.ones(*s, dtype=T.bool); "
     "T.baddbmm(b(2, 3, 4), b(2, 3, 5), T.ones(2, 5, 4, dtype=T.float64))"),
    ("cdist_bfloat16_half_raises",
     "T.cdist(T.ones(2, 3, dtype=T.bfloat16), T.ones(2, 3, dtype=T.float16))"),
    ("trapezoid_bool_x_raises", "T.trapezoid(T.ones(3), T.tensor([True, False, True]))"),
    ("cumulative_trapezoid_bool_x_raises",
     "T.cumulative_trapezoid(T.ones(3), T.tensor([True, False, True]))"),
    ("solve_0d_b_raises", "T.linalg.solve(T.eye(2), T.tensor(1.))"),
    ("gradient_empty_coordinates_raise",
     "T.gradient(T.ones(4, 5), spacing=(T.ones(0),), dim=1)"),
    ("gradient_long_coordinates_raise",
     "T.gradient(T.ones(4, 5), spacing=(T.arange(6.),), dim=1)"),
    ("det_half_raises", "T.linalg.det(T.ones(2, 2, 2, dtype=T.float16))"),
    ("searchsorted_bool_both_raises",
     "T.searchsorted(T.tensor([False, True]), T.tensor([True]))"),
    ("searchsorted_bool_scalar_raises", "T.searchsorted(T.tensor([False, True]), True)"),
    ("gradient_bool_edge_order_1_raises",
     "T.gradient(T.tensor([True, False, True]), spacing=(T.tensor([0, 1, 3]),))"),
    ("gradient_bool_spacing_number_raises",
     "T.gradient(T.tensor([True, False, True]), spacing=2.0, edge_order=2)"),
    ("cumulative_trapezoid_empty_steps_raise",
     "T.cumulative_trapezoid(T.zeros(0, 4), T.ones(3, 4), dim=0)"),
]


@pytest.mark.parametrize("case", RETURNS, ids=_ids(RETURNS))
def test_returns_or_raises(case):
    check(case[1])


# -- the exception's type, and an informative message ------------------------------------------
ERRORS = [
    ("hstack_mixed_ranks", "T.hstack([T.ones(2, 2, 1), T.tensor(1.)])"),
    ("cat_mixed_ranks_dim1", "T.cat([T.ones(2, 2, 1), T.ones(3)], 1)"),
    ("take_along_dim_rank_before_dim",
     "T.take_along_dim(T.tensor(1.), T.zeros(3, 2, dtype=T.int64), 1)"),
    ("take_along_dim_rank_before_dim_2d",
     "T.take_along_dim(T.ones(2, 3), T.zeros(3, dtype=T.int64), 5)"),
    # the dim is checked against the input's rank before the ranks or shapes are compared
    ("gather_0d_input_dim_first",
     "T.gather(T.tensor(1.), 1, T.zeros(3, 2, dtype=T.int64))"),
    ("stack_0d_first_dim_first", "T.stack([T.tensor(1.), T.ones(4, 3)], 1)"),
    ("conv3d_0d_bias", "F.conv3d(T.ones(1, 2, 3, 3, 3), T.ones(3, 2, 2, 2, 2), T.tensor(1.))"),
    ("conv_transpose3d_0d_bias",
     "F.conv_transpose3d(T.ones(1, 2, 3, 3, 3), T.ones(2, 3, 2, 2, 2), T.tensor(1.))"),
    ("bilinear_mixed_dtypes",
     "F.bilinear(T.ones(2, 3).half(), T.ones(2, 4).half(), T.ones(5, 3, 4).half(), "
     "T.ones(5, dtype=T.bool))"),
    ("bilinear_0d_bias", "F.bilinear(T.ones(2, 3), T.ones(2, 4), T.ones(5, 3, 4), T.tensor(1.))"),
    ("max_unpool2d_output_size_length",
     "F.max_unpool2d(T.ones(1, 2, 2), T.zeros(1, 2, 2, dtype=T.int64), 2, output_size=(2, 4, 4))"),
    ("bilinear_mixed_dtypes_before_shapes",
     "F.bilinear(T.ones(2, 3), T.ones(2, 4).double(), T.ones(5, 3))"),
    # no channels: PyTorch's batch_norm refuses a weight or bias (instance_norm of an empty
    # batch too, its weight repeated zero times)
    ("batch_norm_no_channels_weight",
     "F.batch_norm(T.ones(1, 0, 4), None, None, T.ones(0), training=True)"),
    ("batch_norm_no_channels_bias_eval",
     "F.batch_norm(T.ones(3, 0), T.zeros(0), T.ones(0), None, T.ones(0))"),
    ("instance_norm_empty_batch_weight",
     "F.instance_norm(T.ones(0, 2, 3, 3), weight=T.ones(2), bias=T.ones(2))"),
    ("instance_norm_1d_input", "F.instance_norm(T.ones(3), T.zeros(3), T.ones(3), "
                               "use_input_stats=False)"),
    ("embedding_bag_padding_idx_out_of_range",
     "F.embedding_bag(T.tensor([1, 2, 4, 0]), T.ones(5, 3), T.tensor([0, 2]), padding_idx=5)"),
    ("max_unpool2d_float_kernel_output_size_out_of_range",
     "F.max_unpool2d(T.ones(1, 2, 2), T.zeros(1, 2, 2, dtype=T.int64), 1.5, "
     "output_size=(7, 7))"),
    ("scatter_src_0d", "T.scatter(T.ones(3, 5), 1, T.zeros(2, 3, dtype=T.int64), T.tensor(1.))"),


    # 0-d and too-few-dims inputs: PyTorch's exception types
    ("rms_norm_0d", "F.rms_norm(T.tensor(1.), (3,))"),
    ("rms_norm_too_few_dims", "F.rms_norm(T.ones(2, 3), (2, 3, 3))"),
    ("layer_norm_0d", "F.layer_norm(T.tensor(1.), (3,))"),
    ("cells_0d_input", "T.gru_cell(T.tensor(1.), T.ones(2, 2), T.ones(6, 3), T.ones(6, 2))"),
    ("cells_0d_hidden", "T.gru_cell(T.ones(2, 3), T.tensor(1.), T.ones(6, 3), T.ones(6, 2))"),
    ("lstm_cell_0d_cell", "T.lstm_cell(T.ones(2, 3), (T.ones(2, 2), T.tensor(1.)), "
                          "T.ones(8, 3), T.ones(8, 2))"),
    ("embedding_0d_weight_padding_idx",
     "F.embedding(T.tensor([[0, 1]]), T.tensor(1.), padding_idx=-1)"),
    ("embedding_0d_weight", "F.embedding(T.tensor([[0, 1]]), T.tensor(1.))"),
    ("embedding_empty_weight", "F.embedding(T.tensor([[0, 1]]), T.ones(0, 3))"),
    ("diag_embed_0d_identical", "T.diag_embed(T.tensor(1.), 0, -1, 0)"),
    ("diag_embed_0d_out_of_range", "T.diag_embed(T.tensor(1.))"),
    ("diagonal_1d_identical", "T.diagonal(T.ones(3), 0, 0, -1)"),
    ("diagonal_scatter_0d", "T.diagonal_scatter(T.tensor(1.), T.ones(3, 2), 0, 0, 2)"),
    ("unfold_0d_dim_first", "T.tensor(1.).unfold(1, 3, 2)"),
    ("unfold_size_before_step", "T.ones(3).unfold(0, 4, 0)"),
    ("index_copy_scalar_source_many", "T.index_copy(T.ones(4), 0, T.tensor([0, 1]), T.tensor(2.))"),
    ("index_copy_rank_mismatch", "T.index_copy(T.ones(4, 3), 0, T.tensor([0, 1, 2]), T.ones(5))"),
    ("avg_pool2d_0d", "F.avg_pool2d(T.tensor(1.), 2)"),
    ("lp_pool2d_1d", "F.lp_pool2d(T.ones(5), 2.0, 1)"),
    ("adaptive_pool_tuple_needs_dims", "F.adaptive_max_pool3d(T.tensor(1.), (2, 3, 4))"),
    ("adaptive_avg_pool2d_tuple_needs_dims", "F.adaptive_avg_pool2d(T.ones(2, 5), (3, None))"),
    ("adaptive_pool1d_none", "F.adaptive_avg_pool1d(T.ones(3, 5), None)"),
    ("adaptive_max_pool_empty_channels", "F.adaptive_max_pool2d(T.ones(2, 0, 4, 5), 2)"),
    ("max_unpool_too_few_dims", "F.max_unpool2d(T.tensor(1.), T.zeros((), dtype=T.int64), 3)"),
    ("max_unpool_empty_spatial",
     "F.max_unpool2d(T.ones(2, 3, 0, 5), T.zeros(2, 3, 0, 5, dtype=T.int64), 1)"),
    ("interpolate_size_length_first", "F.interpolate(T.tensor(1.), size=(3, 4, 5), "
                                      "mode='trilinear')"),
    ("interpolate_int_size_0d", "F.interpolate(T.ones(2, 2), size=3)"),
    ("interpolate_empty_spatial", "F.interpolate(T.ones(2, 3, 0), size=3)"),
    ("interpolate_empty_channels", "F.interpolate(T.ones(2, 0, 5), size=3)"),
    ("pad_reflect_0d", "F.pad(T.tensor(1.), (1, 1), mode='reflect')"),
    ("pad_reflect_empty_channels", "F.pad(T.ones(0, 4, 5), (1, 2, 3, 1), mode='reflect')"),
    ("pad_replicate_empty_dim", "F.pad(T.ones(2, 0, 5), (1, 1), mode='replicate')"),
    ("unfold_empty_channels", "F.unfold(T.ones(2, 0, 4, 5), 1)"),
    ("fold_empty_blocks", "F.fold(T.ones(2, 4, 0), (4, 5), 1)"),
    ("grid_sample_0d", "F.grid_sample(T.tensor(1.), T.zeros(1, 2, 2, 2), align_corners=False)"),
    ("scatter_reduce_bool_mean", "x = T.tensor([[True, False]]); "
                                 "T.scatter_reduce(x, 0, T.tensor([[0, 0]]), x, 'mean')"),
    ("multilabel_soft_margin_0d", "F.multilabel_soft_margin_loss(T.tensor(1.), T.ones(3, 5))"),
    ("cross_entropy_0d_float_target", "F.cross_entropy(T.tensor(1.), T.ones(4))"),
    ("cross_entropy_0d_both", "F.cross_entropy(T.tensor(1.), T.tensor(1.))"),
    ("cross_entropy_0d_int_target", "F.cross_entropy(T.tensor(1.), T.tensor(0))"),
    ("cross_entropy_weight_dtype", "F.cross_entropy(T.ones(2, 4, dtype=T.float16), "
                                   "T.tensor([0, 1]), weight=T.ones(4))"),
    ("nll_loss_weight_dtype", "F.nll_loss(T.ones(2, 4), T.tensor([0, 1]), "
                              "weight=T.ones(4, dtype=T.float64))"),
    ("multi_margin_weight_dtype", "F.multi_margin_loss(T.ones(2, 4), T.tensor([0, 1]), "
                                  "weight=T.ones(4, dtype=T.float64))"),
    ("cosine_similarity_integers", "F.cosine_similarity(T.ones(2, 3, dtype=T.int64), "
                                   "T.ones(2, 3, dtype=T.int32))"),
    ("prelu_mixed_dtypes", "F.prelu(T.ones(4, dtype=T.float16), T.ones(1))"),
    ("affine_grid_batch_mismatch", "F.affine_grid(T.ones(0, 2, 3), [1, 2, 2, 5], "
                                   "align_corners=True)"),
    ("take_along_dim_flat_negative",
     "T.take_along_dim(T.ones(3, 4), T.tensor([[-2, 0]]))"),
    ("ctc_loss_0d_log_probs", "F.ctc_loss(T.tensor(1.), T.tensor([1, 2]), (6,), (2,))"),
    ("ctc_loss_0d_targets", "F.ctc_loss(T.ones(8, 2, 4).log_softmax(2), T.tensor(1), (8, 6), "
                            "(3, 2), reduction='sum')"),
    ("cross_entropy_batch_before_target_dtype",
     "F.cross_entropy(T.ones(0, 4), T.ones(5, 4, dtype=T.float64))"),
    ("index_fill_0d_string_dim", "T.index_fill(T.tensor(1.), 'a', T.tensor([0]), 0.25)"),
    ("index_fill_0d_dim_out_of_range", "T.index_fill(T.tensor(1.), 1, T.tensor([0]), 0.25)"),
    ("index_copy_0d_dim_out_of_range",
     "T.index_copy(T.tensor(1.), 2, T.tensor([0]), T.tensor([2.]))"),
    ("tensor_none_with_dtype", "T.tensor([1., None], dtype=T.float64)"),
    ("ctc_loss_targets_batch", "F.ctc_loss(T.ones(6, 2, 4).log_softmax(2), "
                               "T.zeros(3, 2, dtype=T.int64), (6, 5), (3, 2))"),
    ("ctc_loss_targets_too_short", "F.ctc_loss(T.ones(6, 2, 4).log_softmax(2), "
                                   "T.zeros(2, 1, dtype=T.int64), (6, 5), (3, 2))"),
    ("ctc_loss_concatenated_targets_sum", "F.ctc_loss(T.ones(6, 2, 4).log_softmax(2), "
                                          "T.ones(4, dtype=T.int64), (6, 5), (3, 2))"),
    ("conv_empty_weight", "F.conv2d(T.ones(1, 2, 4, 4), T.ones(0, 2, 3, 3))"),
    ("bilinear_2d_weight", "F.bilinear(T.ones(2, 2), T.ones(2, 3), T.ones(2, 2))"),
    ("index_select_0d_count_first", "T.index_select(T.tensor(1.), 0, T.tensor([0, 1]))"),
    ("index_select_0d_dim_before_count", "T.index_select(T.tensor(1.), 1, T.tensor([0, 1]))"),
    ("embedding_padding_idx_out_of_range",
     "F.embedding(T.tensor([0]), T.ones(2, 3), padding_idx=5)"),
    ("gaussian_nll_var_incorrect", "x = T.ones(4, 3, 5, 5); F.gaussian_nll_loss(x, x, "
                                   "T.ones(4, 3, 1, 1))"),
    ("normalize_p_string", "F.normalize(T.ones(2, 3), p='a')"),
    ("bce_with_logits_integer_input",
     "F.binary_cross_entropy_with_logits(T.ones(3, dtype=T.int64), T.ones(3))"),
    ("affine_grid_size_string", "F.affine_grid(T.ones(1, 2, 3), 'a', align_corners=False)"),
    ("tensor_str_with_dtype", "T.tensor('a', dtype=T.bool)"),
    ("tensor_strs_with_dtype", "T.tensor(['a', 'b'], dtype=T.float32)"),
]

# -- an argument of the wrong type: PyTorch's TypeError --------------------------------------
TYPES = [
    ("add_number_and_string", "T.add(2, 'a')"),
    ("embedding_bag_float_padding_idx",
     "F.embedding_bag(T.tensor([1, 2]), T.ones(5, 3), T.tensor([0]), padding_idx=1.5)"),
    ("embedding_bag_bool_padding_idx",
     "F.embedding_bag(T.tensor([1, 2]), T.ones(5, 3), T.tensor([0]), padding_idx=True)"),
    ("max_unpool2d_float_kernel_default_size",
     "F.max_unpool2d(T.ones(1, 2, 2), T.zeros(1, 2, 2, dtype=T.int64), 2.0)"),
    ("max_unpool2d_float_output_size",
     "F.max_unpool2d(T.ones(1, 2, 2), T.zeros(1, 2, 2, dtype=T.int64), 2, "
     "output_size=(3.5, 4))"),
    ("rsub_two_numbers", "T.rsub(1.5, 2.5)"),
    ("reciprocal_number", "T.reciprocal(1.5)"),
    ("square_number", "T.square(2)"),
    ("nonzero_none", "T.nonzero(None)"),
    ("nan_to_num_posinf_tuple", "T.nan_to_num(T.ones(2), posinf=(1,))"),
    ("float_power_string", "T.float_power('a', T.ones(2))"),
    ("take_along_dim_string_dim", "T.take_along_dim(T.ones(3, 4), T.zeros(5, dtype=T.int64), 'a')"),
    ("one_hot_float_classes", "F.one_hot(T.tensor([1]), 1.5)"),
    ("select_float_index", "T.select(T.ones(2, 3), 1, 1.5)"),
    ("select_scatter_float_index", "T.select_scatter(T.ones(4, 5), T.ones(5), 0, 1.5)"),
    ("movedim_none", "T.movedim(T.ones(2, 3), None, 0)"),
    ("fill_diagonal_wrap_none", "T.ones(3, 3).fill_diagonal_(1.0, wrap=None)"),
    ("constant_pad_nd_value_none", "T.constant_pad_nd(T.ones(2, 3), [1, 2], None)"),
    ("convolution_transposed_float",
     "T.convolution(T.ones(1, 2, 4), T.ones(2, 3, 2), None, [2], [1], [1], 1.5, [1], 1)"),
    ("conv2d_stride_string", "F.conv2d(T.ones(1, 2, 5, 5), T.ones(3, 2, 3, 3), stride='a')"),
    ("conv2d_groups_float", "F.conv2d(T.ones(1, 2, 5, 5), T.ones(3, 2, 3, 3), groups=1.5)"),
    ("conv2d_bad_padding_string", "F.conv2d(T.ones(1, 2, 5, 5), T.ones(3, 2, 3, 3), "
                                  "padding='foo')"),
    ("dropout_training_none", "F.dropout(T.ones(3), 0.5, None)"),
    ("dropout_p_string", "F.dropout(T.ones(3), 'a')"),
    ("embedding_scale_grad_float", "F.embedding(T.tensor([0]), T.ones(2, 2), "
                                   "scale_grad_by_freq=1.5)"),
    ("put_accumulate_string", "T.put(T.ones(3, 4), T.tensor([0, 1]), T.ones(2), "
                              "accumulate='a')"),
    ("scatter_reduce_include_self_float",
     "T.scatter_reduce(T.ones(3, 4), 0, T.zeros(2, 4, dtype=T.int64), T.ones(2, 4), 'prod', "
     "include_self=1.5)"),
    ("scatter_reduce_reduce_float",
     "T.scatter_reduce(T.ones(3, 4), 0, T.zeros(2, 4, dtype=T.int64), T.ones(2, 4), 1.5)"),
    ("index_reduce_reduce_float",
     "T.ones(4, 3).index_reduce_(0, T.tensor([0, 1]), T.ones(2, 3), 1.5)"),
    ("index_reduce_include_self_float",
     "T.index_reduce(T.ones(4, 3), 0, T.tensor([0, 1]), T.ones(2, 3), 'prod', "
     "include_self=1.5)"),
    ("max_pool2d_ceil_mode_none", "F.max_pool2d(T.ones(1, 2, 6, 6), 2, ceil_mode=None)"),
    ("avg_pool1d_count_include_pad_string",
     "F.avg_pool1d(T.ones(1, 2, 8), 3, count_include_pad='a')"),
    ("avg_pool2d_divisor_float", "F.avg_pool2d(T.ones(1, 2, 6, 6), 2, divisor_override=1.5)"),
    ("adaptive_max_pool2d_none", "F.adaptive_max_pool2d(T.ones(3, 5, 6), None)"),
    ("interpolate_size_string", "F.interpolate(T.ones(1, 2, 5), size='a', mode='linear')"),
    ("interpolate_size_float", "F.interpolate(T.ones(1, 2, 5), size=2.5)"),
    ("pixel_shuffle_none", "F.pixel_shuffle(T.ones(9, 2, 2), None)"),
    ("group_norm_float_groups", "F.group_norm(T.ones(2, 4, 3), 1.5)"),
    ("unfold_float_kernel", "F.unfold(T.ones(2, 2, 4, 5), 1.5)"),
    ("fold_float_kernel", "F.fold(T.ones(2, 8, 12), (4, 5), 1.5)"),
    ("triplet_swap_float", "x = T.ones(4, 3); F.triplet_margin_loss(x, x, x, swap=1.5)"),
    ("poisson_full_none", "x = T.ones(3, 4); F.poisson_nll_loss(x, x, full=None)"),
    ("poisson_target_number", "F.poisson_nll_loss(T.ones(3, 4), 1.5)"),
    ("gaussian_nll_int_var", "x = T.ones(3, 4); F.gaussian_nll_loss(x, x, 2)"),
    ("hinge_embedding_number", "F.hinge_embedding_loss(1.5, T.ones(3))"),
    ("reduction_none", "F.mse_loss(T.ones(2), T.ones(2), reduction=None)"),
    ("reduction_none_concatenated",
     "F.multilabel_soft_margin_loss(T.ones(3, 5), T.ones(3, 5), reduction=None)"),
    ("gaussian_nll_reduction_none", "x = T.ones(3, 4); F.gaussian_nll_loss(x, x, x, "
                                    "reduction=None)"),
    ("reduction_number", "x = T.ones(3, 4); F.poisson_nll_loss(x, x, reduction=1.5)"),
    ("reduction_unknown_string", "F.mse_loss(T.ones(2), T.ones(2), reduction='foo')"),
    ("cross_entropy_ignore_index_float",
     "F.cross_entropy(T.ones(2, 4), T.tensor([0, 1]), ignore_index=1.5, label_smoothing=0.2)"),
    ("sdpa_enable_gqa_float",
     "q = T.ones(2, 3, 4); F.scaled_dot_product_attention(q, q, q, enable_gqa=1.5)"),
    ("grid_sample_align_corners_float",
     "F.grid_sample(T.ones(1, 2, 3, 3), T.zeros(1, 2, 2, 2), align_corners=1.5)"),
    ("affine_grid_align_corners_float",
     "F.affine_grid(T.ones(1, 2, 3), [1, 2, 2, 5], align_corners=1.5)"),
    ("convolution_output_padding_float",
     "T.convolution(T.ones(1, 2, 4), T.ones(3, 2, 2), None, [1], [0], [1], False, 1.5, 1)"),
    ("split_string_sections", "T.hsplit(T.ones(2, 4), 'a')"),
    ("diagonal_string_offset", "T.diagonal(T.ones(3, 3), 'a')"),
    ("diagflat_string_offset", "T.diagflat(T.ones(3), 'a')"),
    ("tril_float_diagonal", "T.tril(T.ones(3, 3), 1.5)"),
    ("broadcast_to_string", "T.broadcast_to(T.ones(3), 'a')"),
    ("tile_string", "T.tile(T.ones(3), 'a')"),
    ("unsqueeze_float_dim", "T.unsqueeze(T.ones(3), 1.5)"),
    ("constant_pad_nd_string_pad", "T.constant_pad_nd(T.ones(4, 3), 'a')"),
    ("pad_string_pad", "F.pad(T.ones(2, 5), 'a', mode='reflect')"),
    ("pad_string_value", "F.pad(T.ones(3, 4), (1, 2), value='a')"),
    ("layer_norm_string_shape", "F.layer_norm(T.ones(2, 3, 4), 'a')"),
    ("rms_norm_string_shape", "F.rms_norm(T.ones(3, 4), 'a')"),
    ("as_strided_scatter_float_offset",
     "T.as_strided_scatter(T.ones(3, 4), T.tensor(1.), (), (), 1.5)"),
    ("conv_transpose_string_padding",
     "F.conv_transpose2d(T.ones(1, 4, 3, 3), T.ones(4, 2, 3, 3), padding='a')"),
    ("scatter_reduce_float_dim", "T.scatter_reduce(T.ones(3, 4), 1.5, "
                                 "T.zeros(2, 4, dtype=T.int64), T.ones(2, 4), 'sum')"),
    ("embedding_float_padding_idx", "F.embedding(T.tensor([0]), T.ones(2, 2), padding_idx=1.5)"),
    ("bce_with_logits_float_pos_weight",
     "F.binary_cross_entropy_with_logits(T.rand(3), T.rand(3), pos_weight=1.5)"),
    ("ctc_loss_string_lengths",
     "F.ctc_loss(T.ones(5, 2, 4).log_softmax(2), T.tensor([[1, 2], [1, 1]]), 'a', (2, 2))"),
    ("ctc_loss_float_tensor_lengths",
     "F.ctc_loss(T.ones(5, 2, 4).log_softmax(2), T.tensor([[1, 2], [1, 1]]), "
     "T.tensor([5., 5.]), (2, 2))"),
    # bool flags are bools: PyTorch's parser takes neither None, a number nor a string
    ("sort_descending_none", X + "T.sort(x, descending=None)"),
    ("sort_stable_none_allowed", X + "out = T.sort(x, stable=None)"),
    ("argsort_descending_none", X + "T.argsort(x, descending=None)"),
    ("argsort_stable_int", X + "T.argsort(x, stable=1)"),
    ("topk_largest_none", X + "T.topk(x, 1, largest=None)"),
    ("topk_sorted_float", X + "T.topk(x, 1, sorted=1.5)"),
    ("kthvalue_keepdim_none", X + "T.kthvalue(x, 1, keepdim=None)"),
    ("unique_return_counts_none", X + "T.unique(x, return_counts=None)"),
    ("unique_sorted_string", X + "T.unique(x, sorted='a')"),
    ("unique_consecutive_return_inverse_float", X + "T.unique_consecutive(x, return_inverse=1.5)"),
    ("searchsorted_right_float", X + "T.searchsorted(T.ones(3), x, right=1.5)"),
    ("searchsorted_string_values", "T.searchsorted(T.ones(3), 'a')"),
    ("bucketize_right_float", X + "T.bucketize(x, T.ones(3), right=1.5)"),
    ("bucketize_out_int32_none", X + "T.bucketize(x, T.ones(3), out_int32=None)"),
    ("logsumexp_keepdim_float", X + "T.logsumexp(x, 1, keepdim=1.5)"),
    ("median_keepdim_none", X + "T.median(x, 1, keepdim=None)"),
    ("mode_keepdim_string", X + "T.mode(x, 1, keepdim='a')"),
    ("quantile_keepdim_none", X + "T.quantile(x, 0.5, dim=1, keepdim=None)"),
    ("nanquantile_keepdim_string", X + "T.nanquantile(x, 0.5, dim=1, keepdim='a')"),
    ("argmax_keepdim_none", X + "T.argmax(x, 1, keepdim=None)"),
    ("max_keepdim_none", X + "T.max(x, 1, keepdim=None)"),
    ("prod_keepdim_none", X + "T.prod(x, 1, keepdim=None)"),
    ("var_keepdim_string", X + "T.var(x, 1, keepdim='a')"),
    ("std_unbiased_string", X + "T.std(x, 1, unbiased='a')"),
    ("matrix_norm_keepdim_none", X + "T.linalg.matrix_norm(x, keepdim=None)"),
    # dim=None where the overload PyTorch picks by dim's presence wants an int
    ("max_dim_none", X + "T.max(x, dim=None)"),
    ("min_dim_none_method", X + "x.min(None)"),
    ("median_dim_none", X + "T.median(x, dim=None)"),
    ("nanmedian_dim_none_method", X + "x.nanmedian(dim=None)"),
    ("prod_dim_none", X + "T.prod(x, dim=None)"),
    ("prod_keepdim_without_dim", X + "T.prod(x, keepdim=True)"),
    ("max_keepdim_without_dim", X + "T.max(x, keepdim=True)"),
    ("whole_reductions_left_out_dim",
     X + "out = (T.max(x), x.min(), T.median(x), x.nanmedian(), T.prod(x), x.prod())"),
    # str arguments
    ("einsum_none_equation", X + "T.einsum(None, x)"),
    ("einsum_number_equation", X + "T.einsum(1.5, x, x)"),
    ("einsum_no_operands", "T.einsum('ii')"),
    ("eigh_uplo_float", "T.linalg.eigh(T.eye(2), 1.5)"),
    ("eigvalsh_uplo_none", "T.linalg.eigvalsh(T.eye(2), None)"),
    ("matrix_norm_ord_none", X + "T.linalg.matrix_norm(x, None)"),
    ("matrix_norm_ord_list", X + "T.linalg.matrix_norm(x, [1])"),
    ("matrix_norm_ord_string", X + "T.linalg.matrix_norm(x, 'a')"),
    # numbers where PyTorch wants another kind of argument
    ("gradient_edge_order_string", X + "T.gradient(x, edge_order='a')"),
    ("gradient_edge_order_float", X + "T.gradient(x, edge_order=1.5)"),
    ("gradient_edge_order_bool", X + "T.gradient(x, edge_order=True)"),
    ("gradient_spacing_string", X + "T.gradient(x, spacing='a')"),
    ("trapezoid_dx_none", X + "T.trapezoid(x, dx=None)"),
    ("trapz_dx_string", X + "T.trapz(x, dx='a')"),
    ("cumulative_trapezoid_dx_none", X + "T.cumulative_trapezoid(x, dx=None)"),
    ("dist_number_input", X + "T.dist(1.5, x)"),
    ("dist_number_other", X + "T.dist(x, 2)"),
    ("histc_string_max", X + "T.histc(x, 4, 0, 'a')"),
    ("histc_float_bins", X + "T.histc(x, 1.5)"),
    ("tensordot_dims_none", X + "T.tensordot(x, x.T, dims=None)"),
    ("tensordot_dims_string", X + "T.tensordot(x, x.T, dims='a')"),
    # a 0-d or 1-d batch: PyTorch reads a size it does not have before checking the ranks
    ("baddbmm_0d_batch2", "b = T.ones(2, 3, 4); T.baddbmm(b, b, T.tensor(1.))"),
    ("baddbmm_0d_batch1", "b = T.ones(2, 3, 4); T.baddbmm(b, T.tensor(1.), b)"),
    ("baddbmm_2d_batch2", "b = T.ones(2, 3, 4); T.baddbmm(b, b, T.ones(4, 4))"),
    ("baddbmm_2d_batch1", "b = T.ones(2, 3, 4); T.baddbmm(b, T.ones(2, 3), b)"),
    ("addbmm_0d_batch2", "b = T.ones(2, 3, 4); T.addbmm(T.ones(3, 3), b, T.tensor(1.))"),
    ("addbmm_1d_batch1", "b = T.ones(2, 3, 4); T.addbmm(T.ones(3, 3), T.ones(3), b)"),
    ("mv_0d_matrix", "T.mv(T.tensor(1.), T.ones(3))"),
    ("mv_0d_vector", "T.mv(T.ones(3, 3), T.tensor(1.))"),
    ("combinations_with_replacement_string", "T.combinations(T.ones(3), 2, 'a')"),
    ("vander_increasing_none", "T.vander(T.ones(3), 2, None)"),
    ("isclose_equal_nan_string", X + "T.isclose(x, x, equal_nan='a')"),
    ("solve_left_string_before_shapes", "T.linalg.solve(T.eye(2), T.ones(3, 2), left='a')"),
    ("cosine_similarity_dim_none", X + "F.cosine_similarity(x, x, dim=None)"),
    ("linalg_cross_dim_none", "a = T.ones(2, 3); T.linalg.cross(a, a, dim=None)"),
    ("vecdot_dim_none", X + "T.linalg.vecdot(x, x, dim=None)"),
    ("rot90_float_k", X + "T.rot90(x, 1.5)"),
    ("rot90_string_dims", X + "T.rot90(x, 1, 'a')"),
    ("var_unbiased_none", X + "T.var(x, 1, unbiased=None)"),
    ("std_unbiased_none_no_dim", X + "T.std(x, unbiased=None)"),
    ("gradient_spacing_none_dim_list", X + "T.gradient(x, spacing=None, dim=[0])"),
    ("as_strided_string_offset", X + "T.as_strided(x, (2,), (1,), 'a')"),
    ("slice_scatter_string_step", X + "T.slice_scatter(x, T.ones(2, 1), 1, 0, 1, 'a')"),
    ("slice_scatter_float_start", X + "T.slice_scatter(x, T.ones(2, 1), 1, 1.5)"),
    ("unflatten_string_sizes", X + "T.unflatten(x, 1, 'a')"),
    ("roll_string_dims", X + "T.roll(x, (1, 1), 'a')"),
    ("rms_norm_string_eps", X + "F.rms_norm(x, (3,), None, 'a')"),
    ("sdpa_string_scale",
     "q = T.ones(1, 2, 3); F.scaled_dot_product_attention(q, q, q, scale='a')"),
    ("interpolate_string_align_corners",
     "F.interpolate(T.ones(1, 1, 4), size=6, mode='linear', align_corners='a')"),
    ("ctc_loss_float_blank",
     "F.ctc_loss(T.ones(5, 2, 4).log_softmax(2), T.tensor([[1, 2], [1, 1]]), (5, 5), (2, 2), "
     "1.5)"),
    ("rnn_tanh_cell_string_bias",
     "T.rnn_tanh_cell(T.ones(2, 3), T.ones(2, 4), T.ones(4, 3), T.ones(4, 4), 'a')"),
    ("gru_cell_string_bias",
     "T.gru_cell(T.ones(2, 3), T.ones(2, 4), T.ones(12, 3), T.ones(12, 4), None, 'a')"),
]


@pytest.mark.parametrize("case", ERRORS, ids=_ids(ERRORS))
def test_error_types(case):
    check(case[1])


def test_cat_rank_message_names_shapes():
    import autograd as ag

    with pytest.raises(RuntimeError, match=r"same number of dimensions.*\[2, 2, 1\]"):
        ag.hstack([ag.ones(2, 2, 1), ag.tensor(1.0)])


@pytest.mark.parametrize("case", TYPES, ids=_ids(TYPES))
def test_wrong_argument_types(case):
    check(case[1])


def test_pow_exponent_gradgrad_keeps_float64():
    """The exponent's gradient under create_graph stays in float64 (a where of two numbers
    would be float32) and gradgradcheck passes."""
    import autograd as ag

    x = ag.tensor(1.8057, dtype=ag.float64, requires_grad=True)
    p = ag.tensor([[-1.29, -1.07, -0.002], [0.835, -1.06, 0.185]], dtype=ag.float64,
                  requires_grad=True)
    assert ag.autograd.gradgradcheck(ag.pow, (x, p))


@pytest.mark.parametrize("op", ["pow", "logaddexp", "logaddexp2"])
def test_bool_operand_gradient(op):
    """A bool operand: PyTorch's backward refuses it (it subtracts in bool), so the gradient is
    compared with PyTorch's for the operand given as float64."""
    import autograd as ag

    data = [0.5, -1.25, 2.0]
    mask = [True, False, True]
    for first in (True, False):
        x = ag.tensor(data, dtype=ag.float64, requires_grad=True)
        tx = torch.tensor(data, dtype=torch.float64, requires_grad=True)
        b, tb = ag.tensor(mask), torch.tensor(mask, dtype=torch.float64)
        y = getattr(ag, op)(*((x, b) if first else (b, x)))
        ty = getattr(torch, op)(*((tx, tb) if first else (tb, tx)))
        assert y.dtype == ag.float64
        y.sum().backward()
        ty.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)
