"""The Bessel and Airy functions of ``torch.special`` that PyTorch does not differentiate:
``airy_ai``, ``bessel_j0``/``j1``/``y0``/``y1``, ``modified_bessel_i0``/``i1``/``k0``/``k1``,
``scaled_modified_bessel_k0``/``k1`` and ``spherical_bessel_j0``.

Each is Cephes' approximation as PyTorch evaluates it (the same rational functions and
Chebyshev series, in the same order of operations, in the input's precision), on the backend
namespace, so it runs alike on NumPy and CuPy. Integer and bool inputs are computed in the
default float dtype; float16, bfloat16 and complex inputs are refused, as PyTorch's kernels
are float32 and float64 only. Results never require grad (PyTorch records no derivative for
them): ``backward`` through one fails as through any tensor that does not require grad.
The orthogonal polynomials, built on the same machinery, are in ``polynomials``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import dtype_name
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.numeric import _I1_A, _I1_B, _chebyshev
from autograd.ops.elementwise.special import _I0_A, _I0_B

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__: list[str] = []


def quiet(xp: Any) -> Any:
    """NumPy's errstate silencing the overflow and invalid operations of the branches that
    ``where`` discards (CuPy warns of none)."""
    errstate = getattr(xp, "errstate", None)
    return contextlib.nullcontext() if errstate is None else errstate(all="ignore")


class NoGradFunction(Function):
    """An elementwise op without a derivative: its result never requires grad."""

    compute: Callable = None  # forward(xp, *arrays)

    @classmethod
    def forward(cls, ctx, *arrays):
        xp = ctx.xp
        with quiet(xp):
            y = xp.asarray(cls.compute(xp, *arrays))
        ctx.mark_non_differentiable(y)
        return y

    @classmethod
    def backward(cls, ctx, *grads):  # never reached: the result requires no grad
        raise RuntimeError(f"the derivative for '{cls.__name__}' is not implemented.")


def floating(name: str, t: Any) -> Any:
    """``t`` in a dtype PyTorch's kernel takes: integers and bool lifted to the default float
    dtype, float32 and float64 as they are, the others refused (NotImplementedError)."""
    kind = t._data.dtype.kind
    if kind in "biu":
        return to(t, _dt.get_default_dtype())
    if kind == "V" or kind == "c" or t._data.dtype.itemsize < 4:
        raise NotImplementedError(f'"{name}" not implemented for \'{dtype_name(t.dtype)}\' '
                                  f"(input of shape {list(t.shape)}); it needs float32 or "
                                  "float64")
    return t


def _unary(name: str, compute: Callable, doc: str) -> Callable[..., Tensor]:
    cls = type("".join(p.title() for p in name.split("_")), (NoGradFunction,),
               {"compute": staticmethod(compute), "__module__": __name__})

    def op(input: Tensor) -> Tensor:
        if not isinstance(input, TensorBase):
            raise TypeError(f"special_{name}(): argument 'input' (position 1) must be Tensor, "
                            f"not {type(input).__name__}")
        return cls.apply(floating(name, input))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    op.function = cls
    __all__.append(name)
    return op


def _polevl(t: Any, coefficients: tuple) -> Any:
    """Horner's rule for c[0] t^(k-1) + ... + c[k-1], as Cephes' polevl."""
    p = t * 0 + coefficients[0]
    for c in coefficients[1:]:
        p = p * t + c
    return p


def _eps(x: Any) -> float:
    return 1.1920928955078125e-07 if x.dtype.itemsize == 4 else 2.220446049250313e-16

_AI_AN = (3.46538101525629032477e-01, 1.20075952739645805542e+01, 7.62796053615234516538e+01,
    1.68089224934630576269e+02, 1.59756391350164413639e+02, 7.05360906840444183113e+01,
    1.40264691163389668864e+01, 9.99999999999999995305e-01)
_AI_AD = (5.67594532638770212846e-01, 1.47562562584847203173e+01, 8.45138970141474626562e+01,
    1.77318088145400459522e+02, 1.64234692871529701831e+02, 7.14778400825575695274e+01,
    1.40959135607834029598e+01, 1.00000000000000000470e+00)
_AI_AFN = (-1.31696323418331795333e-01, -6.26456544431912369773e-01, -6.93158036036933542233e-01,
    -2.79779981545119124951e-01, -4.91900132609500318020e-02, -4.06265923594885404393e-03,
    -1.59276496239262096340e-04, -2.77649108155232920844e-06, -1.67787698489114633780e-08)
_AI_AFD = (1.33560420706553243746e+01, 3.26825032795224613948e+01, 2.67367040941499554804e+01,
    9.18707402907259625840e+00, 1.47529146771666414581e+00, 1.15687173795188044134e-01,
    4.40291641615211203805e-03, 7.54720348287414296618e-05, 4.51850092970580378464e-07)
_AI_AGN = (1.97339932091685679179e-02, 3.91103029615688277255e-01, 1.06579897599595591108e+00,
    9.39169229816650230044e-01, 3.51465656105547619242e-01, 6.33888919628925490927e-02,
    5.85804113048388458567e-03, 2.82851600836737019778e-04, 6.98793669997260967291e-06,
    8.11789239554389293311e-08, 3.41551784765923618484e-10)
_AI_AGD = (9.30892908077441974853e+00, 1.98352928718312140417e+01, 1.55646628932864612953e+01,
    5.47686069422975497931e+00, 9.54293611618961883998e-01, 8.64580826352392193095e-02,
    4.12656523824222607191e-03, 1.01259085116509135510e-04, 1.17166733214413521882e-06,
    4.91834570062930015649e-09)
_J0_PP = (7.96936729297347051624e-04, 8.28352392107440799803e-02, 1.23953371646414299388e+00,
    5.44725003058768775090e+00, 8.74716500199817011941e+00, 5.30324038235394892183e+00,
    9.99999999999999997821e-01)
_J0_PQ = (9.24408810558863637013e-04, 8.56288474354474431428e-02, 1.25352743901058953537e+00,
    5.47097740330417105182e+00, 8.76190883237069594232e+00, 5.30605288235394617618e+00,
    1.00000000000000000218e+00)
_J0_QP = (-1.13663838898469149931e-02, -1.28252718670509318512e+00, -1.95539544257735972385e+01,
    -9.32060152123768231369e+01, -1.77681167980488050595e+02, -1.47077505154951170175e+02,
    -5.14105326766599330220e+01, -6.05014350600728481186e+00)
_J0_QQ = (6.43178256118178023184e+01, 8.56430025976980587198e+02, 3.88240183605401609683e+03,
    7.24046774195652478189e+03, 5.93072701187316984827e+03, 2.06209331660327847417e+03,
    2.42005740240291393179e+02)
_J0_RP = (-4.79443220978201773821e+09, 1.95617491946556577543e+12, -2.49248344360967716204e+14,
    9.70862251047306323952e+15)
_J0_RQ = (4.99563147152651017219e+02, 1.73785401676374683123e+05, 4.84409658339962045305e+07,
    1.11855537045356834862e+10, 2.11277520115489217587e+12, 3.10518229857422583814e+14,
    3.18121955943204943306e+16, 1.71086294081043136091e+18)
_J1_PP = (7.62125616208173112003e-04, 7.31397056940917570436e-02, 1.12719608129684925192e+00,
    5.11207951146807644818e+00, 8.42404590141772420927e+00, 5.21451598682361504063e+00,
    1.00000000000000000254e+00)
_J1_PQ = (5.71323128072548699714e-04, 6.88455908754495404082e-02, 1.10514232634061696926e+00,
    5.07386386128601488557e+00, 8.39985554327604159757e+00, 5.20982848682361821619e+00,
    9.99999999999999997461e-01)
_J1_QP = (5.10862594750176621635e-02, 4.98213872951233449420e+00, 7.58238284132545283818e+01,
    3.66779609360150777800e+02, 7.10856304998926107277e+02, 5.97489612400613639965e+02,
    2.11688757100572135698e+02, 2.52070205858023719784e+01)
_J1_QQ = (7.42373277035675149943e+01, 1.05644886038262816351e+03, 4.98641058337653607651e+03,
    9.56231892404756170795e+03, 7.99704160447350683650e+03, 2.82619278517639096600e+03,
    3.36093607810698293419e+02)
_J1_RP = (-8.99971225705559398224e+08, 4.52228297998194034323e+11, -7.27494245221818276015e+13,
    3.68295732863852883286e+15)
_J1_RQ = (6.20836478118054335476e+02, 2.56987256757748830383e+05, 8.35146791431949253037e+07,
    2.21511595479792499675e+10, 4.74914122079991414898e+12, 7.84369607876235854894e+14,
    8.95222336184627338078e+16, 5.32278620332680085395e+18)
_Y0_YP = (1.55924367855235737965e+04, -1.46639295903971606143e+07, 5.43526477051876500413e+09,
    -9.82136065717911466409e+11, 8.75906394395366999549e+13, -3.46628303384729719441e+15,
    4.42733268572569800351e+16, -1.84950800436986690637e+16)
_Y0_YQ = (1.04128353664259848412e+03, 6.26107330137134956842e+05, 2.68919633393814121987e+08,
    8.64002487103935000337e+10, 2.02979612750105546709e+13, 3.17157752842975028269e+15,
    2.50596256172653059228e+17)
_Y1_YP = (1.26320474790178026440e+09, -6.47355876379160291031e+11, 1.14509511541823727583e+14,
    -8.12770255501325109621e+15, 2.02439475713594898196e+17, -7.78877196265950026825e+17)
_Y1_YQ = (5.94301592346128195359e+02, 2.35564092943068577943e+05, 7.34811944459721705660e+07,
    1.87601316108706159478e+10, 3.88231277496238566008e+12, 6.20557727146953693363e+14,
    6.87141087355300489866e+16, 3.97270608116560655612e+18)
_K0_A = (1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11,
    1.90451637722020886025e-09, 2.53479107902614945675e-07, 2.28621210311945178607e-05,
    1.26461541144692592338e-03, 3.59799365153615016266e-02, 3.44289899924628486886e-01,
    -5.35327393233902768720e-01)
_K0_B = (5.30043377268626276149e-18, -1.64758043015242134646e-17, 5.21039150503902756861e-17,
    -1.67823109680541210385e-16, 5.51205597852431940784e-16, -1.84859337734377901440e-15,
    6.34007647740507060557e-15, -2.22751332699166985548e-14, 8.03289077536357521100e-14,
    -2.98009692317273043925e-13, 1.14034058820847496303e-12, -4.51459788337394416547e-12,
    1.85594911495471785253e-11, -7.95748924447710747776e-11, 3.57739728140030116597e-10,
    -1.69753450938905987466e-09, 8.57403401741422608519e-09, -4.66048989768794782956e-08,
    2.76681363944501510342e-07, -1.83175552271911948767e-06, 1.39498137188764993662e-05,
    -1.28495495816278026384e-04, 1.56988388573005337491e-03, -3.14481013119645005427e-02,
    2.44030308206595545468e+00)
_K1_A = (-7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13,
    -1.41148839263352776110e-10, -2.21338763073472585583e-08, -2.43340614156596823496e-06,
    -1.73028895751305206302e-04, -6.97572385963986435018e-03, -1.22611180822657148235e-01,
    -3.53155960776544875667e-01, 1.52530022733894777053e+00)
_K1_B = (-5.75674448366501715755e-18, 1.79405087314755922667e-17, -5.68946255844285935196e-17,
    1.83809354436663880070e-16, -6.05704724837331885336e-16, 2.03870316562433424052e-15,
    -7.01983709041831346144e-15, 2.47715442448130437068e-14, -8.97670518232499435011e-14,
    3.34841966607842919884e-13, -1.28917396095102890680e-12, 5.13963967348173025100e-12,
    -2.12996783842756842877e-11, 9.21831518760500529508e-11, -4.19035475934189648750e-10,
    2.01504975519703286596e-09, -1.03457624656780970260e-08, 5.74108412545004946722e-08,
    -3.50196060308781257119e-07, 2.40648494783721712015e-06, -1.93619797416608296024e-05,
    1.95215518471351631108e-04, -2.85781685962277938680e-03, 1.03923736576817238437e-01,
    2.72062619048444266945e+00)

_PI = 3.141592653589793
_PI_4 = 0.785398163397448309615660845819875721
_3PI_4 = 2.356194490192344928846982537459627163
_SQRT_2_PI = 0.797884560802865355879892119868763737
_2_PI = 0.636619772367581343075535053490057448
_INV_SQRT_PI = 5.64189583547756286948e-01


def _airy_ai(xp: Any, x: Any) -> Any:
    # below -2.09: the oscillating asymptotic expansion (in x clamped into its range, so that
    # the discarded values raise nothing)
    xn = xp.where(x < -2.09, x, -2.09)
    zeta = -2.0 * xn * xp.sqrt(-xn) / 3.0
    z = 1.0 / zeta
    zz = z * z
    t = -2.0 * xn * xp.sqrt(-xn) / 3.0 + 0.25 * _PI
    left = _INV_SQRT_PI / xp.sqrt(xp.sqrt(-xn)) * (
        xp.sin(t) * (1.0 + z * z * _polevl(zz, _AI_AFN) / _polevl(zz, _AI_AFD))
        - xp.cos(t) * (z * _polevl(zz, _AI_AGN) / _polevl(zz, _AI_AGD)))
    # from 2.09: the decaying expansion in 1 / zeta
    xr = xp.where(x >= 2.09, x, 2.09)
    zeta = 2.0 * xr * xp.sqrt(xr) / 3.0
    w = 1.0 / zeta
    right = _INV_SQRT_PI * (_polevl(w, _AI_AN) / _polevl(w, _AI_AD)) / (
        2.0 * xp.sqrt(xp.sqrt(xr)) * xp.exp(zeta))
    # in between: the Maclaurin series, summed until its term is below the epsilon
    xm = xp.where((x >= -2.09) & (x < 2.09), x, 0.0)
    eps = _eps(x)
    f, g, m, n = xm * 0 + 1.0, xm, xm * 0 + 1.0, xm
    z = xm * xm * xm
    k = 1.0
    active = xp.ones(xm.shape, dtype=bool)
    for _ in range(200):
        m2 = m * z
        k += 1.0
        m2 = m2 / k
        n2 = n * z
        k += 1.0
        n2 = n2 / k
        m2 = m2 / k
        f2 = f + m2
        k += 1.0
        n2 = n2 / k
        g2 = g + n2
        m, n = xp.where(active, m2, m), xp.where(active, n2, n)
        f, g = xp.where(active, f2, f), xp.where(active, g2, g)
        active = active & (xp.abs(m / f) > eps)
        if not active.any():
            break
    middle = 0.355028053887817239260 * f - 0.258819403792806798405 * g
    out = xp.where(x < -2.09, left, xp.where(x >= 2.09, right, middle))
    out = xp.where(x > 103.892, 0.0, out)
    return xp.where(xp.isinf(x), xp.nan, xp.where(xp.isnan(x), x, out)).astype(x.dtype)


airy_ai = _unary("airy_ai", _airy_ai, "The Airy function Ai(input) (NaN at +-inf).")


def _j0(xp: Any, x: Any) -> Any:
    x = xp.abs(x)
    xs = xp.where(x <= 5.0, x, 1.0)
    s = xs * xs
    small = (s - 5.78318596294678452118e+00) * (s - 3.04712623436620863991e+01) * _polevl(
        s, _J0_RP) / _polevl(s, _J0_RQ)
    small = xp.where(xs < 0.00001, 1.0 - xs * xs / 4.0, small)
    xl = xp.where(x <= 5.0, 5.0, x)
    w = 25.0 / (xl * xl)
    large = (_polevl(w, _J0_PP) / _polevl(w, _J0_PQ) * xp.cos(xl - _PI_4)
             - 5.0 / xl * (_polevl(w, _J0_QP) / _polevl(w, _J0_QQ)) * xp.sin(xl - _PI_4)
             ) * _SQRT_2_PI / xp.sqrt(xl)
    return xp.where(x <= 5.0, small, large).astype(x.dtype)


bessel_j0 = _unary("bessel_j0", _j0, "The Bessel function of the first kind of order zero.")


def _j1(xp: Any, x: Any) -> Any:
    sign = xp.where(x < 0.0, -1.0, 1.0).astype(x.dtype)
    x = xp.where(x < 0.0, -x, x)
    xs = xp.where(x <= 5.0, x, 1.0)
    s = xs * xs
    small = _polevl(s, _J1_RP) / _polevl(s, _J1_RQ) * xs * (s - 1.46819706421238932572e+01) * (
        s - 4.92184563216946036703e+01)
    xl = xp.where(x <= 5.0, 5.0, x)
    w = 5.0 / xl * (5.0 / xl)
    large = (_polevl(w, _J1_PP) / _polevl(w, _J1_PQ) * xp.cos(xl - _3PI_4)
             - 5.0 / xl * (_polevl(w, _J1_QP) / _polevl(w, _J1_QQ)) * xp.sin(xl - _3PI_4)
             ) * _SQRT_2_PI / xp.sqrt(xl)
    return (sign * xp.where(x <= 5.0, small, large)).astype(x.dtype)


bessel_j1 = _unary("bessel_j1", _j1, "The Bessel function of the first kind of order one.")


def _y0(xp: Any, x: Any) -> Any:
    xs = xp.where((x <= 5.0) & (x > 0.0), x, 1.0)
    s = xs * xs
    small = _polevl(s, _Y0_YP) / _polevl(s, _Y0_YQ) + _2_PI * xp.log(xs) * _j0(xp, xs)
    small = xp.where(x == 0.0, -xp.inf, xp.where(x < 0.0, xp.nan, small))
    xl = xp.where(x <= 5.0, 5.0, x)
    w = 25.0 / (xl * xl)
    large = (_polevl(w, _J0_PP) / _polevl(w, _J0_PQ) * xp.sin(xl - _PI_4)
             + 5.0 / xl * (_polevl(w, _J0_QP) / _polevl(w, _J0_QQ)) * xp.cos(xl - _PI_4)
             ) * _SQRT_2_PI / xp.sqrt(xl)
    return xp.where(x <= 5.0, small, large).astype(x.dtype)


bessel_y0 = _unary("bessel_y0", _y0, "The Bessel function of the second kind of order zero "
                   "(-inf at 0, NaN for negative input).")


def _y1(xp: Any, x: Any) -> Any:
    xs = xp.where((x <= 5.0) & (x > 0.0), x, 1.0)
    s = xs * xs
    small = xs * (_polevl(s, _Y1_YP) / _polevl(s, _Y1_YQ)) + _2_PI * (
        _j1(xp, xs) * xp.log(xs) - 1.0 / xs)
    small = xp.where(x == 0.0, -xp.inf, xp.where(x < 0.0, xp.nan, small))
    xl = xp.where(x <= 5.0, 5.0, x)
    w = 5.0 / xl * (5.0 / xl)
    large = (_polevl(w, _J1_PP) / _polevl(w, _J1_PQ) * xp.sin(xl - _3PI_4)
             + 5.0 / xl * (_polevl(w, _J1_QP) / _polevl(w, _J1_QQ)) * xp.cos(xl - _3PI_4)
             ) * _SQRT_2_PI / xp.sqrt(xl)
    return xp.where(x <= 5.0, small, large).astype(x.dtype)


bessel_y1 = _unary("bessel_y1", _y1, "The Bessel function of the second kind of order one "
                   "(-inf at 0, NaN for negative input).")


def _i0(xp: Any, x: Any) -> Any:
    z = xp.abs(x)
    zs = xp.where(z <= 8.0, z, 0.0)
    zl = xp.where(z <= 8.0, 8.0, z)
    small = xp.exp(zs) * _chebyshev(zs / 2.0 - 2.0, _I0_A)
    large = xp.exp(zl) * _chebyshev(32.0 / zl - 2.0, _I0_B) / xp.sqrt(zl)
    return xp.where(z <= 8.0, small, large).astype(x.dtype)


def _i1(xp: Any, x: Any) -> Any:
    z = xp.abs(x)
    zs = xp.where(z <= 8.0, z, 0.0)
    zl = xp.where(z <= 8.0, 8.0, z)
    small = _chebyshev(zs / 2.0 - 2.0, _I1_A) * zs * xp.exp(zs)
    large = xp.exp(zl) * _chebyshev(32.0 / zl - 2.0, _I1_B) / xp.sqrt(zl)
    out = xp.where(z <= 8.0, small, large)
    return xp.where(x < 0.0, -out, out).astype(x.dtype)


modified_bessel_i0 = _unary("modified_bessel_i0", _i0,
                            "The modified Bessel function of the first kind of order zero.")
modified_bessel_i1 = _unary("modified_bessel_i1", _i1,
                            "The modified Bessel function of the first kind of order one.")


def _k(xp: Any, x: Any, order: int, scaled: bool) -> Any:
    xs = xp.where((x <= 2.0) & (x > 0.0), x, 1.0)
    t = xs * xs - 2.0
    log = xp.log(0.5 * xs)
    if order == 0:
        small = _chebyshev(t, _K0_A) - log * _i0(xp, xs)
    else:
        small = log * _i1(xp, xs) + _chebyshev(t, _K1_A) / xs
    xl = xp.where(x <= 2.0, 2.0, x)
    large = _chebyshev(8.0 / xl - 2.0, _K0_B if order == 0 else _K1_B)
    if scaled:
        small = small * xp.exp(xs)
        large = large / xp.sqrt(xl)
    else:
        large = xp.exp(-xl) * large / xp.sqrt(xl)
    out = xp.where(x == 0.0, xp.inf, xp.where(x < 0.0, xp.nan, small))
    return xp.where(x <= 2.0, out, large).astype(x.dtype)


modified_bessel_k0 = _unary("modified_bessel_k0", lambda xp, x: _k(xp, x, 0, False),
                            "The modified Bessel function of the second kind of order zero "
                            "(inf at 0, NaN for negative input).")
modified_bessel_k1 = _unary("modified_bessel_k1", lambda xp, x: _k(xp, x, 1, False),
                            "The modified Bessel function of the second kind of order one "
                            "(inf at 0, NaN for negative input).")
scaled_modified_bessel_k0 = _unary("scaled_modified_bessel_k0",
                                   lambda xp, x: _k(xp, x, 0, True),
                                   "exp(input) modified_bessel_k0(input), without its "
                                   "underflow.")
scaled_modified_bessel_k1 = _unary("scaled_modified_bessel_k1",
                                   lambda xp, x: _k(xp, x, 1, True),
                                   "exp(input) modified_bessel_k1(input), without its "
                                   "underflow.")


def _spherical_j0(xp: Any, x: Any) -> Any:
    s = x * x
    small = 1.0 + s * (-1.0 / 6.0 + s * (1.0 / 120.0 + s * (-1.0 / 5040.0 + s * (
        1.0 / 362880.0 + s * (-1.0 / 39916800.0 + s * (1.0 / 6227020800.0))))))
    xl = xp.where(xp.abs(x) < 0.5, 1.0, x)
    out = xp.where(xp.abs(x) < 0.5, small, xp.sin(xl) / xl)
    return xp.where(xp.isinf(x), 0.0, out).astype(x.dtype)


spherical_bessel_j0 = _unary("spherical_bessel_j0", _spherical_j0,
                             "The spherical Bessel function of the first kind of order zero, "
                             "sin(input) / input.")
