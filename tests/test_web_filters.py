"""Issue 14, part 2 and 3: one filter, everywhere. The same URL query selects the same incidents
in the list, the map, the timeline, the report and every download (which the CLI's export code
writes); the timeline is bars per day or week with neutral, named labels; pages link to each
other keeping the query. A store of our own wording: three clashes between two fictional
parties on different days, each told by one side, plus a statement."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from ceasefire.records import (  # noqa: E402
    Claim,
    DateValue,
    Document,
    Evidence,
    Extraction,
    Mention,
    Place,
    PubDate,
)
from ceasefire.store import Store  # noqa: E402
from ceasefire.web import create_app  # noqa: E402
from ceasefire.web.overview import timeline  # noqa: E402

BASE = "http://127.0.0.1:8000"
NORTH = Place("Sotk", "AM", "Gegharkunik", 40.2, 45.9, "village", "exact", 0)
SOUTH = Place("Tovuz", "AZ", "Tovuz", 40.99, 45.63, "town", "exact", 0)


def _doc(doc_id: str, text: str, outlet: str, day: dt.date) -> Document:
    return Document(
        id=doc_id,
        source=f"/srv/private/{doc_id}.txt",
        text=text,
        title=text.split("\n")[0],
        url=f"https://example.org/{doc_id}",
        outlet=outlet,
        published=PubDate(day, "day", "metadata"),
        kind="text",
    )


def _report(
    st: Store, doc_id: str, outlet: str, day: dt.date, place: Place, acting: str, hit: str, n: int
) -> None:
    """One report: ``hit``'s ministry says ``n`` of its soldiers were killed by ``acting``'s forces."""
    sentence = f"The ministry said {n} of its soldiers were killed near {place.name} on {day:%d %B %Y}."
    doc = _doc(doc_id, f"Clash near {place.name}\n{sentence}", outlet, day)
    start = doc.text.index(sentence)
    ev = Evidence(doc.id, start, start + len(sentence), sentence)
    m = Mention(
        id=f"m-{doc_id}",
        document_id=doc.id,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=f"{acting}-ARMY",
        actor1_side=acting,
        actor2=f"{hit}-ARMY",
        actor2_side=hit,
        claimant=f"{hit}-MOD",
        claimant_side=hit,
        date=DateValue(day, day, "day", day.isoformat()),
        places=(place,),
        evidence=ev,
    )
    c = Claim(
        id=f"c-{doc_id}",
        document_id=doc.id,
        mention_id=m.id,
        claimant=m.claimant,
        claimant_side=hit,
        kind="killed",
        side_affected=hit,
        value_low=n,
        value_best=n,
        value_high=n,
        evidence=ev,
        made_on=day,
    )
    st.add_document(doc)
    st.save_extraction(Extraction(doc.id, (m,), (c,), (), "ok"), "test")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('filters') / 'f.db'}"
    with Store(url) as st:
        _report(st, "a1a1a1a1a1a1a1a1", "apa", dt.date(2022, 5, 10), NORTH, "AM", "AZ", 2)
        _report(st, "b2b2b2b2b2b2b2b2", "armenpress", dt.date(2022, 5, 20), SOUTH, "AZ", "AM", 3)
        _report(st, "c3c3c3c3c3c3c3c3", "armenpress", dt.date(2022, 6, 2), NORTH, "AZ", "AM", 1)
    with TestClient(create_app(url), base_url=BASE) as c:
        yield c


def _ids_everywhere(client: TestClient, params: dict[str, str]) -> dict[str, set[str]]:
    """The incident ids each view and download gives for one filter query."""
    got: dict[str, set[str]] = {}
    listing = client.get("/api/incidents", params={**params, "per_page": "500"}).json()
    got["list"] = {i["id"] for i in listing["items"]}
    page = client.get("/incidents", params=params).text
    got["list page"] = set(_attr_values(page, "data-incident"))
    got["map"] = {f["id"] for f in client.get("/api/map", params=params).json()["features"]}
    tl = client.get("/api/timeline", params=params).json()
    got["timeline"] = {i for d in tl["days"] for i in d["ids"]}
    got["report"] = {i["id"] for i in client.get("/api/report", params=params).json()["incidents"]}
    for fmt in ("claims-csv", "acled-csv"):
        r = client.get(f"/download/{fmt}", params=params)
        assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        if fmt == "claims-csv":
            got[fmt] = {row["incident_id"] for row in rows}
        else:
            got[fmt + " rows"] = {str(len(rows))}
    got["json"] = {i["id"] for i in client.get("/download/json", params=params).json()["incidents"]}
    got["geojson"] = {f["id"] for f in client.get("/download/geojson", params=params).json()["features"]}
    return got


def _attr_values(html: str, attr: str) -> list[str]:
    import re

    return re.findall(rf'{attr}="([^"]+)"', html)


FILTERS = [
    {},
    {"date_from": "2022-05-15", "date_to": "2022-06-30"},
    {"side_acting": "AZ"},
    {"side_affected": "AZ"},
    {"side_claiming": "AM"},
    {"side": "AM", "country": "AM"},
    {"dyad": "AM-AZ", "admin1": "Tovuz"},
    {"review_status": "unreviewed", "event_type": "Battles"},
    {"review_status": "verified"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_same_filter_same_incidents_in_every_view_and_download(
    client: TestClient, params: dict[str, str]
) -> None:
    got = _ids_everywhere(client, params)
    acled_rows = got.pop("acled-csv rows")
    expected = got["list"]
    for view, ids in got.items():
        assert ids == expected, (view, params)
    # one ACLED row per incident here (each has one place)
    assert acled_rows == {str(len(expected))}


def test_filters_select_what_they_say(client: TestClient) -> None:
    def ids(**params: str) -> set[str]:
        return _ids_everywhere(client, params)["list"]

    everything = ids()
    assert len(everything) == 3
    # separately named sides: acting, affected, claiming
    assert len(ids(side_acting="AZ")) == 2 and len(ids(side_acting="AM")) == 1
    assert ids(side_affected="AZ") == ids(side_acting="AM")
    assert ids(side_claiming="AM") == ids(side_acting="AZ")
    assert ids(side="AZ") == everything
    assert len(ids(date_from="2022-05-15", date_to="2022-06-30")) == 2
    assert len(ids(admin1="Tovuz")) == 1
    assert ids(dyad="AM-AZ") == everything and ids(dyad="AM-XX") == set()
    assert ids(review_status="unreviewed") == everything and ids(review_status="corrected") == set()


def test_pages_link_to_each_other_keeping_the_query(client: TestClient) -> None:
    q = "side_acting=AZ&date_from=2022-05-01"
    for path in ("/incidents", "/map", "/timeline"):
        html = client.get(f"{path}?{q}").text
        for view in ("/incidents", "/map", "/timeline", "/report"):
            assert f'href="{view}?date_from=2022-05-01&amp;side_acting=AZ"' in html, (path, view)
        for fmt in ("claims-csv", "acled-csv", "geojson", "json", "parquet", "claims-parquet"):
            assert f'href="/download/{fmt}?date_from=2022-05-01&amp;side_acting=AZ"' in html, (path, fmt)
    report = client.get(f"/report?{q}").text
    assert 'href="/map?date_from=2022-05-01&amp;side_acting=AZ"' in report
    assert 'href="/download/claims-csv?date_from=2022-05-01&amp;side_acting=AZ"' in report
    # the period picker keeps the other filters as hidden fields
    assert '<input type="hidden" name="side_acting" value="AZ">' in report
    assert 'name="date_from"' in report and 'name="date_to"' in report


def test_downloads_are_the_export_code_and_parquet_reads_back(client: TestClient, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    params = {"side_acting": "AZ"}
    expected = _ids_everywhere(client, params)["list"]
    for fmt, column in (("parquet", "id"), ("claims-parquet", "incident_id")):
        r = client.get(f"/download/{fmt}", params=params)
        assert r.status_code == 200
        f = tmp_path / f"{fmt}.parquet"
        f.write_bytes(r.content)
        assert set(pq.read_table(f).column(column).to_pylist()) == expected
    # the API twin answers the same file
    assert (
        client.get("/api/download/json", params=params).content
        == client.get("/download/json", params=params).content
    )
    # one incident's downloads (the card's links)
    one = sorted(expected)[0]
    data = client.get("/download/json", params={"incident": one}).json()
    assert [i["id"] for i in data["incidents"]] == [one]
    assert client.get("/download/json", params={"incident": "ffffffff"}).status_code == 404
    assert client.get("/download/xlsx").status_code == 422


def test_geojson_of_the_map_is_the_exports(client: TestClient) -> None:
    from ceasefire.export.geojson import feature

    web = client.get("/api/map").json()["features"]
    exported = client.get("/download/geojson").json()["features"]
    assert web == exported
    assert set(web[0]) == {"type", "id", "geometry", "properties"} and feature is not None


def test_timeline_is_bars_per_bucket_with_neutral_named_labels(client: TestClient) -> None:
    tl = client.get("/api/timeline").json()
    assert tl["unit"] == "day"
    labels = [g["label"] for g in tl["groups"]]
    # names, not codes; nobody is "the side that acted" by column order
    assert all(" by " not in label for label in labels)
    assert any("Azerbaijan" in label and "reported acting" in label for label in labels), labels
    days = {d["day"]: d for d in tl["days"]}
    # quiet days are zero-height bars (no line across the gap), from the first to the last day
    assert days["2022-05-11"]["incidents"] == 0 and len(days) == 24
    assert sum(d["incidents"] for d in tl["days"]) == 3
    html = client.get("/timeline").text
    assert "events by" not in html and "Azerbaijan" in html
    # the table lists only the days something happened
    assert html.count('data-label="Day"') == 3


def test_a_long_span_is_counted_per_week() -> None:
    base = _incident("i1", dt.date(2022, 1, 3), date_label="")
    later = _incident("i2", dt.date(2022, 9, 7), date_label="")
    t = timeline([base, later], {"XV": "Valdoria"}.get)  # type: ignore[arg-type]
    assert t.unit == "week"
    assert t.days[0].day == dt.date(2022, 1, 3) and t.days[-1].day == dt.date(2022, 9, 5)
    assert all(d.day.weekday() == 0 for d in t.days)
    assert t.groups[0].label == "events where Valdoria's forces are reported acting"


def test_bad_query_parameters_give_the_html_error_page_to_browsers(client: TestClient) -> None:
    html = client.get("/incidents?date_from=yesterday", headers={"accept": "text/html"})
    assert html.status_code == 422 and "<h1>Error 422</h1>" in html.text
    html = client.get("/map?per_page=0&kind=nonsense", headers={"accept": "text/html"})
    assert html.status_code == 422 and "<h1>Error 422</h1>" in html.text and "kind" in html.text
    js = client.get("/api/incidents?kind=nonsense")
    assert js.status_code == 422 and isinstance(js.json()["detail"], list)


def _json(r: Any) -> Any:
    return json.loads(r.text)


# --------------------------------------------------------------------------- the report a monitor sends


def test_report_has_a_period_picker_one_section_per_conflict_and_no_zero_rows(client: TestClient) -> None:
    html = client.get("/report").text
    # the picker is a plain form (the page runs no script) with presets, one per month held
    assert '<form method="get" action="/report">' in html
    assert 'href="/report?date_from=2022-05-01&amp;date_to=2022-05-31">May 2022 (2)' in html
    assert "last 7 days" in html and "last 30 days" in html
    # one section per conflict, named, not coded
    assert html.count('<section class="conflict"') == 1 and "Armenia – Azerbaijan" in html
    rep = client.get("/api/report").json()
    assert [s["dyad"] for s in rep["sections"]] == ["AM-AZ"]
    assert sorted(rep["sections"][0]["incident_ids"]) == sorted(i["id"] for i in rep["incidents"])
    # weeks without anything are not rows (three clashes in three weeks of a four-week span)
    assert len(rep["escalation"]) == 3 and all(w["kinetic"] or w["hostile"] for w in rep["escalation"])
    assert "<script" not in html.lower()
    # a period: only its incidents, its own link set
    may = client.get("/api/report", params={"date_from": "2022-05-01", "date_to": "2022-05-31"}).json()
    assert may["summary"]["incidents"] == 2


def test_escalation_rows_skip_empty_weeks_in_a_long_period() -> None:
    from ceasefire.report.escalation import escalation_rows

    inc = _incident("e1", dt.date(2022, 1, 3))
    late = _incident("e2", dt.date(2022, 12, 5))
    dyads, rows = escalation_rows([inc, late], dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert dyads == ("XO-XV",) and [r.week for r in rows] == ["2022-W01", "2022-W49"]


def _incident(inc_id: str, day: dt.date, **changes: Any) -> Any:
    from dataclasses import replace

    from ceasefire.records import Incident

    base = Incident(
        id=inc_id,
        kind="event",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=day,
        date_end=None,
        date_precision="day",
        date_label=day.isoformat(),
        places=(),
        actor1="",
        actor1_side="XV",
        actor2="",
        actor2_side="XO",
        mentions=(),
        claims=(),
        estimates=(),
        sources=(),
        fatalities=0,
        status="one-sided",
        status_why="",
        notes="",
    )
    return replace(base, **changes)


def test_framing_is_charged_to_whoever_used_the_term() -> None:
    """Our own sentences: a ministry's word inside its attributed sentence is the ministry's; a
    word inside quotation marks is a quoted speaker's; the rest is the outlet's own voice."""
    from ceasefire.records import FramingHit, Source
    from ceasefire.report.from_store import in_quotes
    from ceasefire.report.labels import Names
    from ceasefire.report.outlet_table import outlet_rows

    text = (
        "The ministry said the raiders were butchers.\n"
        "Residents called it \u201ca massacre by butchers\u201d.\n"
        "Our reporter saw butchers at work."
    )
    said = text.index("The ministry said")
    end_said = text.index("\n")
    first, second, third = (text.index("butchers", k) for k in (0, end_said, text.rindex("\n")))
    assert not in_quotes(text, first, first + 8) and in_quotes(text, second, second + 8)
    assert not in_quotes(text, third, third + 8) and in_quotes('He said "they are butchers" today', 17, 25)
    ev = Evidence("d1", said, end_said, text[said:end_said])
    mention = Mention(
        id="m1",
        document_id="d1",
        event_type="Statement",
        sub_event_type="accuse",
        actor1="",
        actor1_side="XV",
        actor2="",
        actor2_side="XO",
        claimant="XV-MOD",
        claimant_side="XV",
        date=DateValue(None, None, "unknown", ""),
        places=(),
        evidence=ev,
    )
    inc = _incident(
        "i1",
        dt.date(2022, 1, 3),
        mentions=(mention,),
        sources=(Source("d1", "paper", "", False, "https://example.org/x", "2022-01-03", "t"),),
    )
    hits = [
        FramingHit(
            "d1", "butchers", "dehumanising", "loaded", k, k + 8, "butchers", quoted=in_quotes(text, k, k + 8)
        )
        for k in (first, second, third)
    ]
    (row,) = outlet_rows([inc], hits, Names(), {"paper": "XO"})
    assert row.alignment == "XO"  # the documents' declared alignment fills the registry's gap
    assert row.framing_hits == 3 and row.own_voice_hits == 1
    assert {(c.speaker, c.count) for c in row.charged} == {("XV-MOD", 1), ("", 1)}
    assert [c.speaker_name for c in row.charged if not c.speaker] == ["a quoted speaker"]


# --------------------------------------------------------------------------- small things


def test_api_docs_page_lists_endpoints_parameters_and_responses(client: TestClient) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.text
    # no viewer script from a CDN: the page is rendered on the server, its only script is ours
    assert 'src="http' not in html and 'href="http' not in html
    for endpoint in ("GET /api/incidents", "GET /api/map", "GET /api/download/{fmt}", "POST /api/ingest"):
        assert f"<code>{endpoint}</code>" in html, endpoint
    assert "<code>side_acting</code>" in html and "<code>review_status</code>" in html
    assert "&#39;unreviewed&#39;, &#39;verified&#39;, &#39;corrected&#39;" in html
    assert "<code>422</code>" in html


def test_favicon_is_linked_and_served(client: TestClient) -> None:
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/incidents").text
    for path in ("/static/favicon.svg", "/favicon.ico"):
        r = client.get(path)
        assert r.status_code == 200 and r.content.startswith(b"<svg")


def test_tables_carry_labels_for_the_phone_layout(client: TestClient) -> None:
    html = client.get("/incidents").text
    assert 'data-label="Location"' in html and 'data-label="Fatalities"' in html
    css = client.get("/static/app.css").text
    assert "@media (max-width: 600px)" in css and "attr(data-label)" in css


def test_upload_form_passes_outlet_date_and_source_url_to_ingest(tmp_path: Path) -> None:
    """The upload's outlet, publication date and source URL reach the stored document; a bad
    date or a non-http(s) URL is refused before any job starts."""
    import time

    url = f"sqlite:///{tmp_path / 'up.db'}"
    text = b"Quiet day\nNothing was reported near the border on Friday, the observers said.\n"
    with TestClient(create_app(url), base_url=BASE) as c:
        token = str(c.get("/api/csrf").json()["csrf_token"])
        h = {"x-csrf-token": token}
        form = {"outlet": "Test Gazette", "published": "2022-03-04", "source_url": "https://example.org/r-1"}
        for bad, words in (
            ({"published": "04/03/2022"}, "publication date"),
            ({"source_url": "javascript:x"}, "http"),
        ):
            r = c.post(
                "/api/ingest", data={**form, **bad}, files={"files": ("r.txt", text, "text/plain")}, headers=h
            )
            assert r.status_code == 400 and words in r.json()["detail"]
        r = c.post("/api/ingest", data=form, files={"files": ("r.txt", text, "text/plain")}, headers=h)
        assert r.status_code in (200, 202), r.text
        job = r.json()
        deadline = time.monotonic() + 120
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.3)
            job = c.get(f"/api/jobs/{job['id']}").json()
        assert job["state"] == "done", job
        assert "ingest" in c.get("/ingest").text and 'name="source_url"' in c.get("/ingest").text
    with Store(url) as st:
        (doc,) = list(st.documents())
    assert doc.url == "https://example.org/r-1"
    assert doc.published.iso() == "2022-03-04"
    assert doc.outlet == "Test Gazette" or "gazette" in doc.outlet.lower()


def test_sources_are_names_or_urls_never_server_paths(client: TestClient) -> None:
    # the test store's documents were read from /srv/private/...: no page or JSON shows it
    for path in ("/documents/a1a1a1a1a1a1a1a1", "/api/documents/a1a1a1a1a1a1a1a1", "/report", "/api/report"):
        assert "/srv/private" not in client.get(path).text, path
    assert (
        client.get("/api/documents/a1a1a1a1a1a1a1a1").json()["document"]["source"] == "a1a1a1a1a1a1a1a1.txt"
    )


def test_cli_report_period_presets(tmp_path: Path) -> None:
    import typer

    from ceasefire.cli.report_cmd import preset_period

    today = dt.date(2024, 3, 10)
    assert preset_period(None, None, "2024-02", None) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert preset_period(None, None, None, 7, today) == (dt.date(2024, 3, 4), today)
    assert preset_period("2024-01-01", None, None, None) == (dt.date(2024, 1, 1), None)
    for bad in (("2024-01-01", None, "2024-02", None), (None, None, "2024-02", 7), (None, None, "Feb", None)):
        with pytest.raises(typer.BadParameter):
            preset_period(*bad)  # type: ignore[arg-type]
