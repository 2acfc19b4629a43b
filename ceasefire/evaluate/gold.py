"""The annotated evaluation corpus (format in eval/README.md), loaded into typed records.

Reports carry their text; the real seed articles are annotated by character offsets only
(their text is not ours to redistribute) and are read from ``../shared/seeds`` when present.
Seed texts go through the same cleaning as ingest, and gold spans are re-found in the cleaned
text by their content, so the scores measure extraction on exactly what ingest stores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ConfigError
from ..ingest.normalize import clean_text, decode_bytes
from ..ingest.pubdate import infer_from_text, parse_date_value
from ..records import Document, PubDate

T = TypeVar("T")


@dataclass(frozen=True)
class GoldPlace:
    name: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldEvent:
    type: str
    sub_type: str
    actor1: str
    actor2: str
    date: dt.date | None
    places: tuple[GoldPlace, ...]
    claimant: str
    background: bool
    start: int
    end: int


@dataclass(frozen=True)
class GoldClaim:
    kind: str
    side_affected: str
    low: int | None
    best: int | None
    high: int | None
    claimant: str
    claimant_side: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldDoc:
    """One annotated report: the document as the extractor receives it, and what it holds."""

    document: Document
    events: tuple[GoldEvent, ...]
    claims: tuple[GoldClaim, ...]
    non_casualty: tuple[tuple[int, int], ...]
    framing: tuple[tuple[int, int], ...]

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def text(self) -> str:
        return self.document.text


def _find(text: str, needle: str, where: str) -> tuple[int, int]:
    i = text.find(needle)
    if i < 0:
        raise ConfigError(f"gold {where}: evidence not found in text: {needle[:60]!r}")
    return i, i + len(needle)


def _date(v: object) -> dt.date | None:
    if not v:
        return None
    d, _p = parse_date_value(v)
    return d


def _doc(raw: dict[str, object], text: str, span_of: object, where: str, published: PubDate) -> GoldDoc:
    def span(ev: object) -> tuple[int, int]:
        return span_of(ev)  # type: ignore[operator]

    def each(key: str, build: Callable[[Any, int, int], T]) -> tuple[T, ...]:
        """Every annotation under ``key``, built with the span of its evidence."""
        return tuple(build(x, *span(x["evidence"])) for x in raw.get(key, []))  # type: ignore[attr-defined]

    events = each(
        "events",
        lambda e, s, t: GoldEvent(
            e["type"],
            e["sub_type"],
            e.get("actor1") or "",
            e.get("actor2") or "",
            _date(e.get("date")) if e.get("date_precision") == "day" else None,
            tuple(GoldPlace(p["name"], p["country"], p["lat"], p["lon"]) for p in e.get("places", [])),
            e.get("claimant") or "",
            bool(e.get("background")),
            s,
            t,
        ),
    )
    claims = each(
        "claims",
        lambda c, s, t: GoldClaim(
            c["kind"],
            c.get("side_affected") or "",
            c.get("low"),
            c.get("best"),
            c.get("high"),
            c.get("claimant") or "",
            c.get("claimant_side") or "",
            s,
            t,
        ),
    )

    def spans(items: object) -> tuple[tuple[int, int], ...]:
        out = []
        for x in items:  # type: ignore[attr-defined]
            try:
                out.append(span(x))
            except ConfigError:
                continue  # a number in boilerplate that cleaning removed: nothing to score
        return tuple(out)

    nc = spans(raw.get("non_casualty_numbers", []))
    fr = spans(raw.get("framing", []))
    doc_id = str(raw.get("id") or raw.get("seed"))
    outlet = str(raw.get("outlet") or "")
    doc = Document(id=doc_id, source=doc_id, text=text, published=published, language="en", outlet=outlet)
    return GoldDoc(doc, events, claims, nc, fr)


def _annotations(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) of every non-blank line of a gold file."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            raise ConfigError(f"gold {path}:{n}: {e.msg}") from e


def load_reports(path: Path) -> list[GoldDoc]:
    docs = []
    for n, raw in _annotations(path):
        where = f"{path.name}:{n}"
        try:
            text = raw["text"]
            pub = PubDate.unknown("not given in the gold file")
            if raw.get("published"):
                d, prec = parse_date_value(raw["published"])
                pub = PubDate(d, prec, "manifest", "gold")  # type: ignore[arg-type]
            docs.append(_doc(raw, text, lambda ev, t=text, w=where: _find(t, ev, w), where, pub))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ConfigError(f"gold {path}:{n}: {_malformed(e)}") from e
    return docs


def _malformed(e: Exception) -> str:
    """A gold line's mistake in the annotator's words (a missing field, a value of the wrong kind)."""
    if isinstance(e, KeyError):
        return f"missing field {e.args[0]!r} (see eval/README.md for the format)"
    return f"malformed annotation: {e}"


def load_seeds(path: Path, seeds_dir: Path) -> list[GoldDoc]:
    """Seed annotations by raw offsets, re-anchored in the cleaned text ingest would store."""
    docs = []
    for n, raw in _annotations(path):
        try:
            f = seeds_dir / raw["seed"]
        except (KeyError, TypeError) as e:
            raise ConfigError(f"gold {path}:{n}: {_malformed(e)}") from e
        if not f.is_file():
            continue
        raw_text = decode_bytes(f.read_bytes())
        cleaned = clean_text(raw_text).text
        where = f"{path.name}:{n} ({raw['seed']})"

        def span_of(
            ev: dict[str, int], rt: str = raw_text, ct: str = cleaned, w: str = where
        ) -> tuple[int, int]:
            return _refind(ct, rt[ev["start"] : ev["end"]], w)

        # the publication date is what ingest would find, not the annotator's judgement
        docs.append(_doc(raw, cleaned, span_of, where, infer_from_text(cleaned)))
    return docs


def _refind(cleaned: str, raw_piece: str, where: str) -> tuple[int, int]:
    piece = raw_piece.strip()
    i = cleaned.find(piece)
    if i >= 0:
        return i, i + len(piece)
    # cleaning folds runs of spaces; fall back to the first 40 characters
    head = " ".join(piece.split())[:40]
    i = cleaned.find(head)
    if i < 0:
        raise ConfigError(f"gold {where}: span not found in cleaned seed text: {head!r}")
    return i, min(len(cleaned), i + len(piece))


def load_corpora(path: Path, seeds_dir: Path | None) -> dict[str, list[GoldDoc]]:
    """Our own reports (``ours``: every *.jsonl but seeds*) and, when the seed articles are
    found, their annotation (``seeds``), as two corpora scored and gated separately."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise ConfigError(f"no gold files (*.jsonl) in {path}")
    corpora: dict[str, list[GoldDoc]] = {"ours": []}
    for f in files:
        if not f.name.startswith("seeds"):
            corpora["ours"].extend(load_reports(f))
        elif seeds_dir is not None and seeds_dir.is_dir():
            corpora.setdefault("seeds", []).extend(load_seeds(f, seeds_dir))
    corpora = {name: docs for name, docs in corpora.items() if docs}
    if not corpora:
        raise ConfigError(f"no gold documents under {path}")
    return corpora


def corpus_hash(docs: list[GoldDoc]) -> str:
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.id):
        h.update(d.id.encode())
        h.update(d.text.encode())
        h.update(repr((d.events, d.claims)).encode())
    return h.hexdigest()[:16]
