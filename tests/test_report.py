"""The periodic report, its charts and the incident card, on hand-built incidents."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from ceasefire.records import (
    Claim,
    DateValue,
    Estimate,
    Evidence,
    Incident,
    Mention,
    Place,
    ReconciledClaim,
    Source,
)
from ceasefire.report import (
    FramingHit,
    build_card,
    build_report,
    card_text,
    escalation_png,
    map_png,
    render_html,
    render_json,
    timeline_png,
    write_markdown,
)

XSS = "<script>alert(1)</script>"
D = dt.date

# invented places near the line of contact (names and coordinates are ours, not a gazetteer's)
HILLSIDE = Place("Hillside", "AM", "Gegharkunik", 40.21, 45.93, "village", "exact")
RIVERBEND = Place("Riverbend", "AZ", "Tovuz", 40.99, 45.62, "village", "exact")
CAPITAL = Place("Yerevan", "AM", "Yerevan", 40.18, 44.51, "city", "exact")


def _ev(doc: str, text: str, start: int = 0) -> Evidence:
    return Evidence(doc, start, start + len(text), text)


def _mention(
    mid: str,
    doc: str,
    etype: str,
    sub: str,
    a1: tuple[str, str],
    a2: tuple[str, str],
    claimant: tuple[str, str],
    day: dt.date,
    places: tuple[Place, ...],
    text: str,
) -> Mention:
    return Mention(
        id=mid,
        document_id=doc,
        event_type=etype,
        sub_event_type=sub,
        actor1=a1[0],
        actor1_side=a1[1],
        actor2=a2[0],
        actor2_side=a2[1],
        claimant=claimant[0],
        claimant_side=claimant[1],
        date=DateValue(day, day, "day"),
        places=places,
        evidence=_ev(doc, text),
    )


def _claim(
    cid: str,
    doc: str,
    claimant: tuple[str, str],
    kind: str,
    side: str,
    value: int,
    made_on: dt.date,
    text: str,
    *,
    high: int | None = None,
    civilian: bool = False,
) -> Claim:
    return Claim(
        id=cid,
        document_id=doc,
        mention_id=f"m-{doc}",
        claimant=claimant[0],
        claimant_side=claimant[1],
        kind=kind,
        side_affected=side,
        value_low=value,
        value_best=value,
        value_high=high if high is not None else value,
        evidence=_ev(doc, text, 10),
        made_on=made_on,
        civilian=civilian,
    )


AZ_MOD, AM_MOD = ("AZ-MOD", "AZ"), ("AM-MOD", "AM")


def clash() -> Incident:
    """A disputed clash: AM reports its losses (2, later raised to 4), AZ claims 10 and admits 1."""
    m = (
        _mention(
            "m-d1",
            "d1",
            "Battles",
            "Armed clash",
            AZ_MOD,
            AM_MOD,
            AM_MOD,
            D(2022, 9, 13),
            (HILLSIDE,),
            "Our positions near Hillside came under fire overnight, the ministry said.",
        ),
        _mention(
            "m-d2",
            "d2",
            "Battles",
            "Armed clash",
            AZ_MOD,
            AM_MOD,
            AZ_MOD,
            D(2022, 9, 13),
            (HILLSIDE,),
            "The ministry said its units answered fire near Hillside.",
        ),
        # the same accusation by the same ministry, reported by two outlets: one statement
        _mention(
            "m-d2s",
            "d2",
            "Statement",
            "accuse",
            AZ_MOD,
            AM_MOD,
            AZ_MOD,
            D(2022, 9, 13),
            (),
            "The ministry accused the other side of opening fire first.",
        ),
        _mention(
            "m-d3s",
            "d3",
            "Statement",
            "accuse",
            AZ_MOD,
            AM_MOD,
            AZ_MOD,
            D(2022, 9, 13),
            (),
            "Baku's defence ministry blamed the other side for starting the exchange.",
        ),
        _mention(
            "m-d1s",
            "d1",
            "Statement",
            "threaten",
            AM_MOD,
            AZ_MOD,
            AM_MOD,
            D(2022, 9, 13),
            (),
            "The ministry warned that any further attack would be answered.",
        ),
    )
    c_early = _claim(
        "c-am-1",
        "d1",
        AM_MOD,
        "killed",
        "AM",
        2,
        D(2022, 9, 13),
        "Two of our servicemen were killed, the ministry said.",
    )
    c_late = _claim(
        "c-am-2",
        "d3",
        AM_MOD,
        "killed",
        "AM",
        4,
        D(2022, 9, 14),
        "The ministry raised the number of its dead to four.",
    )
    c_az = _claim(
        "c-az-1",
        "d2",
        AZ_MOD,
        "killed",
        "AM",
        10,
        D(2022, 9, 13),
        f"Ten enemy soldiers were destroyed, the ministry claimed {XSS}.",
    )
    c_az_own = _claim(
        "c-az-2",
        "d2",
        AZ_MOD,
        "killed",
        "AZ",
        1,
        D(2022, 9, 13),
        "One of our soldiers died a hero's death, the ministry said.",
    )
    claims = (
        ReconciledClaim(c_early, "news-am", "AM-MOD", "admitted", "own losses", superseded_by="c-am-2"),
        ReconciledClaim(c_late, "armenpress", "AM-MOD", "disputed", "AZ claims 10"),
        ReconciledClaim(c_az, "apa", "AZ-MOD", "disputed", "AM admits 4"),
        ReconciledClaim(c_az_own, "apa", "AZ-MOD", "admitted", "own losses"),
    )
    estimates = (
        Estimate("killed", "AM", False, 4, 4, 10, "acled-conservative", "AM-MOD admits 4; AZ-MOD claims 10"),
        Estimate("killed", "AZ", False, 1, 1, 1, "acled-conservative", "AZ-MOD admits 1"),
    )
    sources = (
        Source("d1", "news-am", "AM", False, "https://example.org/a", "2022-09-13", "Fire near Hillside"),
        Source("d2", "apa", "AZ", False, "https://example.org/b", "2022-09-13", "Provocation answered"),
        Source("d3", "armenpress", "AM", True, "https://example.org/c", "2022-09-14", "Toll rises"),
    )
    return Incident(
        id="inc-clash-0001",
        kind="event",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=D(2022, 9, 13),
        date_end=D(2022, 9, 13),
        date_precision="day",
        date_label="2022-09-13",
        places=(HILLSIDE,),
        actor1="AZ-MOD",
        actor1_side="AZ",
        actor2="AM-MOD",
        actor2_side="AM",
        mentions=m,
        claims=claims,
        estimates=estimates,
        sources=sources,
        fatalities=5,
        status="disputed",
        status_why="AZ-MOD claims 10 AM killed, AM-MOD admits 4",
        notes="armed clash near Hillside",
    )


def shelling() -> Incident:
    m = (
        _mention(
            "m-d4",
            "d4",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            AM_MOD,
            AZ_MOD,
            AZ_MOD,
            D(2022, 9, 15),
            (RIVERBEND,),
            "Riverbend was shelled from across the border.",
        ),
    )
    c = _claim(
        "c-az-3",
        "d4",
        AZ_MOD,
        "wounded",
        "AZ",
        2,
        D(2022, 9, 15),
        "Two villagers were wounded.",
        civilian=True,
    )
    return Incident(
        id="inc-shell-0002",
        kind="event",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=D(2022, 9, 15),
        date_end=D(2022, 9, 15),
        date_precision="day",
        date_label="2022-09-15",
        places=(RIVERBEND,),
        actor1="AM-MOD",
        actor1_side="AM",
        actor2="AZ-MOD",
        actor2_side="AZ",
        mentions=m,
        claims=(ReconciledClaim(c, "trend", "AZ-MOD", "one-sided", "only AZ reports it"),),
        estimates=(Estimate("wounded", "AZ", True, 2, 2, 2, "acled-conservative", "AZ-MOD reports 2"),),
        sources=(Source("d4", "trend", "AZ", False, "https://example.org/d", "2022-09-15", "Shelling"),),
        fatalities=0,
        status="one-sided",
        status_why="only one side reports it",
        notes="",
        civilian_targeting=True,
    )


def statements() -> Incident:
    m = (
        _mention(
            "m-d5",
            "d5",
            "Statement",
            "threaten",
            ("AZ-MFA", "AZ"),
            ("AM-GOV", "AM"),
            ("AZ-MFA", "AZ"),
            D(2022, 9, 20),
            (),
            "The foreign ministry warned of consequences.",
        ),
        _mention(
            "m-d6",
            "d6",
            "Statement",
            "condemn",
            ("AM-MFA", "AM"),
            ("AZ-GOV", "AZ"),
            ("AM-MFA", "AM"),
            D(2022, 9, 20),
            (CAPITAL,),
            "Yerevan condemned the statement as a threat to peace.",
        ),
        _mention(
            "m-d7",
            "d7",
            "Statement",
            "appeal",
            ("RU-GOV", "RU"),
            ("", ""),
            ("RU-GOV", "RU"),
            D(2022, 9, 20),
            (),
            "Moscow urged both sides to show restraint.",
        ),
    )
    return Incident(
        id="inc-stmt-0003",
        kind="statements",
        event_type="Statement",
        sub_event_type="threaten",
        date_start=D(2022, 9, 20),
        date_end=D(2022, 9, 20),
        date_precision="day",
        date_label="2022-09-20",
        places=(CAPITAL,),
        actor1="AZ-MFA",
        actor1_side="AZ",
        actor2="AM-GOV",
        actor2_side="AM",
        mentions=m,
        claims=(),
        estimates=(),
        sources=(
            Source("d5", "azertac", "AZ", True, "https://example.org/e", "2022-09-20", "Warning"),
            Source("d6", "armenpress", "AM", True, "https://example.org/f", "2022-09-20", "Condemnation"),
            Source("d7", "tass", "RU", True, "https://example.org/g", "2022-09-20", "Restraint"),
        ),
        fatalities=0,
        status="unquantified",
        status_why="no casualty figures",
        notes="",
    )


FRAMING = (
    FramingHit("d2", "provocation", "AZ", "blame", 4, 15, "provocation"),
    FramingHit("d2", "provocation", "AZ", "blame", 40, 48, "provocation"),
    FramingHit("d1", "Artsakh", "AM", "toponym", 5, 12, "Artsakh"),
    FramingHit("d9", "Artsakh", "AM", "toponym", 5, 12, "Artsakh"),  # not a source of the period
)
FROM, TO = D(2022, 9, 12), D(2022, 9, 25)


@pytest.fixture(scope="module")
def report():
    return build_report([statements(), shelling(), clash()], date_from=FROM, date_to=TO, framing=FRAMING)


def _png_ok(data: bytes) -> None:
    import matplotlib.image as mpimg
    import numpy as np

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = mpimg.imread(io.BytesIO(data), format="png")
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 100
    flat = img.reshape(-1, img.shape[2])
    assert float(np.var(flat)) > 0
    assert len(np.unique(flat, axis=0)) > 10  # a drawing, not a flat fill


# ------------------------------------------------------------------ model


def test_report_counts(report) -> None:
    s = report.summary
    assert (s.incidents, s.kinetic, s.statements, s.fatalities) == (3, 2, 1, 5)
    assert s.hostile_statements == 4  # accuse (twice reported = once), threaten, threaten, condemn
    assert [(t.event_type, t.incidents) for t in report.by_type] == [
        ("Battles", 1),
        ("Explosions/Remote violence", 1),
        ("Statement", 1),
    ]
    assert [(d.day, d.incidents, d.kinetic) for d in report.by_day] == [
        (D(2022, 9, 13), 1, 1),
        (D(2022, 9, 15), 1, 1),
        (D(2022, 9, 20), 1, 0),
    ]
    assert {p.name: p.incidents for p in report.by_place} == {"Hillside": 1, "Riverbend": 1, "Yerevan": 1}
    assert [i.id for i in report.incidents] == ["inc-clash-0001", "inc-shell-0002", "inc-stmt-0003"]


def test_casualties_by_side_and_claimant(report) -> None:
    tables = report.casualty_tables
    assert tables.claimant_sides == ("AM", "AZ")
    rows = {(r.kind, r.side_affected, r.civilian): r for r in tables.casualties}
    am = rows[("killed", "AM", False)]
    assert (am.low, am.best, am.high, am.rules) == (4, 4, 10, ("acled-conservative",))
    claimed = {f.side: f.best for f in am.claimed}
    assert claimed == {"AM": 4, "AZ": 10}  # the superseded 2 is not counted
    assert rows[("wounded", "AZ", True)].claimed[1].best == 2
    by = {(c.claimant, c.kind, c.side_affected): c for c in tables.claimants}
    am_mod = by[("AM-MOD", "killed", "AM")]
    assert (am_mod.best, am_mod.claims, am_mod.superseded) == (4, 2, 1)
    assert by[("AZ-MOD", "killed", "AM")].best == 10


def test_escalation_per_dyad_week(report) -> None:
    assert report.dyads == ("AM-AZ",)
    weeks = {(r.dyad, r.week): (r.kinetic, r.hostile) for r in report.escalation}
    assert weeks == {
        ("AM-AZ", "2022-W37"): (2, 2),  # clash + shelling; accuse (deduplicated) + threaten
        ("AM-AZ", "2022-W38"): (0, 2),  # threaten + condemn; the appeal is not hostile
    }
    assert report.escalation[0].week_start == D(2022, 9, 12)


def test_outlet_framing_and_quoted(report) -> None:
    outlets = {o.outlet: o for o in report.outlets}
    assert set(outlets) == {"apa", "armenpress", "azertac", "news-am", "tass", "trend"}
    apa = outlets["apa"]
    assert apa.framing_hits == 2 and apa.terms[0].term == "provocation" and apa.narratives == (("AZ", 2),)
    assert [(q.claimant, q.documents) for q in apa.quoted] == [("AZ-MOD", 1)]
    assert outlets["news-am"].framing_hits == 1  # d9 is not a source of the period
    assert {q.claimant for q in outlets["armenpress"].quoted} == {"AM-MOD", "AZ-MOD", "AM-MFA"}


# ------------------------------------------------------------------ card


def test_card_columns_and_supersession() -> None:
    card = build_card(clash())
    assert [c.side for c in card.columns] == ["AZ", "AM"]  # actor1's side first
    am = {v.claim_id: v for v in card.columns[1].claims}
    assert am["c-am-1"].superseded_by == "c-am-2"
    assert am["c-am-1"].superseded_note == "(superseded by 4 of 2022-09-14)"  # the figure, not its id
    assert am["c-am-2"].figure == "4" and am["c-am-2"].outlet_id == "armenpress"
    text = card_text(card)
    for needle in (
        "AZ claimants",
        "AM claimants",
        "Ministry of Defence of Azerbaijan",
        "Ministry of Defence of Armenia",
        "10",
        "Two of our servicemen were killed",
        "superseded by 4 of 2022-09-14",
        "made 2022-09-13",
        "acled-conservative",
        "APA",
        "aligned with AZ",
        "state-owned",
        "disputed",
        "Hillside",
        "Gegharkunik",
        "40.21",
    ):
        assert needle in text, needle
    # columns: both sides' figures share lines
    line = next(ln for ln in text.splitlines() if "AZ claimants" in ln)
    assert "AM claimants" in line


def test_card_renderable_in_rich() -> None:
    from rich.console import Console

    from ceasefire.report import card_renderable

    console = Console(width=140, record=True, color_system=None)
    console.print(card_renderable(build_card(clash())))
    text = console.export_text()
    assert "AZ claimants" in text and "AM claimants" in text
    assert XSS in text  # rich shows document text verbatim, never as markup


# ------------------------------------------------------------------ charts


def test_charts_are_real_pngs(report) -> None:
    for data in (timeline_png(report), map_png(report), escalation_png(report)):
        _png_ok(data)


def test_charts_of_an_empty_period() -> None:
    empty = build_report([], date_from=FROM, date_to=TO)
    for data in (timeline_png(empty), map_png(empty), escalation_png(empty)):
        _png_ok(data)


def test_basemap_has_the_region() -> None:
    from ceasefire.report.charts import choose_basemap, load_basemap

    region = load_basemap("caucasus-10m")
    isos = {iso for _n, iso, _p in region.countries}
    assert {"AM", "AZ", "GE", "IR", "TR", "RU"} <= isos
    assert len(load_basemap("world-110m").countries) > 150
    assert choose_basemap([(45.9, 40.2)]).name == "caucasus-10m"
    assert choose_basemap([(45.9, 40.2), (2.35, 48.85)]).name == "world-110m"


# ------------------------------------------------------------------ renderers


def test_html_is_one_safe_file(report) -> None:
    html = render_html(report)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html, flags=re.I)
    refs += re.findall(r"url\(([^)]*)\)", html, flags=re.I)
    assert not [r for r in refs if re.match(r"\s*['\"]?(https?:)?//", r)]
    assert "<link" not in html.lower() and "@import" not in html
    images = re.findall(r'<img[^>]+src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 3
    for b64 in images:
        _png_ok(base64.b64decode(b64))
    for section in ("Summary", "Incidents by type", "Casualties", "Escalation", "Outlets", "Incident cards"):
        assert section in html
    assert "<del" in html  # the superseded claim is struck


def test_markdown_with_images(report, tmp_path: Path) -> None:
    md_path = tmp_path / "out" / "report.md"
    written = write_markdown(report, md_path)
    md = md_path.read_text(encoding="utf-8")
    for name in ("report-timeline.png", "report-map.png", "report-escalation.png"):
        assert f"]({name})" in md
        assert (md_path.parent / name).exists()
        _png_ok((md_path.parent / name).read_bytes())
        assert md_path.parent / name in written
    for section in (
        "## Summary",
        "## Incidents by type",
        "## Incidents by place",
        "## Incidents by day",
        "## Casualties",
        "## Outlets and framing",
        "## Escalation",
        "## Incident cards",
    ):
        assert section in md
    assert "<script>" not in md and "\\<script\\>" in md  # visible as text, inert as markup
    assert "Ten enemy soldiers were destroyed" in md


def test_json_view_model(report) -> None:
    data = json.loads(render_json(report))
    assert data["date_from"] == "2022-09-12"
    assert {t["event_type"] for t in data["by_type"]} == {
        "Battles",
        "Explosions/Remote violence",
        "Statement",
    }
    assert data["by_day"][0] == {
        "day": "2022-09-13",
        "incidents": 1,
        "kinetic": 1,
        "statements": 0,
        "fatalities": 5,
    }
    assert any(r["kind"] == "killed" and r["side_affected"] == "AM" for r in data["casualties"])
    assert any(r["claimant"] == "AZ-MOD" for r in data["claimants"])
    assert [(w["week"], w["kinetic"], w["hostile"]) for w in data["escalation"]] == [
        ("2022-W37", 2, 2),
        ("2022-W38", 0, 2),
    ]
    assert data["incidents"][0]["columns"][1]["claims"][0]["made_on"] == "2022-09-13"
    # the shared casualty tables are written in place of their field, in the report and in each
    # conflict's section alike: one flat shape, keys in the order the views declare them
    assert "casualty_tables" not in data and "casualty_tables" not in data["sections"][0]
    tables = ["claimant_sides", "casualties", "claimants"]
    assert list(data)[list(data).index("by_day") + 1 :][:4] == [*tables, "outlets"]
    section = list(data["sections"][0])
    assert section[section.index("disputed") + 1 :][:4] == [*tables, "escalation"]
    assert data["sections"][0]["claimant_sides"] == list(report.sections[0].casualty_tables.claimant_sides)
    assert render_json(report) == render_json(report)  # deterministic


# ------------------------------------------------------------------ CLI


@pytest.fixture()
def cli(monkeypatch, tmp_path: Path):
    """The three commands over the fixture incidents (reconcile is stubbed, the store is real)."""
    import ceasefire.cli.report_cmd
    import ceasefire.report
    import ceasefire.report.from_store as from_store
    from ceasefire.cli.app import app

    def fake(store, *, date_from=None, date_to=None, reference=None):
        incs = [clash(), shelling(), statements()]
        return [
            i
            for i in incs
            if (not date_from or i.date_start >= date_from) and (not date_to or i.date_start <= date_to)
        ]

    monkeypatch.setattr(from_store, "incidents_from_store", fake)
    monkeypatch.setattr(ceasefire.report, "incidents_from_store", fake)
    from typer.testing import CliRunner

    from ceasefire.store import Store

    db = str(tmp_path / "t.db")
    Store(db).close()  # read commands refuse a store that does not exist
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [*args, "--db", db])


def test_cli_incidents_and_show(cli) -> None:
    r = cli("incidents", "--json", "--from", "2022-09-14")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [x["id"] for x in rows] == ["inc-shell-0002", "inc-stmt-0003"]
    assert rows[0]["fatalities"] == 0 and rows[0]["sources"] == 1 and rows[0]["claims"] == 1
    r = cli("show", "inc-cl", "--plain")
    assert r.exit_code == 0, r.output
    assert "AZ claimants" in r.output and XSS in r.output


def test_cli_show_needs_a_unique_prefix(cli) -> None:
    from ceasefire.cli.report_cmd import find_incident
    from ceasefire.errors import NotFound

    for bad in ("inc", "inc-", "nope-1234"):
        r = cli("show", bad)
        assert isinstance(r.exception, NotFound), bad
        assert r.exception.exit_code == 4
    assert find_incident(["abcd-1", "abce-2"], "abcd") == "abcd-1"
    with pytest.raises(NotFound, match="matches 2"):
        find_incident(["abcd-1", "abcd-2"], "abcd")


def test_cli_report_writes_files(cli, tmp_path: Path) -> None:
    r = cli(
        "report",
        "--from",
        "2022-09-12",
        "--to",
        "2022-09-25",
        "--format",
        "html",
        "-o",
        str(tmp_path / "r.html"),
    )
    assert r.exit_code == 0, r.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and html.count("data:image/png;base64,") == 3
    r = cli("report", "-o", str(tmp_path / "md" / "r.md"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "md" / "report-map.png").exists()
    r = cli("report", "--format", "json", "--to", "2022-09-14")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["summary"]["incidents"] == 1
    r = cli("report", "--from", "2022-09-30", "--to", "2022-09-01")
    assert r.exit_code == 2


def test_cli_help_has_examples() -> None:
    import ceasefire.cli.report_cmd as rc

    for fn in (rc.report, rc.incidents, rc.show):
        assert "Example:" in (fn.__doc__ or "")


def test_undated_and_far_away_incidents() -> None:
    from dataclasses import replace

    far = Place("Faraway", "FR", "Ile-de-France", 48.85, 2.35, "city", "exact")
    undated = replace(
        shelling(),
        id="inc-undated-0004",
        date_start=None,
        date_end=None,
        date_precision="unknown",
        date_label="16 September (year unknown)",
        places=(far,),
    )
    rep = build_report([clash(), undated])
    assert rep.summary.undated == 1 and len(rep.by_day) == 1
    assert [(r.week, r.kinetic) for r in rep.escalation] == [("2022-W37", 1)]  # undated: no week
    _png_ok(map_png(rep))  # world outlines: Paris is outside the regional box
    assert "16 September (year unknown)" in card_text(build_card(undated))
    nowhere = replace(undated, places=())
    assert "place unknown" in card_text(build_card(nowhere))
    assert build_report([nowhere]).by_place[0].name == "(place unknown)"
