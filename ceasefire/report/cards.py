"""The incident card for the terminal: a rich renderable and the same card as plain text.

Document text (evidence sentences, titles) is always put into ``rich.text.Text`` objects, never
interpreted as console markup: a quote that looks like ``[bold]`` or ``<script>`` prints as is.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import Place
from .labels import affected
from .views import ClaimView, IncidentCard


@dataclass(frozen=True)
class IncidentRow:
    """One line of ``ceasefire incidents``."""

    id: str
    date: str
    date_start: dt.date | None
    type: str
    location: str
    sides: str
    fatalities: int
    status: str
    sources: int
    claims: int


def place_label(p: Place | None) -> str:
    if p is None:
        return "place unknown"
    parts = [p.name] + [x for x in (p.admin1, p.country) if x and x != p.name]
    return ", ".join(parts)


def incident_row(card: IncidentCard) -> IncidentRow:
    kind = card.sub_event_type if card.kind == "statements" else f"{card.event_type}: {card.sub_event_type}"
    return IncidentRow(
        card.id,
        card.date_label,
        card.date_start,
        kind,
        place_label(card.location),
        card.sides,
        card.fatalities,
        card.status,
        card.n_sources,
        card.n_claims,
    )


def incidents_table(cards: Sequence[IncidentCard], *, title: str = "incidents") -> Table:
    t = Table(title=title)
    t.add_column("id", no_wrap=True)
    t.add_column("date", min_width=10)
    t.add_column("type", min_width=8)
    t.add_column("location", min_width=8)
    t.add_column("sides", min_width=5)
    t.add_column("fatal.", justify="right")
    t.add_column("status", min_width=6)
    t.add_column("#src", justify="right")
    t.add_column("#claims", justify="right")
    for c in cards:
        r = incident_row(c)
        # the sub-type alone reads well in a narrow terminal; --json has "type: sub-type"
        kind = f"statement: {c.sub_event_type}" if c.kind == "statements" else c.sub_event_type
        # a range's first day is enough to sort by eye; `show` has the full label
        date = c.date_start.isoformat() if c.date_start else r.date
        t.add_row(
            *(
                Text(str(v))
                for v in (r.id, date, kind, r.location, r.sides, r.fatalities, r.status, r.sources, r.claims)
            )
        )
    return t


# --------------------------------------------------------------------------- shared wording


def _what(card: IncidentCard) -> str:
    if card.kind == "statements":
        return f"statements ({card.sub_event_type})"
    return f"{card.event_type} / {card.sub_event_type}" + (
        " — civilians targeted" if card.civilian_targeting else ""
    )


def _where(card: IncidentCard) -> str:
    p = card.location
    if p is None:
        return "place unknown"
    extra = f" [{p.latitude:.4f}, {p.longitude:.4f}; {p.precision}]"
    others = [q.name for q in card.places[1:]]
    return place_label(p) + extra + (f"; also {', '.join(others)}" if others else "")


def _when(card: IncidentCard) -> str:
    return f"{card.date_label} (precision: {card.date_precision})"


def _who(card: IncidentCard) -> str:
    a1 = card.actor1_name or card.actor1 or "unknown"
    a2 = card.actor2_name or card.actor2 or "unknown"
    return f"{a1} ({card.actor1_side or '?'}) vs {a2} ({card.actor2_side or '?'})"


def _claim_lines(v: ClaimView) -> list[str]:
    who = v.claimant_name or v.claimant
    head = f"{who}: {v.kind}, {affected(v.side_affected, v.civilian)} = {v.figure}"
    if v.superseded_by:
        head = f"[struck] {head} {v.superseded_note}"
    lines = [head, f"low/best/high {_n(v.value_low)}/{_n(v.value_best)}/{_n(v.value_high)} · {v.status}"]
    if v.hedge:
        lines.append(f"hedged: {v.hedge}")
    lines.append(f"“{v.quote}”")
    made = f", made {v.made_on.isoformat()}" if v.made_on else ""
    lines.append(f"— {v.outlet or 'outlet unknown'}{made} [{v.document_id}:{v.start_char}-{v.end_char}]")
    return lines


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut between words (with "…"), never inside one
    unless a single word is longer than the width."""
    if len(text) <= width:
        return text
    head = text[: max(width - 1, 1)]
    cut = head.rsplit(" ", 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:-") + "…"


def _outlet_names(card: IncidentCard) -> dict[str, str]:
    return {s.outlet: s.outlet_name or s.outlet for s in card.sources}


def _n(v: int | None) -> str:
    return "-" if v is None else str(v)


# --------------------------------------------------------------------------- plain text


def _columns_text(headers: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[str]:
    """Side-by-side text columns: each cell a list of paragraphs, wrapped to its column."""
    n = max(len(headers), 1)
    colw = max((width - 3 * (n - 1)) // n, 20)
    wrapped = []
    for paras in cells:
        lines: list[str] = []
        for i, p in enumerate(paras):
            if p == "" and i:
                lines.append("")
                continue
            lines.extend(textwrap.wrap(p, colw) or [""])
        wrapped.append(lines)
    height = max((len(c) for c in wrapped), default=0)
    out = [" | ".join(clip(h, colw).ljust(colw) for h in headers).rstrip()]
    out.append("-+-".join("-" * colw for _ in headers))
    for i in range(height):
        out.append(" | ".join((c[i] if i < len(c) else "").ljust(colw) for c in wrapped).rstrip())
    return out


def card_text(card: IncidentCard, *, width: int = 120) -> str:
    """The card as plain text (for pipes, logs and tests); claims in one column per side."""
    lines = [
        f"Incident {card.id}",
        f"  what:   {_what(card)}",
        f"  where:  {_where(card)}",
        f"  when:   {_when(card)}",
        f"  who:    {_who(card)}",
        f"  status: {card.status} — {card.status_why}",
        f"  fatalities (conservative): {card.fatalities}",
    ]
    if card.notes:
        lines += textwrap.wrap(f"notes: {card.notes}", width, initial_indent="  ", subsequent_indent="    ")
    if card.columns:
        lines += ["", "Claims, one column per claimant side, one block per figure:"]
        for row in card.rows:
            cells = []
            for cell in row.cells:
                paras: list[str] = []
                for v in cell:
                    if paras:
                        paras.append("")
                    paras.extend(_claim_lines(v))
                cells.append(paras or ["(no figure from this side)"])
            lines += ["", f"[{row.label}]"]
            lines += _columns_text([c.label for c in card.columns], cells, width)
    if card.estimates:
        lines += ["", "Estimates:"]
        for e in card.estimates:
            who = affected(e.side_affected, e.civilian)
            lines.append(
                f"  {e.kind}, {who}: low {_n(e.low)} / best {_n(e.best)} / high {_n(e.high)} (rule: {e.rule})"
            )
            lines += textwrap.wrap(e.explanation, width, initial_indent="    ", subsequent_indent="    ")
    if card.reports and (card.kind == "statements" or not card.columns):
        lines += ["", "Reports:"]
        for r in card.reports:
            who = r.claimant_name or r.claimant or "unattributed"
            where = f"[{_outlet_names(card).get(r.outlet) or r.outlet or '?'} {r.document_id}]"
            lines += textwrap.wrap(
                f"{r.kind} — {who} ({r.claimant_side or '?'}): “{r.evidence}” {where}",
                width,
                initial_indent="  ",
                subsequent_indent="    ",
            )
    lines += ["", f"Sources ({card.n_sources}):"]
    for s in card.sources:
        lines.append(
            f"  {s.published or 'date unknown'}  {s.outlet_name or s.outlet or 'outlet unknown'} "
            f"({s.lean})  {s.title}  [{s.document_id}] {s.url}"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- rich


def _claim_text(v: ClaimView) -> Text:
    t = Text()
    head = Text(f"{v.claimant_name or v.claimant}", style="bold")
    head.append(f": {v.kind}, {affected(v.side_affected, v.civilian)} = ", style="")
    head.append(v.figure, style="bold")
    if v.superseded_by:
        head.stylize("strike dim")
        head.append(f" {v.superseded_note}", style="italic")
    t.append(head)
    t.append(f"\nlow/best/high {_n(v.value_low)}/{_n(v.value_best)}/{_n(v.value_high)} · ", style="dim")
    t.append(v.status, style=_status_style(v.status))
    if v.hedge:
        t.append(f" · hedged: {v.hedge}", style="yellow")
    t.append("\n“")
    t.append(v.quote, style="italic")
    t.append("”\n")
    made = f", made {v.made_on.isoformat()}" if v.made_on else ""
    t.append(
        f"— {v.outlet or 'outlet unknown'}{made} [{v.document_id}:{v.start_char}-{v.end_char}]",
        style="dim",
    )
    return t


def _claims_cell(cell: Sequence[ClaimView]) -> Text:
    if not cell:
        return Text("no figure from this side", style="dim")
    return Text("\n\n").join(_claim_text(v) for v in cell)


def _status_style(status: str) -> str:
    return {
        "disputed": "bold red",
        "denied": "magenta",
        "admitted": "green",
        "corroborated": "green",
        "one-sided": "yellow",
    }.get(status, "")


def card_renderable(card: IncidentCard) -> RenderableType:
    """The card for a rich console: facts, claims side by side, estimates, sources."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for k, v in (
        ("what", _what(card)),
        ("where", _where(card)),
        ("when", _when(card)),
        ("who", _who(card)),
        ("fatalities", f"{card.fatalities} (conservative)"),
    ):
        facts.add_row(k, Text(v))
    status = Text(card.status, style=_status_style(card.status))
    status.append(f" — {card.status_why}", style="")
    facts.add_row("status", status)
    if card.notes:
        facts.add_row("notes", Text(card.notes))
    parts: list[RenderableType] = [facts]
    if card.columns:
        claims = Table(title="claims, one column per claimant side", expand=True, show_lines=True)
        claims.add_column(Text("figure"), style="bold")
        for side_col in card.columns:
            claims.add_column(Text(side_col.label), ratio=1)
        for row in card.rows:
            claims.add_row(
                Text(row.label),
                *(_claims_cell(cell) for cell in row.cells),
            )
        parts.append(claims)
    if card.estimates:
        est = Table(title="estimates")
        for col in ("figure", "low", "best", "high", "rule", "explanation"):
            est.add_column(col)
        for e in card.estimates:
            est.add_row(
                Text(f"{e.kind}, {affected(e.side_affected, e.civilian)}"),
                _n(e.low),
                _n(e.best),
                _n(e.high),
                Text(e.rule),
                Text(e.explanation),
            )
        parts.append(est)
    if card.reports and (card.kind == "statements" or not card.columns):
        rep = Table(title="reports")
        for col in ("type", "who", "evidence", "outlet"):
            rep.add_column(col)
        for r in card.reports:
            rep.add_row(
                Text(r.kind),
                Text(f"{r.claimant_name or r.claimant or 'unattributed'} ({r.claimant_side or '?'})"),
                Text(r.evidence, style="italic"),
                Text(f"{_outlet_names(card).get(r.outlet) or r.outlet} {r.document_id}"),
            )
        parts.append(rep)
    src = Table(title=f"sources ({card.n_sources})")
    for col in ("published", "outlet", "lean", "title", "document"):
        src.add_column(col)
    for s in card.sources:
        src.add_row(
            Text(s.published or "?"),
            Text(s.outlet_name or s.outlet or "?"),
            Text(s.lean),
            Text(s.title),
            Text(f"{s.document_id}\n{s.url}", style="dim"),
        )
    parts.append(src)
    return Panel(Group(*parts), title=Text(f"incident {card.id}", style="bold"), title_align="left")
