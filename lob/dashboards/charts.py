"""Charts rendered on the server as SVG: no CDN, no JavaScript, works offline.

This module works out the geometry (every coordinate already written as text, so the template
needs no number formatting and no localisation can turn a decimal point into a comma); the
texts a reader sees (values, axis labels) are formatted as the tables format them, with the
active language's decimal separator ("2,3" in Dutch). Labels are never cut: long ones wrap
(horizontal bars) or are set at an angle when they would overlap (bar groups). The templates in
`dashboards/charts/` draw it. Every chart has a text alternative (its table next
to it); the SVG itself is marked as an image with a title. Only presentation attributes are
used (no style attributes), so a strict Content-Security-Policy does not block them.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#dc3545", "#6f42c1", "#20c997", "#6c757d"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 48
TILT_DEGREES = 35


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
    overhang: int = 0  # room left of x=0 for tilted labels (the viewBox starts there)

    @property
    def view_box(self) -> str:
        return f"{-self.overhang} 0 {self.width + self.overhang} {self.height}"

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


def _number(value: float, places: int) -> str:
    """A value as the reader sees it: the tables' format, with the language's separator."""
    return number_format(round(value, places), decimal_pos=places)


# An estimate of a label's width in the SVG's units (Helvetica-like fonts average about 0.55
# of the font size per character): enough to decide on wrapping or tilting.
CHAR_WIDTH = 0.58


def text_width(text: str, font_size: float) -> float:
    return len(text) * font_size * CHAR_WIDTH


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """`text` in lines no wider than `width` (words are never cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


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
        label = _number(value, 0 if maximum >= 4 else 1) + suffix
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
    plot_w = WIDTH - LEFT - RIGHT
    group_w = plot_w / max(1, len(labels))
    # Labels that do not fit under their group are set at an angle, and the chart grows to
    # hold them.
    tilt = any(text_width(label, 10) > group_w * 0.95 for label in labels)
    label_room = 16
    if tilt:
        longest = max(text_width(label, 10) for label in labels)
        label_room = 12 + math.ceil(longest * math.sin(math.radians(TILT_DEGREES)))
    height = HEIGHT + label_room - 16
    plot_h = height - TOP - BOTTOM - (label_room - 16)
    values = [v for vs in series.values() for v in vs if v is not None]
    top = maximum or max([*values, 1]) * 1.1
    chart = Chart("bar", title, height=height, grid=_y_axis(top, suffix, plot_h),
                  legend=_legend(list(series), height - 8))
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
        label_x = gx + group_w * 0.4
        label_y = TOP + plot_h + (12 if tilt else 16)
        if tilt:
            reach = text_width(label, 10) * math.cos(math.radians(TILT_DEGREES))
            chart.overhang = max(chart.overhang, math.ceil(reach - label_x) + 2)
        chart.marks.append({
            "bars": bars, "label_x": _f(label_x), "label_y": label_y, "label": label,
            "anchor": "end" if tilt else "middle",
            "transform": f"rotate(-{TILT_DEGREES} {_f(label_x)} {label_y})" if tilt else "",
        })
    return chart


def hbar_chart(title: str, labels: list[str], values: list[float | None], *,
               maximum: float, suffix: str = "") -> Chart:
    """Horizontal bars, one per label (e.g. the LOB standards, scored 1–4)."""
    label_w = 230
    line_h = 13
    plot_w = WIDTH - label_w - RIGHT - 40
    y = TOP
    chart = Chart("hbar", title)
    for label, v in zip(labels, values, strict=True):
        lines = wrap(label, label_w - 12, 11)
        row_h = max(26, line_h * len(lines) + 10)
        first_line_y = y + row_h / 2 - line_h * (len(lines) - 1) / 2 + 4
        bar_y = y + (row_h - 16) / 2
        row = {"label_x": label_w - 6, "label_y": _f(first_line_y), "lines": lines,
               "line_h": line_h, "label": label, "x": label_w, "bar_y": _f(bar_y),
               "track_width": plot_w, "value": None}
        if v is not None:
            w = plot_w * min(v, maximum) / maximum
            row.update(value=_number(v, 1) + suffix, width=_f(w), value_x=_f(label_w + w + 4),
                       value_y=_f(bar_y + 12))
        chart.marks.append(row)
        y += row_h
    chart.height = round(y + 8)
    return chart
