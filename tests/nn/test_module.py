"""nn.Module semantics vs PyTorch: registration, traversal, state_dict, modes, to(), hooks."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import backends
import nn
from tests.conftest import CUDA_REASON, torch_or_skip


class Block(nn.Module):
    """Two parameters, a persistent and a non-persistent buffer."""

    def __init__(self, n: int = 3) -> None:
        super().__init__()
        self.weight = nn.Parameter(ag.ones(n, 2))
        self.bias = nn.Parameter(ag.zeros(n))
        self.register_buffer("running", ag.zeros(n))
        self.register_buffer("scratch", ag.zeros(1), persistent=False)

    def forward(self, x):
        return x @ self.weight.T + self.bias


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(ag.ones(1))
        self.enc = Block(4)
        self.layers = nn.Sequential(Block(), nn.ModuleList([Block(5), Block(2)]))
        self.heads = nn.ModuleDict({"b": Block(), "a": Block(6)})
        self.register_buffer("steps", ag.tensor(0))
        self.nothing = None

    def forward(self, x):
        return self.enc(x)


def _torch_net(torch):
    tnn = torch.nn

    class TBlock(tnn.Module):
        def __init__(self, n=3):
            super().__init__()
            self.weight = tnn.Parameter(torch.ones(n, 2))
            self.bias = tnn.Parameter(torch.zeros(n))
            self.register_buffer("running", torch.zeros(n))
            self.register_buffer("scratch", torch.zeros(1), persistent=False)

    class TNet(tnn.Module):
        def __init__(self):
            super().__init__()
            self.scale = tnn.Parameter(torch.ones(1))
            self.enc = TBlock(4)
            self.layers = tnn.Sequential(TBlock(), tnn.ModuleList([TBlock(5), TBlock(2)]))
            self.heads = tnn.ModuleDict({"b": TBlock(), "a": TBlock(6)})
            self.register_buffer("steps", torch.tensor(0))
            self.nothing = None

    return TNet()


# -- registration ---------------------------------------------------------------------------
def test_registration_order_and_routing():
    m = Block()
    assert list(m._parameters) == ["weight", "bias"]
    assert list(m._buffers) == ["running", "scratch"]
    m.extra = 5
    assert m.extra == 5 and "extra" not in m._parameters
    # replacing a parameter keeps its position (state_dict order matches PyTorch's)
    m.weight = nn.Parameter(ag.zeros(3, 2))
    assert list(m._parameters) == ["weight", "bias"]
    m.weight = None
    assert m.weight is None and "weight" in m._parameters
    assert "weight" not in m.state_dict() and "weight" not in dict(m.named_parameters())
    # a plain attribute becomes a parameter, a parameter a submodule (one table per name)
    m.extra = nn.Parameter(ag.ones(1))
    assert "extra" not in m.__dict__ and m.extra is m._parameters["extra"]
    m.sub = nn.Parameter(ag.ones(1))
    with pytest.raises(TypeError, match="cannot assign 'Block' as parameter 'sub'"):
        m.sub = Block()  # like PyTorch: a parameter's name takes only Parameters or None
    del m.sub
    m.sub = Block()
    assert "sub" in m._modules and "sub" not in m._parameters
    m.sub = None
    assert m.sub is None and "sub" in m._modules
    m.running = ag.ones(3)
    assert "running" in m._buffers and m.running.tolist() == [1, 1, 1]
    m.running = None
    assert m.running is None and "running" not in m.state_dict()


def test_assignment_type_errors_match_torch():
    torch = torch_or_skip()
    m, t = Block(), torch.nn.Linear(2, 3)
    with pytest.raises(TypeError, match="parameter 'weight'"):
        m.weight = ag.ones(3, 2)
    with pytest.raises(TypeError, match="parameter 'weight'"):
        t.weight = torch.ones(3, 2)
    m.sub = Block()
    with pytest.raises(TypeError, match="child module 'sub'"):
        m.sub = 3
    with pytest.raises(TypeError, match="buffer 'running'"):
        m.running = np.zeros(3)


def test_register_name_checks():
    m = Block()
    for register, value in ((m.register_parameter, nn.Parameter(ag.ones(1))),
                            (m.register_buffer, ag.ones(1)), (m.add_module, Block())):
        with pytest.raises(KeyError, match="contain"):
            register("a.b", value)
        with pytest.raises(KeyError, match="empty string"):
            register("", value)
        with pytest.raises(TypeError, match="should be a string"):
            register(3, value)
        with pytest.raises(KeyError, match="attribute 'forward' already exists"):
            register("forward", value)
    # a name already taken by another kind is an error, not a silent replacement
    with pytest.raises(KeyError, match="attribute 'running' already exists"):
        m.register_parameter("running", nn.Parameter(ag.ones(1)))
    with pytest.raises(KeyError, match="attribute 'weight' already exists"):
        m.add_module("weight", Block())
    m.plain = 1
    with pytest.raises(KeyError, match="attribute 'plain' already exists"):
        m.register_buffer("plain", ag.ones(1))
    with pytest.raises(TypeError, match="nn.Parameter or None required"):
        m.register_parameter("p", ag.ones(1))
    with pytest.raises(TypeError, match="Tensor or None required"):
        m.register_buffer("b", [1.0])
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        m.add_module("c", 1)
    m.register_parameter("p", None)
    m.register_buffer("b", None)
    m.add_module("c", None)
    assert m.p is None and m.b is None and m.c is None
    m.register_module("d", Block())
    assert isinstance(m.d, Block)


def test_register_before_init_and_non_leaf():
    class Lazy(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(ag.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Lazy()
    m = Block()
    p = nn.Parameter(ag.ones(2))
    p._node = (p * 2)._node  # a Parameter that became the output of an op
    with pytest.raises(ValueError, match="non-leaf Tensor to parameter 'q'"):
        m.register_parameter("q", p)


def test_delattr_and_getattr_errors():
    m = Net()
    del m.scale, m.enc, m.steps
    assert "scale" not in m._parameters and "enc" not in m._modules
    assert "steps" not in m._buffers
    del m.nothing
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'scale'"):
        m.scale
    with pytest.raises(AttributeError, match="'Block' object has no attribute 'nope'"):
        Block().nope
    assert not hasattr(m, "nothing")
    m.register_buffer("scratch2", ag.zeros(1), persistent=False)
    del m.scratch2
    m.register_buffer("scratch2", ag.zeros(1))
    assert "scratch2" in m.state_dict()
    assert {"weight", "bias", "running"} <= set(dir(Block()))


# -- traversal ------------------------------------------------------------------------------
def test_named_parameters_buffers_modules_match_torch():
    torch = torch_or_skip()
    m, t = Net(), _torch_net(torch)
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in m.named_buffers()] == [n for n, _ in t.named_buffers()]
    assert [n for n, _ in m.named_modules()] == [n for n, _ in t.named_modules()]
    assert [n for n, _ in m.named_children()] == [n for n, _ in t.named_children()]
    assert [n for n, _ in m.named_parameters(prefix="model", recurse=True)] == \
        [n for n, _ in t.named_parameters(prefix="model")]
    assert [n for n, _ in m.named_parameters(recurse=False)] == ["scale"]
    assert [n for n, _ in m.named_buffers(recurse=False)] == ["steps"]
    assert [n for n, _ in m.layers.named_parameters("p")] == \
        [n for n, _ in t.layers.named_parameters("p")]
    assert len(list(m.parameters())) == len(list(t.parameters()))
    assert len(list(m.modules())) == len(list(t.modules()))
    assert list(m.children()) == [m.enc, m.layers, m.heads]


def test_shared_parameters_and_modules_counted_once():
    torch = torch_or_skip()
    m, t = nn.Module(), torch.nn.Module()
    m.a, m.b = Block(), Block()
    t.a, t.b = torch.nn.Linear(2, 3), torch.nn.Linear(2, 3)
    m.b.weight = m.a.weight
    t.b.weight = t.a.weight
    m.c = m.a  # a shared submodule
    t.c = t.a
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in m.named_modules()] == [n for n, _ in t.named_modules()]
    assert [n for n, _ in m.named_children()] == [n for n, _ in t.named_children()]
    assert len(list(m.named_parameters(remove_duplicate=False))) == \
        len(list(t.named_parameters(remove_duplicate=False)))
    assert [n for n, _ in m.named_modules(remove_duplicate=False)] == \
        [n for n, _ in t.named_modules(remove_duplicate=False)]
    # state_dict keeps every path, like PyTorch's
    assert list(m.state_dict()) == ["a.weight", "a.bias", "a.running", "b.weight", "b.bias",
                                    "b.running", "c.weight", "c.bias", "c.running"]
    assert list(t.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias", "c.weight",
                                    "c.bias"]
    m.double()  # a shared parameter is converted once and stays shared
    assert m.b.weight is m.a.weight and m.a.weight.dtype == ag.float64


def test_get_submodule():
    m = Net()
    assert m.get_submodule("") is m
    assert m.get_submodule("layers.1.0") is m.layers[1][0]
    with pytest.raises(AttributeError, match="Sequential has no attribute `7`"):
        m.get_submodule("layers.7")


# -- state_dict -----------------------------------------------------------------------------
def test_state_dict_keys_order_shapes_match_torch():
    torch = torch_or_skip()
    m, t = Net(), _torch_net(torch)
    ours, theirs = m.state_dict(), t.state_dict()
    assert list(ours) == list(theirs)
    assert all(tuple(ours[k].shape) == tuple(theirs[k].shape) for k in ours)
    assert "enc.scratch" not in ours and "enc.scratch" in dict(m.named_buffers())
    assert list(m.state_dict(prefix="net.")) == list(t.state_dict(prefix="net."))


def test_state_dict_values_detached_unless_keep_vars():
    m = Block()
    sd = m.state_dict()
    assert type(sd["weight"]) is ag.Tensor and not sd["weight"].requires_grad
    sd["weight"].add_(1)  # same memory
    assert m.weight.tolist()[0] == [2.0, 2.0]
    kept = m.state_dict(keep_vars=True)
    assert kept["weight"] is m.weight and kept["running"] is m.running


def test_load_state_dict_from_torch_in_place():
    torch = torch_or_skip()
    m, t = Net(), _torch_net(torch)
    with torch.no_grad():
        for v in t.state_dict().values():
            v.copy_(torch.randn(v.shape) if v.is_floating_point() else torch.tensor(7))
    before = {n: p for n, p in m.named_parameters()}
    result = m.load_state_dict({k: v.numpy() for k, v in t.state_dict().items()})
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), t.state_dict()[k].numpy())  # detached
    assert all(p is before[n] for n, p in m.named_parameters())
    assert all(p.requires_grad for p in m.parameters())
    assert m.steps.item() == 7 and m.steps.dtype == ag.int64
    # torch tensors themselves load too
    m.load_state_dict(t.state_dict())


def test_load_state_dict_strict_errors():
    m = Block()
    sd = m.state_dict()
    del sd["bias"]
    sd["extra"] = np.zeros(2)
    with pytest.raises(RuntimeError) as err:
        m.load_state_dict(sd)
    msg = str(err.value)
    assert msg.startswith("Error(s) in loading state_dict for Block:")
    assert 'Missing key(s) in state_dict: "bias".' in msg
    assert 'Unexpected key(s) in state_dict: "extra".' in msg
    assert msg.index("Missing") < msg.index("Unexpected")
    result = m.load_state_dict(sd, strict=False)
    assert result == (["bias"], ["extra"])
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]


def test_load_state_dict_size_mismatch_even_non_strict():
    m = Block()
    for strict in (True, False):
        with pytest.raises(RuntimeError, match=r"size mismatch for weight: copying a param "
                           r"with shape \[2, 2\] from checkpoint, the shape in current model "
                           r"is \[3, 2\]"):
            m.load_state_dict({**m.state_dict(), "weight": np.zeros((2, 2))}, strict=strict)
    with pytest.raises(TypeError, match="dict-like"):
        m.load_state_dict([("weight", np.zeros((3, 2)))])


def test_load_state_dict_casts_and_assign():
    m = Block()
    w = np.arange(6, dtype=np.float64).reshape(3, 2)
    weight = m.weight
    m.load_state_dict({**m.state_dict(), "weight": w})
    assert m.weight is weight and m.weight.dtype == ag.float32
    np.testing.assert_array_equal(m.weight.detach().numpy(), w)
    # assign=True: the checkpoint's tensor takes the name, as a Parameter (PyTorch's rule)
    m.load_state_dict({**m.state_dict(), "weight": ag.tensor(w + 1)}, assign=True)
    assert m.weight is not weight and type(m.weight) is nn.Parameter
    assert m.weight.dtype == ag.float64 and m.weight.requires_grad
    np.testing.assert_array_equal(m.weight.detach().numpy(), w + 1)


def test_state_dict_save_load_round_trip(tmp_path):
    m = Net()
    with ag.no_grad():
        for p in m.parameters():
            p.copy_(ag.randn(*p.shape))
    m.steps.fill_(3)
    path = tmp_path / "net.safetensors"
    ag.save(m.state_dict(), path)
    m2 = Net()
    m2.load_state_dict(ag.load(path))
    for (k, a), (k2, b) in zip(m.state_dict().items(), m2.state_dict().items()):
        assert k == k2 and a.dtype == b.dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())


# -- modes and gradients --------------------------------------------------------------------
def test_train_eval_propagate_through_child_train():
    calls = []

    class Tracked(Block):
        def train(self, mode=True):
            calls.append(mode)
            return super().train(mode)

    m = Net()
    m.layers.append(Tracked())
    assert m.eval() is m
    assert not any(x.training for x in m.modules()) and calls == [False]
    m.train()
    assert all(x.training for x in m.modules()) and calls == [False, True]
    with pytest.raises(ValueError, match="boolean"):
        m.train(1)


def test_requires_grad_and_zero_grad():
    m = Net()
    assert m.requires_grad_(False) is m
    assert not any(p.requires_grad for p in m.parameters())
    m.requires_grad_()
    x = ag.ones(2, 2)
    m(x).sum().backward()
    g = m.enc.weight.grad
    assert g is not None and m.enc.bias.grad is not None
    m.zero_grad(set_to_none=False)
    assert m.enc.weight.grad is g and not g.numpy().any() and not g.requires_grad
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())


def test_zero_grad_in_place_detaches_a_gradient_with_a_grad_fn():
    # backward(create_graph=True) leaves .grad with a history, as in PyTorch
    m = nn.Linear(2, 3)
    (m(ag.ones(4, 2)) ** 2).sum().backward(create_graph=True)
    grads = [p.grad for p in m.parameters()]
    assert all(g.grad_fn is not None for g in grads)
    m.zero_grad(set_to_none=False)
    for p, g in zip(m.parameters(), grads):
        assert p.grad is g and g.grad_fn is None and not g.requires_grad
        assert not g.numpy().any()


def test_zero_grad_in_place_refuses_a_view_gradient_like_torch():
    # a gradient from ag.grad may be a view (the bias's is); PyTorch refuses to detach_ it
    m = nn.Linear(2, 3)
    grads = ag.grad((m(ag.ones(4, 2)) ** 2).sum(), [m.bias], create_graph=True)
    m.bias.grad = grads[0]
    with pytest.raises(RuntimeError, match="Can't detach views in-place"):
        m.zero_grad(set_to_none=False)


def test_zero_grad_gives_a_read_only_gradient_memory_of_its_own():
    m = Net()
    w = m.enc.weight
    w.grad = ag.as_tensor(np.broadcast_to(np.float32(2.0), w.shape))  # a read-only view
    version = w.grad._version
    m.zero_grad(set_to_none=False)
    assert w.grad.array.flags.writeable and not w.grad.numpy().any()
    assert w.grad._version > version
    m.zero_grad()
    assert w.grad is None


def test_apply_children_first_like_torch():
    torch = torch_or_skip()
    m, t = Net(), _torch_net(torch)
    ours, theirs = [], []
    names = {id(x): n for n, x in m.named_modules()}
    tnames = {id(x): n for n, x in t.named_modules()}
    assert m.apply(lambda x: ours.append(names[id(x)])) is m
    t.apply(lambda x: theirs.append(tnames[id(x)]))
    assert ours == theirs


# -- to() -----------------------------------------------------------------------------------
def test_to_dtype_in_place_floating_only():
    m = Net()
    params = list(m.parameters())
    m.enc.weight.grad = ag.ones(4, 2)
    assert m.double() is m
    assert all(p.dtype == ag.float64 for p in m.parameters())
    assert [id(p) for p in m.parameters()] == [id(p) for p in params]  # optimizers see it
    assert m.enc.weight.grad.dtype == ag.float64
    assert m.enc.running.dtype == ag.float64 and m.enc.scratch.dtype == ag.float64
    assert m.steps.dtype == ag.int64
    m.to(ag.float32)
    assert m.enc.weight.dtype == ag.float32 and m.steps.dtype == ag.int64
    m.to(dtype=ag.float16)
    assert m.enc.bias.dtype == ag.float16
    m.float().to(ag.zeros(1, dtype=ag.float64))
    assert m.scale.dtype == ag.float64
    with pytest.raises(TypeError, match="floating point"):
        m.to(ag.int32)
    with pytest.raises(TypeError, match="unexpected keyword"):
        m.to(copy=True)


def test_to_cpu_is_a_no_op():
    m = Block()
    data, version = m.weight._data, m.weight._version
    assert m.to("cpu") is m and m.cpu() is m
    assert m.weight._data is data and m.weight._version == version


@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="a GPU is available")
def test_to_cuda_without_gpu_raises_before_moving_anything():
    m = Block()
    with pytest.raises(RuntimeError, match="CUDA|cuda"):
        m.to("cuda")
    with pytest.raises(RuntimeError, match="CUDA|cuda"):
        nn.Module().cuda()
    assert m.weight.device == backends.device("cpu")


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
def test_to_cuda_and_back_keeps_identity():
    m = Net()
    m.enc.weight.grad = ag.ones(4, 2)
    params = list(m.parameters())
    m.cuda()
    assert all(p.is_cuda for p in m.parameters()) and m.enc.weight.grad.is_cuda
    assert all(b.is_cuda for b in m.buffers())
    assert list(m.parameters()) == params
    out = m(ag.ones(2, 2, device="cuda"))
    assert out.is_cuda
    m.to("cpu", ag.float64)
    assert not m.enc.weight.is_cuda and m.enc.weight.dtype == ag.float64
