"""Tensor creation, shape manipulation and indexing edge cases, run against PyTorch.

Each case is written once as ``case(m)`` against a module ``m`` (``autograd`` or ``torch``)
and runs on both; values, dtypes, shapes, ``requires_grad`` and the exception type for what
PyTorch refuses must agree (the comparison is that of ``test_idioms_torch``).
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.autograd.test_idioms_torch import _run, _same
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _share_as_tensor(m):
    a = np.arange(3.0)
    t = m.as_tensor(a)
    a[0] = 9.0
    return t


def _share_from_numpy(m):
    a = np.arange(3, dtype=np.int32)
    t = m.from_numpy(a)
    t[1] = 7
    return t, a[1].item()


def _as_tensor_same(m):
    x = m.arange(3.0)
    return m.as_tensor(x) is x, m.as_tensor(x, dtype=m.float32) is x


def _setitem(m, fn):
    x = m.arange(6.0).reshape(2, 3) - 2
    fn(x)
    return x


def _setitem_int(m, fn):
    x = m.zeros(2, 3, dtype=m.int64)
    fn(x)
    return x


def _setitem_bool(m, fn):
    x = m.zeros(2, dtype=m.bool)
    fn(x)
    return x


@case
def full_int_fill(m):
    return m.full((2,), 1)


@case
def full_bool_fill(m):
    return m.full((2,), True)


@case
def full_float_fill(m):
    return m.full((2,), 1.5)


@case
def full_dtype_given(m):
    return m.full((2, 2), 3, dtype=m.float32)


@case
def arange_int(m):
    return m.arange(5)


@case
def arange_float_end(m):
    return m.arange(5.0)


@case
def arange_mixed(m):
    return m.arange(0, 5, 0.5)


@case
def arange_neg_step(m):
    return m.arange(5, 0, -1)


@case
def arange_neg_float_step(m):
    return m.arange(1.0, 0.0, -0.3)


@case
def arange_rounding(m):
    return m.arange(0, 1, 0.1)


@case
def arange_rounding2(m):
    return m.arange(1, 2.5, 0.5)


@case
def arange_empty(m):
    return m.arange(3, 3)


@case
def arange_wrong_sign(m):
    return m.arange(0, 5, -1)


@case
def arange_zero_step(m):
    return m.arange(0, 5, 0)


@case
def arange_int_dtype_float_args(m):
    return m.arange(0.5, 4.5, dtype=m.int64)


@case
def arange_tensor_args(m):
    return m.arange(m.tensor(3))


@case
def arange_tensor_float_args(m):
    return m.arange(m.tensor(3.0))


@case
def arange_int32(m):
    return m.arange(4, dtype=m.int32)


@case
def linspace_steps0(m):
    return m.linspace(0, 1, 0)


@case
def linspace_steps1(m):
    return m.linspace(0, 1, 1)


@case
def linspace_int_dtype(m):
    return m.linspace(0, 10, 4, dtype=m.int64)


@case
def linspace_neg_steps(m):
    return m.linspace(0, 1, -1)


@case
def linspace_desc(m):
    return m.linspace(1, -1, 5)


@case
def logspace_steps1(m):
    return m.logspace(0, 2, 1)


@case
def logspace_base2(m):
    return m.logspace(0, 3, 4, base=2)


@case
def logspace_int(m):
    return m.logspace(0, 2, 3, dtype=m.int64)


@case
def logspace_steps0(m):
    return m.logspace(0, 2, 0)


@case
def zeros_like_dtype(m):
    return m.zeros_like(m.ones(2, dtype=m.int32))


@case
def zeros_like_override(m):
    return m.zeros_like(m.ones(2, dtype=m.int32), dtype=m.float64)


@case
def ones_like_rg(m):
    return m.ones_like(m.ones(2), requires_grad=True)


@case
def full_like_int(m):
    return m.full_like(m.ones(2, dtype=m.int64), 2.7)


@case
def full_like_bool(m):
    return m.full_like(m.ones(2), True)


@case
def empty_like_shape(m):
    return m.empty_like(m.ones(2, 3, dtype=m.int16)).shape


@case
def empty_like_dtype(m):
    return m.empty_like(m.ones(2, 3, dtype=m.int16)).dtype


@case
def rand_like_dtype(m):
    return m.rand_like(m.ones(2, dtype=m.float64)).dtype


@case
def rand_like_int(m):
    return m.rand_like(m.ones(2, dtype=m.int64))


@case
def randn_like_rg(m):
    return m.randn_like(m.ones(2), requires_grad=True).requires_grad


@case
def randint_like_dtype(m):
    return m.randint_like(m.ones(3), 5).dtype


@case
def zeros_like_rg_int(m):
    return m.zeros_like(m.ones(2, dtype=m.int64), requires_grad=True)


@case
def tensor_nested_tensors(m):
    return m.tensor([m.tensor(1.0), m.tensor(2.0)])


@case
def tensor_mixed_bool_int(m):
    return m.tensor([True, 2])


@case
def tensor_mixed_int_float(m):
    return m.tensor([1, 2.5])


@case
def tensor_mixed_bool_float(m):
    return m.tensor([True, 2.5])


@case
def tensor_empty(m):
    return m.tensor([])


@case
def tensor_empty_nested(m):
    return m.tensor([[], []])


@case
def tensor_ragged(m):
    return m.tensor([[1, 2], [3]])


@case
def tensor_huge_int(m):
    return m.tensor([2**63])


@case
def tensor_huge_int_neg(m):
    return m.tensor([-(2**63)])


@case
def tensor_scalar_bool(m):
    return m.tensor(True)


@case
def tensor_int_dtype_float(m):
    return m.tensor([1.7, -1.7], dtype=m.int64)


@case
def tensor_from_tensor_dtype(m):
    return m.tensor(m.tensor([1, 2]), dtype=m.float32)


@case
def tensor_of_strings(m):
    return m.tensor(["a"])


@case
def tensor_none(m):
    return m.tensor(None)


@case
def tensor_numpy_float32(m):
    return m.tensor(np.array([1.0], dtype=np.float32))


@case
def tensor_numpy_scalar(m):
    return m.tensor(np.float32(2.0))


@case
def tensor_numpy_0d_array(m):
    return m.tensor(np.array(3, dtype=np.int16))


@case
def tensor_list_0d_int32_tensor(m):
    return m.tensor([m.tensor(1, dtype=m.int32), 2])


@case
def tensor_list_0d_double_tensor(m):
    return m.tensor([m.tensor(1.0, dtype=m.float64), 2])


@case
def tensor_of_str_nested(m):
    return m.tensor([["a"]])


@case
def tensor_of_str(m):
    return m.tensor("a")


@case
def tensor_int_then_str(m):
    return m.tensor([1, "a"])


@case
def tensor_str_then_int(m):
    return m.tensor(["a", 1])


@case
def mH_1d(m):
    return m.ones(3).mH


@case
def mT_0d(m):
    return (m.tensor(1.0).mT, m.tensor(2.0).mH)


@case
def flip_method_varargs_3d(m):
    return m.arange(8.0).reshape(2, 2, 2).flip(0, 2)


@case
def flip_method_kw(m):
    return m.arange(6.0).reshape(2, 3).flip(dims=[1])


@case
def flip_fn_list(m):
    return m.flip(m.arange(6.0).reshape(2, 3), [0, 1])


@case
def view_neg2(m):
    return m.zeros(4).view(-2, 2)


@case
def reshape_neg2_empty(m):
    return m.zeros(0).reshape(-3)


@case
def eye_m_neg(m):
    return m.eye(2, -1)


@case
def index_put_int_into_int(m):
    return m.zeros(3, dtype=m.int64).index_put_((m.tensor([0]),), m.tensor([4]))


@case
def index_add_dtype_mismatch(m):
    return m.zeros(3).index_add(0, m.tensor([0]), m.ones(1, dtype=m.float64))


@case
def index_add_int_into_int(m):
    return m.zeros(3, dtype=m.int64).index_add(0, m.tensor([0, 0]), m.ones(2, dtype=m.int64))


@case
def index_put_float64_into_float32(m):
    return m.zeros(3).index_put((m.tensor([0]),), m.tensor([1.0], dtype=m.float64))


@case
def from_numpy_little_endian(m):
    return m.from_numpy(np.arange(3, dtype="<f4"))


@case
def tensor_tuple(m):
    return m.tensor(((1, 2), (3, 4)))


@case
def as_tensor_shares(m):
    return _share_as_tensor(m)


@case
def from_numpy_shares(m):
    return _share_from_numpy(m)


@case
def from_numpy_big_endian(m):
    return m.from_numpy(np.arange(3, dtype=">f4"))


@case
def as_tensor_big_endian(m):
    return m.as_tensor(np.arange(3, dtype=">i4"))


@case
def tensor_big_endian(m):
    return m.tensor(np.arange(3, dtype=">i8"))


@case
def from_numpy_object(m):
    return m.from_numpy(np.array([1, "a"], dtype=object))


@case
def from_numpy_list(m):
    return m.from_numpy([1, 2])


@case
def as_tensor_dtype(m):
    return m.as_tensor([1, 2], dtype=m.float32)


@case
def as_tensor_tensor_same(m):
    return _as_tensor_same(m)


@case
def eye_n(m):
    return m.eye(3)


@case
def eye_nm(m):
    return m.eye(2, 4)


@case
def eye_zero(m):
    return m.eye(0)


@case
def eye_neg(m):
    return m.eye(-1)


@case
def eye_int(m):
    return m.eye(2, dtype=m.int64)


@case
def tril_indices(m):
    return m.tril_indices(3, 4)


@case
def tril_indices_off(m):
    return m.tril_indices(3, 4, 1)


@case
def tril_indices_negoff(m):
    return m.tril_indices(4, 3, -1)


@case
def triu_indices(m):
    return m.triu_indices(3, 4)


@case
def triu_indices_off(m):
    return m.triu_indices(3, 4, -2)


@case
def triu_indices_big(m):
    return m.triu_indices(3, 3, 5)


@case
def tril_indices_zero(m):
    return m.tril_indices(0, 3)


@case
def meshgrid_ij(m):
    return m.meshgrid(m.arange(2), m.arange(3), indexing="ij")


@case
def meshgrid_xy(m):
    return m.meshgrid(m.arange(2), m.arange(3), indexing="xy")


@case
def meshgrid_list(m):
    return m.meshgrid([m.arange(2), m.arange(3)], indexing="ij")


@case
def meshgrid_bad_indexing(m):
    return m.meshgrid(m.arange(2), indexing="zz")


@case
def meshgrid_0d(m):
    return m.meshgrid(m.tensor(1), m.arange(2), indexing="ij")


@case
def cartesian_prod2(m):
    return m.cartesian_prod(m.arange(2), m.arange(3))


@case
def cartesian_prod1(m):
    return m.cartesian_prod(m.arange(3))


@case
def cartesian_prod3(m):
    return m.cartesian_prod(m.arange(2), m.arange(2), m.arange(2))


@case
def block_diag(m):
    return m.block_diag(m.ones(2, 2), m.arange(3.0), m.tensor(5.0))


@case
def block_diag_mixed_dtype(m):
    return m.block_diag(m.ones(1, 2, dtype=m.int64), m.ones(2, 1))


@case
def block_diag_empty(m):
    return m.block_diag()


@case
def block_diag_3d(m):
    return m.block_diag(m.ones(1, 1, 1))


@case
def atleast_1d(m):
    return (m.atleast_1d(m.tensor(1.0)), m.atleast_1d(m.ones(2, 2)))


@case
def atleast_2d(m):
    return (m.atleast_2d(m.tensor(1.0)), m.atleast_2d(m.ones(3)))


@case
def atleast_3d(m):
    return (m.atleast_3d(m.tensor(1.0)), m.atleast_3d(m.ones(3)), m.atleast_3d(m.ones(2, 3)))


@case
def atleast_multi(m):
    return m.atleast_2d(m.tensor(1.0), m.ones(3))


@case
def atleast_list(m):
    return m.atleast_1d([m.tensor(1.0), m.ones(3)])


@case
def diag_vec_off(m):
    return m.diag(m.arange(3.0), 1)


@case
def diag_vec_neg(m):
    return m.diag(m.arange(3.0), -2)


@case
def diag_mat_off(m):
    return m.diag(m.arange(12.0).reshape(3, 4), 2)


@case
def diag_mat_far(m):
    return m.diag(m.arange(12.0).reshape(3, 4), 5)


@case
def diag_3d(m):
    return m.diag(m.ones(2, 2, 2))


@case
def diagflat(m):
    return m.diagflat(m.arange(4.0).reshape(2, 2), -1)


@case
def diag_embed(m):
    return m.diag_embed(m.arange(6.0).reshape(2, 3), 1)


@case
def diag_embed_dims(m):
    return m.diag_embed(m.arange(6.0).reshape(2, 3), -1, 0, 2)


@case
def diag_embed_same_dims(m):
    return m.diag_embed(m.arange(6.0).reshape(2, 3), 0, 1, 1)


@case
def diagonal_off(m):
    return m.arange(12.0).reshape(3, 4).diagonal(-1)


@case
def reshape_empty_neg1(m):
    return m.zeros(0, 3).reshape(-1, 3)


@case
def reshape_empty_ambig(m):
    return m.zeros(0, 3).reshape(0, -1)


@case
def reshape_two_neg1(m):
    return m.zeros(4).reshape(-1, -1)


@case
def reshape_bad(m):
    return m.zeros(4).reshape(3, -1)


@case
def reshape_neg2(m):
    return m.zeros(4).reshape(-2, 2)


@case
def reshape_tuple_arg(m):
    return m.zeros(4).reshape((2, 2))


@case
def view_noncontig(m):
    return m.zeros(2, 3).t().view(6)


@case
def view_neg1(m):
    return m.zeros(2, 3).view(-1)


@case
def view_dtype(m):
    return m.zeros(2, dtype=m.float32).view(m.int32)


@case
def view_as(m):
    return m.zeros(6).view_as(m.ones(2, 3))


@case
def expand_neg1(m):
    return m.ones(3, 1).expand(-1, 4)


@case
def expand_new_lead(m):
    return m.ones(3, 1).expand(2, 3, 4)


@case
def expand_new_lead_neg1(m):
    return m.ones(3, 1).expand(-1, 3, 4)


@case
def expand_bad(m):
    return m.ones(3, 2).expand(3, 4)


@case
def expand_fewer(m):
    return m.ones(3, 2).expand(2)


@case
def expand_as(m):
    return m.ones(3, 1).expand_as(m.ones(2, 3, 5))


@case
def expand_zero(m):
    return m.ones(1, 2).expand(0, 2)


@case
def broadcast_to_bad(m):
    return m.broadcast_to(m.ones(3), (2, 4))


@case
def broadcast_to(m):
    return m.broadcast_to(m.ones(3), (2, 3))


@case
def broadcast_to_neg1(m):
    return m.broadcast_to(m.ones(3), (2, -1))


@case
def broadcast_shapes(m):
    return m.broadcast_shapes((2, 1), (3,))


@case
def broadcast_shapes_bad(m):
    return m.broadcast_shapes((2,), (3,))


@case
def broadcast_tensors(m):
    return m.broadcast_tensors(m.ones(2, 1), m.ones(3))


@case
def permute_neg(m):
    return m.ones(2, 3, 4).permute(-1, 0, 1)


@case
def permute_repeat(m):
    return m.ones(2, 3, 4).permute(0, 0, 1)


@case
def permute_short(m):
    return m.ones(2, 3, 4).permute(0, 1)


@case
def permute_oob(m):
    return m.ones(2, 3).permute(0, 2)


@case
def movedim_neg(m):
    return m.movedim(m.ones(2, 3, 4), -1, 0)


@case
def movedim_multi(m):
    return m.movedim(m.ones(2, 3, 4), (0, 1), (2, 0))


@case
def movedim_repeat(m):
    return m.movedim(m.ones(2, 3, 4), (0, 0), (1, 2))


@case
def movedim_len_mismatch(m):
    return m.movedim(m.ones(2, 3, 4), (0, 1), (1,))


@case
def moveaxis(m):
    return m.moveaxis(m.ones(2, 3, 4), 0, -1)


@case
def swapaxes_neg(m):
    return m.swapaxes(m.ones(2, 3, 4), -1, 0)


@case
def swapdims(m):
    return m.swapdims(m.ones(2, 3), 0, 1)


@case
def transpose_0d(m):
    return m.tensor(2.0).t()


@case
def transpose_1d(m):
    return m.arange(3.0).t()


@case
def transpose_0d_dims(m):
    return m.tensor(2.0).transpose(0, -1)


@case
def transpose_3d_t(m):
    return m.ones(2, 2, 2).t()


@case
def mT_1d(m):
    return m.ones(3).mT


@case
def T_3d(m):
    return m.ones(2, 3, 4).T.shape


@case
def unflatten_neg1(m):
    return m.arange(12.0).unflatten(0, (3, -1))


@case
def unflatten_bad(m):
    return m.arange(12.0).unflatten(0, (5, -1))


@case
def unflatten_neg_dim(m):
    return m.ones(2, 6).unflatten(-1, (2, 3))


@case
def unbind(m):
    return m.arange(6.0).reshape(2, 3).unbind(1)


@case
def unbind_0d(m):
    return m.tensor(1.0).unbind()


@case
def narrow_neg_start(m):
    return m.arange(5.0).narrow(0, -2, 2)


@case
def narrow_neg_len(m):
    return m.arange(5.0).narrow(0, 1, -1)


@case
def narrow_too_long(m):
    return m.arange(5.0).narrow(0, 3, 3)


@case
def narrow_tensor_start(m):
    return m.arange(5.0).narrow(0, m.tensor(1), 2)


@case
def narrow_start_oob(m):
    return m.arange(5.0).narrow(0, 6, 0)


@case
def roll_multi(m):
    return m.arange(6.0).reshape(2, 3).roll((1, -1), (0, 1))


@case
def roll_flat(m):
    return m.arange(6.0).reshape(2, 3).roll(2)


@case
def roll_mismatch(m):
    return m.arange(6.0).reshape(2, 3).roll((1, 1), (0,))


@case
def roll_empty(m):
    return m.zeros(0).roll(1)


@case
def flip_dims(m):
    return m.arange(6.0).reshape(2, 3).flip(0, 1)


@case
def flip_neg(m):
    return m.arange(6.0).reshape(2, 3).flip(-1)


@case
def flip_repeat(m):
    return m.arange(6.0).reshape(2, 3).flip(0, 0)


@case
def fliplr(m):
    return m.fliplr(m.arange(6.0).reshape(2, 3))


@case
def fliplr_1d(m):
    return m.fliplr(m.arange(3.0))


@case
def flipud(m):
    return m.flipud(m.arange(6.0).reshape(2, 3))


@case
def rot90_neg(m):
    return m.rot90(m.arange(6.0).reshape(2, 3), -1)


@case
def rot90_k5(m):
    return m.rot90(m.arange(6.0).reshape(2, 3), 5, (1, 0))


@case
def rot90_bad_dims(m):
    return m.rot90(m.arange(6.0).reshape(2, 3), 1, (0, 0))


@case
def rot90_1d(m):
    return m.rot90(m.arange(3.0))


@case
def tile_fewer(m):
    return m.arange(6.0).reshape(2, 3).tile((2,))


@case
def tile_more(m):
    return m.arange(3.0).tile((2, 1, 2))


@case
def tile_int(m):
    return m.arange(3.0).tile(2)


@case
def repeat_fewer(m):
    return m.arange(6.0).reshape(2, 3).repeat(2)


@case
def repeat_more(m):
    return m.arange(3.0).repeat(2, 1, 2)


@case
def repeat_zero(m):
    return m.arange(3.0).repeat(0)


@case
def repeat_neg(m):
    return m.arange(3.0).repeat(-1)


@case
def ri_tensor(m):
    return m.arange(3.0).repeat_interleave(m.tensor([1, 0, 2]))


@case
def ri_output_size(m):
    return m.arange(3.0).repeat_interleave(m.tensor([1, 0, 2]), output_size=3)


@case
def ri_dim(m):
    return m.arange(6.0).reshape(2, 3).repeat_interleave(2, dim=1)


@case
def ri_flat(m):
    return m.arange(6.0).reshape(2, 3).repeat_interleave(2)


@case
def ri_only_repeats(m):
    return m.repeat_interleave(m.tensor([2, 1]))


@case
def ri_neg(m):
    return m.arange(3.0).repeat_interleave(m.tensor([1, -1, 2]))


@case
def ri_bad_len(m):
    return m.arange(3.0).repeat_interleave(m.tensor([1, 2]))


@case
def split_list_bad(m):
    return m.arange(5.0).split([2, 2])


@case
def split_list(m):
    return m.arange(5.0).split([2, 3])


@case
def split_zero_size(m):
    return m.arange(5.0).split(0)


@case
def tensor_split_indices(m):
    return m.tensor_split(m.arange(7.0), [1, 5])


@case
def tensor_split_sections(m):
    return m.tensor_split(m.arange(7.0), 3)


@case
def tensor_split_tensor_idx(m):
    return m.tensor_split(m.arange(7.0), m.tensor([2, 9]))


@case
def tensor_split_tensor_sections(m):
    return m.tensor_split(m.arange(7.0), m.tensor(3))


@case
def tensor_split_zero(m):
    return m.tensor_split(m.arange(7.0), 0)


@case
def tensor_split_dim(m):
    return m.tensor_split(m.arange(8.0).reshape(2, 4), 3, dim=1)


@case
def hsplit(m):
    return m.hsplit(m.arange(8.0).reshape(2, 4), 2)


@case
def hsplit_1d(m):
    return m.hsplit(m.arange(8.0), [3])


@case
def hsplit_uneven(m):
    return m.hsplit(m.arange(8.0).reshape(2, 4), 3)


@case
def vsplit(m):
    return m.vsplit(m.arange(8.0).reshape(4, 2), [1])


@case
def vsplit_1d(m):
    return m.vsplit(m.arange(8.0), 2)


@case
def dsplit(m):
    return m.dsplit(m.arange(8.0).reshape(1, 2, 4), 2)


@case
def dsplit_2d(m):
    return m.dsplit(m.arange(8.0).reshape(2, 4), 2)


@case
def squeeze_neg_oob(m):
    return m.ones(1, 2).squeeze(-3)


@case
def squeeze_neg(m):
    return m.ones(2, 1).squeeze(-1)


@case
def squeeze_0d(m):
    return m.tensor(1.0).squeeze(0)


@case
def squeeze_0d_neg(m):
    return m.tensor(1.0).squeeze(-1)


@case
def squeeze_0d_oob(m):
    return m.tensor(1.0).squeeze(1)


@case
def unsqueeze_neg(m):
    return m.ones(2, 3).unsqueeze(-1)


@case
def unsqueeze_neg_max(m):
    return m.ones(2, 3).unsqueeze(-3)


@case
def unsqueeze_oob(m):
    return m.ones(2, 3).unsqueeze(3)


@case
def unsqueeze_oob_neg(m):
    return m.ones(2, 3).unsqueeze(-4)


@case
def unsqueeze_0d(m):
    return m.tensor(1.0).unsqueeze(-1)


@case
def index_put_accum_dup(m):
    return m.zeros(3).index_put_((m.tensor([0, 0, 2]),), m.tensor([1.0, 2.0, 3.0]), accumulate=True)


@case
def index_put_dup(m):
    return m.zeros(3).index_put_((m.tensor([1, 1]),), m.tensor([5.0, 5.0]))


@case
def index_put_2d(m):
    return m.zeros(2, 3).index_put_((m.tensor([0, 1]), m.tensor([2, 0])), m.tensor(7.0))


@case
def index_put_bool(m):
    return m.zeros(3).index_put_((m.tensor([True, False, True]),), m.tensor(1.0))


@case
def index_put_oob(m):
    return m.zeros(3).index_put_((m.tensor([3]),), m.tensor(1.0))


@case
def index_put_dtype_mismatch(m):
    return m.zeros(3).index_put_((m.tensor([0]),), m.tensor([1], dtype=m.int64))


@case
def index_put_outofplace(m):
    return m.zeros(3).index_put((m.tensor([0, 0]),), m.tensor(1.0), accumulate=True)


@case
def put_accum(m):
    return m.zeros(2, 2).put_(m.tensor([0, 3, 3]), m.tensor([1.0, 2.0, 3.0]), accumulate=True)


@case
def put_neg(m):
    return m.zeros(2, 2).put_(m.tensor([-1]), m.tensor([1.0]))


@case
def put_oob(m):
    return m.zeros(2, 2).put_(m.tensor([4]), m.tensor([1.0]))


@case
def put_size_mismatch(m):
    return m.zeros(2, 2).put_(m.tensor([0, 1]), m.tensor([1.0]))


@case
def take(m):
    return m.take(m.arange(6.0).reshape(2, 3), m.tensor([[0, -1]]))


@case
def take_oob(m):
    return m.take(m.arange(6.0), m.tensor([6]))


@case
def masked_fill_0d_tensor(m):
    return m.zeros(2, 3).masked_fill(m.tensor([True, False, True]), m.tensor(2.0))


@case
def masked_fill_1d_value(m):
    return m.zeros(2, 3).masked_fill(m.tensor([True, False, True]), m.tensor([2.0]))


@case
def masked_fill_bcast_mask_bigger(m):
    return m.zeros(3).masked_fill(m.ones(2, 3, dtype=m.bool), 1.0)


@case
def masked_fill_inplace_bcast_bigger(m):
    return m.zeros(3).masked_fill_(m.ones(2, 3, dtype=m.bool), 1.0)


@case
def masked_fill_int_mask(m):
    return m.zeros(3).masked_fill(m.ones(3, dtype=m.int64), 1.0)


@case
def masked_fill_float_into_int(m):
    return m.zeros(3, dtype=m.int64).masked_fill(m.tensor([True, False, True]), 2.7)


@case
def masked_fill_float_tensor_into_int(m):
    return m.zeros(3, dtype=m.int64).masked_fill(m.tensor([True, False, True]), m.tensor(2.7))


@case
def masked_scatter_small(m):
    return m.zeros(4).masked_scatter(m.tensor([True, True, True, False]), m.tensor([1.0, 2.0]))


@case
def masked_scatter(m):
    return m.zeros(2, 2).masked_scatter(m.tensor([True, False]), m.arange(1.0, 7.0))


@case
def masked_select_bcast(m):
    return m.masked_select(m.arange(3.0), m.tensor([[True], [False]]))


@case
def gather_int32(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.tensor([[0], [2]], dtype=m.int32))


@case
def gather_oob(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.tensor([[3], [0]]))


@case
def gather_neg(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.tensor([[-1], [0]]))


@case
def gather_float_idx(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.tensor([[0.0], [1.0]]))


@case
def gather_dims_mismatch(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.tensor([0, 1]))


@case
def gather_bigger_index(m):
    return m.gather(m.arange(6.0).reshape(2, 3), 1, m.zeros(3, 1, dtype=m.int64))


@case
def scatter_int32(m):
    return m.zeros(2, 3).scatter(1, m.tensor([[0], [2]], dtype=m.int32), 1.0)


@case
def scatter_oob(m):
    return m.zeros(2, 3).scatter(1, m.tensor([[3], [0]]), 1.0)


@case
def scatter_reduce_add(m):
    return m.ones(2, 3).scatter_(1, m.tensor([[0, 0], [2, 2]]), m.full((2, 2), 2.0), reduce="add")


@case
def scatter_reduce_mul(m):
    return m.ones(2, 3).scatter_(
        1, m.tensor([[0, 0], [2, 2]]), m.full((2, 2), 2.0), reduce="multiply"
    )


@case
def scatter_reduce_value_mul(m):
    return m.ones(2, 3).scatter_(1, m.tensor([[0, 0], [2, 2]]), 3.0, reduce="multiply")


@case
def scatter_reduce_bad(m):
    return m.ones(2, 3).scatter_(1, m.tensor([[0]]), 3.0, reduce="max")


@case
def scatter_add_small_index(m):
    return m.zeros(3, 3).scatter_add(0, m.tensor([[0, 1]]), m.ones(2, 3))


@case
def scatter_add_index_bigger_src(m):
    return m.zeros(3, 3).scatter_add(0, m.tensor([[0, 1, 2], [0, 1, 2]]), m.ones(1, 3))


@case
def scatter_add_index_bigger_self(m):
    return m.zeros(2, 2).scatter_add(1, m.tensor([[0, 1, 1]]), m.ones(1, 3))


@case
def scatter_src_dtype(m):
    return m.zeros(2, 3).scatter(1, m.tensor([[0], [1]]), m.ones(2, 1, dtype=m.float64).float())


@case
def scatter_reduce_amax(m):
    return m.zeros(3).scatter_reduce(
        0, m.tensor([0, 0, 2]), m.tensor([1.0, 5.0, -2.0]), "amax", include_self=False
    )


@case
def scatter_reduce_mean(m):
    return m.ones(3).scatter_reduce(0, m.tensor([0, 0, 2]), m.tensor([1.0, 5.0, -2.0]), "mean")


@case
def take_along_dim_nodim(m):
    return m.take_along_dim(m.arange(6.0).reshape(2, 3), m.tensor([5, 0]))


@case
def take_along_dim_dim(m):
    return m.take_along_dim(m.arange(6.0).reshape(2, 3), m.tensor([[2], [0]]), dim=1)


@case
def take_along_dim_bcast(m):
    return m.take_along_dim(m.arange(6.0).reshape(2, 3), m.tensor([[2]]), dim=1)


@case
def index_select_0d(m):
    return m.index_select(m.arange(6.0).reshape(2, 3), 1, m.tensor(2))


@case
def index_select_int32(m):
    return m.index_select(m.arange(6.0).reshape(2, 3), 0, m.tensor([1], dtype=m.int32))


@case
def index_select_2d_idx(m):
    return m.index_select(m.arange(6.0).reshape(2, 3), 0, m.tensor([[1]]))


@case
def index_select_oob(m):
    return m.index_select(m.arange(6.0).reshape(2, 3), 0, m.tensor([2]))


@case
def index_select_float(m):
    return m.index_select(m.arange(6.0).reshape(2, 3), 0, m.tensor([1.0]))


@case
def index_select_0d_self(m):
    return m.index_select(m.tensor(5.0), 0, m.tensor([0, 0]))


@case
def bool_mask_wrong_shape(m):
    return m.arange(6.0).reshape(2, 3)[m.tensor([True, False, True])]


@case
def bool_mask_wrong_shape_2d(m):
    return m.arange(6.0).reshape(2, 3)[m.ones(3, 2, dtype=m.bool)]


@case
def index_list_bools(m):
    return m.arange(3.0)[[True, False, True]]


@case
def index_list_bools_2d(m):
    return m.arange(6.0).reshape(2, 3)[[True, False]]


@case
def index_list_ints(m):
    return m.arange(6.0).reshape(2, 3)[[1, 0, 1]]


@case
def index_tuple_of_lists(m):
    return m.arange(6.0).reshape(2, 3)[([1, 0], [0, 1])]


@case
def index_list_of_slices(m):
    return m.arange(6.0).reshape(2, 3)[[slice(None), 1]]


@case
def index_bool_scalar(m):
    return m.arange(3.0)[True]


@case
def index_false_scalar(m):
    return m.arange(3.0)[False]


@case
def index_none_ellipsis(m):
    return m.arange(6.0).reshape(2, 3)[None, ..., 1]


@case
def index_too_many(m):
    return m.arange(6.0).reshape(2, 3)[0, 0, 0]


@case
def index_oob_int(m):
    return m.arange(6.0).reshape(2, 3)[2]


@case
def index_float_idx(m):
    return m.arange(3.0)[1.0]


@case
def index_float_tensor_idx(m):
    return m.arange(3.0)[m.tensor([1.0])]


@case
def index_int32_tensor(m):
    return m.arange(3.0)[m.tensor([2, 0], dtype=m.int32)]


@case
def index_adv_separated(m):
    return m.arange(24.0).reshape(2, 3, 4)[[0, 1], :, [1, 2]].shape


@case
def index_adv_adjacent(m):
    return m.arange(24.0).reshape(2, 3, 4)[:, [0, 1], [1, 2]].shape


@case
def index_0d_tensor(m):
    return m.arange(3.0)[m.tensor(1)]


@case
def index_adv_oob(m):
    return m.arange(3.0)[m.tensor([3])]


@case
def setitem_bcast(m):
    return _setitem(m, lambda x: x.__setitem__(slice(None), m.tensor([1.0, 2.0, 3.0])))


@case
def setitem_float_into_int(m):
    return _setitem_int(m, lambda x: x.__setitem__(0, 2.9))


@case
def setitem_neg_float_into_int(m):
    return _setitem_int(m, lambda x: x.__setitem__(0, -2.9))


@case
def setitem_tensor_float_into_int(m):
    return _setitem_int(m, lambda x: x.__setitem__(slice(None), m.tensor([1.5, -1.5, 2.5])))


@case
def setitem_bad_bcast(m):
    return _setitem(m, lambda x: x.__setitem__(0, m.ones(2)))


@case
def setitem_mask_tensor(m):
    return _setitem(m, lambda x: x.__setitem__(x > 0, m.tensor(9.0)))


@case
def setitem_mask_values(m):
    return _setitem(m, lambda x: x.__setitem__(x > 0, m.tensor([7.0, 8.0])))


@case
def setitem_list_idx(m):
    return _setitem(m, lambda x: x.__setitem__([0, 0], m.tensor([1.0, 2.0])))


@case
def setitem_bool_into_float(m):
    return _setitem(m, lambda x: x.__setitem__(1, True))


@case
def setitem_into_bool(m):
    return _setitem_bool(m, lambda x: x.__setitem__(0, 2.5))


@case
def nonzero_tuple(m):
    return m.nonzero(m.tensor([[0, 1], [1, 0]]), as_tuple=True)


@case
def nonzero_0d(m):
    return m.nonzero(m.tensor(3))


@case
def nonzero_0d_tuple(m):
    return m.nonzero(m.tensor(3), as_tuple=True)


@case
def nonzero_0d_zero_tuple(m):
    return m.nonzero(m.tensor(0), as_tuple=True)


@case
def argwhere(m):
    return m.argwhere(m.tensor([[0, 1], [1, 0]]))


@case
def argwhere_0d(m):
    return m.argwhere(m.tensor(1.0))


@case
def where_one_arg(m):
    return m.where(m.tensor([[0, 1], [1, 1]]))


@case
def where_scalars(m):
    return m.where(m.tensor([True, False]), 1.0, 0)


@case
def where_int_scalars(m):
    return m.where(m.tensor([True, False]), 1, 0)


@case
def where_tensor_scalar(m):
    return m.where(m.tensor([True, False]), m.ones(2, dtype=m.int32), 2.5)


@case
def where_float32_scalar(m):
    return m.where(m.tensor([True, False]), m.ones(2), 2.5)


@case
def where_int_cond(m):
    return m.where(m.tensor([1, 0]), 1.0, 0.0)


@case
def searchsorted_left(m):
    return m.searchsorted(m.tensor([1, 3, 5, 7]), m.tensor([3, 6, 9]))


@case
def searchsorted_right(m):
    return m.searchsorted(m.tensor([1, 3, 5, 7]), m.tensor([3, 6, 9]), right=True)


@case
def searchsorted_side(m):
    return m.searchsorted(m.tensor([1, 3, 5, 7]), m.tensor([3, 6, 9]), side="right")


@case
def searchsorted_conflict(m):
    return m.searchsorted(m.tensor([1, 3, 5, 7]), m.tensor([3]), right=False, side="right")


@case
def searchsorted_sorter(m):
    return m.searchsorted(m.tensor([5, 1, 7, 3]), m.tensor([3, 6]), sorter=m.tensor([1, 3, 0, 2]))


@case
def searchsorted_int32(m):
    return m.searchsorted(m.tensor([1, 3, 5]), m.tensor([4]), out_int32=True)


@case
def searchsorted_scalar(m):
    return m.searchsorted(m.tensor([1, 3, 5]), 4)


@case
def searchsorted_2d(m):
    return m.searchsorted(m.tensor([[1, 3], [2, 4]]), m.tensor([[2], [3]]))


@case
def searchsorted_2d_mismatch(m):
    return m.searchsorted(m.tensor([[1, 3], [2, 4]]), m.tensor([[2]]))


@case
def bucketize(m):
    return m.bucketize(m.tensor([1, 5, 9]), m.tensor([1, 5, 7]))


@case
def bucketize_right(m):
    return m.bucketize(m.tensor([1, 5, 9]), m.tensor([1, 5, 7]), right=True)


@case
def bucketize_scalar(m):
    return m.bucketize(4, m.tensor([1, 5, 7]))


@case
def bucketize_2d_boundaries(m):
    return m.bucketize(m.tensor([1]), m.tensor([[1, 2]]))


@case
def unique_sorted(m):
    return m.unique(m.tensor([3, 1, 3, 2]))


@case
def unique_inverse_counts(m):
    return m.unique(m.tensor([3, 1, 3, 2]), return_inverse=True, return_counts=True)


@case
def unique_dim(m):
    return m.unique(
        m.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True, return_counts=True
    )


@case
def unique_dim1(m):
    return m.unique(m.tensor([[1, 1, 0], [2, 2, 5]]), dim=1)


@case
def unique_2d_inverse(m):
    return m.unique(m.tensor([[3, 1], [1, 2]]), return_inverse=True)


@case
def unique_float(m):
    return m.unique(m.tensor([1.5, 1.5, -0.5]))


@case
def unique_bool(m):
    return m.unique(m.tensor([True, False, True]))


@case
def unique_empty(m):
    return m.unique(m.tensor([], dtype=m.int64), return_counts=True)


@case
def unique_method(m):
    return m.tensor([2, 2, 1]).unique(return_inverse=True)


@case
def unique_consecutive(m):
    return m.unique_consecutive(
        m.tensor([1, 1, 2, 2, 1, 3]), return_inverse=True, return_counts=True
    )


@case
def unique_consecutive_dim(m):
    return m.unique_consecutive(
        m.tensor([[1, 2], [1, 2], [0, 0], [1, 2]]), dim=0, return_counts=True
    )


@case
def unique_consecutive_2d_inverse(m):
    return m.unique_consecutive(m.tensor([[1, 1], [2, 2]]), return_inverse=True)


@case
def linspace_int_truncates(m):
    return m.linspace(-5, 5, 4, dtype=m.int32)


@case
def linspace_int_truncates_odd(m):
    return m.linspace(-5, 5, 7, dtype=m.int64)


@case
def linspace_bool(m):
    return m.linspace(0, 1, 3, dtype=m.bool)


@case
def take_along_dim_int32(m):
    return m.take_along_dim(m.arange(6.0).reshape(2, 3), m.tensor([[0], [1]]).int(), 1)


@case
def searchsorted_sorter_oob(m):
    return m.searchsorted(m.tensor([5, 1, 3]), m.tensor([2]), sorter=m.tensor([1, 2, 3]))


@case
def searchsorted_sorter_size(m):
    return m.searchsorted(m.tensor([5, 1, 3]), m.tensor([2]), sorter=m.tensor([1, 2]))


@case
def searchsorted_0d_boundaries(m):
    return m.searchsorted(m.tensor(3), m.tensor([2]))


@case
def searchsorted_2d_sorter(m):
    return m.searchsorted(m.tensor([[5, 1, 3]]), m.tensor([[2]]), sorter=m.tensor([[1, 2, 0]]))


@case
def unique_dim_empty_rows(m):
    return m.unique(m.zeros(0, 2), dim=0, return_inverse=True, return_counts=True)


@case
def unique_dim_zero_width(m):
    return m.unique(m.zeros(2, 0), dim=0)


@case
def unique_consecutive_zero_width(m):
    return m.unique_consecutive(m.zeros(0, 3), dim=1)


@case
def cat_axis_kw(m):
    return (m.cat([m.ones(1, 2), m.zeros(1, 2)], axis=1), m.concatenate([m.ones(1)], axis=0))


@case
def concat_axis_kw(m):
    return m.concat([m.ones(2, 1), m.ones(2, 1)], axis=-1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_idiom_matches_torch(name):
    fn = CASES[name]
    _same(_run(fn, ag), _run(fn, torch))
