"""The HTML report in a real headless Chromium: charts and map are drawn, nothing is remote."""

from __future__ import annotations

import glob
import io
import re
from pathlib import Path

import pytest

from ceasefire.api import analyze

from .browser import chromium

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyze")
    demo = REPO / "ceasefire" / "data" / "demo"
    analyze(sorted(glob.glob(str(demo / "*.txt"))), out, manifest=demo / "manifest.csv")
    return out


def test_html_report_is_self_contained(outputs: Path) -> None:
    html = (outputs / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower()
    for ref in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(([^)]*)\)""", html):
        target = next(x for x in ref if x) if any(ref) else ""
        assert target.startswith(("data:", "#")), target


def test_chromium_draws_charts_and_map_and_requests_nothing_remote(outputs: Path) -> None:
    import matplotlib.image

    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto((outputs / "report.html").as_uri())
        page.screenshot(path=str(artifacts / "report.png"), full_page=True)
        images = page.locator("img")
        assert images.count() >= 3  # timeline, map, escalation
        for i in range(images.count()):
            img = images.nth(i)
            assert img.evaluate("el => el.complete && el.naturalWidth > 0"), f"image {i} did not load"
            png = img.screenshot()
            pixels = matplotlib.image.imread(io.BytesIO(png))
            assert pixels.std() > 0.01, f"image {i} is blank"
    remote = [u for u in requested if not u.startswith(("file:", "data:"))]
    assert remote == []
