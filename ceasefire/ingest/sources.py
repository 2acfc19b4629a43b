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
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..records import PubDate, Rejected
from ..settings import Fields, Settings
from .normalize import Decoded, LineDecoder, decode, decode_bytes, wide_encoding
from .pubdate import from_metadata

TEXT_EXT = {".txt", ".md", ".markdown", ".text", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
CSV_EXT = {".csv", ".tsv"}
PARQUET_EXT = {".parquet"}

# The character cap for one document's text, from any source (files, feed entries and dump
# fields alike). A news report is a few thousand characters; a text over this is a book or a
# concatenation, and would take the extractor minutes and gigabytes. Raw text (HTML markup
# included) may be up to 4x longer before cleaning; the cleaned text is held to the cap.
MAX_TEXT_CHARS = 2_000_000
MAX_RAW_CHARS = 4 * MAX_TEXT_CHARS


def too_long(n: int) -> str:
    return (
        f"{n:,} characters of text is over the {MAX_TEXT_CHARS:,}-character cap for one document; "
        "split it into its articles"
    )


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
    outlet_country: str = ""  # declared by a manifest ("outlet_country" column)
    outlet_alignment: str = ""  # declared by a manifest ("outlet_alignment" column)
    is_html: bool = False  # text is HTML to be extracted
    line: int | None = None
    # the encoding the text was read in, and how sure that is (1.0 known, below: guessed)
    encoding: str = ""
    encoding_confidence: float = 1.0


@dataclass(frozen=True)
class Input:
    """One thing named on the command line, after folders are expanded."""

    ref: str  # a path or a URL
    is_url: bool = False
    # how the input is recorded and shown (documents' ``source``, rejections): never an absolute
    # local path, see :func:`shown_base`; "" when it is ``ref`` itself (a URL, a relative path)
    shown: str = ""


@dataclass
class ManifestEntry:
    outlet: str = ""
    published: str = ""
    url: str = ""
    title: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def is_url(s: str) -> bool:
    return "://" in s[:16]


def printable(s: str) -> str:
    """A name as it can be stored and shown: bytes that were not valid UTF-8 in a file name
    (which Python carries as lone surrogates) become ``\\xNN`` escapes, so the exact bytes
    can be read back from it; any other string is returned unchanged."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        pass
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return surrogate_free(s)


def surrogate_free(s: str) -> str:
    """Text without lone surrogates (from a JSON ``\\ud800`` escape), which no store can hold."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _special(path: Path) -> tuple[str, str] | None:
    """Why a path that is neither a regular file nor a folder cannot be read: (reason, detail).
    Symlinks are followed; a dangling or looping one, a FIFO, a socket or a device is named."""
    import errno
    import stat

    try:
        st = path.stat()
    except OSError as e:
        if path.is_symlink():
            if e.errno == errno.ELOOP:
                return "broken-symlink", "a symlink that loops back on itself"
            return "broken-symlink", "a symlink whose target does not exist"
        if e.errno in (errno.EACCES, errno.EPERM):
            return "unreadable", "permission denied"
        return "not-found", "no such file or folder"
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    if stat.S_ISFIFO(st.st_mode):
        what = "a FIFO (named pipe)"
    elif stat.S_ISSOCK(st.st_mode):
        what = "a socket"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        what = "a device"
    else:
        what = "a special file"
    return "not-a-file", f"{what}, not a regular file or folder"


def _walk(root: Path) -> Iterator[Input | Rejected]:
    """Every file under ``root`` (sorted; hidden files and folders skipped). Whatever cannot be
    read (an unreadable folder, a dangling or looping symlink, a FIFO, a symlink to a folder,
    which is not followed) is a Rejected, never silently left out."""
    found: list[Input | Rejected] = []

    def unreadable(e: OSError) -> None:
        where = printable(str(e.filename or root))
        found.append(Rejected(where, "unreadable", f"folder cannot be read: {e.strerror or e}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        keep = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if (base / d).is_symlink():
                found.append(
                    Rejected(
                        printable(str(base / d)),
                        "symlink-folder",
                        "a symlink to a folder is not followed: name the folder itself",
                    )
                )
                continue
            keep.append(d)
        dirs[:] = keep
        for f in files:
            if f.startswith("."):
                continue
            p = base / f
            why = _special(p)
            if why is None and p.is_dir():  # os.walk lists a symlink to a folder among files
                why = ("symlink-folder", "a symlink to a folder is not followed: name the folder itself")
            found.append(Input(str(p)) if why is None else Rejected(printable(str(p)), *why))
    # the order of sorted(Path.rglob(...)): part by part
    yield from sorted(found, key=lambda x: Path(x.ref if isinstance(x, Input) else x.source).parts)


def shown_base(given: str) -> str | None:
    """The absolute folder that paths found from the argument ``given`` are shown relative to,
    or None when they are shown as found (``given`` is relative: what the user typed).

    Shared outputs never carry an absolute local path: an absolute argument inside the current
    folder is shown relative to it (as if the user had typed it so); one outside is shown from
    the name it gives on (``/home/u/in/news`` -> ``news/a.txt``; a single file -> its name)."""
    if not os.path.isabs(given):
        return None
    root = str(Path(given))
    try:
        cwd = os.getcwd()
    except OSError:  # the current folder was removed
        cwd = ""
    if cwd and (root == cwd or root.startswith(cwd.rstrip(os.sep) + os.sep)):
        return cwd
    return os.path.dirname(root)


def shown_path(path: str, base: str | None) -> str:
    """``path`` as :func:`shown_base` says it is shown."""
    if base is None:
        return path
    prefix = base.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and len(path) > len(prefix):
        return path[len(prefix) :]
    return os.path.basename(path.rstrip(os.sep)) or path


def _shown(item: Input | Rejected, base: str | None) -> Input | Rejected:
    if base is None:
        return item
    if isinstance(item, Input):
        return replace(item, shown=shown_path(item.ref, base))
    return replace(item, source=shown_path(item.source, printable(base)))


def expand(sources: Sequence[str | os.PathLike[str]]) -> Iterator[Input | Rejected]:
    """Files (folders recursively, sorted, hidden files skipped) and URLs, in order. Every path
    given or found that cannot be read is a Rejected with the reason."""
    for src in sources:
        s = str(src)
        if is_url(s):
            yield Input(s, is_url=True)
            continue
        p = Path(s)
        base = shown_base(s)
        why = _special(p)
        if why is not None:
            yield _shown(Rejected(printable(s), *why), base)
        elif p.is_dir():
            n = 0
            for item in _walk(p):
                n += 1
                yield _shown(item, base)
            if n == 0:
                why = ("empty", "the folder holds no files (hidden files are skipped)")
                yield _shown(Rejected(printable(s), *why), base)
        else:
            yield _shown(Input(str(p)), base)


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


def _open_regular(path: Path) -> io.BufferedReader:
    """Open a regular file for reading without ever blocking: a FIFO or device swapped in for a
    file is refused (OSError), not waited on."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_path(inp: Input, settings: Settings) -> Iterator[RawItem | Rejected]:
    path = Path(inp.ref)
    source = printable(inp.ref)
    try:
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(8192)
    except OSError as e:
        yield Rejected(source, "unreadable", e.strerror or str(e))
        return
    kind = sniff_kind(path, head)
    if kind in {"jsonl", "csv"}:
        yield from read_dump(path, kind, settings.fields)
        return
    if kind == "parquet":
        yield from read_parquet(path, settings.fields)
        return
    if size == 0:
        yield Rejected(source, "empty", "empty file")
        return
    if size > settings.max_file_bytes:
        yield Rejected(
            source,
            "too-large",
            f"{size / 1e6:.1f} MB is over the {settings.max_file_bytes / 1e6:.0f} MB cap "
            "for one document (setting max_file_bytes); split it or ingest it as a JSONL dump",
        )
        return
    try:
        with _open_regular(path) as fh:
            data = fh.read(settings.max_file_bytes + 1)
    except OSError as e:
        yield Rejected(source, "unreadable", e.strerror or str(e))
        return
    yield from read_bytes(source, data, kind)


def read_bytes(
    source: str, data: bytes, kind: str, *, url: str = "", charset: str | None = None
) -> Iterator[RawItem | Rejected]:
    """Bytes of a known kind (text/html/feed) from a file or a fetched URL."""
    if kind == "feed":
        yield from read_feed(source, data, url=url)
        return
    try:
        got = decode(data, declared=charset)
    except SourceError as e:
        yield Rejected(source, e.reason, str(e))
        return
    yield RawItem(
        source,
        "html" if kind == "html" else "url" if url else "text",
        got.text,
        url=url,
        is_html=kind == "html",
        encoding=got.encoding,
        encoding_confidence=got.confidence,
    )


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


def dump_item(
    source: str, kind: str, line: int, row: dict[str, Any], fields: Fields, read: Decoded | None = None
) -> RawItem | Rejected:
    text = _field(row, fields.text)
    ref = f"{source}:{line}"
    if not text.strip():
        return Rejected(source, "no-text", f"record has no text field ({'/'.join(fields.text)})", line)
    if len(text) > MAX_RAW_CHARS:
        return Rejected(source, "too-long", too_long(len(text)), line)
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
        encoding=read.encoding if read else "",
        encoding_confidence=read.confidence if read else 1.0,
    )


def read_dump(path: Path, kind: str, fields: Fields) -> Iterator[RawItem | Rejected]:
    """JSONL/CSV dumps, streamed line by line: a bad line is reported, the rest kept; a dump
    without a single record (empty JSONL, a CSV with only its header) is a Rejected."""
    n = 0
    for item in _read_dump(path, kind, fields):
        n += 1
        yield item
    if n == 0:
        what = "a header and no rows" if kind == "csv" else "no records"
        yield Rejected(printable(str(path)), "empty", f"the {kind.upper()} dump holds {what}")


def _read_dump(path: Path, kind: str, fields: Fields) -> Iterator[RawItem | Rejected]:
    source = printable(str(path))
    try:
        with _open_regular(path) as fh:
            head = fh.read(65536)
            start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
            array = kind == "jsonl" and path.suffix.lower() == ".json" and start == b"["
            data = head + fh.read() if array else b""
        if array:  # a JSON array of records rather than JSON lines
            yield from _read_json_array(source, data, fields)
            return
        fh = _open_regular(path)
    except OSError as e:
        yield Rejected(source, "unreadable", e.strerror or str(e))
        return
    with fh:
        numbered = _dump_lines(fh, head)
        if kind == "jsonl":
            yield from _read_jsonl(source, numbered, fields)
        else:
            sample = _first_text(head)
            tsv = path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",")
            yield from _read_csv(source, numbered, "\t" if tsv else ",", fields)


def _first_text(head: bytes) -> str:
    wide = wide_encoding(head)
    return wide.text if wide else head[:8192].decode("utf-8", "replace")


@dataclass(frozen=True)
class _Line:
    num: int  # 1-based physical line number
    text: str
    read: Decoded  # the encoding this line was read in (``text`` unused)


def _dump_lines(fh: io.BufferedReader, head: bytes) -> Iterator[_Line]:
    """The physical lines of a dump, each decoded (see normalize.LineDecoder); UTF-16/32 dumps
    (a spreadsheet's "Unicode text") are decoded as a stream."""
    wide = wide_encoding(head)
    if wide is not None:
        how = Decoded("", wide.encoding, wide.confidence)
        stream = io.TextIOWrapper(fh, encoding=wide.encoding, errors="replace", newline="")
        for n, line in enumerate(stream, 1):
            yield _Line(n, line.lstrip("\ufeff") if n == 1 else line, how)
        return
    decoder = LineDecoder(head)
    # old spreadsheets on the Mac end lines with a lone CR
    raw: Iterator[bytes] = iter(fh) if b"\n" in head or b"\r" not in head else _cr_lines(fh)
    prev = next(raw, None)
    n = 0
    while prev is not None:
        nxt = next(raw, None)
        n += 1
        got = decoder(prev, last=nxt is None)
        text = got.text.lstrip("\ufeff") if n == 1 else got.text
        yield _Line(n, text, got)
        prev = nxt


def _cr_lines(fh: io.BufferedReader) -> Iterator[bytes]:
    rest = b""
    for chunk in iter(lambda: fh.read(1 << 16), b""):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\r"
    if rest:
        yield rest


def _read_json_array(source: str, data: bytes, fields: Fields) -> Iterator[RawItem | Rejected]:
    try:
        got = decode(data)
        records = json.loads(got.text)
    except SourceError as e:
        yield Rejected(source, e.reason, str(e))
        return
    except json.JSONDecodeError as e:
        yield Rejected(source, "malformed-json", f"{e.msg} at line {e.lineno}", e.lineno)
        return
    if not isinstance(records, list):
        yield Rejected(source, "malformed-json", "not a JSON array of records")
        return
    for n, rec in enumerate(records, 1):
        if isinstance(rec, dict):
            yield dump_item(source, "jsonl", n, rec, fields, got)
        else:
            yield Rejected(source, "malformed-json", "record is not an object", n)


def _read_jsonl(source: str, lines: Iterator[_Line], fields: Fields) -> Iterator[RawItem | Rejected]:
    for line in lines:
        n = line.num
        if not line.text.strip():
            continue
        try:
            rec = json.loads(line.text)
        except json.JSONDecodeError as e:
            yield Rejected(source, "malformed-json", f"line {n}: {e.msg}", n)
            continue
        if not isinstance(rec, dict):
            yield Rejected(source, "malformed-json", f"line {n}: not a JSON object", n)
            continue
        yield dump_item(source, "jsonl", n, rec, fields, line.read)


class _Rewind:
    """Lines for the csv reader that can be given back: after a bad record, reading resumes at
    the line after the one it started on, so a stray quote swallows no row that follows it."""

    def __init__(self, lines: Iterator[_Line]) -> None:
        self._lines = lines
        self._back: list[_Line] = []  # given back, next first at the end
        self.taken: list[_Line] = []  # read for the current record

    def __iter__(self) -> _Rewind:
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else next(self._lines)
        self.taken.append(line)
        return line.text

    def give_back(self, lines: list[_Line]) -> None:
        self._back.extend(reversed(lines))


def _read_csv(
    source: str, lines: Iterator[_Line], delim: str, fields: Fields
) -> Iterator[RawItem | Rejected]:
    """A CSV as spreadsheets write it, quotes misused included. Records are read strictly; a
    record that breaks the rules (a quote left open, text after a closing quote, more cells than
    the header, or a record over several lines whose cells do not match the header) is a
    rejection with the line it starts on, and reading resumes at the next line, so the good rows
    around it survive. A quote misused within one line (``"Ceasefire" talks``) loses nothing and
    is read leniently."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    buf = _Rewind(lines)
    header: list[str] | None = None
    while True:
        buf.taken = []
        err = ""
        try:
            row: list[str] | None = next(csv.reader(buf, delimiter=delim, strict=True))
        except StopIteration:
            if not buf.taken:
                return
            row, err = None, "unexpected end of data"
        except csv.Error as e:
            row, err = None, str(e)
        taken = buf.taken
        first = taken[0].num
        if row == []:  # a blank line
            continue
        if (
            row is not None
            and header is not None
            and (len(row) > len(header) or (len(taken) > 1 and len(row) != len(header)))
        ):
            err = f"{len(row)} cells where the header has {len(header)}"
            row = None
        if row is None and len(taken) == 1 and err and "cells" not in err:
            alone = next(csv.reader([taken[0].text], delimiter=delim), None)  # lenient, one line
            if alone is not None and (header is None or len(alone) <= len(header)):
                row = alone
        if row is None:
            more = f"; reading goes on at line {first + 1}" if len(taken) > 1 else ""
            yield Rejected(source, "malformed-csv", f"line {first}: {err}{more}", first)
            buf.give_back(taken[1:])
            continue
        if header is None:
            header = [h.strip() for h in row]
            continue
        reads = {ln.read.encoding: ln.read for ln in taken}
        read = next(iter(reads.values())) if len(reads) == 1 else _mixed(reads)
        yield dump_item(source, "csv", taken[-1].num, dict(zip(header, row, strict=False)), fields, read)


def _mixed(reads: dict[str, Decoded]) -> Decoded:
    other = [r for enc, r in reads.items() if enc != "utf-8"]
    names = sorted(r.encoding for r in other)
    return Decoded("", "+".join(["utf-8", *names]), min(r.confidence for r in other))


def read_parquet(path: Path, fields: Fields) -> Iterator[RawItem | Rejected]:
    """A Parquet file of documents (text, url, outlet, published), read in batches."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Rejected(str(path), "unsupported", "Parquet input needs pyarrow: pip install pyarrow")
        return
    source = printable(str(path))
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises ArrowInvalid/OSError variants
        yield Rejected(source, "malformed-parquet", str(e)[:300])
        return
    n = 0
    md = pf.metadata
    for group in range(pf.num_row_groups):
        first = sum(md.row_group(g).num_rows for g in range(group))  # rows before this group
        n = first
        batches = pf.iter_batches(batch_size=1000, row_groups=[group])
        while True:
            try:  # a corrupt page fails when its batch is read: other row groups are still read
                batch = next(batches, None)
                rows = batch.to_pylist() if batch is not None else None
            except Exception as e:  # ArrowInvalid, OSError ... from a damaged file
                detail = f"row group {group + 1} unreadable after row {n}: {e.__class__.__name__}: {e}"
                yield Rejected(source, "malformed-parquet", detail[:300], n + 1)
                break
            if rows is None:
                break
            for rec in rows:
                n += 1
                yield dump_item(source, "parquet", n, rec, fields)
    n = md.num_rows if pf.num_row_groups else 0
    if n == 0:
        yield Rejected(source, "empty", "the Parquet file holds no rows")


def apply_manifest(item: RawItem, entry: ManifestEntry | None) -> RawItem:
    if entry is None:
        return item
    changes: dict[str, Any] = {}
    if entry.outlet:
        changes["outlet"] = entry.outlet
        changes["outlet_method"] = "manifest"
    for key in ("outlet_country", "outlet_alignment"):
        if entry.extra.get(key):
            changes[key] = entry.extra[key]
    if entry.published:
        pub = from_metadata(entry.published, "manifest", "manifest published")
        if pub:
            changes["published"] = pub
    if entry.url and not item.url:
        changes["url"] = entry.url
    if entry.title and not item.title:
        changes["title"] = entry.title
    return replace(item, **changes)
