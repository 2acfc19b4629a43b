"""Streaming exports: iter_incidents equals build_incidents, streamed files equal list-built ones,
and exporting a store holds one batch of incidents, not the whole store."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import astuple
from importlib.resources import as_file, files
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ceasefire.export import FORMATS, export, filter_incidents, in_export_order
from ceasefire.records import (
    Claim,
    DateValue,
    Document,
    Evidence,
    Extraction,
    Incident,
    Mention,
    Place,
    PubDate,
)
from ceasefire.store import Store

SOTK = Place("Sotk", "AM", "Gegharkunik", 40.2001, 45.8695, "village", "exact", 616052)
TOVUZ = Place("Tovuz", "AZ", "Tovuz", 40.9925, 45.6284, "town", "exact", 146970)
PER_DOC = 5  # incidents whose first mention shares a document


def _filler(j: int, chars: int) -> str:
    words = [f"w{j}x{i}" for i in range(chars // 6 + 1)]
    return " ".join(words)[:chars]


def _mention(mid: str, doc: Document, start: int, event_type: str, date: DateValue, **kw: object) -> Mention:
    text = doc.text[start : start + 120]
    return Mention(
        id=mid,
        document_id=doc.id,
        event_type=event_type,
        sub_event_type="Armed clash" if event_type == "Battles" else "accuse",
        actor1="Military Forces of Azerbaijan (2003-)",
        actor1_side="AZ",
        actor2="Military Forces of Armenia (2018-)",
        actor2_side="AM",
        claimant="AZ-MOD" if start % 2 else "AM-MOD",
        claimant_side="AZ" if start % 2 else "AM",
        date=date,
        places=(SOTK,) if start % 3 else (TOVUZ, SOTK),
        evidence=Evidence(doc.id, start, start + len(text), text),
        background=bool(kw.get("background", False)),
    )


def _generate(store: Store, n: int, *, text_chars: int = 2000) -> int:
    """A store of ``n`` synthetic incidents (no spaCy): two mentions each, in documents shared by
    several incidents, with equal days (ties broken by id), undated and statement-only incidents,
    a second mention on another day, and a background statement per document that no incident has
    (history retold is an incident of its own; words said about it are none).
    Returns the number of claims."""
    from ceasefire.reconcile import RECONCILER_VERSION

    n_docs = n // PER_DOC + 1
    base = dt.date(2021, 1, 1)
    docs = [
        Document(
            id=f"d{j:05d}",
            source=f"generated/{j}.txt",
            text=_filler(j, text_chars),
            title=f"Generated report {j}",
            url=f"https://example.org/{j}",
            outlet="azertac" if j % 2 else "armenpress",
            # a fifth of the reports, two by two, without a publication date: their incidents stay
            # undated, where the others' undated sentences are dated by their report's window
            published=PubDate(base + dt.timedelta(days=j % 400), "day", "metadata")
            if (j // 2) % 5
            else PubDate.unknown(),
        )
        for j in range(n_docs)
    ]
    mentions: dict[str, list[Mention]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    members: dict[str, str] = {}
    for k in range(n):
        day = base + dt.timedelta(days=(k * 7919) % 150)  # many incidents share a day
        if k % 17 == 0:
            date = DateValue(None, None, "unknown", "last week")
        else:
            date = DateValue(day, day, "day", "on the day")
        kinds = ("Statement", "Statement") if k % 13 == 0 else ("Battles", "Battles")
        other = date
        if k % 3 == 0 and date.start:
            other = DateValue(day + dt.timedelta(days=1), None, "day", "the next day")
        if k % 7 == 0 and date.start:
            kinds = ("Battles", "Statement")
            other = DateValue(day - dt.timedelta(days=5), None, "day", "earlier")
        first, second = docs[k // PER_DOC], docs[(k // PER_DOC + 1) % n_docs]
        slot = (k % PER_DOC) * 300
        for tag, doc, start, kind, when in (
            ("a", first, slot + 11, kinds[0], date),
            ("b", second, slot + 160, kinds[1], other),
        ):
            m = _mention(f"m{k:05d}{tag}", doc, start, kind, when)
            mentions[doc.id].append(m)
            members[m.id] = f"inc{(k * 31) % n:05d}"  # ids not in date order
            if kind != "Statement":
                value = k % 9 + 1
                claims[doc.id].append(
                    Claim(
                        id=f"c{k:05d}{tag}",
                        document_id=doc.id,
                        mention_id=m.id,
                        claimant=m.claimant,
                        claimant_side=m.claimant_side,
                        kind="killed" if k % 4 else "wounded",
                        side_affected="AM" if k % 2 else "AZ",
                        value_low=value,
                        value_best=value,
                        value_high=value + (k % 2),
                        evidence=m.evidence,
                        made_on=doc.published.value,
                    )
                )
    for doc in docs:
        store.add_document(doc)
        bg = _mention(
            f"bg{doc.id}", doc, 1500, "Statement", DateValue(base, base, "day", "before"), background=True
        )
        ex = Extraction(doc.id, (*mentions[doc.id], bg), tuple(claims[doc.id]), (), "ok")
        store.save_extraction(ex, "test")
    store.set_incident_members(members, RECONCILER_VERSION, replace_all=True)
    return sum(len(v) for v in claims.values())


def _reference_build(
    store: Store, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[Incident]:
    """build_incidents as it was before streaming: everything loaded, assembled, then sorted."""
    from ceasefire.ingest.outlets import OutletRegistry
    from ceasefire.reconcile import _assemble, _claimant_names

    members = store.incident_members()
    mentions = {m.id: m for m in store.mentions() if m.in_incident}
    by_mention: dict[str, list[Claim]] = defaultdict(list)
    for c in store.claims():
        by_mention[c.mention_id].append(c)
    docs = {d.id: d for d in store.documents()}
    registry, names = OutletRegistry.load(), _claimant_names()
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mid, (inc, _v) in members.items():
        if mid in mentions:
            groups[inc].append(mentions[mid])
    out = []
    for inc_id, ms in groups.items():
        i = _assemble(inc_id, ms, by_mention, docs, registry, names)
        if date_from and (i.date_start is None or i.date_start < date_from):
            continue
        if date_to and (i.date_start is None or i.date_start > date_to):
            continue
        out.append(i)
    out.sort(key=lambda i: (i.date_start or dt.date.max, i.id))
    return out


def _list_based(incidents: list[Incident], fmt: str, path: Path) -> list[Path]:
    """The files as the list-based writers wrote them (their list functions are kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "acled-csv":
        from ceasefire.export.acled import ACLED_COLUMNS, acled_rows

        rows, _ = acled_rows(incidents)
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(ACLED_COLUMNS)
            for r in rows:
                w.writerow("" if v is None else v for v in astuple(r))
    elif fmt == "claims-csv":
        from ceasefire.export.claims import CLAIM_COLUMNS, claim_rows, csv_cell
        from ceasefire.records import CLAIM_ROW

        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(CLAIM_COLUMNS)
            for cr in claim_rows(incidents):
                w.writerow(csv_cell(v) for v in CLAIM_ROW.to_dict(cr).values())
    elif fmt == "json":
        from ceasefire.export.jsonout import json_document

        with path.open("w", encoding="utf-8", newline="") as fh:
            json.dump(json_document(incidents), fh, ensure_ascii=False, indent=2, allow_nan=False)
            fh.write("\n")
    elif fmt == "geojson":
        from ceasefire.export.geojson import feature_collection

        with path.open("w", encoding="utf-8", newline="") as fh:
            json.dump(feature_collection(incidents)[0], fh, ensure_ascii=False, indent=1, allow_nan=False)
            fh.write("\n")
    else:
        from ceasefire.export.parquet import CLAIMS_FILE, claims_table, incidents_table

        pq.write_table(incidents_table(incidents), path, compression="zstd")
        pq.write_table(claims_table(incidents), path.parent / CLAIMS_FILE, compression="zstd")
        return [path, path.parent / CLAIMS_FILE]
    return [path]


def _assert_streamed_equals_list(store: Store, tmp_path: Path, reference: list[Incident]) -> None:
    for fmt in FORMATS:
        streamed = export(store, fmt, tmp_path / "s" / fmt / "incidents.out")
        listed = _list_based(reference, fmt, tmp_path / "l" / fmt / "incidents.out")
        assert [p.name for p in streamed.paths] == [p.name for p in listed]
        for a, b in zip(streamed.paths, listed, strict=True):
            assert a.read_bytes() == b.read_bytes(), (fmt, a.name)


# --- iter_incidents ----------------------------------------------------------------------------


@pytest.fixture
def generated(store: Store) -> Iterator[Store]:
    _generate(store, 240, text_chars=1600)
    yield store


def test_iter_incidents_equals_the_list_build_in_every_batch_size(generated: Store) -> None:
    from ceasefire.reconcile import build_incidents, iter_incidents

    reference = _reference_build(generated)
    assert len(reference) == 240
    assert any(i.date_start is None for i in reference) and any(i.kind == "statements" for i in reference)
    days = [i.date_start for i in reference if i.date_start]
    assert len(days) > len(set(days))  # ties on the day are broken by id
    for batch in (1, 7, 200, 1000):
        assert list(iter_incidents(generated, batch=batch)) == reference, batch
    assert build_incidents(generated) == reference
    lo, hi = dt.date(2021, 3, 1), dt.date(2021, 6, 30)
    window = _reference_build(generated, date_from=lo, date_to=hi)
    assert 0 < len(window) < len(reference)
    assert list(iter_incidents(generated, date_from=lo, date_to=hi, batch=9)) == window
    assert build_incidents(generated, date_from=lo) == _reference_build(generated, date_from=lo)


def test_streamed_export_equals_the_list_based_files(generated: Store, tmp_path: Path) -> None:
    from ceasefire.reconcile import update_incidents

    assert update_incidents(generated)[0] == 0  # the synthetic assignment stands as it is
    _assert_streamed_equals_list(generated, tmp_path, _reference_build(generated))
    # and with a date window (overlap, undated left out) as for a list
    lo = dt.date(2021, 5, 1)
    res = export(generated, "claims-csv", tmp_path / "w.csv", date_from=lo)
    ref = filter_incidents(_reference_build(generated, date_from=lo), date_from=lo)
    listed = _list_based(ref, "claims-csv", tmp_path / "wl.csv")[0]
    assert res.path.read_bytes() == listed.read_bytes()


def test_empty_exports_are_unchanged(tmp_path: Path) -> None:
    for fmt in FORMATS:
        streamed = export([], fmt, tmp_path / "s" / fmt / "incidents.out")
        listed = _list_based([], fmt, tmp_path / "l" / fmt / "incidents.out")
        for a, b in zip(streamed.paths, listed, strict=True):
            assert a.read_bytes() == b.read_bytes(), fmt


def test_an_iterator_must_come_in_export_order(generated: Store, tmp_path: Path) -> None:
    from ceasefire.export.claims import write_claims_csv

    incidents = _reference_build(generated)[:20]
    with pytest.raises(ValueError, match="out of export order"):
        list(in_export_order(reversed(incidents)))  # an iterator is streamed, not sorted
    with pytest.raises(ValueError, match="out of export order"):
        write_claims_csv(reversed(incidents), tmp_path / "c.csv")
    assert not list(tmp_path.iterdir())  # nothing half-written is left
    assert list(in_export_order(list(reversed(incidents)))) == incidents  # a list is sorted
    res = write_claims_csv(iter(incidents), tmp_path / "c.csv")
    assert res.note.endswith("from 20 incidents")


def test_parquet_splits_large_exports_into_row_groups(
    generated: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.export import parquet

    incidents = _reference_build(generated)
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 50)
    res = parquet.write_parquet(iter(incidents), tmp_path / "incidents.parquet")
    inc_file, claims_file = (pq.ParquetFile(p) for p in res.paths)
    assert inc_file.metadata.num_row_groups == 5 and inc_file.metadata.num_rows == 240
    assert claims_file.metadata.num_row_groups > 1
    assert pq.read_table(res.paths[0]).equals(parquet.incidents_table(incidents))
    assert pq.read_table(res.paths[1]).equals(parquet.claims_table(incidents))


# --- the demo store ----------------------------------------------------------------------------


@pytest.mark.integration
def test_demo_store_streams_the_same_incidents_and_bytes(file_store: Store, tmp_path: Path) -> None:
    from ceasefire.api import extract
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.reconcile import iter_incidents, update_incidents
    from ceasefire.settings import Settings

    with as_file(files("ceasefire") / "data" / "demo") as folder:
        demo = Path(folder)
        sources = sorted(str(f) for f in demo.glob("*.txt"))
        ingest_sources(sources, store=file_store, settings=Settings(), manifest=demo / "manifest.csv")
    extract(store=file_store)
    update_incidents(file_store)
    reference = _reference_build(file_store)
    assert len(reference) >= 3
    for batch in (1, 3, 200):
        assert list(iter_incidents(file_store, batch=batch)) == reference
    _assert_streamed_equals_list(file_store, tmp_path, reference)


# --- memory ------------------------------------------------------------------------------------


def _peak(fn: object) -> int:
    assert callable(fn)
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.integration
def test_export_memory_stays_flat(file_store: Store, tmp_path: Path) -> None:
    """Not timed: the peak of a streamed claims export of ~2,000 incidents is a fraction of what
    building the whole list first (the export before streaming) takes."""
    from ceasefire.export.claims import write_claims_csv
    from ceasefire.reconcile import update_incidents

    n_claims = _generate(file_store, 2000)
    assert update_incidents(file_store)[0] == 0  # the synthetic assignment stands

    def streamed() -> None:
        res = export(file_store, "claims-csv", tmp_path / "streamed.csv")
        assert res.rows == n_claims

    def listed() -> None:
        update_incidents(file_store)
        write_claims_csv(_reference_build(file_store), tmp_path / "listed.csv")

    # one run each first: one-time costs (compiled SQL, lazily loaded registries) are not the
    # memory that grows with the store
    streamed(), listed()
    stream_peak = _peak(streamed)
    list_peak = _peak(listed)
    print(f"claims-csv peak: streamed {stream_peak / 1e6:.1f} MB, list-based {list_peak / 1e6:.1f} MB")
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "listed.csv").read_bytes()
    assert stream_peak < list_peak / 3
