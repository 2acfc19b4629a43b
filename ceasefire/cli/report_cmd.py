"""report, incidents, show."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import NotFound
from ..store import open_store
from ._base import app, err, out, state
from ._options import DbOpt, ForceOpt, JsonOpt

MIN_PREFIX = 4


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a date like 2022-09-13") from e


FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="First day (YYYY-MM-DD, inclusive). Default: the start of the record.",
        show_default=False,
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to", help="Last day (YYYY-MM-DD, inclusive). Default: the end of the record.", show_default=False
    ),
]


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def _period(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    lo, hi = _date(date_from), _date(date_to)
    if lo and hi and lo > hi:
        raise typer.BadParameter(f"--from {lo} is after --to {hi}")
    return lo, hi


def month_period(month: str) -> tuple[dt.date, dt.date]:
    """'2022-09' -> (2022-09-01, 2022-09-30)."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError as e:
        raise typer.BadParameter(f"{month!r} is not a month like 2022-09") from e
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def preset_period(
    date_from: str | None,
    date_to: str | None,
    month: str | None,
    last: int | None,
    today: dt.date | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The period asked: --from/--to, or one preset (--month, or --last N days up to today)."""
    if (month is not None or last is not None) and (date_from or date_to):
        raise typer.BadParameter("give either --from/--to or a preset (--month, --last), not both")
    if month is not None and last is not None:
        raise typer.BadParameter("give one preset: --month or --last")
    if month is not None:
        return month_period(month)
    if last is not None:
        end = today or dt.date.today()
        return end - dt.timedelta(days=last - 1), end
    return _period(date_from, date_to)


@app.command()
def report(
    ctx: typer.Context,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", help="A calendar month (YYYY-MM) instead of --from/--to.", show_default=False
        ),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option(
            "--last", min=1, max=36600, help="The last N days up to today (e.g. 7, 30).", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="md (+3 PNG files next to it), html (one file) or json."),
    ] = ReportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write. Default: stdout (markdown then has no images)."),
    ] = None,
    db: DbOpt = None,
    force: ForceOpt = False,
) -> None:
    """Periodic ceasefire-violation report, in the style of monitoring-mission reports.

    Summary; incidents by type, place and day; casualties by side and by claimant (each
    party's figures side by side with the low/best/high estimate and its rule); a timeline,
    a map and the escalation trend per dyad and ISO week (PNG charts, drawn offline); outlets
    with their loaded terms and whose officials they quote; and every incident's card.

    HTML is one self-contained file (images inlined, no scripts, no external links).
    Markdown writes report-timeline.png, report-map.png and report-escalation.png next to
    the .md file. How each figure is computed: docs/report.md. An existing file is replaced
    only if ceasefire wrote it (or with --force); a symlink, device or folder there never is.

    One section per conflict (pair of sides); the escalation table lists only weeks where
    something happened.

    Example: `ceasefire report --from 2022-09-12 --to 2022-09-18 --format html -o week37.html`,
    `ceasefire report --month 2022-09 -f html -o september.html`, `ceasefire report --last 7`
    """
    from ..export.guard import check_file, record
    from ..report import report_from_store, write_report
    from ..report.render import IMAGE_NAMES

    lo, hi = preset_period(date_from, date_to, month, last)
    if output is not None:
        beside = tuple(IMAGE_NAMES.values()) if fmt is ReportFormat.md else ()
        check_file(output, force=force, beside=beside)
        record(output.parent, (output.name, *beside))
    store = open_store(state(ctx).settings(db=db).db)
    rep = report_from_store(store, date_from=lo, date_to=hi)
    text, written = write_report(rep, fmt.value, output)
    if text is not None:
        typer.echo(text, nl=False)  # not through rich: document text must not be read as markup
        if fmt is ReportFormat.md:
            err.print("[dim]markdown on stdout has no images: use -o report.md to write them too[/]")
        return
    err.print(
        f"[bold green]report[/]: {rep.summary.incidents} incidents → " + ", ".join(str(p) for p in written)
    )


@app.command()
def incidents(
    ctx: typer.Context,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    json_out: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List incidents: id, date, type, location, sides, fatalities, status, #sources, #claims.

    New mentions are clustered into incidents first (incremental). Fatalities are the
    conservative (ACLED-style) count; `ceasefire show ID` prints one incident's card.

    Example: `ceasefire incidents --from 2022-09-01 --to 2022-09-30 --json`
    """
    from ..report import build_card, incident_row, incidents_from_store, incidents_table, to_jsonable

    lo, hi = _period(date_from, date_to)
    store = open_store(state(ctx).settings(db=db).db)
    cards = [build_card(i) for i in incidents_from_store(store, date_from=lo, date_to=hi)]
    if json_out:
        out.print_json(json.dumps(to_jsonable([incident_row(c) for c in cards])))
        return
    out.print(incidents_table(cards, title=f"incidents ({len(cards)})"))


def find_incident(ids: list[str], prefix: str) -> str:
    """The one id starting with ``prefix`` (at least 4 characters), else NotFound."""
    if len(prefix) < MIN_PREFIX:
        raise NotFound(f"give at least {MIN_PREFIX} characters of an incident id (got {prefix!r})")
    if prefix in ids:
        return prefix
    hits = sorted(i for i in ids if i.startswith(prefix))
    if not hits:
        raise NotFound(f"no incident with id {prefix!r} (list them with `ceasefire incidents`)")
    if len(hits) > 1:
        shown = ", ".join(hits[:5]) + (" …" if len(hits) > 5 else "")
        raise NotFound(f"{prefix!r} matches {len(hits)} incidents ({shown}): give more characters")
    return hits[0]


@app.command()
def show(
    ctx: typer.Context,
    incident_id: Annotated[
        str, typer.Argument(help="Incident id, or a unique prefix of at least 4 characters.")
    ],
    json_out: JsonOpt = False,
    plain: Annotated[bool, typer.Option("--plain", help="Plain text instead of rich tables.")] = False,
    db: DbOpt = None,
) -> None:
    """One incident's card: what, where, when, who; each side's claims in columns.

    Claims are grouped by figure (kind x side affected), one column per claimant side, with
    the claimant, figure low/best/high, status, evidence sentence, outlet and date; superseded
    claims are struck through and name the claim that replaced them. Then the estimates with
    their rule, the sources with their outlet's lean, and the status with its reason.

    Example: `ceasefire show inc-de39`
    """
    from ..report import build_card, card_renderable, card_text, incidents_from_store, to_jsonable

    store = open_store(state(ctx).settings(db=db).db)
    all_incidents = incidents_from_store(store)
    wanted = find_incident([i.id for i in all_incidents], incident_id)
    card = build_card(next(i for i in all_incidents if i.id == wanted))
    if json_out:
        out.print_json(json.dumps(to_jsonable(card)))
    elif plain:
        typer.echo(card_text(card), nl=False)
    else:
        out.print(card_renderable(card))
