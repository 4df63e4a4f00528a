"""Small server-side SVG charts: bars, grouped bars, lines and horizontal bars; no script, no CDN.

Each chart is an <svg role="img"> with a <title> and a <desc>; the page puts the same numbers in a
table next to it. Colours come from CSS classes (app.css), so the charts follow the site's style.
A value given as text (e.g. "<3", for a hidden small count) is written at the baseline, not drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Value = float | int | str | None
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 48


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]
    css: str  # class giving the colour, e.g. "series-1"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (1 for nothing to show)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def count_ceiling(value: float) -> int:
    """A top for a count axis whose four grid steps are whole numbers."""
    return 4 * max(1, math.ceil(nice_ceiling(value / 4)))


def _number(value: float) -> str:
    return f"{value:g}"


def _svg(chart_id: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    head = (f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}"'
            f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc"'
            ' xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
            f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _axis(top: float, y_min: float, y_max: float) -> list[str]:
    """Horizontal grid lines with their values, and the baseline."""
    plot = HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = y_min + (y_max - y_min) * i / 4
        y = TOP + plot - plot * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}"'
                     f' y2="{y:.1f}"/><text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}"'
                     f' text-anchor="end">{_number(round(value, 2))}</text>')
    return parts


def _x_labels(labels: Sequence[str], centre) -> list[str]:
    step = max(1, math.ceil(len(labels) / 12))  # at most a dozen labels fit under the axis
    return [f'<text class="tick" x="{centre(i):.1f}" y="{HEIGHT - BOTTOM + 18}"'
            f' text-anchor="middle">{escape(label)}</text>'
            for i, label in enumerate(labels) if i % step == 0]


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    for item in series:
        parts.append(f'<rect class="{escape(item.css)}" x="{x}" y="{HEIGHT - 16}" width="12"'
                     f' height="12"/><text class="legend" x="{x + 16}" y="{HEIGHT - 6}">'
                     f'{escape(item.name)}</text>')
        x += 28 + 8 * len(item.name)
    return parts


def bar_chart(chart_id: str, title: str, desc: str, labels: Sequence[str],
              series: Sequence[Series]) -> Markup:
    """Vertical bars, one group per label and one bar per series."""
    numbers = [v for s in series for v in s.values if isinstance(v, int | float)]
    y_max = count_ceiling(max(numbers, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_w / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    body = _axis(TOP, 0, y_max)
    for s_index, item in enumerate(series):
        for i, value in enumerate(item.values):
            x = LEFT + group * i + group * 0.1 + bar * s_index
            if isinstance(value, str):
                body.append(f'<text class="hidden-count" x="{x + bar / 2:.1f}"'
                            f' y="{TOP + plot_h - 3}" text-anchor="middle">{escape(value)}</text>')
            elif value:
                h = plot_h * value / y_max
                body.append(f'<rect class="{escape(item.css)}" x="{x:.1f}"'
                            f' y="{TOP + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                            f'<title>{escape(labels[i])}, {escape(item.name)}: '
                            f'{_number(value)}</title></rect>')
    body += _x_labels(labels, lambda i: LEFT + group * (i + 0.5))
    return _svg(chart_id, title, desc, body + _legend(series))


def line_chart(chart_id: str, title: str, desc: str, labels: Sequence[str],
               series: Sequence[Series], y_min: float, y_max: float) -> Markup:
    """Lines over the labels; a missing value breaks the line; every point gets a dot."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        return LEFT + step * (i + 0.5), TOP + plot_h - plot_h * (value - y_min) / (y_max - y_min)

    body = _axis(TOP, y_min, y_max)
    for item in series:
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(item.values):
            if isinstance(value, int | float):
                runs[-1].append(point(i, value))
                x, y = runs[-1][-1]
                body.append(f'<circle class="{escape(item.css)}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                            f'<title>{escape(labels[i])}, {escape(item.name)}: '
                            f'{_number(value)}</title></circle>')
            elif runs[-1]:
                runs.append([])
        for run in (r for r in runs if len(r) > 1):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            body.append(f'<polyline class="line {escape(item.css)}" points="{points}"/>')
    body += _x_labels(labels, lambda i: LEFT + step * (i + 0.5))
    return _svg(chart_id, title, desc, body + _legend(series))


def hbar_chart(chart_id: str, title: str, desc: str, labels: Sequence[str],
               values: Sequence[Value], css: str = "series-1") -> Markup:
    """Horizontal bars, one per label (long labels such as reasons fit on the left)."""
    row, label_w = 26, 320  # room for the longest reason in French
    height = TOP + row * max(len(labels), 1) + 8
    numbers = [v for v in values if isinstance(v, int | float)]
    x_max = count_ceiling(max(numbers, default=0))
    plot_w = WIDTH - label_w - RIGHT - 40
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * i
        body.append(f'<text class="tick" x="{label_w - 8}" y="{y + 15}" text-anchor="end">'
                    f'{escape(label)}</text>')
        width = plot_w * value / x_max if isinstance(value, int | float) else 0
        if width:
            body.append(f'<rect class="{escape(css)}" x="{label_w}" y="{y + 3}"'
                        f' width="{width:.1f}" height="{row - 8}"/>')
        text = value if isinstance(value, str) else _number(value or 0)
        body.append(f'<text class="value" x="{label_w + width + 6:.1f}" y="{y + 15}">'
                    f'{escape(text)}</text>')
    return _svg(chart_id, title, desc, body, height)
