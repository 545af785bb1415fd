"""Everyday PyTorch idioms run under both libraries and compared.

Each snippet is PyTorch code written against the names ``T`` (``torch`` / ``autograd``),
``nn``, ``F``, ``O`` (``torch.optim`` / ``nn.optim``), ``LS`` (their ``lr_scheduler``) and
``D`` (``torch.utils.data`` / ``nn.data``); it leaves its result in ``out``. The snippet runs
once per library and the results are compared: tensors by dtype, shape and values, strings
(reprs) exactly up to the ``torch.`` prefix of dtypes, containers item by item, and a raised
exception by type (ours must be an instance of PyTorch's type).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn import data, optim
from nn import functional as F
from nn.optim import lr_scheduler
from tests.conftest import torch_or_skip

torch = torch_or_skip()

OURS = {"T": ag, "nn": nn, "F": F, "O": optim, "LS": lr_scheduler, "D": data}
THEIRS = {"T": torch, "nn": torch.nn, "F": torch.nn.functional, "O": torch.optim,
          "LS": torch.optim.lr_scheduler, "D": torch.utils.data}


class _Raised:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"raised {type(self.error).__name__}: {self.error}"


def _norm(value):
    """A library-neutral form of a snippet's result."""
    if isinstance(value, ag.Tensor | torch.Tensor):
        array = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else (
            value.detach().numpy())
        return ("tensor", str(array.dtype), array.shape, array.astype(np.float64))
    if isinstance(value, torch.Size):
        return tuple(value)
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    if isinstance(value, np.dtype):
        return str(value)
    if isinstance(value, str):
        return value.replace("torch.", "")
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_norm(v) for v in value)
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, value.astype(np.float64))
    if isinstance(value, np.generic):
        return value.item()
    return value


def _same(ours, theirs, path="out") -> None:
    if isinstance(theirs, _Raised):
        assert isinstance(ours, _Raised), f"{path}: PyTorch raised {theirs!r}, we gave {ours!r}"
        assert isinstance(ours.error, type(theirs.error)), f"{path}: {ours!r} vs {theirs!r}"
        return
    assert not isinstance(ours, _Raised), f"{path}: we {ours!r}, PyTorch gave {theirs!r}"
    if isinstance(theirs, tuple) and theirs[:1] in (("tensor",), ("array",)):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours} vs {theirs}"
        np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-5, atol=1e-6, err_msg=path)
        return
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), f"{path}: {ours} vs {theirs}"
        for k in theirs:
            _same(ours[k], theirs[k], f"{path}[{k!r}]")
        return
    if isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (
            f"{path}: {ours} vs {theirs}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]")
        return
    if isinstance(theirs, float) and isinstance(ours, float):
        assert math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-9) or (
            math.isnan(ours) and math.isnan(theirs)), f"{path}: {ours} vs {theirs}"
        return
    assert ours == theirs, f"{path}:\n  ours:   {ours!r}\n  theirs: {theirs!r}"


def _run(code: str, names: dict):
    scope = {"np": np, "math": math, **names}
    try:
        exec(code, scope)
    except Exception as error:  # the error itself is the result compared
        return _Raised(error)
    return _norm(scope.get("out"))


def check(code: str) -> None:
    """Run ``code`` under both libraries and compare what it leaves in ``out``."""
    theirs = _run(code, THEIRS)
    ours = _run(code, OURS)
    _same(ours, theirs)


def _ids(cases):
    return [c[0] for c in cases]


# -- Module APIs -------------------------------------------------------------------------------
NET = ("net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), "
       "nn.Sequential(nn.Linear(3, 3), nn.Tanh()), nn.Linear(3, 1)); ")
SHARED = "lin = nn.Linear(2, 2); s = nn.Sequential(lin, nn.ReLU(), lin); "

MODULE_CASES = [
    ("named_modules", NET + "out = [n for n, _ in net.named_modules()]"),
    ("named_modules_prefix", NET + "out = [n for n, _ in net.named_modules(prefix='m')]"),
    ("named_parameters_prefix", NET + "out = [n for n, _ in net.named_parameters(prefix='m')]"),
    ("named_parameters_no_recurse", NET + "out = [n for n, _ in net[0].named_parameters("
                                          "recurse=False)]"),
    ("modules_order", NET + "out = [type(m).__name__ for m in net.modules()]"),
    ("children", NET + "out = [type(m).__name__ for m in net.children()]"),
    ("named_children", NET + "out = [n for n, _ in net.named_children()]"),
    ("state_dict_keys_shapes", NET + "out = [(k, tuple(v.shape)) for k, v in "
                                     "net.state_dict().items()]"),
    ("parameters_order", NET + "out = [tuple(p.shape) for p in net.parameters()]"),
    ("repr_nested", NET + "out = repr(net)"),
    ("shared_named_parameters", SHARED + "out = [n for n, _ in s.named_parameters()]"),
    ("shared_named_parameters_all", SHARED + "out = [n for n, _ in "
                                             "s.named_parameters(remove_duplicate=False)]"),
    ("shared_named_modules", SHARED + "out = [n for n, _ in s.named_modules()]"),
    ("shared_named_modules_all", SHARED + "out = [n for n, _ in "
                                          "s.named_modules(remove_duplicate=False)]"),
    ("shared_state_dict", SHARED + "out = list(s.state_dict())"),
    ("shared_parameters_count", SHARED + "out = len(list(s.parameters()))"),
    ("buffer_not_persistent", "m = nn.Linear(2, 2); m.register_buffer('b', T.zeros(2), "
                              "persistent=False); m.register_buffer('c', T.ones(1)); "
                              "out = (list(m.state_dict()), [n for n, _ in m.named_buffers()])"),
    ("buffer_none", "m = nn.Linear(2, 2); m.register_buffer('b', None); "
                    "out = (list(m.state_dict()), [n for n, _ in m.named_buffers()], m.b)"),
    ("load_strict_false", "m = nn.Linear(2, 2); r = m.load_state_dict({'weight': T.zeros(2, 2), "
                          "'extra': T.zeros(1)}, strict=False); "
                          "out = (r.missing_keys, r.unexpected_keys, repr(r), m.weight)"),
    ("load_strict_result", "m = nn.Linear(2, 2); out = repr(m.load_state_dict("
                           "{'weight': T.zeros(2, 2), 'bias': T.ones(2)}))"),
    ("load_missing_raises", "m = nn.Linear(2, 2); m.load_state_dict({'weight': T.zeros(2, 2)})"),
    ("load_shape_raises", "m = nn.Linear(2, 2); m.load_state_dict({'weight': T.zeros(3, 2), "
                          "'bias': T.zeros(2)}, strict=False)"),
    ("load_nested_strict_false", "s = nn.Sequential(nn.Linear(2, 2)); r = s.load_state_dict("
                                 "{'0.weight': T.ones(2, 2), '0.bias': T.ones(2), "
                                 "'1.weight': T.ones(1)}, strict=False); "
                                 "out = (r.missing_keys, r.unexpected_keys)"),
    ("load_bn_without_counter", "m = nn.BatchNorm1d(2); sd = m.state_dict(); "
                                "del sd['num_batches_tracked']; r = m.load_state_dict(sd); "
                                "out = (r.missing_keys, r.unexpected_keys)"),
    ("train_eval_propagation", "s = nn.Sequential(nn.Linear(2, 2), nn.Dropout()); s.eval(); "
                               "out = [m.training for m in s.modules()]; s.train(); "
                               "out += [m.training for m in s.modules()]; s[1].eval(); "
                               "out += [s.training, s[1].training]"),
    ("train_non_bool_raises", "nn.Linear(2, 2).train('x')"),
    ("returns_self", "m = nn.Linear(2, 2); out = (m.eval() is m, m.requires_grad_() is m, "
                     "m.float() is m, m.apply(lambda x: None) is m, m.train(False) is m)"),
    ("requires_grad_", "s = nn.Sequential(nn.Linear(2, 2)); s.requires_grad_(False); "
                       "out = [p.requires_grad for p in s.parameters()]"),
    ("apply_order", "s = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU())); names = []; "
                    "s.apply(lambda m: names.append(type(m).__name__)); out = names"),
    ("zero_grad_to_none", "m = nn.Linear(2, 2); m.weight.grad = T.ones(2, 2); m.zero_grad(); "
                          "out = m.weight.grad"),
    ("zero_grad_to_zeros", "m = nn.Linear(2, 2); m.weight.grad = T.ones(2, 2); "
                           "m.zero_grad(set_to_none=False); out = m.weight.grad"),
    ("double_keeps_counter", "m = nn.BatchNorm1d(2); m.double(); "
                             "out = (m.num_batches_tracked.dtype, m.running_mean.dtype)"),
    ("to_int_raises", "nn.Linear(2, 2).to(T.int64)"),
    ("bias_none", "m = nn.Linear(2, 2); m.bias = None; "
                  "out = (repr(m), list(m.state_dict()), m(T.ones(1, 2)).shape)"),
    ("assign_int_to_param_raises", "m = nn.Linear(2, 2); m.weight = 3"),
    ("register_plain_tensor_raises", "nn.Module().register_parameter('a', T.zeros(1))"),
    ("buffer_dotted_name_raises", "nn.Module().register_buffer('a.b', T.zeros(1))"),
    ("add_module_non_module_raises", "nn.Module().add_module('a', 3)"),
    ("add_module_dotted_raises", "nn.Module().add_module('a.b', nn.ReLU())"),
    ("missing_attribute_raises", "nn.Linear(2, 2).nope"),
    ("no_super_init_raises", "class M(nn.Module):\n    def __init__(self):\n"
                             "        self.a = nn.Linear(2, 2)\nM()"),
    ("attr_order", "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                   "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1))\n"
                   "        self.b = nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n"
                   "m = M(); out = (list(m.state_dict()), [n for n, _ in m.named_parameters()], "
                   "repr(m))"),
    ("multiline_extra_repr", "class M(nn.Module):\n    def __init__(self):\n"
                             "        super().__init__(); self.a = nn.Linear(2, 2)\n"
                             "    def extra_repr(self):\n        return 'x=1\\ny=2'\n"
                             "out = repr(M())"),
    ("del_submodule", "class M(nn.Module):\n    def __init__(self):\n"
                      "        super().__init__(); self.a = nn.Linear(2, 2); del self.a\n"
                      "m = M(); out = (repr(m), hasattr(m, 'a'))"),
    ("state_dict_prefix", "out = list(nn.Sequential(nn.Linear(2, 2)).state_dict(prefix='p.'))"),
    ("state_dict_detached", "out = [v.requires_grad for v in nn.Linear(2, 2).state_dict()"
                            ".values()]"),
    ("parameter_repr", "out = repr(nn.Parameter(T.zeros(2), requires_grad=False))"),
    ("forward_hook_replaces", "m = nn.Linear(2, 2); m.register_forward_hook("
                              "lambda mod, inp, o: o * 0 + 1); out = m(T.ones(1, 2))"),
    ("forward_pre_hook_replaces", "m = nn.Linear(2, 2); nn.init.ones_(m.weight); "
                                  "nn.init.zeros_(m.bias); m.register_forward_pre_hook("
                                  "lambda mod, inp: (inp[0] * 2,)); out = m(T.ones(1, 2))"),
]


# -- containers --------------------------------------------------------------------------------
SEQ = "s = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid()); "
CONTAINER_CASES = [
    ("seq_slice", NET + "out = (repr(net[1:]), type(net[1:]).__name__, len(net[::2]))"),
    ("seq_negative_index", NET + "out = repr(net[-1])"),
    ("seq_index_error", SEQ + "s[5]"),
    ("seq_append_insert_extend", "s = nn.Sequential(); s.append(nn.Tanh()); "
                                 "s.insert(0, nn.Sigmoid()); s.extend([nn.ELU()]); out = repr(s)"),
    ("seq_pop", SEQ + "p = s.pop(1); out = (repr(p), repr(s))"),
    ("seq_del", SEQ + "del s[0]; out = (repr(s), list(s._modules))"),
    ("seq_setitem", SEQ + "s[1] = nn.ELU(); out = repr(s)"),
    ("seq_add", SEQ + "out = repr(s + nn.Sequential(nn.ELU()))"),
    ("seq_mul", "out = repr(nn.Sequential(nn.ReLU(), nn.Tanh()) * 2)"),
    ("seq_ordered_dict", "from collections import OrderedDict\n"
                         "s = nn.Sequential(OrderedDict([('a', nn.ReLU()), ('b', nn.Tanh())])); "
                         "out = (repr(s), repr(s.a), repr(s[1:]))"),
    ("seq_iter_len_bool", "m = nn.Sequential(nn.Linear(2, 2), nn.ReLU()); "
                          "out = (len(m), bool(nn.Sequential()), [type(x).__name__ for x in m])"),
    ("seq_repeated_layers", "out = repr(nn.Sequential(*[nn.Linear(2, 2) for _ in range(3)], "
                            "nn.ReLU()))"),
    ("modulelist_ops", "m = nn.ModuleList([nn.ReLU(), nn.Tanh()]); m.append(nn.ELU()); "
                       "m.insert(1, nn.SELU()); m += [nn.GELU()]; out = (repr(m), len(m), "
                       "repr(m[-1]), repr(m[1:3]), type(m[1:3]).__name__)"),
    ("modulelist_del_slice", "m = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()]); "
                             "del m[0:2]; out = (repr(m), list(m._modules))"),
    ("modulelist_pop", "m = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()]); "
                       "out = (repr(m.pop(0)), list(m._modules))"),
    ("modulelist_index_error", "nn.ModuleList([nn.ReLU()])[3]"),
    ("modulelist_append_non_module", "nn.ModuleList([nn.ReLU()]).append(3)"),
    ("modulelist_setitem", "m = nn.ModuleList([nn.ReLU()]); m[0] = nn.Tanh(); "
                           "m[-1] = nn.ELU(); out = repr(m)"),
    ("modulelist_add", "out = repr(nn.ModuleList([nn.ReLU()]) + nn.ModuleList([nn.ELU()]))"),
    ("moduledict_ops", "d = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Tanh()}); "
                       "d['c'] = nn.ELU(); out = (list(d.keys()), repr(d), len(d), 'a' in d, "
                       "repr(d.pop('b')), list(d))"),
    ("moduledict_update", "d = nn.ModuleDict({'b': nn.ReLU()}); d.update([('x', nn.Tanh())]); "
                          "d.update({'z': nn.ELU()}); out = (repr(d), [k for k, _ in d.items()])"),
    ("moduledict_missing", "nn.ModuleDict({'b': nn.ReLU()})['q']"),
    ("moduledict_clear", "d = nn.ModuleDict({'b': nn.ReLU()}); d.clear(); out = len(d)"),
    ("parameterlist", "p = nn.ParameterList([nn.Parameter(T.zeros(2)), T.ones(3)]); "
                      "out = (repr(p), [n for n, _ in p.named_parameters()], "
                      "type(p[1]).__name__, p[1].requires_grad)"),
    ("parameterdict", "p = nn.ParameterDict({'a': nn.Parameter(T.zeros(2)), 'b': T.ones(1)}); "
                      "out = (repr(p), [n for n, _ in p.named_parameters()])"),
]


# -- reprs of common layers --------------------------------------------------------------------
LAYERS = [
    "Linear(3, 4)", "Linear(3, 4, bias=False)", "Bilinear(2, 3, 4)",
    "Conv1d(2, 4, 3, dilation=2, groups=2)",
    "Conv2d(3, 8, (3, 5), stride=2, padding=1, bias=False)", "Conv2d(1, 1, 3, padding='valid')",
    "Conv2d(2, 2, 3, padding_mode='reflect', padding=1)",
    "ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)", "BatchNorm1d(4)",
    "BatchNorm2d(4, momentum=None, affine=False)", "LayerNorm((4, 5), elementwise_affine=False)",
    "GroupNorm(2, 4)", "InstanceNorm2d(3)", "Dropout(0.3)", "Dropout2d()", "ReLU(inplace=True)",
    "LeakyReLU(0.2)", "ELU(alpha=0.5)", "GELU(approximate='tanh')", "Softmax(dim=1)",
    "Hardtanh(-2, 2)", "Softplus(beta=2)", "PReLU()", "Threshold(0.1, 20)",
    "Embedding(10, 3, padding_idx=0)", "EmbeddingBag(10, 3)", "MaxPool2d(3, stride=1, padding=1)",
    "AvgPool2d(2)", "AdaptiveAvgPool2d((1, None))", "MaxUnpool1d(2)", "MaxUnpool2d(2)",
    "MaxUnpool3d(3, 1, 1)", "LPPool2d(2, 3)", "Flatten(0, -1)", "Unflatten(1, (2, 3))",
    "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)", "GRU(3, 4)",
    "RNN(3, 4, nonlinearity='relu')", "LSTMCell(3, 4)", "Upsample(size=4, mode='bilinear', "
    "align_corners=True)", "ZeroPad2d(1)", "ConstantPad1d(2, 3.5)", "ReflectionPad2d(2)",
    "PixelShuffle(2)", "Fold((4, 5), (2, 2))", "Unfold(2)", "MultiheadAttention(8, 2)",
    "TransformerEncoderLayer(8, 2, dim_feedforward=16)", "CrossEntropyLoss()",
    "MSELoss(reduction='sum')", "NLLLoss(ignore_index=3)", "SmoothL1Loss(beta=0.5)",
    "CosineSimilarity()", "LocalResponseNorm(2)",
]


# -- optimizers --------------------------------------------------------------------------------
OPT_CONFIGS = [
    ("SGD", "lr=0.1, momentum=0.9, dampening=0.2, weight_decay=0.01, foreach=False"),
    ("SGD", "lr=0.1, momentum=0.9, nesterov=True, maximize=True, foreach=True"),
    ("Adam", "lr=0.01, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.1, foreach=False"),
    ("Adam", "lr=0.01, maximize=True, eps=1e-6"),
    ("AdamW", "lr=0.01, weight_decay=0.2, amsgrad=True"),
    ("RMSprop", "lr=0.01, momentum=0.5, centered=True, weight_decay=0.1"),
    ("Adagrad", "lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.1"),
    ("Adadelta", "lr=1.0, rho=0.8, weight_decay=0.1, maximize=True"),
    ("Adamax", "lr=0.02, weight_decay=0.1"),
    ("NAdam", "lr=0.02, momentum_decay=0.005, decoupled_weight_decay=True, weight_decay=0.1"),
    ("RAdam", "lr=0.02, decoupled_weight_decay=True, weight_decay=0.1"),
    ("ASGD", "lr=0.05, lambd=0.001, t0=3, weight_decay=0.1"),
    ("Rprop", "lr=0.02, etas=(0.4, 1.3), step_sizes=(1e-4, 1.0), maximize=True"),
    ("SGD", "lr=T.tensor(0.1), momentum=0.9"),
    ("Adam", "lr=T.tensor(0.01)"),
]

# two parameter groups (different lrs), five steps, a checkpoint round trip, three more steps
OPT_RUN = """
def params():
    rng = np.random.default_rng(0)
    return [T.tensor(rng.standard_normal((3, 2)), requires_grad=True),
            T.tensor(rng.standard_normal(4), requires_grad=True)]

def loss(ps):
    return (ps[0] ** 2).sum() * 0.5 + (ps[1] ** 3).sum() * 0.2 + ps[0].sin().sum()

def make(ps):
    return O.{name}([{{'params': [ps[0]]}}, {{'params': [ps[1]], 'lr': 0.003}}], {kw})

ps = params(); opt = make(ps)
for _ in range(5):
    opt.zero_grad(); loss(ps).backward(); opt.step()
sd = opt.state_dict()
ps2 = params()
with T.no_grad():
    for a, b in zip(ps2, ps):
        a.copy_(b)
opt2 = make(ps2); opt2.load_state_dict(sd)
for _ in range(3):
    opt2.zero_grad(); loss(ps2).backward(); opt2.step()
out = (ps2, [sorted(opt.state[p]) for p in ps], sorted(sd), list(sd['state']),
       [sorted(k for k in g if k != 'lr') for g in sd['param_groups']], repr(opt) if
       not isinstance(opt.param_groups[0]['lr'], T.Tensor) else '')
"""

OPT_CASES = [
    ("zero_grad_set_to_zeros", "p = nn.Parameter(T.ones(3)); o = O.SGD([p], lr=0.1); "
                               "p.grad = T.ones(3); o.zero_grad(set_to_none=False); out = p.grad"),
    ("zero_grad_set_to_none", "p = nn.Parameter(T.ones(3)); o = O.SGD([p], lr=0.1); "
                              "p.grad = T.ones(3); o.zero_grad(); out = p.grad"),
    ("add_param_group", "p = nn.Parameter(T.ones(3)); q = nn.Parameter(T.ones(2)); "
                        "o = O.SGD([p], lr=0.1, momentum=0.5); o.add_param_group({'params': q, "
                        "'lr': 0.5}); out = [(g['lr'], g['momentum'], len(g['params'])) "
                        "for g in o.param_groups]"),
    ("add_param_group_overlap_raises", "p = nn.Parameter(T.ones(3)); o = O.SGD([p], lr=0.1); "
                                       "o.add_param_group({'params': [p]})"),
    ("group_options", "p = nn.Parameter(T.ones(3)); q = nn.Parameter(T.ones(2)); "
                      "o = O.Adam([{'params': [p]}, {'params': [q], 'lr': 0.5, 'foo': 3}], "
                      "lr=0.1); out = [(g['lr'], g.get('foo')) for g in o.param_groups]"),
    ("tensor_params_raises", "O.SGD(nn.Parameter(T.ones(3)), lr=0.1)"),
    ("empty_params_raises", "O.SGD([], lr=0.1)"),
    ("negative_lr_raises", "O.SGD([nn.Parameter(T.ones(1))], lr=-0.1)"),
    ("nesterov_without_momentum_raises", "O.SGD([nn.Parameter(T.ones(1))], lr=0.1, "
                                         "nesterov=True)"),
    ("bad_beta_raises", "O.Adam([nn.Parameter(T.ones(1))], betas=(1.0, 0.9))"),
    ("non_leaf_raises", "O.SGD([(T.ones(2) * 2).requires_grad_()], lr=0.1)"),
    ("closure_loss_returned", "p = nn.Parameter(T.ones(3)); o = O.Adam([p], lr=0.1); "
                              "out = o.step(lambda: 3.0)"),
    ("no_grad_no_state", "p = nn.Parameter(T.ones(3)); o = O.Adam([p], lr=0.1); o.step(); "
                         "out = (len(o.state), p)"),
    ("load_wrong_group_count_raises", "p = nn.Parameter(T.ones(3)); q = nn.Parameter(T.ones(2)); "
                                      "o = O.SGD([p], lr=0.1); o2 = O.SGD([p], lr=0.1); "
                                      "o2.add_param_group({'params': [q]}); "
                                      "o.load_state_dict(o2.state_dict())"),
    ("load_takes_hyperparameters", "p = nn.Parameter(T.ones(3)); "
                                   "o = O.SGD([p], lr=0.1, momentum=0.9); p.grad = T.ones(3); "
                                   "o.step(); o2 = O.SGD([p], lr=0.5); "
                                   "o2.load_state_dict(o.state_dict()); "
                                   "out = (o2.param_groups[0]['lr'], "
                                   "o2.param_groups[0]['momentum'], "
                                   "o2.state[p]['momentum_buffer'])"),
    ("defaults", "p = nn.Parameter(T.ones(3)); out = [dict(sorted(getattr(O, n)([p]).defaults"
                 ".items())) for n in ('SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad')]"),
]


# -- schedulers --------------------------------------------------------------------------------
SCHED_RUN = """
p = nn.Parameter(T.ones(3)); q = nn.Parameter(T.ones(2))
def make():
    o = O.{opt}([{{'params': [p]}}, {{'params': [q], 'lr': 0.05}}], {okw})
    return o, {sched}
o, s = make(); out = []
def record():
    out.append([round(x, 10) for x in s.get_last_lr()] if hasattr(s, 'get_last_lr') else None)
    out.append([round(g['lr'], 10) for g in o.param_groups])
    out.append([round(g['momentum'] if 'momentum' in g else g['betas'][0], 10)
                for g in o.param_groups])
for e in range({n}):
    o.step(); s.step({metric}); record()
sd, osd = s.state_dict(), o.state_dict()
keys = sorted(k for k in sd if k not in ('_get_lr_called_within_step', '_scale_fn_custom'))
o, s = make(); o.load_state_dict(osd); s.load_state_dict(sd)
for e in range({n}, {n} + 8):
    o.step(); s.step({metric}); record()
out.append(keys)
"""

PLATEAU_METRIC = ("[1.0, 0.99, 0.98, 0.9, 0.95, 0.96, 0.97, 0.5, 0.5, 0.5, 0.5, 0.6, 0.4, 0.4, "
                  "0.4, 0.4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1][e]")

SCHED_CASES = [
    ("StepLR", "SGD", "LS.StepLR(o, 3, 0.5)", "lr=0.1", ""),
    ("MultiStepLR", "SGD", "LS.MultiStepLR(o, [2, 5, 5, 9], 0.3)", "lr=0.1", ""),
    ("ConstantLR", "SGD", "LS.ConstantLR(o, factor=0.3, total_iters=4)", "lr=0.1", ""),
    ("LinearLR", "SGD", "LS.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=7)",
     "lr=0.1", ""),
    ("ExponentialLR", "SGD", "LS.ExponentialLR(o, 0.9)", "lr=0.1", ""),
    ("PolynomialLR", "SGD", "LS.PolynomialLR(o, total_iters=10, power=2.0)", "lr=0.1", ""),
    ("CosineAnnealingLR", "SGD", "LS.CosineAnnealingLR(o, T_max=6, eta_min=0.01)", "lr=0.1", ""),
    ("CosineAnnealingWarmRestarts", "SGD",
     "LS.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)", "lr=0.1", ""),
    ("LambdaLR", "SGD", "LS.LambdaLR(o, [lambda e: 0.9 ** e, lambda e: 1 / (e + 1)])",
     "lr=0.1", ""),
    ("MultiplicativeLR", "SGD", "LS.MultiplicativeLR(o, lambda e: 0.95)", "lr=0.1", ""),
    ("OneCycleLR", "SGD", "LS.OneCycleLR(o, max_lr=[0.5, 0.2], total_steps=40)",
     "lr=0.1, momentum=0.9", ""),
    ("OneCycleLR_linear_3phase", "SGD", "LS.OneCycleLR(o, max_lr=0.5, epochs=4, "
     "steps_per_epoch=10, anneal_strategy='linear', three_phase=True)",
     "lr=0.1, momentum=0.9", ""),
    ("OneCycleLR_adam", "Adam", "LS.OneCycleLR(o, max_lr=0.5, total_steps=40, div_factor=10, "
     "final_div_factor=100, pct_start=0.4)", "lr=0.1", ""),
    ("CyclicLR", "SGD", "LS.CyclicLR(o, 0.01, 0.1, step_size_up=4)", "lr=0.1, momentum=0.9", ""),
    ("CyclicLR_triangular2", "SGD", "LS.CyclicLR(o, [0.01, 0.02], 0.1, step_size_up=3, "
     "step_size_down=5, mode='triangular2')", "lr=0.1, momentum=0.9", ""),
    ("CyclicLR_exp_range", "SGD", "LS.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode='exp_range', "
     "gamma=0.9)", "lr=0.1, momentum=0.9", ""),
    ("CyclicLR_scale_fn", "SGD", "LS.CyclicLR(o, 0.01, 0.1, step_size_up=3, "
     "scale_fn=lambda x: 0.5, scale_mode='iterations')", "lr=0.1, momentum=0.9", ""),
    ("CyclicLR_adam_beta1", "Adam", "LS.CyclicLR(o, 0.01, 0.1, step_size_up=3)", "lr=0.1", ""),
    ("CyclicLR_no_momentum", "Adam", "LS.CyclicLR(o, 0.01, 0.1, step_size_up=3, "
     "cycle_momentum=False)", "lr=0.1", ""),
    ("SequentialLR", "SGD", "LS.SequentialLR(o, [LS.LinearLR(o, start_factor=0.1, "
     "total_iters=4), LS.ExponentialLR(o, 0.9)], milestones=[4])", "lr=0.1", ""),
    ("SequentialLR_three", "SGD", "LS.SequentialLR(o, [LS.ConstantLR(o, factor=0.5, "
     "total_iters=3), LS.StepLR(o, 2, 0.5), LS.CosineAnnealingLR(o, 5)], milestones=[3, 8])",
     "lr=0.1", ""),
    ("ChainedScheduler", "SGD", "LS.ChainedScheduler([LS.ConstantLR(o, factor=0.5, "
     "total_iters=3), LS.ExponentialLR(o, 0.9)])", "lr=0.1", ""),
    ("ChainedScheduler_optimizer", "SGD", "LS.ChainedScheduler([LS.StepLR(o, 2, 0.5), "
     "LS.MultiStepLR(o, [3, 7], 0.1)], optimizer=o)", "lr=0.1", ""),
] + [
    (f"ReduceLROnPlateau_{mode}_{tm}", "SGD",
     f"LS.ReduceLROnPlateau(o, mode='{mode}', threshold_mode='{tm}', patience=2, cooldown=1, "
     "factor=0.5, min_lr=[0.001, 0.002], threshold=0.05)", "lr=0.1", PLATEAU_METRIC)
    for mode in ("min", "max") for tm in ("rel", "abs")
] + [
    ("ReduceLROnPlateau_eps", "SGD", "LS.ReduceLROnPlateau(o, patience=0, eps=0.02, factor=0.1)",
     "lr=0.1", "1.0"),
    ("ReduceLROnPlateau_tensor_metric", "SGD", "LS.ReduceLROnPlateau(o, patience=1)", "lr=0.1",
     "T.tensor(1.0)"),
]

SCHED_ERROR_CASES = [
    ("plateau_bad_mode", "LS.ReduceLROnPlateau(o, mode='foo')"),
    ("plateau_factor_one", "LS.ReduceLROnPlateau(o, factor=1.0)"),
    ("plateau_bad_threshold_mode", "LS.ReduceLROnPlateau(o, threshold_mode='x')"),
    ("plateau_min_lr_count", "LS.ReduceLROnPlateau(o, min_lr=[0.1, 0.2])"),
    ("resume_without_initial_lr", "LS.StepLR(o, 2, last_epoch=3)"),
    ("cyclic_momentum_without_momentum", "LS.CyclicLR(O.Adagrad([p]), 0.01, 0.1)"),
    ("onecycle_needs_steps", "LS.OneCycleLR(o, 1.0)"),
    ("onecycle_bad_anneal", "LS.OneCycleLR(o, 1.0, total_steps=10, anneal_strategy='x')"),
    ("onecycle_bad_pct", "LS.OneCycleLR(o, 1.0, total_steps=10, pct_start=1.5)"),
    ("onecycle_past_end", "s = LS.OneCycleLR(o, 1.0, total_steps=3)\nfor _ in range(4): s.step()"),
    ("linear_zero_start", "LS.LinearLR(o, start_factor=0)"),
    ("constant_factor_above_one", "LS.ConstantLR(o, factor=2)"),
    ("sequential_milestones_count", "LS.SequentialLR(o, [LS.ConstantLR(o)], [3])"),
    ("warm_restarts_zero_T0", "LS.CosineAnnealingWarmRestarts(o, T_0=0)"),
    ("warm_restarts_float_mult", "LS.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=1.5)"),
    ("lambda_count", "LS.LambdaLR(o, [lambda e: 1, lambda e: 1])"),
    ("not_an_optimizer", "LS.StepLR(3, 2)"),
    ("sequential_other_optimizer", "o2 = O.SGD([nn.Parameter(T.ones(1))], lr=0.1)\n"
                                   "LS.SequentialLR(o, [LS.StepLR(o, 2), LS.StepLR(o2, 2)], [1])"),
    ("plateau_initial_last_lr", "out = LS.ReduceLROnPlateau(o).get_last_lr()"),
    ("warm_restarts_fractional_epochs", "s = LS.CosineAnnealingWarmRestarts(o, T_0=3); out = []\n"
                                        "for e in [0.5, 1.0, 2.7, 3.2, 7.9]:\n"
                                        "    s.step(e); out.append(round(s.get_last_lr()[0], 10))"),
    ("two_schedulers_compose", "s1 = LS.StepLR(o, 2, 0.5); s2 = LS.ExponentialLR(o, 0.9); "
                               "out = []\nfor e in range(10):\n    o.step(); s1.step(); "
                               "s2.step()\n    out.append((o.param_groups[0]['lr'], "
                               "s1.get_last_lr(), s2.get_last_lr()))"),
    ("manual_lr_change_composes", "s = LS.StepLR(o, 2, 0.5); out = []\nfor e in range(6):\n"
                                  "    o.step(); s.step(); o.param_groups[0]['lr'] *= 0.9\n"
                                  "    out.append(o.param_groups[0]['lr'])"),
    ("cosine_past_T_max", "s = LS.CosineAnnealingLR(o, 4); out = []\nfor e in range(12):\n"
                          "    o.step(); s.step(); out.append(o.param_groups[0]['lr'])"),
    ("unsorted_milestones", "s = LS.MultiStepLR(o, [3, 1]); out = []\nfor e in range(5):\n"
                            "    o.step(); s.step(); out.append(o.param_groups[0]['lr'])"),
]


# -- losses ------------------------------------------------------------------------------------
LX = ("x = T.tensor(np.random.default_rng(0).standard_normal((4, 5)).astype('float32'), "
      "requires_grad=True); y = T.tensor([1, 0, 4, 2]); "
      "t = T.tensor(np.random.default_rng(1).random((4, 5)).astype('float32')); "
      "w = T.tensor([1., 2, 3, 4, 5]); ")


def _loss(expr: str) -> str:
    return LX + f"l = {expr}; l.sum().backward(); out = (l, x.grad)"


LOSS_EXPRS = {
    "ce": "F.cross_entropy(x, y, reduction='{r}')",
    "ce_weight_ignore": "F.cross_entropy(x, y, reduction='{r}', weight=w, ignore_index=0)",
    "ce_weight_smoothing": "F.cross_entropy(x, y, reduction='{r}', weight=w, label_smoothing=0.2)",
    "ce_ignore_smoothing": "F.cross_entropy(x, y, reduction='{r}', ignore_index=1, "
                           "label_smoothing=0.1)",
    "ce_probabilities": "F.cross_entropy(x, t.softmax(1), reduction='{r}', label_smoothing=0.3, "
                        "weight=w)",
    "nll_weight_ignore": "F.nll_loss(F.log_softmax(x, 1), y, reduction='{r}', weight=w, "
                         "ignore_index=4)",
    "bce_logits_pos_weight": "F.binary_cross_entropy_with_logits(x, t, reduction='{r}', "
                             "pos_weight=w, weight=T.tensor([[0.5], [1], [2], [1]]))",
    "bce_weight": "F.binary_cross_entropy(x.sigmoid(), t, reduction='{r}', weight=w)",
    "mse": "F.mse_loss(x, t, reduction='{r}')",
    "l1": "F.l1_loss(x, t, reduction='{r}')",
    "smooth_l1": "F.smooth_l1_loss(x, t * 3, reduction='{r}', beta=0.5)",
    "huber": "F.huber_loss(x, t * 3, reduction='{r}', delta=0.7)",
    "kl_div": "F.kl_div(x.log_softmax(1), t.softmax(1), reduction='{r}')",
    "multi_margin": "F.multi_margin_loss(x, y, reduction='{r}', p=2, margin=0.5, weight=w)",
    "cosine_embedding": "F.cosine_embedding_loss(x, x.detach().flip(0), T.tensor([1, -1, 1, -1]), "
                        "reduction='{r}', margin=0.1)",
    "triplet_swap": "F.triplet_margin_loss(x, x.detach().flip(0), x.detach() * 2, "
                    "reduction='{r}', swap=True)",
}
LOSS_CASES = [(f"{name}_{r}", _loss(expr.format(r=r)))
              for name, expr in LOSS_EXPRS.items() for r in ("none", "sum", "mean")] + [
    ("ce_module", _loss("nn.CrossEntropyLoss(weight=w, ignore_index=2, label_smoothing=0.1)"
                        "(x, y)")),
    ("bce_logits_module", _loss("nn.BCEWithLogitsLoss(pos_weight=T.tensor([2.]))(x, t)")),
    ("kl_batchmean", _loss("nn.KLDivLoss(reduction='batchmean')(x.log_softmax(1), "
                           "t.softmax(1))")),
    ("ce_module_buffers", "m = nn.CrossEntropyLoss(weight=T.ones(5)); "
                          "out = (list(m.state_dict()), repr(m))"),
    ("ce_spatial", "x = T.tensor(np.random.default_rng(0).standard_normal((2, 3, 4))"
                   ".astype('float32'), requires_grad=True); y = T.tensor([[0, 1, 2, 1], "
                   "[2, 2, 0, 1]]); l = F.cross_entropy(x, y, label_smoothing=0.2, "
                   "ignore_index=1); l.backward(); out = (l, x.grad)"),
    ("ce_unbatched", "x = T.tensor([0.5, -1., 2.], requires_grad=True); "
                     "l = F.cross_entropy(x, T.tensor(2)); l.backward(); out = (l, x.grad)"),
    ("ce_all_ignored", LX + "out = F.cross_entropy(x, T.tensor([0, 0, 0, 0]), ignore_index=0)"),
    ("legacy_size_average", LX + "out = (nn.MSELoss(size_average=False).reduction, "
                                 "nn.CrossEntropyLoss(reduce=False).reduction)"),
    ("ce_target_out_of_range", LX + "F.cross_entropy(x, T.tensor([1, 0, 5, 2]))"),
    ("ce_negative_target", LX + "F.cross_entropy(x, T.tensor([1, 0, -3, 2]))"),
    ("ce_batch_mismatch", LX + "F.cross_entropy(x, T.tensor([1, 0, 2]))"),
    ("ce_float_class_target", LX + "F.cross_entropy(x, T.tensor([1., 0, 2, 1]))"),
    ("ce_wrong_weight", LX + "F.cross_entropy(x, y, weight=T.ones(4))"),
    ("ce_bad_reduction", LX + "F.cross_entropy(x, y, reduction='foo')"),
    ("ce_bad_smoothing", LX + "F.cross_entropy(x, y, label_smoothing=1.5)"),
    ("nll_unbatched_mismatch", LX + "F.nll_loss(x[0], y)"),
    ("mse_shape_mismatch", LX + "F.mse_loss(x, T.zeros(3, 5))"),
    ("bce_size_mismatch", LX + "F.binary_cross_entropy(x.sigmoid(), T.zeros(4, 4))"),
    ("bce_out_of_range", LX + "F.binary_cross_entropy(x, T.zeros(4, 5))"),
    ("bce_logits_size_mismatch", LX + "F.binary_cross_entropy_with_logits(x, T.zeros(4, 4))"),
    ("bce_logits_int_target", LX + "F.binary_cross_entropy_with_logits(x, "
                                   "T.zeros(4, 5, dtype=T.int64))"),
    ("loss_bad_reduction_module", "nn.MSELoss(reduction='bad')(T.ones(2), T.ones(2))"),
]


# -- init --------------------------------------------------------------------------------------
INIT_CASES = [
    ("calculate_gain", "out = [nn.init.calculate_gain(*a) for a in [('linear',), ('conv2d',), "
                       "('sigmoid',), ('tanh',), ('relu',), ('leaky_relu',), "
                       "('leaky_relu', 0.2), ('selu',), ('conv_transpose1d',)]]"),
    ("calculate_gain_unknown", "nn.init.calculate_gain('foo')"),
    ("calculate_gain_bad_param", "nn.init.calculate_gain('leaky_relu', 'x')"),
    ("constant_", "w = T.empty(3, 4); r = nn.init.constant_(w, 0.3); out = (w, r is w)"),
    ("zeros_ones", "a, b = T.empty(3, 4), T.empty(2); nn.init.zeros_(a); nn.init.ones_(b); "
                   "out = (a, b)"),
    ("eye_", "w = T.empty(3, 4); nn.init.eye_(w); out = w"),
    ("eye_3d_raises", "nn.init.eye_(T.empty(3, 4, 2))"),
    ("dirac_", "w = T.empty(4, 2, 3); nn.init.dirac_(w); out = w"),
    ("dirac_groups", "w = T.empty(4, 2, 3, 3); nn.init.dirac_(w, groups=2); out = w"),
    ("dirac_bad_groups", "nn.init.dirac_(T.empty(4, 2, 3, 3), groups=3)"),
    ("dirac_2d_raises", "nn.init.dirac_(T.empty(4, 2))"),
    ("init_keeps_parameter", "w = nn.Parameter(T.empty(3, 4)); nn.init.constant_(w, 2); "
                             "out = (w.requires_grad, w.grad is None, type(w).__name__)"),
    ("fan_1d_raises", "nn.init.xavier_uniform_(T.empty(3))"),
    ("kaiming_1d_raises", "nn.init.kaiming_uniform_(T.empty(3))"),
    ("orthogonal_1d_raises", "nn.init.orthogonal_(T.empty(3))"),
    ("kaiming_bad_mode", "nn.init.kaiming_normal_(T.empty(3, 4), mode='bad')"),
    ("fans", "out = (nn.init._calculate_fan_in_and_fan_out(T.empty(4, 3, 5, 5)), "
             "nn.init._calculate_correct_fan(T.empty(4, 3, 5, 5), 'fan_out'))"),
    ("orthogonal_is_orthogonal", "w = T.empty(30, 50); nn.init.orthogonal_(w, gain=1.5); "
                                 "a = w.numpy().astype(np.float64); "
                                 "out = bool(np.allclose(a @ a.T, 2.25 * np.eye(30), atol=1e-4))"),
    ("sparse_zeros_per_column", "w = T.empty(100, 50); nn.init.sparse_(w, 0.3); "
                                "out = sorted({int((c == 0).sum()) for c in w.numpy().T})"),
]

# (function call, shape, expected std): statistical inits by their moments and range
INIT_MOMENTS = [
    ("uniform_(w, a=-2, b=3)", (200, 300), 5 / math.sqrt(12)),
    ("normal_(w, mean=1, std=2)", (200, 300), 2.0),
    ("xavier_uniform_(w, gain=2)", (200, 300), 2 * math.sqrt(2 / 500)),
    ("xavier_normal_(w)", (200, 300), math.sqrt(2 / 500)),
    ("kaiming_uniform_(w, a=math.sqrt(5))", (200, 300), math.sqrt(1 / 3) / math.sqrt(300)),
    ("kaiming_normal_(w, mode='fan_out', nonlinearity='relu')", (200, 300), math.sqrt(2 / 200)),
    ("kaiming_uniform_(w, nonlinearity='leaky_relu', a=0.1)", (64, 32, 3, 3),
     math.sqrt(2 / 1.01) / math.sqrt(288)),
    ("trunc_normal_(w, mean=0.5, std=1, a=-1, b=2)", (200, 300), None),
]


# -- data --------------------------------------------------------------------------------------
TD = "X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y); "
DATA_CASES = [
    ("tensordataset_index", TD + "out = (len(ds), ds[3], ds[-1], ds[2:4])"),
    ("loader_batches", TD + "out = list(D.DataLoader(ds, batch_size=4))"),
    ("loader_drop_last", TD + "out = list(D.DataLoader(ds, batch_size=4, drop_last=True))"),
    ("loader_len", TD + "out = (len(D.DataLoader(ds, batch_size=4)), len(D.DataLoader(ds, "
                        "batch_size=4, drop_last=True)), len(D.DataLoader(ds, batch_size=None)))"),
    ("loader_iterator_len", TD + "it = iter(D.DataLoader(ds, batch_size=3)); next(it); "
                                 "out = (len(it), len(list(it)))"),
    ("loader_unbatched", TD + "out = list(D.DataLoader(ds, batch_size=None))[:2]"),
    ("loader_sampler_list", TD + "out = list(D.DataLoader(ds, batch_size=3, "
                                 "sampler=[9, 1, 5, 2]))"),
    ("loader_batch_sampler", TD + "out = list(D.DataLoader(ds, "
                                  "batch_sampler=[[0, 1], [5, 6, 7]]))"),
    ("loader_batch_sampler_and_size", TD + "D.DataLoader(ds, batch_sampler=[[0, 1]], "
                                           "batch_size=2)"),
    ("loader_shuffle_and_sampler", TD + "D.DataLoader(ds, batch_size=2, shuffle=True, "
                                        "sampler=[1, 2])"),
    ("loader_zero_batch", TD + "D.DataLoader(ds, batch_size=0)"),
    ("loader_drop_last_unbatched", TD + "D.DataLoader(ds, drop_last=True, batch_size=None)"),
    ("loader_collate_fn", TD + "out = list(D.DataLoader(ds, batch_size=4, "
                               "collate_fn=lambda b: len(b)))"),
    ("loader_shuffle_covers", TD + "out = sorted(v for b in D.DataLoader(ds, batch_size=3, "
                                   "shuffle=True) for v in b[1].tolist())"),
    ("loader_attributes", TD + "dl = D.DataLoader(ds, batch_size=3); out = (dl.batch_size, "
                               "dl.drop_last, type(dl.sampler).__name__, "
                               "type(dl.batch_sampler).__name__, dl.dataset is ds, "
                               "type(D.DataLoader(ds, shuffle=True).sampler).__name__)"),
    ("collate_dicts", "ds = [{'a': np.float32(1.5), 'b': np.array([1, 2]), 'c': 's'}, "
                      "{'a': np.float32(2.5), 'b': np.array([3, 4]), 'c': 't'}]; "
                      "out = next(iter(D.DataLoader(ds, batch_size=2)))"),
    ("collate_tuples_numbers", "out = next(iter(D.DataLoader([(1, 2.5, True), (3, 4.5, False)], "
                               "batch_size=2)))"),
    ("collate_lists", "out = next(iter(D.DataLoader([[1, 2], [3, 4]], batch_size=2)))"),
    ("collate_numpy_arrays", "out = next(iter(D.DataLoader([np.array([1., 2.]), "
                             "np.array([3., 4.])], batch_size=2)))"),
    ("collate_numpy_scalars", "out = (next(iter(D.DataLoader([np.float64(1.), np.float64(3.)], "
                              "batch_size=2))), next(iter(D.DataLoader([np.int32(1), "
                              "np.int32(3)], batch_size=2))))"),
    ("collate_strings", "out = next(iter(D.DataLoader(['a', 'b'], batch_size=2)))"),
    ("collate_none_raises", "next(iter(D.DataLoader([None, None], batch_size=2)))"),
    ("collate_ragged_raises", "next(iter(D.DataLoader([[1, 2], [3]], batch_size=2)))"),
    ("collate_namedtuple", "from collections import namedtuple\nP = namedtuple('P', 'x y')\n"
                           "b = next(iter(D.DataLoader([P(1, 2.), P(3, 4.)], batch_size=2)))\n"
                           "out = (type(b).__name__, b.x, b.y)"),
    ("collate_tensors_ragged_raises", "next(iter(D.DataLoader([(T.ones(2), 1), (T.zeros(3), 2)], "
                                      "batch_size=2)))"),
    ("default_collate_nested", "out = (D.default_collate([T.tensor(1), T.tensor(2)]), "
                               "D.default_collate([{'x': [1, 2]}, {'x': [3, 4]}]))"),
    ("default_convert", "out = (D.default_convert(np.array([1, 2])), "
                        "D.default_convert([np.array([1, 2]), (3,)]))"),
    ("loader_over_range", "out = list(D.DataLoader(range(5), batch_size=2))"),
    ("random_split_lengths", TD + "a, b = D.random_split(ds, [7, 3], "
                                  "generator=T.Generator().manual_seed(0)); "
                                  "out = (len(a), len(b), type(a).__name__, "
                                  "sorted(list(a.indices) + list(b.indices)))"),
    ("random_split_fractions", TD + "out = [len(s) for s in D.random_split(ds, [0.5, 0.3, 0.2])] "
                                    "+ [len(s) for s in D.random_split(ds, [0.33, 0.33, 0.34])] "
                                    "+ [len(s) for s in D.random_split(range(7), [0.5, 0.5])]"),
    ("random_split_bad_sum", TD + "D.random_split(ds, [5, 4])"),
    ("random_split_bad_fractions", TD + "D.random_split(ds, [0.5, 0.6])"),
    ("subset", TD + "s = D.Subset(ds, [4, 1, 1]); out = (len(s), s[0], s[-1], s.indices, "
                    "s[[0, 2]])"),
    ("concat", TD + "c = D.ConcatDataset([ds, D.Subset(ds, [0, 1])]); "
                    "out = (len(c), c[10], c[-1], c.cumulative_sizes, type(ds + ds).__name__)"),
    ("concat_index_error", TD + "D.ConcatDataset([ds, ds])[-21]"),
    ("concat_empty_raises", "D.ConcatDataset([])"),
    ("tensordataset_mismatch_raises", "D.TensorDataset(T.ones(3), T.ones(4))"),
    ("stackdataset", TD + "out = (len(D.StackDataset(ds, ds)), D.StackDataset(ds, ds)[1], "
                          "D.StackDataset(a=X, b=Y)[1])"),
    ("batch_sampler", "out = (list(D.BatchSampler(D.SequentialSampler(range(7)), 3, False)), "
                      "list(D.BatchSampler(range(7), 3, True)), "
                      "len(D.BatchSampler(range(7), 3, True)), "
                      "len(D.BatchSampler(range(7), 3, False)))"),
    ("batch_sampler_zero_raises", "D.BatchSampler(range(7), 0, True)"),
    ("batch_sampler_bad_drop_last", "D.BatchSampler(range(7), 2, 'x')"),
    ("weighted_sampler", "out = list(D.WeightedRandomSampler([0., 0., 1.], 5))"),
    ("weighted_without_replacement_raises", "D.WeightedRandomSampler([1., 1., 1.], 5, "
                                            "replacement=False)"),
    ("random_sampler_zero_raises", TD + "D.RandomSampler(ds, num_samples=0)"),
    ("random_sampler", TD + "out = (len(list(D.RandomSampler(ds, num_samples=15, "
                            "replacement=True))), sorted(D.RandomSampler(ds)), "
                            "sorted(D.SubsetRandomSampler([3, 4, 5])))"),
    ("iterable_batches", "class I(D.IterableDataset):\n    def __iter__(self):\n"
                         "        return iter(range(7))\nout = (list(D.DataLoader(I(), "
                         "batch_size=3)), list(D.DataLoader(I(), batch_size=3, drop_last=True)), "
                         "list(D.ChainDataset([I(), I()])))"),
    ("iterable_shuffle_raises", "class I(D.IterableDataset):\n    def __iter__(self):\n"
                                "        return iter(range(7))\nD.DataLoader(I(), shuffle=True)"),
    ("iterable_len_raises", "class I(D.IterableDataset):\n    def __iter__(self):\n"
                            "        return iter(range(7))\nlen(D.DataLoader(I()))"),
]


# -- nn.utils ----------------------------------------------------------------------------------
GRADS = ("ps = [T.tensor([3., 4.], requires_grad=True), T.tensor([[1., -2.], [0.5, 12.]], "
         "requires_grad=True)]; ps[0].grad = T.tensor([3., -4.]); "
         "ps[1].grad = T.tensor([[1., 2.], [-6., 0.5]]); ")
SEQS = "s = [T.tensor([1., 2, 3]), T.tensor([4.]), T.tensor([5., 6])]; "
UTILS_CASES = [
    *[(f"clip_grad_norm_{i}", GRADS + f"n = nn.utils.clip_grad_norm_(ps, {kw}); "
                                      "out = (n, ps[0].grad, ps[1].grad)")
      for i, kw in enumerate(["1.0", "1.0, norm_type=1", "1.0, norm_type='inf'",
                              "1.0, norm_type=float('inf')", "100.0", "0.5, norm_type=3",
                              "1.0, foreach=True"])],
    ("clip_grad_norm_nan_raises", GRADS + "ps[1].grad[0, 0] = float('nan'); "
                                          "nn.utils.clip_grad_norm_(ps, 1.0, "
                                          "error_if_nonfinite=True)"),
    ("clip_grad_norm_inf_raises", GRADS + "ps[1].grad[0, 0] = float('inf'); "
                                          "nn.utils.clip_grad_norm_(ps, 1.0, "
                                          "error_if_nonfinite=True)"),
    ("clip_grad_norm_inf_kept", GRADS + "ps[1].grad[0, 0] = float('inf'); "
                                        "n = nn.utils.clip_grad_norm_(ps, 1.0); "
                                        "out = (n, ps[0].grad)"),
    ("clip_grad_norm_single_tensor", GRADS + "n = nn.utils.clip_grad_norm_(ps[0], 1.0); "
                                             "out = (n, ps[0].grad)"),
    ("clip_grad_norm_empty", "out = nn.utils.clip_grad_norm_([], 1.0)"),
    ("clip_grad_norm_skips_none", GRADS + "ps[0].grad = None; "
                                          "out = nn.utils.clip_grad_norm_(ps, 1.0)"),
    ("clip_grad_value_", GRADS + "r = nn.utils.clip_grad_value_(ps, 1.5); "
                                 "out = (r, ps[0].grad, ps[1].grad)"),
    ("get_total_norm", GRADS + "out = nn.utils.get_total_norm([p.grad for p in ps], norm_type=3)"),
    ("clip_grads_with_norm_", GRADS + "nn.utils.clip_grads_with_norm_(ps, 1.0, T.tensor(5.0)); "
                                      "out = (ps[0].grad, ps[1].grad)"),
    ("parameters_to_vector", GRADS + "out = nn.utils.parameters_to_vector(ps)"),
    ("vector_to_parameters", GRADS + "v = nn.utils.parameters_to_vector(ps); "
                                     "nn.utils.vector_to_parameters(v * 2, ps); "
                                     "out = (ps[0], ps[1], ps[0].requires_grad)"),
    ("vector_to_parameters_not_tensor", GRADS + "nn.utils.vector_to_parameters([1, 2], ps)"),
    ("pad_sequence", SEQS + "out = nn.utils.rnn.pad_sequence(s)"),
    ("pad_sequence_batch_first", SEQS + "out = nn.utils.rnn.pad_sequence(s, batch_first=True, "
                                        "padding_value=-1)"),
    ("pad_sequence_left", SEQS + "out = (nn.utils.rnn.pad_sequence(s, batch_first=True, "
                                 "padding_side='left'), nn.utils.rnn.pad_sequence(s, "
                                 "padding_side='left'))"),
    ("pad_sequence_bad_side", SEQS + "nn.utils.rnn.pad_sequence(s, padding_side='middle')"),
    ("pad_sequence_trailing_dims", "out = nn.utils.rnn.pad_sequence([T.ones(2, 3), "
                                   "T.zeros(4, 3)], batch_first=True)"),
    ("pad_sequence_mismatch_raises", "nn.utils.rnn.pad_sequence([T.ones(2, 3), T.zeros(4, 2)])"),
    ("pad_sequence_empty_raises", "nn.utils.rnn.pad_sequence([])"),
    ("pack_sequence_unsorted", SEQS + "p = nn.utils.rnn.pack_sequence(s, enforce_sorted=False); "
                                      "out = (p.data, p.batch_sizes, p.sorted_indices, "
                                      "p.unsorted_indices)"),
    ("pack_sequence_unsorted_raises", SEQS + "nn.utils.rnn.pack_sequence(s)"),
    ("pad_packed_total_length", SEQS + "p = nn.utils.rnn.pack_sequence(s, enforce_sorted=False); "
                                       "out = nn.utils.rnn.pad_packed_sequence(p, "
                                       "batch_first=True, total_length=5)"),
    ("pack_padded_lengths_tensor", SEQS + "x = nn.utils.rnn.pad_sequence(s, batch_first=True); "
                                          "p = nn.utils.rnn.pack_padded_sequence(x, "
                                          "T.tensor([3, 1, 2]), batch_first=True, "
                                          "enforce_sorted=False); out = (p.data, p.batch_sizes)"),
    ("pack_padded_zero_length_raises", SEQS + "x = nn.utils.rnn.pad_sequence(s); "
                                              "nn.utils.rnn.pack_padded_sequence(x, [3, 0, 2], "
                                              "enforce_sorted=False)"),
    ("unpad_unpack", SEQS + "out = (nn.utils.rnn.unpad_sequence(nn.utils.rnn.pad_sequence("
                            "s, batch_first=True), T.tensor([3, 1, 2]), batch_first=True), "
                            "nn.utils.rnn.unpack_sequence(nn.utils.rnn.pack_sequence(s, "
                            "enforce_sorted=False)))"),
]

# layers with PyTorch's weights: outputs, input gradients, parameter gradients and the
# buffers after two forward passes, in train and eval mode
LAYER_FORWARD = [
    ("Linear(5, 3)", (4, 5)),
    ("Conv1d(2, 4, 3, padding='same', padding_mode='reflect')", (2, 2, 7)),
    ("Conv2d(2, 4, 3, stride=2, padding=1, padding_mode='circular')", (2, 2, 7, 7)),
    ("Conv2d(4, 4, 3, groups=2, dilation=2, padding=2, padding_mode='replicate')", (2, 4, 8, 8)),
    ("ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)", (2, 2, 4, 4)),
    ("BatchNorm1d(5)", (4, 5)),
    ("BatchNorm1d(5, momentum=None)", (4, 5)),
    ("BatchNorm2d(3, momentum=0.3)", (2, 3, 4, 4)),
    ("BatchNorm2d(3, track_running_stats=False)", (2, 3, 4, 4)),
    ("InstanceNorm1d(3, affine=True, track_running_stats=True)", (2, 3, 6)),
    ("LayerNorm(4, bias=False)", (2, 3, 4)),
    ("GroupNorm(2, 4)", (3, 4, 5)),
    ("Embedding(10, 3, padding_idx=2)", (4, 3)),
    ("EmbeddingBag(10, 3, mode='max')", (4, 3)),
    ("LSTM(3, 4, num_layers=2, batch_first=True)", (2, 5, 3)),
    ("LSTM(3, 4, proj_size=2)", (5, 2, 3)),
    ("GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)", (2, 5, 3)),
    ("RNN(3, 4, nonlinearity='relu', bias=False)", (5, 2, 3)),
    ("TransformerEncoderLayer(8, 2, 16, dropout=0.0, norm_first=True, activation='gelu')",
     (5, 2, 8)),
    ("PReLU(3)", (2, 3, 4)),
    ("MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", (1, 2, 7, 7)),
    ("AvgPool2d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)", (1, 2, 7, 7)),
    ("Upsample(scale_factor=1.5, mode='nearest')", (1, 2, 4, 4)),
    ("Upsample(size=(5, 7), mode='bicubic', align_corners=True)", (1, 2, 3, 3)),
]


# -- tests -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", [c[1] for c in MODULE_CASES], ids=_ids(MODULE_CASES))
def test_module_api(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in CONTAINER_CASES], ids=_ids(CONTAINER_CASES))
def test_containers(code):
    check(code)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_repr(layer):
    check(f"m = nn.{layer}; out = (repr(m), [(k, tuple(v.shape)) for k, v in "
          f"m.state_dict().items()])")


@pytest.mark.parametrize("name,kw", OPT_CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                      enumerate(OPT_CONFIGS)])
def test_optimizer_groups_and_checkpoint(name, kw):
    check(OPT_RUN.format(name=name, kw=kw))


@pytest.mark.parametrize("code", [c[1] for c in OPT_CASES], ids=_ids(OPT_CASES))
def test_optimizer_api(code):
    check(code)


@pytest.mark.parametrize("opt,sched,okw,metric", [c[1:] for c in SCHED_CASES],
                         ids=_ids(SCHED_CASES))
def test_scheduler_sequence_and_checkpoint(opt, sched, okw, metric):
    check(SCHED_RUN.format(opt=opt, sched=sched, okw=okw, metric=metric, n=22))


@pytest.mark.parametrize("code", [c[1] for c in SCHED_ERROR_CASES], ids=_ids(SCHED_ERROR_CASES))
def test_scheduler_api(code):
    check("p = nn.Parameter(T.ones(3)); o = O.SGD([p], lr=0.1)\n" + code)


@pytest.mark.parametrize("code", [c[1] for c in LOSS_CASES], ids=_ids(LOSS_CASES))
def test_losses(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in INIT_CASES], ids=_ids(INIT_CASES))
def test_init(code):
    check(code)


@pytest.mark.parametrize("call,shape,std", INIT_MOMENTS, ids=[c[0].split("(")[0] + f"-{i}"
                                                              for i, c in enumerate(INIT_MOMENTS)])
def test_init_moments(call, shape, std):
    ours, theirs = ag.empty(*shape), torch.empty(*shape)
    eval(f"nn.init.{call}", {"nn": nn, "math": math, "w": ours})
    eval(f"torch.nn.init.{call}", {"torch": torch, "math": math, "w": theirs})
    a, b = ours.numpy().astype(np.float64), theirs.numpy().astype(np.float64)
    assert abs(a.mean() - b.mean()) < 0.05 * b.std() + 1e-3
    assert abs(a.std() - b.std()) < 0.03 * b.std()
    if std is not None:
        assert abs(b.std() - std) < 0.03 * std  # the oracle itself is what the formula says
    if call.startswith(("uniform_", "xavier_uniform_", "kaiming_uniform_", "trunc_normal_")):
        # bounded draws: the same bounds, nearly reached
        span = b.max() - b.min()
        assert abs(a.max() - b.max()) < 0.01 * span and abs(a.min() - b.min()) < 0.01 * span


@pytest.mark.parametrize("code", [c[1] for c in DATA_CASES], ids=_ids(DATA_CASES))
def test_data(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in UTILS_CASES], ids=_ids(UTILS_CASES))
def test_utils(code):
    check(code)


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
@pytest.mark.parametrize("layer,shape", LAYER_FORWARD, ids=[c[0] for c in LAYER_FORWARD])
def test_layer_with_torch_weights(layer, shape, train):
    torch.manual_seed(0)
    theirs = eval(f"torch.nn.{layer}", {"torch": torch})
    ours = eval(f"nn.{layer}", {"nn": nn})
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: ag.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    ours.train(train)
    theirs.train(train)
    rng = np.random.default_rng(1)
    integer = layer.startswith("Embedding")
    for _ in range(2):
        a = rng.integers(0, 10, shape) if integer else rng.standard_normal(shape).astype("f4")
        x, tx = ag.tensor(a, requires_grad=not integer), torch.tensor(a, requires_grad=not integer)
        out, tout = ours(x), theirs(tx)
        if isinstance(tout, tuple):
            out, tout = out[0], tout[0]
        weight = np.linspace(-1, 1, tout.numel(), dtype="f4").reshape(tuple(tout.shape))
        (out * ag.tensor(weight)).sum().backward()
        (tout * torch.tensor(weight)).sum().backward()
        np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), rtol=1e-4,
                                   atol=1e-5)
        if not integer:
            np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-4, atol=1e-5)
    state = ours.state_dict()
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(state[k].numpy(), v.numpy(), rtol=1e-4, atol=1e-5, err_msg=k)
    grads = dict(theirs.named_parameters())
    for k, p in ours.named_parameters():
        assert (p.grad is None) == (grads[k].grad is None), k
        if p.grad is not None:
            np.testing.assert_allclose(p.grad.numpy(), grads[k].grad.numpy(), rtol=1e-3,
                                       atol=1e-4, err_msg=k)
