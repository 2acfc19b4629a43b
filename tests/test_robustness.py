"""No input is lost, whatever it is (issue 12, "What to build" 1 and 2).

Every path given or found ends as a document, a duplicate or a rejection with its reason; one
bad input never stops the inputs after it; one bad document never stops extraction; work per
document is bounded (a character cap, long texts in chunks, figures no count can reach dropped).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.ingest import pipeline, sources
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.records import Claim, Evidence, Extraction
from ceasefire.settings import Settings
from ceasefire.store import Store

REPORT = (
    "Three soldiers were wounded on Friday when artillery shells struck a checkpoint near the "
    "river crossing, the interior ministry said in a statement issued that evening."
)


def report(n: int) -> str:
    return f"{REPORT} Local officials counted {n + 2} damaged houses in the nearby hamlet."


def tally(store: Store) -> tuple[int, dict[str, str]]:
    """Documents stored, and the rejection reason of each rejected source."""
    return store.count_documents(), {r.source: r.reason for r in store.rejected()}


def ingest(paths: list[str], store: Store, settings: Settings) -> tuple[int, dict[str, str]]:
    ingest_sources(paths, store=store, settings=settings)
    return tally(store)


# --- every path ends somewhere -------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_stored_escaped_and_the_run_goes_on(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(bytes(folder) + b"/r\xe9port.txt")  # latin-1 "é" in a UTF-8 file system
    Path(bad).write_text(report(1), encoding="utf-8")
    (folder / "z-after.txt").write_text(report(2), encoding="utf-8")
    n, rejected = ingest([str(folder)], store, settings)
    assert n == 2 and rejected == {}
    stored = sorted(d.source for d in store.documents())
    assert stored[0].endswith("r\\xe9port.txt") and stored[1].endswith("z-after.txt")
    # lossless: the escaped name gives back the exact bytes of the file name (the path is shown
    # from the folder named on, never as an absolute local path: tests/test_source_paths.py)
    back = stored[0].encode("utf-8").decode("unicode_escape").encode("latin-1")
    assert back == b"in/r\xe9port.txt"


def test_symlinks_fifos_and_empty_things_each_end_as_a_rejection(
    tmp_path: Path, file_store: Store, settings: Settings
) -> None:
    store = file_store  # used from a watchdog thread: an in-memory store is per connection
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(report(1))
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    os.mkfifo(folder / "pipe.txt")  # must not block the run
    (folder / "linked-folder").symlink_to(tmp_path)
    (folder / "empty.jsonl").write_text("\n\n")
    (folder / "header-only.csv").write_text("title,text\n")
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), folder / "no-rows.parquet")
    (tmp_path / "empty-folder").mkdir()

    done = threading.Event()
    result: dict[str, object] = {}

    def run() -> None:
        result["t"] = ingest([str(folder), str(tmp_path / "empty-folder")], store, settings)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(60), "ingest blocked (on the FIFO?)"
    n, rejected = result["t"]  # type: ignore[misc]
    assert n == 1
    reasons = {Path(k).name: v for k, v in rejected.items()}
    assert reasons == {
        "dangling.txt": "broken-symlink",
        "loop1.txt": "broken-symlink",
        "loop2.txt": "broken-symlink",
        "pipe.txt": "not-a-file",
        "linked-folder": "symlink-folder",
        "empty.jsonl": "empty",
        "header-only.csv": "empty",
        "no-rows.parquet": "empty",
        "empty-folder": "empty",
    }
    details = {Path(r.source).name: r.detail for r in store.rejected()}
    assert "loops" in details["loop1.txt"] and "does not exist" in details["dangling.txt"]
    assert "FIFO" in details["pipe.txt"]


def test_a_named_fifo_or_dangling_symlink_is_rejected_not_waited_on(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    os.mkfifo(tmp_path / "p")
    (tmp_path / "d").symlink_to(tmp_path / "missing")
    n, rejected = ingest([str(tmp_path / "p"), str(tmp_path / "d")], store, settings)
    assert n == 0 and sorted(rejected.values()) == ["broken-symlink", "not-a-file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_a_rejection(tmp_path: Path, store: Store, settings: Settings) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(report(1))
    (tmp_path / "b.txt").write_text(report(2))
    os.chmod(tmp_path / "locked", 0)
    try:
        n, rejected = ingest([str(tmp_path)], store, settings)
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert n == 1 and list(rejected.values()) == ["unreadable"]


def test_a_parquet_file_with_a_corrupt_page_keeps_its_good_rows_and_the_run_goes_on(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "a.parquet"
    texts = [f"{report(i)} Record {i}." for i in range(300)]
    pq.write_table(pa.table({"text": texts}), path, row_group_size=100, compression="zstd")
    col = pq.ParquetFile(path).metadata.row_group(1).column(0)
    data = bytearray(path.read_bytes())
    start = col.dictionary_page_offset if col.has_dictionary_page else col.data_page_offset
    for i in range(start, start + 16):  # the second row group's first page header
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    (tmp_path / "b.txt").write_text(report(999))
    n, rejected = ingest([str(path), str(tmp_path / "b.txt")], store, settings)
    assert n == 201  # the first and last row groups, and the file after it
    assert rejected == {"a.parquet": "malformed-parquet"}  # the file as named, not its absolute path
    (rej,) = store.rejected()
    assert rej.line == 101 and "row group 2 unreadable after row 100" in rej.detail


def test_any_exception_about_one_input_is_a_rejection_with_its_reason(
    tmp_path: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.build_document

    def flaky(item, *a, **kw):  # type: ignore[no-untyped-def]
        if "POISON" in item.text:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(item, *a, **kw)

    monkeypatch.setattr(pipeline, "build_document", flaky)
    dump = tmp_path / "d.jsonl"
    lines = [{"text": report(1)}, {"text": report(2) + " POISON"}, {"text": report(3)}]
    dump.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    n, _rejected = ingest([str(dump)], store, settings)
    assert n == 2
    (rej,) = store.rejected()
    assert (rej.reason, rej.line) == ("failed", 2) and rej.detail.startswith("OverflowError: Python int")


def test_a_reader_failing_half_way_keeps_what_it_read(
    tmp_path: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_reader(inp, _settings) -> Iterator[sources.RawItem]:  # type: ignore[no-untyped-def]
        yield sources.RawItem(inp.ref, "text", report(len(inp.ref)))
        raise RuntimeError("the reader broke")

    monkeypatch.setattr(pipeline, "read_path", broken_reader)
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "bb.txt").write_text("x")
    n, rejected = ingest([str(tmp_path / "a.txt"), str(tmp_path / "bb.txt")], store, settings)
    assert n == 2 and set(rejected.values()) == {"read-failed"} and len(rejected) == 2


def test_lone_surrogates_in_a_dump_are_replaced_not_fatal(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"text": "' + report(1) + ' \\ud800 end.", "title": "t\\udfff"}\n')
    n, rejected = ingest([str(dump)], store, settings)
    assert n == 1 and rejected == {}
    (doc,) = store.documents()
    assert "\ufffd" in doc.text and doc.title == "t\ufffd"


# --- bounded work -------------------------------------------------------------------------------


def test_texts_over_the_character_cap_are_rejected_from_every_source(
    tmp_path: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 1000)
    monkeypatch.setattr(sources, "MAX_TEXT_CHARS", 1000)
    monkeypatch.setattr(pipeline, "MAX_RAW_CHARS", 4000)
    monkeypatch.setattr(sources, "MAX_RAW_CHARS", 4000)
    long_text = " ".join([REPORT] * 12)  # about 2,000 characters
    (tmp_path / "long.txt").write_text(long_text)
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"text": long_text}) + "\n" + json.dumps({"text": " ".join([REPORT] * 30)}) + "\n"
    )
    (tmp_path / "ok.txt").write_text(report(1))
    n, _ = ingest([str(tmp_path)], store, settings)
    assert n == 1
    rej = store.rejected()
    assert [r.reason for r in rej] == ["too-long"] * 3
    assert all("1,000-character cap" in r.detail for r in rej)


def test_long_texts_are_cut_at_paragraphs_then_sentences() -> None:
    from ceasefire.extract.run import chunk_bounds

    text = "A b c. " * 30 + "\n\n" + "D e f. " * 30
    bounds = chunk_bounds(text, size=300)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))  # no gap, no overlap
    assert all(e - s <= 300 for s, e in bounds)
    assert text[: bounds[0][1]].endswith("\n\n")  # the paragraph break is preferred
    assert all(text[s:e].endswith(". ") for s, e in bounds[1:-1])  # then a sentence end
    assert chunk_bounds("x" * 10, size=4) == [(0, 4), (4, 8), (8, 10)]  # hard cuts only without spaces


def test_a_text_over_spacys_limit_is_extracted_in_chunks_with_true_offsets(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.extract import run
    from ceasefire.pipeline import build_nlp
    from ceasefire.records import Document, PubDate

    nlp = build_nlp()
    paragraphs = [
        f"Two soldiers were killed on Monday when mortar shells hit a border post near hamlet {i}, "
        "the defence ministry said." + " The situation was calm later in the day." * 6
        for i in range(8)
    ]
    text = "\n\n".join(paragraphs)
    monkeypatch.setattr(run, "CHUNK_CHARS", 700)
    monkeypatch.setattr(nlp, "max_length", 1000)  # the whole text would be spaCy's E088
    assert len(text) > nlp.max_length
    doc = Document(id="d" * 32, source="long.txt", text=text, title="", published=PubDate.unknown())
    (ex,) = list(run.extract_documents([doc]))
    assert ex.status == "ok" and len(ex.claims) >= 4, ex.reason
    for c in ex.claims:  # every evidence span points into the whole text
        assert text[c.evidence.start : c.evidence.end] == c.evidence.text
    mention_ids = {m.id for m in ex.mentions}
    assert len(mention_ids) == len(ex.mentions) and len({c.id for c in ex.claims}) == len(ex.claims)
    assert all(c.mention_id in mention_ids or not c.mention_id for c in ex.claims)


def _claim(value: int) -> Claim:
    return Claim(
        id=f"c{value}",
        document_id="d1",
        mention_id="",
        claimant="",
        claimant_side="",
        kind="killed",
        side_affected="",
        value_low=value,
        value_best=value,
        value_high=value,
        evidence=Evidence("d1", 0, 4, "text"),
    )


def test_a_number_no_casualty_count_can_reach_is_not_a_figure() -> None:
    from ceasefire.extract.run import MAX_FIGURE, bounded

    ex = Extraction("d1", (), (_claim(12), _claim(MAX_FIGURE), _claim(2**63), _claim(9_999_999)), (), "ok")
    assert [c.value_best for c in bounded(ex).claims] == [12, 9_999_999]


def test_one_failing_document_is_recorded_not_retried_until_asked(
    file_store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ceasefire.extract import run

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(report(i) + (" POISON" if i == 1 else ""))
    ingest_sources([str(tmp_path)], store=file_store, settings=settings)
    real_save = file_store.save_extractions

    def save(exs: list[Extraction], version: str) -> None:
        # what SQLite does with a value it cannot hold: the whole transaction fails
        for ex in exs:
            if "POISON" in file_store.get_document(ex.document_id).text and ex.status != "error":
                raise OverflowError("Python int too large to convert to SQLite INTEGER")
        real_save(exs, version)

    monkeypatch.setattr(file_store, "save_extractions", save)
    n, _m, _c, _e = run.extract_store(file_store)
    assert n == 3
    status = {r["status"] for r in file_store.extraction_status()}
    assert "error" in status
    (err,) = [r for r in file_store.extraction_status() if r["status"] == "error"]
    assert err["reason"].startswith("OverflowError")
    assert run.extract_store(file_store)[0] == 0  # not retried on the next run
    assert run.extract_store(file_store, retry_errors=True)[0] == 1  # only when asked
    assert file_store.count_extraction_errors() == 1  # it failed again, and says so
