"""Issue 7 acceptance: Debian's headless Chromium (Playwright, never a downloaded browser)
drives a real `ceasefire serve` on 127.0.0.1 loaded with the seeds."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ceasefire.records import Document, PubDate
from ceasefire.store import Store
from tests.browser import cli, serve

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Our own wording: a report whose text and metadata try to run script in the viewer.
HOSTILE_TEXT = (
    "A hostile page.\n<script>alert(1)</script>\n"
    'Click <a href="javascript:alert(2)">here</a> or javascript:alert(5) for details.\n'
    '<img src=x onerror="alert(6)">'
)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium)")
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present in this checkout")
    pytest.importorskip("playwright.sync_api")
    db = tmp_path_factory.mktemp("web") / "seeds.db"
    cli("ingest", str(SEEDS), "--db", str(db), timeout=300)
    hostile = Document(
        id="feedfacefeedface",
        source="hostile.html",
        text=HOSTILE_TEXT,
        title='<img src=x onerror="alert(3)">Hostile',
        url="javascript:alert(4)",
        outlet="unknown-outlet",
        published=PubDate.unknown(),
        kind="html",
    )
    with Store(str(db)) as st:
        st.add_document(hostile)
    return db, hostile.id


@pytest.fixture(scope="module")
def server(seeded_db: tuple[Path, str]) -> Iterator[str]:
    db, _ = seeded_db
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class Watch:
    """Every request the page makes, dialogs that fire, and CSP violations in the console."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.console.append(m.text))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def foreign(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname != "127.0.0.1"]

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m or "pageerror" in m]


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    watch = Watch(pg)
    yield pg, watch
    ctx.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_filter_card_and_evidence(server: str, page: tuple[Any, Watch]) -> None:
    pg, watch = page
    pg.goto(f"{server}/incidents")
    pg.fill("input[name=date_from]", "2021-11-16")
    pg.fill("input[name=date_to]", "2021-11-16")
    pg.click("#filters button[type=submit]")
    pg.wait_for_url("**/incidents?*date_from=2021-11-16*")
    rows = pg.locator("#incidents tbody tr[data-incident]")
    assert rows.count() == 1
    _shot(pg, "incidents-filtered")
    rows.first.locator("a.incident-link").click()
    pg.wait_for_url("**/incidents/inc-*")

    az = pg.locator("section.side[data-side=AZ]")
    am = pg.locator("section.side[data-side=AM]")
    az_figures = [t.strip() for t in az.locator("p.figure").all_inner_texts()]
    am_figures = [t.strip() for t in am.locator("p.figure").all_inner_texts()]
    assert any(f.startswith("killed") and f.endswith(": 7") for f in az_figures), az_figures
    assert any(f.startswith("wounded") and f.endswith(": 10") for f in az_figures), az_figures
    assert any(f.startswith("captured") and f.endswith(": 13") for f in am_figures), am_figures
    assert any(f.startswith("missing") and f.endswith(": 24") for f in am_figures), am_figures
    _shot(pg, "incident-card")

    claim = am.locator("article.claim", has_text="missing").first
    quote = claim.locator("a.evidence-link").inner_text().strip().strip("“”")
    claim.locator("a.evidence-link").click()
    pg.wait_for_url("**/documents/*#claim-*")
    focus = pg.locator("#doctext mark.focus")
    assert focus.count() >= 1
    highlighted = "".join(focus.all_text_contents())
    assert " ".join(highlighted.split()) == " ".join(quote.split())
    assert focus.first.is_visible()
    # the #fragment scrolled the sentence into view
    box = focus.first.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    _shot(pg, "document-evidence")

    assert watch.foreign() == [], watch.foreign()
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests)
    assert watch.csp_violations() == []


def test_map_draws_incidents(server: str, page: tuple[Any, Watch]) -> None:
    pg, watch = page
    with urllib.request.urlopen(f"{server}/api/map") as r:
        located = len(json.load(r)["features"])
    assert located >= 1
    pg.goto(f"{server}/map")
    pg.wait_for_selector("#map[data-drawn]")
    assert pg.get_attribute("#map", "data-drawn") == str(located)
    assert pg.locator("path.incident-marker").count() == located
    assert pg.locator("path.leaflet-interactive").count() >= located
    _shot(pg, "map")
    pg.goto(f"{server}/timeline")
    pg.wait_for_selector("#chart[data-drawn] canvas")
    _shot(pg, "timeline")
    for path in ("/outlets", "/ingest"):
        pg.goto(server + path)
    assert watch.requests, "the pages made no request at all?"
    assert watch.foreign() == [], watch.foreign()
    assert watch.csp_violations() == []


def test_hostile_document_is_inert(server: str, seeded_db: tuple[Path, str], page: tuple[Any, Watch]) -> None:
    pg, watch = page
    _, doc_id = seeded_db
    pg.goto(f"{server}/documents/{doc_id}")
    pg.wait_for_timeout(300)
    assert watch.dialogs == []
    text = pg.inner_text("#doctext")
    assert "<script>alert(1)</script>" in text
    assert 'href="javascript:alert(2)"' in text
    assert pg.locator("a[href^='javascript:' i]").count() == 0
    assert pg.locator("main script, main img").count() == 0
    # every script on the page is one of our static files
    srcs = pg.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert srcs and all(s and s.startswith("/static/") for s in srcs)
    assert "javascript:alert(4)" in pg.inner_text("main")  # the URL is shown, not linked
    _shot(pg, "hostile-document")
    assert watch.foreign() == []


def test_ingest_upload_from_browser(server: str, page: tuple[Any, Watch], tmp_path: Path) -> None:
    """Upload a report of our own: progress is shown and the new incident is listed."""
    pg, watch = page
    report = tmp_path / "upload.txt"
    report.write_text(
        "Shelling near Tovuz on 3 March 2022\n\n"
        "Azerbaijan's Defence Ministry said on 3 March 2022 that Armenian forces shelled positions "
        "near the village of Aghdam in Tovuz district, and that two Azerbaijani soldiers were wounded.\n",
        encoding="utf-8",
    )
    before = pg.request.get(f"{server}/api/incidents").json()["total"]
    pg.goto(f"{server}/ingest")
    pg.set_input_files("input[name=files]", str(report))
    pg.click("#ingest-form button[type=submit]")
    pg.wait_for_url("**/ingest/jobs/*")
    pg.wait_for_selector("#job[data-state=done], #job[data-state=failed]", timeout=60_000)
    assert pg.get_attribute("#job", "data-state") == "done", pg.inner_text("#job")
    assert "1 stored" in pg.inner_text("#job-result")
    _shot(pg, "ingest-job")
    after = pg.request.get(f"{server}/api/incidents").json()["total"]
    assert after > before
    pg.goto(f"{server}/incidents?date_from=2022-03-03&date_to=2022-03-03")
    assert pg.locator("#incidents tbody tr[data-incident]").count() >= 1
    assert watch.foreign() == []
    assert watch.csp_violations() == []
