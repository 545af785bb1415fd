"""``check_op``: the whole battery of checks on one op, and the report it returns."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import backends
from autograd.dtypes import as_dtype, float32, float64
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.testing import checks, variants
from autograd.testing.checks import Check, Skipped
from autograd.testing.devices import available_devices
from autograd.testing.opinfo import OpInfo, Sample, host, make_args, output

__all__ = ["ALL_CHECKS", "CheckReport", "CheckResult", "check_op"]

ALL_CHECKS: tuple[Check, ...] = (
    checks.FORWARD, checks.TORCH_FORWARD, checks.TORCH_GRADIENT, checks.GRADCHECK,
    checks.GRADGRADCHECK, checks.BACKWARD_TWICE, checks.INPUTS_NOT_MODIFIED,
    checks.LOW_PRECISION, checks.DEVICES_AGREE, variants.NONCONTIGUOUS, variants.ZERO_SIZE,
    variants.INTEGER_INPUTS,
)


@dataclass
class CheckResult:
    """One run of one check: ``status`` is "passed", "failed" or "skipped"; ``detail`` the
    failure message or the reason for skipping."""

    check: str
    title: str
    sample: int
    where: str
    status: str
    detail: str = ""


@dataclass
class CheckReport:
    """What ``check_op`` found: one ``CheckResult`` per check, sample, device and dtype.
    ``print(report)`` shows a table of the checks, then every failure in full."""

    op: str
    samples: list[Sample]
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.status == "failed"]

    def table(self) -> str:
        """One row per check: its status, counts and, for a skip, why."""
        rows = [("check", "status", "runs", "note")]
        titles = list(dict.fromkeys(r.title for r in self.results))
        for title in titles:
            runs = [r for r in self.results if r.title == title]
            counts = {s: sum(r.status == s for r in runs) for s in ("passed", "failed", "skipped")}
            status = ("FAILED" if counts["failed"] else "passed" if counts["passed"]
                      else "skipped")
            note = ""
            if counts["failed"]:
                note = _summary(next(r for r in runs if r.status == "failed"))
            elif not counts["passed"]:
                note = "; ".join(dict.fromkeys(r.detail for r in runs))
            elif counts["skipped"]:
                note = f"skipped for some: {next(r.detail for r in runs if r.status == 'skipped')}"
            summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            rows.append((title, status, summary, _shorten(note, 80)))
        widths = [max(len(r[k]) for r in rows) for k in range(3)]
        return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}".rstrip()
                         for a, b, c, d in rows)

    def __str__(self) -> str:
        failed = self.failures
        head = (f"check_op({self.op}): {len(self.samples)} sample(s), "
                + (f"{len(failed)} failed check run(s)" if failed else "all checks passed"))
        parts = [head, self.table()]
        for r in failed:
            parts.append(f"--- {r.title} FAILED, sample {r.sample} {r.where}:\n{r.detail}")
        return "\n\n".join(parts)

    def raise_for_failures(self) -> None:
        """Raise one AssertionError listing every failed check (nothing when all passed)."""
        if self.failures:
            names = ", ".join(dict.fromkeys(r.title for r in self.failures))
            raise AssertionError(f"check_op({self.op}) failed: {names}\n\n{self}")


def _summary(result: CheckResult) -> str:
    """A failure in a few words: gradcheck's likely cause, else the message's first line
    without the op and sample it starts with."""
    for line in result.detail.splitlines():
        if line.startswith("Likely cause: "):
            return line.removeprefix("Likely cause: ")
    first = result.detail.splitlines()[0] if result.detail else ""
    head, sep, rest = first.partition(f" {result.where}: ")
    return rest if sep else first


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _as_sample(s: Any) -> Sample:
    """A Sample from what the user passed: a Sample, a tuple of arguments, or one argument."""
    if isinstance(s, Sample):
        return Sample(tuple(_as_arg(a) for a in s.args), dict(s.kwargs), s.name)
    args = s if isinstance(s, tuple) else (s,)
    return Sample(tuple(_as_arg(a) for a in args))


def _as_arg(a: Any) -> Any:
    if isinstance(a, TensorBase):
        a = host(a)
    if isinstance(a, np.ndarray) and a.dtype.kind in "fV":
        return a.astype(np.float64)  # the checks make every dtype from float64 values
    return a


def _torch_reference(name: str) -> Callable[..., Any]:
    path = name.removeprefix("torch.").split(".")

    def ref(torch: Any, *args: Any, **kwargs: Any) -> Any:
        fn = torch
        for part in path:
            fn = getattr(fn, part)
        return fn(*args, **kwargs)

    return ref


def _import_torch() -> Any:
    try:
        return importlib.import_module("torch")
    except ImportError:
        return None


def _output_problem(info: OpInfo, sample: Sample, device: str) -> str | None:
    """Why fn's output cannot be checked at all (not a Tensor; an integer output asked for a
    gradient), or None. An op that raises is left to the checks, which report it."""
    try:
        result = info.op(*make_args(sample, device), **sample.kwargs)
    except Exception:
        return None
    out = output(info, result)
    if not isinstance(out, TensorBase):
        return (f"fn returned {type(result).__name__}, not a Tensor or a tuple of Tensors "
                f"(sample {sample!r})")
    if info.differentiable and out.dtype.kind not in "fV":
        return (f"the output is {out.dtype}, which has no gradient, but gradients were asked "
                "for: pass order=0 to check an op without gradients")
    return None


def _runs(check: Check, devices: list[str], low: list[Any], torch: Any) -> list[tuple]:
    """(where, keyword arguments, reason to skip or None) for each run of a check."""
    if check.scope == "torch":
        reason = None if torch is not None else "PyTorch is not installed"
        return [("on cpu", {"torch": torch}, reason)]
    if check.scope == "devices":
        reason = None
        if len(devices) < 2:
            cuda = backends.cuda.why_unavailable()
            reason = f"only one device ({', '.join(devices)})" + (f"; cuda: {cuda}" if cuda
                                                                 else "")
        return [(f"on {', '.join(devices)}", {"devices": devices}, reason)]
    if check.scope == "dtype":
        if not low:
            return [("", {}, "no dtype below float64 in dtypes")]
        return [(f"on {d} in {np.dtype(t).name}", {"device": d, "dtype": t}, None)
                for d in devices for t in low]
    return [(f"on {d}", {"device": d}, None) for d in devices]


def check_op(
    fn: Callable[..., Any] | type[Function],
    *sample_inputs: Any,
    reference: Callable[..., Any] | str | None = None,
    devices: Sequence[str] | None = None,
    dtypes: Sequence[Any] | None = None,
    order: int = 2,
    name: str | None = None,
    atol: float = 1e-7,
    rtol: float = 1e-7,
    float32_atol: float = 1e-4,
    float32_rtol: float = 1e-3,
    gradcheck_atol: float = 1e-5,
    gradcheck_rtol: float = 1e-3,
    eps: float = 1e-6,
    fast_mode: bool | None = None,
    output_index: int | None = None,
    nondeterministic: bool = False,
    raise_exception: bool = True,
) -> CheckReport:
    """Check an op completely: every check of ``autograd.testing`` on every sample.

    Args:
        fn: the op: a function of Tensors, or an ``autograd.Function`` subclass (its
            ``apply`` is called).
        sample_inputs: the calls to check: each a ``Sample(args, kwargs)``, a tuple of
            positional arguments, or a single argument. Floating arrays and Tensors become
            float64 leaves that require grad (and float32 ones for the precision check),
            integer and bool ones constant tensors; anything else is passed as is.
        reference: a NumPy function of the same arguments (as float64 arrays), or the name
            of a PyTorch function (``"torch.sinh"``), used when PyTorch is importable.
        devices: where to run (default: ``available_devices()``, all usable devices).
        dtypes: the floating dtypes to run forward in (default float32 and float64); each
            one below float64 is compared with float64.
        order: 0 checks no gradient, 1 first derivatives, 2 also second ones.
        atol, rtol: forward against the reference; float32_atol/rtol: a float32 result
            against float64's (float16: at least 1e-2); gradcheck_atol/rtol, eps, fast_mode:
            gradcheck's (fast mode, one random direction, is picked for large Jacobians).
        output_index: for an op returning a tuple, the output to check.
        nondeterministic: a random op: no cross-device, cross-dtype or rerun comparisons.
        raise_exception: raise one AssertionError listing every failed check (else only
            return the report).

    Returns a ``CheckReport``; ``print(report)`` shows each check (passed, failed, skipped
    and why) and every failure message.
    """
    if not sample_inputs:
        raise ValueError("check_op needs at least one sample input: check_op(fn, x) or "
                         "check_op(fn, (x, y), Sample((x,), {'dim': 0}))")
    if order not in (0, 1, 2):
        raise ValueError(f"check_op: order must be 0, 1 or 2, got {order!r}")
    op = fn.apply if isinstance(fn, type) and issubclass(fn, Function) else fn
    label = name or getattr(fn, "__name__", None) or type(fn).__name__
    samples = [_as_sample(s) for s in sample_inputs]
    info = OpInfo(label, op, ref=None if isinstance(reference, str) else reference,
                  torch_ref=_torch_reference(reference) if isinstance(reference, str) else None,
                  differentiable=order >= 1, twice_differentiable=order >= 2,
                  output_index=output_index, atol=atol, rtol=rtol,
                  float32_atol=float32_atol, float32_rtol=float32_rtol,
                  gradcheck_atol=gradcheck_atol, gradcheck_rtol=gradcheck_rtol,
                  nondeterministic=nondeterministic, eps=eps, fast_mode=fast_mode)
    devices = list(available_devices() if devices is None else devices)
    wanted = [as_dtype(d) for d in ((float32, float64) if dtypes is None else dtypes)]
    low = [d for d in wanted if d != float64]
    torch = _import_torch() if info.torch_ref is not None else None
    report = CheckReport(label, samples)
    broken = {}
    for k, sample in enumerate(samples):
        problem = _output_problem(info, sample, devices[0] if devices else "cpu")
        report.results.append(CheckResult("output", "returns a Tensor", k, "",
                                          "failed" if problem else "passed", problem or ""))
        if problem:
            broken[k] = "fn's output cannot be checked (see 'returns a Tensor')"
    for check in ALL_CHECKS:
        for k, sample in enumerate(samples):
            reason = broken.get(k) or check.applies(info, sample)
            for where, kwargs, skip in _runs(check, devices, low, torch):
                result = CheckResult(check.name, check.title, k, where, "passed")
                if reason is not None or skip is not None:
                    result.status, result.detail = "skipped", reason or skip
                else:
                    try:
                        check.run(info, sample, **kwargs)
                        # a GPU reports a failed value check at the next host read: read
                        # it here, so that it is this check's failure and no later one's
                        for device in devices:
                            backends.device(device).backend.synchronize()
                    except Skipped as s:
                        result.status, result.detail = "skipped", str(s)
                    except Exception as e:  # an op that raises fails the check, with why
                        result.status = "failed"
                        result.detail = (str(e) if isinstance(e, AssertionError) else
                                         f"{label}{sample!r} {where}: {type(e).__name__}: {e}")
                report.results.append(result)
    if raise_exception:
        report.raise_for_failures()
    return report
