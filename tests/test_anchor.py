"""Undated reports take the day of the dated report most like them (reconcile/anchor.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ceasefire.reconcile import build_incidents, publication_anchors, update_incidents
from ceasefire.reconcile.anchor import MIN_REPORTS, infer_publication
from ceasefire.records import Claim, DateValue, Document, Evidence, Extraction, Mention, PubDate
from ceasefire.store import Store

_TOPICS = [
    "the harvest of barley in the northern valleys was the largest in a decade, farmers said",
    "a new ferry line will connect the two river ports from the spring, the company announced",
    "teachers in the capital ended their strike after the ministry agreed to raise salaries",
    "the central bank kept its interest rate unchanged and warned of rising fuel prices",
    "a festival of folk music drew thousands of visitors to the old town square on the weekend",
    "floods damaged dozens of houses along the coast after three days of heavy rain",
    "the national football team qualified for the regional cup with a late winning goal",
    "parliament passed a law on public broadcasting after a long and bitter debate",
    "a heat wave pushed electricity demand to a record and the grid operator asked for restraint",
    "scientists reported a rare species of owl nesting in the mountain forests",
    "the railway company ordered forty new carriages for its suburban services",
    "a court sentenced a former mayor to four years in prison for taking bribes",
]
_STRIKE = (
    "A drone struck the grain depot at Velmora before dawn on Monday, killing nine guards, "
    "Colonel Istvan Rusk of the Varn border brigade told reporters at Velmora. Rusk said the "
    "depot's silos burned for hours and that the Varn brigade had moved its stores to Kessel."
)
_RESTATED = (
    "Nine guards were killed when a drone hit the Velmora grain depot on Monday, said Colonel "
    "Istvan Rusk, the Varn border brigade's commander; the silos at Velmora burned for hours."
)


def _filler(day: dt.date) -> list[tuple[str, str, dt.date | None]]:
    return [(f"f{i:02d}", text, day + dt.timedelta(days=40 * i)) for i, text in enumerate(_TOPICS)]


def test_an_undated_report_takes_the_day_of_the_dated_report_telling_the_same_story() -> None:
    day = dt.date(2033, 3, 14)
    reports = [
        *_filler(dt.date(2031, 1, 1)),
        ("dated", _STRIKE, day),
        ("undated", _RESTATED, None),
        ("unrelated", "The opera house reopened after a restoration of its painted ceiling.", None),
    ]
    anchors = infer_publication(lambda: reports)
    assert set(anchors) == {"undated"}  # a report like no other stays undated
    assert anchors["undated"].day == day and anchors["undated"].source == "dated"
    # a later story taken from the undated report (its farmers, its marshes), not from the dated
    # one, is anchored through it
    told = " Farmers in Oskoy said smoke from the depot drifted over the Tarrin marshes for a day."
    retold = "Smoke from a burning depot drifted over the Tarrin marshes, farmers in Oskoy said on Tuesday."
    chain = [*reports[:-2], ("undated", _RESTATED + told, None), ("retold", retold, None)]
    anchors = infer_publication(lambda: chain)
    assert anchors["retold"].day == day and anchors["retold"].source == "undated"


def test_two_like_stories_of_different_months_leave_an_undated_report_undated() -> None:
    # one front's place names recur in every story from it: a report that matches a March
    # story and an August story as well dates nothing
    reports = [
        *_filler(dt.date(2031, 1, 1)),
        ("march", _STRIKE, dt.date(2033, 3, 14)),
        ("august", _STRIKE.replace("nine guards", "two guards"), dt.date(2033, 8, 2)),
        ("undated", _RESTATED, None),
    ]
    assert infer_publication(lambda: reports) == {}
    # the same story on two days of one week is one period, and the nearer wins
    week = [
        *reports[:-3],
        ("mon", _STRIKE, dt.date(2033, 3, 14)),
        ("tue", _STRIKE + " More.", dt.date(2033, 3, 15)),
    ]
    assert infer_publication(lambda: [*week, reports[-1]])["undated"].day in {
        dt.date(2033, 3, 14),
        dt.date(2033, 3, 15),
    }


def test_too_few_reports_to_know_which_words_are_rare_anchor_nothing() -> None:
    reports = [("dated", _STRIKE, dt.date(2033, 3, 14)), ("undated", _RESTATED, None)]
    assert len(reports) < MIN_REPORTS
    assert infer_publication(lambda: reports) == {}


def _mention(mid: str, doc: str, expression: str) -> Mention:
    return Mention(
        mid,
        doc,
        "Explosions/Remote violence",
        "Air/drone strike",
        "",
        "",
        "XB",
        "XB",
        "",
        "",
        DateValue(None, None, "unknown", expression),
        (),
        Evidence(doc, 0, 20, "A drone struck the depot"),
    )


def _claim(mid: str, doc: str) -> Claim:
    return Claim(f"c-{mid}", doc, mid, "outlet", "", "killed", "XB", 9, 9, 9, Evidence(doc, 0, 20, "A drone"))


def test_an_incident_of_an_undated_report_is_dated_by_the_like_reports_day(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    monday = dt.date(2033, 3, 14)  # a Monday; the dated report was published that day
    for doc_id, text, day in _filler(dt.date(2031, 1, 1)):
        store.add_document(
            Document(id=doc_id, source=doc_id, text=text, published=PubDate(day, "day", "manifest"))
        )
    store.add_document(
        Document(id="dated", source="dated", text=_STRIKE, published=PubDate(monday, "day", "manifest"))
    )
    store.add_document(Document(id="undated", source="undated", text=_RESTATED))
    store.save_extraction(
        Extraction("undated", (_mention("u1", "undated", "Monday"),), (_claim("u1", "undated"),), (), "ok"),
        "t",
    )
    assert publication_anchors(store) == {"undated": monday}
    update_incidents(store, rebuild=True)
    (incident,) = build_incidents(store)
    assert incident.date_start == monday and incident.date_precision == "day"
    assert "a like report's publication" in incident.date_label and "year unknown" not in incident.date_label
