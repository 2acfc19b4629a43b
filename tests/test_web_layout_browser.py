"""Issue 14, parts 2, 5 and 6 in a real browser: Debian's headless Chromium (Playwright's Python
package, never a downloaded browser) against `ceasefire serve` loaded with ../shared/seeds. At a
phone's 390 px and a laptop's 1366 px, the list, a card, the map, the timeline and the report
need no horizontal scrolling (``scrollWidth <= clientWidth``); screenshots go to test-artifacts/.
The same filter URL shows the same incidents in the list, on the map and in the timeline."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, cli, serve

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
ARTIFACTS = REPO / "test-artifacts"
WIDTHS = (390, 1366)
OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=120) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present in this checkout")
    db = tmp_path_factory.mktemp("layout") / "seeds.db"
    cli("ingest", str(SEEDS), "--db", str(db), timeout=300)
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with chromium() as b:
        yield b


def _card_id(server: str) -> str:
    items = _get(f"{server}/api/incidents?date_from=2021-11-16&date_to=2021-11-16")["items"]
    assert items, "the seeds' 16 Nov 2021 incident is missing"
    return str(items[0]["id"])


def _views(server: str) -> list[tuple[str, str, str]]:
    """(name, path, selector that shows the view is ready)."""
    return [
        ("list", "/incidents", "#incidents"),
        ("card", f"/incidents/{_card_id(server)}", "main h1"),
        ("map", "/map", "#map[data-drawn]"),
        ("timeline", "/timeline", "#chart[data-drawn] canvas"),
        ("report", "/report", "#summary"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_view_needs_horizontal_scrolling(server: str, browser: Any, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    ARTIFACTS.mkdir(exist_ok=True)
    wide: dict[str, tuple[int, int]] = {}
    try:
        for name, path, ready in _views(server):
            pg.goto(server + path)
            pg.wait_for_selector(ready)
            scroll, client = pg.evaluate(OVERFLOW)
            if scroll > client:
                wide[name] = (scroll, client)
            pg.screenshot(path=str(ARTIFACTS / f"layout-{name}-{width}.png"), full_page=True)
    finally:
        ctx.close()
    assert wide == {}, f"views wider than the {width} px screen (scrollWidth, clientWidth): {wide}"
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in requests)


def test_one_filter_url_in_the_browser(server: str, browser: Any) -> None:
    """The list's filter, carried by the view links, draws the same incidents on the map and in
    the timeline (counted in the page itself)."""
    query = "date_from=2021-11-01&date_to=2021-11-30"
    expected = {i["id"] for i in _get(f"{server}/api/incidents?{query}&per_page=500")["items"]}
    located = {f["id"] for f in _get(f"{server}/api/map?{query}")["features"]}
    assert expected and located <= expected
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    try:
        pg.goto(f"{server}/incidents?{query}")
        listed = set(
            pg.eval_on_selector_all("#incidents tr[data-incident]", "els => els.map(e => e.dataset.incident)")
        )
        assert listed == expected
        pg.click("#views a[data-view=map]")
        pg.wait_for_selector("#map[data-drawn]")
        assert pg.get_attribute("#map", "data-drawn") == str(len(located))
        pg.click("#views a[data-view=timeline]")
        pg.wait_for_selector("#chart[data-drawn] canvas")
        days = pg.eval_on_selector_all(
            "#timeline-table td[data-label=Day] a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert days and all("date_from=2021-11" in d for d in days)
        pg.click("#views a[data-view=report]")
        pg.wait_for_selector("#summary")
        assert "2021-11-01" in pg.input_value("input[name=date_from]")
        pg.screenshot(path=str(ARTIFACTS / "layout-report-filtered-1366.png"), full_page=False)
    finally:
        ctx.close()
