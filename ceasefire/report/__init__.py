"""Stage 5, report: the periodic ceasefire-violation report and the incident card.

``build_report`` (period.py, with the tables of casualties.py, outlet_table.py and
escalation.py) and ``build_card`` (card.py) compute every figure once as the frozen view
models of views.py, named and worded by labels.py; from_store.py reads them from a store;
charts.py draws them offline (matplotlib, Agg); render.py lays them out as markdown, one
self-contained HTML file or JSON; cards.py prints the card in a terminal.
"""

from __future__ import annotations

from ..records import FramingHit
from .card import build_card
from .cards import IncidentRow, card_renderable, card_text, incident_row, incidents_table
from .charts import escalation_png, map_png, timeline_png
from .from_store import framing_hits, incidents_from_store, report_from_store
from .period import build_report
from .render import (
    Charts,
    render_charts,
    render_html,
    render_json,
    render_markdown,
    write_markdown,
    write_report,
)
from .views import IncidentCard, Report, to_jsonable

__all__ = [
    "Charts",
    "FramingHit",
    "IncidentCard",
    "IncidentRow",
    "Report",
    "build_card",
    "build_report",
    "card_renderable",
    "card_text",
    "escalation_png",
    "framing_hits",
    "incident_row",
    "incidents_from_store",
    "incidents_table",
    "map_png",
    "render_charts",
    "render_html",
    "render_json",
    "render_markdown",
    "report_from_store",
    "timeline_png",
    "to_jsonable",
    "write_markdown",
    "write_report",
]
