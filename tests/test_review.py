"""Coder review: decisions are checked, appended (never overwriting), and the latest is in force."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ceasefire import api
from ceasefire.errors import ConfigError, NotFound, StoreError
from ceasefire.records import REVIEW
from ceasefire.review import apply_claim, apply_mention, decide, moved_to, status
from ceasefire.store import Store, open_store
from tests.test_records import _claim, _document, _mention


def _store_with_a_claim(url: str = "sqlite:///:memory:") -> Store:
    from ceasefire.extract.assemble import Extraction

    store = Store(url) if url != "sqlite:///:memory:" else open_store(url)
    store.add_document(_document())
    store.save_extraction(Extraction("d1", (_mention(),), (_claim(),), (), "ok"), "v-test")
    return store


@pytest.mark.parametrize(
    ("args", "kw", "message"),
    [
        (("claim", "c1", "rejected"), {}, "needs a reason"),
        (("claim", "c1", "rejected"), {"reason": "boring"}, "needs a reason"),
        (("claim", "c1", "verified"), {"reason": "other"}, "only a rejection takes a reason"),
        (("claim", "c1", "corrected"), {}, "at least one changed field"),
        (("claim", "c1", "verified"), {"changes": {"kind": "killed"}}, "only a correction"),
        (("claim", "c1", "corrected"), {"changes": {"quote": "x"}}, "cannot change 'quote'"),
        (("claim", "c1", "corrected"), {"changes": {"value_best": "three"}}, "whole number"),
        (("claim", "c1", "corrected"), {"changes": {"value_best": -2}}, "negative"),
        (("claim", "c1", "corrected"), {"changes": {"side_affected": "X V!"}}, "a code"),
        (("claim", "c1", "corrected"), {"changes": {"civilian": "maybe"}}, "true or false"),
        (("mention", "m1", "corrected"), {"changes": {"value_best": 3}}, "cannot change"),
        (("document", "d1", "verified"), {}, "cannot review a 'document'"),
        (("claim", "c1", "approved"), {}, "unknown decision"),
        (("claim", "", "verified"), {}, "id is missing"),
    ],
)
def test_a_wrong_decision_is_one_clear_error(args: tuple[str, str, str], kw: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        decide(*args, **kw)


def test_a_correction_changes_only_its_fields_and_keeps_the_machines_reading() -> None:
    claim = _claim()
    r = decide(
        "claim", claim.id, "corrected", changes={"side_affected": "XG", "value_best": "4"}, reviewer="ana"
    )
    fixed = apply_claim(claim, r)
    assert (fixed.side_affected, fixed.value_best) == ("XG", 4)
    assert fixed.evidence == claim.evidence and fixed.kind == claim.kind
    assert claim.side_affected == "XV"  # the machine's record is untouched (frozen)
    assert apply_claim(claim, decide("claim", claim.id, "verified")) is claim
    assert status(None) == "unreviewed" and status(r) == "corrected"
    moved = decide("mention", "m1", "corrected", changes={"incident_id": "inc-1", "actor1_side": "XV"})
    assert moved_to(moved) == "inc-1" and apply_mention(_mention(), moved).actor1_side == "XV"


def test_a_review_round_trips_through_its_field_map() -> None:
    r = decide(
        "claim", "c1", "corrected", changes={"value_low": 2, "civilian": True}, reviewer="ana", note="n"
    )
    for form in ("json", "store", "arrow"):
        assert REVIEW.from_dict(REVIEW.to_dict(r, form)) == r  # type: ignore[arg-type]
    plain = decide("incident", "inc-1", "verified")
    assert REVIEW.from_dict(REVIEW.to_dict(plain, "store")) == plain


def test_decisions_are_appended_and_the_latest_is_in_force() -> None:
    store = _store_with_a_claim()
    first = api.review(store, "claim", "c1", "rejected", reason="wrong-side", reviewer="ana")
    second = api.review(store, "claim", "c1", "corrected", changes={"side_affected": "XG"}, reviewer="ben")
    log = store.reviews(target_id="c1")
    assert log == [first, second]  # nothing overwritten
    assert store.decisions("claim")[("claim", "c1")] == second
    assert store.claims()[0].side_affected == "XV"  # the machine's reading stays in the store


def test_reviewing_what_is_not_stored_is_refused() -> None:
    store = _store_with_a_claim()
    with pytest.raises(NotFound, match="no claim 'nope'"):
        api.review(store, "claim", "nope", "verified")
    with pytest.raises(NotFound, match="no incident 'inc-nope'"):
        api.review(store, "claim", "c1", "corrected", changes={"incident_id": "inc-nope"})
    assert store.reviews() == []


def test_a_read_only_store_refuses_decisions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _store_with_a_claim(url).close()
    ro = Store(url, create=False, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        api.review(ro, "claim", "c1", "verified", reviewer="ana")


def test_a_decision_reaches_the_same_claim_extracted_again() -> None:
    """Ids come from the evidence span: re-extraction of the same span keeps the decision."""
    from ceasefire.extract.assemble import Extraction

    store = _store_with_a_claim()
    api.review(store, "claim", "c1", "verified", reviewer="ana")
    again = dataclasses.replace(_claim(), hedge="reportedly")  # same id, read again
    store.save_extraction(Extraction("d1", (_mention(),), (again,), (), "ok"), "v-next")
    assert store.claims() == [again]
    assert store.decisions("claim")[("claim", again.id)].decision == "verified"
