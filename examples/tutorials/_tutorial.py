"""What the tutorial scripts share: their command line, their printed report, their figures.

Every tutorial of the documentation site is a script in this folder; its page includes its
code and shows the report and the figure it wrote to ``docs/tutorials/figures/`` (``make
tutorials`` writes them again). ``--quick`` (or ``TUTORIAL_QUICK=1``) is the tiny budget the
test suite runs them with; ``--out DIR`` sends the report and figure elsewhere. Without
matplotlib a tutorial still prints its numbers, and says that the plot was skipped.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIGURES = os.path.join(ROOT, "docs", "tutorials", "figures")


def parse_args(doc: str, argv: list[str] | None,
               extra: Any = None) -> argparse.Namespace:
    """``--quick`` and ``--out``, plus what ``extra(parser)`` adds."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        default=os.environ.get("TUTORIAL_QUICK") == "1",
                        help="a tiny budget (seconds): what the test suite runs")
    parser.add_argument("--out", default=FIGURES,
                        help="where the report and the figure go (default: the docs' figures)")
    if extra is not None:
        extra(parser)
    return parser.parse_args(argv)


class Report:
    """Lines printed as they come, and written to ``<out>/<name>.txt`` at the end."""

    def __init__(self, out: str, name: str) -> None:
        self.out, self.name, self.lines = out, name, []

    def __call__(self, line: str = "") -> None:
        print(line)
        self.lines.append(line)

    def save(self) -> str:
        os.makedirs(self.out, exist_ok=True)
        path = os.path.join(self.out, f"{self.name}.txt")
        with open(path, "w") as fh:
            fh.write("\n".join(self.lines) + "\n")
        return path


def pyplot() -> Any:
    """matplotlib.pyplot on a file-only backend, or None when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def save_figure(report: Report, draw: Any, filename: str) -> str | None:
    """Call ``draw(plt)`` (which returns a figure) and save it; None when there is no
    matplotlib, after saying so in the report."""
    plt = pyplot()
    if plt is None:
        report(f"matplotlib is not installed: the plot {filename} was skipped "
               "(pip install matplotlib)")
        return None
    fig = draw(plt)
    os.makedirs(report.out, exist_ok=True)
    path = os.path.join(report.out, filename)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
