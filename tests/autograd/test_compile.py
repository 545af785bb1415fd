"""ag.compile: a captured step replays to the same parameters as the eager step, and a step
that cannot be replayed runs eagerly (with a warning naming why) rather than wrongly."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
from examples import char_lm, cnn_digits, digits

STEPS = 5  # one eager warm-up, one capture, then replays


def _params(model: nn.Module) -> list[np.ndarray]:
    return [p.detach().cpu().numpy().copy() for p in model.parameters()]


def _train(build, batches, compiled: bool, device: str, *, clip: float | None = None,
           sched: bool = False, adam: bool = True, loss_of=None) -> tuple:
    """Train a fresh model (fixed seed) on ``batches``; the losses, the final parameters and
    the compiled step (None when eager)."""
    ag.manual_seed(0)
    model = build().to(device)
    opt = (nn.optim.AdamW(model.parameters(), lr=1e-2) if adam else
           nn.optim.SGD(model.parameters(), lr=0.1, momentum=0.9))
    scheduler = nn.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5) if sched else None
    loss_of = loss_of or (lambda out, y: nn.functional.cross_entropy(out, y))

    def step(x, y):
        opt.zero_grad()
        loss = loss_of(model(x), y)
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        return loss

    run = ag.compile(step, fullgraph=True) if compiled else step
    ag.manual_seed(1)  # the same dropout masks in both runs
    losses = []
    for x, y in batches:
        x, y = ag.tensor(x, device=device), ag.tensor(y, device=device)
        losses.append(run(x, y).detach().cpu().numpy().copy())
        if scheduler is not None:
            scheduler.step()
    return losses, _params(model), run if compiled else None


def _assert_same(build, batches, device, **kw) -> None:
    eager_losses, eager_params, _ = _train(build, batches, False, device, **kw)
    losses, params, step = _train(build, batches, True, device, **kw)
    x, y = (ag.tensor(v, device=device) for v in batches[-1])
    assert step.replays(x, y), "the step was not replayed"
    for a, b in zip(eager_losses, losses):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(eager_params, params):
        np.testing.assert_array_equal(a, b)  # bitwise: the same kernels in the same order


def _classes(rng, shape, n, classes):
    return [(rng.standard_normal(shape).astype(np.float32),
             rng.integers(0, classes, shape[0]).astype(np.int64)) for _ in range(n)]


def test_mlp_matches_eager_bitwise(device):
    rng = np.random.default_rng(0)
    _assert_same(digits.build_model, _classes(rng, (16, 64), STEPS, 10), device, clip=0.5,
                 sched=True)


def test_mlp_with_dropout_and_momentum(device):
    def build():
        return nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 10))

    rng = np.random.default_rng(1)
    _assert_same(build, _classes(rng, (16, 64), STEPS, 10), device, adam=False, sched=True)


def test_cnn_matches_eager_bitwise(device):
    def build():
        net = cnn_digits.build_model(8, dropout=0.25)
        net.insert(1, nn.BatchNorm2d(32))  # running statistics, counted in place
        return net

    rng = np.random.default_rng(2)
    _assert_same(build, _classes(rng, (8, 1, 8, 8), STEPS, 10), device, clip=1.0)


def _tokens(rng, n, batch=4, steps=6, vocab=11):
    return [(rng.integers(0, vocab, (batch, steps)).astype(np.int64),
             rng.integers(0, vocab, (batch, steps)).astype(np.int64)) for _ in range(n)]


def _sequence_loss(out, y):
    logits = out[0]
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def test_lstm_matches_eager_bitwise(device):
    def build():
        return char_lm.CharLSTM(11, embed=8, hidden=16, layers=2)

    rng = np.random.default_rng(3)
    _assert_same(build, _tokens(rng, STEPS), device, clip=1.0, sched=True,
                 loss_of=_sequence_loss)


def test_transformer_matches_eager_bitwise(device):
    def build():
        return char_lm.CharGPT(11, d_model=16, heads=2, layers=2, context=6)

    rng = np.random.default_rng(4)
    _assert_same(build, _tokens(rng, STEPS), device, clip=1.0, sched=True,
                 loss_of=_sequence_loss)


def test_activation_checkpointing_replays(device):
    from nn.utils.checkpoint import checkpoint

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Dropout(0.2))
            self.head = nn.Linear(16, 4)

        def forward(self, x):
            return self.head(checkpoint(self.body, x, use_reentrant=False))

    rng = np.random.default_rng(5)
    _assert_same(Net, _classes(rng, (6, 8), STEPS, 4), device)


def test_mixed_precision_with_a_grad_scaler_replays(device):
    """autocast + GradScaler, from a scale so large that the first steps overflow: the
    skipped steps and the scale's backoff replay as they ran eagerly."""

    def run(compiled):
        ag.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).to(device)
        opt = nn.optim.SGD(model.parameters(), lr=0.1)
        scaler = ag.amp.GradScaler(device, init_scale=2.0 ** 24, growth_interval=2)

        def step(x, y):
            opt.zero_grad()
            with ag.autocast(device, dtype=ag.float16):
                loss = nn.functional.cross_entropy(model(x), y)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
            return loss

        run = ag.compile(step, fullgraph=True) if compiled else step
        rng = np.random.default_rng(6)
        scales = []
        for x, y in _classes(rng, (6, 8), 16, 4):
            run(ag.tensor(x, device=device), ag.tensor(y, device=device))
            scales.append(scaler.get_scale())
        return scales, _params(model)

    scales, params = run(False)
    assert scales[0] < 2.0 ** 24 and scales[-1] > min(scales)  # backed off, then grew
    replayed_scales, replayed_params = run(True)
    assert replayed_scales == scales
    for a, b in zip(params, replayed_params):
        np.testing.assert_array_equal(a, b)


def test_new_shapes_capture_again_and_results_follow_the_inputs(device):
    w = ag.randn(3, 4, device=device, requires_grad=True)

    def f(x):
        w.grad = None
        y = (x @ w).tanh().sum()
        y.backward()
        return y

    step = ag.compile(f)
    for n in (2, 2, 2, 5, 5, 5, 2):
        x = ag.randn(n, 3, device=device)
        got = step(x)
        got_grad = w.grad.cpu().numpy().copy()
        want = f(x)
        np.testing.assert_array_equal(got.detach().cpu().numpy(), want.detach().cpu().numpy())
        np.testing.assert_array_equal(got_grad, w.grad.cpu().numpy())
    assert step.replays(ag.randn(2, 3, device=device))
    assert step.replays(ag.randn(5, 3, device=device))
    assert not step.replays(ag.randn(7, 3, device=device))


@pytest.mark.parametrize("arch", ["mlp-dropout", "cnn-batchnorm", "lstm", "transformer"])
def test_a_compiled_model_trains_like_the_eager_one(arch, device):
    """Only the forward compiled (the loss, backward and optimizer outside, PyTorch's
    model = torch.compile(model)): a replay's outputs carry a graph whose backward is the
    recorded one, and training is bitwise the same."""
    builds = {
        "mlp-dropout": (lambda: nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.2),
                                              nn.Linear(16, 4)), (6, 8), 4),
        "cnn-batchnorm": (lambda: nn.Sequential(nn.Conv2d(1, 4, 3, padding=1),
                                                nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                                                nn.Flatten(), nn.Linear(64, 3)), (5, 1, 8, 8), 3),
        "lstm": (lambda: _LastStep(nn.LSTM(4, 8, batch_first=True), 8, 3), (5, 6, 4), 3),
        "transformer": (lambda: _LastStep(nn.TransformerEncoderLayer(
            8, 2, 16, dropout=0.1, batch_first=True), 8, 3), (5, 6, 8), 3),
    }
    build, shape, classes = builds[arch]

    def run(compiled):
        ag.manual_seed(0)
        net = build().to(device)
        model = ag.compile(net, fullgraph=True) if compiled else net
        opt = nn.optim.Adam(model.parameters(), lr=1e-2)
        ag.manual_seed(1)
        rng = np.random.default_rng(7)
        losses = []
        for x, y in _classes(rng, shape, STEPS, classes):
            x, y = ag.tensor(x, device=device), ag.tensor(y, device=device)
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.detach().cpu().numpy())
        if compiled:
            assert model.replays(x) and model.training
        return losses, _params(net)

    eager, compiled = run(False), run(True)
    for a, b in zip(eager[0] + eager[1], compiled[0] + compiled[1]):
        np.testing.assert_array_equal(a, b)


class _LastStep(nn.Module):
    """A sequence model's output at the last step, through a linear read-out."""

    def __init__(self, body, width, classes):
        super().__init__()
        self.body = body
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        out = self.body(x)
        out = out[0] if isinstance(out, tuple) else out
        return self.head(out[:, -1])


def test_a_replayed_forward_meets_hooks_and_second_backwards_like_eager(device):
    model = nn.Linear(3, 2).to(device)
    run = ag.compile(model)
    x = ag.randn(4, 3, device=device, requires_grad=True)
    for _ in range(3):
        out = run(x)
    assert run.replays(x) and out.requires_grad and out.grad_fn is not None
    seen = []
    model.weight.register_hook(lambda g: seen.append(g.shape))
    out.sum().backward(retain_graph=True)
    assert seen == [(2, 3)] and x.grad is not None
    out.sum().backward()  # retained: a second backward works
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.sum().backward()
    with pytest.raises(RuntimeError, match="differentiate twice"):
        (g,) = ag.grad(run(x).sum(), x, create_graph=True)
        ag.grad(g.sum(), x)


def test_a_compiled_submodule_hands_gradients_on_to_its_inputs_history(device):
    """A compiled block whose input has a history (the output of an eager layer): the
    replayed backward gives that input its gradient and the engine carries it on."""
    ag.manual_seed(0)
    first, second = nn.Linear(3, 3).to(device), nn.Linear(3, 2).to(device)
    block = ag.compile(second, fullgraph=True)
    params = list(first.parameters()) + list(second.parameters())

    def grads(run, x):
        for p in params:
            p.grad = None
        run(first(x).tanh()).pow(2).sum().backward()
        return [p.grad.cpu().numpy() for p in params]

    for _ in range(4):
        x = ag.randn(4, 3, device=device)
        for a, b in zip(grads(second, x), grads(block, x)):
            np.testing.assert_array_equal(a, b)
    assert block.replays(first(x).tanh())


def test_forward_only_under_no_grad_replays(device):
    model = digits.build_model().to(device)
    run = ag.compile(model)
    x = ag.randn(4, 64, device=device)
    with ag.no_grad():
        for _ in range(3):
            out = run(x)
        assert run.replays(x)
        np.testing.assert_array_equal(out.cpu().numpy(), model(x).cpu().numpy())


def test_train_and_eval_switch_recaptures(device):
    model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5)).to(device)
    run = ag.compile(model)
    x = ag.ones(2, 4, device=device)
    with ag.no_grad():
        for _ in range(3):
            run(x)
        model.eval()
        for _ in range(3):
            out = run(x)  # without the recapture, dropout would still zero half of it
        np.testing.assert_array_equal(out.cpu().numpy(), model(x).cpu().numpy())


def test_random_ops_draw_fresh_numbers_at_each_replay(device):
    step = ag.compile(lambda x: x + ag.randn(3, device=device))
    x = ag.zeros(3, device=device)
    draws = [step(x).cpu().numpy() for _ in range(5)]
    assert len({d.tobytes() for d in draws}) == 5
    ag.manual_seed(7)
    again = [step(x).cpu().numpy() for _ in range(2)]
    ag.manual_seed(7)
    eager = [(x + ag.randn(3, device=device)).cpu().numpy() for _ in range(2)]
    np.testing.assert_array_equal(again, eager)


def test_mode_eager_never_captures(device):
    step = ag.compile(lambda x: x * 2, mode="eager")
    x = ag.ones(2, device=device)
    for _ in range(3):
        step(x)
    assert not step.replays(x)


@pytest.mark.parametrize("case", ["item", "hook", "create_graph", "array", "old_graph"])
def test_steps_a_replay_cannot_follow_run_eagerly_with_a_warning(device, case):
    w = ag.randn(3, device=device, requires_grad=True)
    kept = (w * 2).sum()

    def f(x):
        w.grad = None
        y = (x * w).sum()
        if case == "item":
            if y.item() > 0:  # a branch on a value: frozen by a replay, so not replayed
                y = y * 2
        elif case == "hook":
            y.register_hook(lambda g: g * 2)
        elif case == "create_graph":
            (g,) = ag.grad(y, w, create_graph=True)
            return g.detach()
        elif case == "array":
            y.array
        elif case == "old_graph":
            y = y + kept
            y.backward(retain_graph=True)
            return y.detach()
        y.backward()
        return y.detach()

    step = ag.compile(f)
    x = ag.ones(3, device=device)
    step(x)
    with pytest.warns(RuntimeWarning, match="cannot be replayed"):
        step(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            before = w.detach().clone()
            got = step(x)
            want = f(x)
            assert ag.equal(got.detach(), want.detach())
            assert ag.equal(before, w.detach())
    assert not step.replays(x)


def test_fullgraph_raises_naming_the_reason(device):
    def f(x):
        return ag.tensor(float((x * 2).sum().item()), device=device)

    step = ag.compile(f, fullgraph=True)
    x = ag.ones(2, device=device)
    step(x)
    with pytest.raises(RuntimeError, match=r"compile: .*item\(\)"):
        step(x)


def test_disabled_function_runs_at_every_replay(device):
    calls = []

    @ag.compiler.disable
    def log(t):
        calls.append(t.cpu().numpy().copy())
        assert not ag.compiler.is_compiling()

    def f(x):
        y = x * 3
        log(y)
        return y

    step = ag.compile(f)
    for k in range(4):
        step(ag.full((2,), float(k), device=device))
    assert step.replays(ag.ones(2, device=device))
    np.testing.assert_array_equal(np.stack(calls), [[0, 0], [3, 3], [6, 6], [9, 9]])


def test_unknown_mode_and_non_callable_are_refused():
    with pytest.raises(RuntimeError, match="unknown mode"):
        ag.compile(lambda: None, mode="fast")
    with pytest.raises(TypeError, match="expected a callable"):
        ag.compile(3)


def test_compile_is_a_decorator_with_and_without_arguments():
    @ag.compile
    def f(x):
        return x + 1

    @ag.compile(mode="eager")
    def g(x):
        return x + 1

    assert f(ag.ones(1)).item() == 2 and g(ag.ones(1)).item() == 2
    assert f.__name__ == "f"


def test_signatures_beyond_the_cache_limit_run_eagerly(monkeypatch):
    monkeypatch.setattr(ag.compiler, "CACHE_LIMIT", 2)
    step = ag.compile(lambda x: (x * 2).sum())
    for n in (1, 2):
        for _ in range(3):
            step(ag.ones(n))
        assert step.replays(ag.ones(n))
    with pytest.warns(RuntimeWarning, match="CACHE_LIMIT"):
        assert step(ag.ones(3)).item() == 6
    for _ in range(3):
        assert step(ag.ones(3)).item() == 6
    assert not step.replays(ag.ones(3)) and step.replays(ag.ones(1))
    ag.compiler.reset()  # a reset forgets the recordings, and the refusals with them
    for _ in range(3):
        step(ag.ones(3))
    assert step.replays(ag.ones(3))


def test_disabled_calls_see_the_replays_tensors_inside_containers():
    from collections import namedtuple

    Pair = namedtuple("Pair", "a b")
    seen = []

    @ag.compiler.disable
    def log(pair, more):
        seen.append((pair.a.item(), pair.b.item(), more["c"][0].item()))

    def f(x):
        y = x * 2
        log(Pair(y.sum(), x.sum()), {"c": [y.max()]})
        return y

    step = ag.compile(f, fullgraph=True)
    for k in range(4):
        step(ag.full((2,), float(k)))
    assert step.replays(ag.ones(2))
    assert seen == [(0, 0, 0), (4, 2, 2), (8, 4, 4), (12, 6, 6)]


def test_a_compiled_model_leaves_post_accumulate_hooks_to_the_engine(device):
    """Post-accumulate-grad hooks (DistributedDataParallel's) run when the engine writes .grad
    after a replayed forward's backward, as after an eager one."""
    model = nn.Linear(3, 2).to(device)
    calls = []
    handles = [p.register_post_accumulate_grad_hook(lambda p: calls.append(p.shape))
               for p in model.parameters()]
    run = ag.compile(model, fullgraph=True)
    x = ag.randn(4, 3, device=device)
    for _ in range(3):
        run(x).sum().backward()
    assert run.replays(x)
    assert calls == [(2, 3), (2,)] * 3  # the order of the eager backward
    for h in handles:
        h.remove()
