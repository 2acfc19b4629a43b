"""Issue 14 acceptance, the review half: in Debian's headless Chromium (Playwright, never a
downloaded browser) against a real `ceasefire serve`, a coder reviews five claims of the seeds'
16 Nov 2021 incident with the keyboard only (accept, reject with a reason, correct a side, move a
claim to another incident, accept), reloads, re-runs extraction and reconciliation from the
command line, and every decision is still there; `export --verified-only` holds exactly the
accepted and corrected claims. Skipped with the reason when Chromium or the seeds are missing."""

from __future__ import annotations

import csv
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import cli, serve

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
ARTIFACTS = REPO / "test-artifacts"
DAY = "2021-11-16"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present in this checkout")
    pytest.importorskip("playwright.sync_api")
    db = tmp_path_factory.mktemp("review") / "seeds.db"
    cli("ingest", str(SEEDS), "--db", str(db))
    return db


def _states(pg: Any) -> dict[str, str]:
    """claim id -> the review state shown on its card (status and summary)."""
    out = {}
    for el in pg.locator("article.claim[data-claim]").all():
        out[el.get_attribute("data-claim")] = " ".join(el.locator(".review-state").inner_text().split())
    return out


def _wait_state(pg: Any, claim: str, status: str) -> None:
    pg.wait_for_selector(f"article.claim[data-claim='{claim}'] .review-state.review-{status}")


def test_keyboard_review_survives_reload_and_rerun(seeded_db: Path, tmp_path: Path) -> None:
    from tests.browser import chromium

    with serve(seeded_db) as server, chromium() as browser:
        items = _get(f"{server}/api/incidents?date_from={DAY}&date_to={DAY}")["items"]
        assert len(items) == 1, items
        inc = items[0]["id"]
        other = next(i["id"] for i in _get(f"{server}/api/incidents?per_page=500")["items"] if i["id"] != inc)
        ctx = browser.new_context(viewport={"width": 1366, "height": 900})
        pg = ctx.new_page()
        pg.set_default_timeout(15_000)
        requests: list[str] = []
        console: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("console", lambda m: console.append(m.text))
        pg.on("pageerror", lambda e: console.append(f"pageerror: {e}"))

        pg.goto(f"{server}/incidents/{inc}")
        claims = [el.get_attribute("data-claim") for el in pg.locator("article.claim[data-claim]").all()]
        assert len(claims) >= 5, claims
        machine_side = {
            c: pg.locator(
                f"article.claim[data-claim='{c}'] form.correction input[name=side_affected]"
            ).get_attribute("data-machine")
            for c in claims
        }
        # a decision without a reviewer is refused in the page, before any request
        pg.keyboard.press("j")
        pg.keyboard.press("a")
        assert "Fill in your name" in pg.inner_text("#review-message")
        assert "review-unreviewed" in (
            pg.get_attribute(f"article.claim[data-claim='{claims[0]}']", "class") or ""
        )
        pg.fill("#reviewer", "ana")
        pg.keyboard.press("Escape")  # leave the field: back on the first claim, keys go to the card
        pg.keyboard.press("a")  # 1: accept
        _wait_state(pg, claims[0], "verified")
        # accept moved to the next unreviewed claim
        pg.keyboard.press("r")  # 2: reject ...
        pg.keyboard.press("d")  # ... as a duplicate (the reason's first letter)
        _wait_state(pg, claims[1], "rejected")
        pg.keyboard.press("c")  # 3: correct the side affected
        side = "AZ" if machine_side[claims[2]] != "AZ" else "AM"
        focused = pg.evaluate("document.activeElement.name")
        assert focused == "side_affected"
        pg.keyboard.press("Control+A")
        pg.keyboard.type(side)
        pg.keyboard.press("Enter")
        _wait_state(pg, claims[2], "corrected")
        pg.keyboard.press("Escape")
        pg.keyboard.press("j")
        pg.keyboard.press("m")  # 4: move to another incident
        assert pg.evaluate("document.activeElement.name") == "incident_id"
        pg.keyboard.type(other)
        pg.keyboard.press("Enter")
        _wait_state(pg, claims[3], "corrected")
        pg.keyboard.press("Escape")
        pg.keyboard.press("j")
        pg.keyboard.press("a")  # 5: accept
        _wait_state(pg, claims[4], "verified")
        if len(claims) > 5:  # u: the next claim nobody decided on
            pg.keyboard.press("k")
            pg.keyboard.press("u")
            assert "current" in (pg.get_attribute(f"article.claim[data-claim='{claims[5]}']", "class") or "")
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "web-review-card.png"), full_page=True)

        expected = {
            claims[0]: ("verified", "", {}),
            claims[1]: ("rejected", "duplicate", {}),
            claims[2]: ("corrected", "", {"side_affected": side}),
            claims[3]: ("corrected", "", {"incident_id": other}),
            claims[4]: ("verified", "", {}),
        }
        assert _decisions(server, claims) == expected

        pg.reload()
        shown = _states(pg)
        assert shown[claims[0]].startswith("verified") and "ana" in shown[claims[0]]
        assert shown[claims[4]].startswith("verified")
        assert shown[claims[2]].startswith(
            f"corrected machine: side affected {machine_side[claims[2]]} · coder: {side}"
        )
        assert claims[3] not in shown  # moved away
        gone = pg.locator(f"li.claim-rejected[data-claim='{claims[1]}']")  # rejected: listed apart
        assert gone.count() == 1 and "duplicate · ana" in gone.inner_text()
        assert [r for r in requests if urlsplit(r).hostname != "127.0.0.1"] == []
        assert [m for m in console if "Content Security Policy" in m or "pageerror" in m] == []
        ctx.close()

    # re-run extraction and reconciliation from the command line, then look again
    cli("extract", "--all", "--db", str(seeded_db), "--jobs", "1")
    cli("incidents", "--db", str(seeded_db))
    with serve(seeded_db) as server, chromium() as browser:
        assert _decisions(server, claims) == expected
        pg = browser.new_page()
        pg.goto(f"{server}/incidents/{inc}")
        shown = _states(pg)
        assert shown[claims[0]].startswith("verified") and shown[claims[4]].startswith("verified")
        assert shown[claims[2]].startswith("corrected")
        assert (
            claims[1] not in shown and pg.locator(f"li.claim-rejected[data-claim='{claims[1]}']").count() == 1
        )
        pg.goto(f"{server}/incidents/{other}")
        moved = _states(pg)
        assert moved.get(claims[3], "").startswith("corrected"), moved
        pg.screenshot(path=str(ARTIFACTS / "web-review-moved.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{server}/incidents/{inc}")
        width, client = phone.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        phone.screenshot(path=str(ARTIFACTS / "web-review-card-390.png"), full_page=True)
        assert width <= client, (width, client)  # the compact table stacks; nothing scrolls sideways

    out = tmp_path / "verified.csv"
    cli("export", "--db", str(seeded_db), "--format", "claims-csv", "-o", str(out), "--verified-only")
    with out.open(encoding="utf-8") as fh:
        exported = {row["claim_id"] if "claim_id" in row else row["id"] for row in csv.DictReader(fh)}
    assert exported == {claims[0], claims[2], claims[3], claims[4]}


def _get(url: str) -> Any:
    import json

    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def _decisions(server: str, claims: list[str]) -> dict[str, tuple[str, str, dict[str, str]]]:
    import json

    out = {}
    for c in claims:
        log = _get(f"{server}/api/review/log?id={c}")
        if log["reviews"]:
            r = log["reviews"][-1]
            out[c] = (r["decision"], r["reason"] or "", json.loads(r["changes"]) if r["changes"] else {})
    return out
