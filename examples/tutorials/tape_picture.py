"""The picture of a tape on the documentation site's page "The tape explained".

    python examples/tutorials/tape_picture.py [--out DIR]

Records one step of a small network on an ``ag.Tape`` and draws ``tape.to_dot()`` with
Graphviz when its ``dot`` program is installed; without it, the picture is the tape's text
table (``print(tape)``). The site's build calls ``draw()``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

# --8<-- [start:record]
import autograd as ag


def record() -> ag.Tape:
    """The tape of one forward pass of a 3-4-1 tanh network and its MSE."""
    ag.manual_seed(0)
    x = ag.randn(8, 3)
    y = ag.randn(8, 1)
    w1 = ag.randn(3, 4, requires_grad=True)
    w2 = ag.randn(4, 1, requires_grad=True)
    with ag.Tape() as tape:
        h = (x @ w1).tanh()
        ((h @ w2 - y) ** 2).mean()  # the loss
    return tape
# --8<-- [end:record]


def draw() -> tuple[str, bytes | str]:
    """("svg", the picture) when Graphviz's ``dot`` is installed, else ("text", the table)."""
    tape = record()
    dot = shutil.which("dot")
    if dot is None:
        return "text", str(tape)
    run = subprocess.run([dot, "-Tsvg"], input=tape.to_dot().encode(), capture_output=True,
                         check=True, timeout=60)
    return "svg", run.stdout


def main(argv: list[str] | None = None) -> tuple[str, bytes | str]:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=".", help="where tape.svg goes (with Graphviz)")
    args = parser.parse_args(argv)
    kind, content = draw()
    if kind == "svg":
        path = os.path.join(args.out, "tape.svg")
        with open(path, "wb") as fh:
            fh.write(content)
        print(f"Graphviz drew the tape: {path}")
    else:
        print("Graphviz (dot) is not installed; the tape as a table:")
        print(content)
    return kind, content


if __name__ == "__main__":
    main()
