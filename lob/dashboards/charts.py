"""Charts rendered on the server as SVG: no CDN, no JavaScript, works offline.

Every chart has a text alternative (its table next to it); the SVG itself is marked as an image
with a title. Only presentation attributes are used (no style attributes), so a strict
Content-Security-Policy does not block them.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#dc3545", "#6f42c1", "#20c997", "#6c757d"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 48


def _svg(title: str, body: list[str], height: int = HEIGHT) -> SafeString:
    return mark_safe(  # noqa: S308 - every text in `body` is escaped where it is built
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="lob-chart">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(names: list[str], y: int) -> list[str]:
    parts, x = [], LEFT
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}" font-size="11">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return parts


def _y_axis(maximum: float, suffix: str, plot_h: int) -> list[str]:
    parts = []
    for i in range(5):
        value = maximum * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>'
        )
        label = f"{value:.0f}{suffix}" if maximum >= 4 else f"{value:.1f}{suffix}"
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{label}</text>'
        )
    return parts


def line_chart(title: str, labels: list[str], series: dict[str, list[float | None]],
               *, maximum: float = 100, suffix: str = "%") -> SafeString:
    """One line per series over `labels` (e.g. months); None leaves a gap."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)
    body = _y_axis(maximum, suffix, plot_h)
    for i, label in enumerate(labels):
        x = LEFT + step * i
        body.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" font-size="10" '
                    f'text-anchor="middle">{escape(label)}</text>')
    for n, (_name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = [
            (LEFT + step * i, TOP + plot_h - plot_h * min(v, maximum) / maximum)
            for i, v in enumerate(values) if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="2.5"/>')
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
    body += _legend(list(series), HEIGHT - 8)
    return _svg(title, body)


def bar_chart(title: str, labels: list[str], series: dict[str, list[float | None]],
              *, maximum: float | None = None, suffix: str = "%") -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for vs in series.values() for v in vs if v is not None]
    top = maximum or max([*values, 1]) * 1.1
    body = _y_axis(top, suffix, plot_h)
    group_w = plot_w / max(1, len(labels))
    bar_w = group_w * 0.8 / max(1, len(series))
    for i, label in enumerate(labels):
        gx = LEFT + group_w * i + group_w * 0.1
        for n, vs in enumerate(series.values()):
            v = vs[i]
            if v is None:
                continue
            h = plot_h * min(v, top) / top
            body.append(
                f'<rect x="{gx + bar_w * n:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[n % len(PALETTE)]}"/>'
            )
        body.append(f'<text x="{gx + group_w * 0.4:.1f}" y="{TOP + plot_h + 16}" font-size="10" '
                    f'text-anchor="middle">{escape(label[:18])}</text>')
    body += _legend(list(series), HEIGHT - 8)
    return _svg(title, body)


def hbar_chart(title: str, labels: list[str], values: list[float | None], *,
               maximum: float, suffix: str = "") -> SafeString:
    """Horizontal bars, one per label (e.g. the LOB standards, scored 1–4)."""
    row_h = 26
    height = TOP + row_h * max(1, len(labels)) + 8
    label_w = 210
    plot_w = WIDTH - label_w - RIGHT - 40
    body = []
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row_h * i
        body.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="11" '
                    f'text-anchor="end">{escape(label[:34])}</text>')
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="16" fill="#eef1f4"/>')
        if v is not None:
            w = plot_w * min(v, maximum) / maximum
            body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" '
                        f'fill="{PALETTE[0]}"/>')
            body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 16}" font-size="11">'
                        f"{v:.1f}{suffix}</text>")
    return _svg(title, body, height=height)
