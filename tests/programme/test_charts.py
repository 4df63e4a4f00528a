"""Server-side SVG charts: accessible, escaped, and drawn to scale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from mentoring.programme import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_labelled_escaped_and_to_scale():
    svg = charts.bar_chart("c1", "Title <b>", "What it shows", ["a", "b", "c"],
                           [charts.Series("Held & more", [4, "<3", 0], "series-1")])
    root = ET.fromstring(str(svg))  # well-formed XML
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Title <b>"
    bars = root.findall(f"{SVG}rect[@class='series-1']")[:-1]  # the last one is the legend key
    assert len(bars) == 1 and float(bars[0].get("height")) == 196.0  # 4 of 4: the full height
    assert "&lt;3" in str(svg) and "Held &amp; more" in str(svg)


def test_line_chart_breaks_at_missing_values():
    svg = str(charts.line_chart("c2", "T", "D", ["w1", "w2", "w3", "w4"],
                                [charts.Series("Mean", [2, 3, None, 4], "series-1")], 1, 5))
    assert len(re.findall("<polyline", svg)) == 1  # w1-w2; w4 stands alone
    assert len(re.findall("<circle", svg)) == 3


def test_horizontal_bars_show_hidden_counts_as_text():
    svg = str(charts.hbar_chart("c3", "T", "D", ["Goals reached", "Other"], [5, "<3"]))
    ET.fromstring(svg)
    assert ">5<" in svg and "&lt;3" in svg


def test_count_axes_have_whole_steps():
    assert [charts.count_ceiling(v) for v in (0, 3, 5, 9, 30)] == [4, 4, 8, 12, 40]
