"""nn layers, functional ops and losses against PyTorch across their option space, in float64.

A module case builds the same constructor under both libraries (``nn`` is ``torch.nn`` or
tapegrad's ``nn``), checks that the state_dicts have the same keys and shapes, loads
PyTorch's values into ours through NumPy, runs one or more steps on the same inputs and
compares the outputs, the gradients of the inputs and of every parameter (for one random
cotangent per output), and every state_dict entry after each step (running statistics,
``num_batches_tracked``, an embedding renormalised in place). A function case runs an
expression over ``F`` and ``T`` (``torch.nn.functional``/``torch`` or ours) the same way.
A case where PyTorch raises must raise an instance of the same type here.

PyTorch behaviours deliberately not matched (so not compared here; see the cases at the end
for what is checked instead): ``ctc_loss``'s gradient for log-probabilities that are not
the output of ``log_softmax`` (PyTorch's backward assumes they are); ``embedding_bag``'s
``scale_grad_by_freq`` on CPU (PyTorch divides by the count of the wrong index); the nan
gradient PyTorch gives ``kl_div``'s and ``poisson_nll_loss(full=True)``'s targets at 0;
``binary_cross_entropy``'s refusal of a ``weight`` that requires grad; ``soft_margin_loss``'s
overflow to inf for inputs beyond about 700 (ours stays finite).
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip

torch = torch_or_skip()
TF = torch.nn.functional

RTOL, ATOL = 1e-7, 1e-9


# -- harness -----------------------------------------------------------------------------------


def _const(array):
    """An input that does not require grad (targets, indices, fixed weights)."""
    return ("const", np.asarray(array))


def _inputs(specs, lib, seed):
    """Tensors of ``lib`` from specs: a shape (standard normal, requires grad), a float
    array (requires grad) or ``_const(array)``."""
    rng = np.random.default_rng(seed)
    make = torch.tensor if lib == "torch" else ag.tensor
    out = []
    for spec in specs:
        if isinstance(spec, tuple) and spec[:1] == ("const",):
            out.append(make(spec[1]))
            continue
        array = spec if isinstance(spec, np.ndarray) else rng.standard_normal(spec)
        out.append(make(array).requires_grad_(True))
    return out


def _flat(value):
    if isinstance(value, tuple | list):
        return [t for v in value for t in _flat(v)]
    return [value] if isinstance(value, torch.Tensor | ag.Tensor) else []


def _numpy(t):
    return None if t is None else t.detach().cpu().numpy()


def _backward(outputs, lib, seed):
    """Backpropagate one fixed random cotangent per float output that requires grad."""
    rng = np.random.default_rng(seed)
    make = torch.tensor if lib == "torch" else ag.tensor
    total = None
    for y in outputs:
        if y.requires_grad and y.dtype in (torch.float64, ag.float64):
            term = (y * make(rng.standard_normal(tuple(y.shape)))).sum()
            total = term if total is None else total + term
    if total is not None:
        total.backward()


def _same(ours, theirs, what):
    if theirs is None or ours is None:
        assert ours is None and theirs is None, f"{what}: ours {ours} theirs {theirs}"
        return
    assert str(ours.dtype) == str(theirs.dtype), f"{what}: {ours.dtype} vs {theirs.dtype}"
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} vs {theirs.shape}"
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL, equal_nan=True,
                               err_msg=what)


def check_module(ctor, specs, call=None, train=True, steps=1):
    """Compare ``ctor``'s module under both libraries, PyTorch's weights loaded into ours."""
    theirs_module = eval(ctor, {"nn": torch.nn, "T": torch, "np": np}).double().train(train)
    ours_module = eval(ctor, {"nn": nn, "T": ag, "np": np}).double().train(train)
    theirs_sd, ours_sd = theirs_module.state_dict(), ours_module.state_dict()
    assert list(ours_sd) == list(theirs_sd)
    assert [tuple(v.shape) for v in ours_sd.values()] == [
        tuple(v.shape) for v in theirs_sd.values()]
    ours_module.load_state_dict(_to_ours(theirs_sd))  # before PyTorch's steps change them
    try:
        theirs = _run_loaded(theirs_module, specs, call, steps, "torch")
    except Exception as error:  # the error itself is what is compared
        with pytest.raises(type(error)):
            _run_loaded(ours_module, specs, call, steps, "ours")
        return
    ours = _run_loaded(ours_module, specs, call, steps, "ours")
    for step, (o, t) in enumerate(zip(ours, theirs)):
        assert len(o[0]) == len(t[0]), f"step {step}: number of outputs"
        for i, (a, b) in enumerate(zip(o[0], t[0])):
            _same(a, b, f"step {step} output {i}")
        for i, (a, b) in enumerate(zip(o[1], t[1])):
            _same(a, b, f"step {step} grad of input {i}")
        assert list(o[2]) == list(t[2])
        for k in t[2]:
            _same(o[2][k], t[2][k], f"step {step} grad of {k}")
        for k in t[3]:
            _same(o[3][k], t[3][k], f"step {step} state {k}")


def _to_ours(state):
    return {k: ag.tensor(v.detach().numpy().copy()) for k, v in state.items()}


def _run_loaded(module, specs, call, steps, lib):
    names = {"T": torch if lib == "torch" else ag, "np": np,
             "F": TF if lib == "torch" else F}
    results = []
    for step in range(steps):
        xs = _inputs(specs, lib, step)
        y = module(*xs) if call is None else eval(call, {**names, "m": module, "x": xs})
        outputs = _flat(y)
        _backward(outputs, lib, 100 + step)
        results.append(([_numpy(t) for t in outputs],
                        [_numpy(x.grad) if x.requires_grad else None for x in xs],
                        {k: _numpy(p.grad) for k, p in module.named_parameters()},
                        {k: _numpy(v) for k, v in module.state_dict().items()}))
        module.zero_grad()
    return results


def _run_fn(code, specs, lib):
    names = {"F": TF if lib == "torch" else F, "T": torch if lib == "torch" else ag,
             "nn": torch.nn if lib == "torch" else nn, "np": np}
    xs = _inputs(specs, lib, 0)
    outputs = _flat(eval(code, {**names, "x": xs}))
    _backward(outputs, lib, 100)
    return [_numpy(t) for t in outputs], [_numpy(x.grad) if x.requires_grad else None
                                          for x in xs]


def check_fn(code, specs):
    """Compare the expression ``code`` (over ``F``, ``T``, ``nn`` and inputs ``x``)."""
    try:
        theirs = _run_fn(code, specs, "torch")
    except Exception as error:  # the error itself is what is compared
        with pytest.raises(type(error)):
            _run_fn(code, specs, "ours")
        return
    ours = _run_fn(code, specs, "ours")
    assert len(ours[0]) == len(theirs[0]), "number of outputs"
    for i, (a, b) in enumerate(zip(ours[0], theirs[0])):
        _same(a, b, f"output {i}")
    for i, (a, b) in enumerate(zip(ours[1], theirs[1])):
        _same(a, b, f"grad of input {i}")


def _params(cases):
    return [pytest.param(*c[1:], id=c[0]) for c in cases]


RNG = np.random.default_rng(2024)

# -- convolutions ------------------------------------------------------------------------------

CONV_CASES = []


def _per_dim(values, d):
    """The first ``d`` of ``values`` as a tuple literal."""
    return str(tuple(values[:d]))


for _d in (1, 2, 3):
    _shape = (2, 4) + (7, 6, 5)[:_d]
    for _opts in ["4, 6, 3", "4, 6, 3, stride=2", "4, 6, 3, padding=1", "4, 6, 2, padding='same'",
                  "4, 6, 3, padding='valid'", "4, 6, 3, dilation=2", "4, 6, 3, groups=2",
                  "4, 4, 3, groups=4", "4, 8, 3, groups=4, bias=False",
                  "4, 6, 3, padding=2, padding_mode='reflect'",
                  "4, 6, 3, padding=2, padding_mode='replicate'",
                  "4, 6, 3, padding=2, padding_mode='circular'",
                  "4, 6, 4, padding='same', dilation=2",
                  "4, 6, 4, padding='same', padding_mode='reflect'",
                  "4, 6, 3, padding='same', padding_mode='circular'",
                  "4, 6, 3, stride=2, padding=1, dilation=2, groups=2",
                  f"4, 6, {_per_dim((2, 3, 1), _d)}, stride={_per_dim((1, 2, 3), _d)}, "
                  f"padding={_per_dim((1, 0, 2), _d)}, dilation={_per_dim((2, 1, 1), _d)}",
                  f"4, 6, 3, padding={_per_dim((2, 1, 1), _d)}, padding_mode='circular'",
                  f"4, 6, 3, padding={_per_dim((1, 2, 0), _d)}, padding_mode='reflect'"]:
        CONV_CASES.append((f"Conv{_d}d({_opts})", f"nn.Conv{_d}d({_opts})", [_shape], None))
    CONV_CASES.append((f"Conv{_d}d unbatched", f"nn.Conv{_d}d(4, 6, 3, padding=1)",
                       [_shape[1:]], None))
    CONV_CASES.append((f"Conv{_d}d unbatched circular",
                       f"nn.Conv{_d}d(4, 6, 3, padding=1, padding_mode='circular')",
                       [_shape[1:]], None))
    _small = (2, 4) + (4,) * _d
    for _opts in ["4, 6, 3", "4, 6, 3, stride=2, output_padding=1",
                  "4, 6, 3, stride=2, padding=1, output_padding=1", "4, 6, 3, groups=2",
                  "4, 4, 3, groups=4", "4, 6, 3, dilation=2",
                  "4, 6, 3, stride=3, dilation=2, output_padding=2", "4, 6, 3, bias=False",
                  "4, 6, 3, stride=2, padding=2, groups=2, dilation=2, output_padding=1"]:
        CONV_CASES.append((f"ConvTranspose{_d}d({_opts})", f"nn.ConvTranspose{_d}d({_opts})",
                           [_small], None))
    _ct = f"nn.ConvTranspose{_d}d(4, 6, 3, stride=2)"
    CONV_CASES += [
        (f"ConvTranspose{_d}d unbatched", _ct, [_small[1:]], None),
        (f"ConvTranspose{_d}d output_size", _ct, [_small], f"m(x[0], output_size={[10] * _d})"),
        (f"ConvTranspose{_d}d output_size full", _ct, [_small],
         f"m(x[0], output_size={[2, 6] + [10] * _d})"),
        (f"ConvTranspose{_d}d output_size unbatched", _ct, [_small[1:]],
         f"m(x[0], output_size={[6] + [9] * _d})"),
        (f"ConvTranspose{_d}d output_size too large", _ct, [_small],
         f"m(x[0], output_size={[11] * _d})"),
        (f"ConvTranspose{_d}d output_size too small", _ct, [_small],
         f"m(x[0], output_size={[8] * _d})"),
        (f"ConvTranspose{_d}d output_size bad length", _ct, [_small],
         f"m(x[0], output_size={[10] * (_d + 1)})"),
    ]


@pytest.mark.parametrize("ctor,specs,call", _params(CONV_CASES))
def test_conv(ctor, specs, call):
    check_module(ctor, specs, call)


# -- pooling -----------------------------------------------------------------------------------

POOL_FN_CASES = []
POOL_MODULE_CASES = []
for _d in (1, 2, 3):
    _shape = (2, 3) + (8, 7, 6)[:_d]
    for _opts in ["3", "3, stride=2, ceil_mode=True", "3, stride=2, padding=1",
                  "3, stride=2, padding=1, ceil_mode=True", "3, dilation=2",
                  "3, stride=2, dilation=2, ceil_mode=True, padding=1",
                  "2, stride=3, ceil_mode=True", "4, stride=3, padding=2, ceil_mode=True"]:
        POOL_FN_CASES.append((f"max_pool{_d}d({_opts})",
                              f"F.max_pool{_d}d(x[0], {_opts}, return_indices=True)", [_shape]))
        POOL_MODULE_CASES.append((f"MaxPool{_d}d({_opts})",
                                  f"nn.MaxPool{_d}d({_opts}, return_indices=True)", [_shape],
                                  None))
    for _opts in ["3", "3, stride=2, ceil_mode=True", "3, stride=2, padding=1",
                  "3, stride=2, padding=1, count_include_pad=False",
                  "3, stride=2, padding=1, ceil_mode=True, count_include_pad=False",
                  "2, stride=3, ceil_mode=True", "4, stride=3, padding=2, ceil_mode=True",
                  "4, stride=3, padding=2, ceil_mode=True, count_include_pad=False"]:
        POOL_MODULE_CASES.append((f"AvgPool{_d}d({_opts})", f"nn.AvgPool{_d}d({_opts})",
                                  [_shape], None))
        if _d > 1:
            POOL_MODULE_CASES.append((f"AvgPool{_d}d({_opts}, divisor_override=3)",
                                      f"nn.AvgPool{_d}d({_opts}, divisor_override=3)",
                                      [_shape], None))
    POOL_FN_CASES += [
        (f"max_pool{_d}d unbatched", f"F.max_pool{_d}d(x[0], 2, return_indices=True)",
         [_shape[1:]]),
        (f"avg_pool{_d}d unbatched", f"F.avg_pool{_d}d(x[0], 2)", [_shape[1:]]),
    ]
    for _opts in ["2", "3, stride=2", "3, stride=2, padding=1"]:
        POOL_FN_CASES.append((f"max_unpool{_d}d({_opts})",
                              f"F.max_unpool{_d}d(*F.max_pool{_d}d(x[0], {_opts}, "
                              f"return_indices=True), {_opts}, output_size={list(_shape)})",
                              [_shape]))
        POOL_MODULE_CASES.append((f"MaxUnpool{_d}d({_opts})", f"nn.MaxUnpool{_d}d({_opts})",
                                  [_shape], f"m(*F.max_pool{_d}d(x[0], {_opts}, "
                                            f"return_indices=True), "
                                            f"output_size={list(_shape[2:])})"))
    POOL_FN_CASES.append((f"max_unpool{_d}d default size",
                          f"F.max_unpool{_d}d(*F.max_pool{_d}d(x[0], 2, return_indices=True), 2)",
                          [(2, 3) + (8,) * _d]))
    _positive = np.abs(RNG.standard_normal(_shape)) + 0.1
    for _opts in ["2, 3", "2, 3, stride=2, ceil_mode=True", "1, 2", "3.0, 2",
                  "float('inf'), 2", "-float('inf'), 2"]:
        POOL_FN_CASES.append((f"lp_pool{_d}d({_opts})", f"F.lp_pool{_d}d(x[0], {_opts})",
                              [_positive]))
        POOL_MODULE_CASES.append((f"LPPool{_d}d({_opts})", f"nn.LPPool{_d}d({_opts})",
                                  [_shape], None))
    _zeros = np.zeros(_shape)
    _zeros[(0,) * (_d + 2)] = 1.0
    POOL_FN_CASES.append((f"lp_pool{_d}d zero windows", f"F.lp_pool{_d}d(x[0], 2, 2)", [_zeros]))
    _sizes = ["4", "5", "1", "9"] + ([str((4, None, 3)[:_d]), str((5, 3, 2)[:_d])]
                                      if _d > 1 else [])
    for _size in _sizes:
        POOL_MODULE_CASES += [
            (f"AdaptiveAvgPool{_d}d({_size})", f"nn.AdaptiveAvgPool{_d}d({_size})", [_shape],
             None),
            (f"AdaptiveMaxPool{_d}d({_size})",
             f"nn.AdaptiveMaxPool{_d}d({_size}, return_indices=True)", [_shape], None),
        ]
        POOL_FN_CASES += [
            (f"adaptive_avg_pool{_d}d({_size}) unbatched",
             f"F.adaptive_avg_pool{_d}d(x[0], {_size})", [_shape[1:]]),
            (f"adaptive_max_pool{_d}d({_size}) unbatched",
             f"F.adaptive_max_pool{_d}d(x[0], {_size}, return_indices=True)", [_shape[1:]]),
        ]
_ties = np.round(RNG.standard_normal((2, 3, 8, 8)))
POOL_FN_CASES += [
    ("max_pool2d ties", "F.max_pool2d(x[0], 3, stride=1, return_indices=True)", [_ties]),
    ("adaptive_max_pool2d ties", "F.adaptive_max_pool2d(x[0], 3, return_indices=True)", [_ties]),
]


@pytest.mark.parametrize("code,specs", _params(POOL_FN_CASES))
def test_pool_functional(code, specs):
    check_fn(code, specs)


@pytest.mark.parametrize("ctor,specs,call", _params(POOL_MODULE_CASES))
def test_pool_module(ctor, specs, call):
    check_module(ctor, specs, call)


# -- normalisation -----------------------------------------------------------------------------

NORM_CASES = []
for _d, _shape in ((1, (4, 3)), (1, (4, 3, 5)), (2, (4, 3, 5, 6)), (3, (3, 3, 4, 5, 2))):
    for _opts in ["3", "3, momentum=None", "3, momentum=0.3", "3, affine=False",
                  "3, track_running_stats=False", "3, eps=1e-2",
                  "3, momentum=None, affine=False"]:
        NORM_CASES.append((f"BatchNorm{_d}d({_opts}) {_shape}", f"nn.BatchNorm{_d}d({_opts})",
                           [_shape], True, 4))
        NORM_CASES.append((f"BatchNorm{_d}d({_opts}) {_shape} eval",
                           f"nn.BatchNorm{_d}d({_opts})", [_shape], False, 1))
    if len(_shape) > 2:
        for _opts in ["3", "3, affine=True", "3, track_running_stats=True",
                      "3, affine=True, track_running_stats=True, momentum=0.2",
                      "3, track_running_stats=True, momentum=None"]:
            NORM_CASES += [
                (f"InstanceNorm{_d}d({_opts})", f"nn.InstanceNorm{_d}d({_opts})", [_shape],
                 True, 3),
                (f"InstanceNorm{_d}d({_opts}) eval", f"nn.InstanceNorm{_d}d({_opts})",
                 [_shape], False, 1),
                (f"InstanceNorm{_d}d({_opts}) unbatched", f"nn.InstanceNorm{_d}d({_opts})",
                 [_shape[1:]], True, 2),
            ]
for _opts, _shape in [("2, 4", (3, 4, 5)), ("1, 4", (3, 4, 5, 2)), ("4, 4", (3, 4)),
                      ("2, 4, affine=False", (3, 4, 5)), ("2, 6, eps=0.1", (2, 6, 2, 2, 2))]:
    NORM_CASES.append((f"GroupNorm({_opts}) {_shape}", f"nn.GroupNorm({_opts})", [_shape],
                       True, 1))
for _opts, _shape in [("5", (3, 5)), ("(4, 5)", (2, 3, 4, 5)), ("[5]", (5,)),
                      ("5, elementwise_affine=False", (3, 5)), ("5, bias=False", (3, 5)),
                      ("(3, 5), eps=0.5", (2, 3, 5))]:
    NORM_CASES.append((f"LayerNorm({_opts}) {_shape}", f"nn.LayerNorm({_opts})", [_shape],
                       True, 1))
for _opts, _shape in [("5", (3, 5)), ("(4, 5)", (2, 3, 4, 5)), ("5, eps=1e-3", (3, 5)),
                      ("5, elementwise_affine=False", (3, 5)), ("5, eps=None", (3, 5))]:
    NORM_CASES.append((f"RMSNorm({_opts}) {_shape}", f"nn.RMSNorm({_opts})", [_shape], True, 1))
for _opts, _shape in [("2", (2, 5, 3)), ("3", (2, 5, 3, 4)), ("4, alpha=0.1, beta=0.5, k=2.0",
                                                              (2, 6, 3, 4)),
                      ("3", (2, 5, 2, 3, 2)), ("1", (2, 3, 4)), ("7", (2, 3, 4))]:
    NORM_CASES.append((f"LocalResponseNorm({_opts}) {_shape}", f"nn.LocalResponseNorm({_opts})",
                       [_shape], True, 1))


NORM_CASES += [  # constant inputs: zero variance
    ("BatchNorm1d constant", "nn.BatchNorm1d(2)", [np.ones((4, 2))], True, 2),
    ("BatchNorm2d one sample", "nn.BatchNorm2d(2)", [(1, 2, 3, 3)], True, 2),
    ("InstanceNorm1d constant", "nn.InstanceNorm1d(2)", [np.ones((3, 2, 4))], True, 1),
    ("GroupNorm constant", "nn.GroupNorm(1, 2)", [np.ones((3, 2, 4))], True, 1),
    ("LayerNorm constant", "nn.LayerNorm(4)", [np.ones((3, 4))], True, 1),
    ("RMSNorm zeros", "nn.RMSNorm(4)", [np.zeros((3, 4))], True, 1),
]


@pytest.mark.parametrize("ctor,specs,train,steps", _params(NORM_CASES))
def test_norm_module(ctor, specs, train, steps):
    check_module(ctor, specs, train=train, steps=steps)


@pytest.mark.parametrize("ctor", ["nn.BatchNorm2d(3)", "nn.BatchNorm2d(3, momentum=None)",
                                  "nn.InstanceNorm2d(3, track_running_stats=True)"])
def test_norm_eval_after_training(ctor):
    """Several training steps, then eval mode on the running statistics they left."""
    check_module(ctor, [(4, 3, 2, 2)], steps=3)
    check_module(ctor, [(4, 3, 2, 2)], call="(m(x[0]), m.eval()(x[0] * 2), m.train())[:2]",
                 steps=2)


F64 = "dtype=T.float64"
NORM_FN_CASES = [
    ("batch_norm training", f"F.batch_norm(x[0], T.zeros(3, {F64}), T.ones(3, {F64}), x[1], "
                            "x[2], training=True, momentum=0.2)", [(4, 3, 2), (3,), (3,)]),
    ("batch_norm eval", "F.batch_norm(x[0], x[3], x[4], x[1], x[2], training=False)",
     [(4, 3, 2), (3,), (3,), _const(np.arange(3.0)), _const(np.arange(1.0, 4.0))]),
    ("batch_norm no stats", "F.batch_norm(x[0], None, None, training=True)", [(4, 3)]),
    ("instance_norm affine", "F.instance_norm(x[0], weight=x[1], bias=x[2])",
     [(4, 3, 5), (3,), (3,)]),
    ("instance_norm running stats",
     f"(lambda rm, rv: (F.instance_norm(x[0], rm, rv, use_input_stats=True), rm, rv))("
     f"T.zeros(3, {F64}), T.ones(3, {F64}))", [(4, 3, 5)]),
    ("instance_norm eval stats",
     f"F.instance_norm(x[0], T.zeros(3, {F64}) + 0.5, T.ones(3, {F64}) * 2, "
     "use_input_stats=False)", [(4, 3, 5)]),
    ("group_norm", "F.group_norm(x[0], 2, x[1], x[2], eps=0.1)", [(3, 4, 5), (4,), (4,)]),
    ("layer_norm", "F.layer_norm(x[0], (4,), x[1], x[2])", [(3, 4), (4,), (4,)]),
    ("layer_norm weight only", "F.layer_norm(x[0], (3, 4), x[1])", [(2, 3, 4), (3, 4)]),
    ("rms_norm", "F.rms_norm(x[0], (4,), x[1], eps=0.1)", [(3, 4), (4,)]),
    ("rms_norm default eps", "F.rms_norm(x[0], (3, 4))", [(2, 3, 4)]),
    ("local_response_norm", "F.local_response_norm(x[0], 3)", [(2, 4, 5)]),
    ("normalize", "F.normalize(x[0])", [(3, 4)]),
    ("normalize p1 dim0", "F.normalize(x[0], p=1, dim=0)", [(3, 4)]),
    ("normalize inf eps", "F.normalize(x[0], p=float('inf'), dim=-1, eps=0.5)", [(3, 4)]),
    ("normalize zero rows", "F.normalize(x[0])", [np.zeros((2, 3))]),
    ("normalize p3", "F.normalize(x[0], p=3, dim=1)", [(3, 4, 2)]),
    ("normalize 1d", "F.normalize(x[0], dim=0)", [(5,)]),
]


@pytest.mark.parametrize("code,specs", _params(NORM_FN_CASES))
def test_norm_functional(code, specs):
    check_fn(code, specs)


# -- embeddings --------------------------------------------------------------------------------

IDX = np.array([[1, 2, 0, 4], [4, 3, 2, 9]])
FLAT = np.array([1, 2, 0, 4, 4, 3, 2, 9, 0])
EMBEDDING_CASES = []
for _opts in ["10, 3", "10, 3, padding_idx=0", "10, 3, padding_idx=-1",
              "10, 3, scale_grad_by_freq=True", "10, 3, padding_idx=2, scale_grad_by_freq=True",
              "10, 3, max_norm=1.0", "10, 3, max_norm=0.5, norm_type=1.0",
              "10, 3, max_norm=1.0, padding_idx=2", "10, 3, max_norm=1.5, norm_type=3.0",
              "10, 3, max_norm=1.0, scale_grad_by_freq=True"]:
    EMBEDDING_CASES += [
        (f"Embedding({_opts})", f"nn.Embedding({_opts})", [_const(IDX)], None, 2),
        (f"Embedding({_opts}) 1d", f"nn.Embedding({_opts})", [_const(IDX[0])], None, 1),
        (f"Embedding({_opts}) 0d", f"nn.Embedding({_opts})", [_const(np.array(3))], None, 1),
    ]
EMBEDDING_CASES.append(("Embedding max_norm repeated rows", "nn.Embedding(5, 3, max_norm=0.3)",
                        [_const(np.array([1, 1, 2, 1, 4]))], None, 2))
for _mode in ("sum", "mean", "max"):
    for _extra in ["", ", padding_idx=0", ", padding_idx=2", ", max_norm=1.0"]:
        _ctor = f"nn.EmbeddingBag(10, 3, mode='{_mode}'{_extra})"
        _last = f"nn.EmbeddingBag(10, 3, mode='{_mode}', include_last_offset=True{_extra})"
        EMBEDDING_CASES += [
            (f"EmbeddingBag {_mode}{_extra} 2d", _ctor, [_const(IDX)], None, 1),
            (f"EmbeddingBag {_mode}{_extra} offsets", _ctor,
             [_const(FLAT), _const(np.array([0, 2, 2, 5]))], None, 1),
            (f"EmbeddingBag {_mode}{_extra} include_last_offset", _last,
             [_const(FLAT), _const(np.array([0, 2, 2, 5, 9]))], None, 1),
            (f"EmbeddingBag {_mode}{_extra} include_last_offset short", _last,
             [_const(FLAT), _const(np.array([0, 2, 2, 5, 7]))], None, 1),
        ]
EMBEDDING_CASES += [
    ("EmbeddingBag per_sample_weights 2d", "nn.EmbeddingBag(10, 3, mode='sum')",
     [_const(IDX), (2, 4)], "m(x[0], per_sample_weights=x[1])", 1),
    ("EmbeddingBag per_sample_weights padding", "nn.EmbeddingBag(10, 3, mode='sum', "
                                                "padding_idx=0)",
     [_const(FLAT[:6]), _const(np.array([0, 2, 2])), (6,)],
     "m(x[0], x[1], per_sample_weights=x[2])", 1),
    ("EmbeddingBag per_sample_weights last offset", "nn.EmbeddingBag(10, 3, mode='sum', "
                                                    "include_last_offset=True)",
     [_const(FLAT[:6]), _const(np.array([0, 2, 2, 4])), (6,)],
     "m(x[0], x[1], per_sample_weights=x[2])", 1),
]


@pytest.mark.parametrize("ctor,specs,call,steps", _params(EMBEDDING_CASES))
def test_embedding_module(ctor, specs, call, steps):
    check_module(ctor, specs, call, steps=steps)


EMBEDDING_FN_CASES = [
    ("embedding padding_idx", "F.embedding(x[0], x[1], padding_idx=1)", [_const(IDX), (10, 3)]),
    ("embedding max_norm renormalises in place",
     "(lambda w: (F.embedding(x[0], w, max_norm=1.0), w))(x[1].detach().clone())",
     [_const(IDX), (10, 3)]),
    ("embedding max_norm gradient", "F.embedding(x[0], x[1], max_norm=1.0)",
     [_const(IDX), _const(RNG.standard_normal((10, 3)) * 2)]),
    ("from_pretrained frozen", "(lambda m: (m(x[0]), m.weight.requires_grad))("
                               "nn.Embedding.from_pretrained(x[1].detach()))",
     [_const(IDX), (10, 3)]),
    ("from_pretrained trainable", "(lambda m: (m(x[0]), m.weight.requires_grad, m.padding_idx))("
                                  "nn.Embedding.from_pretrained(x[1].detach(), freeze=False, "
                                  "padding_idx=1))", [_const(IDX), (10, 3)]),
    ("from_pretrained max_norm", "(lambda m: (m(x[0]), m.weight))(nn.Embedding.from_pretrained("
                                 "x[1].detach().clone(), max_norm=1.0))", [_const(IDX), (10, 3)]),
    ("embedding_bag per_sample_weights", "F.embedding_bag(x[0], x[1], x[2], mode='sum', "
                                         "per_sample_weights=x[3])",
     [_const(np.array([1, 2, 0, 4])), (10, 3), _const(np.array([0, 1])), (4,)]),
    ("embedding_bag max empty bag", "F.embedding_bag(x[0], x[1], x[2], mode='max')",
     [_const(np.array([1, 2, 0, 4])), (10, 3), _const(np.array([0, 0, 1, 4]))]),
    ("embedding_bag mean all padding", "F.embedding_bag(x[0], x[1], x[2], mode='mean', "
                                       "padding_idx=1)",
     [_const(np.array([1, 1, 0, 4])), (10, 3), _const(np.array([0, 2]))]),
    ("embedding_bag max all padding", "F.embedding_bag(x[0], x[1], x[2], mode='max', "
                                      "padding_idx=1)",
     [_const(np.array([1, 1, 0, 4])), (10, 3), _const(np.array([0, 2]))]),
    ("EmbeddingBag.from_pretrained", "nn.EmbeddingBag.from_pretrained(x[1].detach(), "
                                     "mode='max')(x[0])", [_const(IDX), (10, 3)]),
    ("EmbeddingBag.from_pretrained trainable", "nn.EmbeddingBag.from_pretrained("
                                               "x[1].detach(), freeze=False, padding_idx=2)(x[0])",
     [_const(IDX), (10, 3)]),
]


@pytest.mark.parametrize("code,specs", _params(EMBEDDING_FN_CASES))
def test_embedding_functional(code, specs):
    check_fn(code, specs)


@pytest.mark.parametrize("mode", ["sum", "mean"])
def test_embedding_bag_scale_grad_by_freq_is_embeddings(mode):
    """``scale_grad_by_freq`` divides each row's gradient by its count in the batch, as for
    ``embedding``: the bag equals embedding lookups summed (or averaged) per bag. (PyTorch's
    CPU kernel divides by the count of another index, so it is compared to this form.)"""
    flat = np.array([1, 2, 1, 1, 3, 2, 1])
    offsets = np.array([0, 1, 4])
    weight = RNG.standard_normal((5, 3))
    cot = RNG.standard_normal((3, 3))
    w = torch.tensor(weight, requires_grad=True)
    rows = TF.embedding(torch.tensor(flat), w, scale_grad_by_freq=True)
    bags = torch.stack([rows[0:1].sum(0), rows[1:4].sum(0), rows[4:].sum(0)])
    if mode == "mean":
        bags = bags / torch.tensor([[1.0], [3.0], [3.0]], dtype=torch.float64)
    (bags * torch.tensor(cot)).sum().backward()
    ours_w = ag.tensor(weight, requires_grad=True)
    y = F.embedding_bag(ag.tensor(flat), ours_w, ag.tensor(offsets), mode=mode,
                        scale_grad_by_freq=True)
    (y * ag.tensor(cot)).sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), bags.detach().numpy(), rtol=RTOL)
    np.testing.assert_allclose(ours_w.grad.numpy(), w.grad.numpy(), rtol=RTOL, atol=ATOL)


# -- activations -------------------------------------------------------------------------------

ACT_X = RNG.standard_normal((3, 4, 6)) * 3
ACT_X[0, 0] = [0.0, 1.0, -1.0, 3.0, -3.0, 0.5]  # kinks
ACT_X[0, 1] = [-0.5, 20.0, -20.0, 6.0, 2.0, -2.0]
ACTIVATIONS = [
    "nn.ReLU()", "nn.ReLU6()", "nn.Hardtanh()", "nn.Hardtanh(-2.0, 3.0)",
    "nn.Hardtanh(min_val=-0.5, max_val=0.5)", "nn.LeakyReLU()", "nn.LeakyReLU(0.2)",
    "nn.LeakyReLU(-0.5)", "nn.ELU()", "nn.ELU(alpha=0.5)", "nn.ELU(2.0)", "nn.CELU()",
    "nn.CELU(alpha=0.3)", "nn.CELU(2.0)", "nn.SELU()", "nn.GELU()", "nn.GELU(approximate='tanh')",
    "nn.Softplus()", "nn.Softplus(beta=2.0)", "nn.Softplus(beta=0.5, threshold=2.0)",
    "nn.Softplus(beta=-1.0)", "nn.Threshold(0.5, -2.0)", "nn.Threshold(1.0, 1.0)", "nn.PReLU()",
    "nn.PReLU(4)", "nn.PReLU(init=0.1)", "nn.RReLU(0.1, 0.3)", "nn.Hardswish()",
    "nn.Hardsigmoid()", "nn.Mish()", "nn.SiLU()", "nn.LogSigmoid()", "nn.Softsign()",
    "nn.Tanhshrink()", "nn.Softshrink()", "nn.Softshrink(1.0)", "nn.Hardshrink()",
    "nn.Hardshrink(lambd=1.0)", "nn.Sigmoid()", "nn.Tanh()", "nn.GLU()", "nn.GLU(dim=1)",
    "nn.GLU(0)", "nn.Softmax(dim=0)", "nn.Softmax(dim=1)", "nn.Softmax(dim=-1)",
    "nn.LogSoftmax(dim=1)", "nn.LogSoftmax(-1)", "nn.Softmin(dim=1)", "nn.Softmin(0)",
    "nn.Softmax()", "nn.LogSoftmax()", "nn.Softmin()", "nn.Softmax2d()",
]
ACT_CASES = []
for _ctor in ACTIVATIONS:
    _x = ACT_X[:2] if _ctor == "nn.GLU(0)" else ACT_X
    ACT_CASES.append((_ctor, _ctor, [_x.copy()]))
    if "GLU(0)" not in _ctor and "GLU(dim=1)" not in _ctor and "Softmax2d" not in _ctor:
        ACT_CASES.append((f"{_ctor} 1d", _ctor, [ACT_X[0, 0].copy()]))
ACT_CASES += [
    ("PReLU(4) 4d", "nn.PReLU(4)", [(2, 4, 3, 3)]),
    ("PReLU(4) 2d", "nn.PReLU(4)", [(2, 4)]),
    ("PReLU(4) 1d", "nn.PReLU(4)", [(4,)]),
    ("PReLU 0d", "nn.PReLU()", [np.array(-1.5)]),
    ("Softmax2d 3d", "nn.Softmax2d()", [(4, 3, 3)]),
]


@pytest.mark.parametrize("ctor,specs", _params(ACT_CASES))
def test_activation_module(ctor, specs):
    check_module(ctor, specs, train=False)


ACT_FNS = [
    "F.relu(x[0])", "F.relu6(x[0])", "F.hardtanh(x[0], -1.5, 2.0)", "F.leaky_relu(x[0], 0.3)",
    "F.elu(x[0], 0.7)", "F.celu(x[0], 0.7)", "F.selu(x[0])", "F.gelu(x[0])",
    "F.gelu(x[0], approximate='tanh')", "F.softplus(x[0], 1.5, 5.0)",
    "F.threshold(x[0], 0.1, 20.0)", "F.rrelu(x[0], 0.2, 0.4, training=False)",
    "F.hardswish(x[0])", "F.hardsigmoid(x[0])", "F.mish(x[0])", "F.silu(x[0])",
    "F.logsigmoid(x[0])", "F.softsign(x[0])", "F.tanhshrink(x[0])", "F.softshrink(x[0], 0.7)",
    "F.hardshrink(x[0], 0.7)", "F.glu(x[0], 1)", "F.glu(x[0])", "F.softmax(x[0], 1)",
    "F.log_softmax(x[0], 0)", "F.softmin(x[0], 2)", "F.sigmoid(x[0])", "F.tanh(x[0])",
    # in place on a non-leaf: the gradient still flows through the saved input
    "F.relu(x[0].clone(), inplace=True)", "F.elu(x[0].clone(), inplace=True)",
    "F.leaky_relu(x[0].clone(), 0.2, inplace=True)", "F.hardtanh(x[0].clone(), inplace=True)",
    "F.threshold(x[0].clone(), 0.0, 1.0, inplace=True)", "F.celu(x[0].clone(), inplace=True)",
    "F.selu(x[0].clone(), inplace=True)", "F.rrelu(x[0].clone(), training=False, inplace=True)",
    "F.hardswish(x[0].clone(), inplace=True)", "F.hardsigmoid(x[0].clone(), inplace=True)",
    "F.silu(x[0].clone(), inplace=True)", "F.mish(x[0].clone(), inplace=True)",
    "F.relu6(x[0].clone(), inplace=True)",
    # a nan or inf gradient arriving where relu's output is 0 is dropped
    "F.relu(x[0]) * T.tensor(np.where(np.arange(6) % 2, np.inf, 1.0))",
]


@pytest.mark.parametrize("code", ACT_FNS)
def test_activation_functional(code):
    check_fn(code, [ACT_X.copy()])


KINKS = np.array([-3.0, 3.0, 0.0, -1.0, 1.0, 0.5, -0.5, 20.0, -20.0, 6.0, 1.5, -1.5])


@pytest.mark.parametrize("code", [
    "F.hardswish(x[0])", "F.hardsigmoid(x[0])", "F.relu6(x[0])", "F.hardtanh(x[0])",
    "F.hardtanh(x[0], -1.5, 1.5)", "F.softshrink(x[0], 0.5)", "F.hardshrink(x[0], 0.5)",
    "F.threshold(x[0], 1.0, 5.0)", "F.leaky_relu(x[0], 0.1)", "F.elu(x[0])", "F.celu(x[0], 2.0)",
    "F.softplus(x[0], 1.0, 20.0)", "F.softplus(x[0], 2.0, 3.0)", "F.relu(x[0])",
    "F.prelu(x[0], T.tensor([0.3], dtype=T.float64))", "F.rrelu(x[0])", "F.selu(x[0])"])
def test_activation_at_kinks(code):
    """The gradient PyTorch picks on each kink and at the edges of each piece."""
    check_fn(code, [KINKS.copy()])


@pytest.mark.parametrize("code", ["F.prelu(x[0], x[1])", "F.prelu(x[0][0, 0], x[1][:1])"])
def test_prelu_functional(code):
    check_fn(code, [ACT_X[:, :4].copy(), np.array([0.25, 0.5, 0.1, -0.2])])


def test_rrelu_training_draws_slopes_in_range():
    """Training RReLU (random, so not compared value for value): each negative input is
    scaled by a slope in [lower, upper], its gradient is that slope, positives pass."""
    x = ag.tensor(RNG.standard_normal(2000), requires_grad=True)
    y = nn.RReLU(0.1, 0.3)(x)
    y.sum().backward()
    xs, ys, g = x.detach().numpy(), y.detach().numpy(), x.grad.numpy()
    neg = xs < 0
    slope = ys[neg] / xs[neg]
    assert slope.min() >= 0.1 and slope.max() <= 0.3 and slope.std() > 0.03
    np.testing.assert_allclose(g[neg], slope)
    assert np.all(g[~neg] == 1) and np.all(ys[~neg] == xs[~neg])


# -- losses ------------------------------------------------------------------------------------


def _probs(*shape):
    return RNG.uniform(0.05, 0.95, shape)


def _signs(*shape):
    return _const(RNG.choice([-1.0, 1.0], shape))


REDUCTIONS = ("none", "mean", "sum")
C = 5
TGT = RNG.integers(0, C, (6,))
TGT_K = RNG.integers(0, C, (3, 4, 2))
PROBS = RNG.dirichlet(np.ones(C), 6)
PROBS_K = np.moveaxis(RNG.dirichlet(np.ones(C), (3, 4, 2)), -1, 1)
CLASS_W = _const(np.abs(RNG.standard_normal(C)) + 0.1)
LOSS_CASES = []
for _r in REDUCTIONS:
    _R = f"reduction='{_r}'"
    LOSS_CASES += [
        (f"mse {_r}", f"F.mse_loss(x[0], x[1], {_R})", [(3, 4), (3, 4)]),
        (f"l1 {_r}", f"F.l1_loss(x[0], x[1], {_R})", [(3, 4), (3, 4)]),
        (f"bce {_r}", f"F.binary_cross_entropy(x[0], x[1], {_R})", [_probs(3, 4), _probs(3, 4)]),
        (f"bce weight {_r}", f"F.binary_cross_entropy(x[0], x[1], weight=x[2], {_R})",
         [_probs(3, 4), _probs(3, 4), _const(np.abs(RNG.standard_normal(4)))]),
        (f"bce_logits {_r}", f"F.binary_cross_entropy_with_logits(x[0], x[1], {_R})",
         [(3, 4), _probs(3, 4)]),
        (f"bce_logits pos_weight {_r}",
         f"F.binary_cross_entropy_with_logits(x[0], x[1], pos_weight=x[2], {_R})",
         [(3, 4), _probs(3, 4), _const(np.abs(RNG.standard_normal(4)))]),
        (f"bce_logits pos_weight broadcast weight {_r}",
         f"F.binary_cross_entropy_with_logits(x[0], x[1], weight=x[3], pos_weight=x[2], {_R})",
         [(2, 3, 4), _probs(2, 3, 4), _const(np.abs(RNG.standard_normal((3, 1)))),
          _const(np.abs(RNG.standard_normal((3, 4))))]),
        (f"bce_logits scalar pos_weight {_r}",
         f"F.binary_cross_entropy_with_logits(x[0], x[1], pos_weight=x[2], {_R})",
         [(3, 4), _probs(3, 4), _const(np.array([2.5]))]),
        (f"bce_logits extreme {_r}",
         f"F.binary_cross_entropy_with_logits(x[0], x[1], pos_weight=x[2], {_R})",
         [np.array([[-800.0, 800.0, 30.0, -30.0]]), _probs(1, 4),
          _const(np.array([0.5, 2, 3, 4.0]))]),
    ]
    for _beta in (1.0, 0.5, 0.0, 2.0):
        LOSS_CASES.append((f"smooth_l1 beta={_beta} {_r}",
                           f"nn.SmoothL1Loss({_R}, beta={_beta})(x[0], x[1])", [(3, 4), (3, 4)]))
    for _delta in (1.0, 0.3, 2.5):
        LOSS_CASES.append((f"huber delta={_delta} {_r}",
                           f"nn.HuberLoss({_R}, delta={_delta})(x[0], x[1])", [(3, 4), (3, 4)]))
    for _extra in ["", ", label_smoothing=0.1", ", weight=x[2]",
                   ", weight=x[2], label_smoothing=0.2", ", ignore_index=2",
                   ", ignore_index=2, weight=x[2]",
                   ", ignore_index=2, weight=x[2], label_smoothing=0.3",
                   ", label_smoothing=0.05"]:
        _t, _tk = TGT.copy(), TGT_K.copy()
        if _extra == ", label_smoothing=0.05":  # the default ignore_index
            _t[0], _tk[0, 0] = -100, -100
        LOSS_CASES += [
            (f"cross_entropy{_extra} {_r}", f"F.cross_entropy(x[0], x[1], {_R}{_extra})",
             [(6, C), _const(_t), CLASS_W]),
            (f"cross_entropy K-dim{_extra} {_r}", f"F.cross_entropy(x[0], x[1], {_R}{_extra})",
             [(3, C, 4, 2), _const(_tk), CLASS_W]),
            (f"cross_entropy unbatched{_extra} {_r}",
             f"F.cross_entropy(x[0], x[1], {_R}{_extra})", [(C,), _const(_t[1]), CLASS_W]),
        ]
        if "ignore" not in _extra and "0.05" not in _extra:
            LOSS_CASES += [
                (f"cross_entropy probabilities{_extra} {_r}",
                 f"F.cross_entropy(x[0], x[1], {_R}{_extra})", [(6, C), PROBS, CLASS_W]),
                (f"cross_entropy probabilities K-dim{_extra} {_r}",
                 f"F.cross_entropy(x[0], x[1], {_R}{_extra})", [(3, C, 4, 2), PROBS_K, CLASS_W]),
            ]
        if "smoothing" not in _extra:
            LOSS_CASES += [
                (f"nll{_extra} {_r}", f"F.nll_loss(x[0], x[1], {_R}{_extra})",
                 [(6, C), _const(_t), CLASS_W]),
                (f"nll K-dim{_extra} {_r}", f"F.nll_loss(x[0], x[1], {_R}{_extra})",
                 [(3, C, 4, 2), _const(_tk), CLASS_W]),
            ]
    LOSS_CASES += [
        (f"cross_entropy all ignored {_r}",
         f"F.cross_entropy(x[0], x[1], {_R}, ignore_index=1)", [(3, C), _const([1, 1, 1])]),
        (f"cross_entropy all ignored smoothing {_r}",
         f"F.cross_entropy(x[0], x[1], {_R}, ignore_index=1, label_smoothing=0.1)",
         [(3, C), _const([1, 1, 1])]),
    ]
    for _log_target in (False, True):
        for _kr in (_r, "batchmean") if _r == "mean" else (_r,):
            _tg = _probs(3, 4)
            LOSS_CASES.append((f"kl_div log_target={_log_target} {_kr}",
                               f"F.kl_div(x[0], x[1], reduction='{_kr}', "
                               f"log_target={_log_target})",
                               [np.log(_probs(3, 4)), np.log(_tg) if _log_target else _tg]))
    for _log_input in (True, False):
        for _full in (False, True):
            _inp = RNG.standard_normal((3, 4)) if _log_input else _probs(3, 4) * 3
            _counts = _const(RNG.integers(0, 5, (3, 4)).astype(float))
            LOSS_CASES += [
                (f"poisson_nll log_input={_log_input} full={_full} {_r}",
                 f"F.poisson_nll_loss(x[0], x[1], log_input={_log_input}, full={_full}, {_R})",
                 [_inp, _counts]),
                (f"poisson_nll eps log_input={_log_input} full={_full} {_r}",
                 f"F.poisson_nll_loss(x[0], x[1], log_input={_log_input}, full={_full}, "
                 f"eps=0.5, {_R})", [_inp, _counts]),
            ]
    for _full in (False, True):
        for _eps in (1e-6, 0.5):
            for _vshape in [(3, 4), (3, 1), (3,)]:
                LOSS_CASES.append((f"gaussian_nll full={_full} eps={_eps} var{_vshape} {_r}",
                                   f"F.gaussian_nll_loss(x[0], x[1], x[2], full={_full}, "
                                   f"eps={_eps}, {_R})", [(3, 4), (3, 4), _probs(*_vshape)]))
    LOSS_CASES += [
        (f"gaussian_nll 1d {_r}", f"F.gaussian_nll_loss(x[0], x[1], x[2], {_R})",
         [(4,), (4,), _probs(4)]),
        (f"gaussian_nll one var {_r}", f"F.gaussian_nll_loss(x[0], x[1], x[2], {_R})",
         [(3, 4), (3, 4), _probs(1)]),
        (f"gaussian_nll var 3d {_r}", f"F.gaussian_nll_loss(x[0], x[1], x[2], {_R})",
         [(2, 3, 4), (2, 3, 4), _probs(2, 3, 1)]),
        (f"gaussian_nll float var {_r}", f"F.gaussian_nll_loss(x[0], x[1], 0.5, {_R})",
         [(2, 3, 4), (2, 3, 4)]),
        (f"soft_margin {_r}", f"F.soft_margin_loss(x[0], x[1], {_R})", [(3, 4), _signs(3, 4)]),
        (f"multilabel_soft_margin {_r}", f"F.multilabel_soft_margin_loss(x[0], x[1], {_R})",
         [(3, 4), _const(RNG.choice([0.0, 1.0], (3, 4)))]),
        (f"multilabel_soft_margin weight {_r}",
         f"F.multilabel_soft_margin_loss(x[0], x[1], weight=x[2], {_R})",
         [(3, 4), _const(RNG.choice([0.0, 1.0], (3, 4))),
          _const(np.abs(RNG.standard_normal(4)))]),
        (f"multilabel_margin {_r}", f"F.multilabel_margin_loss(x[0], x[1], {_R})",
         [(3, 4), _const([[3, 0, -1, 1], [0, 1, 2, 3], [-1, 1, 2, 0]])]),
        (f"multilabel_margin 1d {_r}", f"F.multilabel_margin_loss(x[0], x[1], {_R})",
         [(4,), _const([3, 0, -1, 1])]),
        (f"multi_margin 1d {_r}", f"F.multi_margin_loss(x[0], x[1], {_R})",
         [(5,), _const(np.array(3))]),
        (f"cosine_embedding 1d {_r}", f"F.cosine_embedding_loss(x[0], x[1], x[2], {_R})",
         [(5,), (5,), _const(np.array(-1))]),
        (f"triplet_margin 1d {_r}", f"F.triplet_margin_loss(x[0], x[1], x[2], {_R})",
         [(5,), (5,), (5,)]),
    ]
    for _m in (0.0, 0.5):
        LOSS_CASES.append((f"margin_ranking margin={_m} {_r}",
                           f"nn.MarginRankingLoss(margin={_m}, {_R})(x[0], x[1], x[2])",
                           [(5,), (5,), _const([1.0, -1, 1, -1, 1])]))
    for _m in (1.0, 0.3):
        LOSS_CASES.append((f"hinge_embedding margin={_m} {_r}",
                           f"nn.HingeEmbeddingLoss(margin={_m}, {_R})(x[0], x[1])",
                           [(3, 4), _signs(3, 4)]))
    for _p in (1, 2):
        for _m in (1.0, 0.5):
            LOSS_CASES += [
                (f"multi_margin p={_p} margin={_m} {_r}",
                 f"F.multi_margin_loss(x[0], x[1], p={_p}, margin={_m}, {_R})",
                 [(4, 5), _const([0, 4, 2, 1])]),
                (f"multi_margin weight p={_p} margin={_m} {_r}",
                 f"F.multi_margin_loss(x[0], x[1], p={_p}, margin={_m}, weight=x[2], {_R})",
                 [(4, 5), _const([0, 4, 2, 1]), _const(np.abs(RNG.standard_normal(5)))]),
            ]
    for _m in (0.0, 0.3, -0.2):
        LOSS_CASES.append((f"cosine_embedding margin={_m} {_r}",
                           f"F.cosine_embedding_loss(x[0], x[1], x[2], margin={_m}, {_R})",
                           [(4, 5), (4, 5), _const([1, -1, 1, -1])]))
    for _extra in ["", ", swap=True", ", p=1", ", p=3, swap=True", ", margin=2.0", ", eps=0.1"]:
        LOSS_CASES.append((f"triplet_margin{_extra} {_r}",
                           f"nn.TripletMarginLoss({_R}{_extra})(x[0], x[1], x[2])",
                           [(4, 5), (4, 5), (4, 5)]))
    for _extra in ["", ", swap=True", ", margin=0.3",
                   ", distance_function=nn.PairwiseDistance(p=1)",
                   ", distance_function=lambda a, b: 1 - F.cosine_similarity(a, b), swap=True"]:
        LOSS_CASES.append((f"triplet_margin_with_distance{_extra} {_r}",
                           f"nn.TripletMarginWithDistanceLoss({_R}{_extra})(x[0], x[1], x[2])",
                           [(4, 5), (4, 5), (4, 5)]))
    # CTC on log_softmax outputs (see the module docstring)
    for _blank in (0, 4):
        _tg = RNG.integers(1, 5, (3, 4)) if _blank == 0 else RNG.integers(0, 4, (3, 4))
        for _zero_inf in (False, True):
            _CTC = f"blank={_blank}, zero_infinity={_zero_inf}, {_R}"
            LOSS_CASES += [
                (f"ctc padded {_CTC}",
                 f"F.ctc_loss(x[0].log_softmax(2), x[1], x[2], x[3], {_CTC})",
                 [(12, 3, 5), _const(_tg), _const([12, 10, 8]), _const([4, 3, 0])]),
                (f"ctc concatenated {_CTC}",
                 f"F.ctc_loss(x[0].log_softmax(2), x[1], x[2], x[3], {_CTC})",
                 [(12, 3, 5), _const(_tg[:, :2].reshape(-1)), _const([12, 10, 8]),
                  _const([2, 2, 2])]),
                (f"ctc impossible {_CTC}",
                 f"F.ctc_loss(x[0].log_softmax(2), x[1], x[2], x[3], {_CTC})",
                 [(12, 3, 5), _const(_tg), _const([12, 3, 8]), _const([4, 4, 2])]),
                (f"ctc module {_CTC}",
                 f"nn.CTCLoss({_CTC})(x[0].log_softmax(2), x[1], (12, 10, 8), (4, 3, 2))",
                 [(12, 3, 5), _const(_tg)]),
            ]
        LOSS_CASES += [
            (f"ctc unbatched blank={_blank} {_r}",
             f"F.ctc_loss(x[0].log_softmax(1), x[1], x[2], x[3], blank={_blank}, {_R})",
             [(12, 5), _const(_tg[0]), _const(np.array(12)), _const(np.array(4))]),
            (f"ctc repeated labels blank={_blank} {_r}",
             f"F.ctc_loss(x[0].log_softmax(2), x[1], x[2], x[3], blank={_blank}, {_R})",
             [(12, 3, 5), _const(np.full((3, 4), 1 if _blank == 0 else 2)),
              _const([12, 10, 8]), _const([4, 3, 2])]),
        ]
for _r in REDUCTIONS:  # hinges exactly at their kinks, empty batches, saturated inputs
    _R = f"reduction='{_r}'"
    LOSS_CASES += [
        (f"multilabel_margin at the kink {_r}", f"F.multilabel_margin_loss(x[0], x[1], {_R})",
         [np.array([[0.5, 0.5, -0.5, 0.5]]), _const([[0, -1, 1, 2]])]),
        (f"multi_margin at the kink {_r}", f"F.multi_margin_loss(x[0], x[1], {_R})",
         [np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 1.5]]), _const([0, 2])]),
        (f"multi_margin p=2 at the kink {_r}", f"F.multi_margin_loss(x[0], x[1], p=2, {_R})",
         [np.array([[1.0, 0.0, 0.0]]), _const([0])]),
        (f"l1 at the kink {_r}", f"F.l1_loss(x[0], x[1], {_R})",
         [np.array([1.0, 2.0]), np.array([1.0, 3.0])]),
        (f"smooth_l1 at beta {_r}", f"F.smooth_l1_loss(x[0], x[1], beta=1.0, {_R})",
         [np.array([1.0, 2.0, 0.0]), np.array([0.0, 3.0, 0.0])]),
        (f"huber at delta {_r}", f"F.huber_loss(x[0], x[1], delta=1.0, {_R})",
         [np.array([1.0, 2.0, 0.0]), np.array([0.0, 3.0, 0.0])]),
        (f"margin_ranking at the kink {_r}",
         f"F.margin_ranking_loss(x[0], x[1], x[2], margin=0.0, {_R})",
         [np.array([1.0, 2.0]), np.array([1.0, 3.0]), _const([1.0, -1.0])]),
        (f"triplet_margin zero distances {_r}", f"F.triplet_margin_loss(x[0], x[1], x[2], {_R})",
         [np.ones((2, 3)), np.ones((2, 3)), np.zeros((2, 3))]),
        (f"cosine_embedding zero input {_r}",
         f"F.cosine_embedding_loss(x[0], x[1], x[2], {_R})",
         [np.zeros((2, 3)), (2, 3), _const([1, -1])]),
        (f"hinge_embedding negative margin {_r}",
         f"F.hinge_embedding_loss(x[0], x[1], margin=-0.5, {_R})", [(3, 4), _signs(3, 4)]),
        (f"bce at 0 and 1 {_r}", f"F.binary_cross_entropy(x[0], x[1], {_R})",
         [np.array([0.0, 1.0, 0.5]), _const([0.0, 1.0, 1.0])]),
        (f"gaussian_nll zero var {_r}", f"F.gaussian_nll_loss(x[0], x[1], x[2], {_R})",
         [(2, 3), (2, 3), np.zeros((2, 3))]),
        (f"nll empty batch {_r}", f"F.nll_loss(x[0], x[1], {_R})",
         [(0, 5), _const(np.zeros(0, dtype=np.int64))]),
        (f"cross_entropy empty batch {_r}", f"F.cross_entropy(x[0], x[1], {_R})",
         [(0, 5), _const(np.zeros(0, dtype=np.int64))]),
        (f"mse empty {_r}", f"F.mse_loss(x[0], x[1], {_R})", [(0, 5), (0, 5)]),
        (f"cross_entropy probabilities ignore_index {_r}",
         f"F.cross_entropy(x[0], x[1], ignore_index=2, {_R})", [(6, C), PROBS]),
    ]
LOSS_MODULE_CASES = []
for _r in REDUCTIONS:
    _R = f"reduction='{_r}'"
    LOSS_MODULE_CASES += [
        (f"BCELoss weight {_r}", f"nn.BCELoss(weight=T.tensor(np.linspace(0.5, 2, 4)), {_R})",
         [_probs(3, 4), _probs(3, 4)]),
        (f"BCEWithLogitsLoss {_r}", "nn.BCEWithLogitsLoss(pos_weight=T.tensor([1.0, 2.0, 0.5, "
                                    "3.0], dtype=T.float64), weight=T.tensor([[1.0], [2.0], "
                                    f"[0.5]], dtype=T.float64), {_R})", [(3, 4), _probs(3, 4)]),
        (f"CrossEntropyLoss {_r}", f"nn.CrossEntropyLoss(weight=T.tensor(np.linspace(0.5, 2, {C})),"
                                   f" ignore_index=1, {_R}, label_smoothing=0.15)",
         [(3, C, 4), _const(TGT_K[..., 0])]),
        (f"NLLLoss {_r}", f"nn.NLLLoss(weight=T.tensor(np.linspace(0.5, 2, {C})), "
                          f"ignore_index=1, {_R})", [(3, C, 4), _const(TGT_K[..., 0])]),
        (f"MultiLabelSoftMarginLoss {_r}", "nn.MultiLabelSoftMarginLoss(weight=T.tensor("
                                           f"[1.0, 2.0, 0.5, 3.0], dtype=T.float64), {_R})",
         [(3, 4), _const(RNG.choice([0.0, 1.0], (3, 4)))]),
        (f"MultiMarginLoss {_r}", "nn.MultiMarginLoss(p=2, margin=0.7, weight=T.tensor("
                                  f"np.linspace(0.5, 2, 5)), {_R})",
         [(4, 5), _const([0, 4, 2, 1])]),
        (f"CosineEmbeddingLoss {_r}", f"nn.CosineEmbeddingLoss(margin=0.2, {_R})",
         [(4, 5), (4, 5), _const([1, -1, 1, -1])]),
        (f"KLDivLoss log_target {_r}", f"nn.KLDivLoss({_R}, log_target=True)",
         [np.log(_probs(3, 4)), np.log(_probs(3, 4))]),
        (f"PoissonNLLLoss {_r}", f"nn.PoissonNLLLoss(log_input=False, full=True, {_R})",
         [_probs(3, 4) * 3, _const(RNG.integers(0, 5, (3, 4)).astype(float))]),
        (f"GaussianNLLLoss {_r}", f"nn.GaussianNLLLoss(full=True, eps=0.5, {_R})",
         [(3, 4), (3, 4), _probs(3, 4)]),
    ]


@pytest.mark.parametrize("code,specs", _params(LOSS_CASES))
def test_loss_functional(code, specs):
    check_fn(code, specs)


@pytest.mark.parametrize("ctor,specs", _params(LOSS_MODULE_CASES))
def test_loss_module(ctor, specs):
    check_module(ctor, specs)


def test_ctc_gradient_is_the_derivative_of_the_loss():
    """For log-probabilities used directly, ctc_loss's gradient is the loss's derivative
    (``-posterior``), which PyTorch's differs from by ``exp(log_probs)`` (its backward
    assumes a log_softmax in front): checked by finite differences."""
    lp = ag.tensor(np.log(RNG.dirichlet(np.ones(4), (6, 2))), requires_grad=True)
    args = (ag.tensor([[1, 2], [3, 3]]), [6, 5], [2, 2])
    assert ag.autograd.gradcheck(lambda t: F.ctc_loss(t, *args, reduction="sum"), (lp,))


# -- resampling and spatial transformers -------------------------------------------------------

RESAMPLE_CASES = []
_SHAPES = {1: (2, 3, 7), 2: (2, 3, 5, 6), 3: (1, 2, 4, 5, 3)}
_MODES = {1: ["nearest", "nearest-exact", "linear", "area"],
          2: ["nearest", "nearest-exact", "bilinear", "bicubic", "area"],
          3: ["nearest", "nearest-exact", "trilinear", "area"]}
for _d, _shape in _SHAPES.items():
    for _mode in _MODES[_d]:
        for _ac in ([None] if _mode in ("nearest", "nearest-exact", "area") else [False, True]):
            _acs = "" if _ac is None else f", align_corners={_ac}"
            for _size in [[11, 4, 7][:_d], [3, 9, 2][:_d], 13]:
                RESAMPLE_CASES.append((f"interpolate {_d}d {_mode} size={_size}{_acs}",
                                       f"F.interpolate(x[0], size={_size}, mode='{_mode}'{_acs})",
                                       [_shape]))
            for _sf in [2, 0.5, 1.7, [1.5, 2.3, 0.6][:_d], 0.37]:
                for _rsf in (None, True):
                    RESAMPLE_CASES.append((
                        f"interpolate {_d}d {_mode} scale={_sf} recompute={_rsf}{_acs}",
                        f"F.interpolate(x[0], scale_factor={_sf}, mode='{_mode}', "
                        f"recompute_scale_factor={_rsf}{_acs})", [_shape]))
            if _mode in ("bilinear", "bicubic"):
                RESAMPLE_CASES.append((f"interpolate {_mode} antialias=False{_acs}",
                                       f"F.interpolate(x[0], size=(3, 9), mode='{_mode}', "
                                       f"antialias=False{_acs})", [_shape]))
for _d, _shape, _gshape in ((2, (2, 3, 5, 6), (2, 4, 7, 2)), (3, (2, 2, 4, 5, 3), (2, 3, 4, 2, 3)),
                            (2, (1, 2, 1, 6), (1, 3, 3, 2))):
    _grid = RNG.uniform(-1.3, 1.3, _gshape)
    _wide = RNG.uniform(-4, 4, _gshape)  # reflected more than once
    _exact = RNG.choice([-1.0, 1.0, 0.0, -0.5, 0.5, 1.5, -3.0], _gshape)  # pixels and edges
    for _mode in ["bilinear", "nearest"] + (["bicubic"] if _d == 2 else []):
        for _pm in ["zeros", "border", "reflection"]:
            for _ac in (False, True):
                for _name, _g in (("", _grid), (" wide", _wide), (" exact", _exact)):
                    RESAMPLE_CASES.append((
                        f"grid_sample {_shape} {_mode} {_pm} align_corners={_ac}{_name}",
                        f"F.grid_sample(x[0], x[1], mode='{_mode}', padding_mode='{_pm}', "
                        f"align_corners={_ac})", [_shape, _g.copy()]))
for _d, _shape in ((2, (2, 3, 5, 6)), (3, (2, 2, 4, 5, 3))):
    for _ac in (False, True):
        _theta = RNG.standard_normal((2, _d, _d + 1))
        RESAMPLE_CASES += [
            (f"affine_grid {_d}d align_corners={_ac}",
             f"F.affine_grid(x[0], {list(_shape)}, align_corners={_ac})", [_theta]),
            (f"affine_grid then grid_sample {_d}d align_corners={_ac}",
             f"F.grid_sample(x[1], F.affine_grid(x[0], {list(_shape)}, align_corners={_ac}), "
             f"align_corners={_ac})", [_theta * 0.5, _shape]),
        ]
RESAMPLE_CASES += [
    ("affine_grid one row", "F.affine_grid(x[0], [1, 1, 1, 4], align_corners=False)",
     [(1, 2, 3)]),
    ("affine_grid one row corners", "F.affine_grid(x[0], [1, 1, 1, 4], align_corners=True)",
     [(1, 2, 3)]),
    ("pixel_shuffle", "F.pixel_shuffle(x[0], 2)", [(2, 8, 3, 4)]),
    ("pixel_shuffle 5d", "F.pixel_shuffle(x[0], 3)", [(2, 3, 9, 2, 2)]),
    ("pixel_shuffle unbatched", "F.pixel_shuffle(x[0], 2)", [(4, 3, 2)]),
    ("pixel_unshuffle", "F.pixel_unshuffle(x[0], 2)", [(2, 3, 4, 6)]),
    ("pixel_unshuffle unbatched", "F.pixel_unshuffle(x[0], 3)", [(2, 3, 6)]),
    ("cosine_similarity", "F.cosine_similarity(x[0], x[1])", [(3, 4), (3, 4)]),
    ("cosine_similarity dim0 broadcast", "F.cosine_similarity(x[0], x[1], dim=0)",
     [(3, 4), (3, 1)]),
    ("cosine_similarity eps clamps", "F.cosine_similarity(x[0], x[1], dim=-1, eps=10.0)",
     [(3, 4), (4,)]),
    ("cosine_similarity zero", "F.cosine_similarity(x[0], x[1])", [np.zeros((2, 3)), (2, 3)]),
    ("cosine_similarity 1d", "F.cosine_similarity(x[0], x[1], dim=0)", [(4,), (4,)]),
    ("pdist duplicate rows", "F.pdist(x[0])", [np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]])]),
    ("pdist one row", "F.pdist(x[0])", [(1, 3)]),
    ("one_hot", "F.one_hot(x[0])", [_const([0, 3, 1, 2])]),
    ("one_hot num_classes", "F.one_hot(x[0], num_classes=6)", [_const([[0, 3], [1, 2]])]),
    ("one_hot 0d", "F.one_hot(x[0], 4)", [_const(np.array(2))]),
    ("one_hot empty", "F.one_hot(x[0], 4)", [_const(np.zeros((0,), dtype=np.int64))]),
    ("one_hot class too large", "F.one_hot(x[0], 2)", [_const([0, 3])]),
    ("one_hot negative", "F.one_hot(x[0])", [_const([0, -1])]),
    ("one_hot float", "F.one_hot(x[0])", [_const([0.0, 1.0])]),
    ("one_hot empty inferred", "F.one_hot(x[0])", [_const(np.zeros((0,), dtype=np.int64))]),
]
for _opts in ["", ", p=1", ", p=3", ", p=float('inf')", ", eps=0.5", ", keepdim=True"]:
    RESAMPLE_CASES += [
        (f"pairwise_distance{_opts}", f"F.pairwise_distance(x[0], x[1]{_opts})",
         [(3, 4), (3, 4)]),
        (f"pairwise_distance broadcast{_opts}", f"F.pairwise_distance(x[0], x[1]{_opts})",
         [(3, 4), (4,)]),
        (f"pairwise_distance 1d{_opts}", f"F.pairwise_distance(x[0], x[1]{_opts})",
         [(4,), (4,)]),
    ]
for _p in ["2", "1", "3", "float('inf')", "0.5"]:
    RESAMPLE_CASES.append((f"pdist p={_p}", f"F.pdist(x[0], p={_p})", [(5, 3)]))
for _opts in ["2", "(2, 3)", "3, dilation=2", "(2, 3), padding=1, stride=(2, 1)",
              "3, dilation=(1, 2), padding=(2, 0), stride=2"]:
    RESAMPLE_CASES += [
        (f"unfold {_opts}", f"F.unfold(x[0], {_opts})", [(2, 3, 7, 8)]),
        (f"unfold unbatched {_opts}", f"F.unfold(x[0], {_opts})", [(3, 7, 8)]),
        (f"fold of unfold {_opts}", f"F.fold(F.unfold(x[0], {_opts}), (7, 8), {_opts})",
         [(2, 3, 7, 8)]),
        (f"fold of unfold unbatched {_opts}", f"F.fold(F.unfold(x[0], {_opts}), (7, 8), {_opts})",
         [(3, 7, 8)]),
    ]
for _d, _shape in ((1, (2, 3, 6)), (2, (2, 3, 5, 6)), (3, (1, 2, 4, 5, 6))):
    for _mode in ("constant", "reflect", "replicate", "circular"):
        for _pad in ([1, 2], [0, 3], [2, 2, 1, 0], [1, 0, 2, 3, 1, 1], [-1, 2], [2, -1, -2, 1],
                     [-1, -1, 1, 3, 0, -2], [5, 5]):
            if len(_pad) <= 2 * _d:
                RESAMPLE_CASES += [
                    (f"pad {_d}d {_mode} {_pad}", f"F.pad(x[0], {_pad}, mode='{_mode}')",
                     [_shape]),
                    (f"pad {_d}d {_mode} {_pad} unbatched",
                     f"F.pad(x[0], {_pad}, mode='{_mode}')", [_shape[1:]]),
                ]
    RESAMPLE_CASES.append((f"pad {_d}d value", "F.pad(x[0], [1, 1], value=2.5)", [_shape]))
RESAMPLE_CASES += [
    ("pad negative with value", "F.pad(x[0], [-2, 1, 0, 0], value=2.5)", [(2, 3, 5, 6)]),
    ("pad 1d tensor", "F.pad(x[0], [1, 2])", [(4,)]),
    ("pad four dims", "F.pad(x[0], [1, 2, 0, 1, 1, 1, 1, 0])", [(2, 3, 4, 5)]),
]


@pytest.mark.parametrize("code,specs", _params(RESAMPLE_CASES))
def test_resample_functional(code, specs):
    check_fn(code, specs)


RESAMPLE_MODULE_CASES = [
    ("Upsample nearest", "nn.Upsample(scale_factor=2, mode='nearest')", [(2, 3, 5, 6)], None),
    ("Upsample linear", "nn.Upsample(size=9, mode='linear', align_corners=True)", [(2, 3, 7)],
     None),
    ("Upsample trilinear", "nn.Upsample(scale_factor=1.5, mode='trilinear')",
     [(1, 2, 4, 5, 3)], None),
    ("UpsamplingNearest2d", "nn.UpsamplingNearest2d(scale_factor=2)", [(2, 3, 5, 6)], None),
    ("UpsamplingBilinear2d", "nn.UpsamplingBilinear2d(size=(7, 4))", [(2, 3, 5, 6)], None),
    ("PixelShuffle", "nn.PixelShuffle(2)", [(2, 8, 3, 4)], None),
    ("PixelUnshuffle", "nn.PixelUnshuffle(2)", [(2, 3, 4, 6)], None),
    ("Unfold", "nn.Unfold((2, 3), padding=1, stride=(2, 1))", [(2, 3, 7, 8)], None),
    ("Fold", "nn.Fold((7, 8), 3, dilation=(1, 2), padding=(2, 0), stride=2)", [(2, 3, 7, 8)],
     "m(F.unfold(x[0], 3, dilation=(1, 2), padding=(2, 0), stride=2))"),
    ("CosineSimilarity", "nn.CosineSimilarity(dim=0, eps=1e-3)", [(3, 4), (3, 4)], None),
    ("PairwiseDistance", "nn.PairwiseDistance(p=1, keepdim=True)", [(3, 4), (3, 4)], None),
]
for _cls, _shape, _pad in [
        ("ReflectionPad1d", (2, 3, 6), "(2, 1)"), ("ReflectionPad2d", (2, 3, 5, 6), "(1, 2, 2, 0)"),
        ("ReflectionPad3d", (1, 2, 4, 5, 6), "1"), ("ReplicationPad1d", (2, 3, 6), "3"),
        ("ReplicationPad2d", (2, 3, 5, 6), "(1, 2, 2, 0)"),
        ("ReplicationPad3d", (1, 2, 4, 5, 6), "(1, 2, 0, 1, 2, 1)"),
        ("ZeroPad1d", (2, 3, 6), "(2, -1)"), ("ZeroPad2d", (2, 3, 5, 6), "(1, 2, -2, 0)"),
        ("ZeroPad3d", (1, 2, 4, 5, 6), "1"), ("ConstantPad1d", (2, 3, 6), "(2, 1), 3.5"),
        ("ConstantPad2d", (2, 3, 5, 6), "1, -1.0"),
        ("ConstantPad3d", (1, 2, 4, 5, 6), "(1, 0, 0, 1, 2, 0), 0.5"),
        ("CircularPad1d", (2, 3, 6), "(2, 1)"), ("CircularPad2d", (2, 3, 5, 6), "(1, 2, 2, 0)"),
        ("CircularPad3d", (1, 2, 4, 5, 6), "1")]:
    RESAMPLE_MODULE_CASES.append((f"{_cls}({_pad})", f"nn.{_cls}({_pad})", [_shape], None))


@pytest.mark.parametrize("ctor,specs,call", _params(RESAMPLE_MODULE_CASES))
def test_resample_module(ctor, specs, call):
    check_module(ctor, specs, call)


# -- reprs -------------------------------------------------------------------------------------

REPRS = [
    "nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=1, dilation=2, groups=2, bias=False, "
    "padding_mode='reflect')", "nn.Conv1d(4, 6, 3, padding='valid')",
    "nn.ConvTranspose2d(4, 6, 3, stride=2, output_padding=1, groups=2, dilation=2, bias=False)",
    "nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True, return_indices=True)",
    "nn.AvgPool2d(3, 2, 1, True, False, 4)", "nn.LPPool2d(2, 3, stride=2, ceil_mode=True)",
    "nn.AdaptiveAvgPool2d((None, 3))", "nn.AdaptiveMaxPool3d(2, return_indices=True)",
    "nn.MaxUnpool2d(2, stride=1, padding=1)", "nn.BatchNorm2d(3, momentum=None, affine=False)",
    "nn.InstanceNorm2d(3, affine=True, track_running_stats=True)",
    "nn.GroupNorm(2, 4, affine=False)",
    "nn.LayerNorm((3, 4), elementwise_affine=False)", "nn.LayerNorm(4, bias=False)",
    "nn.RMSNorm((3, 4), eps=1e-3, elementwise_affine=False)", "nn.LocalResponseNorm(3)",
    "nn.Embedding(10, 3, padding_idx=1, max_norm=1.0, norm_type=3.0, scale_grad_by_freq=True)",
    "nn.EmbeddingBag(10, 3, mode='max', padding_idx=0, include_last_offset=True)",
    "nn.EmbeddingBag(10, 3, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True)",
    "nn.PReLU(4, init=0.3)", "nn.RReLU(0.1, 0.2, inplace=True)", "nn.Hardtanh(-2.0, 3.0, True)",
    "nn.Softplus(2.0, 10.0)", "nn.Threshold(0.1, 2.0, True)", "nn.GELU('tanh')",
    "nn.CELU(0.5, True)", "nn.SELU(True)", "nn.Mish(True)", "nn.Hardswish(True)",
    "nn.Hardsigmoid(True)", "nn.Softshrink(0.3)", "nn.GLU(1)", "nn.Softmax2d()",
    "nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)",
    "nn.Unfold(2, dilation=2, padding=1, stride=2)", "nn.Fold((4, 5), 2)",
    "nn.ReflectionPad2d((1, 2, 3, 4))", "nn.ConstantPad1d(2, 3.5)",
    "nn.PairwiseDistance(p=1, keepdim=True)", "nn.TripletMarginWithDistanceLoss(margin=0.3)",
    "nn.TripletMarginWithDistanceLoss(distance_function=nn.CosineSimilarity())",
    "nn.CTCLoss(blank=3)",
]


@pytest.mark.parametrize("ctor", REPRS)
def test_repr(ctor):
    theirs = repr(eval(ctor, {"nn": torch.nn, "T": torch}))
    assert repr(eval(ctor, {"nn": nn, "T": ag})) == theirs
