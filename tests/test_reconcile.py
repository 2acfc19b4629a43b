"""Reconciliation: clustering across reports, incremental == rebuild, statuses and estimates."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest

from ceasefire.api import extract
from ceasefire.extract.assemble import FROM_CONTEXT
from ceasefire.extract.dates import OPEN_ENDED
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.reconcile import build_incidents, update_incidents
from ceasefire.reconcile.claims import reconcile_claims
from ceasefire.reconcile.cluster import Node, UnionFind, cluster, nodes_for
from ceasefire.records import Claim, DateValue, Document, Evidence, Mention, Place, PubDate
from ceasefire.settings import Settings
from ceasefire.store import Store


def _demo_inputs() -> tuple[list[str], Path]:
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        p = Path(folder)
        return sorted(str(f) for f in p.glob("*.txt")), p / "manifest.csv"


def _grouping(store: Store) -> set[frozenset[str]]:
    return {frozenset(m.id for m in inc.mentions) for inc in build_incidents(store)}


def _store(tmp_path: Path, name: str) -> Store:
    return Store(str(tmp_path / name))


@pytest.mark.integration
def test_incremental_clustering_equals_rebuild(tmp_path: Path) -> None:
    sources, manifest = _demo_inputs()
    settings = Settings()
    inc = _store(tmp_path, "inc.db")
    for half in (sources[::2], sources[1::2]):
        ingest_sources(half, store=inc, settings=settings, manifest=manifest)
        extract(store=inc)
        update_incidents(inc)
    full = _store(tmp_path, "full.db")
    ingest_sources(sources, store=full, settings=settings, manifest=manifest)
    extract(store=full)
    update_incidents(full)
    assert _grouping(inc) == _grouping(full)
    assert [i.id for i in build_incidents(inc)] == [i.id for i in build_incidents(full)]
    # a second update with nothing new changes nothing
    assert update_incidents(full)[0] == 0
    # and a forced rebuild agrees with the incremental result
    update_incidents(inc, rebuild=True)
    assert _grouping(inc) == _grouping(full)


@pytest.mark.integration
def test_demo_incidents_bring_both_sides_together(tmp_path: Path) -> None:
    sources, manifest = _demo_inputs()
    store = _store(tmp_path, "d.db")
    ingest_sources(sources, store=store, settings=Settings(), manifest=manifest)
    extract(store=store)
    update_incidents(store)
    incidents = build_incidents(store)
    multi = [i for i in incidents if len({s.document_id for s in i.sources}) >= 3 and i.kind == "event"]
    assert multi, "the demo's main clash is told by several outlets and must form one incident"
    main = max(multi, key=lambda i: len(i.sources))
    claimant_sides = {rc.claim.claimant_side for rc in main.claims}
    assert {"AM", "AZ"} <= claimant_sides
    assert main.fatalities >= 1
    # every claim keeps its evidence sentence as a slice of its document's text
    docs = {d.id: d for d in store.documents()}
    for rc in main.claims:
        ev = rc.claim.evidence
        assert docs[ev.document_id].text[ev.start : ev.end] == ev.text


def test_seeds_acceptance(seeds: Path, tmp_path: Path) -> None:
    store = _store(tmp_path, "s.db")
    ingest_sources([seeds], store=store, settings=Settings())
    extract(store=store)
    update_incidents(store)
    incidents = build_incidents(store)

    def holding(needle: str) -> list:  # type: ignore[type-arg]
        return [i for i in incidents if any(needle in m.evidence.text for m in i.mentions)]

    nov16 = [i for i in incidents if i.date_start == dt.date(2021, 11, 16)]
    assert len(nov16) == 1
    clash = nov16[0]
    assert clash.event_type == "Battles" and len(clash.sources) == 2
    figures = {
        (rc.claim.claimant, rc.claim.kind, rc.claim.side_affected, rc.claim.value_low) for rc in clash.claims
    }
    assert ("AZ-MOD", "killed", "AZ", 7) in figures and ("AZ-MOD", "wounded", "AZ", 10) in figures
    assert {("AM-GOV", "captured", "AM", 13), ("AM-GOV", "missing", "AM", 24)} <= figures
    assert any(k == "casualties" and s == "AM" and v == 1 for _c, k, s, v in figures)
    assert {p.name for p in clash.places} & {"Kalbajar", "Lachin", "Laçın", "Kalbajar District"}
    tovuz = holding("On November 18")
    assert len(tovuz) == 1 and tovuz[0] is not clash and tovuz[0].date_start == dt.date(2021, 11, 18)
    assert tovuz[0].event_type == "Explosions/Remote violence"
    jan = holding("killing of Azerbaijani serviceman")
    assert len(jan) == 1 and jan[0] not in (clash, tovuz[0]) and jan[0].event_type == "Battles"
    assert "January 11" in jan[0].date_label
    war_of_words = holding("dangerous games")
    assert len(war_of_words) == 1 and war_of_words[0].kind == "statements"
    kinds = {m.sub_event_type for m in war_of_words[0].mentions}
    assert "threaten" in kinds and kinds & {"accuse", "deny"}


def _doc(doc_id: str, outlet: str, published: dt.date) -> Document:
    return Document(
        id=doc_id,
        source=doc_id,
        text="x" * 100,
        outlet=outlet,
        published=PubDate(published, "day", "manifest"),
    )


def _claim(
    cid: str,
    doc: str,
    claimant: str,
    side: str,
    kind: str,
    affected: str,
    lo: int,
    hi: int | None = None,
    made_on: dt.date | None = None,
    hedge: str = "",
) -> Claim:
    return Claim(
        cid,
        doc,
        "m",
        claimant,
        side,
        kind,
        affected,
        lo,
        lo if hi is None else (lo + hi) // 2,
        hi if hi is not None else lo,
        Evidence(doc, 0, 10, "x" * 10),
        made_on,
        hedge,
    )


def test_statuses_supersession_and_estimates() -> None:
    docs = {
        "d1": _doc("d1", "armenpress", dt.date(2021, 11, 16)),
        "d2": _doc("d2", "azertac", dt.date(2021, 11, 16)),
        "d3": _doc("d3", "armenpress", dt.date(2021, 11, 19)),
        "d4": _doc("d4", "reuters", dt.date(2021, 11, 17)),
        "d5": _doc("d5", "trend", dt.date(2021, 11, 16)),
    }
    claims = [
        _claim("a1", "d1", "AM-MOD", "AM", "killed", "AM", 1, made_on=dt.date(2021, 11, 16)),
        _claim("a2", "d3", "AM-MOD", "AM", "killed", "AM", 6, made_on=dt.date(2021, 11, 19)),
        _claim("z1", "d2", "AZ-MOD", "AZ", "killed", "AM", 15, 20),
        _claim("z2", "d2", "AZ-MOD", "AZ", "killed", "AZ", 7),
        _claim("z3", "d5", "AZ-MOD", "AZ", "killed", "AZ", 7),  # another outlet, the same ministry
        _claim("w1", "d4", "outlet:reuters", "", "wounded", "AZ", 10),
        _claim("w2", "d2", "AZ-MOD", "AZ", "wounded", "AZ", 10),
        _claim("n1", "d1", "AM-MOD", "AM", "killed", "AZ", 3, hedge="denied"),
    ]
    reconciled, estimates = reconcile_claims(
        claims, docs, {"AM-MOD": "Armenia's MoD", "AZ-MOD": "Azerbaijan's MoD"}
    )
    by_id = {rc.claim.id: rc for rc in reconciled}
    assert by_id["a1"].superseded_by == "a2" and by_id["a2"].superseded_by == ""
    assert by_id["a2"].status == "admitted"
    assert by_id["z1"].status == "disputed" and "Armenia's MoD" in by_id["z1"].why
    assert by_id["z2"].originator == by_id["z3"].originator == "AZ-GOV"  # the ministry's government
    assert by_id["w1"].status == "corroborated" or by_id["w2"].status == "admitted"
    assert by_id["w1"].status == "corroborated"  # the wire and the ministry are independent
    assert by_id["n1"].status == "denied"
    est = {(e.kind, e.side_affected): e for e in estimates}
    am = est[("killed", "AM")]
    assert (am.low, am.best, am.high) == (6, 6, 20)  # admitted (latest) figure low, enemy claim high
    assert "own losses" in am.explanation and "15-20" in am.explanation
    assert est[("killed", "AZ")].low == 7
    assert ("killed", "AZ") in est and all(e.kind != "killed" or e.low != 3 for e in estimates)


def test_revision_within_one_report_supersedes_only_with_a_word_of_revision() -> None:
    docs = {"d": _doc("d", "eurasianet", dt.date(2025, 3, 16))}

    def at(cid: str, value: int, start: int, text: str) -> Claim:
        return Claim(
            cid,
            "d",
            "m",
            "AZ-MOD",
            "AZ",
            "killed",
            "AZ",
            value,
            value,
            value,
            Evidence("d", start, start + len(text), text),
            dt.date(2025, 3, 16),
        )

    revised = "The ministry initially said two were killed and later raised the toll to four."
    claims = [at("c2", 2, 0, revised), at("c4", 4, 0, revised)]
    by_id = {rc.claim.id: rc for rc in reconcile_claims(claims, docs, {})[0]}
    assert by_id["c2"].superseded_by == "c4" and by_id["c4"].superseded_by == ""
    plain = "Two soldiers were killed in one village and four in another."
    claims = [at("p2", 2, 0, plain), at("p4", 4, 0, plain)]
    assert all(rc.superseded_by == "" for rc in reconcile_claims(claims, docs, {})[0])


# --- clustering: mentions built by hand (invented reports of a fictional border war) -----------

_PLACES = {
    "Ostrava Ridge": (41.10, 45.20),
    "Kelm": (41.30, 45.60),  # ~40 km from the ridge, across the cell boundary of a 1° grid
    "Far Harbour": (43.90, 49.80),
    "Dunmore": (41.82, 45.20),  # ~80 km north of the ridge
}


def _place(name: str) -> Place:
    lat, lon = _PLACES[name]
    return Place(name, "XA", "", lat, lon, "village", "exact")


def _mention(
    mid: str,
    doc: str,
    *,
    day: dt.date | None = None,
    expression: str = "",
    place: str | None = None,
    sides: tuple[str, str] = ("XA", "XB"),
    event_type: str = "Battles",
    background: bool = False,
) -> Mention:
    date = DateValue(day, day, "day", expression) if day else DateValue(None, None, "unknown", expression)
    return Mention(
        mid,
        doc,
        event_type,
        "Armed clash" if event_type == "Battles" else "deny",
        sides[0],
        sides[0],
        sides[1],
        sides[1],
        "",
        "",
        date,
        (_place(place),) if place else (),
        Evidence(doc, 0, 4, "text"),
        background,
    )


def _fig(mid: str, doc: str, kind: str, side: str, n: int, cid: str = "") -> Claim:
    return Claim(
        cid or f"c-{mid}-{kind}-{side}-{n}",
        doc,
        mid,
        "",
        "",
        kind,
        side,
        n,
        n,
        n,
        Evidence(doc, 0, 4, "text"),
    )


def _components(
    mentions: list[Mention], claims: list[Claim], published: dict[str, dt.date | None], actors: Any = None
) -> set[frozenset[str]]:
    nodes = nodes_for(mentions, claims, {m.document_id: m.document_id for m in mentions}, published, actors)
    uf = cluster(nodes)
    comps: dict[str, set[str]] = {}
    for n in nodes:
        comps.setdefault(uf.find(n.id), set()).add(n.id)
    return {frozenset(c) for c in comps.values()}


def _assert_incremental_equals_rebuild(nodes: list[Node], news: tuple[set[str], ...]) -> None:
    """Clustering the nodes without each set of ``news`` and then adding it gives the groups
    clustering all of them at once gives."""
    full = cluster(nodes)
    for new in news:
        uf = UnionFind()
        old = [n for n in nodes if n.id not in new]
        first = cluster(old)
        for n in old:
            uf.union(first.find(n.id), n.id)
        cluster(nodes, new, uf)
        assert {n.id: uf.find(n.id) for n in nodes} == {n.id: full.find(n.id) for n in nodes}, new


def _together(comps: set[frozenset[str]], *ids: str) -> bool:
    return any(set(ids) <= c for c in comps)


D = dt.date(2031, 6, 14)


def test_an_undated_sentence_is_dated_by_its_report_and_joins_the_other_sides_account() -> None:
    # side XA's outlet dates the clash; side XB's outlet, published the next day, gives no date in
    # the sentence, other figures (its own losses, roles reversed) and a place in the next grid cell
    ms = [
        _mention("a1", "xa-outlet", day=D, place="Ostrava Ridge", sides=("XB", "XA")),
        _mention("b1", "xb-outlet", place="Kelm", sides=("XA", "XB")),
    ]
    claims = [_fig("a1", "xa-outlet", "killed", "XA", 3), _fig("b1", "xb-outlet", "killed", "XB", 11)]
    published = {"xa-outlet": D, "xb-outlet": D + dt.timedelta(days=1)}
    assert _together(_components(ms, claims, published), "a1", "b1")
    # without its publication date nothing dates the second account: it stays apart
    assert not _together(_components(ms, claims, {"xa-outlet": D}), "a1", "b1")


def test_a_placeless_sentence_does_not_chain_a_reports_far_apart_events_into_one() -> None:
    # one report tells of a clash at the ridge and, the same day, of a strike on the harbour
    # 500 km away; a sentence between them names no place ("fighting went on all day")
    ms = [
        _mention("ridge", "r", day=D, place="Ostrava Ridge"),
        _mention("all-day", "r", day=D),
        _mention("harbour", "r", day=D, place="Far Harbour"),
    ]
    comps = _components(ms, [], {"r": D})
    assert not _together(comps, "ridge", "harbour")
    # two of the day's places close together still make one incident through it
    near = [*ms[:2], _mention("kelm", "r", day=D, place="Kelm")]
    assert _together(_components(near, [], {"r": D}), "ridge", "all-day", "kelm")
    # across reports a single link stays: another report's placeless account joins either
    other = [*ms, _mention("wire", "w", day=D)]
    assert _together(_components(other, [], {"r": D, "w": D}), "ridge", "wire") or _together(
        _components(other, [], {"r": D, "w": D}), "harbour", "wire"
    )
    _assert_incremental_equals_rebuild(nodes_for(ms, [], {"r": "r"}, {"r": D}), ({"all-day"}, {"harbour"}))


def test_two_reports_a_day_apart_beyond_near_reach_tell_two_days_fighting() -> None:
    # Monday's clash at the ridge and Tuesday's 80 km up the front: same parties, same kind
    ms = [
        _mention("mon", "a", day=D, place="Ostrava Ridge"),
        _mention("tue", "b", day=D + dt.timedelta(days=1), place="Dunmore"),
    ]
    published = {"a": D, "b": D + dt.timedelta(days=1)}
    assert not _together(_components(ms, [], published), "mon", "tue")
    # the day either side stays for one place (a late filing, another time zone) ...
    late = [ms[0], _mention("tue", "b", day=D + dt.timedelta(days=1), place="Ostrava Ridge")]
    assert _together(_components(late, [], published), "mon", "tue")
    # ... and for one day, however far within reach
    same = [ms[0], _mention("tue", "b", day=D, place="Dunmore")]
    assert _together(_components(same, [], published), "mon", "tue")


def test_a_sentence_naming_two_far_apart_towns_joins_the_event_of_the_first_only() -> None:
    # a headline tells two events ("forces took posts at the ridge, drones struck the harbour");
    # two other reports tell one each: the headline must not chain them into one incident
    two = replace(
        _mention("both", "h", day=D, place="Ostrava Ridge"),
        places=(_place("Ostrava Ridge"), _place("Far Harbour")),
    )
    ms = [
        two,
        _mention("ridge", "r", day=D, place="Ostrava Ridge"),
        _mention("harbour", "w", day=D, place="Far Harbour"),
    ]
    published = {"h": D, "r": D, "w": D}
    comps = _components(ms, [], published)
    assert not _together(comps, "ridge", "harbour")
    assert _together(comps, "both", "ridge")
    # two towns close together are one event's places: either report joins it
    near = [
        replace(two, places=(_place("Ostrava Ridge"), _place("Kelm"))),
        ms[1],
        _mention("kelm", "w", day=D, place="Kelm"),
    ]
    assert _together(_components(near, [], published), "both", "ridge", "kelm")


def test_a_report_window_rules_out_events_after_publication_and_long_before() -> None:
    for day in (D + dt.timedelta(days=3), D - dt.timedelta(days=40)):
        ms = [
            _mention("a1", "dated", day=day, place="Ostrava Ridge"),
            _mention("b1", "undated", place="Ostrava Ridge"),
        ]
        claims = [_fig("a1", "dated", "killed", "XA", 5), _fig("b1", "undated", "killed", "XA", 5)]
        comps = _components(ms, claims, {"dated": day, "undated": D})
        assert not _together(comps, "a1", "b1"), day


def test_a_report_of_unknown_date_needs_more_than_a_figure_and_a_place_to_join() -> None:
    # the same toll near the same post, once dated, once in a report of unknown publication that
    # gives no date: it could be another year's clash
    ms = [
        _mention("a1", "dated", day=D, place="Ostrava Ridge"),
        _mention("b1", "timeless", place="Kelm"),
    ]
    claims = [_fig("a1", "dated", "killed", "XA", 5), _fig("b1", "timeless", "killed", "XA", 5)]
    assert not _together(_components(ms, claims, {"dated": D}), "a1", "b1")
    # once its publication is known, its window dates it and the same evidence joins them
    assert _together(_components(ms, claims, {"dated": D, "timeless": D}), "a1", "b1")


def test_two_reports_that_nothing_dates_never_join_unless_copies_of_one_story() -> None:
    # the same toll at the same post in two reports with no date and no publication day: the
    # same front's "five soldiers killed" of two different years
    ms = [_mention("a1", "clip-a", place="Ostrava Ridge"), _mention("b1", "clip-b", place="Ostrava Ridge")]
    claims = [_fig("a1", "clip-a", "killed", "XA", 5), _fig("b1", "clip-b", "killed", "XA", 5)]
    assert not _together(_components(ms, claims, {}), "a1", "b1")
    # near-copies of one story (one duplicate group) are one event told twice
    nodes = nodes_for(ms, claims, {"clip-a": "g", "clip-b": "g"}, {})
    uf = cluster(nodes)
    assert uf.find("a1") == uf.find("b1")


def test_a_figure_whose_side_one_report_leaves_unsaid_is_shared() -> None:
    # both reports undated in the sentence, published a day apart, places only at country level:
    # the window, the parties, the kind of event and the figure 23 (side unsaid in one) link them
    ms = [_mention("a1", "one"), _mention("b1", "two", sides=("XB", "XA"))]
    claims = [_fig("a1", "one", "killed", "XA", 23), _fig("b1", "two", "killed", "", 23)]
    published = {"one": D, "two": D + dt.timedelta(days=1)}
    assert _together(_components(ms, claims, published), "a1", "b1")
    other = [_fig("a1", "one", "killed", "XA", 23), _fig("b1", "two", "killed", "", 7)]
    assert not _together(_components(ms, other, published), "a1", "b1")


def test_a_mention_linked_to_two_events_a_season_apart_does_not_chain_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # whatever links pairs (here: everything), mentions dated more than a week apart never end up
    # in one incident through a third that is dated by neither (a report of unknown date)
    monkeypatch.setattr(importlib.import_module("ceasefire.reconcile.cluster"), "linked", lambda a, b: True)
    later = D + dt.timedelta(days=200)
    ms = [
        _mention("a1", "summer", day=D, place="Ostrava Ridge"),
        _mention("t1", "timeless", place="Ostrava Ridge"),
        _mention("a2", "summer-2", day=D + dt.timedelta(days=2), place="Ostrava Ridge"),
        _mention("b1", "winter", day=later, place="Ostrava Ridge"),
    ]
    comps = _components(ms, [], {"summer": D, "summer-2": D, "winter": later})
    assert _together(comps, "a1", "t1", "a2")  # days within a week still join
    assert not _together(comps, "a1", "b1")


def test_blocking_is_symmetric_so_incremental_equals_rebuild() -> None:
    ms = [
        _mention("a1", "r1", day=D, place="Ostrava Ridge"),
        _mention("b1", "r2", place="Kelm"),
        _mention("c1", "r3", expression="June 14", place="Kelm"),
        _mention("d1", "r4", place="Far Harbour"),
        _mention("e1", "r5", day=D + dt.timedelta(days=1)),
    ]
    claims = [_fig(m.id, m.document_id, "killed", "XA", 4) for m in ms]
    published = {"r1": D, "r2": D, "r3": None, "r4": D, "r5": D + dt.timedelta(days=1)}
    groups = {m.document_id: m.document_id for m in ms}
    nodes = nodes_for(ms, claims, groups, published)
    _assert_incremental_equals_rebuild(nodes, ({"a1"}, {"b1", "d1"}, {"c1"}, {"e1"}))


class _Dyads:
    """A reference-data stand-in: XA fights XB; XC, an armed group, fights XA too."""

    def opponents(self, side: str) -> tuple[str, ...]:
        return {"XA": ("XB", "XC"), "XB": ("XA",), "XC": ("XA",)}.get(side, ())


def test_allies_of_one_camp_are_one_side_for_linking() -> None:
    from ceasefire.reconcile.cluster import camp

    dyads: Any = _Dyads()  # the actor index the caller passes (the reference data's)
    assert camp("XB", dyads) == camp("XC", dyads) != camp("XA", dyads)
    # one outlet names the state XB, the other its ally XC, for the same 18 losses, a day apart
    ms = [
        _mention("a1", "one", day=D, sides=("XA", "XB")),
        _mention("b1", "two", day=D + dt.timedelta(days=1), sides=("XC", "XA")),
    ]
    claims = [_fig("a1", "one", "casualties", "XB", 18), _fig("b1", "two", "casualties", "XC", 18)]
    assert _together(_components(ms, claims, {}, dyads), "a1", "b1")


def test_a_figure_restated_in_one_report_is_one_event_whatever_day_each_sentence_names() -> None:
    ms = [
        _mention("h", "r", day=D - dt.timedelta(days=3)),  # "since the fighting began on ..."
        _mention("b", "r", day=D),
        _mention("x", "r", day=D - dt.timedelta(days=6)),  # another figure, another day
    ]
    claims = [
        _fig("h", "r", "killed", "XA", 20),
        _fig("b", "r", "killed", "XA", 20),
        _fig("x", "r", "killed", "XA", 2),
    ]
    comps = _components(ms, claims, {})
    assert _together(comps, "h", "b") and not _together(comps, "h", "x")
    small = [_fig("h", "r", "killed", "XA", 2), _fig("b", "r", "killed", "XA", 2)]
    assert not _together(_components(ms[:2], small, {}), "h", "b")  # a small figure can recur


def test_a_period_rules_out_a_day_named_without_its_year_outside_it() -> None:
    last_month = DateValue(dt.date(2031, 5, 1), dt.date(2031, 5, 31), "month", "last month")
    ms = [
        replace(_mention("p", "r1", place="Kelm"), date=last_month),
        _mention("q", "r2", expression="June 6-7", place="Kelm"),
        _mention("s", "r3", expression="May 20", place="Kelm"),
    ]
    claims = [_fig(m.id, m.document_id, "killed", "XA", 26) for m in ms]
    comps = _components(ms, claims, {})
    assert not _together(comps, "p", "q") and _together(comps, "p", "s")


def _pubdoc(doc_id: str, published: dt.date | None) -> Document:
    pub = PubDate(published, "day", "manifest") if published else PubDate.unknown()
    return Document(id=doc_id, source=doc_id, text="x", published=pub)


def test_an_incident_told_without_a_day_is_dated_by_its_reports_never_year_unknown() -> None:
    from ceasefire.reconcile import _when

    pub = dt.date(2031, 6, 14)  # a Saturday
    docs = {"known": _pubdoc("known", pub), "unknown": _pubdoc("unknown", None)}
    # undated sentences of a dated report: the report window, labelled as such
    undated = [_mention("a", "known")]
    start, end, precision, label = _when(undated, undated, docs)
    assert (start, end, precision) == (pub - dt.timedelta(days=1), pub, "week")
    assert "year unknown" not in label and "reported 2031-06-14" in label
    # a weekday in a report without a date takes its year from the incident's other report
    weekday = [_mention("b", "unknown", expression="late Thursday"), _mention("c", "known")]
    start, end, precision, label = _when(weekday, weekday, docs)
    assert start == dt.date(2031, 6, 12) and precision == "day" and "late Thursday" in label
    # a month named in a dated report is a month, not "(year unknown)"
    month = [
        replace(
            _mention("d", "known"), date=DateValue(dt.date(2031, 5, 1), dt.date(2031, 5, 31), "month", "May")
        )
    ]
    assert _when(month, month, docs)[2:] == ("month", "May 2031")
    # with no date anywhere, the words of the text are all there is
    alone = [_mention("e", "unknown", expression="Thursday")]
    assert _when(alone, alone, {"unknown": docs["unknown"]}) == (
        None,
        None,
        "unknown",
        "Thursday (year unknown)",
    )


def test_two_organs_of_one_government_are_one_originator() -> None:
    day = dt.date(2031, 6, 14)
    docs = {k: _doc(k, k, day) for k in ("wire-a", "wire-b", "wire-c", "paper")}
    claims = [
        _claim("mod", "wire-a", "XA-MOD", "XA", "killed", "XB", 9),
        _claim("mfa", "wire-b", "XA-MFA", "XA", "killed", "XB", 9),
        _claim("army", "wire-c", "XA-ARMY", "XA", "killed", "XB", 9),
        # the paper repeats the ministry's figure in its own voice and quotes it too
        _claim("own", "paper", "outlet", "", "killed", "XB", 9),
        _claim("quoted", "paper", "XA-MOD", "XA", "killed", "XB", 9),
    ]
    reconciled, estimates = reconcile_claims(claims, docs, {})
    by_id = {rc.claim.id: rc for rc in reconciled}
    assert {rc.originator for rc in reconciled} == {"XA-GOV"}
    assert all(rc.status == "one-sided" for rc in reconciled), [rc.why for rc in reconciled]
    assert "1 originator" in estimates[0].explanation
    # residents of XA are not an organ of its government: they corroborate it
    residents = _claim("res", "paper", "XA-CIVILIANS", "XA", "killed", "XB", 9)
    reconciled, _ = reconcile_claims([*claims, residents], docs, {})
    assert {rc.originator for rc in reconciled} == {"XA-GOV", "XA-CIVILIANS"}
    assert by_id["mod"].claim.id == "mod" and all(rc.status == "corroborated" for rc in reconciled)


_COUNTRY = Place("Xa", "XA", "", 40.0, 44.0, "country", "country")


def test_an_incident_is_placed_in_the_town_another_days_sentence_names_before_a_country() -> None:
    from ceasefire.reconcile import _where

    # the clash itself is told at country level; the next day's sentence (the toll given by the
    # town's hospital) names the town: the town, not the country's centre
    clash = replace(_mention("a", "r", day=D), places=(_COUNTRY,))
    toll = _mention("b", "r", day=D + dt.timedelta(days=1), place="Kelm")
    figs = {"a": [_fig("a", "r", "killed", "XA", 3)], "b": [_fig("b", "r", "wounded", "XA", 9)]}
    assert [p.name for p in _where([clash, toll], D, D, figs)] == ["Kelm", "Xa"]
    # when the incident's own day names a town, another day's town (a funeral) is not its place
    there = replace(clash, places=(_COUNTRY, _place("Ostrava Ridge")))
    assert [p.name for p in _where([there, toll], D, D, figs)] == ["Ostrava Ridge", "Xa"]


def test_an_area_most_sentences_name_outvotes_a_far_town_one_sentence_names() -> None:
    from ceasefire.reconcile import _where

    # a dozen sentences put the fighting in "the south" of a country; one headline names strikes
    # in its capital 300 km away: the incident is in the south
    south = Place("southern Xa", "XA", "", 41.2, 45.4, "region", "region")
    capital = Place("Far Harbour", "XA", "", *_PLACES["Far Harbour"], "city", "exact")
    fights = [replace(_mention(f"f{i}", "r", day=D), places=(south,)) for i in range(4)]
    headline = replace(_mention("h", "r", day=D), places=(capital, south))
    assert [p.name for p in _where([*fights, headline], D, D, {})][:2] == ["southern Xa", "Far Harbour"]
    # a town inside the area, however rarely named, refines it
    town = replace(headline, places=(_place("Kelm"), south))
    assert [p.name for p in _where([*fights, town], D, D, {})][:2] == ["Kelm", "southern Xa"]
    # and a town named about as often as the area keeps its first rank wherever it lies
    both = [replace(f, places=(capital, south)) for f in fights[:2]]
    assert _where([*fights[2:], *both], D, D, {})[0].name == "Far Harbour"


def test_a_district_most_sentences_name_outvotes_a_far_town_one_sentence_names() -> None:
    from ceasefire.reconcile import _where

    # "the Kelm district" (a town named as its district) in four sentences; one sentence tells of
    # a landmine near a town 100 km away: the incident is in the district
    district = replace(_place("Kelm"), precision="district")
    far = Place("Dovra", "XA", "", 42.2, 45.6, "town", "exact")
    fights = [replace(_mention(f"f{i}", "r", day=D), places=(district,)) for i in range(4)]
    blast = replace(_mention("b", "r", day=D), places=(far,))
    assert [p.name for p in _where([*fights, blast], D, D, {})][:2] == ["Kelm", "Dovra"]
    # a town inside the district (within a few km of its seat) refines it
    near = Place("Kelm Bridge", "XA", "", 41.35, 45.62, "village", "exact")
    inside = replace(blast, places=(near,))
    assert _where([*fights, inside], D, D, {})[0].name == "Kelm Bridge"
    # and a far town named about as often as the district keeps its first rank
    assert _where([*fights[:1], blast], D, D, {})[0].name == "Dovra"


def test_a_town_named_also_as_its_district_counts_every_naming_against_a_far_district() -> None:
    from ceasefire.reconcile import _where

    # "Dovra" once and "the Dovra district" three times; a province named (with its toll) in
    # one sentence, its seat 100 km away: four namings of the town are not outvoted by one
    town = Place("Dovra", "XA", "", 42.2, 45.6, "town", "exact")
    district = replace(town, precision="district")
    province = replace(_place("Kelm"), name="Kelm province", precision="district")
    ms = [
        replace(_mention("t", "r", day=D), places=(town,)),
        *(replace(_mention(f"d{i}", "r", day=D), places=(district,)) for i in range(3)),
        replace(_mention("p", "s", day=D), places=(province,)),
    ]
    claims = {"p": [_fig("p", "s", "killed", "XA", 10), _fig("p", "s", "wounded", "XA", 30)]}
    assert _where(ms, D, D, claims)[0].name == "Dovra"


def test_of_towns_named_alike_often_the_first_named_and_the_one_named_as_its_district_lead() -> None:
    from ceasefire.reconcile import _where

    far = Place("Amber Bay", "XA", "", 42.2, 45.6, "town", "exact")
    # one sentence: "shelling hit Kelm and, further north, Amber Bay": the first named leads
    listed = replace(_mention("a", "r", day=D), places=(_place("Kelm"), far))
    assert _where([listed], D, D, {})[0].name == "Kelm"
    # Amber Bay named first, but Kelm named again as "the Kelm district": Kelm is named more
    again = replace(_mention("a", "r", day=D), places=(far, _place("Kelm")))
    district = replace(_mention("b", "r", day=D), places=(replace(_place("Kelm"), precision="district"),))
    assert _where([again], D, D, {})[0].name == "Amber Bay"
    assert _where([again, district], D, D, {})[0].name == "Kelm"


def test_a_town_inside_the_area_keeps_first_rank_however_far_from_the_areas_point() -> None:
    from ceasefire.extract.gazetteer import Gazetteer
    from ceasefire.reconcile import _where

    def row(name: str, lat: float, lon: float, feature: str = "town") -> dict[str, str]:
        precision = "country" if feature == "country" else "exact"
        return {
            "geonameid": "", "name": name, "ascii_name": "", "alternate_names": "", "country": "QX",
            "admin1": "" if feature == "country" else "North", "latitude": str(lat), "longitude": str(lon),
            "feature": feature, "population": "20000", "precision": precision,
        }  # fmt: skip

    towns = [("Avel", 44.0), ("Brin", 43.8), ("Cor", 43.0), ("Dun", 42.5), ("Esk", 42.0), ("Fal", 41.5)]
    towns += [("Gor", 41.0), ("Hem", 40.5), ("Port Zil", 38.0)]
    gaz = Gazetteer.load(
        [], extra_rows=[row("Qexland", 43.0, 20.5, "country"), *(row(n, la, 21.0) for n, la in towns)]
    )
    south = gaz.part(gaz.country("QX"), "southern", -1, 0)
    port = gaz.resolve("Port Zil", context=("QX",))
    assert south is not None and port is not None
    fights = [replace(_mention(f"f{i}", "r", day=D), places=(south,)) for i in range(4)]
    harbour = replace(_mention("h", "r", day=D), places=(port, south))
    # the port lies in the south, far from the point that stands for it: it refines the area
    assert _where([*fights, harbour], D, D, {}, gaz)[0].name == "Port Zil"
    # without the gazetteer to tell, a place that far from the area's point is outvoted
    assert _where([*fights, harbour], D, D, {})[0].name == "southern Qexland"


SATURDAY = dt.date(2031, 6, 14)


def test_a_weekday_in_a_report_without_a_date_meets_the_day_of_that_name() -> None:
    # the second outlet's page carries no date; its sentence says "late Saturday" and gives the
    # same toll for the same parties, places only at country level (no grid cell to share)
    sunday, tuesday = SATURDAY + dt.timedelta(days=1), SATURDAY - dt.timedelta(days=4)
    for day, joined in ((SATURDAY, True), (sunday, True), (tuesday, False)):
        ms = [
            _mention("a1", "dated", day=day),
            _mention("b1", "undated", expression="late Saturday"),
        ]
        claims = [_fig("a1", "dated", "killed", "XA", 7), _fig("b1", "undated", "killed", "XA", 7)]
        assert _together(_components(ms, claims, {"dated": day, "undated": None}), "a1", "b1") is joined, day
    # without the weekday nothing dates the second report: a toll and the parties are not enough
    ms = [_mention("a1", "dated", day=SATURDAY), _mention("b1", "undated")]
    claims = [_fig("a1", "dated", "killed", "XA", 7), _fig("b1", "undated", "killed", "XA", 7)]
    assert not _together(_components(ms, claims, {"dated": SATURDAY, "undated": None}), "a1", "b1")


def test_a_weekday_without_a_year_and_without_a_shared_figure_dates_nothing() -> None:
    # an undated report says "late Saturday" at the same ridge, same parties and kind of event,
    # but states no figure the dated report states: a Saturday of any year, kept apart
    ms = [
        _mention("a1", "dated", day=SATURDAY, place="Ostrava Ridge"),
        _mention("b1", "undated", expression="late Saturday", place="Ostrava Ridge"),
    ]
    apart = [_fig("a1", "dated", "killed", "XA", 4), _fig("b1", "undated", "wounded", "XA", 9)]
    assert not _together(_components(ms, apart, {"dated": SATURDAY, "undated": None}), "a1", "b1")
    # the same toll in both joins them (see the test above)
    shared = [_fig("a1", "dated", "killed", "XA", 4), _fig("b1", "undated", "killed", "XA", 4)]
    assert _together(_components(ms, shared, {"dated": SATURDAY, "undated": None}), "a1", "b1")


def test_a_weekday_both_reports_name_of_one_place_joins_without_a_shared_figure() -> None:
    # the dated report says "on Saturday" too, of the same ridge: both tell of that Saturday's
    # fighting there, though their tolls differ (each side's own account)
    ms = [
        _mention("a1", "dated", day=SATURDAY, expression="on Saturday", place="Ostrava Ridge"),
        _mention("b1", "undated", expression="late Saturday", place="Ostrava Ridge"),
    ]
    apart = [_fig("a1", "dated", "killed", "XA", 4), _fig("b1", "undated", "wounded", "XA", 9)]
    assert _together(_components(ms, apart, {"dated": SATURDAY, "undated": None}), "a1", "b1")
    # ... but not of places far apart
    far = [ms[0], _mention("b1", "undated", expression="late Saturday", place="Kelm")]
    assert not _together(_components(far, apart, {"dated": SATURDAY, "undated": None}), "a1", "b1")


def test_a_weekday_of_an_unknown_year_and_an_undated_report_never_join() -> None:
    # neither report is dated: "on Saturday" in one and nothing in the other, the same toll near
    # the same ridge, could be two years apart
    ms = [
        _mention("a1", "r1", expression="on Saturday", place="Ostrava Ridge"),
        _mention("b1", "r2", place="Ostrava Ridge"),
    ]
    claims = [_fig("a1", "r1", "killed", "XA", 5), _fig("b1", "r2", "killed", "XA", 5)]
    assert not _together(_components(ms, claims, {"r1": None, "r2": None}), "a1", "b1")


def test_a_year_and_a_day_of_another_year_rule_each_other_out() -> None:
    year = replace(
        _mention("a1", "r1", place="Ostrava Ridge"),
        date=DateValue(dt.date(2029, 1, 1), dt.date(2029, 12, 31), "year", "2029"),
    )
    for day, joined in ((SATURDAY, False), (dt.date(2029, 6, 2), True)):
        ms = [year, _mention("b1", "r2", day=day, place="Ostrava Ridge")]
        claims = [_fig("a1", "r1", "killed", "XA", 5), _fig("b1", "r2", "killed", "XA", 5)]
        published = {"r1": None, "r2": day}
        assert _together(_components(ms, claims, published), "a1", "b1") is joined, day


def test_a_weekday_meets_a_report_window_only_inside_it() -> None:
    # an undated sentence of a report published on Saturday (its window: Thursday to Saturday)
    # and a report of unknown date that names a weekday, with the same toll and parties and no
    # place finer than the country: Friday falls in the window; Wednesday, a day before it,
    # does not (a window widened by a day either side would meet five weekdays in seven)
    for named, joined in (("on Friday", True), ("on Wednesday", False)):
        ms = [_mention("a1", "dated"), _mention("b1", "undated", expression=named)]
        claims = [_fig("a1", "dated", "killed", "XA", 6), _fig("b1", "undated", "killed", "XA", 6)]
        comps = _components(ms, claims, {"dated": SATURDAY, "undated": None})
        assert _together(comps, "a1", "b1") is joined, named


def test_two_weekdays_of_one_undated_report_are_two_days() -> None:
    ms = [
        _mention("m", "r", expression="Monday", place="Kelm"),
        _mention("t", "r", expression="Thursday evening", place="Kelm"),
        _mention("u", "r", expression="on Monday", place="Ostrava Ridge"),
    ]
    comps = _components(ms, [], {"r": None})
    assert _together(comps, "m", "u") and not _together(comps, "m", "t")


def test_a_dayless_sentence_does_not_chain_two_weekdays_of_one_undated_report() -> None:
    # the headline names no day; the lead's Sunday assault and the Saturday ambush told after it
    # are two incidents, whatever the headline links to
    ms = [
        _mention("h", "r", place="Kelm"),
        _mention("sun", "r", expression="Sunday", place="Kelm"),
        _mention("sat", "r", expression="Saturday afternoon", place="Kelm"),
    ]
    comps = _components(ms, [], {"r": None})
    assert not _together(comps, "sun", "sat")
    assert _together(comps, "h", "sun") or _together(comps, "h", "sat")
    # a day of the month and a weekday of an unknown year may be one day: nothing keeps them apart
    ms = [
        _mention("h", "r", place="Kelm"),
        _mention("nov", "r", expression="the evening of November 16", place="Kelm"),
        _mention("tue", "r", expression="Tuesday", place="Kelm"),
    ]
    assert _together(_components(ms, [], {"r": None}), "h", "nov", "tue")


def test_weekday_blocking_is_symmetric_so_incremental_equals_rebuild() -> None:
    ms = [
        _mention("a1", "r1", day=SATURDAY),
        _mention("b1", "r2", expression="late Saturday"),
        _mention("c1", "r3", expression="Sunday"),
        _mention("d1", "r4"),  # undated sentence of a report published on Sunday
        _mention("e1", "r5", expression="Tuesday"),
    ]
    claims = [_fig(m.id, m.document_id, "killed", "XA", 4) for m in ms]
    published = {"r1": SATURDAY, "r2": None, "r3": None, "r4": SATURDAY + dt.timedelta(days=1), "r5": None}
    nodes = nodes_for(ms, claims, {m.document_id: m.document_id for m in ms}, published)
    full = cluster(nodes)
    assert full.find("a1") == full.find("b1") == full.find("d1") != full.find("e1")
    _assert_incremental_equals_rebuild(nodes, ({"a1"}, {"b1"}, {"c1", "e1"}, {"d1"}))


def test_a_day_just_before_a_report_window_is_no_evidence_that_it_is_the_same_event() -> None:
    # an undated sentence (no parties, no figures: "the exchanges of fire displaced thousands")
    # in a report published on D+2, and a clash at the same ridge: on D (inside the window [D, D+2])
    # the window dates the pair; on D-1 (a day before it) the window says nothing
    for day, joined in ((D, True), (D - dt.timedelta(days=1), False)):
        ms = [
            _mention("a1", "dated", day=day, place="Ostrava Ridge"),
            _mention("b1", "undated", place="Ostrava Ridge", sides=("", "")),
        ]
        comps = _components(ms, [], {"dated": day, "undated": D + dt.timedelta(days=2)})
        assert _together(comps, "a1", "b1") is joined, day


def test_a_day_long_before_its_reports_tell_of_the_incident_does_not_date_it(tmp_path: Path) -> None:
    from ceasefire.reconcile import _when
    from ceasefire.records import Extraction

    pub = dt.date(2031, 6, 14)
    old = dt.date(2026, 1, 17)  # a photo caption's date glued to one sentence of an undated page
    docs = {"paper": _pubdoc("paper", pub), "page": _pubdoc("page", None)}
    ms = [
        _mention("a", "paper", place="Kelm"),  # the clash, told without a date in a dated report
        _mention("b", "paper", place="Kelm"),
        _mention("c", "page", day=old, place="Kelm"),
    ]
    start, end, precision, label = _when(ms, ms, docs)
    assert (start, end, precision) == (pub - dt.timedelta(days=1), pub, "week"), label
    # a day within the report's last days still dates it
    recent = [*ms[:2], replace(ms[2], date=DateValue(pub, pub, "day", "Saturday"))]
    assert _when(recent, recent, docs)[:3] == (pub, pub, "day")

    # exports list incidents in the order of the dates they show, this one included (a second
    # undated page with the same toll at the same place joins the caption-dated page to it)
    store = _store(tmp_path, "order")
    other = dt.date(2029, 3, 3)
    docs |= {"third": _pubdoc("third", other), "page2": _pubdoc("page2", None)}
    for d in docs.values():
        store.add_document(d)
    by_doc: dict[str, list[Mention]] = {}
    for m in [
        *ms,
        _mention("d", "page2", place="Kelm"),
        _mention("z", "third", day=other, place="Far Harbour"),
    ]:
        by_doc.setdefault(m.document_id, []).append(m)
    for doc_id, mentions in by_doc.items():
        claims = tuple(_fig(m.id, doc_id, "killed", "XA", 4) for m in mentions)
        store.save_extraction(Extraction(doc_id, tuple(mentions), claims, (), "ok"), "test")
    update_incidents(store, rebuild=True)
    incidents = build_incidents(store)
    assert [len(i.mentions) for i in incidents] == [1, 4]
    assert [i.date_start for i in incidents] == [other, pub - dt.timedelta(days=1)]


def test_one_dead_or_heavy_losses_in_two_undated_reports_is_no_evidence_of_one_event() -> None:
    # an undated sentence of a report published on D and a page with no date at all, at one
    # place, the same parties and kind of fighting: a shared toll of 7 links them, a shared single
    # death (told of every day of a war) or "heavy losses" without a number does not
    ms = [_mention("a1", "one", place="Ostrava Ridge"), _mention("b1", "two", place="Ostrava Ridge")]
    for n, joined in ((7, True), (1, False), (None, False)):
        claims = [
            replace(_fig(m.id, m.document_id, "killed", "XB", 0), value_low=n, value_best=n, value_high=n)
            for m in ms
        ]
        assert _together(_components(ms, claims, {"one": D, "two": None}), "a1", "b1") is joined, n


def test_a_sentence_that_says_it_tells_of_another_incident_stays_out_of_the_days_other_fighting() -> None:
    # one report: an ambush with its toll, then "in a separate incident" a shelling the same day
    # with its own toll; the day and the front alone would make them one incident
    ambush = _mention("a1", "paper", day=D, place="Kelm")
    told = "Two more soldiers were killed by shelling near the river crossing."
    ms = [
        ambush,
        replace(_mention("a2", "paper", day=D, place="Kelm"), evidence=Evidence("paper", 90, 160, told)),
    ]
    claims = [_fig("a1", "paper", "killed", "XA", 6), _fig("a2", "paper", "killed", "XA", 2)]
    assert _together(_components(ms, claims, {"paper": D}), "a1", "a2")
    for marker in ("In a separate incident, two", "Elsewhere, two", "In a second attack, two"):
        apart = replace(ms[1], evidence=Evidence("paper", 90, 160, told.replace("Two", marker, 1)))
        assert not _together(_components([ambush, apart], claims, {"paper": D}), "a1", "a2"), marker


def test_a_sentence_without_a_day_does_not_chain_two_days_its_report_names_without_a_year() -> None:
    # a report of unknown date tells "fighting in the past week" (no day), a clash "on March 4"
    # and a bombing "on March 6", all near one town: the lead links to both, yet the two days stay
    # two incidents (the lead joins one); another report's March 6 joins the bombing
    ms = [
        _mention("lead", "wire", expression="the past week", place="Kelm"),
        _mention("may1", "wire", expression="March 4", place="Kelm"),
        _mention("may3", "wire", expression="the morning of March 6", place="Kelm"),
        _mention("other", "agency", expression="March 6", place="Kelm"),
    ]
    comps = _components(ms, [], {"wire": None, "agency": None})
    assert not _together(comps, "may1", "may3")
    assert _together(comps, "may3", "other")
    assert sum(1 for c in comps if "lead" in c and ({"may1", "may3"} & c)) == 1


def test_reports_own_days_more_than_two_days_apart_are_not_chained_into_one_event() -> None:
    # four reports, each of an attack at Kelm on its own day, D to D+3: each links to the next
    # (a day either side across reports), but the first and the last are three days apart
    days = [D + dt.timedelta(days=i) for i in range(4)]
    ms = [_mention(f"d{i}", f"r{i}", day=day, place="Kelm") for i, day in enumerate(days)]
    published = {f"r{i}": day for i, day in enumerate(days)}
    comps = _components(ms, [], published)
    assert _together(comps, "d0", "d1", "d2")
    assert not _together(comps, "d0", "d3")
    # a running total's day ("as of D+3, 20 killed") or a day the sentence borrows from its
    # report's lead is no day of one event: the fourth report's account chains on
    for note in (f"{OPEN_ENDED} (as of)", FROM_CONTEXT):
        tally = replace(ms[3], date=replace(ms[3].date, note=note))
        assert _together(_components([*ms[:3], tally], [], published), "d0", "d3"), note


def test_a_sentence_linking_two_reports_own_days_far_apart_does_not_chain_them() -> None:
    # a raid at the ridge on D and killings at Dunmore (80 km away) on D+1, each told by its own
    # report; a third report's sentence, with no date or place of its own, states both reports'
    # figures and links to each: the two stay two incidents
    ms = [
        _mention("raid", "r1", day=D, place="Ostrava Ridge"),
        _mention("killings", "r2", day=D + dt.timedelta(days=1), place="Dunmore"),
        _mention("summary", "r3"),
    ]
    claims = [
        _fig("raid", "r1", "killed", "XA", 12),
        _fig("killings", "r2", "killed", "XB", 7),
        _fig("summary", "r3", "killed", "XA", 12),
        _fig("summary", "r3", "killed", "XB", 7),
    ]
    published = {"r1": D, "r2": D + dt.timedelta(days=1), "r3": D + dt.timedelta(days=1)}
    comps = _components(ms, claims, published)
    assert not _together(comps, "raid", "killings")
    assert _together(comps, "raid", "summary") or _together(comps, "killings", "summary")
    # told of one place, the two days are one event told late (a day either side across reports)
    near = [ms[0], replace(ms[1], places=(_place("Ostrava Ridge"),)), ms[2]]
    assert _together(_components(near, claims, published), "raid", "killings")


def test_a_mention_placed_only_by_its_country_does_not_chain_two_cities_apart() -> None:
    # two reports each of a strike on Ostrava Ridge and on Far Harbour (~500 km apart), the same
    # day; a fifth report's sentence names only the country ("drones and missiles were launched
    # against the country overnight") and links to both: the two strikes stay two incidents
    ms = [
        _mention("a1", "r1", day=D, place="Ostrava Ridge", event_type="Explosions/Remote violence"),
        _mention("a2", "r2", day=D, place="Ostrava Ridge", event_type="Explosions/Remote violence"),
        _mention("b1", "r3", day=D, place="Far Harbour", event_type="Explosions/Remote violence"),
        _mention("b2", "r4", day=D, place="Far Harbour", event_type="Explosions/Remote violence"),
        _mention("c", "r5", day=D, event_type="Explosions/Remote violence"),
    ]
    comps = _components(ms, [], {f"r{i}": D for i in range(1, 6)})
    assert _together(comps, "a1", "a2") and _together(comps, "b1", "b2")
    assert not _together(comps, "a1", "b1")


def test_two_days_whose_parts_are_far_apart_are_two_events() -> None:
    # one day either side is allowed across reports for a night across midnight; "early Sunday"
    # and "late on Monday night" at one town are two events, "Sunday night" and "early Monday" one
    monday = D + dt.timedelta(days=1)
    apart = [
        _mention("a", "r1", day=D, expression="early Sunday", place="Kelm"),
        _mention("b", "r2", day=monday, expression="late on Monday night", place="Kelm"),
    ]
    assert not _together(_components(apart, [], {"r1": D, "r2": monday}), "a", "b")
    across = [
        _mention("a", "r1", day=D, expression="Sunday night", place="Kelm"),
        _mention("b", "r2", day=monday, expression="early Monday", place="Kelm"),
    ]
    assert _together(_components(across, [], {"r1": D, "r2": monday}), "a", "b")


def test_a_bound_asserts_harm_and_reads_as_up_to() -> None:
    from ceasefire.reconcile.claims import _figure, _value

    bound = _fig("a1", "r", "killed", "XA", 15)
    bound = replace(bound, value_low=None, value_best=None, value_high=15)
    assert _value(bound) == (1, 15)  # "up to 15": at least one, at most fifteen
    assert _figure(bound) == "up to 15"


def test_the_notes_say_a_bound_and_a_loss_without_a_figure_in_words() -> None:
    from ceasefire.reconcile import _notes
    from ceasefire.records import ReconciledClaim

    bound = replace(_fig("a1", "r", "killed", "XA", 15), value_low=None, value_best=None, value_high=15)
    vague = replace(_fig("a2", "r", "casualties", "XB", 0), value_low=None, value_best=None, value_high=None)
    rcs = [ReconciledClaim(c, "r", c.claimant, "one-sided", "") for c in (bound, vague)]  # type: ignore[arg-type]
    text = _notes("Battles", "Armed clash", "2031-06-14", [], rcs, {})
    assert "up to 15 killed (XA)" in text and "casualties without a figure (XB)" in text
    assert "None" not in text


def test_cards_and_the_acled_notes_write_a_bound_as_up_to() -> None:
    from ceasefire.export.acled import _figure as acled_figure
    from ceasefire.report.labels import figure

    assert figure(None, None, 15) == "up to 15" and acled_figure(None, None, 15) == "up to 15"
    assert figure(4, None, None) == "at least 4" and acled_figure(4, 4, 4) == "4"


def test_two_reports_placing_a_clash_by_one_province_agree_on_where() -> None:
    from ceasefire.reconcile.cluster import link_score

    def province(name: str, admin1: str) -> Place:
        return Place(name, "XA", admin1, 41.0, 45.0, "region", "region")

    def town_in(admin1: str) -> Place:
        return Place("Kelm", "XA", admin1, 41.30, 45.60, "village", "exact")

    def score(pa: tuple[Place, ...], pb: tuple[Place, ...]) -> int | None:
        a = replace(_mention("a", "xa-outlet", day=D), places=pa)
        b = replace(_mention("b", "xb-outlet", day=D), places=pb)
        na, nb = nodes_for([a, b], [], {"xa-outlet": "xa-outlet", "xb-outlet": "xb-outlet"}, {})
        return link_score(na, nb)

    unplaced = score((), ())
    assert unplaced is not None
    # "in the Tolvar province" in both reports: as two reports naming one town
    assert score((province("Tolvar", "Tolvar"),), (province("Tolvar", "Tolvar"),)) == unplaced + 2
    # a town of that province in the other: as a town 40-100 km away
    assert score((province("Tolvar", "Tolvar"),), (town_in("Tolvar"),)) == unplaced + 1
    # another province, or a town of another province, is no evidence either way
    assert score((province("Tolvar", "Tolvar"),), (province("Brenk", "Brenk"),)) == unplaced
    assert score((province("Tolvar", "Tolvar"),), (town_in("Brenk"),)) == unplaced


def test_a_province_and_a_town_of_another_province_far_away_are_two_places() -> None:
    from ceasefire.reconcile.cluster import link_score

    # report a places the attack by its province (capital at 41.0, 45.0), report b by a town of
    # another province 400 km away: two events, whatever the day and the parties say
    far = Place("Far Harbour", "XA", "Brenk", 43.90, 49.80, "village", "exact")
    a = replace(
        _mention("a", "xa-outlet", day=D),
        places=(Place("Tolvar", "XA", "Tolvar", 41.0, 45.0, "region", "region"),),
    )
    b = replace(_mention("b", "xb-outlet", day=D), places=(far,))
    na, nb = nodes_for([a, b], [], {"xa-outlet": "xa-outlet", "xb-outlet": "xb-outlet"}, {})
    assert link_score(na, nb) is None
    near = replace(far, admin1="Dorsk", latitude=41.5, longitude=45.5)  # another province, 70 km off
    nb = nodes_for(
        [a, replace(b, places=(near,))], [], {"xa-outlet": "xa-outlet", "xb-outlet": "xb-outlet"}, {}
    )[1]
    assert link_score(na, nb) is not None


def test_a_components_centre_over_distinct_places_is_the_median_of_its_members() -> None:
    import random
    import statistics
    from collections import Counter

    from ceasefire.reconcile.cluster import _median

    rng = random.Random(7)
    for _ in range(500):
        lats = [rng.choice([41.1, 41.3, 43.9, -4.0]) for _ in range(rng.randint(1, 9))]
        places = Counter(((lat, 45.0), (0.0, 0.0)) for lat in lats)
        assert _median(places, 0) == statistics.median(lats), lats
