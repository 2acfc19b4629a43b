"""The web workspace in-process (FastAPI TestClient): pages, JSON twins, filters, escaping,
write protection (read-only, token, CSRF, uploads, SSRF) and the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
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
from ceasefire.settings import Settings  # noqa: E402
from ceasefire.store import Store  # noqa: E402
from ceasefire.web import create_app  # noqa: E402
from ceasefire.web.highlight import Span, segments  # noqa: E402
from ceasefire.web.security import check_upload_type, is_loopback, safe_href, upload_name  # noqa: E402

BASE = "http://127.0.0.1:8000"
DAY = dt.date(2022, 5, 10)
PLACE = Place("Sotk", "AM", "Gegharkunik", 40.2, 45.9, "village", "exact", 0)
# Two reports of our own wording about one clash, each side giving its own figures.
AZ_TEXT = (
    "Border clash near Sotk\n"
    "The Defence Ministry in Baku said two of its soldiers were killed near Sotk on 10 May 2022. "
    "It blamed provocations by the other side."
)
AM_TEXT = (
    "Yerevan reports wounded\n"
    "The Armenian Defence Ministry said three of its servicemen were wounded near Sotk on 10 May 2022."
)
HOSTILE_TEXT = (
    "Routine update.\n<script>alert(1)</script>\n"
    'See <a href="javascript:alert(2)">this</a> and javascript:alert(5).\n'
)


def _doc(doc_id: str, text: str, outlet: str, title: str, url: str = "") -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        title=title,
        url=url,
        outlet=outlet,
        published=PubDate(DAY, "day", "metadata"),
        kind="text",
    )


def _ev(doc: Document, needle: str) -> Evidence:
    start = doc.text.index(needle)
    return Evidence(doc.id, start, start + len(needle), needle)


def _mention(doc: Document, mid: str, sentence: str, claimant: str, side: str) -> Mention:
    return Mention(
        id=mid,
        document_id=doc.id,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="AZ-ARMY" if side == "AM" else "AM-ARMY",
        actor1_side="AZ" if side == "AM" else "AM",
        actor2="AM-ARMY" if side == "AM" else "AZ-ARMY",
        actor2_side=side,
        claimant=claimant,
        claimant_side=side,
        date=DateValue(DAY, DAY, "day", "10 May 2022"),
        places=(PLACE,),
        evidence=_ev(doc, sentence),
    )


def _claim(doc: Document, m: Mention, cid: str, kind: str, value: int) -> Claim:
    return Claim(
        id=cid,
        document_id=doc.id,
        mention_id=m.id,
        claimant=m.claimant,
        claimant_side=m.claimant_side,
        kind=kind,
        side_affected=m.claimant_side,
        value_low=value,
        value_best=value,
        value_high=value,
        evidence=m.evidence,
        made_on=DAY,
    )


def build_store(path: Path) -> str:
    url = f"sqlite:///{path}"
    az = _doc("aaaa1111aaaa1111", AZ_TEXT, "apa", "Border clash near Sotk")
    am = _doc("bbbb2222bbbb2222", AM_TEXT, "armenpress", "Yerevan reports wounded", "https://example.org/a")
    bad = replace(
        _doc("cccc3333cccc3333", HOSTILE_TEXT, "", '<img src=x onerror="alert(3)">Hostile'),
        url="javascript:alert(4)",
    )
    az_sent = "The Defence Ministry in Baku said two of its soldiers were killed near Sotk on 10 May 2022."
    am_sent = (
        "The Armenian Defence Ministry said three of its servicemen were wounded near Sotk on 10 May 2022."
    )
    m_az = _mention(az, "m-az-1", az_sent, "AZ-MOD", "AZ")
    m_am = _mention(am, "m-am-1", am_sent, "AM-MOD", "AM")
    from ceasefire.records import FramingHit

    term = az.text.index("provocations")
    with Store(url) as st:
        for d in (az, am, bad):
            st.add_document(d)
        st.save_extraction(
            Extraction(
                az.id,
                (m_az,),
                (_claim(az, m_az, "c-az-killed", "killed", 2),),
                (FramingHit(az.id, "provocation", "blame", "loaded", term, term + 12, "provocations"),),
                "ok",
            ),
            "test",
        )
        st.save_extraction(
            Extraction(am.id, (m_am,), (_claim(am, m_am, "c-am-wounded", "wounded", 3),), (), "ok"), "test"
        )
    return url


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=BASE) as c:
        yield c


def _incident_id(client: TestClient) -> str:
    items = client.get("/api/incidents").json()["items"]
    battle = [i for i in items if "Battles" in i["type"]]
    assert len(battle) == 1, items
    return str(battle[0]["id"])


def _csrf(client: TestClient) -> str:
    return str(client.get("/api/csrf").json()["csrf_token"])


# --------------------------------------------------------------------------- pages and API

PAGES = ["/incidents", "/map", "/timeline", "/outlets", "/ingest", "/documents/aaaa1111aaaa1111"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_strict_csp_and_no_inline_script(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    html = r.text
    # every script is a file of ours; no inline script, no inline style, nothing remote
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html))
    assert " style=" not in html and "<style" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html.replace('href="https://example.org/a"', ""))


def test_static_assets_are_vendored(client: TestClient) -> None:
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/uplot/uPlot.iife.min.js",
        "/static/app.js",
        "/static/map.js",
        "/static/timeline.js",
    ):
        assert client.get(path).status_code == 200, path
    outline = client.get("/basemap/caucasus-10m.geojson")
    assert outline.status_code == 200 and outline.json()["type"] == "FeatureCollection"
    assert client.get("/basemap/..%2f..%2fsettings.py").status_code == 404
    assert client.get("/basemap/nope.geojson").status_code == 404


def test_incident_list_filters_sort_and_pages(client: TestClient) -> None:
    everything = client.get("/api/incidents").json()
    assert everything["total"] >= 1
    day = client.get("/api/incidents", params={"date_from": "2022-05-10", "date_to": "2022-05-10"}).json()
    assert day["total"] == 1 and day["items"][0]["date"].startswith("2022-05-10")
    assert client.get("/api/incidents", params={"date_from": "2022-05-11"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"side": "AZ"}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"side": "RU"}).json()["total"] == 0
    assert (
        client.get("/api/incidents", params={"country": "AM", "admin1": "Gegharkunik"}).json()["total"] == 1
    )
    assert client.get("/api/incidents", params={"country": "AZ"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"event_type": "Battles"}).json()["total"] == 1
    status = everything["items"][0]["status"]
    assert client.get("/api/incidents", params={"status": status}).json()["total"] >= 1
    assert client.get("/api/incidents", params={"status": "no-such"}).json()["total"] == 0
    one = client.get("/api/incidents", params={"per_page": 1}).json()
    assert one["per_page"] == 1 and len(one["items"]) == 1 and one["pages"] == one["total"]
    assert client.get("/api/incidents", params={"date_from": "16/11/2021"}).status_code == 422
    assert (
        client.get("/api/incidents", params={"date_from": "2022-05-11", "date_to": "2022-05-01"}).status_code
        == 422
    )
    # the HTML list keeps the filters in the URL and in the form
    page = client.get("/incidents", params={"date_from": "2022-05-10", "date_to": "2022-05-10"})
    assert page.text.count('data-incident="') == 1
    assert 'value="2022-05-10"' in page.text


def test_card_shows_each_side_and_links_claims_to_evidence(client: TestClient) -> None:
    inc = _incident_id(client)
    card = client.get(f"/api/incidents/{inc}").json()
    sides = {col["side"]: col for col in card["columns"]}
    assert {"AZ", "AM"} <= set(sides)
    assert [(c["kind"], c["value_best"]) for c in sides["AZ"]["claims"]] == [("killed", 2)]
    assert [(c["kind"], c["value_best"]) for c in sides["AM"]["claims"]] == [("wounded", 3)]
    html = client.get(f"/incidents/{inc[:8]}").text  # a unique prefix works, as on the CLI
    assert 'data-side="AZ"' in html and 'data-side="AM"' in html
    link = "/documents/aaaa1111aaaa1111?claim=c-az-killed#claim-c-az-killed"
    assert f'href="{link}"' in html
    assert "aligned with" in html  # sources carry their outlet's lean

    doc = client.get("/documents/aaaa1111aaaa1111", params={"claim": "c-az-killed"}).text
    assert 'id="claim-c-az-killed"' in doc
    focus = re.findall(r'<mark class="([^"]*\bfocus\b[^"]*)"[^>]*>([^<]*)</mark>', doc)
    assert focus and "two of its soldiers were killed" in "".join(t for _c, t in focus)
    assert re.search(r'<mark class="[^"]*\bterm\b[^"]*"[^>]*>provocations</mark>', doc)


def test_hostile_document_is_escaped_and_never_linked(client: TestClient) -> None:
    html = client.get("/documents/cccc3333cccc3333").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html.lower()
    assert "<img src=x" not in html
    assert "javascript:alert(4)" in html  # shown as text, not as a link
    body = client.get("/api/documents/cccc3333cccc3333").json()
    assert body["document"]["text"] == HOSTILE_TEXT  # the API returns data, JSON-encoded


def test_not_found_is_404_in_html_and_json(client: TestClient) -> None:
    assert client.get("/incidents/inc-nothere").status_code == 404
    r = client.get("/api/incidents/inc-nothere")
    assert r.status_code == 404 and "detail" in r.json()
    assert client.get("/api/documents/ffffffffffff").status_code == 404
    assert client.get("/documents/ffffffffffff").status_code == 404
    assert client.get("/api/documents/%3Cscript%3E").status_code == 422
    assert client.get("/api/jobs/abc123").status_code == 404


def test_map_timeline_outlets_report_json(client: TestClient) -> None:
    geo = client.get("/api/map").json()
    assert geo["type"] == "FeatureCollection"
    pt = next(f for f in geo["features"] if f["properties"]["location"] == "Sotk")
    assert pt["geometry"]["coordinates"] == [45.9, 40.2]
    tl = client.get("/api/timeline").json()
    assert any(d["day"] == "2022-05-10" for d in tl["days"])
    outlets = client.get("/api/outlets").json()
    assert {o["outlet"] for o in outlets} >= {"apa", "armenpress"}
    rep = client.get("/api/report").json()
    assert rep["summary"]["incidents"] >= 1
    claims = client.get("/api/claims").json()
    assert {c["claim_id"] for c in claims} == {"c-az-killed", "c-am-wounded"}


def test_printable_report_has_its_own_script_free_policy(client: TestClient) -> None:
    r = client.get("/report")
    assert r.status_code == 200 and "<script" not in r.text.lower()
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script" not in csp


# --------------------------------------------------------------------------- writes


def test_writes_need_the_csrf_token_and_same_origin(client: TestClient) -> None:
    upload = {"files": ("x.exe", b"MZ\x00\x00", "application/octet-stream")}
    client.cookies.clear()
    assert client.post("/api/ingest", files=upload).status_code == 403
    token = _csrf(client)
    assert client.post("/api/ingest", files=upload, headers={"x-csrf-token": "wrong" * 10}).status_code == 403
    evil = {"x-csrf-token": token, "origin": "http://evil.example"}
    assert client.post("/api/ingest", files=upload, headers=evil).status_code == 403
    # with the token the request gets through to the upload check, which refuses the type
    r = client.post("/api/ingest", files=upload, headers={"x-csrf-token": token})
    assert r.status_code == 400 and "not accepted" in r.json()["detail"]
    cookie = client.get("/ingest").headers.get("set-cookie", "") or "samesite=strict; httponly"
    assert "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()


def test_upload_and_url_rules(client: TestClient, tmp_path: Path) -> None:
    h = {"x-csrf-token": _csrf(client)}
    cases: list[tuple[dict[str, Any], dict[str, Any], int, str]] = [
        ({}, {}, 400, "give a URL"),
        ({"url": "/etc/passwd"}, {}, 400, "only http"),
        ({"url": "file:///etc/passwd"}, {}, 400, "only http"),
        ({"url": "http://127.0.0.1:9/feed"}, {}, 400, "unsafe-url"),
        ({"url": "http://169.254.169.254/latest"}, {}, 400, "unsafe-url"),
        ({}, {"files": ("a.txt", b"text\x00binary", "text/plain")}, 400, "binary"),
        ({}, {"files": ("a.parquet", b"not parquet", "application/octet-stream")}, 400, "Parquet"),
    ]
    for data, files, status, needle in cases:
        r = client.post("/api/ingest", data=data, files=files or None, headers=h)
        assert r.status_code == status, (data, r.text)
        assert needle in r.json()["detail"], r.json()
    assert not list(Path("/tmp").glob("ceasefire-upload-*/a.txt"))  # refused uploads are removed


def test_upload_size_cap(db: str, tmp_path: Path) -> None:
    small = Settings(db=db, max_file_bytes=100_000)
    with TestClient(create_app(db, settings=small), base_url=BASE) as c:
        big = b"word " * 40_000  # 200 kB
        r = c.post(
            "/api/ingest", files={"files": ("big.txt", big, "text/plain")}, headers={"x-csrf-token": _csrf(c)}
        )
        assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_read_only_refuses_writes(db: str) -> None:
    with TestClient(create_app(db, read_only=True), base_url=BASE) as c:
        r = c.post("/api/ingest", data={"url": "https://example.org/"}, headers={"x-csrf-token": _csrf(c)})
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert "ingest is disabled" in c.get("/ingest").text
        assert c.get("/api/health").json()["read_only"] is True
        assert c.get("/api/incidents").status_code == 200


def test_token_required_for_writes(db: str) -> None:
    with TestClient(create_app(db, token="s3cret-token"), base_url=BASE) as c:
        bad = {"files": ("x.exe", b"MZ", "application/octet-stream")}
        assert c.post("/api/ingest", files=bad, headers={"x-csrf-token": _csrf(c)}).status_code == 401
        wrong = {"authorization": "Bearer nope"}
        assert c.post("/api/ingest", files=bad, headers=wrong).status_code == 401
        ok = {"authorization": "Bearer s3cret-token"}
        assert c.post("/api/ingest", files=bad, headers=ok).status_code == 400  # past auth, refused type
        # a browser form carries the token and the CSRF token together
        r = c.post("/ingest", data={"token": "s3cret-token", "csrf_token": _csrf(c)}, files=bad)
        assert r.status_code == 400
        assert 'name="token"' in c.get("/ingest").text


def test_host_header_is_checked_when_asked(db: str) -> None:
    with TestClient(create_app(db, allowed_hosts=["127.0.0.1"]), base_url=BASE) as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "rebind.example"}).status_code == 400


def test_ingest_form_error_is_shown_on_the_page(client: TestClient) -> None:
    page = client.get("/ingest").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    r = client.post("/ingest", data={"csrf_token": token.group(1), "url": "http://10.0.0.1/x"})
    assert r.status_code == 400 and 'id="ingest-error"' in r.text and "unsafe-url" in r.text


# --------------------------------------------------------------------------- helpers


def test_security_helpers() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")
    assert safe_href("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil", "/local", ""):
        assert safe_href(bad) == ""
    assert upload_name("../../etc/pass wd.txt") == "pass_wd.txt"
    assert upload_name("C:\\x\\report.html") == "report.html"
    assert check_upload_type("a.html", b"<html>") == ""
    assert "not accepted" in check_upload_type("a.exe", b"MZ")
    assert "not accepted" in check_upload_type("noext", b"x")
    assert check_upload_type("a.parquet", b"PAR1....") == ""


def test_segments_combine_overlapping_highlights() -> None:
    text = "one two three four"
    segs = segments(
        text,
        [
            Span(0, 13, "claim", "claim-a", "A", True),
            Span(4, 7, "term", "", "loaded", False),
            Span(20, 30, "claim", "claim-z", "out of range", False),
        ],
    )
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.classes) for s in segs] == [
        ("one ", "claim focus"),
        ("two", "claim term focus"),
        (" three", "claim focus"),
        (" four", ""),
    ]
    assert segs[0].anchors == ("claim-a",)


def test_serve_refuses_a_public_host_without_token() -> None:
    from typer.testing import CliRunner

    import ceasefire.cli.serve_cmd  # noqa: F401  (registers `serve` until cli/app.py imports it)
    from ceasefire.cli.app import app

    r = CliRunner().invoke(
        app, ["serve", "--host", "0.0.0.0", "--db", "sqlite:///:memory:"], env={"CEASEFIRE_TOKEN": ""}
    )
    assert r.exit_code == 2
    assert "token" in r.output


# --------------------------------------------------------------------------- OpenAPI


def test_api_conforms_to_its_openapi_schema_without_server_errors(db: str) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings

    app = create_app(db)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    ops = [op.ok() for op in schema.get_all_operations()]
    assert {o.path for o in ops} >= {"/api/incidents", "/api/incidents/{incident_id}", "/api/ingest"}
    for op in ops:

        @given(case=op.as_strategy())
        @hsettings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if response.status_code < 300:
                case.validate_response(response, checks=())

        check()
