"""Chart images for the PDF: matplotlib (Agg, no display) drawing a section's Chart as a PNG, in
NanumGothic so Korean labels render."""

from __future__ import annotations

import functools
import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.ticker import MaxNLocator

from . import fonts
from .sections import Chart

COLORS = ["#1f4e79", "#e08a00", "#4a8c3f", "#9c3d54"]


@functools.cache
def _family() -> str:
    for path in (fonts.regular(), fonts.bold()):
        font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(fonts.regular())).get_name()


def png(chart: Chart, width: float = 7.0, height: float | None = None) -> bytes:
    """The chart as PNG bytes (150 dpi); bars labelled with their values."""
    n = max(len(chart.labels), 1)
    if height is None:
        height = max(1.6, 0.35 * n + 0.9) if chart.kind == "barh" else 3.0
    with plt.rc_context({"font.family": _family(), "axes.unicode_minus": False, "font.size": 9}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=150)
        try:
            names = list(chart.series)
            step = 0.8 / max(len(names), 1)
            positions = range(len(chart.labels))
            for k, name in enumerate(names):
                offset = [p - 0.4 + step * (k + 0.5) for p in positions]
                values = chart.series[name]
                draw = ax.barh if chart.kind == "barh" else ax.bar
                bars = draw(offset, values, step * 0.95, label=name, color=COLORS[k % len(COLORS)])
                if len(chart.labels) <= 16:
                    ax.bar_label(bars, fmt="%g", fontsize=7, padding=2)
            if chart.kind == "barh":
                ax.set_yticks(list(positions), chart.labels)
                ax.invert_yaxis()
                ax.set_xlabel(chart.unit)
            else:
                tilt = n > 8 and max(len(label) for label in chart.labels) > 3
                rotation, align = (45, "right") if tilt else (0, "center")
                ax.set_xticks(list(positions), chart.labels, rotation=rotation, ha=align)
                ax.set_ylabel(chart.unit)
            if all(float(v).is_integer() for values in chart.series.values() for v in values):
                axis = ax.xaxis if chart.kind == "barh" else ax.yaxis
                axis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 ticks
            ax.spines[["top", "right"]].set_visible(False)
            if len(names) > 1:
                ax.legend(frameon=False)
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png")
            return out.getvalue()
        finally:
            plt.close(fig)
