"""Charts: static SVG rendered at build time (Altair → Vega-Lite → vl-convert), inlined in the page.

    figure.py      rows in (Bar), figures out (Figure)
    specs.py       Vega-Lite specs built with Altair
    render.py      spec → inline SVG with vl-convert (CJK font, offline)
    palette.py     the site's one palette and chart theme
    summaries.py   the one-sentence summary of each chart
    datatable.py   each chart's data table
    disclosure.py  which charts a disclosure gets, from the same figures as the prose
"""

from generator.charts.disclosure import TIMINGS, disclosure_figures
from generator.charts.figure import Bar, Figure

__all__ = ["TIMINGS", "Bar", "Figure", "disclosure_figures"]
