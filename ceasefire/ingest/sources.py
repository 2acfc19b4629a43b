"""Readers: every kind of input a monitor has becomes ``RawItem``s or ``Rejected``s.

Kinds: text/markdown files and folders, saved HTML pages (trafilatura + htmldate), RSS/Atom
feeds (feedparser, from a file or a URL — feedparser never fetches by itself), JSONL and CSV
dumps, Parquet files of documents, and http(s) URLs (through the SSRF-guarded fetcher).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..records import PubDate, Rejected
from ..settings import Fields, Settings
from .normalize import decode_bytes
from .pubdate import from_metadata

TEXT_EXT = {".txt", ".md", ".markdown", ".text", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
CSV_EXT = {".csv", ".tsv"}
PARQUET_EXT = {".parquet"}


@dataclass(frozen=True)
class RawItem:
    """One document-to-be, before cleaning."""

    source: str
    kind: str
    text: str
    title: str = ""
    url: str = ""
    author: str = ""
    site_name: str = ""
    published: PubDate | None = None
    outlet: str = ""
    outlet_method: str = ""
    is_html: bool = False  # text is HTML to be extracted
    line: int | None = None


@dataclass(frozen=True)
class Input:
    """One thing named on the command line, after folders are expanded."""

    ref: str  # a path or a URL
    is_url: bool = False


@dataclass
class ManifestEntry:
    outlet: str = ""
    published: str = ""
    url: str = ""
    title: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def is_url(s: str) -> bool:
    return "://" in s[:16]


def expand(sources: Sequence[str | os.PathLike[str]]) -> Iterator[Input | Rejected]:
    """Files (folders recursively, sorted, hidden files skipped) and URLs, in order."""
    for src in sources:
        s = str(src)
        if is_url(s):
            yield Input(s, is_url=True)
            continue
        p = Path(s)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield Input(str(f))
        elif p.is_file():
            yield Input(str(p))
        elif p.exists():
            yield Rejected(s, "unreadable", "not a regular file or folder")
        else:
            yield Rejected(s, "not-found", "no such file or folder")


# -- manifests ----------------------------------------------------------------------------


class Manifest:
    """Sidecar metadata from a crawler: path or url -> outlet, published, url, title."""

    def __init__(self, entries: dict[str, ManifestEntry], base: Path) -> None:
        self._entries = entries
        self._base = base
        self._by_name: dict[str, list[str]] = {}
        for key in entries:
            if not is_url(key):
                self._by_name.setdefault(Path(key).name, []).append(key)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Manifest:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise SourceError(f"cannot read manifest {p}: {e.strerror}", reason="manifest") from e
        text = decode_bytes(data)
        rows: list[dict[str, Any]] = []
        if p.suffix.lower() in JSONL_EXT:
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise SourceError(f"manifest {p} line {n}: {e.msg}", reason="manifest") from e
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
        entries: dict[str, ManifestEntry] = {}
        for n, row in enumerate(rows, 1):
            row = {str(k).strip().lower(): ("" if v is None else str(v).strip()) for k, v in row.items()}
            key = row.get("path") or row.get("file") or row.get("url")
            if not key:
                raise SourceError(f"manifest {p} row {n}: needs a path or url", reason="manifest")
            entries[key] = ManifestEntry(
                outlet=row.get("outlet", ""),
                published=row.get("published", "") or row.get("date", ""),
                url=row.get("url", ""),
                title=row.get("title", ""),
                extra=row,
            )
        return cls(entries, p.parent)

    def lookup(self, ref: str) -> ManifestEntry | None:
        if ref in self._entries:
            return self._entries[ref]
        if is_url(ref):
            return None
        target = Path(ref).resolve()
        for key in self._by_name.get(target.name, []):
            cand = Path(key)
            for base in (self._base, Path.cwd()):
                full = cand if cand.is_absolute() else base / cand
                if full.resolve() == target:
                    return self._entries[key]
        names = self._by_name.get(target.name, [])
        if len(names) == 1 and Path(names[0]).name == names[0]:
            return self._entries[names[0]]
        return None


# -- readers ------------------------------------------------------------------------------


def sniff_kind(path: Path, head: bytes) -> str:
    ext = path.suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in CSV_EXT:
        return "csv"
    if ext in PARQUET_EXT:
        return "parquet"
    probe = head[:2048].lstrip().lower()
    if ext in FEED_EXT or probe.startswith(b"<?xml"):
        if (
            b"<rss" in head[:4096].lower()
            or b"<feed" in head[:4096].lower()
            or b"<rdf" in head[:4096].lower()
        ):
            return "feed"
        if ext in FEED_EXT:
            return "feed"
    if probe.startswith((b"<!doctype html", b"<html")) or b"<body" in probe:
        return "html"
    return "text"


def read_path(inp: Input, settings: Settings) -> Iterator[RawItem | Rejected]:
    path = Path(inp.ref)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        yield Rejected(inp.ref, "unreadable", e.strerror or str(e))
        return
    kind = sniff_kind(path, head)
    if kind in {"jsonl", "csv"}:
        yield from read_dump(path, kind, settings.fields)
        return
    if kind == "parquet":
        yield from read_parquet(path, settings.fields)
        return
    if size == 0:
        yield Rejected(inp.ref, "empty", "empty file")
        return
    if size > settings.max_file_bytes:
        yield Rejected(
            inp.ref,
            "too-large",
            f"{size / 1e6:.1f} MB is over the {settings.max_file_bytes / 1e6:.0f} MB cap "
            "for one document (setting max_file_bytes); split it or ingest it as a JSONL dump",
        )
        return
    data = path.read_bytes()
    yield from read_bytes(inp.ref, data, kind)


def read_bytes(
    source: str, data: bytes, kind: str, *, url: str = "", charset: str | None = None
) -> Iterator[RawItem | Rejected]:
    """Bytes of a known kind (text/html/feed) from a file or a fetched URL."""
    if kind == "feed":
        yield from read_feed(source, data, url=url)
        return
    try:
        text = decode_bytes(data, declared=charset)
    except SourceError as e:
        yield Rejected(source, e.reason, str(e))
        return
    if kind == "html":
        yield RawItem(source, "html", text, url=url, is_html=True)
    else:
        yield RawItem(source, "url" if url else "text", text, url=url)


def read_feed(source: str, data: bytes, *, url: str = "") -> Iterator[RawItem | Rejected]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    has_content = any(e.get("content") or e.get("summary") or e.get("description") for e in entries)
    if not entries or (parsed.get("bozo") and not has_content):
        why = str(parsed.get("bozo_exception") or "no entries")
        yield Rejected(source, "malformed-feed", f"not a readable RSS/Atom feed: {why}"[:300])
        return
    feed_title = str(parsed.feed.get("title", ""))
    for n, e in enumerate(entries, 1):
        content = ""
        if e.get("content"):
            content = "\n".join(str(c.get("value", "")) for c in e["content"])
        content = content or str(e.get("summary", "") or e.get("description", ""))
        title = str(e.get("title", ""))
        link = str(e.get("link", ""))
        if not content.strip():
            yield Rejected(f"{source}#{n}", "no-text", f"feed entry {title!r} has no content")
            continue
        published = None
        for key in ("published", "updated", "created"):
            if e.get(key):
                published = from_metadata(e.get(key), "feed", f"feed entry <{key}>")
                if published:
                    break
        text = content if not _looks_html(content) else html_fragment_text(content)
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}"
        yield RawItem(
            f"{source}#{link or n}",
            "feed",
            text,
            title=title,
            url=link,
            author=str(e.get("author", "")),
            site_name=feed_title,
            published=published,
            outlet=feed_title,
            outlet_method="feed",
            line=n,
        )


def _looks_html(s: str) -> bool:
    return "<" in s and ">" in s and any(t in s.lower() for t in ("<p", "<br", "<div", "<a ", "</"))


def html_fragment_text(fragment: str) -> str:
    """Text of a small HTML fragment (a feed entry), paragraphs on their own lines."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on garbage; the raw text is still usable
        return fragment
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "blockquote"):
        el.tail = "\n\n" + (el.tail or "")
    return str(root.text_content()).strip()


def _field(row: dict[str, Any], names: tuple[str, ...]) -> str:
    lower = {str(k).lower(): v for k, v in row.items()}
    for n in names:
        v = lower.get(n.lower())
        if v not in (None, ""):
            return str(v)
    return ""


def _dump_item(source: str, kind: str, line: int, row: dict[str, Any], fields: Fields) -> RawItem | Rejected:
    text = _field(row, fields.text)
    ref = f"{source}:{line}"
    if not text.strip():
        return Rejected(source, "no-text", f"record has no text field ({'/'.join(fields.text)})", line)
    date_raw = _field(row, fields.date)
    published = from_metadata(date_raw, "metadata", f"{kind} field") if date_raw else None
    outlet = _field(row, fields.outlet)
    return RawItem(
        ref,
        kind,
        text,
        title=_field(row, fields.title),
        url=_field(row, fields.url),
        published=published,
        outlet=outlet,
        outlet_method="metadata" if outlet else "",
        is_html=_looks_html(text) and "<p" in text.lower(),
        line=line,
    )


def read_dump(path: Path, kind: str, fields: Fields) -> Iterator[RawItem | Rejected]:
    """JSONL/CSV dumps, streamed line by line: a bad line is reported, the rest kept."""
    source = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
        encoding = "utf-8"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:  # not just a cut multi-byte char at the end
                from charset_normalizer import from_bytes

                best = from_bytes(head).best()
                encoding = best.encoding if best else "utf-8"
        fh2 = path.open("r", encoding=encoding, errors="replace", newline="")
    except OSError as e:
        yield Rejected(source, "unreadable", e.strerror or str(e))
        return
    with fh2:
        if kind == "jsonl" and path.suffix.lower() == ".json":
            head_s = fh2.read(1)
            fh2.seek(0)
            if head_s == "[":  # a JSON array of records rather than JSON lines
                try:
                    records = json.load(fh2)
                except json.JSONDecodeError as e:
                    yield Rejected(source, "malformed-json", f"{e.msg} at line {e.lineno}", e.lineno)
                    return
                for n, rec in enumerate(records, 1):
                    if isinstance(rec, dict):
                        yield _dump_item(source, "jsonl", n, rec, fields)
                    else:
                        yield Rejected(source, "malformed-json", "record is not an object", n)
                return
        if kind == "jsonl":
            for n, line in enumerate(fh2, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    yield Rejected(source, "malformed-json", f"line {n}: {e.msg}", n)
                    continue
                if not isinstance(rec, dict):
                    yield Rejected(source, "malformed-json", f"line {n}: not a JSON object", n)
                    continue
                yield _dump_item(source, "jsonl", n, rec, fields)
        else:
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            sample = fh2.read(8192)
            fh2.seek(0)
            delim = "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","
            reader = csv.DictReader(fh2, delimiter=delim)
            try:
                for rec in reader:
                    n = reader.line_num
                    if None in rec:  # more cells than header columns: a broken row
                        yield Rejected(source, "malformed-csv", f"row at line {n} has extra cells", n)
                        continue
                    yield _dump_item(source, "csv", n, rec, fields)
            except csv.Error as e:
                yield Rejected(source, "malformed-csv", str(e), reader.line_num)


def read_parquet(path: Path, fields: Fields) -> Iterator[RawItem | Rejected]:
    """A Parquet file of documents (text, url, outlet, published), read in batches."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Rejected(str(path), "unsupported", "Parquet input needs pyarrow: pip install pyarrow")
        return
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises ArrowInvalid/OSError variants
        yield Rejected(str(path), "malformed-parquet", str(e)[:300])
        return
    n = 0
    for batch in pf.iter_batches(batch_size=1000):
        for rec in batch.to_pylist():
            n += 1
            yield _dump_item(str(path), "parquet", n, rec, fields)


def apply_manifest(item: RawItem, entry: ManifestEntry | None) -> RawItem:
    if entry is None:
        return item
    changes: dict[str, Any] = {}
    if entry.outlet:
        changes["outlet"] = entry.outlet
        changes["outlet_method"] = "manifest"
    if entry.published:
        pub = from_metadata(entry.published, "manifest", "manifest published")
        if pub:
            changes["published"] = pub
    if entry.url and not item.url:
        changes["url"] = entry.url
    if entry.title and not item.title:
        changes["title"] = entry.title
    return replace(item, **changes)
