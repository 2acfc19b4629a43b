"""Shared outputs never carry an absolute local path (issue 12, "What to build" 10).

A file's source is what the user gave, relative to where they ran the command: an absolute
argument inside the current folder is shown relative to it, one outside it from the name it
gives on (a folder's name, a file's name). ``claims.csv``, the JSON ``url``, the ACLED, GeoJSON
and Parquet exports, the reports and the web pages show that, never the tmp folder or ``$HOME``.
"""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pytest

from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.records import Document, PubDate, Rejected
from ceasefire.settings import Settings
from ceasefire.store import Store
from ceasefire.store.display import public_source

# our own report, long enough to be a document (no casualty figure needed for ingest)
REPORT = (
    "The regional council of the northern valley said on Tuesday that a bridge over the river "
    "was closed after heavy rain, and that engineers would inspect it before traffic resumes."
)


def _corpus(root: Path) -> Path:
    """``root/news`` with a text file, a sub-folder, an RSS feed and a JSONL dump."""
    news = root / "news"
    (news / "week2").mkdir(parents=True)
    (news / "a.txt").write_text(REPORT)
    (news / "week2" / "b.txt").write_text(REPORT.replace("Tuesday", "Friday"))
    (news / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title><item>'
        "<title>Bridge closed</title><link>https://valley.example/bridge</link>"
        f"<description>{REPORT.replace('bridge', 'road bridge')}</description></item></channel></rss>"
    )
    rows = [{"text": REPORT.replace("council", "assembly")}, "not an object"]
    (news / "d.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return news


def _sources(store: Store) -> tuple[list[str], list[str]]:
    return sorted(d.source for d in store.documents()), sorted(r.source for r in store.rejected())


def _leaks(text: str, *paths: Path) -> list[str]:
    """The absolute paths (as given and resolved) that occur in ``text``."""
    found = []
    for p in paths:
        for form in {str(p), str(p.resolve())}:
            if form in text:
                found.append(form)
    return found


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A home folder holding the corpus, and another folder the command runs in."""
    home = tmp_path / "home" / "analyst"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return home, _corpus(home)


EXPECTED_DOCS = [
    "news/a.txt",
    "news/d.jsonl:1",
    "news/feed.xml#https://valley.example/bridge",
    "news/week2/b.txt",
]


def test_an_absolute_folder_outside_the_current_one_is_shown_from_its_name(
    world: tuple[Path, Path], store: Store, settings: Settings
) -> None:
    home, news = world
    report = ingest_sources([str(news)], store=store, settings=settings)
    docs, rejected = _sources(store)
    assert docs == EXPECTED_DOCS
    assert rejected == ["news/d.jsonl"] and [r.line for r in report.rejected] == [2]
    assert not _leaks(json.dumps([docs, rejected, [r.to_dict() for r in report.rejected]]), home)


def test_an_absolute_file_outside_is_its_name_and_a_missing_one_too(
    world: tuple[Path, Path], store: Store, settings: Settings
) -> None:
    home, news = world
    report = ingest_sources(
        [str(news / "week2" / "b.txt"), str(news / "gone.txt"), str(news) + os.sep],
        store=store,
        settings=settings,
    )
    docs, rejected = _sources(store)
    assert docs == sorted(["b.txt", *[d for d in EXPECTED_DOCS if d != "news/week2/b.txt"]])
    assert "gone.txt" in rejected and all(not r.startswith(os.sep) for r in rejected)
    assert len(report.duplicates) == 1  # b.txt again under news/: the same text, stored once
    assert not _leaks(json.dumps(rejected), home)


def test_a_relative_path_is_kept_as_the_user_typed_it(
    world: tuple[Path, Path], store: Store, settings: Settings
) -> None:
    ingest_sources(["../home/analyst/news"], store=store, settings=settings)
    docs, rejected = _sources(store)
    assert docs == ["../home/analyst/" + d for d in EXPECTED_DOCS]
    assert rejected == ["../home/analyst/news/d.jsonl"]


def test_an_absolute_path_inside_the_current_folder_is_shown_relative_to_it(
    world: tuple[Path, Path], store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, news = world
    monkeypatch.chdir(home.parent)  # run from above the home folder, naming it absolutely
    ingest_sources([str(news)], store=store, settings=settings)
    docs, _rejected = _sources(store)
    assert docs == ["analyst/" + d for d in EXPECTED_DOCS]


def test_a_store_written_before_shows_file_names_only(store: Store) -> None:
    """Documents and rejections recorded with absolute paths (an older release, Spark's resolved
    paths) are shown by their file name and suffix in every read: exports and pages read these."""
    doc = Document(
        id="f" * 16,
        source="/home/someone/private/feeds/wire.xml#https://wire.example/1",
        text=REPORT,
        url="file:///home/someone/private/page.html",
        published=PubDate.unknown(),
    )
    store.add_document(doc)
    store.add_rejected(Rejected("/home/someone/private/dump.jsonl", "malformed-json", "line 3: x", 3))
    (got,) = list(store.documents())
    assert (got.source, got.url) == ("wire.xml#https://wire.example/1", "page.html")
    assert [r.source for r in store.rejected()] == ["dump.jsonl"]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("/home/u/news/a.txt", "a.txt"),
        ("/srv/dumps/d.jsonl:12", "d.jsonl:12"),
        ("/srv/f.xml#https://x.example/a/b", "f.xml#https://x.example/a/b"),
        ("file:///C:/Users/u/a.html", "a.html"),
        ("C:\\Users\\u\\news\\a.txt", "a.txt"),
        ("\\\\server\\share\\a.txt", "a.txt"),
        ("/", "(local file)"),
        ("news/a.txt", "news/a.txt"),
        ("../in/a.txt", "../in/a.txt"),
        ("https://x.example/path/a", "https://x.example/path/a"),
        ("", ""),
    ],
)
def test_public_source(source: str, shown: str) -> None:
    assert public_source(source) == shown


def test_no_export_report_or_page_carries_the_local_path(world: tuple[Path, Path], tmp_path: Path) -> None:
    """The whole pipeline on the demo reports kept in a home folder, named by absolute path from
    another folder: no output file, export table or web page holds the tmp path or $HOME."""
    from importlib.resources import files

    import pyarrow.parquet as pq
    from fastapi.testclient import TestClient

    from ceasefire import api
    from ceasefire.web import create_app

    home, _news = world
    reports = home / "reports"
    reports.mkdir()
    for f in (files("ceasefire") / "data" / "demo").iterdir():
        if f.name.endswith(".txt"):
            (reports / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "work" / "s.db"
    out = tmp_path / "work" / "out"
    with Store(str(db)) as st:
        result = api.analyze([str(reports)], out, store=st)
    assert result.claims > 0  # there are sources to show

    with (out / "claims.csv").open(encoding="utf-8") as fh:
        sources = {r["source"] for r in csv.DictReader(fh)}
    assert sources and all(s.startswith("reports/") for s in sources), sources
    incidents = json.loads((out / "ceasefire.json").read_text())["incidents"]
    urls = {s["url"] for i in incidents for s in i["sources"]}
    assert urls and all(u.startswith("reports/") for u in urls), urls

    texts = {}
    for f in sorted(out.iterdir()):
        if f.suffix == ".parquet":
            texts[f.name] = json.dumps(pq.read_table(f).to_pylist(), default=str)
        elif f.suffix != ".png":
            texts[f.name] = f.read_text(encoding="utf-8")
    with TestClient(create_app(f"sqlite:///{db}"), base_url="http://127.0.0.1") as c:
        doc_ids = [d.id for d in Store(str(db), read_only=True).documents()]
        for doc_id in doc_ids[:3]:
            page = c.get(f"/documents/{doc_id}")
            assert page.status_code == 200 and "reports/" in page.text
            texts[f"/documents/{doc_id}"] = page.text
        texts["/api/claims"] = c.get("/api/claims").text
        first = c.get("/api/incidents").json()["items"][0]["id"]
        texts["/incidents/<first>"] = c.get(f"/incidents/{first}").text
    written = {"claims.csv", "ceasefire.json", "incidents.acled.csv", "incidents.geojson", "report.md"}
    assert written <= set(texts)
    leaks = {name: _leaks(t, home, tmp_path) for name, t in texts.items()}
    assert not any(leaks.values()), leaks


def test_an_uploaded_file_is_shown_by_its_name_not_the_servers_temp_folder(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.web import create_app

    db = f"sqlite:///{tmp_path / 'w.db'}"
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        token = c.get("/api/csrf").json()["csrf_token"]
        short = {"files": ("note.txt", b"Too short to be a report.", "text/plain")}
        r = c.post("/api/ingest", files=short, headers={"x-csrf-token": token})
        assert r.status_code in (200, 202), r.text
        poll = r.json()["poll"]
        deadline = time.monotonic() + 60
        while (job := c.get(poll).json())["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job["state"] == "done", job
        (rej,) = job["report"]["rejections"]
        assert rej["reason"] == "no-text" and rej["source"].endswith("note.txt")
        assert not os.path.isabs(rej["source"]) and "ceasefire-upload" not in rej["source"]
        page = c.get(f"/ingest/jobs/{job['id']}").text
        assert "note.txt" in page and "ceasefire-upload" not in page


def test_the_ingest_command_records_what_the_user_named(
    world: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI plans its inputs before ingesting (for its progress bar): the plan carries the
    shown path through, for an absolute and a relative argument alike."""
    from ceasefire.cli import main

    home, news = world
    db = tmp_path / "work" / "cli.db"
    for args in ([str(news / "a.txt")], ["../home/analyst/news/week2"]):
        try:
            main(["ingest", *args, "--db", str(db)])
        except SystemExit as e:
            assert e.code in (0, None), capsys.readouterr().err
    with Store(str(db)) as st:
        assert sorted(d.source for d in st.documents()) == ["../home/analyst/news/week2/b.txt", "a.txt"]
    assert not _leaks(capsys.readouterr().out, home)
