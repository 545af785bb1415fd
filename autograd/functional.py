"""jacobian, hessian, vjp, jvp, hvp over the tape."""

from __future__ import annotations
