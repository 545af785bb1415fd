"""Multi-tensor optimizer steps: the small parameters of a group updated together on NumPy.

A NumPy ufunc call costs about a microsecond whatever the size of its arrays, so an optimizer
that runs a dozen elementwise kernels per parameter spends most of a small model's step in
call overhead (a 64-128-10 MLP under Adam: four parameters, about fifty calls). PyTorch's
``foreach`` implementations cut the calls with multi-tensor kernels on the GPU; on NumPy the
same effect comes from keeping the state of the small parameters of a group in one flat buffer
per state entry (the state tensors stay separate tensors, each a view into its buffer) and
gathering their gradients into one array per step: the update is then a dozen calls for all
of them, plus one per parameter to apply it. Every kernel is elementwise and computes the same
formula in the same order, so the result is bitwise that of the per-parameter loop.

Adam, AdamW and SGD with momentum take this path. ``foreach=False`` keeps the per-parameter
loop; ``foreach=None`` (the default) and ``True`` use this path for parameters of at most
``FLAT_NUMEL`` elements on a backend without fused kernels. On CuPy the same switch selects
the multi-tensor kernels instead (``Backend.multi_tensor``: one launch updates every
parameter of a dtype, reading a table of their addresses; ``kernel_ready`` says which can
take it), and ``foreach=False`` one fused kernel per parameter.
"""

from __future__ import annotations

from typing import Any

from nn.optim.optimizer import _nd, _state_tensor

FLAT_NUMEL = 1 << 16  # parameters at most this big are updated together


class FlatState:
    """The flat state of one set of parameters: ``buffers[key]`` holds ``state[p][key]`` of
    every parameter ``params[i]`` at ``slices[i]`` (its tensor's array is that view)."""

    __slots__ = ("params", "keys", "buffers", "tensors", "slices")

    def __init__(self, params: list, keys: tuple[str, ...], buffers: dict, tensors: dict,
                 slices: list) -> None:
        self.params = params
        self.keys = keys
        self.buffers = buffers
        self.tensors = tensors
        self.slices = slices

    def intact(self, state: Any) -> bool:
        """Whether the set still holds: every state tensor is still the view made here
        (``load_state_dict``, an assignment into the state or to a state tensor's ``.data``
        replaces it), every parameter has the size and dtype it had, and all are at one step."""
        dtype = self.buffers[self.keys[0]].dtype
        count = None
        for p, (lo, hi) in zip(self.params, self.slices):
            x = p.array
            if x.size != hi - lo or x.dtype != dtype:
                return False
            step = state[p].get("step")
            if step is not None:
                value = step.array.item()
                if count is None:
                    count = value
                elif value != count:
                    return False
        for key in self.keys:
            buffer = self.buffers[key]
            for p, t in zip(self.params, self.tensors[key]):
                if state[p].get(key) is not t or t.array.base is not buffer:
                    return False
        return True

    def gather(self, xp: Any, arrays: list) -> Any:
        """One flat array of ``arrays`` (one per parameter, in order)."""
        return xp.concatenate([a.reshape(-1) for a in arrays])

    def scatter(self, ufunc: Any, update: Any) -> None:
        """``p = ufunc(p, update[its slice])`` in place for every parameter (``xp.add``,
        ``xp.subtract``)."""
        for p, (lo, hi) in zip(self.params, self.slices):
            x = _nd(p.array)
            ufunc(x, update[lo:hi].reshape(x.shape), out=x)


def kernel_ready(xp: Any, p: Any, arrays: tuple) -> bool:
    """Whether a multi-tensor kernel of backend ``xp`` (``Backend.multi_tensor``) can update
    parameter ``p`` with ``arrays`` (its values, gradient and state): all C-contiguous, of
    one dtype the kernels are written for, on ``xp``'s device."""
    if p.device.backend is not xp:
        return False
    dtype = arrays[0].dtype
    if dtype not in xp.multi_tensor_dtypes:
        return False
    for a in arrays:
        if a.dtype != dtype or not a.flags.c_contiguous:
            return False
    return True


def take_flat(optimizer: Any, params: list, keys: tuple[str, ...], init: Any
              ) -> tuple[list[FlatState], list]:
    """Split ``params`` (parameters with gradients, of one group on one device) into flat sets
    of small ones (of one dtype, at one step count: the state of each set lives in flat
    buffers) and the rest, which the optimizer updates one by one. ``init(p, state)`` makes
    the state of a parameter that has none (the step count and ``keys``)."""
    state = optimizer.state
    # the plan of the last steps with these parameters, while it holds (the usual case)
    cache = optimizer.__dict__.setdefault("_flat_plans", {})
    whole = tuple(map(id, params))
    plan = cache.get(whole)
    if plan is not None and all(flat.intact(state) for flat in plan[0]):
        return plan
    plan, final = _plan(state, params, keys, init)
    if final:
        if len(cache) > 8:  # the sets seen lately (which parameters step can change)
            cache.clear()
        cache[whole] = plan
    return plan


def _plan(state: Any, params: list, keys: tuple[str, ...], init: Any
          ) -> tuple[tuple[list[FlatState], list], bool]:
    """take_flat's split, made anew (the state of each flat set moved into new buffers), and
    whether it can stand for the next steps (not when a small parameter still lacks its state,
    as SGD's momentum buffers before the first step)."""
    sets: dict = {}
    rest = []
    for p in params:
        x = p.array
        if x.size <= FLAT_NUMEL and x.flags.c_contiguous:
            st = state[p]
            if not st:
                init(p, st)
            step = st.get("step")  # a 0-d tensor (SGD has none)
            sets.setdefault((x.dtype, None if step is None else step.array.item()),
                            []).append(p)
        else:
            rest.append(p)
    flats = []
    final = True
    for small in sets.values():
        if any(k not in state[p] for p in small for k in keys):
            final = False
            rest += small
        elif len(small) < 2:
            rest += small
        else:
            flats.append(_build(state, small, keys))
    return (flats, rest), final


def _build(state: Any, params: list, keys: tuple[str, ...]) -> FlatState:
    """Move the state of ``params`` into flat buffers: values kept, and tensors kept (their
    arrays become views into the buffers)."""
    xp = params[0].device.backend
    arrays = [p.array for p in params]
    slices = []
    offset = 0
    for x in arrays:
        slices.append((offset, offset + x.size))
        offset += x.size
    buffers = {}
    tensors = {}
    for key in keys:
        olds = [state[p][key] for p in params]
        buf = xp.concatenate([t.array.reshape(-1) for t in olds]).astype(arrays[0].dtype,
                                                                         copy=False)
        for t, p, x, (lo, hi) in zip(olds, params, arrays, slices):
            t.data = _state_tensor(buf[lo:hi].reshape(x.shape), p)
        buffers[key] = buf
        tensors[key] = olds
    return FlatState(list(params), keys, buffers, tensors, slices)
