"""The store's queries for the stages above it (ceasefire/store/queries.py): a batch of incidents
as reconcile reads it, and the row forms the Spark job writes and reads."""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from ceasefire.api import extract
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.reconcile import update_incidents
from ceasefire.settings import Settings
from ceasefire.store import Store
from ceasefire.store.queries import (
    claim_from_row,
    claim_row,
    document_from_row,
    document_row,
    incident_batch,
    mention_from_row,
    mention_row,
)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        p = Path(folder)
        sources = sorted(str(f) for f in p.glob("*.txt"))
        store = Store(str(tmp_path_factory.mktemp("q") / "s.db"))
        ingest_sources(sources, store=store, settings=Settings(), manifest=p / "manifest.csv")
    extract(store=store, settings=Settings(jobs=1))
    update_incidents(store)
    return store


def test_an_incident_batch_holds_what_the_store_holds_for_those_incidents(demo_store: Store) -> None:
    members: dict[str, list[str]] = defaultdict(list)
    for m, (inc, _v) in demo_store.incident_members().items():
        members[inc].append(m)
    ids = sorted(members)[: max(2, len(members) // 2)]  # a batch, not the whole store
    mentions = {m.id: m for m in demo_store.mentions()}
    claims = demo_store.claims()

    got = incident_batch(demo_store, ids)

    assert set(got.members) == set(ids)
    for inc in ids:
        expected = [mentions[m] for m in sorted(members[inc]) if mentions[m].in_incident]
        assert got.mentions_of(inc) == expected
    want_claims = {m: [c for c in claims if c.mention_id == m] for m in got.mentions}
    assert {m: cs for m, cs in want_claims.items() if cs} == {
        m: cs for m, cs in got.claims_by_mention.items() if cs
    }
    needed = {m.document_id for m in got.mentions.values()} | {
        c.document_id for cs in got.claims_by_mention.values() for c in cs
    }
    assert set(got.documents) == needed
    assert all(got.documents[d] == demo_store.get_document(d) for d in needed)
    # an incident outside the batch is not read
    others = sorted(set(members) - set(ids))
    assert not others or not set(others) & set(got.members)

    light = incident_batch(demo_store, ids, claims=False)
    assert light.mentions == got.mentions and not light.claims_by_mention
    assert set(light.documents) == {m.document_id for m in got.mentions.values()}


def test_row_forms_read_back_the_same_records(demo_store: Store) -> None:
    docs = list(demo_store.documents())
    assert docs
    for d in docs:
        assert document_from_row(document_row(d)) == d
    ms, cs = demo_store.mentions(), demo_store.claims()
    assert ms and cs
    assert [mention_from_row(mention_row(m)) for m in ms] == ms
    assert [claim_from_row(claim_row(c)) for c in cs] == cs
