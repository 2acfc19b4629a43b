"""Ingest: every source kind, every bad input, idempotency and resumption."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from ceasefire.api import ingest
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.records import Rejected
from ceasefire.settings import FetchPolicy, Fields, Settings
from ceasefire.store import Store

from .conftest import Site

REPORT = (
    "Two soldiers were wounded on Monday when mortar shells landed near a border post, "
    "the defence ministry said in a statement. The ministry said its units returned fire and "
    "that the situation was under control by the evening."
)
OTHER = (
    "The foreign ministry summoned the ambassador on Tuesday to protest what it called a "
    "deliberate violation of the ceasefire along the northern section of the border."
)

HTML_PAGE = """<!doctype html><html><head>
<title>Mortar fire wounds two at border post | Frontier Daily</title>
<meta property="og:site_name" content="Frontier Daily">
<meta property="og:title" content="Mortar fire wounds two at border post">
<meta name="author" content="Lena Ortiz">
<meta property="article:published_time" content="2025-03-11T08:30:00+00:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/region">Region</a></li></ul></nav>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<div class="ad">ADVERTISEMENT: Buy cheap flights now</div>
<article><h1>Mortar fire wounds two at border post</h1>
<p>Two soldiers were wounded on Monday when mortar shells landed near a border post, the
defence ministry said in a statement released in the capital.</p>
<p>The ministry said its units returned fire and that the situation was under control by the
evening, adding that an investigation had been opened into the incident.</p>
<p>Officials on the other side of the line denied firing first and said their positions had
come under fire from across the valley shortly after midnight.</p>
</article>
<aside class="newsletter"><h3>Get our newsletter</h3><p>Subscribe to our daily newsletter for
the latest news from the region delivered to your inbox.</p></aside>
<section id="comments"><h3>Leave a Reply</h3><form>Your email address will not be published.
Required fields are marked *<textarea></textarea></form></section>
<footer>© 2025 Frontier Daily. All rights reserved.</footer>
</body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Frontier Daily</title><link>https://frontier.example/</link>
<item><title>Shelling reported near border village</title>
<link>https://frontier.example/a/1</link>
<pubDate>Tue, 11 Mar 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Artillery shells hit the outskirts of a border village overnight, damaging two
houses, local officials said on Tuesday.&lt;/p&gt;</description></item>
<item><title>Ministers discuss de-escalation by phone</title>
<link>https://frontier.example/a/2</link>
<pubDate>Wed, 12 Mar 2025 10:00:00 GMT</pubDate>
<description>The two foreign ministers discussed steps to reduce tension along the border in a
phone call on Wednesday, according to a readout.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Desk</title>
<entry><title>Drone strike hits supply depot</title><id>urn:1</id>
<link href="https://wire.example/drone"/>
<updated>2025-03-13T12:00:00Z</updated>
<content type="html">&lt;p&gt;A drone struck a supply depot behind the front line on Thursday,
the army said, adding that nobody was hurt in the attack.&lt;/p&gt;</content></entry>
</feed>"""


def _run(sources: list, settings: Settings, store: Store, **kw) -> tuple:  # type: ignore[type-arg]
    report = ingest_sources(sources, store=store, settings=settings, **kw)
    return report, list(store.documents())


# -- plain text, folders, encodings ------------------------------------------------------


def test_text_file_and_recursive_folder(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "b.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden notes that must not be ingested at all, ever.")
    report, docs = _run([tmp_path], settings, store)
    assert len(report.stored) == 2
    assert {d.text for d in docs} == {REPORT, OTHER}
    assert all(d.kind == "text" and d.language == "en" for d in docs)


@pytest.mark.parametrize("encoding", ["cp1251", "latin-1", "utf-16", "cp1254"])
def test_any_encoding_is_detected(tmp_path: Path, store: Store, settings: Settings, encoding: str) -> None:
    texts = {
        "cp1251": "Министерство обороны сообщило, что двое военнослужащих были ранены в понедельник "
        "в результате обстрела на границе. По словам министерства, ситуация под контролем.",
        "latin-1": "Le ministère de la Défense a déclaré que deux soldats avaient été blessés lundi "
        "à la frontière, près du poste de contrôle; la situation était sous contrôle.",
        "utf-16": "Two soldiers were wounded near the border on Monday — the ministry said — and "
        "the situation was under control by the evening, according to the statement.",
        "cp1254": "Savunma Bakanlığı, pazartesi günü sınırda iki askerin yaralandığını açıkladı; "
        "bakanlığa göre durum akşam saatlerinde kontrol altına alındı ve soruşturma başlatıldı.",
    }
    (tmp_path / "x.txt").write_bytes(texts[encoding].encode(encoding))
    report, docs = _run([tmp_path / "x.txt"], settings, store)
    assert len(report.stored) == 1, report.rejected
    assert docs[0].text == texts[encoding]


def test_non_english_is_stored_and_marked(tmp_path: Path, store: Store, settings: Settings) -> None:
    ru = (
        "Министерство обороны сообщило, что двое военнослужащих были ранены в понедельник "
        "в результате обстрела на границе."
    )
    (tmp_path / "ru.txt").write_text(ru, encoding="utf-8")
    _, docs = _run([tmp_path], settings, store)
    assert docs[0].language == "ru"


# -- boilerplate and publication dates ------------------------------------------------------

DUMP_WITH_BOILERPLATE = """Last update: June 2, 2026 11:04

Frontier Daily logo

Mortar fire wounds two at border post

Mortar fire wounds two at border post

By Lena Ortiz March 11, 2025

{report}

{other}

Subscribe to our daily newsletter
You can unsubscribe anytime. By signing up, you agree to our Terms of Service.
Spam protection by reCAPTCHA: Google terms apply here.

Leave a Reply

Your email address will not be published. Required fields are marked *

Comments are closed.

June 2026
"""


def test_boilerplate_dropped_and_byline_date_found(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "dump.txt").write_text(DUMP_WITH_BOILERPLATE.format(report=REPORT, other=OTHER))
    _, docs = _run([tmp_path], settings, store)
    text = docs[0].text
    for junk in (
        "Last update",
        "logo",
        "newsletter",
        "unsubscribe",
        "reCAPTCHA",
        "Leave a Reply",
        "will not be published",
        "Comments are closed",
        "June 2026",
    ):
        assert junk not in text, junk
    assert text.count("Mortar fire wounds two at border post") == 1
    pub = docs[0].published
    assert (pub.value, pub.precision, pub.method) == (dt.date(2025, 3, 11), "day", "byline")
    assert pub.start is not None and pub.end is not None
    assert text[pub.start : pub.end] == pub.evidence == "March 11, 2025"


def test_update_stamp_and_footer_month_are_not_publication_dates(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = f"Last update: April 26, 2026 00:19\n\n{REPORT}\n\n{OTHER}\n\nApril 2026\n"
    (tmp_path / "a.txt").write_text(body)
    _, docs = _run([tmp_path], settings, store)
    pub = docs[0].published
    assert pub.value is None and pub.precision == "unknown" and pub.method == "unknown"
    assert pub.evidence  # says why it is unknown


def test_byline_contradicted_by_later_date_is_refused(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = f"By Ann Lee March 1, 2021\n\n{REPORT} The clash began on November 16, 2021, officials said."
    (tmp_path / "a.txt").write_text(body)
    _, docs = _run([tmp_path], settings, store)
    assert docs[0].published.value is None
    assert "refused" in docs[0].published.evidence


def test_published_override(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(f"By Ann Lee March 11, 2025\n\n{REPORT}")
    _, docs = _run([tmp_path], settings, store, published="2025-03-12")
    p = docs[0].published
    assert (p.value, p.precision, p.method) == (dt.date(2025, 3, 12), "day", "override")


def test_dateline_with_agency(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(f"YEREVAN, March 14, 2025 (Reuters) - {REPORT}")
    _, docs = _run([tmp_path], settings, store)
    p = docs[0].published
    assert (p.value, p.method) == (dt.date(2025, 3, 14), "dateline")


# -- HTML ---------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "page.html").write_text(HTML_PAGE)
    report, docs = _run([tmp_path], settings, store)
    assert len(report.stored) == 1, report.rejected
    d = docs[0]
    assert "Two soldiers were wounded on Monday" in d.text
    assert "denied firing first" in d.text
    for junk in ("Politics", "cookies", "ADVERTISEMENT", "newsletter", "Leave a Reply", "All rights"):
        assert junk not in d.text, junk
    assert d.title == "Mortar fire wounds two at border post"
    assert d.author == "Lena Ortiz"
    assert d.site_name == "Frontier Daily"
    assert (d.published.value, d.published.method) == (dt.date(2025, 3, 11), "metadata")
    assert d.kind == "html"


def test_broken_html_is_rejected_with_reason(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "broken.html").write_text("<html><body><div><nav><a href=x>Home</a></nav><<<>>>< /div")
    report, docs = _run([tmp_path], settings, store)
    assert docs == []
    assert [r.reason for r in report.rejected] in (["no-main-text"], ["no-text"], ["broken-html"])
    assert store.rejected()[0].source.endswith("broken.html")


# -- feeds --------------------------------------------------------------------------------


def test_rss_feed_each_entry_a_document(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "feed.xml").write_text(RSS)
    report, docs = _run([tmp_path / "feed.xml"], settings, store)
    assert len(report.stored) == 2
    by_url = {d.url: d for d in docs}
    a = by_url["https://frontier.example/a/1"]
    assert a.published.value == dt.date(2025, 3, 11) and a.published.method == "feed"
    assert "damaging two\nhouses" in a.text or "damaging two houses" in a.text.replace("\n", " ")
    assert "<p>" not in a.text
    assert a.outlet == "Frontier Daily" and a.kind == "feed"


def test_atom_feed(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "wire.atom").write_text(ATOM)
    _, docs = _run([tmp_path], settings, store)
    assert len(docs) == 1 and docs[0].published.value == dt.date(2025, 3, 13)
    assert docs[0].url == "https://wire.example/drone"


def test_malformed_feed_rejected(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "bad.rss").write_text("<?xml version='1.0'?><rss><channel><item><title>x")
    report, _ = _run([tmp_path], settings, store)
    assert [r.reason for r in report.rejected] == ["malformed-feed"]


# -- dumps --------------------------------------------------------------------------------


def test_jsonl_bad_lines_reported_good_lines_kept(tmp_path: Path, store: Store, settings: Settings) -> None:
    lines = [
        json.dumps({"text": REPORT, "title": "A", "url": "https://news.am/eng/news/1", "date": "2025-03-11"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": OTHER, "outlet": "Frontier Daily", "published": "2025-03"}),
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n")
    report, docs = _run([tmp_path], settings, store)
    assert len(report.stored) == 2
    assert sorted((r.line, r.reason) for r in report.rejected) == [
        (2, "malformed-json"),
        (3, "no-text"),
        (4, "malformed-json"),
    ]
    by_title = {d.title: d for d in docs}
    assert by_title["A"].published.value == dt.date(2025, 3, 11)
    assert by_title["A"].outlet == "news-am" or by_title["A"].outlet_method == "domain"
    other = next(d for d in docs if d.title != "A")
    assert (other.published.precision, other.outlet) == ("month", "Frontier Daily")
    # the reasons are queryable afterwards
    assert {(r.line, r.reason) for r in store.rejected()} >= {(2, "malformed-json"), (3, "no-text")}


def test_csv_with_configured_columns(tmp_path: Path, store: Store, settings: Settings) -> None:
    import csv

    with (tmp_path / "dump.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "article_body", "when", "publisher"])
        w.writerow(["A", REPORT, "2025-03-11", "Wire Desk"])
        w.writerow(["B", OTHER, "12/03/2025?", "Wire Desk"])
    fields = Fields(text=("article_body",), title=("headline",), date=("when",), outlet=("publisher",))
    report, docs = _run([tmp_path], replace(settings, fields=fields), store)
    assert len(report.stored) == 2
    a = next(d for d in docs if d.title == "A")
    assert a.published.value == dt.date(2025, 3, 11) and a.outlet == "Wire Desk"
    b = next(d for d in docs if d.title == "B")
    assert b.published.value is None  # an unparseable date is not guessed


def test_manifest_supplies_outlet_and_date(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text(REPORT)
    (tmp_path / "docs" / "two.txt").write_text(OTHER)
    (tmp_path / "manifest.csv").write_text(
        "path,outlet,published,url\n"
        "docs/one.txt,azertac,2025-03-11,https://azertag.az/en/xeber/1\n"
        "two.txt,Some Local Paper,2025-03-12,\n"
    )
    _, docs = _run([tmp_path / "docs"], settings, store, manifest=tmp_path / "manifest.csv")
    by_text = {d.text: d for d in docs}
    one, two = by_text[REPORT], by_text[OTHER]
    assert (one.outlet, one.outlet_method) == ("azertac", "manifest")
    assert one.published.method == "manifest" and one.published.value == dt.date(2025, 3, 11)
    assert one.url == "https://azertag.az/en/xeber/1"
    assert two.outlet == "Some Local Paper" and two.published.value == dt.date(2025, 3, 12)


def test_a_manifest_inside_the_folder_it_describes_is_not_read_as_a_source(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    # "ceasefire analyze reports/ --manifest reports/manifest.csv": the usage --help shows
    (tmp_path / "one.txt").write_text(REPORT)
    (tmp_path / "two.txt").write_text(OTHER)
    (tmp_path / "manifest.csv").write_text(
        "path,outlet,published\none.txt,azertac,2025-03-11\ntwo.txt,Some Local Paper,2025-03-12\n"
    )
    report, docs = _run([tmp_path], settings, store, manifest=tmp_path / "manifest.csv")
    assert not report.rejected and len(docs) == 2
    assert {d.outlet for d in docs} == {"azertac", "Some Local Paper"}


# -- outlets ------------------------------------------------------------------------------


def test_outlet_from_domain_and_from_masthead(tmp_path: Path, store: Store, settings: Settings) -> None:
    lines = [json.dumps({"text": REPORT, "url": "https://www.dailysabah.com/politics/x"})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines))
    (tmp_path / "b.txt").write_text(f"{OTHER}\n\nSabah's daily newsletter\n")
    _, docs = _run([tmp_path], settings, store)
    by_text = {d.text: d for d in docs}
    assert (by_text[REPORT].outlet, by_text[REPORT].outlet_method) == ("daily-sabah", "domain")
    assert (by_text[OTHER].outlet, by_text[OTHER].outlet_method) == ("daily-sabah", "text")


def test_user_outlet_registry_extends_default(tmp_path: Path, store: Store, settings: Settings) -> None:
    reg = {
        "outlets": [
            {
                "id": "frontier",
                "name": "Frontier Daily",
                "domains": ["frontier.example"],
                "country": "XX",
                "alignment": "neutral",
            }
        ]
    }
    (tmp_path / "mine.json").write_text(json.dumps(reg))
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": REPORT, "url": "https://frontier.example/a"}))
    s = replace(settings, outlets_files=(str(tmp_path / "mine.json"),))
    _, docs = _run([tmp_path / "d.jsonl"], s, store)
    assert (docs[0].outlet, docs[0].outlet_method) == ("frontier", "domain")


# -- dedupe and idempotency ----------------------------------------------------------------


def test_same_document_twice_is_stored_once(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "copy.txt").write_text(REPORT.upper().replace(" ", "  "))  # same after normalising
    first, _ = _run([tmp_path], settings, store)
    assert len(first.stored) == 1 and len(first.duplicates) == 1
    second, docs = _run([tmp_path], settings, store)
    assert second.stored == () and len(second.duplicates) == 2
    assert len(docs) == 1


def test_near_copy_grouped_not_lost(tmp_path: Path, store: Store, settings: Settings) -> None:
    long = " ".join([REPORT, OTHER, REPORT.replace("Two", "Several"), OTHER.replace("Tuesday", "Monday")])
    edited = long.replace("under control", "fully under control") + " The report was updated later."
    (tmp_path / "wire.txt").write_text(long)
    (tmp_path / "republished.txt").write_text(edited)
    (tmp_path / "unrelated.txt").write_text(
        "Heavy rain flooded the lowlands on Sunday and farmers counted the damage to their crops "
        "across three provinces, the agriculture ministry said in its weekly bulletin."
    )
    report, docs = _run([tmp_path], settings, store)
    assert len(report.stored) == 3 and len(report.near_duplicates) == 1
    groups = {d.source.rsplit("/", 1)[-1]: d.dup_group for d in docs}
    assert groups["wire.txt"] == groups["republished.txt"]
    assert groups["unrelated.txt"] not in (groups["wire.txt"],)


def test_interrupted_ingest_resumes_with_nothing_lost_or_doubled(
    tmp_path: Path, file_store: Store, settings: Settings
) -> None:
    import random

    words = (REPORT + " " + OTHER).split()
    for i in range(12):
        random.Random(i).shuffle(words)  # distinct texts, so none is a near-copy of another
        (tmp_path / f"r{i:02}.txt").write_text(" ".join(words))
    seen = {"n": 0}

    def boom(status: str, source: str) -> None:
        if status == "stored":
            seen["n"] += 1
            if seen["n"] == 5:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_sources([tmp_path], store=file_store, settings=settings, on_item=boom)
    assert file_store.count_documents() == 5
    report = ingest_sources([tmp_path], store=file_store, settings=settings)
    assert len(report.stored) == 7 and len(report.duplicates) == 5
    assert file_store.count_documents() == 12


# -- bad input ----------------------------------------------------------------------------


def test_bad_inputs_each_get_a_reason(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x00\x01def" * 50)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (tmp_path / "garbled.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 300)
    (tmp_path / "short.txt").write_text("Breaking:")
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: a 50 MB file without writing 50 MB
    (tmp_path / "ok.txt").write_text(REPORT)
    report, docs = _run([tmp_path, tmp_path / "missing.txt"], settings, store)
    reasons = {Path(r.source).name: r.reason for r in report.rejected}
    assert reasons == {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "nul.txt": "binary",
        "doc.pdf": "binary",
        "garbled.txt": "binary",
        "short.txt": "no-text",
        "huge.txt": "too-large",
        "missing.txt": "not-found",
    }
    assert [d.text for d in docs] == [REPORT]
    assert len(store.rejected()) == 8


def test_bad_input_never_corrupts_what_is_stored(
    tmp_path: Path, file_store: Store, settings: Settings
) -> None:
    (tmp_path / "ok.txt").write_text(REPORT)
    ingest_sources([tmp_path], store=file_store, settings=settings)
    (tmp_path / "bad.jsonl").write_text("{broken\n")
    ingest_sources([tmp_path], store=file_store, settings=settings)
    assert [d.text for d in file_store.documents()] == [REPORT]


# -- URLs ---------------------------------------------------------------------------------


def test_url_to_loopback_refused_by_default(site: Site, store: Store, settings: Settings) -> None:
    site.routes["/a.html"] = (200, {"Content-Type": "text/html"}, HTML_PAGE.encode())
    report, docs = _run([f"{site.base}/a.html"], settings, store)
    assert docs == [] and site.hits == []
    assert [r.reason for r in report.rejected] == ["unsafe-url"]
    assert "--allow-host" in report.rejected[0].detail


def test_url_fetched_when_host_allowed(site: Site, store: Store, settings: Settings) -> None:
    site.routes["/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, HTML_PAGE.encode())
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, RSS.encode())
    s = replace(settings, fetch=FetchPolicy(allow_hosts=("127.0.0.1",), timeout=5))
    report, docs = _run([f"{site.base}/a.html", f"{site.base}/feed"], s, store)
    assert len(report.stored) == 3, report.rejected
    page = next(d for d in docs if d.kind == "url")
    assert page.url == f"{site.base}/a.html" and "Two soldiers were wounded" in page.text


def test_redirect_to_private_address_refused(site: Site, store: Store, settings: Settings) -> None:
    site.routes["/go"] = (302, {"Location": "http://10.20.30.40/internal"}, b"")
    s = replace(settings, fetch=FetchPolicy(allow_hosts=("127.0.0.1",), timeout=5))
    report, docs = _run([f"{site.base}/go"], s, store)
    assert docs == [] and [r.reason for r in report.rejected] == ["unsafe-url"]
    assert "10.20.30.40" in report.rejected[0].detail


def test_unreachable_url_is_rejected_not_raised(store: Store, settings: Settings) -> None:
    import socket

    with socket.socket() as sock:  # find a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = replace(settings, fetch=FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2))
    report, _ = _run([f"http://127.0.0.1:{port}/x"], s, store)
    assert [r.reason for r in report.rejected] == ["unreachable"]


def test_non_http_scheme_refused(store: Store, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    report, _ = _run([f"file://{tmp_path / 'a.txt'}"], settings, store)
    assert [r.reason for r in report.rejected] == ["unsafe-url"]
    s = replace(settings, fetch=FetchPolicy(allow_schemes=("file",)))
    report2, docs = _run([f"file://{tmp_path / 'a.txt'}"], s, store)
    assert len(report2.stored) == 1 and docs[0].text == REPORT


# -- the public function and the seeds -------------------------------------------------------


def test_api_ingest_opens_store_by_url(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert len(ingest([tmp_path / "a.txt"], store=db).stored) == 1
    assert Store(db).count_documents() == 1


def test_seeds_acceptance(seeds: Path, store: Store, settings: Settings) -> None:
    first = ingest_sources([seeds], store=store, settings=settings)
    assert len(first.stored) == 5 and first.rejected == ()
    second = ingest_sources([seeds], store=store, settings=settings)
    assert second.stored == () and len(second.duplicates) == 5
    docs = list(store.documents())
    for d in docs:
        low = d.text.lower()
        for junk in (
            "newsletter",
            "will not be published",
            "comments are closed",
            "last update",
            "unsubscribe",
            "recaptcha",
            "leave a reply",
        ):
            assert junk not in low, (d.source, junk)
        p = d.published
        assert p.precision in {"day", "month", "year", "unknown"} and p.method and p.evidence
        if p.value is not None:
            assert p.value.year < 2024 or "2024" in d.text, (d.source, p)
    byline = [d for d in docs if d.published.method == "byline"]
    assert len(byline) == 1
    assert byline[0].published.value == dt.date(2021, 11, 18)
    assert byline[0].published.precision == "day"
    assert not any(isinstance(r, Rejected) for r in first.rejected)


def test_parquet_file_of_documents(tmp_path: Path, store: Store, settings: Settings) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "text": [REPORT, OTHER, ""],
            "url": ["https://news.am/eng/news/1", "https://example.org/2", "https://example.org/3"],
            "outlet": ["", "Wire Desk", ""],
            "published": ["2025-03-11", "2025-03-12", "2025-03-13"],
        }
    )
    pq.write_table(table, tmp_path / "docs.parquet")
    report, docs = _run([tmp_path / "docs.parquet"], settings, store)
    assert len(report.stored) == 2
    assert [(r.line, r.reason) for r in report.rejected] == [(3, "no-text")]
    by_text = {d.text: d for d in docs}
    assert by_text[REPORT].outlet == "news-am" and by_text[REPORT].kind == "parquet"
    assert by_text[OTHER].published.value == dt.date(2025, 3, 12)


def test_a_line_of_other_stories_headlines_is_boilerplate_whatever_its_length() -> None:
    from ceasefire.ingest.normalize import clean_text

    headlines = " • ".join(
        f"Story number {k} about markets, weather and the harvest in a far province" for k in range(8)
    )
    text = (
        "Border clash leaves two dead\n\n"
        f"{headlines}\n\n"
        "Two soldiers were killed in a clash on Monday, the army said.\n\n"
        "• Key point one of this report\n• Key point two of this report\n"
    )
    out = clean_text(text)
    assert len(headlines) > 240 and headlines not in out.text
    assert [r.rule for r in out.removed] == ["headline-list"]
    assert "• Key point one of this report" in out.text  # a report's own bullet list stays


def test_signatures_and_bands_are_datasketchs() -> None:
    """The numpy MinHash and LSH banding give datasketch's signatures and candidates bit for bit
    (stored signatures of earlier ingests stay comparable), without importing it at start-up."""
    import random

    import numpy as np
    from datasketch import MinHash, MinHashLSH
    from datasketch.lsh import _optimal_param

    from ceasefire.ingest import dedupe
    from ceasefire.ingest.normalize import normalize_for_id

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(300)] + ["shelling", "killed", "village", "ministry", "said"]
    base = [" ".join(rng.choice(vocab) for _ in range(rng.randint(0, 120))) for _ in range(30)]
    texts = [
        t if k == 0 else " ".join(w if rng.random() > 0.04 * k else "edit" for w in t.split())
        for t in base
        for k in range(4)
    ]
    perm = MinHash(num_perm=dedupe.NUM_PERM, scheme=dedupe.SCHEME).permutations
    lsh = MinHashLSH(threshold=0.8, num_perm=dedupe.NUM_PERM)
    index = dedupe.NearDuplicateIndex(0.8)
    for i, text in enumerate(texts):
        words = normalize_for_id(text).split()
        theirs = MinHash(num_perm=dedupe.NUM_PERM, scheme=dedupe.SCHEME, permutations=perm)
        theirs.update_batch(
            [" ".join(words[j : j + dedupe.SHINGLE]).encode() for j in range(max(1, len(words) - 4))]
        )
        ours = dedupe.minhash(text)
        assert dedupe.to_bytes(ours) == np.asarray(theirs.hashvalues, dtype=np.uint64).tobytes()
        expected = {c for c in lsh.query(theirs) if index._sigs[c].jaccard(ours) >= 0.8}
        group = index.group_for(ours)
        assert (group is None) == (not expected)
        lsh.insert(str(i), theirs)
        index.add(str(i), ours, group or str(i))
    assert len(set(index._group.values())) < len(texts)  # near-copies were grouped
    for threshold in (0.5, 0.8, 0.9):
        assert dedupe.bands(threshold) == _optimal_param(threshold, dedupe.NUM_PERM, 0.5, 0.5)


# -- the language identifier's cache (issue 15: its decompression was ~0.45 s of every ingest) ----

_LANGUAGE_SAMPLES = (
    "Two soldiers were killed and five people were wounded in overnight shelling, officials said.",
    "Zwei Soldaten wurden bei dem nächtlichen Beschuss getötet, teilte das Ministerium mit.",
    "Deux soldats ont été tués lors des bombardements de la nuit, selon le ministère.",
    "Dos soldados murieron en los bombardeos nocturnos, según el ministerio de defensa.",
    "Два солдата погибли при ночном обстреле, сообщили в министерстве обороны.",
    "AN ALL-CAPITALS HEADLINE ABOUT A CEASEFIRE THAT HELD FOR THREE DAYS",
)


def _same_identifier(a: object, b: object) -> None:
    import numpy as np

    for name in ("nb_ptc", "nb_pc"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    for name in ("nb_classes", "tk_nextmove", "tk_row", "tk_output", "_alias_pairs", "_norm_probs"):
        assert getattr(a, name) == getattr(b, name), name
    for text in _LANGUAGE_SAMPLES:
        assert a.classify(text) == b.classify(text)  # type: ignore[attr-defined]


def test_the_language_identifier_read_from_its_cache_is_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from ceasefire.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reads: list[bool] = []
    real = language._read_cache

    def spy(*paths: Path) -> object:
        got = real(*paths)
        reads.append(got is not None)
        return got

    monkeypatch.setattr(language, "_read_cache", spy)
    packaged = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    built = language._build()
    assert sorted(p.suffix for p in (tmp_path / "ceasefire").iterdir()) == [".marshal", ".npy"]
    read = language._build()
    assert reads == [False, True]
    _same_identifier(packaged, built)
    _same_identifier(packaged, read)
    assert read.classify(_LANGUAGE_SAMPLES[1])[0] == "de"


def test_a_damaged_or_unwritable_language_cache_only_means_decompressing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    good = language._build()
    for f in (tmp_path / "ceasefire").iterdir():
        f.write_bytes(f.read_bytes()[:1000])  # truncated
    again = language._build()
    _same_identifier(good, again)
    assert all(f.stat().st_size > 1000 for f in (tmp_path / "ceasefire").iterdir())  # rewritten
    # a cache folder that cannot be made (a file stands in its way): no error, the same answers
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _same_identifier(good, language._build())
    assert blocked.is_file()
