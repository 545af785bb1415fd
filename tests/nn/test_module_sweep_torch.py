"""nn.Module machinery, containers, hooks, nn.init, nn.utils (parametrize, parametrizations,
legacy weight/spectral norm, fusion, stateless) and nn.data, run under PyTorch and tapegrad.

Each snippet is PyTorch code over ``T``, ``nn``, ``F``, ``O``, ``LS`` and ``D`` (see
``tests/nn/test_idioms_torch.py``, whose harness runs it under both libraries); it leaves its
result in ``out``, compared by value, dtype and shape, reprs character for character up to the
``torch.`` prefix, and a raised exception by type (ours an instance of PyTorch's).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip
from tests.nn.test_idioms_torch import check

torch = torch_or_skip()

MODULE_CASES = [
    ('strict_missing_msg',
     "m = nn.Linear(2,2)\ntry:\n    m.load_state_dict({'weight': T.zeros(2,2), 'x': "
     'T.zeros(1)})\nexcept RuntimeError as e:\n    out = str(e)'),
    ('load_returns_namedtuple',
     'm = nn.Linear(2,2); r = m.load_state_dict(m.state_dict()); out = (type(r).__name__, '
     'r._fields, r.missing_keys, r.unexpected_keys, str(r), tuple(r))'),
    ('load_assign',
     'm = nn.Linear(2,2); w = nn.Parameter(T.ones(2,2)); p = m.weight; r = '
     "m.load_state_dict({'weight': T.ones(2,2, dtype=T.float64), 'bias': T.zeros(2)}, "
     'assign=True); out = (m.weight.dtype, type(m.weight).__name__, '
     'm.weight.requires_grad, m.weight is p)'),
    ('load_assign_param',
     'm = nn.Linear(2,2); w = nn.Parameter(T.ones(2,2), requires_grad=False); '
     "m.load_state_dict({'weight': w, 'bias': T.zeros(2)}, assign=True); out = (m.weight "
     'is w, m.weight.requires_grad)'),
    ('load_nonpersistent_unexpected',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\nsd = m.state_dict(); sd['np'] = "
     'T.ones(2); r = m.load_state_dict(sd, strict=False); out = (r.unexpected_keys, '
     'list(m.state_dict()))'),
    ('load_not_mapping',
     'nn.Linear(2,2).load_state_dict([1,2])'),
    ('load_dtype_cast',
     "m = nn.Linear(2,2); m.load_state_dict({'weight': T.ones(2,2,dtype=T.float64), "
     "'bias': T.zeros(2, dtype=T.int64)}); out = (m.weight.dtype, m.bias.dtype, m.weight)"),
    ('state_dict_keep_vars',
     "m = nn.Linear(2,2); sd = m.state_dict(keep_vars=True); out = (sd['weight'] is "
     "m.weight, type(sd['weight']).__name__)"),
    ('state_dict_type',
     'out = type(nn.Linear(2,2).state_dict()).__name__'),
    ('state_dict_metadata',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     'nn.Tanh()), nn.Linear(3, 1))\nsd = net.state_dict(); out = dict(sd._metadata)'),
    ('state_dict_destination',
     "d = {}; r = nn.Linear(2,2).state_dict(destination=d, prefix='x.'); out = (r is d, "
     'list(d))'),
    ('named_modules_no_dup_prefix',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\nout = [n for n, _ in net.named_modules(prefix='a.b')]"),
    ('named_parameters_recurse_false',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     'nn.Tanh()), nn.Linear(3, 1))\nout = [n for n, _ in '
     'net.named_parameters(recurse=False)]'),
    ('named_buffers',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     '        return self.b(self.a(x)) + self.p\nm = M()\nout = ([n for n, _ in '
     "m.named_buffers()], [n for n, _ in m.named_buffers(prefix='z', recurse=False)])"),
    ('named_buffers_shared',
     "b = T.zeros(2); m = nn.Module(); m.register_buffer('x', b); m.register_buffer('y', "
     'b); out = ([n for n,_ in m.named_buffers()], [n for n,_ in '
     'm.named_buffers(remove_duplicate=False)], list(m.state_dict()))'),
    ('params_shared_two_names',
     'm = nn.Module(); p = nn.Parameter(T.ones(1)); m.a = p; m.b = p; out = ([n for n,_ '
     'in m.named_parameters()], [n for n,_ in '
     'm.named_parameters(remove_duplicate=False)], len(list(m.parameters())), '
     'list(m.state_dict()))'),
    ('children_order',
     'm = nn.Module(); m.z = nn.ReLU(); m.a = nn.Tanh(); m.m = nn.ReLU(); m.z = nn.ELU(); '
     'out = [n for n,_ in m.named_children()]'),
    ('children_shared',
     'r = nn.ReLU(); m = nn.Module(); m.a = r; m.b = r; out = ([n for n,_ in '
     'm.named_children()], len(list(m.modules())), [n for n, _ in '
     'm.named_modules(remove_duplicate=False)])'),
    ('register_module_name_types',
     'nn.Module().register_module(1, nn.ReLU())'),
    ('add_module_empty',
     "nn.Module().add_module('', nn.ReLU())"),
    ('add_module_existing_attr',
     "m = nn.Module(); m.foo = 3; m.add_module('foo', nn.ReLU())"),
    ('add_module_training',
     "nn.Module().add_module('training', nn.ReLU())"),
    ('register_param_existing',
     "m = nn.Module(); m.foo = 3; m.register_parameter('foo', nn.Parameter(T.ones(1)))"),
    ('register_buffer_existing_param',
     "m = nn.Linear(2,2); m.register_buffer('weight', T.ones(1))"),
    ('register_buffer_non_tensor',
     "nn.Module().register_buffer('a', 3)"),
    ('register_buffer_int_name',
     'nn.Module().register_buffer(3, T.ones(1))'),
    ('register_param_empty',
     "nn.Module().register_parameter('', nn.Parameter(T.ones(1)))"),
    ('register_param_dot',
     "nn.Module().register_parameter('a.b', nn.Parameter(T.ones(1)))"),
    ('register_param_nonleaf',
     "p = nn.Parameter(T.ones(1)); nn.Module().register_parameter('a', p * 2)"),
    ('setattr_tensor_to_param',
     'm = nn.Linear(2,2); m.weight = T.ones(2,2)'),
    ('setattr_none_to_param',
     'm = nn.Linear(2,2); m.weight = None; out = (list(m.state_dict()), m.weight, [n for '
     'n,_ in m.named_parameters()])'),
    ('setattr_tensor_to_buffer',
     'm = nn.BatchNorm1d(2); m.running_mean = T.ones(2); out = (m.running_mean, '
     'list(m.state_dict()))'),
    ('setattr_int_to_buffer',
     'm = nn.BatchNorm1d(2); m.running_mean = 3'),
    ('setattr_int_to_module',
     "m = nn.Sequential(nn.ReLU()); setattr(m, '0', 3)"),
    ('setattr_module_over_param',
     'm = nn.Linear(2,2); m.weight = nn.ReLU(); out = (list(m.state_dict()), repr(m))'),
    ('setattr_param_over_module',
     "m = nn.Sequential(nn.ReLU()); setattr(m, '0', nn.Parameter(T.ones(1))); out = "
     '(list(m.state_dict()), repr(m))'),
    ('setattr_param_over_plain',
     'm = nn.Module(); m.x = 3; m.x = nn.Parameter(T.ones(1)); out = '
     "(list(m.state_dict()), 'x' in m.__dict__)"),
    ('setattr_param_over_buffer',
     "m = nn.Module(); m.register_buffer('x', T.ones(1)); m.x = nn.Parameter(T.ones(1)); "
     'out = (list(m.state_dict()), [n for n,_ in m.named_buffers()])'),
    ('setattr_plain_over_module',
     'm = nn.Sequential(nn.ReLU()); m.a = nn.ReLU(); m.a = None; out = (repr(m), m.a)'),
    ('delattr_param',
     "m = nn.Linear(2,2); del m.weight; out = (list(m.state_dict()), hasattr(m, 'weight'))"),
    ('delattr_buffer',
     'm = nn.BatchNorm1d(2); del m.running_mean; out = list(m.state_dict())'),
    ('delattr_missing',
     'm = nn.Linear(2,2); del m.nothing'),
    ('getattr_missing_msg',
     'm = nn.Linear(2,2)\ntry:\n    m.nothing\nexcept AttributeError as e:\n    out = str(e)'),
    ('get_submodule_missing',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\nnet.get_submodule('2.5')"),
    ('get_submodule_missing_msg',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\ntry:\n    net.get_submodule('2.5')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_submodule_not_module',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\ntry:\n    net.get_submodule('0.weight')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_submodule_ok',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\nout = (repr(net.get_submodule('2.0')), "
     "net.get_submodule('') is net)"),
    ('get_parameter_missing_msg',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\ntry:\n    net.get_parameter('0.foo')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_parameter_not_param_msg',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\ntry:\n    m.get_parameter('r')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_parameter_ok',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     "nn.Tanh()), nn.Linear(3, 1))\nout = net.get_parameter('2.0.bias').shape"),
    ('get_buffer_missing_msg',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\ntry:\n    m.get_buffer('a.weight')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_buffer_ok',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\nout = (m.get_buffer('np'), "
     "m.get_buffer('r'))"),
    ('get_buffer_missing2_msg',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\ntry:\n    m.get_buffer('zz')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_submodule_bad_child_msg',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     "        return self.b(self.a(x)) + self.p\nm = M()\ntry:\n    m.get_submodule('a.b')\n"
     'except AttributeError as e:\n    out = str(e)'),
    ('get_parameter_plain_attr',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     '        return self.b(self.a(x)) + self.p\nm = M()\nm.q = 3\ntry:\n'
     "    m.get_parameter('q')\nexcept AttributeError as e:\n    out = str(e)"),
    ('apply_order_nested',
     'net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), '
     'nn.Tanh()), nn.Linear(3, 1))\nnames = []; net.apply(lambda m: '
     'names.append(type(m).__name__)); out = names'),
    ('to_keeps_identity',
     'm = nn.Linear(2,2); w = m.weight; m.double(); a = (m.weight is w, w.dtype); '
     'm.half(); b = (m.weight is w, w.dtype); m.to(T.float32); out = (a, b, m.weight is '
     'w, w.dtype, type(m.weight).__name__)'),
    ('to_grad_too',
     'm = nn.Linear(2,2); m.weight.grad = T.ones(2,2); m.double(); out = '
     'm.weight.grad.dtype'),
    ('type_method',
     'm = nn.Linear(2,2); r = m.type(T.float64); out = (r is m, m.weight.dtype)'),
    ('type_int_buffer',
     'm = nn.BatchNorm1d(2); m.type(T.float64); out = (m.num_batches_tracked.dtype, '
     'm.running_mean.dtype)'),
    ('to_kw',
     'm = nn.Linear(2,2); m.to(dtype=T.float64); out = m.weight.dtype'),
    ('to_tensor',
     'm = nn.Linear(2,2); m.to(T.ones(1, dtype=T.float64)); out = m.weight.dtype'),
    ('to_cpu_dtype',
     "m = nn.Linear(2,2); m.to('cpu', T.float64); out = m.weight.dtype"),
    ('requires_grad_false_and_back',
     'm = nn.Linear(2,2); m.requires_grad_(False); a = [p.requires_grad for p in '
     'm.parameters()]; m.requires_grad_(); out = (a, [p.requires_grad for p in '
     'm.parameters()])'),
    ('zero_grad_keep',
     'm = nn.Linear(2,2); (m(T.ones(1,2))).sum().backward(); m.zero_grad(False); out = '
     '(m.weight.grad, m.bias.grad, m.weight.grad.requires_grad)'),
    ('training_attr',
     'm = nn.Sequential(nn.Linear(2,2)); out = (m.training, m[0].training); m.eval(); out '
     '= out + (m.training, m[0].training)'),
    ('train_returns',
     'm = nn.Linear(2,2); out = m.train() is m'),
    ('extra_repr_linear',
     'out = (nn.Linear(2,3).extra_repr(), nn.Conv2d(1,2,3).extra_repr(), '
     'nn.ReLU().extra_repr(), nn.ReLU(True).extra_repr(), nn.Dropout().extra_repr())'),
    ('repr_empty_module',
     'out = (repr(nn.Module()), repr(nn.Sequential()), repr(nn.ModuleList()), '
     'repr(nn.ModuleDict()))'),
    ('repr_custom_module',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     '        return self.b(self.a(x)) + self.p\nm = M()\nout = repr(m)'),
    ('repr_moduledict_nested',
     "out = repr(nn.ModuleDict({'a': nn.Sequential(nn.Linear(2,2), "
     "nn.ModuleList([nn.ReLU(), nn.Conv2d(1,2,3,padding=1)])), 'b': nn.BatchNorm2d(3)}))"),
    ('repr_modulelist_repeat',
     'out = repr(nn.ModuleList([nn.Linear(2,2) for _ in range(4)] + [nn.ReLU(), '
     'nn.ReLU(), nn.Linear(2,3)]))'),
    ('repr_modulelist_repeat_nested',
     'out = repr(nn.Sequential(nn.ModuleList([nn.Sequential(nn.Linear(2,2), nn.ReLU()) '
     'for _ in range(3)])))'),
    ('repr_none_child',
     "m = nn.Module(); m.a = nn.ReLU(); m.register_module('b', None); out = repr(m)"),
    ('dir',
     "m = nn.Linear(2,2); d = dir(m); out = ('weight' in d, 'bias' in d, 'forward' in d, "
     "'training' in d, d == sorted(d))"),
    ('dir_custom',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n'
     "        self.a = nn.Linear(2, 2); self.register_buffer('r', T.zeros(1)); "
     "self.register_buffer('np', T.ones(2), persistent=False)\n        self.b = "
     'nn.Linear(2, 1); self.p = nn.Parameter(T.ones(1))\n    def forward(self, x):\n'
     '        return self.b(self.a(x)) + self.p\nm = M()\nd = dir(m); out = [x for x in d '
     "if not x.startswith('_') and x in ('a','b','r','np','p')]"),
    ('parameters_count_shared',
     'l = nn.Linear(2,2); s = nn.Sequential(l, l, nn.Linear(2,2)); out = '
     '(len(list(s.parameters())), sum(p.numel() for p in s.parameters()))'),
    ('deepcopy',
     'import copy\nl = nn.Linear(2,2); s = nn.Sequential(l, l); c = copy.deepcopy(s); out '
     '= (c[0] is c[1], c[0].weight is l.weight, type(c[0].weight).__name__, '
     'c[0].weight.requires_grad, bool((c[0].weight == l.weight).all()), repr(c))'),
    ('deepcopy_grad',
     'import copy\nl = nn.Linear(2,2); l.weight.grad = T.ones(2,2); c = copy.deepcopy(l); '
     'out = (c.weight.grad, c.weight.grad is l.weight.grad)'),
    ('deepcopy_hooks',
     'import copy\nl = nn.Linear(2,2); nn.init.ones_(l.weight); nn.init.zeros_(l.bias); '
     'l.register_forward_hook(lambda m, i, o: o * 2); c = copy.deepcopy(l); out = '
     'c(T.ones(1,2))'),
    ('copy_shallow',
     'import copy\nl = nn.Linear(2,2); c = copy.copy(l); out = (c.weight is l.weight, '
     'c._parameters is l._parameters)'),
    ('extra_state_keys',
     'class E(nn.Module):\n    def __init__(self):\n        super().__init__(); self.l = '
     "nn.Linear(1, 1); self.s = 3\n    def get_extra_state(self):\n        return {'s': "
     "self.s}\n    def set_extra_state(self, st):\n        self.s = st['s']\n"
     'out = list(nn.Sequential(E()).state_dict())'),
    ('extra_state_load',
     'class E(nn.Module):\n    def __init__(self):\n        super().__init__(); self.l = '
     "nn.Linear(1, 1); self.s = 3\n    def get_extra_state(self):\n        return {'s': "
     "self.s}\n    def set_extra_state(self, st):\n        self.s = st['s']\na = E(); a.s = "
     '7; b = E(); b.load_state_dict(a.state_dict()); out = b.s'),
    ('extra_state_missing',
     'class E(nn.Module):\n    def __init__(self):\n        super().__init__(); self.l = '
     "nn.Linear(1, 1); self.s = 3\n    def get_extra_state(self):\n        return {'s': "
     "self.s}\n    def set_extra_state(self, st):\n        self.s = st['s']\nb = E(); sd = "
     "b.state_dict(); del sd['_extra_state']; b.load_state_dict(sd)"),
    ('extra_state_missing_nonstrict',
     'class E(nn.Module):\n    def __init__(self):\n        super().__init__(); self.l = '
     "nn.Linear(1, 1); self.s = 3\n    def get_extra_state(self):\n        return {'s': "
     "self.s}\n    def set_extra_state(self, st):\n        self.s = st['s']\nb = E(); sd = "
     "b.state_dict(); del sd['_extra_state']; r = b.load_state_dict(sd, strict=False); "
     'out = (r.missing_keys, r.unexpected_keys)'),
    ('extra_state_unexpected',
     "m = nn.Linear(1, 1); sd = m.state_dict(); sd['_extra_state'] = 1; r = "
     'm.load_state_dict(sd, strict=False); out = r.unexpected_keys'),
    ('forward_missing',
     'nn.Module()(1)'),
    ('forward_missing_msg',
     'try:\n    nn.Module()(1)\nexcept NotImplementedError as e:\n    out = str(e)'),
    ('train_int',
     'nn.Linear(1, 1).train(1)'),
    ('to_non_blocking',
     "m = nn.Linear(1, 1); out = m.to('cpu', non_blocking=True) is m"),
    ('to_bad_kwarg',
     'nn.Linear(1, 1).to(foo=1)'),
    ('to_bad_device',
     "nn.Linear(1, 1).to('tpu')"),
    ('type_str',
     "m = nn.Linear(1, 1); m.type('torch.DoubleTensor' if hasattr(T, 'DoubleTensor') else "
     'T.float64); out = m.weight.dtype'),
    ('half_buffers',
     'm = nn.BatchNorm1d(2); m.half(); out = (m.running_mean.dtype, '
     'm.num_batches_tracked.dtype, m.weight.dtype)'),
    ('float_from_double',
     'm = nn.Linear(1, 1).double().float(); out = m.weight.dtype'),
    ('to_dtype_grad',
     'm = nn.Linear(1, 1); m(T.ones(1, 1)).sum().backward(); m.double(); out = '
     '(m.weight.grad.dtype, m.weight.dtype, m.weight.is_leaf)'),
    ('buffer_persist_toggle',
     "m = nn.Module(); m.register_buffer('a', T.ones(1), persistent=False); "
     "m.register_buffer('a', T.ones(1)); out = list(m.state_dict())"),
    ('buffer_setattr_keeps_nonpersistent',
     "m = nn.Module(); m.register_buffer('a', T.ones(1), persistent=False); m.a = "
     'T.zeros(2); out = (list(m.state_dict()), m.a.shape)'),
    ('buffer_set_none',
     'm = nn.BatchNorm1d(2); m.running_mean = None; out = (list(m.state_dict()), '
     'm.running_mean)'),
    ('del_then_register',
     "m = nn.Linear(1, 1); del m.weight; m.register_buffer('weight', T.ones(1)); out = "
     '(list(m.state_dict()), [n for n, _ in m.named_parameters()])'),
    ('param_in_dict_and_attr',
     "m = nn.Module(); m.__dict__['x'] = 3; m.x = nn.Parameter(T.ones(1)); out = ('x' in "
     'm.__dict__, list(m.state_dict()))'),
    ('setattr_training',
     'm = nn.Linear(1, 1); m.training = False; out = m.training'),
    ('getattr_training_no_init',
     'class M(nn.Module):\n    def __init__(self):\n        pass\nM().training'),
    ('getattr_no_init_param',
     'class M(nn.Module):\n    def __init__(self):\n        pass\nm = M()\nm.x'),
    ('repr_no_init',
     'class M(nn.Module):\n    def __init__(self):\n        pass\nrepr(M())'),
    ('named_modules_memo',
     's = nn.Sequential(nn.ReLU(), nn.Tanh()); memo = {s[0]}; out = [n for n, _ in '
     's.named_modules(memo)]'),
    ('named_parameters_prefix_norecurse',
     "m = nn.Linear(1, 1); out = [n for n, _ in m.named_parameters(prefix='x', "
     'recurse=False)]'),
    ('buffers_recurse',
     's = nn.Sequential(nn.BatchNorm1d(2)); out = (len(list(s.buffers())), '
     'len(list(s.buffers(recurse=False))))'),
    ('parameters_recurse',
     's = nn.Sequential(nn.Linear(1, 1)); out = (len(list(s.parameters())), '
     'len(list(s.parameters(recurse=False))))'),
    ('modules_dup_none',
     "m = nn.Module(); m.a = None; m.register_module('b', None); out = ([n for n, _ in "
     'm.named_modules()], [n for n, _ in m.named_children()], repr(m))'),
    ('register_module_none_msg',
     "m = nn.Module(); m.add_module('a', None); m.a = nn.ReLU(); out = repr(m)"),
    ('share_memory',
     'm = nn.Linear(1, 1); out = m.share_memory() is m'),
    ('zero_grad_partial',
     'm = nn.Linear(2, 1); m.weight.grad = T.ones(1, 2); m.zero_grad(set_to_none=False); '
     'out = (m.weight.grad, m.bias.grad)'),
    ('zero_grad_returns',
     'out = nn.Linear(1, 1).zero_grad()'),
    ('apply_returns_self_nested',
     's = nn.Sequential(nn.Linear(1, 1)); out = s.apply(lambda m: None) is s'),
    ('apply_init',
     'T.manual_seed(0)\ndef init(m):\n    if isinstance(m, nn.Linear):\n'
     '        nn.init.constant_(m.weight, 0.5); nn.init.zeros_(m.bias)\n'
     's = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1)); s.apply(init); out '
     '= s(T.ones(1, 2))'),
    ('set_submodule',
     "s = nn.Sequential(nn.Sequential(nn.ReLU())); s.set_submodule('0.0', nn.Tanh()); out "
     '= repr(s)'),
    ('set_submodule_missing_parent',
     "s = nn.Sequential(nn.ReLU()); s.set_submodule('1.0', nn.Tanh())"),
    ('set_submodule_strict_new',
     "s = nn.Sequential(nn.Sequential()); s.set_submodule('0.x', nn.Tanh(), strict=True)"),
    ('set_submodule_non_strict_new',
     "s = nn.Sequential(nn.Sequential()); s.set_submodule('0.x', nn.Tanh()); out = repr(s)"),
    ('set_submodule_non_module',
     "s = nn.Sequential(nn.ReLU()); s.set_submodule('0', 3)"),
    ('set_submodule_empty',
     "s = nn.Sequential(nn.ReLU()); s.set_submodule('', nn.ReLU())"),
    ('get_submodule_none_child',
     "m = nn.Module(); m.register_module('a', None); m.get_submodule('a')"),
    ('state_dict_keep_vars_buffer',
     "m = nn.BatchNorm1d(2); sd = m.state_dict(keep_vars=True); out = sd['running_mean'] "
     'is m.running_mean'),
    ('state_dict_values_shared',
     "m = nn.Linear(1, 1); sd = m.state_dict(); sd['weight'].fill_(5.); out = m.weight"),
    ('load_state_dict_inplace_identity',
     "m = nn.Linear(1, 1); w = m.weight; m.load_state_dict({'weight': T.ones(1, 1), "
     "'bias': T.ones(1)}); out = (m.weight is w, m.weight.requires_grad, m.weight)"),
    ('load_state_dict_no_grad_graph',
     "m = nn.Linear(1, 1); m.load_state_dict({'weight': T.ones(1, 1, requires_grad=True) "
     "* 2, 'bias': T.ones(1)}); out = (m.weight.grad_fn is None, m.weight.is_leaf)"),
    ('load_state_dict_scalar_compat',
     "m = nn.BatchNorm1d(2); sd = m.state_dict(); sd['num_batches_tracked'] = "
     'T.tensor([5]); m.load_state_dict(sd); out = m.num_batches_tracked'),
    ('load_state_dict_int_to_float',
     "m = nn.Linear(1, 1); m.load_state_dict({'weight': T.tensor([[3]]), 'bias': "
     'T.tensor([1])}); out = m.weight'),
    ('load_bn_plain_dict_no_counter',
     "m = nn.BatchNorm1d(2); sd = dict(m.state_dict()); del sd['num_batches_tracked']; r "
     '= m.load_state_dict(sd); out = repr(r)'),
    ('load_state_dict_keys_order',
     's = nn.Sequential(nn.Linear(1, 1), nn.Linear(1, 1)); r = '
     "s.load_state_dict({'2.weight': T.ones(1), '1.bias': T.ones(1), '0.zz': T.ones(1)}, "
     'strict=False); out = (r.missing_keys, r.unexpected_keys)'),
    ('load_state_dict_none_value',
     "m = nn.Linear(1, 1); m.load_state_dict({'weight': None, 'bias': T.ones(1)})"),
    ('incompatible_keys_eq',
     "r = nn.Linear(1, 1).load_state_dict({'weight': T.ones(1, 1)}, strict=False); out = "
     "(r == (['bias'], []), r[0])"),
    ('register_buffer_param',
     "m = nn.Module(); m.register_buffer('a', nn.Parameter(T.ones(1))); out = "
     '(list(m.state_dict()), [n for n, _ in m.named_parameters()], type(m.a).__name__)'),
    ('register_parameter_after_buffer_del',
     "m = nn.Module(); m.register_buffer('a', T.ones(1)); del m.a; m.a = "
     'nn.Parameter(T.ones(1)); out = list(m.state_dict())'),
    ('hasattr_param',
     "m = nn.Linear(1, 1); out = (hasattr(m, 'weight'), hasattr(m, 'nope'))"),
    ('parameters_generator',
     'm = nn.Linear(1, 1); out = type(m.parameters()).__name__'),
    ('children_generator',
     'out = type(nn.Sequential().children()).__name__'),
    ('call_kwargs',
     'class K(nn.Module):\n    def forward(self, x, *, s=1):\n        return x * s\n'
     'out = K()(T.ones(2), s=3)'),
    ('call_super_forward',
     'out = nn.Identity()(T.ones(2))'),
    ('module_eq_hash',
     'a = nn.Linear(1, 1); out = (a == a, a == nn.Linear(1, 1), len({a, a}))'),
    ('module_bool',
     'out = (bool(nn.Linear(1, 1)), bool(nn.Sequential()), bool(nn.ModuleList()), '
     'bool(nn.ModuleDict()), bool(nn.ParameterList()), bool(nn.ParameterDict()))'),
    ('named_parameters_grad',
     'm = nn.Linear(2, 1); out = [type(p).__name__ for _, p in m.named_parameters()]'),
    ('get_extra_state_default',
     'nn.Linear(1, 1).get_extra_state()'),
    ('state_dict_pre_hook_kw',
     'm = nn.Linear(1, 1); log = []\nm.register_state_dict_pre_hook(lambda mod, prefix, '
     'keep_vars: log.append(keep_vars)); m.state_dict(keep_vars=True); out = log'),
    ('load_state_dict_post_hook_nested',
     's = nn.Sequential(nn.Linear(1, 1)); log = []\n'
     's[0].register_load_state_dict_post_hook(lambda mod, inc: '
     'log.append((list(inc.missing_keys), list(inc.unexpected_keys))))\n'
     "s.register_load_state_dict_post_hook(lambda mod, inc: log.append('outer'))\n"
     "s.load_state_dict({'0.weight': T.ones(1, 1)}, strict=False); out = log"),
    ('load_pre_hook_with_module',
     's = nn.Sequential(nn.Linear(1, 1)); log = []\n'
     's[0].register_load_state_dict_pre_hook(lambda *a: log.append((a[2], len(a))))\n'
     's.load_state_dict(s.state_dict()); out = log'),
    ('register_load_state_dict_pre_hook_module_arg',
     'm = nn.Linear(1, 1); log = []\nh = m._register_load_state_dict_pre_hook(lambda *a: '
     'log.append(len(a)), with_module=True)\nm.load_state_dict(m.state_dict()); out = log'),
    ('register_state_dict_hook_private',
     'm = nn.Linear(1, 1)\nm._register_state_dict_hook(lambda mod, sd, prefix, meta: None)\n'
     'out = list(m.state_dict())'),
]


HOOK_CASES = [
    ('pre_hook_kwargs',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\ndef h(mod, args, kwargs):\n'
     '    log.append(sorted(kwargs))\n    return (args[0] * 3,), kwargs\n'
     'm.register_forward_pre_hook(h, with_kwargs=True)\nout = (m(x), log)'),
    ('pre_hook_kwargs_bad_return',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_pre_hook(lambda mod, a, k: a, '
     'with_kwargs=True)\nm(x)'),
    ('pre_hook_single_return',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_pre_hook(lambda mod, a: a[0] * '
     '2)\nout = m(x)'),
    ('pre_hook_prepend_order',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_pre_hook(lambda mod, a: '
     'log.append(1))\nm.register_forward_pre_hook(lambda mod, a: log.append(2), '
     'prepend=True)\nm.register_forward_pre_hook(lambda mod, a: log.append(3))\nm(x); out = '
     'log'),
    ('fwd_hook_prepend_order',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_hook(lambda mod, a, o: '
     'log.append(1))\nm.register_forward_hook(lambda mod, a, o: log.append(2), '
     "prepend=True)\nm.register_forward_hook(lambda mod, a, k, o: log.append(('k', "
     'sorted(k))), with_kwargs=True)\nm(x); out = log'),
    ('fwd_hook_kwargs_forward',
     'class K(nn.Module):\n    def forward(self, x, scale=1.0):\n        return x * scale\n'
     'k = K(); log = []\nk.register_forward_hook(lambda mod, a, kw, o: log.append((len(a), '
     'dict(kw))) , with_kwargs=True)\nk.register_forward_pre_hook(lambda mod, a, kw: (a, '
     "{'scale': 5.0}), with_kwargs=True)\nout = (k(T.ones(2), scale=2.0), log)"),
    ('fwd_hook_always_call',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nclass Bad(nn.Module):\n    def forward(self, x):\n'
     "        raise ValueError('boom')\nb = Bad()\nb.register_forward_hook(lambda mod, a, "
     "o: log.append('always'), always_call=True)\nb.register_forward_hook(lambda mod, a, "
     "o: log.append('not'))\ntry:\n    b(x)\nexcept ValueError:\n    pass\nout = log"),
    ('hook_handle_remove',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nh = m.register_forward_hook(lambda mod, a, o: '
     'log.append(1))\nm(x); h.remove(); m(x); h.remove(); out = log'),
    ('hook_handle_id',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nh = m.register_forward_hook(lambda mod, a, o: '
     'None); h2 = m.register_forward_hook(lambda mod, a, o: None)\nout = (isinstance(h.id, '
     'int), h2.id > h.id, type(h).__name__)'),
    ('hook_handle_ctx',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nwith m.register_forward_hook(lambda mod, a, o: o * '
     '0):\n    a = m(x)\nout = (a, m(x))'),
    ('full_backward_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\ndef h(mod, gi, go):\n    log.append((len(gi), '
     'len(go), gi[0], go[0]))\nm.register_full_backward_hook(h)\nm(x).sum().backward(); out '
     '= (log, x.grad)'),
    ('full_backward_hook_replace',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_full_backward_hook(lambda mod, gi, go: '
     '(gi[0] * 10,))\nm(x).sum().backward(); out = x.grad'),
    ('full_backward_hook_no_input_grad',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nx2 = T.ones(1, 2)\n'
     'm.register_full_backward_hook(lambda mod, gi, go: log.append((gi, go[0])))\n'
     'm(x2).sum().backward(); out = log'),
    ('backward_pre_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_full_backward_pre_hook(lambda mod, go: '
     '(go[0] * 2,))\nm.register_full_backward_hook(lambda mod, gi, go: log.append(go[0]))\n'
     'm(x).sum().backward(); out = (x.grad, log, m.weight.grad)'),
    ('backward_pre_hook_prepend',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_full_backward_pre_hook(lambda mod, go: '
     'log.append(1))\nm.register_full_backward_pre_hook(lambda mod, go: log.append(2), '
     'prepend=True)\nm(x).sum().backward(); out = log'),
    ('backward_hook_wrong_count',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_full_backward_hook(lambda mod, gi, go: '
     '(gi[0], gi[0]))\nm(x).sum().backward()'),
    ('backward_hooks_mixed_raises',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_full_backward_hook(lambda *a: None)\n'
     'm.register_backward_hook(lambda *a: None)'),
    ('backward_hook_two_inputs',
     'b = nn.Bilinear(2, 2, 1); log = []\nx1 = T.ones(1,2, requires_grad=True); x2 = '
     'T.ones(1,2)\nb.register_full_backward_hook(lambda mod, gi, go: log.append((len(gi), '
     'gi[1] is None)))\nb(x1, x2).sum().backward(); out = log'),
    ('state_dict_pre_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_state_dict_pre_hook(lambda mod, prefix, '
     'keep_vars: log.append((prefix, keep_vars)))\ns = nn.Sequential(m); s.state_dict(); '
     'out = log'),
    ('state_dict_post_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\ndef h(mod, sd, prefix, meta):\n'
     "    log.append((prefix, sorted(meta)))\n    sd[prefix + 'extra'] = T.zeros(1)\n"
     'm.register_state_dict_post_hook(h)\ns = nn.Sequential(m); out = '
     '(list(s.state_dict()), log)'),
    ('state_dict_post_hook_return',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_state_dict_post_hook(lambda mod, sd, p, '
     'meta: sd)\nm.state_dict()'),
    ('load_pre_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\ndef h(mod, sd, prefix, meta, strict, mk, uk, em):\n'
     '    log.append((prefix, sorted(meta), strict, sorted(sd)))\n    sd.pop(prefix + '
     "'junk', None)\nm.register_load_state_dict_pre_hook(h)\ns = nn.Sequential(m); sd = "
     "s.state_dict(); sd['0.junk'] = T.ones(1)\nr = s.load_state_dict(sd); out = (log, "
     'repr(r))'),
    ('load_post_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\ndef h(mod, inc):\n'
     '    log.append((list(inc.missing_keys), list(inc.unexpected_keys)))\n'
     '    inc.unexpected_keys.clear()\nm.register_load_state_dict_post_hook(h)\n'
     "r = m.load_state_dict({'weight': T.ones(2,2), 'bias': T.ones(2), 'zz': T.ones(1)}); "
     'out = (log, repr(r))'),
    ('load_post_hook_return',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_load_state_dict_post_hook(lambda mod, '
     'inc: 1)\nm.load_state_dict(m.state_dict())'),
    ('global_forward_pre_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_forward_pre_hook(lambda mod, a: '
     'log.append(type(mod).__name__))\ns = nn.Sequential(m, nn.ReLU()); s(x); h.remove(); '
     'out = log'),
    ('global_forward_hook_replace',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_forward_hook(lambda mod, a, o: o + 1)\ntry:\n'
     '    out = nn.Sequential(m)(x)\nfinally:\n    h.remove()'),
    ('global_full_backward_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_full_backward_hook(lambda mod, gi, go: '
     'log.append(type(mod).__name__))\ntry:\n    nn.Sequential(m, '
     'nn.Tanh())(x).sum().backward()\nfinally:\n    h.remove()\nout = log'),
    ('global_backward_pre_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_full_backward_pre_hook(lambda mod, go: '
     'log.append(type(mod).__name__))\ntry:\n    nn.Sequential(m, '
     'nn.Tanh())(x).sum().backward()\nfinally:\n    h.remove()\nout = log'),
    ('global_fwd_always_call',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_forward_hook(lambda mod, a, o: log.append(1), '
     'always_call=True)\nclass Bad(nn.Module):\n    def forward(self, x):\n        raise '
     "ValueError('b')\ntry:\n    Bad()(x)\nexcept ValueError:\n    pass\nfinally:\n"
     '    h.remove()\nout = log'),
    ('global_hooks_order',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     "h1 = mm.register_module_forward_pre_hook(lambda mod, a: log.append('gpre'))\n"
     "h2 = mm.register_module_forward_hook(lambda mod, a, o: log.append('gpost'))\n"
     "m.register_forward_pre_hook(lambda mod, a: log.append('pre'))\n"
     "m.register_forward_hook(lambda mod, a, o: log.append('post'))\ntry:\n    m(x)\n"
     'finally:\n    h1.remove(); h2.remove()\nout = log'),
    ('global_buffer_registration_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_buffer_registration_hook(lambda mod, name, b: '
     'log.append(name))\ntry:\n    nn.BatchNorm1d(2)\nfinally:\n    h.remove()\nout = log'),
    ('global_parameter_registration_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_parameter_registration_hook(lambda mod, name, p: '
     'log.append(name))\ntry:\n    nn.Linear(2, 2)\nfinally:\n    h.remove()\nout = log'),
    ('global_module_registration_hook',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nmm = nn.modules.module\n'
     'h = mm.register_module_module_registration_hook(lambda mod, name, sub: '
     'log.append(name))\ntry:\n    nn.Sequential(nn.ReLU(), nn.Tanh())\nfinally:\n'
     '    h.remove()\nout = log'),
    ('fwd_hook_no_grad_output',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_hook(lambda mod, a, o: '
     'log.append((type(a).__name__, len(a))))\nm(x); out = log'),
    ('backward_hook_module_forward_nontensor',
     'class K(nn.Module):\n    def forward(self, x, n):\n        return x * n\nk = K(); log '
     '= []\nx = T.ones(2, requires_grad=True)\nk.register_full_backward_hook(lambda mod, '
     'gi, go: log.append(len(gi)))\nk(x, 3).sum().backward(); out = (log, x.grad)'),
    ('register_forward_hook_kwarg_only',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); nn.init.zeros_(m.bias); x = T.ones(1, '
     '2, requires_grad=True)\nlog = []\nm.register_forward_hook(lambda *a: None, True)'),
    ('unused_input_grad',
     'class K(nn.Module):\n    def forward(self, a, b):\n        return a * 2\nk = K(); log '
     '= []\na = T.ones(2, requires_grad=True); b = T.ones(3, requires_grad=True)\n'
     'k.register_full_backward_hook(lambda m, gi, go: log.append(gi))\n'
     'k(a, b).sum().backward(); out = log'),
    ('pre_hook_replaced_then_bw',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); log = []\nx = T.ones(1, 2, '
     'requires_grad=True)\nm.register_forward_pre_hook(lambda mod, a: (a[0] * 3,))\n'
     'm.register_full_backward_hook(lambda mod, gi, go: log.append(gi[0]))\n'
     'm(x).sum().backward(); out = (log, x.grad)'),
    ('fwd_hook_before_bw_wrap',
     'm = nn.Linear(2, 2); nn.init.ones_(m.weight); log = []\nx = T.ones(1, 2, '
     'requires_grad=True)\nm.register_forward_hook(lambda mod, a, o: o * 5)\n'
     'm.register_full_backward_pre_hook(lambda mod, go: log.append(go[0]))\n'
     'm(x).sum().backward(); out = (log, x.grad)'),
    ('tuple_output_bw',
     'class K(nn.Module):\n    def forward(self, a):\n        return a * 2, a * 3\n'
     'k = K(); log = []\na = T.ones(2, requires_grad=True)\n'
     'k.register_full_backward_hook(lambda m, gi, go: log.append((gi, go)))\n'
     'k(a)[0].sum().backward(); out = log'),
]


CONTAINER_CASES = [
    ('seq_slice_keys',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nt = s[1:]; out = '
     '(list(t._modules), repr(t))'),
    ('seq_slice_od',
     'from collections import OrderedDict\ns = nn.Sequential(OrderedDict(a=nn.ReLU(), '
     'b=nn.Tanh(), c=nn.ELU()))\nout = (list(s[1:]._modules), list(s[::2]._modules))'),
    ('seq_neg_index_error',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns[-4]'),
    ('seq_index_str',
     "s = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns['0']"),
    ('seq_index_float',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns[1.0]'),
    ('seq_setitem_oob',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns[5] = nn.ReLU()'),
    ('seq_setitem_neg',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns[-1] = nn.ELU(); out = '
     '(repr(s), list(s._modules))'),
    ('seq_del_slice',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ndel s[0:2]; out = (repr(s), '
     'list(s._modules))'),
    ('seq_del_neg',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ndel s[-1]; out = '
     'list(s._modules)'),
    ('seq_del_od',
     'from collections import OrderedDict\ns = nn.Sequential(OrderedDict(a=nn.ReLU(), '
     'b=nn.Tanh(), c=nn.ELU()))\ndel s[1]; out = (list(s._modules), repr(s))'),
    ('seq_pop_neg',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = (repr(s.pop(-1)), '
     'list(s._modules))'),
    ('seq_pop_default',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns.pop()'),
    ('seq_insert_neg',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns.insert(-1, nn.ELU()); out = '
     '(repr(s), list(s._modules))'),
    ('seq_insert_oob',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns.insert(5, nn.ELU())'),
    ('seq_insert_non_module',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns.insert(0, 3)'),
    ('seq_append_returns',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = s.append(nn.ELU()) is s'),
    ('seq_extend_returns',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = (s.extend([nn.ELU()]) '
     'is s, len(s))'),
    ('seq_extend_seq',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\n'
     's.extend(nn.Sequential(nn.ELU(), nn.GELU())); out = repr(s)'),
    ('seq_add_non_seq',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns + nn.ReLU()'),
    ('seq_add_list',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns + [nn.ReLU()]'),
    ('seq_iadd',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nt = s; s += '
     'nn.Sequential(nn.ELU()); out = (t is s, repr(s))'),
    ('seq_iadd_non_seq',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns += nn.ELU()'),
    ('seq_mul_zero',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns * 0'),
    ('seq_mul_neg',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns * -1'),
    ('seq_mul_float',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ns * 2.0'),
    ('seq_rmul',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = repr(2 * s)'),
    ('seq_imul',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nt = s; s *= 2; out = (t is s, '
     'repr(s), list(s._modules))'),
    ('seq_mul_shares',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nt = s * 2; out = (t[0] is '
     't[3], t[0] is s[0])'),
    ('seq_add_shares',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nt = s + s; out = (t[0] is '
     's[0], len(t))'),
    ('seq_len_after',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ndel s[1]; s.append(nn.ELU()); '
     'out = (len(s), list(s._modules), repr(s))'),
    ('seq_dir',
     "s = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nd = dir(s); out = ('0' in d, "
     "'2' in d)"),
    ('seq_forward_empty',
     'out = nn.Sequential()(T.ones(2))'),
    ('seq_forward_kwargs',
     'nn.Sequential(nn.ReLU())(T.ones(2), foo=1)'),
    ('seq_iter_after_del',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\ndel s[0]; out = '
     '[type(m).__name__ for m in s]'),
    ('seq_kwarg_init',
     'nn.Sequential(a=nn.ReLU())'),
    ('seq_init_non_module',
     'nn.Sequential(3)'),
    ('seq_reversed',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = [type(m).__name__ for m '
     'in reversed(s)]'),
    ('ml_extend_non_iter',
     'nn.ModuleList().extend(nn.ReLU())'),
    ('ml_extend_returns',
     'm = nn.ModuleList(); out = (m.extend([nn.ReLU()]) is m, m.append(nn.ELU()) is m)'),
    ('ml_iadd_returns',
     'm = nn.ModuleList([nn.ReLU()]); t = m; m += [nn.ELU()]; out = (t is m, len(m))'),
    ('ml_add_list',
     'nn.ModuleList([nn.ReLU()]) + [nn.ELU()]'),
    ('ml_mul',
     'nn.ModuleList([nn.ReLU()]) * 2'),
    ('ml_setitem_oob',
     'm = nn.ModuleList([nn.ReLU()]); m[3] = nn.ELU()'),
    ('ml_setitem_slice',
     'm = nn.ModuleList([nn.ReLU(), nn.Tanh()]); m[0:1] = [nn.ELU()]'),
    ('ml_del_neg',
     'm = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()]); del m[-2]; out = (repr(m), '
     'list(m._modules))'),
    ('ml_pop_slice',
     'm = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()]); out = (repr(m.pop(slice(0, '
     '2))), list(m._modules))'),
    ('ml_forward',
     'nn.ModuleList([nn.ReLU()])(T.ones(1))'),
    ('ml_index_str',
     "nn.ModuleList([nn.ReLU()])['0']"),
    ('ml_dir',
     "m = nn.ModuleList([nn.ReLU()]); out = '0' in dir(m)"),
    ('ml_init_non_iter',
     'nn.ModuleList(nn.ReLU())'),
    ('ml_repr_mixed_repeats',
     'out = repr(nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh(), nn.ReLU(), nn.ReLU(), '
     'nn.ReLU()]))'),
    ('ml_repr_empty_nested',
     'out = repr(nn.Sequential(nn.ModuleList(), nn.ModuleDict()))'),
    ('ml_contains',
     'r = nn.ReLU(); m = nn.ModuleList([r]); out = (r in m, nn.ReLU() in m)'),
    ('ml_bool',
     'out = (bool(nn.ModuleList()), bool(nn.ModuleList([nn.ReLU()])))'),
    ('ml_eq',
     'out = nn.ModuleList() == nn.ModuleList()'),
    ('md_int_key',
     'nn.ModuleDict({1: nn.ReLU()})'),
    ('md_dot_key',
     "nn.ModuleDict({'a.b': nn.ReLU()})"),
    ('md_setdefault',
     "d = nn.ModuleDict(); d.update({'a': nn.ReLU()}); del d['a']; out = (len(d), list(d))"),
    ('md_del_missing',
     "d = nn.ModuleDict(); del d['x']"),
    ('md_pop_missing',
     "d = nn.ModuleDict(); d.pop('x')"),
    ('md_update_bad',
     'd = nn.ModuleDict(); d.update(3)'),
    ('md_update_bad_pair',
     "d = nn.ModuleDict(); d.update([('a', nn.ReLU(), 3)])"),
    ('md_update_bad_elem',
     'd = nn.ModuleDict(); d.update([3])'),
    ('md_update_md',
     "d = nn.ModuleDict({'b': nn.ReLU()}); d.update(nn.ModuleDict({'a': nn.Tanh(), 'b': "
     'nn.ELU()})); out = repr(d)'),
    ('md_update_od_order',
     'from collections import OrderedDict\nd = nn.ModuleDict(); '
     "d.update(OrderedDict([('z', nn.ReLU()), ('a', nn.Tanh())])); out = list(d)"),
    ('md_update_dict_order',
     "d = nn.ModuleDict(); d.update({'z': nn.ReLU(), 'a': nn.Tanh()}); out = list(d)"),
    ('md_getattr',
     "d = nn.ModuleDict({'a': nn.ReLU()}); out = repr(d.a)"),
    ('md_forward',
     'nn.ModuleDict()(T.ones(1))'),
    ('md_iter',
     "d = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Tanh()}); out = [k for k in d]"),
    ('md_value_non_module',
     "d = nn.ModuleDict(); d['a'] = 3"),
    ('md_or',
     "d = nn.ModuleDict({'b': nn.ReLU()}); d | nn.ModuleDict()"),
    ('pl_ops',
     'p = nn.ParameterList(); p.append(nn.Parameter(T.ones(2))); p.extend([T.zeros(3)]); '
     'p += [nn.Parameter(T.ones(1))]; out = (len(p), repr(p), [n for n,_ in '
     'p.named_parameters()], list(p.state_dict()))'),
    ('pl_setitem',
     'p = nn.ParameterList([T.ones(2), T.ones(3)]); p[0] = nn.Parameter(T.zeros(4)); '
     'p[-1] = T.zeros(1); out = (repr(p), list(p.state_dict()))'),
    ('pl_slice',
     'p = nn.ParameterList([T.ones(2), T.ones(3), T.ones(1)]); q = p[1:]; out = '
     '(type(q).__name__, repr(q), list(q.state_dict()))'),
    ('pl_non_tensor',
     "p = nn.ParameterList([T.ones(2), 'hi', 3]); out = (repr(p), len(p), p[1], "
     'list(p.state_dict()))'),
    ('pl_index_err',
     'nn.ParameterList([T.ones(2)])[4]'),
    ('pl_iter',
     'p = nn.ParameterList([T.ones(2), T.ones(3)]); out = [tuple(x.shape) for x in p]'),
    ('pl_dir',
     "p = nn.ParameterList([T.ones(2)]); out = '0' in dir(p)"),
    ('pl_call',
     'nn.ParameterList([T.ones(2)])()'),
    ('pl_repr_types',
     'p = nn.ParameterList([T.ones(2, dtype=T.float64), nn.Parameter(T.ones(2,3), '
     'requires_grad=False), T.ones(2, dtype=T.int64)])\nout = repr(p)'),
    ('pl_int_tensor',
     'nn.ParameterList([T.ones(2, dtype=T.int64)])'),
    ('pl_extend_non_iter',
     'nn.ParameterList().extend(3)'),
    ('pl_extend_tensor',
     'p = nn.ParameterList(); p.extend(T.ones(3)); out = (len(p), repr(p))'),
    ('pd_ops',
     "p = nn.ParameterDict({'b': T.ones(2)}); p['a'] = nn.Parameter(T.zeros(1)); "
     "p.update({'c': T.ones(3)}); out = (list(p), list(p.keys()), repr(p), 'a' in p, "
     'len(p), list(p.state_dict()))'),
    ('pd_pop',
     "p = nn.ParameterDict({'b': T.ones(2), 'a': T.ones(1)}); v = p.pop('b'); out = "
     '(type(v).__name__, list(p), list(p.state_dict()))'),
    ('pd_get',
     "p = nn.ParameterDict({'b': T.ones(2)}); out = (p.get('x'), p.get('x', 3), "
     "tuple(p.get('b').shape))"),
    ('pd_copy',
     "p = nn.ParameterDict({'b': T.ones(2)}); q = p.copy(); out = (type(q).__name__, "
     "q['b'] is p['b'])"),
    ('pd_fromkeys',
     "p = nn.ParameterDict(); q = p.fromkeys(['a', 'b'], T.ones(2)); out = (list(q), "
     'repr(q))'),
    ('pd_setdefault',
     "p = nn.ParameterDict(); v = p.setdefault('a', T.ones(2)); out = (list(p), "
     'type(v).__name__)'),
    ('pd_popitem',
     "p = nn.ParameterDict({'b': T.ones(2), 'a': T.ones(1)}); k, v = p.popitem(); out = "
     '(k, list(p))'),
    ('pd_clear',
     "p = nn.ParameterDict({'b': T.ones(2)}); p.clear(); out = (len(p), "
     'list(p.state_dict()))'),
    ('pd_or',
     "p = nn.ParameterDict({'b': T.ones(2)}); q = p | nn.ParameterDict({'a': T.ones(1)}); "
     'out = (type(q).__name__, list(q))'),
    ('pd_ror',
     "p = nn.ParameterDict({'b': T.ones(2)}); q = {'a': T.ones(1)} | p; out = "
     '(type(q).__name__, list(q))'),
    ('pd_ior',
     "p = nn.ParameterDict({'b': T.ones(2)}); t = p; p |= {'a': T.ones(1)}; out = (t is "
     'p, list(p))'),
    ('pd_reversed',
     "p = nn.ParameterDict({'b': T.ones(2), 'a': T.ones(1)}); out = list(reversed(p))"),
    ('pd_non_str',
     'nn.ParameterDict({1: T.ones(2)})'),
    ('pd_values_items',
     "p = nn.ParameterDict({'b': T.ones(2), 'a': 'x'}); out = ([k for k, _ in p.items()], "
     '[type(v).__name__ for v in p.values()], repr(p))'),
    ('pd_update_bad',
     'nn.ParameterDict().update(3)'),
    ('pd_update_pairs',
     "p = nn.ParameterDict(); p.update([('x', T.ones(1)), ('y', T.ones(2))]); out = "
     'list(p)'),
    ('pd_update_bad_pair',
     "p = nn.ParameterDict(); p.update([('x', T.ones(1), 3)])"),
    ('pd_missing',
     "nn.ParameterDict()['x']"),
    ('pd_del',
     "p = nn.ParameterDict({'b': T.ones(2)}); del p['b']; out = (list(p), "
     'list(p.state_dict()))'),
    ('pd_getattr',
     "p = nn.ParameterDict({'b': T.ones(2)}); out = type(p.b).__name__"),
    ('pd_dot_key',
     "nn.ParameterDict({'a.b': T.ones(2)})"),
    ('container_in_module',
     'class M(nn.Module):\n    def __init__(self):\n        super().__init__(); self.pl = '
     "nn.ParameterList([T.ones(2)]); self.pd = nn.ParameterDict({'x': T.ones(1)}); "
     'self.ml = nn.ModuleList([nn.Linear(1,1)])\nm = M(); out = (repr(m), '
     'list(m.state_dict()), [n for n, _ in m.named_parameters()])'),
]


INIT_CASES = [
    ('gains',
     "out = [nn.init.calculate_gain(n) for n in ['linear', 'conv1d', 'conv2d', 'conv3d', "
     "'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid', 'tanh', "
     "'relu', 'leaky_relu', 'selu']]"),
    ('gain_leaky_params',
     "out = [nn.init.calculate_gain('leaky_relu', p) for p in (None, 0, 0.5, 1, 2, True)]"),
    ('gain_leaky_bool',
     "out = nn.init.calculate_gain('leaky_relu', True)"),
    ('gain_leaky_str',
     "nn.init.calculate_gain('leaky_relu', '0.1')"),
    ('gain_param_ignored',
     "out = nn.init.calculate_gain('tanh', 3)"),
    ('gain_unknown_msg',
     "try:\n    nn.init.calculate_gain('gelu')\nexcept ValueError as e:\n    out = str(e)"),
    ('fan_1d',
     'nn.init._calculate_fan_in_and_fan_out(T.empty(3))'),
    ('fan_0d',
     'nn.init._calculate_fan_in_and_fan_out(T.empty(()))'),
    ('fan_2d',
     'out = nn.init._calculate_fan_in_and_fan_out(T.empty(3, 5))'),
    ('fan_3d',
     'out = nn.init._calculate_fan_in_and_fan_out(T.empty(3, 5, 7))'),
    ('fan_5d',
     'out = nn.init._calculate_fan_in_and_fan_out(T.empty(3, 5, 2, 2, 2))'),
    ('correct_fan_bad',
     "nn.init._calculate_correct_fan(T.empty(3, 5), 'fan_x')"),
    ('correct_fan_bad_msg',
     "try:\n    nn.init._calculate_correct_fan(T.empty(3, 5), 'fan_x')\nexcept ValueError "
     'as e:\n    out = str(e)'),
    ('xavier_normal_1d',
     'nn.init.xavier_normal_(T.empty(3))'),
    ('kaiming_normal_1d',
     'nn.init.kaiming_normal_(T.empty(3))'),
    ('kaiming_zero_elem',
     'w = T.empty(0, 3); out = nn.init.kaiming_uniform_(w).shape'),
    ('xavier_zero_elem',
     'w = T.empty(0, 3); out = nn.init.xavier_uniform_(w).shape'),
    ('kaiming_bad_nonlin',
     "nn.init.kaiming_uniform_(T.empty(3, 4), nonlinearity='foo')"),
    ('trunc_bounds',
     'w = T.empty(100, 100); nn.init.trunc_normal_(w, mean=0, std=1, a=-0.5, b=0.3); out '
     '= (bool(w.min() >= -0.5), bool(w.max() <= 0.3))'),
    ('trunc_default_bounds',
     'w = T.empty(1000, 100); nn.init.trunc_normal_(w, std=5); out = (bool(w.min() >= '
     '-2), bool(w.max() <= 2))'),
    ('uniform_bounds',
     'w = T.empty(1000); nn.init.uniform_(w, 2, 3); out = (bool(w.min() >= 2), '
     'bool(w.max() < 3), w.dtype)'),
    ('uniform_returns',
     'w = T.empty(3); out = nn.init.uniform_(w) is w'),
    ('normal_returns',
     'w = T.empty(3); out = (nn.init.normal_(w) is w, nn.init.xavier_uniform_(T.empty(2, '
     '2)).shape)'),
    ('init_float64',
     'w = T.empty(3, 4, dtype=T.float64); out = [getattr(nn.init, f)(w).dtype for f in '
     "('uniform_', 'normal_', 'xavier_uniform_', 'xavier_normal_', 'kaiming_uniform_', "
     "'kaiming_normal_', 'trunc_normal_', 'orthogonal_', 'ones_', 'zeros_', 'eye_')]"),
    ('init_float16',
     'w = T.empty(3, 4, dtype=T.float16); out = [getattr(nn.init, f)(w).dtype for f in '
     "('uniform_', 'normal_', 'xavier_uniform_', 'kaiming_normal_', 'trunc_normal_')]"),
    ('init_no_grad_history',
     'w = nn.Parameter(T.empty(3, 4)); nn.init.kaiming_uniform_(w); out = (w.grad_fn is '
     'None, w.is_leaf, w.requires_grad)'),
    ('init_int_tensor_uniform',
     'w = T.zeros(3, dtype=T.int64); nn.init.uniform_(w)'),
    ('init_int_constant',
     'w = T.zeros(3, dtype=T.int64); nn.init.constant_(w, 2.7); out = w'),
    ('init_int_ones',
     'w = T.zeros(3, dtype=T.int64); out = nn.init.ones_(w)'),
    ('eye_1d',
     'nn.init.eye_(T.empty(3))'),
    ('eye_rect',
     'out = nn.init.eye_(T.empty(4, 2))'),
    ('dirac_1d',
     'out = nn.init.dirac_(T.empty(2, 3, 3))'),
    ('dirac_5d',
     'out = nn.init.dirac_(T.empty(2, 2, 3, 3, 3))'),
    ('dirac_6d',
     'nn.init.dirac_(T.empty(2, 2, 3, 3, 3, 3))'),
    ('dirac_more_out',
     'out = nn.init.dirac_(T.empty(4, 2, 3))'),
    ('orthogonal_tall',
     "w = T.empty(6, 3); nn.init.orthogonal_(w); a = w.numpy().astype('f8'); out = "
     'bool(np.allclose(a.T @ a, np.eye(3), atol=1e-5))'),
    ('orthogonal_4d',
     'w = T.empty(4, 2, 3, 3); nn.init.orthogonal_(w); a = w.numpy().reshape(4, '
     "-1).astype('f8'); out = (w.shape, bool(np.allclose(a @ a.T, np.eye(4), atol=1e-5)))"),
    ('orthogonal_empty',
     'w = T.empty(0, 3); out = nn.init.orthogonal_(w).shape'),
    ('sparse_3d',
     'nn.init.sparse_(T.empty(3, 4, 5), 0.5)'),
    ('sparse_std',
     'w = T.empty(1000, 10); nn.init.sparse_(w, 0.1, std=0.5); a = w.numpy(); out = '
     '(int((a==0).sum(0)[0]), round(float(a[a!=0].std()), 1))'),
    ('constant_returns',
     'w = T.empty(2); out = nn.init.constant_(w, 1) is w'),
    ('zeros_param',
     'w = nn.Parameter(T.ones(2)); nn.init.zeros_(w); out = (w, w.requires_grad)'),
    ('init_generator',
     'g = T.Generator().manual_seed(3); g2 = T.Generator().manual_seed(3); a = '
     'nn.init.uniform_(T.empty(5), generator=g); b = nn.init.uniform_(T.empty(5), '
     'generator=g2); out = bool((a == b).all())'),
    ('init_generator_all',
     "out = []\nfor f in ('uniform_', 'normal_', 'xavier_uniform_', 'xavier_normal_', "
     "'kaiming_uniform_', 'kaiming_normal_', 'trunc_normal_', 'orthogonal_'):\n"
     '    a = getattr(nn.init, f)(T.empty(4, 5), generator=T.Generator().manual_seed(3)); '
     'b = getattr(nn.init, f)(T.empty(4, 5), generator=T.Generator().manual_seed(3)); '
     'out.append(bool((a == b).all()))'),
    ('manual_seed_repro',
     'T.manual_seed(5); a = nn.Linear(3, 4).weight.detach().clone(); T.manual_seed(5); b '
     '= nn.Linear(3, 4).weight; out = bool((a == b).all())'),
    ('old_names',
     "out = [hasattr(nn.init, n) for n in ('uniform', 'normal', 'constant', "
     "'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', "
     "'orthogonal', 'sparse')]"),
    ('kaiming_mode_msg',
     "try:\n    nn.init.kaiming_normal_(T.empty(3, 4), mode='bad')\nexcept ValueError as e:\n"
     '    out = str(e)'),
    ('trunc_normal_returns',
     'w = T.empty(3); out = nn.init.trunc_normal_(w) is w'),
    ('kaiming_fan_out_conv',
     "w = T.empty(500, 20, 3, 3); nn.init.kaiming_normal_(w, mode='fan_out'); out = "
     'round(float(w.std()) / math.sqrt(2 / 4500), 1)'),
    ('xavier_conv_std',
     'w = T.empty(50, 20, 3, 3); nn.init.xavier_uniform_(w); out = round(float(w.std()) / '
     'math.sqrt(2 / (180 + 450)), 1)'),
    ('kaiming_selu',
     "w = T.empty(500, 400); nn.init.kaiming_normal_(w, nonlinearity='selu'); out = "
     'round(float(w.std()) / (0.75 / math.sqrt(400)), 1)'),
    ('kaiming_uniform_bound_selu',
     "w = T.empty(500, 400); nn.init.kaiming_uniform_(w, nonlinearity='selu'); out = "
     'round(float(w.abs().max()) / (0.75 * math.sqrt(3 / 400)), 2)'),
]


UTILS_CASES = [
    ('pz_basic',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); out = (m.weight, list(m.state_dict()), [n for n, _ in "
     'm.named_parameters()], type(m).__name__, P.is_parametrized(m), P.is_parametrized(m, '
     "'weight'), P.is_parametrized(m, 'bias'))"),
    ('pz_repr',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); out = repr(m)"),
    ('pz_chain',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); P.register_parametrization(m, 'weight', Sq()); out = (m.weight, "
     'repr(m), list(m.state_dict()))'),
    ('pz_right_inverse_set',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sq()); m.weight = T.ones(3, 3); out = (m.weight, "
     'm.parametrizations.weight.original)'),
    ('pz_set_no_inverse',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); m.weight = T.ones(3, 3); out = m.parametrizations.weight.original"),
    ('pz_original_init',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sq()); out = m.parametrizations.weight.original"),
    ('pz_remove_leave',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sq()); P.remove_parametrizations(m, 'weight'); out = (m.weight, "
     'type(m).__name__, list(m.state_dict()), type(m.weight).__name__, hasattr(m, '
     "'parametrizations'))"),
    ('pz_remove_orig',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sq()); P.remove_parametrizations(m, 'weight', leave_parametrized=False); "
     'out = m.weight'),
    ('pz_remove_missing',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.remove_parametrizations(m, '
     "'weight')"),
    ('pz_bad_name',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'foo', Sq())"),
    ('pz_shape_change',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nclass Row(nn.Module):\n    def forward(self, X):\n        return '
     'X[0]\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data '
     "+= T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, 'weight', Row())"),
    ('pz_shape_change_unsafe',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nclass Row(nn.Module):\n    def forward(self, X):\n        return '
     'X[0]\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data '
     "+= T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, 'weight', Row(), "
     'unsafe=True); out = m.weight.shape'),
    ('pz_dtype_change',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nclass D(nn.Module):\n    def forward(self, X):\n        return '
     'X.double()\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', D())"),
    ('pz_grad',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); m(T.ones(2, 3)).sum().backward(); out = "
     'm.parametrizations.weight.original.grad'),
    ('pz_buffer',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nm = nn.BatchNorm1d(3); P.register_parametrization(m, '
     "'running_var', Sq()); out = (list(m.state_dict()), m.running_var, [n for n,_ in "
     'm.named_buffers()])'),
    ('pz_cached',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym())\nwith P.cached():\n    a = m.weight; b = m.weight\nout = (a is b, "
     'm.weight is m.weight)'),
    ('pz_type_before',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); out = (P.type_before_parametrizations(m).__name__, "
     'P.type_before_parametrizations(nn.ReLU()).__name__)'),
    ('pz_load_state_dict',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); sd = m.state_dict(); m2 = nn.Linear(3, 3); "
     "P.register_parametrization(m2, 'weight', Sym()); m2.load_state_dict(sd); out = "
     'm2.weight'),
    ('pz_same_param_obj',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nw = m.weight; '
     "P.register_parametrization(m, 'weight', Sym()); out = "
     'm.parametrizations.weight.original is w'),
    ('pz_plist_attrs',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sq()); pl = m.parametrizations.weight; out = (type(pl).__name__, "
     'pl.unsafe, len(pl), type(m.parametrizations).__name__)'),
    ('pz_transfer',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); m2 = nn.Linear(3, 3); P.transfer_parametrizations_and_params(m, "
     "m2); out = (m2.weight, P.is_parametrized(m2, 'weight'))"),
    ('pz_multi_tensor',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nclass Split(nn.Module):\n    def forward(self, A, B):\n'
     '        return A + B\n    def right_inverse(self, X):\n        return X / 4, X * 3 / '
     '4\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     "T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, 'weight', Split()); "
     'out = (list(m.state_dict()), m.weight, m.parametrizations.weight.original0)'),
    ('pz_multi_remove_orig_raises',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nclass Split(nn.Module):\n    def forward(self, A, B):\n'
     '        return A + B\n    def right_inverse(self, X):\n        return X / 4, X * 3 / '
     '4\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     "T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, 'weight', Split()); "
     "P.remove_parametrizations(m, 'weight', leave_parametrized=False)"),
    ('pz_deepcopy',
     'import copy\nP = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, '
     'X):\n        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nP.register_parametrization(m, '
     "'weight', Sym()); c = copy.deepcopy(m); out = (c.weight, type(c).__name__, "
     'list(c.state_dict()))'),
    ('pz_cls_distinct',
     'P = nn.utils.parametrize\nclass Sym(nn.Module):\n    def forward(self, X):\n'
     '        return X.triu() + X.triu(1).transpose(-1, -2)\nclass Sq(nn.Module):\n'
     '    def forward(self, X):\n        return X * 2\n    def right_inverse(self, X):\n'
     '        return X / 2\nT.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); '
     'm.weight.data += T.arange(9.).reshape(3,3) / 10\nm2 = nn.Linear(3, 3); '
     "P.register_parametrization(m, 'weight', Sym()); out = (hasattr(m2, "
     "'parametrizations'), type(m2).__name__, m2.weight.shape)"),
    ('wn_param',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.weight_norm(m); out = '
     '(list(m.state_dict()), m.weight, m.parametrizations.weight.original0, repr(m))'),
    ('wn_dim1',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.weight_norm(m, dim=1); out '
     '= (m.parametrizations.weight.original0.shape, m.weight)'),
    ('wn_dimNone',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.weight_norm(m, dim=None); '
     'out = (m.parametrizations.weight.original0.shape, m.weight)'),
    ('wn_grad',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.weight_norm(m); '
     'm(T.ones(2,3)).sum().backward(); out = (m.parametrizations.weight.original0.grad, '
     'm.parametrizations.weight.original1.grad)'),
    ('wn_conv',
     'T.manual_seed(0); m = nn.Conv2d(2, 3, 2); w = m.weight.detach().clone(); '
     'nn.utils.parametrizations.weight_norm(m); out = '
     '(m.parametrizations.weight.original0.shape, bool(T.allclose(m.weight, w, '
     'atol=1e-6)))'),
    ('sn_param',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.spectral_norm(m); out = '
     '(list(m.state_dict()), repr(m), [n for n, _ in m.named_buffers()])'),
    ('sn_value',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nw = m.weight.detach().clone(); '
     'nn.utils.parametrizations.spectral_norm(m, n_power_iterations=30); m.eval(); out = '
     'float(T.linalg.matrix_norm(m.weight, 2))'),
    ('sn_bad_iters',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.spectral_norm(m, '
     'n_power_iterations=0)'),
    ('sn_bad_dim',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.spectral_norm(m, dim=3)'),
    ('sn_bad_name',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.parametrizations.spectral_norm(m, '
     "name='foo')"),
    ('sn_convT_dim',
     'm = nn.ConvTranspose2d(2, 3, 2); nn.utils.parametrizations.spectral_norm(m); out = '
     '(m.parametrizations.weight[0]._u.shape, m.parametrizations.weight[0]._v.shape)'),
    ('sn_1d',
     'm = nn.Module(); m.w = nn.Parameter(T.tensor([3., 4.])); '
     "nn.utils.parametrizations.spectral_norm(m, 'w'); out = (m.w, list(m.state_dict()))"),
    ('wn_legacy',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m); out = '
     '(list(m.state_dict()), m.weight, m.weight_g.shape, repr(m), [n for n,_ in '
     'm.named_parameters()])'),
    ('wn_legacy_forward_grad',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m); m(T.ones(2, '
     '3)).sum().backward(); out = (m.weight_g.grad, m.weight_v.grad)'),
    ('wn_legacy_remove',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m); '
     'nn.utils.remove_weight_norm(m); out = (list(m.state_dict()), m.weight, '
     'type(m.weight).__name__)'),
    ('wn_legacy_twice',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m); nn.utils.weight_norm(m)'),
    ('wn_legacy_remove_missing',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.remove_weight_norm(m)'),
    ('wn_legacy_dimNone',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m, dim=None); out = '
     '(m.weight_g.shape, m.weight)'),
    ('wn_legacy_dim_neg',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.weight_norm(m, dim=-1); out = '
     '(m.weight_g.shape, m.weight)'),
    ('sn_legacy',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m); out = '
     '(list(m.state_dict()), repr(m), [n for n,_ in m.named_parameters()], [n for n,_ in '
     'm.named_buffers()])'),
    ('sn_legacy_forward',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m, n_power_iterations=50); '
     'm(T.ones(1, 3)); out = round(float(T.linalg.matrix_norm(m.weight.detach(), 2)), 4)'),
    ('sn_legacy_remove',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m); m(T.ones(1, 3)); '
     'nn.utils.remove_spectral_norm(m); out = (list(m.state_dict()), '
     'type(m.weight).__name__)'),
    ('sn_legacy_twice',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m); nn.utils.spectral_norm(m)'),
    ('sn_legacy_remove_missing',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.remove_spectral_norm(m)'),
    ('sn_legacy_bad_iters',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m, n_power_iterations=0)'),
    ('sn_legacy_load',
     'T.manual_seed(0); m = nn.Linear(3, 3); nn.init.eye_(m.weight); m.weight.data += '
     'T.arange(9.).reshape(3,3) / 10\nnn.utils.spectral_norm(m); m(T.ones(1, 3)); sd = '
     'm.state_dict(); m2 = nn.Linear(3, 3); nn.utils.spectral_norm(m2); r = '
     'm2.load_state_dict(sd); m2.eval(); out = (repr(r), bool(T.allclose(m2.weight_orig, '
     'm.weight_orig)))'),
    ('fuse_conv',
     'T.manual_seed(0); c = nn.Conv2d(2, 3, 3); b = nn.BatchNorm2d(3); '
     'b.running_mean.data = T.tensor([.1, .2, .3]); b.running_var.data = T.tensor([1., 2, '
     '3]); c.eval(); b.eval(); f = nn.utils.fuse_conv_bn_eval(c, b); x = T.ones(1, 2, 4, '
     '4); out = (bool(T.allclose(f(x), b(c(x)), atol=1e-5)), type(f).__name__, f is c, '
     'type(f.weight).__name__, f.weight.requires_grad)'),
    ('fuse_conv_train_raises',
     'c = nn.Conv2d(2, 3, 3); b = nn.BatchNorm2d(3); nn.utils.fuse_conv_bn_eval(c, b)'),
    ('fuse_convT',
     'T.manual_seed(0); c = nn.ConvTranspose2d(2, 3, 3); b = nn.BatchNorm2d(3); '
     'b.running_var.data = T.tensor([1., 2, 3]); c.eval(); b.eval(); f = '
     'nn.utils.fuse_conv_bn_eval(c, b, transpose=True); x = T.ones(1, 2, 4, 4); out = '
     'bool(T.allclose(f(x), b(c(x)), atol=1e-5))'),
    ('fuse_conv_nobias',
     'T.manual_seed(0); c = nn.Conv2d(2, 3, 3, bias=False); b = nn.BatchNorm2d(3, '
     'affine=False); c.eval(); b.eval(); f = nn.utils.fuse_conv_bn_eval(c, b); x = '
     'T.ones(1, 2, 4, 4); out = (bool(T.allclose(f(x), b(c(x)), atol=1e-5)), f.bias is '
     'not None)'),
    ('fuse_linear',
     'T.manual_seed(0); l = nn.Linear(3, 4); b = nn.BatchNorm1d(4); b.running_var.data = '
     'T.tensor([1., 2, 3, 4]); l.eval(); b.eval(); f = nn.utils.fuse_linear_bn_eval(l, '
     'b); x = T.ones(2, 3); out = (bool(T.allclose(f(x), b(l(x)), atol=1e-5)), '
     'type(f).__name__)'),
    ('fuse_linear_mismatch',
     'l = nn.Linear(3, 4); b = nn.BatchNorm1d(5); l.eval(); b.eval(); '
     'nn.utils.fuse_linear_bn_eval(l, b)'),
    ('fuse_weights',
     'w = T.ones(3, 2, 1, 1); b = T.zeros(3); out = nn.utils.fuse_conv_bn_weights(w, b, '
     'T.zeros(3), T.ones(3), 1e-5, T.ones(3) * 2, T.ones(3))'),
    ('fuse_weights_none',
     'w = T.ones(3, 2, 1, 1); out = nn.utils.fuse_conv_bn_weights(w, None, T.zeros(3), '
     'T.ones(3), 1e-5, None, None)'),
    ('fuse_linear_weights',
     'w = T.ones(3, 2); out = nn.utils.fuse_linear_bn_weights(w, T.zeros(3), T.zeros(3), '
     'T.ones(3), 1e-5, T.ones(3) * 2, T.ones(3))'),
    ('fuse_weights_types',
     'w = nn.Parameter(T.ones(3, 2, 1, 1)); r = nn.utils.fuse_conv_bn_weights(w, None, '
     'T.zeros(3), T.ones(3), 1e-5, T.ones(3), T.zeros(3)); out = [type(x).__name__ for x '
     'in r] + [x.requires_grad for x in r]'),
    ('functional_call',
     'T.manual_seed(0); m = nn.Linear(2, 2); x = T.ones(1, 2); out = '
     "(T.func.functional_call(m, {'weight': T.eye(2), 'bias': T.zeros(2)}, (x,)), "
     'm.weight.shape)'),
    ('stateless_functional_call',
     'm = nn.Linear(2, 2); x = T.ones(1, 2); w = m.weight; r = '
     "nn.utils.stateless.functional_call(m, {'weight': T.eye(2) * 3}, x); out = (r - "
     'm.bias, m.weight is w)'),
    ('stateless_strict',
     "m = nn.Linear(2, 2); nn.utils.stateless.functional_call(m, {'weight': T.eye(2)}, "
     '(T.ones(1, 2),), strict=True)'),
    ('stateless_unexpected',
     "m = nn.Linear(2, 2); nn.utils.stateless.functional_call(m, {'foo': T.eye(2)}, "
     '(T.ones(1, 2),))'),
    ('stateless_kwargs',
     'class K(nn.Module):\n    def __init__(self):\n        super().__init__(); self.w = '
     'nn.Parameter(T.ones(1))\n    def forward(self, x, s=1):\n        return x * self.w * '
     "s\nout = nn.utils.stateless.functional_call(K(), {'w': T.tensor([5.])}, "
     "(T.ones(2),), {'s': 3})"),
    ('stateless_tied',
     'class K(nn.Module):\n    def __init__(self):\n        super().__init__(); self.a = '
     'nn.Linear(1, 1, bias=False); self.b = self.a\n    def forward(self, x):\n'
     "        return self.b(x)\nout = nn.utils.stateless.functional_call(K(), {'a.weight': "
     'T.tensor([[5.]])}, (T.ones(1, 1),))'),
    ('stateless_tied_false',
     'class K(nn.Module):\n    def __init__(self):\n        super().__init__(); self.a = '
     'nn.Linear(1, 1, bias=False); self.b = self.a\n    def forward(self, x):\n'
     '        return self.b(x)\nk = K(); out = (nn.utils.stateless.functional_call(k, '
     "{'a.weight': T.tensor([[5.]])}, (T.ones(1, 1),), tie_weights=False), "
     'k.a.weight.shape)'),
    ('stateless_buffers',
     'm = nn.BatchNorm1d(2); m.eval(); out = nn.utils.stateless.functional_call(m, '
     "{'running_mean': T.tensor([1., 2.])}, (T.ones(3, 2),))"),
    ('stateless_grad',
     'm = nn.Linear(2, 1); w = T.ones(1, 2, requires_grad=True); '
     "nn.utils.stateless.functional_call(m, {'weight': w}, (T.tensor([[1., "
     '2.]]),)).sum().backward(); out = (w.grad, m.weight.grad)'),
    ('stateless_restores_on_error',
     'class K(nn.Module):\n    def __init__(self):\n        super().__init__(); self.w = '
     "nn.Parameter(T.ones(1))\n    def forward(self, x):\n        raise ValueError('x')\n"
     "k = K(); w = k.w\ntry:\n    nn.utils.stateless.functional_call(k, {'w': T.zeros(1)}, "
     '(1,))\nexcept ValueError:\n    pass\nout = k.w is w'),
    ('stateless_parametrized_orig',
     'P = nn.utils.parametrize\nclass Sq(nn.Module):\n    def forward(self, X):\n'
     "        return X * 2\nm = nn.Linear(2, 2); P.register_parametrization(m, 'weight', "
     'Sq()); out = nn.utils.stateless.functional_call(m, '
     "{'parametrizations.weight.original': T.eye(2), 'bias': T.zeros(2)}, (T.ones(1, 2),))"),
    ('skip_init',
     'm = nn.utils.skip_init(nn.Linear, 3, 4); out = (type(m).__name__, m.weight.shape, '
     'repr(m))'),
    ('p2v_v2p',
     'm = nn.Linear(2, 3); v = nn.utils.parameters_to_vector(m.parameters()); out = '
     'v.shape'),
    ('orth_matrix_exp_True_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_True_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_True_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_True_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_False_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_False_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_False_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_matrix_exp_False_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_True_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_True_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_True_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_True_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_False_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_False_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_False_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_cayley_False_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_True_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_True_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_True_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_True_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=True); W = m.weight\nout = (m.parametrizations.weight.original, W '
     'if True is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_False_(4, 4)',
     "w0 = np.random.default_rng(0).standard_normal((4, 4)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (4, 4)[0] == (4, 4)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_False_(5, 3)',
     "w0 = np.random.default_rng(0).standard_normal((5, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (5, 3)[0] == (5, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_False_(3, 5)',
     "w0 = np.random.default_rng(0).standard_normal((3, 5)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (3, 5)[0] == (3, 5)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_householder_False_(2, 3, 3)',
     "w0 = np.random.default_rng(0).standard_normal((2, 3, 3)).astype('float64')\n"
     'm = nn.Module(); m.weight = nn.Parameter(T.tensor(w0)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=False); W = m.weight\nout = (m.parametrizations.weight.original, '
     'W if False is False or (2, 3, 3)[0] == (2, 3, 3)[1] else W.shape, [k for k in '
     'm.state_dict()])\nW.sum().backward(); out = out + '
     '(m.parametrizations.weight.original.grad.shape,)'),
    ('orth_set_matrix_exp_True',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=True); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('orth_set_matrix_exp_False',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='matrix_exp', "
     'use_trivialization=False); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('orth_set_cayley_True',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=True); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('orth_set_cayley_False',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='cayley', "
     'use_trivialization=False); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('orth_set_householder_True',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=True); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('orth_set_householder_False',
     'w0 = np.linalg.qr(np.random.default_rng(0).standard_normal((4, 4)))[0]\n'
     'm = nn.Module(); m.weight = nn.Parameter(T.eye(4, dtype=T.float64)); '
     "nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', "
     'use_trivialization=False); m.weight = T.tensor(w0); out = (m.weight, '
     'm.parametrizations.weight.original)'),
    ('stateless_pz_inverse',
     'P = nn.utils.parametrize\nclass Sq(nn.Module):\n    def forward(self, X):\n'
     '        return X * 2\n    def right_inverse(self, X):\n        return X / 2\n'
     "m = nn.Linear(2, 2); P.register_parametrization(m, 'weight', Sq()); o = "
     'm.parametrizations.weight.original.detach().clone()\n'
     "r = nn.utils.stateless.functional_call(m, {'weight': T.eye(2), 'bias': T.zeros(2)}, "
     '(T.ones(1, 2),)); out = (r, bool(T.allclose(o, m.parametrizations.weight.original)))'),
    ('func_pz_inverse',
     'P = nn.utils.parametrize\nclass Sq(nn.Module):\n    def forward(self, X):\n'
     '        return X * 2\n    def right_inverse(self, X):\n        return X / 2\n'
     "m = nn.Linear(2, 2); P.register_parametrization(m, 'weight', Sq()); o = "
     'm.parametrizations.weight.original.detach().clone()\nr = T.func.functional_call(m, '
     "({'weight': T.eye(2) * 3}, {'bias': T.zeros(2)}), (T.ones(1, 2),)); out = (r, "
     'bool(T.allclose(o, m.parametrizations.weight.original)))'),
    ('skip_init_not_module',
     'nn.utils.skip_init(int)'),
]


DATA_CASES = [
    ('dataset_abstract',
     'D.Dataset()[0]'),
    ('dataset_len',
     'len(D.Dataset())'),
    ('dataset_add',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'c = ds + ds; out = (type(c).__name__, len(c))'),
    ('iterable_add',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\nc = I() + I(); out = '
     '(type(c).__name__, list(c))'),
    ('tensordataset_tensors',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = (len(ds.tensors), ds.tensors[0] is X)'),
    ('tensordataset_getitem_tensor_idx',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = ds[T.tensor(3)]'),
    ('tensordataset_oob',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'ds[10]'),
    ('concat_iterable_raises',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\nD.ConcatDataset([I()])'),
    ('concat_negative_oob',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.ConcatDataset([ds])[-11]'),
    ('concat_oob',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.ConcatDataset([ds])[10]'),
    ('concat_datasets_attr',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'c = D.ConcatDataset([ds, ds]); out = (len(c.datasets), c.cumulative_sizes)'),
    ('concat_lists',
     'c = D.ConcatDataset([[1, 2], [3]]); out = (len(c), c[2], c[-3])'),
    ('concat_generator',
     'c = D.ConcatDataset(x for x in [[1, 2], [3]]); out = len(c)'),
    ('subset_oob',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.Subset(ds, [1, 2])[5]'),
    ('subset_of_subset',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.Subset(D.Subset(ds, [9, 8, 7]), [2, 0]); out = (s[0], len(s))'),
    ('subset_getitems',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.Subset(ds, [3, 4, 5]); out = s.__getitems__([0, 2])'),
    ('subset_tensor_indices',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.Subset(ds, T.tensor([1, 3])); out = (len(s), s[1])'),
    ('random_split_gen_repro',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'a = D.random_split(ds, [3, 7], generator=T.Generator().manual_seed(42)); b = '
     'D.random_split(ds, [3, 7], generator=T.Generator().manual_seed(42)); out = '
     '(list(a[0].indices) == list(b[0].indices), [len(x) for x in a])'),
    ('random_split_fraction_remainder',
     'out = [len(s) for s in D.random_split(range(10), [0.25, 0.25, 0.5])] + [len(s) for '
     's in D.random_split(range(11), [0.3, 0.3, 0.4])] + [len(s) for s in '
     'D.random_split(range(3), [0.1, 0.1, 0.8])]'),
    ('random_split_zero_len_warn',
     'out = [len(s) for s in D.random_split(range(3), [0.0, 1.0])]'),
    ('random_split_negative',
     'D.random_split(range(3), [-1, 4])'),
    ('random_split_neg_frac',
     'D.random_split(range(3), [-0.5, 1.5])'),
    ('random_split_indices_type',
     'out = type(D.random_split(range(5), [2, 3])[0].indices).__name__'),
    ('random_split_indices_all',
     's = D.random_split(range(5), [2, 3]); out = sorted(s[0].indices + s[1].indices)'),
    ('loader_batch_none_shuffle',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = sorted(int(b[1]) for b in D.DataLoader(ds, batch_size=None, shuffle=True))'),
    ('loader_batch_none_iter',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'b = next(iter(D.DataLoader(ds, batch_size=None))); out = (b, type(b).__name__)'),
    ('loader_shuffle_generator',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'a = [b[1].tolist() for b in D.DataLoader(ds, batch_size=3, shuffle=True, '
     'generator=T.Generator().manual_seed(1))]; b = [b[1].tolist() for b in '
     'D.DataLoader(ds, batch_size=3, shuffle=True, '
     'generator=T.Generator().manual_seed(1))]; out = (a == b, sorted(sum(a, [])))'),
    ('loader_shuffle_two_epochs_differ',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds, batch_size=10, shuffle=True, '
     'generator=T.Generator().manual_seed(1)); a = next(iter(dl))[1].tolist(); b = '
     'next(iter(dl))[1].tolist(); out = a != b'),
    ('loader_iterate_twice',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds, batch_size=4); out = (list(dl), list(dl))'),
    ('loader_drop_last_len',
     'out = [len(D.DataLoader(range(n), batch_size=3, drop_last=d)) for n in (0, 1, 3, 7) '
     'for d in (False, True)]'),
    ('loader_sampler_and_batch_sampler',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, sampler=[0, 1], batch_sampler=[[0, 1]])'),
    ('loader_batch_sampler_shuffle',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_sampler=[[0, 1]], shuffle=True)'),
    ('loader_batch_sampler_drop_last',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_sampler=[[0, 1]], drop_last=True)'),
    ('loader_batch_sampler_batch_none',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_sampler=[[0, 1]], batch_size=None)'),
    ('loader_batch_sampler_len',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = len(D.DataLoader(ds, batch_sampler=[[0, 1], [2]]))'),
    ('loader_sampler_len',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = (len(D.DataLoader(ds, sampler=[0, 1, 2], batch_size=2)), len(D.DataLoader(ds, '
     'sampler=D.RandomSampler(ds, replacement=True, num_samples=25), batch_size=4)))'),
    ('loader_sampler_obj',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.SequentialSampler(ds); dl = D.DataLoader(ds, sampler=s, batch_size=4); out = '
     '(dl.sampler is s, list(dl)[0][1])'),
    ('loader_attr_set_after',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds, batch_size=4)\nfor _ in dl: pass\ndl.batch_size = 2'),
    ('loader_attr_set_before',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds, batch_size=4); dl.batch_size = 2'),
    ('loader_negative_batch',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_size=-1)'),
    ('loader_float_batch',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_size=2.0)'),
    ('loader_bool_batch',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, batch_size=True)'),
    ('loader_negative_workers',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, num_workers=-1)'),
    ('loader_timeout_neg',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, timeout=-1)'),
    ('loader_prefetch_no_workers',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, prefetch_factor=2)'),
    ('loader_persistent_no_workers',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.DataLoader(ds, persistent_workers=True)'),
    ('loader_iterable_sampler_raises',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\nD.DataLoader(I(), '
     'sampler=[0, 1])'),
    ('loader_iterable_batch_sampler_raises',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\nD.DataLoader(I(), '
     'batch_sampler=[[0, 1]])'),
    ('loader_iterable_batch_none',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\n'
     'out = list(D.DataLoader(I(3), batch_size=None))'),
    ('loader_iterable_len_defined',
     'class J(D.IterableDataset):\n    def __iter__(self):\n        return iter(range(7))\n'
     '    def __len__(self):\n        return 7\nout = (len(D.DataLoader(J(), '
     'batch_size=3)), len(D.DataLoader(J(), batch_size=3, drop_last=True)), '
     'len(D.DataLoader(J())))'),
    ('loader_iterable_twice',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\ndl = D.DataLoader(I(5), '
     'batch_size=2); out = (list(dl), list(dl))'),
    ('loader_dataset_kind',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds); out = (dl.num_workers, dl.pin_memory, dl.timeout, '
     'dl.collate_fn is D.default_collate, dl.worker_init_fn, dl.prefetch_factor, '
     'dl.persistent_workers, dl.generator)'),
    ('loader_collate_none_batchsize_none',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'dl = D.DataLoader(ds, batch_size=None); out = dl.collate_fn is D.default_convert'),
    ('loader_over_list_of_dicts',
     "out = list(D.DataLoader([{'a': 1, 'b': [1., 2.]}, {'a': 2, 'b': [3., 4.]}, {'a': 3, "
     "'b': [5., 6.]}], batch_size=2))"),
    ('collate_bools',
     'out = D.default_collate([True, False])'),
    ('collate_ints_floats',
     'out = (D.default_collate([1, 2]), D.default_collate([1.5, 2.5]))'),
    ('collate_mixed_int_float',
     'out = D.default_collate([1, 2.5])'),
    ('collate_bytes',
     "out = D.default_collate([b'a', b'b'])"),
    ('collate_np_bool',
     'out = D.default_collate([np.bool_(True), np.bool_(False)])'),
    ('collate_np_float32_scalars',
     'out = D.default_collate([np.float32(1), np.float32(2)])'),
    ('collate_np_str_array_raises',
     "D.default_collate([np.array(['a']), np.array(['b'])])"),
    ('collate_np_object_raises',
     'D.default_collate([np.array([None]), np.array([None])])'),
    ('collate_np_0d',
     'out = D.default_collate([np.array(1.5), np.array(2.5)])'),
    ('collate_np_int64',
     'out = D.default_collate([np.array([1, 2]), np.array([3, 4])])'),
    ('collate_np_uint8',
     'out = D.default_collate([np.array([1], dtype=np.uint8), np.array([3], '
     'dtype=np.uint8)])'),
    ('collate_tensors_dtype',
     'out = D.default_collate([T.tensor([1, 2], dtype=T.int32), T.tensor([3, 4], '
     'dtype=T.int32)])'),
    ('collate_tensor_scalars',
     'out = D.default_collate([T.tensor(1.), T.tensor(2.)])'),
    ('collate_dict_order',
     "out = list(D.default_collate([{'b': 1, 'a': 2}, {'b': 3, 'a': 4}]))"),
    ('collate_dict_missing_key',
     "D.default_collate([{'a': 1}, {'b': 2}])"),
    ('collate_ordereddict',
     'from collections import OrderedDict\nb = D.default_collate([OrderedDict(a=1), '
     'OrderedDict(a=2)]); out = (type(b).__name__, b)'),
    ('collate_defaultdict',
     'from collections import defaultdict\nd1 = defaultdict(int, a=1); d2 = '
     'defaultdict(int, a=2); b = D.default_collate([d1, d2]); out = (type(b).__name__, b)'),
    ('collate_tuple_type',
     'b = D.default_collate([(1, 2), (3, 4)]); out = (type(b).__name__, b)'),
    ('collate_list_type',
     'b = D.default_collate([[1, 2], [3, 4]]); out = (type(b).__name__, b)'),
    ('collate_nested_tuple_lists',
     "out = D.default_collate([([1, 2], 'a'), ([3, 4], 'b')])"),
    ('collate_ragged_msg',
     'try:\n    D.default_collate([[1, 2], [3]])\nexcept RuntimeError as e:\n    out = str(e)'),
    ('collate_none',
     'D.default_collate([None])'),
    ('collate_custom_obj',
     'class O: pass\nD.default_collate([O(), O()])'),
    ('collate_set',
     'D.default_collate([{1}, {2}])'),
    ('collate_range',
     'out = D.default_collate([range(2), range(2)])'),
    ('collate_namedtuple_nested',
     "from collections import namedtuple\nP = namedtuple('P', 'x y')\n"
     "b = D.default_collate([P([1, 2], {'k': 1.}), P([3, 4], {'k': 2.})]); out = "
     '(type(b).__name__, b.x, b.y)'),
    ('collate_empty_batch',
     'D.default_collate([])'),
    ('collate_strs_tuple',
     "b = D.default_collate(['a', 'b']); out = (type(b).__name__, b)"),
    ('default_convert_namedtuple',
     "from collections import namedtuple\nP = namedtuple('P', 'x y')\n"
     'b = D.default_convert(P(np.array([1.]), 2)); out = (type(b).__name__, b.x, b.y)'),
    ('default_convert_tuple',
     'out = D.default_convert((np.array([1]), 2))'),
    ('random_sampler_replacement_len',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.RandomSampler(ds, replacement=True); out = (len(s), len(list(s)), '
     's.num_samples, s.replacement)'),
    ('random_sampler_num_samples_no_repl',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.RandomSampler(ds, num_samples=25); l = list(s); out = (len(s), len(l), '
     'sorted(l[:10]) == list(range(10)), sorted(l[10:20]) == list(range(10)), '
     'len(set(l[20:])))'),
    ('random_sampler_generator',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'a = list(D.RandomSampler(ds, generator=T.Generator().manual_seed(3))); b = '
     'list(D.RandomSampler(ds, generator=T.Generator().manual_seed(3))); out = a == b'),
    ('random_sampler_bad_replacement',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.RandomSampler(ds, replacement=1)'),
    ('random_sampler_bad_num',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.RandomSampler(ds, num_samples=2.5)'),
    ('random_sampler_neg_num',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.RandomSampler(ds, num_samples=-1)'),
    ('random_sampler_types',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = sorted(set(type(i).__name__ for i in D.RandomSampler(ds)))'),
    ('seq_sampler',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.SequentialSampler(ds); out = (list(s), len(s), s.data_source is ds)'),
    ('weighted_len',
     's = D.WeightedRandomSampler([0.1, 0.9, 0.4], 7); out = (len(s), len(list(s)), '
     's.num_samples, s.replacement)'),
    ('weighted_types',
     'out = sorted(set(type(i).__name__ for i in D.WeightedRandomSampler([0.1, 0.9, 0.4], '
     '7)))'),
    ('weighted_no_repl',
     'l = list(D.WeightedRandomSampler([0.1, 0.9, 0.4, 1.0], 4, replacement=False)); out '
     '= sorted(l)'),
    ('weighted_bad_num',
     'D.WeightedRandomSampler([0.1, 0.9], 0)'),
    ('weighted_bad_num_bool',
     'D.WeightedRandomSampler([0.1, 0.9], True)'),
    ('weighted_bad_repl',
     'D.WeightedRandomSampler([0.1, 0.9], 2, replacement=0)'),
    ('weighted_2d',
     'D.WeightedRandomSampler([[0.1, 0.9]], 2)'),
    ('weighted_negative',
     'list(D.WeightedRandomSampler([-0.1, 0.9], 2))'),
    ('weighted_tensor',
     'out = sorted(set(D.WeightedRandomSampler(T.tensor([0., 1., 0.]), 5)))'),
    ('weighted_weights_attr',
     's = D.WeightedRandomSampler([1, 2], 2); out = (s.weights.dtype, s.weights)'),
    ('weighted_generator',
     'a = list(D.WeightedRandomSampler([0.3, 0.3, 0.4], 20, '
     'generator=T.Generator().manual_seed(1))); b = list(D.WeightedRandomSampler([0.3, '
     '0.3, 0.4], 20, generator=T.Generator().manual_seed(1))); out = a == b'),
    ('subset_random_sampler',
     's = D.SubsetRandomSampler([5, 6, 7]); out = (len(s), sorted(s), s.indices)'),
    ('batch_sampler_attrs',
     'b = D.BatchSampler(range(5), 2, False); out = (b.batch_size, b.drop_last, '
     'list(b.sampler))'),
    ('batch_sampler_bool_size',
     'D.BatchSampler(range(5), True, False)'),
    ('batch_sampler_float_size',
     'D.BatchSampler(range(5), 2.0, False)'),
    ('batch_sampler_types',
     'out = [type(b).__name__ for b in D.BatchSampler(range(5), 2, False)]'),
    ('sampler_base',
     's = D.Sampler(); iter(s)'),
    ('chain_dataset',
     'class I(D.IterableDataset):\n    def __init__(self, n=7):\n        self.n = n\n'
     '    def __iter__(self):\n        return iter(range(self.n))\n'
     'c = D.ChainDataset([I(2), I(3)]); out = (list(c), len(c))'),
    ('chain_dataset_non_iterable',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'list(D.ChainDataset([ds]))'),
    ('stack_mismatch',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.StackDataset(ds, D.Subset(ds, [1]))'),
    ('stack_both',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'D.StackDataset(ds, a=ds)'),
    ('stack_none',
     'D.StackDataset()'),
    ('stack_getitems',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = D.StackDataset(ds, X); out = s.__getitems__([1, 2])'),
    ('loader_stackdataset',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = next(iter(D.DataLoader(D.StackDataset(a=X, b=Y), batch_size=3)))'),
    ('loader_getitems',
     'class G(D.Dataset):\n    def __getitem__(self, i):\n        raise AssertionError\n'
     '    def __getitems__(self, idx):\n        return [i * 10 for i in idx]\n'
     '    def __len__(self):\n        return 5\nout = list(D.DataLoader(G(), batch_size=2))'),
    ('loader_generator_attr',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'g = T.Generator(); dl = D.DataLoader(ds, generator=g, shuffle=True); out = '
     '(dl.generator is g, dl.sampler.generator is g)'),
    ('loader_len_with_batch_sampler_obj',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'bs = D.BatchSampler(D.SequentialSampler(ds), 3, True); out = (len(D.DataLoader(ds, '
     'batch_sampler=bs)), list(D.DataLoader(ds, batch_sampler=bs))[-1][1])'),
    ('loader_multiprocessing_context',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     "D.DataLoader(ds, multiprocessing_context='spawn')"),
    ('loader_worker_init_no_workers',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = len(list(D.DataLoader(ds, worker_init_fn=lambda i: None)))'),
    ('get_worker_info',
     'out = D.get_worker_info()'),
    ('dataloader_iter_next_after_end',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'it = iter(D.DataLoader(ds, batch_size=20)); next(it); next(it)'),
    ('loader_sampler_generator_arg',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     's = list(D.DataLoader(ds, batch_size=None, sampler=D.RandomSampler(ds, '
     'generator=T.Generator().manual_seed(0)))); out = len(s)'),
    ('loader_in_order_arg',
     'X = T.arange(20.).reshape(10, 2); Y = T.arange(10); ds = D.TensorDataset(X, Y)\n'
     'out = len(D.DataLoader(ds, in_order=True))'),
]


REPR_CASES = [
    ('Linear(3, 4, bias=False)',
     "m = eval('nn.' + 'Linear(3, 4, bias=False)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Linear(3, 4, bias=False)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'Linear(3, 4, bias=False)'.startswith('Lazy') "
     'else None)'),
    ('Bilinear(2, 3, 4, bias=False)',
     "m = eval('nn.' + 'Bilinear(2, 3, 4, bias=False)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Bilinear(2, 3, 4, bias=False)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     "for k, v in m.state_dict().items()] if not 'Bilinear(2, 3, 4, "
     "bias=False)'.startswith('Lazy') else None)"),
    ('Identity(3, foo=2)',
     "m = eval('nn.' + 'Identity(3, foo=2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Identity(3, foo=2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Identity(3, foo=2)'.startswith('Lazy') else None)"),
    ("Conv1d(2, 4, 3, stride=2, padding=1, dilation=1, groups=1, bias=True, padding_mode='zeros')",
     'm = eval(\'nn.\' + "Conv1d(2, 4, 3, stride=2, padding=1, dilation=1, groups=1, '
     'bias=True, padding_mode=\'zeros\')".replace(\'Linear(\', '
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     '"Conv1d(2, 4, 3, stride=2, padding=1, dilation=1, groups=1, bias=True, '
     'padding_mode=\'zeros\')", {\'nn\': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v '
     'in m.state_dict().items()] if not "Conv1d(2, 4, 3, stride=2, padding=1, dilation=1, '
     'groups=1, bias=True, padding_mode=\'zeros\')".startswith(\'Lazy\') else None)'),
    ('Conv3d(2, 4, (1, 2, 3), stride=(1, 2, 1))',
     "m = eval('nn.' + 'Conv3d(2, 4, (1, 2, 3), stride=(1, 2, 1))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Conv3d(2, 4, (1, 2, 3), stride=(1, 2, 1))', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'Conv3d(2, 4, (1, 2, 3), "
     "stride=(1, 2, 1))'.startswith('Lazy') else None)"),
    ('ConvTranspose1d(2, 4, 3, output_padding=0, groups=2, dilation=2)',
     "m = eval('nn.' + 'ConvTranspose1d(2, 4, 3, output_padding=0, groups=2, "
     "dilation=2)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'ConvTranspose1d(2, 4, 3, output_padding=0, "
     "groups=2, dilation=2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'ConvTranspose1d(2, 4, 3, output_padding=0, "
     "groups=2, dilation=2)'.startswith('Lazy') else None)"),
    ('ConvTranspose3d(2, 4, 3, padding=(1, 0, 1))',
     "m = eval('nn.' + 'ConvTranspose3d(2, 4, 3, padding=(1, 0, 1))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ConvTranspose3d(2, 4, 3, padding=(1, 0, 1))', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'ConvTranspose3d(2, 4, "
     "3, padding=(1, 0, 1))'.startswith('Lazy') else None)"),
    ('BatchNorm3d(4, eps=1e-3, momentum=0.5)',
     "m = eval('nn.' + 'BatchNorm3d(4, eps=1e-3, momentum=0.5)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'BatchNorm3d(4, eps=1e-3, momentum=0.5)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'BatchNorm3d(4, "
     "eps=1e-3, momentum=0.5)'.startswith('Lazy') else None)"),
    ('BatchNorm1d(4, track_running_stats=False)',
     "m = eval('nn.' + 'BatchNorm1d(4, track_running_stats=False)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'BatchNorm1d(4, track_running_stats=False)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'BatchNorm1d(4, "
     "track_running_stats=False)'.startswith('Lazy') else None)"),
    ('LayerNorm(4, eps=1e-6)',
     "m = eval('nn.' + 'LayerNorm(4, eps=1e-6)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LayerNorm(4, eps=1e-6)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'LayerNorm(4, eps=1e-6)'.startswith('Lazy') else "
     'None)'),
    ('GroupNorm(2, 4, affine=False)',
     "m = eval('nn.' + 'GroupNorm(2, 4, affine=False)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'GroupNorm(2, 4, affine=False)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     "for k, v in m.state_dict().items()] if not 'GroupNorm(2, 4, "
     "affine=False)'.startswith('Lazy') else None)"),
    ('InstanceNorm1d(4, affine=True, track_running_stats=True)',
     "m = eval('nn.' + 'InstanceNorm1d(4, affine=True, "
     "track_running_stats=True)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'InstanceNorm1d(4, affine=True, "
     "track_running_stats=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'InstanceNorm1d(4, affine=True, "
     "track_running_stats=True)'.startswith('Lazy') else None)"),
    ('LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2.0)',
     "m = eval('nn.' + 'LocalResponseNorm(3, alpha=0.1, beta=0.5, "
     "k=2.0)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'LocalResponseNorm(3, alpha=0.1, beta=0.5, "
     "k=2.0)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'LocalResponseNorm(3, alpha=0.1, beta=0.5, "
     "k=2.0)'.startswith('Lazy') else None)"),
    ('RMSNorm(4)',
     "m = eval('nn.' + 'RMSNorm(4)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'RMSNorm(4)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'RMSNorm(4)'.startswith('Lazy') else None)"),
    ('RMSNorm([4, 5], eps=1e-5, elementwise_affine=False)',
     "m = eval('nn.' + 'RMSNorm([4, 5], eps=1e-5, "
     "elementwise_affine=False)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'RMSNorm([4, 5], eps=1e-5, "
     "elementwise_affine=False)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'RMSNorm([4, 5], eps=1e-5, "
     "elementwise_affine=False)'.startswith('Lazy') else None)"),
    ('Dropout(p=0.2, inplace=True)',
     "m = eval('nn.' + 'Dropout(p=0.2, inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Dropout(p=0.2, inplace=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     "for k, v in m.state_dict().items()] if not 'Dropout(p=0.2, "
     "inplace=True)'.startswith('Lazy') else None)"),
    ('AlphaDropout(0.1)',
     "m = eval('nn.' + 'AlphaDropout(0.1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AlphaDropout(0.1)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'AlphaDropout(0.1)'.startswith('Lazy') else None)"),
    ('Dropout1d(0.3)',
     "m = eval('nn.' + 'Dropout1d(0.3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Dropout1d(0.3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Dropout1d(0.3)'.startswith('Lazy') else None)"),
    ('Dropout3d()',
     "m = eval('nn.' + 'Dropout3d()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Dropout3d()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Dropout3d()'.startswith('Lazy') else None)"),
    ('FeatureAlphaDropout(0.4)',
     "m = eval('nn.' + 'FeatureAlphaDropout(0.4)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'FeatureAlphaDropout(0.4)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'FeatureAlphaDropout(0.4)'.startswith('Lazy') "
     'else None)'),
    ('Hardshrink(0.3)',
     "m = eval('nn.' + 'Hardshrink(0.3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Hardshrink(0.3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Hardshrink(0.3)'.startswith('Lazy') else None)"),
    ('Softshrink()',
     "m = eval('nn.' + 'Softshrink()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Softshrink()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Softshrink()'.startswith('Lazy') else None)"),
    ('Tanhshrink()',
     "m = eval('nn.' + 'Tanhshrink()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Tanhshrink()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Tanhshrink()'.startswith('Lazy') else None)"),
    ('Softsign()',
     "m = eval('nn.' + 'Softsign()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Softsign()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Softsign()'.startswith('Lazy') else None)"),
    ('LogSigmoid()',
     "m = eval('nn.' + 'LogSigmoid()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'LogSigmoid()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'LogSigmoid()'.startswith('Lazy') else None)"),
    ('Softmin(dim=0)',
     "m = eval('nn.' + 'Softmin(dim=0)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Softmin(dim=0)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Softmin(dim=0)'.startswith('Lazy') else None)"),
    ('LogSoftmax(dim=-1)',
     "m = eval('nn.' + 'LogSoftmax(dim=-1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LogSoftmax(dim=-1)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'LogSoftmax(dim=-1)'.startswith('Lazy') else None)"),
    ('Softmax2d()',
     "m = eval('nn.' + 'Softmax2d()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Softmax2d()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Softmax2d()'.startswith('Lazy') else None)"),
    ('GLU(dim=0)',
     "m = eval('nn.' + 'GLU(dim=0)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'GLU(dim=0)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'GLU(dim=0)'.startswith('Lazy') else None)"),
    ('CELU(alpha=2.0, inplace=True)',
     "m = eval('nn.' + 'CELU(alpha=2.0, inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CELU(alpha=2.0, inplace=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     "for k, v in m.state_dict().items()] if not 'CELU(alpha=2.0, "
     "inplace=True)'.startswith('Lazy') else None)"),
    ('SELU(inplace=True)',
     "m = eval('nn.' + 'SELU(inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'SELU(inplace=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'SELU(inplace=True)'.startswith('Lazy') else None)"),
    ('SiLU()',
     "m = eval('nn.' + 'SiLU()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'SiLU()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'SiLU()'.startswith('Lazy') else None)"),
    ('Mish(inplace=True)',
     "m = eval('nn.' + 'Mish(inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Mish(inplace=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Mish(inplace=True)'.startswith('Lazy') else None)"),
    ('Hardswish()',
     "m = eval('nn.' + 'Hardswish()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Hardswish()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Hardswish()'.startswith('Lazy') else None)"),
    ('Hardsigmoid()',
     "m = eval('nn.' + 'Hardsigmoid()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Hardsigmoid()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Hardsigmoid()'.startswith('Lazy') else None)"),
    ('ReLU6()',
     "m = eval('nn.' + 'ReLU6()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'ReLU6()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'ReLU6()'.startswith('Lazy') else None)"),
    ('RReLU(0.1, 0.3)',
     "m = eval('nn.' + 'RReLU(0.1, 0.3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'RReLU(0.1, 0.3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'RReLU(0.1, 0.3)'.startswith('Lazy') else None)"),
    ('ELU(inplace=True)',
     "m = eval('nn.' + 'ELU(inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ELU(inplace=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'ELU(inplace=True)'.startswith('Lazy') else None)"),
    ('LeakyReLU(negative_slope=0.05, inplace=True)',
     "m = eval('nn.' + 'LeakyReLU(negative_slope=0.05, inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LeakyReLU(negative_slope=0.05, inplace=True)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'LeakyReLU(negative_slope=0.05, inplace=True)'.startswith('Lazy') else None)"),
    ('Threshold(0.5, 0.0, inplace=True)',
     "m = eval('nn.' + 'Threshold(0.5, 0.0, inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Threshold(0.5, 0.0, inplace=True)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'Threshold(0.5, 0.0, "
     "inplace=True)'.startswith('Lazy') else None)"),
    ('Softmax()',
     "m = eval('nn.' + 'Softmax()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Softmax()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Softmax()'.startswith('Lazy') else None)"),
    ('Sigmoid()',
     "m = eval('nn.' + 'Sigmoid()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Sigmoid()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Sigmoid()'.startswith('Lazy') else None)"),
    ('Tanh()',
     "m = eval('nn.' + 'Tanh()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Tanh()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Tanh()'.startswith('Lazy') else None)"),
    ('GELU()',
     "m = eval('nn.' + 'GELU()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'GELU()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'GELU()'.startswith('Lazy') else None)"),
    ('PReLU(num_parameters=3, init=0.1)',
     "m = eval('nn.' + 'PReLU(num_parameters=3, init=0.1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'PReLU(num_parameters=3, init=0.1)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'PReLU(num_parameters=3, "
     "init=0.1)'.startswith('Lazy') else None)"),
    ('Hardtanh(min_val=-3, max_val=3, inplace=True)',
     "m = eval('nn.' + 'Hardtanh(min_val=-3, max_val=3, inplace=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Hardtanh(min_val=-3, max_val=3, inplace=True)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'Hardtanh(min_val=-3, "
     "max_val=3, inplace=True)'.startswith('Lazy') else None)"),
    ('MaxPool1d(3)',
     "m = eval('nn.' + 'MaxPool1d(3)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'MaxPool1d(3)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'MaxPool1d(3)'.startswith('Lazy') else None)"),
    ('MaxPool2d(2, return_indices=True, dilation=2)',
     "m = eval('nn.' + 'MaxPool2d(2, return_indices=True, dilation=2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MaxPool2d(2, return_indices=True, dilation=2)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'MaxPool2d(2, "
     "return_indices=True, dilation=2)'.startswith('Lazy') else None)"),
    ('MaxPool3d((1, 2, 2), ceil_mode=True)',
     "m = eval('nn.' + 'MaxPool3d((1, 2, 2), ceil_mode=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MaxPool3d((1, 2, 2), ceil_mode=True)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'MaxPool3d((1, 2, 2), "
     "ceil_mode=True)'.startswith('Lazy') else None)"),
    ('AvgPool1d(3, stride=1, padding=1)',
     "m = eval('nn.' + 'AvgPool1d(3, stride=1, padding=1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AvgPool1d(3, stride=1, padding=1)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'AvgPool1d(3, stride=1, "
     "padding=1)'.startswith('Lazy') else None)"),
    ('AvgPool3d(2, divisor_override=3)',
     "m = eval('nn.' + 'AvgPool3d(2, divisor_override=3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AvgPool3d(2, divisor_override=3)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'AvgPool3d(2, "
     "divisor_override=3)'.startswith('Lazy') else None)"),
    ('AvgPool2d(3, ceil_mode=True, count_include_pad=False)',
     "m = eval('nn.' + 'AvgPool2d(3, ceil_mode=True, "
     "count_include_pad=False)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'AvgPool2d(3, ceil_mode=True, "
     "count_include_pad=False)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'AvgPool2d(3, ceil_mode=True, "
     "count_include_pad=False)'.startswith('Lazy') else None)"),
    ('AdaptiveMaxPool1d(4, return_indices=True)',
     "m = eval('nn.' + 'AdaptiveMaxPool1d(4, return_indices=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AdaptiveMaxPool1d(4, return_indices=True)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'AdaptiveMaxPool1d(4, "
     "return_indices=True)'.startswith('Lazy') else None)"),
    ('AdaptiveMaxPool2d((3, None))',
     "m = eval('nn.' + 'AdaptiveMaxPool2d((3, None))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AdaptiveMaxPool2d((3, None))', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     "for k, v in m.state_dict().items()] if not 'AdaptiveMaxPool2d((3, "
     "None))'.startswith('Lazy') else None)"),
    ('AdaptiveAvgPool1d(5)',
     "m = eval('nn.' + 'AdaptiveAvgPool1d(5)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AdaptiveAvgPool1d(5)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'AdaptiveAvgPool1d(5)'.startswith('Lazy') else "
     'None)'),
    ('AdaptiveAvgPool3d(2)',
     "m = eval('nn.' + 'AdaptiveAvgPool3d(2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AdaptiveAvgPool3d(2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'AdaptiveAvgPool3d(2)'.startswith('Lazy') else "
     'None)'),
    ('LPPool1d(1.5, 3)',
     "m = eval('nn.' + 'LPPool1d(1.5, 3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LPPool1d(1.5, 3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'LPPool1d(1.5, 3)'.startswith('Lazy') else None)"),
    ('FractionalMaxPool2d(3, output_size=(5, 5))',
     "m = eval('nn.' + 'FractionalMaxPool2d(3, output_size=(5, 5))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'FractionalMaxPool2d(3, output_size=(5, 5))', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'FractionalMaxPool2d(3, "
     "output_size=(5, 5))'.startswith('Lazy') else None)"),
    ('Embedding(10, 3, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True, sparse=True)',
     "m = eval('nn.' + 'Embedding(10, 3, max_norm=1.0, norm_type=1.0, "
     "scale_grad_by_freq=True, sparse=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Embedding(10, 3, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True, "
     "sparse=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'Embedding(10, 3, max_norm=1.0, norm_type=1.0, "
     "scale_grad_by_freq=True, sparse=True)'.startswith('Lazy') else None)"),
    ("EmbeddingBag(10, 3, mode='sum', padding_idx=1)",
     'm = eval(\'nn.\' + "EmbeddingBag(10, 3, mode=\'sum\', '
     'padding_idx=1)".replace(\'Linear(\', \'nn.Linear(\').replace(\'ReLU()\', '
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     '\'ModuleDict\')) else eval(\'nn.\' + "EmbeddingBag(10, 3, mode=\'sum\', padding_idx=1)", '
     "{'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     'm.state_dict().items()] if not "EmbeddingBag(10, 3, mode=\'sum\', '
     'padding_idx=1)".startswith(\'Lazy\') else None)'),
    ('EmbeddingBag(10, 3, max_norm=2.0)',
     "m = eval('nn.' + 'EmbeddingBag(10, 3, max_norm=2.0)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'EmbeddingBag(10, 3, max_norm=2.0)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'EmbeddingBag(10, 3, "
     "max_norm=2.0)'.startswith('Lazy') else None)"),
    ('Upsample(scale_factor=2)',
     "m = eval('nn.' + 'Upsample(scale_factor=2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Upsample(scale_factor=2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'Upsample(scale_factor=2)'.startswith('Lazy') "
     'else None)'),
    ("Upsample(scale_factor=(2.0, 3.0), mode='nearest')",
     'm = eval(\'nn.\' + "Upsample(scale_factor=(2.0, 3.0), '
     'mode=\'nearest\')".replace(\'Linear(\', \'nn.Linear(\').replace(\'ReLU()\', '
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     '\'ModuleDict\')) else eval(\'nn.\' + "Upsample(scale_factor=(2.0, 3.0), '
     'mode=\'nearest\')", {\'nn\': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in '
     'm.state_dict().items()] if not "Upsample(scale_factor=(2.0, 3.0), '
     'mode=\'nearest\')".startswith(\'Lazy\') else None)'),
    ('UpsamplingNearest2d(scale_factor=2)',
     "m = eval('nn.' + 'UpsamplingNearest2d(scale_factor=2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'UpsamplingNearest2d(scale_factor=2)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'UpsamplingNearest2d(scale_factor=2)'.startswith('Lazy') else None)"),
    ('UpsamplingBilinear2d(size=4)',
     "m = eval('nn.' + 'UpsamplingBilinear2d(size=4)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'UpsamplingBilinear2d(size=4)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     'for k, v in m.state_dict().items()] if not '
     "'UpsamplingBilinear2d(size=4)'.startswith('Lazy') else None)"),
    ('PixelUnshuffle(2)',
     "m = eval('nn.' + 'PixelUnshuffle(2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'PixelUnshuffle(2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'PixelUnshuffle(2)'.startswith('Lazy') else None)"),
    ('ChannelShuffle(2)',
     "m = eval('nn.' + 'ChannelShuffle(2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ChannelShuffle(2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'ChannelShuffle(2)'.startswith('Lazy') else None)"),
    ('Flatten()',
     "m = eval('nn.' + 'Flatten()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Flatten()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'Flatten()'.startswith('Lazy') else None)"),
    ("Unflatten('x', (('a', 2), ('b', 3)))",
     'm = eval(\'nn.\' + "Unflatten(\'x\', ((\'a\', 2), (\'b\', 3)))".replace(\'Linear(\', '
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     '"Unflatten(\'x\', ((\'a\', 2), (\'b\', 3)))", {\'nn\': nn})\nout = (repr(m), [(k, '
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not "Unflatten(\'x\', ((\'a\', '
     '2), (\'b\', 3)))".startswith(\'Lazy\') else None)'),
    ('ReplicationPad1d((1, 2))',
     "m = eval('nn.' + 'ReplicationPad1d((1, 2))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ReplicationPad1d((1, 2))', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, "
     "v in m.state_dict().items()] if not 'ReplicationPad1d((1, 2))'.startswith('Lazy') "
     'else None)'),
    ('ReflectionPad3d(1)',
     "m = eval('nn.' + 'ReflectionPad3d(1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ReflectionPad3d(1)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'ReflectionPad3d(1)'.startswith('Lazy') else None)"),
    ('CircularPad2d(1)',
     "m = eval('nn.' + 'CircularPad2d(1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CircularPad2d(1)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'CircularPad2d(1)'.startswith('Lazy') else None)"),
    ('ZeroPad1d((1, 0))',
     "m = eval('nn.' + 'ZeroPad1d((1, 0))'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ZeroPad1d((1, 0))', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'ZeroPad1d((1, 0))'.startswith('Lazy') else None)"),
    ('ConstantPad3d(1, 0.0)',
     "m = eval('nn.' + 'ConstantPad3d(1, 0.0)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ConstantPad3d(1, 0.0)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'ConstantPad3d(1, 0.0)'.startswith('Lazy') else "
     'None)'),
    ('PairwiseDistance(p=1.0, eps=1e-5, keepdim=True)',
     "m = eval('nn.' + 'PairwiseDistance(p=1.0, eps=1e-5, "
     "keepdim=True)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'PairwiseDistance(p=1.0, eps=1e-5, keepdim=True)', "
     "{'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'PairwiseDistance(p=1.0, eps=1e-5, "
     "keepdim=True)'.startswith('Lazy') else None)"),
    ('CosineSimilarity(dim=0, eps=1e-6)',
     "m = eval('nn.' + 'CosineSimilarity(dim=0, eps=1e-6)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CosineSimilarity(dim=0, eps=1e-6)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'CosineSimilarity(dim=0, "
     "eps=1e-6)'.startswith('Lazy') else None)"),
    ('L1Loss()',
     "m = eval('nn.' + 'L1Loss()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'L1Loss()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'L1Loss()'.startswith('Lazy') else None)"),
    ("BCELoss(weight=None, reduction='sum')",
     'm = eval(\'nn.\' + "BCELoss(weight=None, reduction=\'sum\')".replace(\'Linear(\', '
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     '"BCELoss(weight=None, reduction=\'sum\')", {\'nn\': nn})\nout = (repr(m), [(k, '
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not "BCELoss(weight=None, '
     'reduction=\'sum\')".startswith(\'Lazy\') else None)'),
    ('KLDivLoss(log_target=True)',
     "m = eval('nn.' + 'KLDivLoss(log_target=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'KLDivLoss(log_target=True)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for "
     'k, v in m.state_dict().items()] if not '
     "'KLDivLoss(log_target=True)'.startswith('Lazy') else None)"),
    ('HuberLoss(delta=2.0)',
     "m = eval('nn.' + 'HuberLoss(delta=2.0)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'HuberLoss(delta=2.0)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'HuberLoss(delta=2.0)'.startswith('Lazy') else "
     'None)'),
    ('MarginRankingLoss(margin=0.5)',
     "m = eval('nn.' + 'MarginRankingLoss(margin=0.5)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MarginRankingLoss(margin=0.5)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     'for k, v in m.state_dict().items()] if not '
     "'MarginRankingLoss(margin=0.5)'.startswith('Lazy') else None)"),
    ('TripletMarginLoss(margin=2.0, p=1)',
     "m = eval('nn.' + 'TripletMarginLoss(margin=2.0, p=1)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'TripletMarginLoss(margin=2.0, p=1)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'TripletMarginLoss(margin=2.0, p=1)'.startswith('Lazy') else None)"),
    ('CTCLoss(blank=1, zero_infinity=True)',
     "m = eval('nn.' + 'CTCLoss(blank=1, zero_infinity=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CTCLoss(blank=1, zero_infinity=True)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'CTCLoss(blank=1, "
     "zero_infinity=True)'.startswith('Lazy') else None)"),
    ('PoissonNLLLoss(log_input=False, full=True)',
     "m = eval('nn.' + 'PoissonNLLLoss(log_input=False, full=True)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'PoissonNLLLoss(log_input=False, full=True)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'PoissonNLLLoss(log_input=False, full=True)'.startswith('Lazy') else None)"),
    ('GaussianNLLLoss(full=True, eps=1e-3)',
     "m = eval('nn.' + 'GaussianNLLLoss(full=True, eps=1e-3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'GaussianNLLLoss(full=True, eps=1e-3)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'GaussianNLLLoss(full=True, eps=1e-3)'.startswith('Lazy') else None)"),
    ('MultiLabelSoftMarginLoss()',
     "m = eval('nn.' + 'MultiLabelSoftMarginLoss()'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MultiLabelSoftMarginLoss()', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for "
     'k, v in m.state_dict().items()] if not '
     "'MultiLabelSoftMarginLoss()'.startswith('Lazy') else None)"),
    ('CosineEmbeddingLoss(margin=0.2)',
     "m = eval('nn.' + 'CosineEmbeddingLoss(margin=0.2)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CosineEmbeddingLoss(margin=0.2)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     'for k, v in m.state_dict().items()] if not '
     "'CosineEmbeddingLoss(margin=0.2)'.startswith('Lazy') else None)"),
    ('HingeEmbeddingLoss(margin=2.0)',
     "m = eval('nn.' + 'HingeEmbeddingLoss(margin=2.0)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'HingeEmbeddingLoss(margin=2.0)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) "
     'for k, v in m.state_dict().items()] if not '
     "'HingeEmbeddingLoss(margin=2.0)'.startswith('Lazy') else None)"),
    ('SoftMarginLoss()',
     "m = eval('nn.' + 'SoftMarginLoss()'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'SoftMarginLoss()', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'SoftMarginLoss()'.startswith('Lazy') else None)"),
    ('MultiMarginLoss(p=2, margin=0.5)',
     "m = eval('nn.' + 'MultiMarginLoss(p=2, margin=0.5)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MultiMarginLoss(p=2, margin=0.5)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'MultiMarginLoss(p=2, "
     "margin=0.5)'.startswith('Lazy') else None)"),
    ('MultiLabelMarginLoss()',
     "m = eval('nn.' + 'MultiLabelMarginLoss()'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'MultiLabelMarginLoss()', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v "
     "in m.state_dict().items()] if not 'MultiLabelMarginLoss()'.startswith('Lazy') else "
     'None)'),
    ('NLLLoss2d()',
     "m = eval('nn.' + 'NLLLoss2d()'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'NLLLoss2d()', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'NLLLoss2d()'.startswith('Lazy') else None)"),
    ('BCEWithLogitsLoss(pos_weight=None)',
     "m = eval('nn.' + 'BCEWithLogitsLoss(pos_weight=None)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'BCEWithLogitsLoss(pos_weight=None)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'BCEWithLogitsLoss(pos_weight=None)'.startswith('Lazy') else None)"),
    ('TransformerDecoderLayer(8, 2, 16)',
     "m = eval('nn.' + 'TransformerDecoderLayer(8, 2, 16)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'TransformerDecoderLayer(8, 2, 16)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'TransformerDecoderLayer(8, 2, 16)'.startswith('Lazy') else None)"),
    ('Transformer(8, 2, 1, 1, 16)',
     "m = eval('nn.' + 'Transformer(8, 2, 1, 1, 16)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'Transformer(8, 2, 1, 1, 16)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for "
     "k, v in m.state_dict().items()] if not 'Transformer(8, 2, 1, 1, "
     "16)'.startswith('Lazy') else None)"),
    ('LazyLinear(4)',
     "m = eval('nn.' + 'LazyLinear(4)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'LazyLinear(4)', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'LazyLinear(4)'.startswith('Lazy') else None)"),
    ('LazyConv2d(4, 3)',
     "m = eval('nn.' + 'LazyConv2d(4, 3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LazyConv2d(4, 3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'LazyConv2d(4, 3)'.startswith('Lazy') else None)"),
    ('LazyBatchNorm1d()',
     "m = eval('nn.' + 'LazyBatchNorm1d()'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'LazyBatchNorm1d()', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'LazyBatchNorm1d()'.startswith('Lazy') else None)"),
    ('SyncBatchNorm(3)',
     "m = eval('nn.' + 'SyncBatchNorm(3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'SyncBatchNorm(3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'SyncBatchNorm(3)'.startswith('Lazy') else None)"),
    ('AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])',
     "m = eval('nn.' + 'AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])', {'nn': nn})\nout = (repr(m), [(k, "
     'tuple(v.shape)) for k, v in m.state_dict().items()] if not '
     "'AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])'.startswith('Lazy') else None)"),
    ('CrossMapLRN2d(3)',
     "m = eval('nn.' + 'CrossMapLRN2d(3)'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'CrossMapLRN2d(3)', {'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     "m.state_dict().items()] if not 'CrossMapLRN2d(3)'.startswith('Lazy') else None)"),
    ("RNNCell(3, 4, bias=False, nonlinearity='relu')",
     'm = eval(\'nn.\' + "RNNCell(3, 4, bias=False, '
     'nonlinearity=\'relu\')".replace(\'Linear(\', \'nn.Linear(\').replace(\'ReLU()\', '
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     '\'ModuleDict\')) else eval(\'nn.\' + "RNNCell(3, 4, bias=False, nonlinearity=\'relu\')", '
     "{'nn': nn})\nout = (repr(m), [(k, tuple(v.shape)) for k, v in "
     'm.state_dict().items()] if not "RNNCell(3, 4, bias=False, '
     'nonlinearity=\'relu\')".startswith(\'Lazy\') else None)'),
    ('GRUCell(3, 4)',
     "m = eval('nn.' + 'GRUCell(3, 4)'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'GRUCell(3, 4)', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'GRUCell(3, "
     "4)'.startswith('Lazy') else None)"),
    ('ModuleList([Linear(2, 2), ReLU()])',
     "m = eval('nn.' + 'ModuleList([Linear(2, 2), ReLU()])'.replace('Linear(', "
     "'nn.Linear(').replace('ReLU()', 'nn.ReLU()').replace('Sequential(L', "
     "'nn.Sequential(L').replace('Dropout(0', 'nn.Dropout(0').replace('Tanh()', "
     "'nn.Tanh()').replace('ModuleList([nn.T', 'nn.ModuleList([nn.T'), {'nn': nn}) if "
     "l.startswith(('ModuleList', 'Sequential', 'ModuleDict')) else eval('nn.' + "
     "'ModuleList([Linear(2, 2), ReLU()])', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'ModuleList([Linear(2, "
     "2), ReLU()])'.startswith('Lazy') else None)"),
    ('Sequential(Linear(2, 2), Sequential(ReLU(), Dropout(0.1)), ModuleList([Tanh(), Tanh()]))',
     "m = eval('nn.' + 'Sequential(Linear(2, 2), Sequential(ReLU(), Dropout(0.1)), "
     "ModuleList([Tanh(), Tanh()]))'.replace('Linear(', 'nn.Linear(').replace('ReLU()', "
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     "'ModuleDict')) else eval('nn.' + 'Sequential(Linear(2, 2), Sequential(ReLU(), "
     "Dropout(0.1)), ModuleList([Tanh(), Tanh()]))', {'nn': nn})\nout = (repr(m), [(k, "
     "tuple(v.shape)) for k, v in m.state_dict().items()] if not 'Sequential(Linear(2, "
     '2), Sequential(ReLU(), Dropout(0.1)), ModuleList([Tanh(), '
     "Tanh()]))'.startswith('Lazy') else None)"),
    ("ModuleDict({'x': ReLU(), 'y': Sequential(Linear(1, 1))})",
     'm = eval(\'nn.\' + "ModuleDict({\'x\': ReLU(), \'y\': Sequential(Linear(1, '
     '1))})".replace(\'Linear(\', \'nn.Linear(\').replace(\'ReLU()\', '
     "'nn.ReLU()').replace('Sequential(L', 'nn.Sequential(L').replace('Dropout(0', "
     "'nn.Dropout(0').replace('Tanh()', 'nn.Tanh()').replace('ModuleList([nn.T', "
     "'nn.ModuleList([nn.T'), {'nn': nn}) if l.startswith(('ModuleList', 'Sequential', "
     '\'ModuleDict\')) else eval(\'nn.\' + "ModuleDict({\'x\': ReLU(), \'y\': '
     'Sequential(Linear(1, 1))})", {\'nn\': nn})\nout = (repr(m), [(k, tuple(v.shape)) for '
     'k, v in m.state_dict().items()] if not "ModuleDict({\'x\': ReLU(), \'y\': '
     'Sequential(Linear(1, 1))})".startswith(\'Lazy\') else None)'),
]



EDGE_CASES = [
    ('seq_np_int_index',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = repr(s[np.int64(1)])'),
    ('seq_bool_index',
     's = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid())\nout = repr(s[True])'),
    ('ml_extend_generator',
     'm = nn.ModuleList(); m.extend(nn.ReLU() for _ in range(2)); out = len(m)'),
    ('ml_np_index',
     'm = nn.ModuleList([nn.ReLU(), nn.Tanh()]); out = repr(m[np.int64(1)])'),
    ('pl_np_index',
     'p = nn.ParameterList([T.ones(1), T.ones(2)]); out = p[np.int64(1)].shape'),
    ('pre_hook_kwargs_only_call',
     'class K(nn.Module):\n    def forward(self, x=None):\n        return x * 2\n'
     'k = K(); log = []\nk.register_forward_pre_hook(lambda m, a: log.append(a))\n'
     'k.register_forward_hook(lambda m, a, o: log.append(len(a)))\nout = (k(x=T.ones(1)), '
     'log)'),
    ('bw_hook_dict_output',
     "class K(nn.Module):\n    def forward(self, x):\n        return {'a': x * 2}\n"
     'k = K(); log = []\nx = T.ones(2, requires_grad=True)\n'
     'k.register_full_backward_hook(lambda m, gi, go: log.append(1))\n'
     "k(x)['a'].sum().backward(); out = (log, x.grad)"),
    ('bw_hook_under_no_grad',
     'm = nn.Linear(2, 2); log = []\nm.register_full_backward_hook(lambda *a: '
     'log.append(1))\nwith T.no_grad():\n    y = m(T.ones(1, 2))\nout = (y.requires_grad, '
     'log)'),
    ('bw_hook_twice_called',
     'm = nn.Linear(2, 2); log = []\nx = T.ones(1, 2, requires_grad=True)\n'
     'm.register_full_backward_hook(lambda mod, gi, go: log.append(len(go)))\ny = m(x); y2 '
     '= m(x); (y + y2).sum().backward(); out = log'),
    ('bw_pre_hook_returns_bad',
     'm = nn.Linear(2, 2)\nx = T.ones(1, 2, requires_grad=True)\n'
     'm.register_full_backward_pre_hook(lambda mod, go: (go[0], go[0]))\n'
     'm(x).sum().backward()'),
    ('fwd_hook_with_kwargs_always',
     "class Bad(nn.Module):\n    def forward(self, x, k=1):\n        raise ValueError('b')\n"
     'b = Bad(); log = []\nb.register_forward_hook(lambda m, a, kw, o: '
     'log.append((dict(kw), o)), with_kwargs=True, always_call=True)\ntry:\n'
     '    b(T.ones(1), k=2)\nexcept ValueError:\n    pass\nout = log'),
    ('pre_hook_raises_always_call',
     "m = nn.Linear(1, 1); log = []\ndef pre(mod, a):\n    raise KeyError('x')\n"
     'm.register_forward_pre_hook(pre)\nm.register_forward_hook(lambda mod, a, o: '
     'log.append(o), always_call=True)\ntry:\n    m(T.ones(1, 1))\nexcept KeyError:\n    pass\n'
     'out = log'),
    ('always_call_hook_ran_once',
     'm = nn.Linear(1, 1); log = []\nm.register_forward_hook(lambda mod, a, o: '
     "log.append(1), always_call=True)\ndef bad(mod, a, o):\n    raise KeyError('x')\n"
     'm.register_forward_hook(bad)\ntry:\n    m(T.ones(1, 1))\nexcept KeyError:\n    pass\n'
     'out = log'),
    ('hook_removed_during_call',
     'm = nn.Linear(1, 1); log = []\nhs = []\ndef h(mod, a, o):\n    log.append(1); '
     'hs[0].remove()\nhs.append(m.register_forward_hook(h))\nm(T.ones(1, 1)); m(T.ones(1, '
     '1)); out = log'),
    ('state_dict_with_hook_changes_keys',
     "m = nn.Linear(1, 1)\ndef h(mod, sd, prefix, meta):\n    sd[prefix + 'w2'] = "
     "sd.pop(prefix + 'weight')\nm.register_state_dict_post_hook(h)\n"
     'out = list(nn.Sequential(m).state_dict())'),
    ('trunc_normal_generator',
     'g = T.Generator().manual_seed(0); a = nn.init.trunc_normal_(T.empty(5), '
     'generator=g); b = nn.init.trunc_normal_(T.empty(5), '
     'generator=T.Generator().manual_seed(0)); out = bool((a == b).all())'),
    ('init_under_requires_grad',
     'w = T.empty(2, 2, requires_grad=True); nn.init.normal_(w); out = (w.grad_fn is '
     'None, w.requires_grad)'),
    ('eye_param',
     'w = nn.Parameter(T.empty(2, 3)); nn.init.eye_(w); out = (w, w.requires_grad)'),
    ('dirac_param',
     'w = nn.Parameter(T.empty(2, 2, 3)); nn.init.dirac_(w); out = w'),
    ('constant_int_fill',
     'out = nn.init.constant_(T.empty(2), 3)'),
    ('calculate_gain_param_float_str',
     "nn.init.calculate_gain('leaky_relu', None)"),
    ('xavier_zero_size_fans',
     'out = nn.init.xavier_uniform_(T.empty(3, 0)).shape'),
    ('kaiming_fan_zero',
     "nn.init.kaiming_uniform_(T.empty(0, 3), mode='fan_in')"),
    ('orthogonal_gain',
     "w = nn.init.orthogonal_(T.empty(3, 3), gain=2); a = w.numpy().astype('f8'); out = "
     'bool(np.allclose(a @ a.T, 4 * np.eye(3), atol=1e-4))'),
    ('uniform_a_gt_b',
     'out = nn.init.uniform_(T.empty(3), 2, 1).shape'),
    ('normal_negative_std',
     'nn.init.normal_(T.empty(3), std=-1)'),
    ('trunc_a_gt_b',
     'nn.init.trunc_normal_(T.empty(3), a=2, b=1)'),
    ('loader_subset_of_custom_getitems',
     'class G(D.Dataset):\n    def __getitem__(self, i):\n        return i\n'
     '    def __getitems__(self, idx):\n        return [i * 10 for i in idx]\n'
     '    def __len__(self):\n        return 5\nout = list(D.DataLoader(D.Subset(G(), [4, '
     '2, 0]), batch_size=2))'),
    ('loader_iterable_sampler_attr',
     'class I(D.IterableDataset):\n    def __iter__(self):\n        return iter(range(3))\n'
     'dl = D.DataLoader(I(), batch_size=2); out = (type(dl.batch_sampler).__name__, '
     'dl.batch_size)'),
    ('loader_dict_dataset_default_collate_fn_set',
     'dl = D.DataLoader([1, 2, 3], batch_size=2); dl.collate_fn = lambda b: sum(b); out = '
     'list(dl)'),
    ('loader_shuffle_false_explicit',
     'dl = D.DataLoader([1, 2, 3], shuffle=False); out = type(dl.sampler).__name__'),
    ('loader_len_batch_none_iterable_no_len',
     'class I(D.IterableDataset):\n    def __iter__(self):\n        return iter(range(3))\n'
     'len(D.DataLoader(I(), batch_size=None))'),
    ('collate_tensor_dtypes_mixed',
     'out = D.default_collate([T.tensor([1.]), T.tensor([2.], dtype=T.float64)])'),
    ('collate_tensor_shape_mismatch',
     'D.default_collate([T.ones(2), T.ones(3)])'),
    ('collate_np_shape_mismatch',
     'D.default_collate([np.ones(2), np.ones(3)])'),
    ('collate_np_float16',
     'out = D.default_collate([np.ones(2, dtype=np.float16), np.ones(2, '
     'dtype=np.float16)])'),
    ('collate_nested_dict_namedtuple',
     "from collections import namedtuple\nP = namedtuple('P', 'a')\n"
     "b = D.default_collate([{'p': P(1)}, {'p': P(2)}]); out = (type(b['p']).__name__, "
     "b['p'].a)"),
    ('collate_list_of_tuples_of_strings',
     "out = D.default_collate([('a', 1), ('b', 2)])"),
]


# -- cases whose comparison needs more than the harness -----------------------------------------
MESSAGE_CASES = [
    ("strict_errors_name_keys_and_shapes",
     "net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Linear(3, 3)))\n"
     "sd = net.state_dict(); del sd['1.0.bias']; sd['1.5.weight'] = T.zeros(1)\n"
     "sd['0.weight'] = T.zeros(9)\n"
     "try:\n    net.load_state_dict(sd)\nexcept RuntimeError as e:\n    msg = str(e)\n"
     "out = (msg.splitlines()[0], 'Missing key(s) in state_dict: \"1.0.bias\"' in msg,\n"
     "       'Unexpected key(s) in state_dict: \"1.5.weight\"' in msg,\n"
     "       'size mismatch for 0.weight' in msg, '[9]' in msg, '[3, 2]' in msg)"),
    ("orthogonal_default_map",
     "T.manual_seed(0); m = nn.Linear(4, 3); nn.utils.parametrizations.orthogonal(m)\n"
     "W = m.weight; out = (bool(T.allclose(W @ W.T, T.eye(3), atol=1e-5)),\n"
     "       list(m.state_dict()), repr(m))"),
    ("orthogonal_tall_householder",
     "T.manual_seed(0); m = nn.Linear(3, 5); nn.utils.parametrizations.orthogonal(m)\n"
     "W = m.weight; out = (bool(T.allclose(W.T @ W, T.eye(3), atol=1e-5)),\n"
     "       m.parametrizations.weight.original.shape, m.parametrizations.weight[0].orthogonal_map"
     " if isinstance(m.parametrizations.weight[0].orthogonal_map, str) else\n"
     "       m.parametrizations.weight[0].orthogonal_map.name)"),
    ("orthogonal_keeps_an_orthogonal_value",
     "T.manual_seed(0); m = nn.Linear(3, 3); nn.init.orthogonal_(m.weight)\n"
     "w = m.weight.detach().clone(); nn.utils.parametrizations.orthogonal(m)\n"
     "out = bool(T.allclose(m.weight, w, atol=1e-5))"),
    ("orthogonal_bad_map", "nn.utils.parametrizations.orthogonal(nn.Linear(4, 4), "
                           "orthogonal_map='foo')"),
    ("orthogonal_1d", "m = nn.Module(); m.w = nn.Parameter(T.ones(3)); "
                      "nn.utils.parametrizations.orthogonal(m, 'w')"),
    ("orthogonal_gradient", "T.manual_seed(0); m = nn.Linear(4, 4); "
                            "nn.utils.parametrizations.orthogonal(m); "
                            "m(T.ones(2, 4)).sum().backward(); "
                            "out = m.parametrizations.weight.original.grad.shape"),
    ("orthogonal_assign_permutation",
     "T.manual_seed(0); m = nn.Linear(3, 3); nn.utils.parametrizations.orthogonal(m)\n"
     "m.weight = T.tensor([[0., 1, 0], [1, 0, 0], [0, 0, 1]]); out = m.weight"),
    ("functional_call_tuple_of_dicts_is_torch_func_only",
     "nn.utils.stateless.functional_call(nn.Linear(2, 2), ({'weight': T.eye(2)}, "
     "{'bias': T.ones(2)}), (T.ones(1, 2),))"),
    ("functional_call_tuple_of_dicts", "m = nn.Linear(2, 2); out = T.func.functional_call(m, "
     "({'weight': T.eye(2)}, {'bias': T.ones(2)}), (T.ones(1, 2),))"),
    ("functional_call_parametrized_without_inverse",
     "class Sq(nn.Module):\n    def forward(self, X):\n        return X * 2\n"
     "m = nn.Linear(2, 2); nn.utils.parametrize.register_parametrization(m, 'weight', Sq())\n"
     "nn.utils.stateless.functional_call(m, {'weight': T.eye(2)}, (T.ones(1, 2),))"),
    ("skip_init_not_a_class", "nn.utils.skip_init(3)"),
    ("skip_init_not_a_module", "nn.utils.skip_init(int)"),
    ("default_convert_kinds", "out = (D.default_convert(np.float64(2.)), D.default_convert(3), "
     "D.default_convert('s'), D.default_convert({'a': np.array([1.])}), "
     "D.default_convert([np.int32(4), (np.array([1, 2]),)]))"),
    ("default_convert_keeps_string_arrays",
     "a = np.array(['x']); out = D.default_convert(a) is a"),
]


# global hooks stay registered until removed: each snippet removes them in a finally block
GLOBAL = "mm = nn.modules.module\nlog = []\n"
GLOBAL_HOOK_CASES = [
    ("forward_hook_order", GLOBAL + "m = nn.Linear(2, 2)\n"
     "h = mm.register_module_forward_hook(lambda mod, a, o: log.append(type(mod).__name__))\n"
     "try:\n    nn.Sequential(m, nn.ReLU())(T.ones(1, 2))\nfinally:\n    h.remove()\n"
     "nn.Sequential(m)(T.ones(1, 2)); out = log"),
]


@pytest.mark.parametrize("code", [c[1] for c in MODULE_CASES], ids=[c[0] for c in MODULE_CASES])
def test_module(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in HOOK_CASES], ids=[c[0] for c in HOOK_CASES])
def test_hooks(code):
    try:
        check(code)
    finally:  # a failing snippet must not leave a global hook behind
        _clear_global_hooks()


@pytest.mark.parametrize("code", [c[1] for c in GLOBAL_HOOK_CASES],
                         ids=[c[0] for c in GLOBAL_HOOK_CASES])
def test_global_hooks(code):
    try:
        check(code)
    finally:
        _clear_global_hooks()


def _clear_global_hooks() -> None:
    from nn import module
    for name in ("forward_pre", "forward", "backward_pre", "backward", "buffer_registration",
                 "parameter_registration", "module_registration"):
        getattr(module, f"_global_{name}_hooks").clear()
    module._refresh_global_flags()


@pytest.mark.parametrize("code", [c[1] for c in CONTAINER_CASES],
                         ids=[c[0] for c in CONTAINER_CASES])
def test_containers(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in REPR_CASES], ids=[c[0] for c in REPR_CASES])
def test_layer_repr_and_state_keys(code):
    check(code)


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("code", [c[1] for c in INIT_CASES], ids=[c[0] for c in INIT_CASES])
def test_init(code):
    check(code)


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("code", [c[1] for c in UTILS_CASES], ids=[c[0] for c in UTILS_CASES])
def test_utils(code):
    check(code)


@pytest.mark.parametrize("code", [c[1] for c in DATA_CASES], ids=[c[0] for c in DATA_CASES])
def test_data(code):
    check(code)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("code", [c[1] for c in EDGE_CASES], ids=[c[0] for c in EDGE_CASES])
def test_edge_cases(code):
    check(code)


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("code", [c[1] for c in MESSAGE_CASES],
                         ids=[c[0] for c in MESSAGE_CASES])
def test_more(code):
    check(code)


# -- default initialisation: PyTorch's bounds ----------------------------------------------------
DEFAULT_INIT = [
    ("Linear(300, 200)", {"weight": 1 / math.sqrt(300), "bias": 1 / math.sqrt(300)}),
    ("Bilinear(20, 30, 40)", {"weight": 1 / math.sqrt(20), "bias": 1 / math.sqrt(20)}),
    ("Conv1d(16, 32, 5)", {"weight": 1 / math.sqrt(80), "bias": 1 / math.sqrt(80)}),
    ("Conv2d(16, 32, 3, groups=4)", {"weight": 1 / 6, "bias": 1 / 6}),
    ("Conv3d(4, 8, 3)", {"weight": 1 / math.sqrt(108), "bias": 1 / math.sqrt(108)}),
    ("ConvTranspose2d(16, 32, 3, groups=4)", {"weight": 1 / math.sqrt(72),
                                              "bias": 1 / math.sqrt(72)}),
    ("ConvTranspose3d(4, 8, 3)", {"weight": 1 / math.sqrt(216), "bias": 1 / math.sqrt(216)}),
]


@pytest.mark.parametrize("layer,bounds", DEFAULT_INIT, ids=[c[0] for c in DEFAULT_INIT])
def test_default_init_bounds(layer, bounds):
    """Kaiming-uniform(a=sqrt(5)) weights and uniform(1/sqrt(fan_in)) biases, as PyTorch's:
    every value within the bound, the extremes near it, the spread of PyTorch's own draw."""
    ours = eval(f"nn.{layer}", {"nn": nn})
    theirs = eval(f"torch.nn.{layer}", {"torch": torch})
    for name, bound in bounds.items():
        a = getattr(ours, name).detach().numpy().astype(np.float64)
        b = getattr(theirs, name).detach().numpy().astype(np.float64)
        assert a.shape == b.shape and a.dtype == b.dtype
        assert np.abs(b).max() <= bound * (1 + 1e-6)  # the oracle is what the formula says
        assert np.abs(a).max() <= bound * (1 + 1e-6)
        if a.size > 1000:
            assert np.abs(a).max() > 0.98 * bound
            assert abs(a.std() - b.std()) < 0.05 * b.std()


@pytest.mark.parametrize("layer", ["Embedding(1000, 50)", "EmbeddingBag(1000, 50)"])
def test_default_init_embedding_is_standard_normal(layer):
    a = eval(f"nn.{layer}", {"nn": nn}).weight.detach().numpy().astype(np.float64)
    assert abs(a.mean()) < 0.02 and abs(a.std() - 1) < 0.02


def test_padding_idx_row_is_zero():
    m = nn.Embedding(10, 3, padding_idx=3)
    assert not m.weight[3].detach().numpy().any()
    assert ag.is_tensor(m.weight) and m.weight.dtype == ag.float32
