"""The suite's figure: step time per workload and device, and step time against problem size."""

from __future__ import annotations

from typing import Any

COLORS = {"tapegrad": "tab:blue", "numpy": "tab:gray", "cupy": "tab:gray", "torch": "tab:orange"}


def _label(row: dict[str, Any]) -> str:
    return f"{row['impl']} {row['device']}"


def plot(results: dict[str, Any], path: str) -> None:
    """Write a PNG: bars of the median step time (largest case of each workload, min-max as
    error bars) and, for sized workloads, step time against size on log-log axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ran = {k: w for k, w in results["workloads"].items() if w.get("cases")}
    sized = {k: w for k, w in ran.items() if w.get("sized")}
    ncols = max(len(ran), len(sized), 1)
    fig = plt.figure(figsize=(3.2 * ncols, 7.5), constrained_layout=True)
    grid = fig.add_gridspec(2, ncols)
    for i, (name, w) in enumerate(ran.items()):
        ax = fig.add_subplot(grid[0, i])
        rows = [r for r in w["cases"][-1]["rows"] if "median_s" in r]
        med = [r["median_s"] * 1e3 for r in rows]
        err = [[(r["median_s"] - r["min_s"]) * 1e3 for r in rows],
               [(r["max_s"] - r["median_s"]) * 1e3 for r in rows]]
        hatch = ["//" if r["device"] != "cpu" else "" for r in rows]
        bars = ax.bar(range(len(rows)), med, yerr=err, capsize=3,
                      color=[COLORS.get(r["impl"], "tab:green") for r in rows])
        for bar, h in zip(bars, hatch):
            bar.set_hatch(h)
        ax.set_xticks(range(len(rows)), [_label(r) for r in rows], rotation=45, ha="right",
                      fontsize=8)
        ax.set_ylabel("ms per step (median)")
        ax.set_title(f"{name}\n{w['cases'][-1]['case']}", fontsize=9)
    for i, (name, w) in enumerate(sized.items()):
        ax = fig.add_subplot(grid[1, i])
        labels: dict[str, list] = {}
        for case in w["cases"]:
            for r in case["rows"]:
                if "median_s" in r:
                    labels.setdefault(_label(r), []).append((case["size"], r["median_s"] * 1e3,
                                                             r))
        for label, pts in labels.items():
            r = pts[0][2]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label,
                    color=COLORS.get(r["impl"], "tab:green"),
                    linestyle="--" if r["device"] != "cpu" else "-")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("n (matrix side)" if name == "matmul" else "elements")
        ax.set_ylabel("ms per step")
        ax.set_title(f"{name}: step time against size", fontsize=9)
        ax.legend(fontsize=7)
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("tapegrad benchmarks: " + ", ".join(results.get("devices", [])))
    fig.savefig(path, dpi=110)
    plt.close(fig)
