"""The site's one chart palette and theme: colour-blind-safe, legible on Material's light and dark schemes.

Bar colours are two hues of Okabe & Ito's colour-blind-safe set and a grey, chosen because each
keeps at least 3:1 contrast (WCAG 1.4.11, graphics) against both page backgrounds; tests check
both figures and that the colours stay apart under simulated protanopia, deuteranopia and
tritanopia (Okabe-Ito's bluish green was dropped: next to the grey it fails for deuteranopes).
Text is drawn in `currentColor`, so an inline SVG takes the page's own text colour and follows
the light/dark switch without any script.
"""

from __future__ import annotations

from typing import Any

# Text is measured by vl-convert with this font; scripts/setup.sh installs it (fonts-wqy-microhei).
FONT_FAMILY = "WenQuanYi Micro Hei"
FONT_FILE = "wqy-microhei.ttc"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")

FONT_SIZE = 13  # px in the SVG's own units; a chart is drawn at about its natural size (charts.css)
LINE_HEIGHT = 17
WIDTH = 300  # plot width: on a 375 px phone the chart is scaled up a little, never down
BAR_HEIGHT = 12

# Okabe-Ito blue and vermillion.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
SERIES = (BLUE, VERMILLION)
NEUTRAL = "#808080"  # the "其余" bar that sums the smallest rows
OTHER = "其余"

# The page backgrounds the colours must stand out from: Material's default scheme, and its slate
# scheme's --md-default-bg-color, hsla(225deg, 15%, 14%, 1).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#1e2129"


def colors(groups: tuple[str, ...]) -> dict[str, str]:
    """A fixed colour per group, in the order given; the "其余" group is grey."""
    named = [g for g in groups if g != OTHER]
    if len(named) > len(SERIES):
        raise ValueError(f"at most {len(SERIES)} colour groups, got {len(named)}")
    scheme = dict(zip(named, SERIES, strict=False))  # fewer groups than colours
    return {**scheme, OTHER: NEUTRAL} if OTHER in groups else scheme


def config() -> dict[str, Any]:
    """Vega-Lite `config`: the theme every chart of the site shares."""
    return {
        "font": FONT_FAMILY,
        "background": "transparent",
        "padding": 2,
        "aria": False,  # the SVG is aria-hidden; the figcaption and the data table carry the content
        "view": {"stroke": None},
        "text": {"fontSize": FONT_SIZE, "color": "currentColor"},
        "legend": {"labelColor": "currentColor", "labelFontSize": FONT_SIZE - 1, "symbolType": "square",
                   "orient": "top", "title": None, "padding": 0},
    }
