"""Coder review in the web workspace (issue 14, parts 1 and 4), in-process: decisions through
the JSON API and the no-script forms are stored with their reviewer; the write rules (CSRF,
origin, token, read-only) refuse; bad input gets a clear 4xx (the HTML error page for a
browser); the card shows the machine's reading beside a correction; the compact comparison
table names figures, not ids."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from ceasefire.report import build_card  # noqa: E402
from ceasefire.report.card import compare_table  # noqa: E402
from ceasefire.store import Store  # noqa: E402
from ceasefire.web import create_app  # noqa: E402
from tests.test_report import clash  # noqa: E402
from tests.test_web import BASE, build_store  # noqa: E402

AZ_CLAIM, AM_CLAIM = "c-az-killed", "c-am-wounded"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return build_store(tmp_path / "review.db")


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=BASE) as c:
        yield c


def _csrf(client: TestClient) -> str:
    return str(client.get("/api/csrf").json()["csrf_token"])


def _incident(client: TestClient) -> str:
    items = [i for i in client.get("/api/incidents").json()["items"] if "Battles" in i["type"]]
    assert len(items) == 1
    return str(items[0]["id"])


def _post(client: TestClient, body: dict[str, object], **headers: str) -> object:
    return client.post("/api/review", json=body, headers={"X-CSRF-Token": _csrf(client), **headers})


def test_decision_via_api_is_stored_with_its_reviewer(client: TestClient, db: str) -> None:
    r = client.post(
        "/api/review",
        json={"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": " ana "},
        headers={"X-CSRF-Token": _csrf(client)},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["target"], body["target_id"], body["decision"], body["reviewer"]) == (
        "claim",
        AZ_CLAIM,
        "verified",
        "ana",
    )
    with Store(db) as st:
        [stored] = st.reviews(target_id=AZ_CLAIM)
    assert stored.reviewer == "ana" and stored.decision == "verified" and stored.id == body["id"]
    log = client.get("/api/review/log", params={"id": AZ_CLAIM}).json()
    assert log["status"] == "verified" and [x["id"] for x in log["reviews"]] == [body["id"]]


def test_correction_keeps_the_machine_reading_beside_it(client: TestClient, db: str) -> None:
    inc = _incident(client)
    r = client.post(
        "/api/review",
        json={
            "target": "claim",
            "id": AM_CLAIM,
            "decision": "corrected",
            "changes": {"side_affected": "AZ"},
            "reviewer": "ana",
        },
        headers={"X-CSRF-Token": _csrf(client)},
    )
    assert r.status_code == 201, r.text
    html = client.get(f"/incidents/{inc}").text
    summaries = re.findall(r'class="review-summary">([^<]*)<', html)
    assert any(s.startswith("machine: side affected AM · coder: AZ (ana, ") for s in summaries), summaries
    # the machine's claim is untouched in the store: the decision is a record of its own
    with Store(db) as st:
        [claim] = [c for c in st.claims() if c.id == AM_CLAIM]
    assert claim.side_affected == "AM"


def test_form_without_script_records_and_redirects_to_the_card(client: TestClient, db: str) -> None:
    inc = _incident(client)
    token = _csrf(client)
    page = client.get(f"/incidents/{inc}").text
    assert 'action="/review"' in page and f'name="csrf_token" value="{token}"' in page
    r = client.post(
        "/review",
        data={
            "csrf_token": token,
            "target": "claim",
            "id": AZ_CLAIM,
            "decision": "rejected",
            "reason": "background",
            "reviewer": "bo",
            "back": inc,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{inc}#claim-{AZ_CLAIM}"
    # a correction form shows every field filled: only those differing from the machine count
    r = client.post(
        "/review",
        data={
            "csrf_token": token,
            "target": "claim",
            "id": AZ_CLAIM,
            "decision": "corrected",
            "side_affected": "AZ",  # the machine's value: not a change
            "kind": "killed",
            "value_best": "3",
            "reviewer": "bo",
            "back": inc,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with Store(db) as st:
        log = st.reviews(target_id=AZ_CLAIM)
    assert [(x.decision, x.reason, x.changed, x.reviewer) for x in log] == [
        ("rejected", "background", {}, "bo"),
        ("corrected", "", {"value_best": 3}, "bo"),
    ]
    # a move names an incident; the move button sends only the incident. A mention may go to a
    # new incident of its own (a split); a claim only to an existing one
    move = {"csrf_token": token, "decision": "moved", "value_best": "99", "reviewer": "bo", "back": inc}
    r = client.post(
        "/review",
        data={**move, "target": "claim", "id": AM_CLAIM, "incident_id": "new"},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "move its mention" in r.text
    r = client.post(
        "/review",
        data={**move, "target": "mention", "id": "m-az-1", "incident_id": "new"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with Store(db) as st:
        assert st.decisions("mention")[("mention", "m-az-1")].changed == {"incident_id": "new"}
        assert ("claim", AM_CLAIM) not in st.decisions("claim")


def test_writes_are_refused_without_csrf_or_from_another_origin(client: TestClient, db: str) -> None:
    body = {"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": "ana"}
    assert client.post("/api/review", json=body).status_code == 403
    assert client.post("/api/review", json=body, headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    token = _csrf(client)
    foreign = client.post(
        "/api/review", json=body, headers={"X-CSRF-Token": token, "Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    form = client.post(
        "/review",
        data={"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": "ana"},
        headers={"accept": "text/html"},
    )
    assert form.status_code == 403 and "Error 403" in form.text and "CSRF" in form.text
    with Store(db) as st:
        assert st.reviews() == []


def test_token_server_needs_the_token(db: str) -> None:
    body = {"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": "ana"}
    with TestClient(create_app(db, token="s3cret-token"), base_url=BASE) as c:
        csrf = _csrf(c)
        assert c.post("/api/review", json=body, headers={"X-CSRF-Token": csrf}).status_code == 401
        wrong = c.post("/api/review", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = c.post("/api/review", json=body, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 201, ok.text
        page = c.get(f"/incidents/{_incident(c)}").text
        assert 'id="write-token"' in page and 'name="token"' in page


def test_read_only_server_refuses_and_shows_the_controls_disabled(db: str) -> None:
    with TestClient(create_app(db, read_only=True), base_url=BASE) as c:
        csrf = _csrf(c)
        body = {"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": "ana"}
        r = c.post("/api/review", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        form = c.post(
            "/review",
            data={
                "csrf_token": csrf,
                "target": "claim",
                "id": AZ_CLAIM,
                "decision": "verified",
                "reviewer": "a",
            },
        )
        assert form.status_code == 403 and "read-only" in form.text
        page = c.get(f"/incidents/{_incident(c)}").text
        assert 'id="review-read-only"' in page
        assert page.count("<fieldset disabled>") == page.count("<fieldset")
    with Store(db) as st:
        assert st.reviews() == []


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"target": "claim", "id": AZ_CLAIM, "decision": "verified", "reviewer": "  "}, 400, "reviewer"),
        ({"target": "claim", "id": AZ_CLAIM, "decision": "rejected", "reviewer": "a"}, 400, "needs a reason"),
        (
            {"target": "claim", "id": AZ_CLAIM, "decision": "rejected", "reason": "boring", "reviewer": "a"},
            400,
            "not-a-casualty",
        ),
        (
            {
                "target": "claim",
                "id": AZ_CLAIM,
                "decision": "corrected",
                "changes": {"colour": "red"},
                "reviewer": "a",
            },
            400,
            "cannot change 'colour'",
        ),
        (
            {
                "target": "claim",
                "id": AZ_CLAIM,
                "decision": "corrected",
                "changes": {"value_best": "many"},
                "reviewer": "a",
            },
            400,
            "whole number",
        ),
        (
            {"target": "claim", "id": "no-such-claim", "decision": "verified", "reviewer": "a"},
            404,
            "no claim",
        ),
        (
            {
                "target": "claim",
                "id": AZ_CLAIM,
                "decision": "corrected",
                "changes": {"incident_id": "inc-nowhere"},
                "reviewer": "a",
            },
            404,
            "no incident",
        ),
    ],
)
def test_bad_decisions_get_a_clear_4xx(
    client: TestClient, db: str, body: dict[str, object], status: int, words: str
) -> None:
    r = client.post("/api/review", json=body, headers={"X-CSRF-Token": _csrf(client)})
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    with Store(db) as st:
        assert st.reviews() == []


def test_malformed_requests_are_422_for_scripts_and_the_error_page_for_browsers(client: TestClient) -> None:
    csrf = _csrf(client)
    r = client.post(
        "/api/review",
        json={"target": "document", "id": AZ_CLAIM, "decision": "verified", "reviewer": "a"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 422
    assert client.get("/api/review/log", params={"id": "../etc"}).status_code == 422
    page = client.post(
        "/review",
        data={"csrf_token": csrf, "target": "claim", "id": AZ_CLAIM, "decision": "rejected", "reviewer": "a"},
        headers={"accept": "text/html"},
    )
    assert page.status_code == 400
    assert "Error 400" in page.text and "needs a reason" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_next_unreviewed_walks_across_incidents(client: TestClient) -> None:
    first = client.get("/api/review/next").json()
    assert first["claim"] in (AZ_CLAIM, AM_CLAIM) and first["remaining"] == 2 and first["total"] == 2
    assert first["url"] == f"/incidents/{first['incident']}#claim-{first['claim']}"
    r = _post(client, {"target": "claim", "id": first["claim"], "decision": "verified", "reviewer": "a"})
    assert r.status_code == 201  # type: ignore[attr-defined]
    second = client.get("/api/review/next", params={"after": first["claim"]}).json()
    assert second["claim"] not in (None, first["claim"]) and second["remaining"] == 1
    redirect = client.get("/review/next", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == second["url"]
    _post(client, {"target": "claim", "id": second["claim"], "decision": "verified", "reviewer": "a"})
    done = client.get("/api/review/next").json()
    assert done["claim"] is None and done["remaining"] == 0
    assert "nothing left to review" in client.get("/review/next").text


def test_incident_decisions_and_mentions_have_controls(client: TestClient, db: str) -> None:
    inc = _incident(client)
    page = client.get(f"/incidents/{inc}").text
    assert f'data-target="incident" data-id="{inc}"' in page
    assert 'data-target="mention" data-id="m-az-1"' in page
    assert 'src="/static/review.js"' in page and " style=" not in page and "<style" not in page
    r = _post(
        client,
        {"target": "mention", "id": "m-az-1", "decision": "rejected", "reason": "other", "reviewer": "a"},
    )
    assert r.status_code == 201  # type: ignore[attr-defined]
    r = _post(client, {"target": "incident", "id": inc, "decision": "verified", "reviewer": "a"})
    assert r.status_code == 201  # type: ignore[attr-defined]
    with Store(db) as st:
        got = {(k, v.decision) for k, v in st.decisions().items()}
    assert got == {(("mention", "m-az-1"), "rejected"), (("incident", inc), "verified")}
    assert client.get("/static/review.js").status_code == 200
    assert client.get("/static/review.css").status_code == 200


def test_compare_table_shows_latest_figures_with_earlier_ones_and_estimates() -> None:
    card = build_card(clash())
    table = compare_table(card)
    assert table.headers == tuple(
        f"claimants of {col.side}" if col.side else col.label for col in card.columns
    )
    # parties in words when the workspace can name them, their codes beside
    named = compare_table(card, {"AM": "Armenia"}.get)
    assert "claimants of Armenia (AM)" in named.headers
    assert "killed, Armenia (AM)" in [r.label for r in named.rows]
    rows = {(r.kind, r.side_affected, r.civilian): r for r in table.rows}
    am_killed = rows[("killed", "AM", False)]
    am_cell = am_killed.cells[[c.side for c in card.columns].index("AM")]
    # AM's later figure (4) is the one shown; its first one (2) is "earlier", dated
    assert [f.figure for f in am_cell] == ["4"]
    assert am_cell[0].earlier and am_cell[0].earlier[0].startswith("2 (2022-09-13")
    assert am_cell[0].href == f"/documents/{am_cell[0].document_id}?claim=c-am-2#claim-c-am-2"
    assert am_killed.estimate and am_killed.rule and am_killed.status
    # every claim id on the table is reachable only through links, never shown as text
    for row in table.rows:
        for cell in row.cells:
            for f in cell:
                assert f.claim_id not in f.who and f.claim_id not in f.figure
    # the struck figure names its successor by value, not by id
    struck = [v for col in card.columns for v in col.claims if v.superseded_by]
    assert struck and all("c-am-2" not in v.superseded_note for v in struck)


def test_a_decision_shows_on_the_next_page_even_from_the_command_line(client: TestClient, db: str) -> None:
    """The workspace's incidents are rebuilt when the review log grows (reconciliation applies
    decisions): a rejection through the API and one written by another process (the CLI's
    store) both take the claim off the card, listed apart as rejected."""
    inc = _incident(client)

    def claims_on_card() -> set[str]:
        card = client.get(f"/api/incidents/{inc}").json()
        return {c["claim_id"] for col in card["columns"] for c in col["claims"]}

    assert claims_on_card() == {AZ_CLAIM, AM_CLAIM}
    r = _post(
        client,
        {"target": "claim", "id": AZ_CLAIM, "decision": "rejected", "reason": "background", "reviewer": "a"},
    )
    assert r.status_code == 201  # type: ignore[attr-defined]
    assert claims_on_card() == {AM_CLAIM}
    html = client.get(f"/incidents/{inc}").text
    assert f'class="claim-rejected" data-claim="{AZ_CLAIM}"' in html and "background · a, " in html
    from ceasefire import api

    with Store(db) as st:  # as `ceasefire review reject` does, beside the running server
        api.review(st, "claim", AM_CLAIM, "rejected", reason="duplicate", reviewer="cli")
    assert claims_on_card() == set()


def test_card_text_cuts_headers_between_words() -> None:
    from ceasefire.report.cards import clip

    assert clip("claimants of Azerbaijan (AZ)", 20) == "claimants of…"
    assert clip("unattributed (outlet's own figures)", 20) == "unattributed…"
    assert clip("short", 10) == "short"
    assert clip("Supercalifragilistic", 8) == "Superca…"  # one word longer than the width


def test_a_mention_is_corrected_with_its_machine_reading_kept(client: TestClient, db: str) -> None:
    inc = _incident(client)
    page = client.get(f"/incidents/{inc}").text
    form = page[page.index('data-target="mention" data-id="m-az-1"') :]
    form = form[: form.index("</details>")]
    assert 'name="claimant_side" value="AZ" data-machine="AZ"' in form
    r = client.post(
        "/review",
        data={
            "csrf_token": _csrf(client),
            "target": "mention",
            "id": "m-az-1",
            "decision": "corrected",
            "actor1_side": "AM",  # as the machine read them: not changes
            "actor2_side": "AZ",
            "claimant_side": "AM",
            "reviewer": "ana",
            "back": inc,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{inc}#mention-m-az-1"
    with Store(db) as st:
        assert st.decisions("mention")[("mention", "m-az-1")].changed == {"claimant_side": "AM"}
    page = client.get(f"/incidents/{inc}").text
    assert "machine: claimant side AZ · coder: AM (ana, " in page
    # the form now shows the value in force, the machine's beside it for the script's diff
    assert 'name="claimant_side" value="AM" data-machine="AZ"' in page
