"""Coder review: decisions are checked, appended (never overwriting), and the latest is in force."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from ceasefire import api
from ceasefire.errors import ConfigError, NotFound, StoreError
from ceasefire.records import REVIEW, Incident
from ceasefire.review import apply, decide, moved_to, status
from ceasefire.store import Store
from tests.test_records import _claim, _document, _mention


def _store_with_a_claim(url: str | Store = "sqlite:///:memory:") -> Store:
    from ceasefire.records import Extraction

    # the suite's store fixture is SQLite, or PostgreSQL on the PostgreSQL pass
    store = url if isinstance(url, Store) else Store(url)
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
        (("claim", "c1", "corrected"), {"changes": {"incident_id": "new"}}, "move its mention"),
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
    fixed = apply(claim, r)
    assert (fixed.side_affected, fixed.value_best) == ("XG", 4)
    assert fixed.evidence == claim.evidence and fixed.kind == claim.kind
    assert claim.side_affected == "XV"  # the machine's record is untouched (frozen)
    assert apply(claim, decide("claim", claim.id, "verified")) is claim
    assert status(None) == "unreviewed" and status(r) == "corrected"
    moved = decide("mention", "m1", "corrected", changes={"incident_id": "inc-1", "actor1_side": "XV"})
    assert moved_to(moved) == "inc-1" and apply(_mention(), moved).actor1_side == "XV"


def test_a_review_round_trips_through_its_field_map() -> None:
    r = decide(
        "claim", "c1", "corrected", changes={"value_low": 2, "civilian": True}, reviewer="ana", note="n"
    )
    for form in ("json", "store", "arrow"):
        assert REVIEW.from_dict(REVIEW.to_dict(r, form)) == r  # type: ignore[arg-type]
    plain = decide("incident", "inc-1", "verified")
    assert REVIEW.from_dict(REVIEW.to_dict(plain, "store")) == plain


def test_decisions_are_appended_and_the_latest_is_in_force(store: Store) -> None:
    store = _store_with_a_claim(store)
    first = api.review(store, "claim", "c1", "rejected", reason="wrong-side", reviewer="ana")
    second = api.review(store, "claim", "c1", "corrected", changes={"side_affected": "XG"}, reviewer="ben")
    log = store.reviews(target_id="c1")
    assert log == [first, second]  # nothing overwritten
    assert store.decisions("claim")[("claim", "c1")] == second
    assert store.claims()[0].side_affected == "XV"  # the machine's reading stays in the store


def test_reviewing_what_is_not_stored_is_refused(store: Store) -> None:
    store = _store_with_a_claim(store)
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


def test_a_decision_reaches_the_same_claim_extracted_again(store: Store) -> None:
    """Ids come from the evidence span: re-extraction of the same span keeps the decision."""
    from ceasefire.records import Extraction

    store = _store_with_a_claim(store)
    api.review(store, "claim", "c1", "verified", reviewer="ana")
    again = dataclasses.replace(_claim(), hedge="reportedly")  # same id, read again
    store.save_extraction(Extraction("d1", (_mention(),), (again,), (), "ok"), "v-next")
    assert store.claims() == [again]
    assert store.decisions("claim")[("claim", again.id)].decision == "verified"


def test_review_work_exports_as_gold_that_ceasefire_eval_scores(tmp_path: Path) -> None:
    """A team's decisions become its accuracy test: review every fact of a report, export the
    gold, and `ceasefire eval` loads and scores it (recording its floors once, then passing)."""
    import json

    from typer.testing import CliRunner

    from ceasefire.cli import app
    from ceasefire.evaluate.gold import load_reports
    from ceasefire.settings import Settings
    from tests.test_profile import PROFILE

    profile = tmp_path / "ruritania.json"
    profile.write_text(json.dumps(PROFILE), encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(
        "Graustarkian troops shelled the village of Zendavar on Monday, killing three people and "
        "wounding five others, the Ruritanian defence ministry said. The ministry added that a "
        "convoy of 40 trucks carrying 12 tonnes of aid reached the village on Tuesday.\n",
        encoding="utf-8",
    )
    settings = Settings(db=f"sqlite:///{tmp_path / 'c.db'}", profiles=(str(profile),))
    try:
        api.ingest([report], settings=settings, published="2031-05-06")
        api.extract(settings=settings)
        store = Store(settings.db)
        claims, mentions = store.claims(), store.mentions()
        assert claims and mentions
        killed = next(c for c in claims if c.kind == "killed")
        for c in claims:
            if c is killed:
                api.review(store, "claim", c.id, "corrected", changes={"civilian": True}, reviewer="ana")
            else:
                api.review(store, "claim", c.id, "verified", reviewer="ana")
        *rest, last = mentions
        for m in rest:
            api.review(store, "mention", m.id, "verified", reviewer="ana")
        gold = tmp_path / "team.jsonl"
        assert api.export_gold(store, gold) == (0, 1)  # one mention left: not a complete gold yet
        api.review(store, "mention", last.id, "rejected", reason="background", reviewer="ana")
        assert api.export_gold(store, gold) == (1, 0)
        (doc,) = load_reports(gold)
        assert len(doc.claims) == len(claims) and len(doc.events) == len(mentions) - 1
        line = json.loads(gold.read_text(encoding="utf-8"))
        assert next(c for c in line["claims"] if c["kind"] == "killed")["civilian"] is True
    finally:
        from ceasefire import reference

        reference.use()

    runner = CliRunner()
    floors = tmp_path / "floors.json"
    common = [str(gold), "--floors", str(floors), "--no-baselines", "--seeds", str(tmp_path / "none")]
    common += ["--realnews", str(tmp_path / "none"), "--heldout", str(tmp_path / "none")]
    first = runner.invoke(app, ["--profile", str(profile), "eval", *common, "--update"])
    assert first.exit_code == 0, first.output
    assert "claims" in first.output or "figures" in first.output
    again = runner.invoke(app, ["--profile", str(profile), "eval", *common])
    assert again.exit_code == 0, again.output


def test_the_review_commands_decide_log_and_refuse_mistakes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ceasefire.cli import app

    db = str(tmp_path / "r.db")
    _store_with_a_claim(f"sqlite:///{db}").close()
    run = CliRunner().invoke
    assert run(app, ["review", "accept", "c1", "--db", db]).exit_code == 1  # who decides?
    ok = run(app, ["review", "reject", "c1", "--reason", "duplicate", "--reviewer", "ana", "--db", db])
    assert ok.exit_code == 0, ok.output
    bad = run(app, ["review", "correct", "c1", "--set", "value_best", "--reviewer", "ana", "--db", db])
    assert bad.exit_code == 1 and "FIELD=VALUE" in str(bad.exception)
    fixed = run(app, ["review", "correct", "c1", "--set", "value_best=4", "--reviewer", "ben", "--db", db])
    assert fixed.exit_code == 0, fixed.output
    missing = run(app, ["review", "accept", "nope", "--reviewer", "ana", "--db", db])
    assert isinstance(missing.exception, NotFound)  # exit 4 from the real command
    log = run(app, ["review", "log", "c1", "--json", "--db", db])
    decisions = [(r["decision"], r["reviewer"]) for r in json.loads(log.output)]
    assert decisions == [("rejected", "ana"), ("corrected", "ben")]
    listed = run(app, ["review", "list", "--status", "corrected", "--json", "--db", db])
    assert [r["id"] for r in json.loads(listed.output)] == ["c1"]


# --- reconciliation applies the decisions in force ----------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The demo corpus ingested, extracted and clustered once for this module's tests (each test
    works on a copy, since decisions are written to the store)."""
    from ceasefire.extract.run import extract_store
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.reconcile import update_incidents
    from ceasefire.settings import Settings
    from tests.test_reconcile import _demo_inputs

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    sources, manifest = _demo_inputs()
    ingest_sources(sources, store=store, settings=Settings(), manifest=manifest)
    extract_store(store, jobs=1)
    update_incidents(store)
    store.close()
    return Store(f"sqlite:///{path}")


@pytest.fixture
def demo(demo_store: Store, tmp_path: Path) -> Store:
    import shutil

    src = demo_store.url.removeprefix("sqlite:///")
    shutil.copy(src, tmp_path / "copy.db")
    return Store(f"sqlite:///{tmp_path / 'copy.db'}")


def _incidents(store: Store, **kw: object) -> list:
    from ceasefire.reconcile import build_incidents

    return build_incidents(store, **kw)  # type: ignore[arg-type]


def _busiest(store: Store):  # type: ignore[no-untyped-def]
    return max(_incidents(store), key=lambda i: (len(i.claims), i.id))


def test_reconciliation_applies_rejections_and_corrections(demo: Store) -> None:
    inc = _busiest(demo)
    first, second, third = (rc.claim for rc in inc.claims[:3])
    api.review(demo, "claim", first.id, "rejected", reason="not-a-casualty", reviewer="ana")
    api.review(demo, "claim", second.id, "corrected", changes={"value_best": 99, "value_low": 99,
               "value_high": 99}, reviewer="ana")  # fmt: skip
    api.review(demo, "claim", third.id, "verified", reviewer="ana")
    after = next(i for i in _incidents(demo) if i.id == inc.id)
    by_id = {rc.claim.id: rc for rc in after.claims}
    assert first.id not in by_id  # rejected: out of the incident, its estimates and exports
    assert by_id[second.id].claim.value_best == 99 and by_id[second.id].review_status == "corrected"
    assert by_id[third.id].review_status == "verified"
    assert {rc.review_status for rc in after.claims} >= {"unreviewed"}
    assert any(e.best == 99 or e.high == 99 for e in after.estimates)  # reconciled with the coder's value
    assert demo.claims_by_ids([second.id])[0].value_best != 99  # the machine's reading is kept


def test_verified_only_keeps_exactly_the_accepted_and_corrected_claims(demo: Store, tmp_path: Path) -> None:
    import pandas as pd

    from ceasefire.export import export

    claims = [rc.claim for i in _incidents(demo) for rc in i.claims]
    accepted, corrected, rejected = claims[0], claims[1], claims[2]
    api.review(demo, "claim", accepted.id, "verified", reviewer="ana")
    api.review(demo, "claim", corrected.id, "corrected", changes={"civilian": True}, reviewer="ana")
    api.review(demo, "claim", rejected.id, "rejected", reason="duplicate", reviewer="ana")
    export(demo, "claims-csv", tmp_path / "v.csv", verified_only=True)
    rows = pd.read_csv(tmp_path / "v.csv")
    assert set(rows["claim_id"]) == {accepted.id, corrected.id}
    assert dict(zip(rows["claim_id"], rows["review_status"], strict=True)) == {
        accepted.id: "verified",
        corrected.id: "corrected",
    }
    export(demo, "claims-csv", tmp_path / "all.csv")
    everything = pd.read_csv(tmp_path / "all.csv")
    assert rejected.id not in set(everything["claim_id"]) and len(everything) == len(claims) - 1


def test_moves_and_merges_change_membership_and_survive_reconciliation(demo: Store) -> None:
    from ceasefire.reconcile import update_incidents

    incidents = _incidents(demo)
    a, b = sorted(incidents, key=lambda i: (-len(i.mentions), i.id))[:2]
    mention = a.mentions[-1]
    api.review(demo, "mention", mention.id, "corrected", changes={"incident_id": b.id}, reviewer="ana")
    moved = {i.id: i for i in _incidents(demo)}
    assert mention.id in {m.id for m in moved[b.id].mentions}
    assert mention.id not in {m.id for m in moved.get(a.id, a).mentions} or a.id not in moved
    api.review(demo, "incident", a.id, "corrected", changes={"merged_into": b.id}, reviewer="ana")
    merged = {i.id: i for i in _incidents(demo)}
    assert a.id not in merged
    assert {m.id for m in a.mentions} <= {m.id for m in merged[b.id].mentions}
    update_incidents(demo, rebuild=True)  # the machine clusters again: the decisions still hold
    again = {i.id: i for i in _incidents(demo)}
    assert again.keys() == merged.keys()
    assert {m.id for m in again[b.id].mentions} == {m.id for m in merged[b.id].mentions}
    order = [(i.date_start or __import__("datetime").date.max, i.id) for i in _incidents(demo)]
    assert order == sorted(order)  # still in export order, so streamed exports accept it


def test_a_split_gives_a_mention_an_incident_of_its_own(demo: Store) -> None:
    from ceasefire.review import split_id

    inc = max(_incidents(demo), key=lambda i: (len(i.mentions), i.id))
    m = inc.mentions[0]
    api.review(demo, "mention", m.id, "corrected", changes={"incident_id": "new"}, reviewer="ana")
    by_id = {i.id: i for i in _incidents(demo)}
    assert [x.id for x in by_id[split_id(m.id)].mentions] == [m.id]
    assert m.id not in {x.id for x in by_id[inc.id].mentions}


def test_a_rejected_incident_leaves_every_export(demo: Store) -> None:
    inc = _incidents(demo)[0]
    api.review(demo, "incident", inc.id, "rejected", reason="not-a-casualty", reviewer="ana")
    assert inc.id not in {i.id for i in _incidents(demo)}


def test_the_report_says_how_much_of_it_a_coder_reviewed(demo: Store) -> None:
    from ceasefire.report import build_report

    def said(store: Store) -> str:
        return " ".join(build_report(_incidents(store)).summary.sentences)

    assert "No claim has been reviewed by a coder yet" in said(demo)

    # the report covers the period's events, not the history its reports retell
    def events(store: Store) -> list[Incident]:
        return [i for i in _incidents(store) if i.kind != "background"]

    a, b, c = [rc.claim for i in events(demo) for rc in i.claims][:3]
    api.review(demo, "claim", a.id, "verified", reviewer="ana")
    api.review(demo, "claim", b.id, "corrected", changes={"civilian": True}, reviewer="ana")
    api.review(demo, "claim", c.id, "rejected", reason="duplicate", reviewer="ana")
    total = sum(len(i.claims) for i in events(demo))
    assert f"Reviewed by a coder: 2 of {total} claims (1 verified, 1 corrected)" in said(demo)
