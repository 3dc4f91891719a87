"""Charts rendered on the server as SVG: no CDN, no JavaScript, works offline.

This module works out the geometry (every coordinate already written as text, so the template
needs no number formatting and no localisation can turn a decimal point into a comma); the
templates in `dashboards/charts/` draw it. Every chart has a text alternative (its table next
to it); the SVG itself is marked as an image with a title. Only presentation attributes are
used (no style attributes), so a strict Content-Security-Policy does not block them.
"""

from dataclasses import dataclass, field

PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#dc3545", "#6f42c1", "#20c997", "#6c757d"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 48


@dataclass
class Chart:
    """One chart: `kind` names its template (dashboards/charts/<kind>.html)."""

    kind: str
    title: str
    height: int = HEIGHT
    width: int = WIDTH
    grid: list[dict] = field(default_factory=list)  # horizontal lines with their values
    x_labels: list[dict] = field(default_factory=list)
    marks: list[dict] = field(default_factory=list)  # lines, bars or rows, by kind
    legend: list[dict] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"dashboards/charts/{self.kind}.html"

    @property
    def grid_x1(self) -> int:
        return LEFT

    @property
    def grid_x2(self) -> int:
        return self.width - RIGHT

    @property
    def grid_label_x(self) -> int:
        return LEFT - 4


def _f(value: float) -> str:
    return f"{value:.1f}"


def _legend(names: list[str], y: int) -> list[dict]:
    items, x = [], LEFT
    for i, name in enumerate(names):
        items.append({"colour": PALETTE[i % len(PALETTE)], "x": x, "rect_y": y - 9,
                      "text_x": x + 14, "y": y, "name": name})
        x += 24 + 7 * len(name)
    return items


def _y_axis(maximum: float, suffix: str, plot_h: int) -> list[dict]:
    lines = []
    for i in range(5):
        value = maximum * i / 4
        y = TOP + plot_h - plot_h * i / 4
        label = f"{value:.0f}{suffix}" if maximum >= 4 else f"{value:.1f}{suffix}"
        lines.append({"y": _f(y), "label_y": _f(y + 4), "label": label})
    return lines


def line_chart(title: str, labels: list[str], series: dict[str, list[float | None]],
               *, maximum: float = 100, suffix: str = "%") -> Chart:
    """One line per series over `labels` (e.g. months); None leaves a gap."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)
    chart = Chart("line", title, grid=_y_axis(maximum, suffix, plot_h),
                  legend=_legend(list(series), HEIGHT - 8))
    chart.x_labels = [{"x": _f(LEFT + step * i), "y": TOP + plot_h + 16, "text": label}
                      for i, label in enumerate(labels)]
    for n, values in enumerate(series.values()):
        points = [
            (_f(LEFT + step * i), _f(TOP + plot_h - plot_h * min(v, maximum) / maximum))
            for i, v in enumerate(values) if v is not None
        ]
        chart.marks.append({
            "colour": PALETTE[n % len(PALETTE)],
            "path": " ".join(f"{x},{y}" for x, y in points) if len(points) > 1 else "",
            "points": [{"x": x, "y": y} for x, y in points],
        })
    return chart


def bar_chart(title: str, labels: list[str], series: dict[str, list[float | None]],
              *, maximum: float | None = None, suffix: str = "%") -> Chart:
    """Grouped vertical bars: one group per label, one bar per series."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for vs in series.values() for v in vs if v is not None]
    top = maximum or max([*values, 1]) * 1.1
    chart = Chart("bar", title, grid=_y_axis(top, suffix, plot_h),
                  legend=_legend(list(series), HEIGHT - 8))
    group_w = plot_w / max(1, len(labels))
    bar_w = group_w * 0.8 / max(1, len(series))
    for i, label in enumerate(labels):
        gx = LEFT + group_w * i + group_w * 0.1
        bars = []
        for n, vs in enumerate(series.values()):
            v = vs[i]
            if v is None:
                continue
            h = plot_h * min(v, top) / top
            bars.append({"x": _f(gx + bar_w * n), "y": _f(TOP + plot_h - h),
                         "width": _f(bar_w - 2), "height": _f(h),
                         "colour": PALETTE[n % len(PALETTE)]})
        chart.marks.append({"bars": bars, "label_x": _f(gx + group_w * 0.4),
                            "label_y": TOP + plot_h + 16, "label": label[:18]})
    return chart


def hbar_chart(title: str, labels: list[str], values: list[float | None], *,
               maximum: float, suffix: str = "") -> Chart:
    """Horizontal bars, one per label (e.g. the LOB standards, scored 1–4)."""
    row_h = 26
    label_w = 210
    plot_w = WIDTH - label_w - RIGHT - 40
    chart = Chart("hbar", title, height=TOP + row_h * max(1, len(labels)) + 8)
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row_h * i
        row = {"label_x": label_w - 6, "label_y": y + 15, "label": label[:34], "x": label_w,
               "bar_y": y + 4, "track_width": plot_w, "value": None}
        if v is not None:
            w = plot_w * min(v, maximum) / maximum
            row.update(value=f"{v:.1f}{suffix}", width=_f(w), value_x=_f(label_w + w + 4),
                       value_y=y + 16)
        chart.marks.append(row)
    return chart
