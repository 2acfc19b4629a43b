"""What the web app holds between requests: the store, a cache of reconciled incidents, and
the ingest jobs. Every figure comes from the library (reconcile, report); this module only
selects, pages and arranges it for display.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from ..records import Document, Incident
from ..report import FramingHit, IncidentCard, Report, build_card, build_report, framing_hits
from ..settings import Settings
from ..store import Store

SortKey = Literal["date", "fatalities", "status", "sources", "claims", "place"]
MAX_TIMELINE_DAYS = 1500  # beyond this, only the days with incidents are listed
SORT_KEYS: tuple[str, ...] = ("date", "fatalities", "status", "sources", "claims", "place")


@dataclass(frozen=True)
class Snapshot:
    """The reconciled record at one moment: rebuilt when the store changes."""

    key: tuple[int, int, int]
    incidents: tuple[Incident, ...]
    cards: tuple[IncidentCard, ...]
    report: Report

    def card(self, incident_id: str) -> IncidentCard | None:
        """By exact id or a unique prefix of at least 4 characters (as on the command line)."""
        hits = [c for c in self.cards if c.id == incident_id]
        if not hits and len(incident_id) >= 4:
            hits = [c for c in self.cards if c.id.startswith(incident_id)]
        return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class IncidentQuery:
    """The incident list's filters, sort and page: all of it lives in the URL query."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str = ""
    admin1: str = ""
    event_type: str = ""
    side: str = ""
    status: str = ""
    kind: str = ""
    sort: str = "date"
    order: str = "asc"
    page: int = 1
    per_page: int = 50

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default query parameters, with ``changes`` applied (for links)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "country": self.country,
            "admin1": self.admin1,
            "event_type": self.event_type,
            "side": self.side,
            "status": self.status,
            "kind": self.kind,
            "sort": "" if self.sort == "date" else self.sort,
            "order": "" if self.order == "asc" else self.order,
            "page": "" if self.page == 1 else str(self.page),
            "per_page": "" if self.per_page == 50 else str(self.per_page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class Page:
    items: tuple[IncidentCard, ...]
    total: int
    page: int
    pages: int
    per_page: int


@dataclass(frozen=True)
class Facets:
    countries: tuple[str, ...]
    admin1: tuple[str, ...]
    event_types: tuple[str, ...]
    sides: tuple[str, ...]
    statuses: tuple[str, ...]
    kinds: tuple[str, ...]


def _overlaps(c: IncidentCard, lo: dt.date | None, hi: dt.date | None) -> bool:
    if lo is None and hi is None:
        return True
    if c.date_start is None:
        return False  # an undated incident cannot be placed in a period
    end = c.date_end or c.date_start
    return (lo is None or end >= lo) and (hi is None or c.date_start <= hi)


def _sides(c: IncidentCard) -> set[str]:
    sides = {c.actor1_side, c.actor2_side} | {col.side for col in c.columns}
    return {s for s in sides if s}


def matches(c: IncidentCard, q: IncidentQuery) -> bool:
    if not _overlaps(c, q.date_from, q.date_to):
        return False
    if q.country and q.country.upper() not in {p.country.upper() for p in c.places}:
        return False
    if q.admin1 and q.admin1.casefold() not in {p.admin1.casefold() for p in c.places}:
        return False
    if q.event_type and q.event_type not in (c.event_type, c.sub_event_type):
        return False
    if q.side and q.side.upper() not in _sides(c):
        return False
    if q.status and q.status != c.status:
        return False
    return not (q.kind and q.kind != c.kind)


def _sort_key(sort: str) -> Callable[[IncidentCard], Any]:
    if sort == "fatalities":
        return lambda c: (c.fatalities, c.id)
    if sort == "status":
        return lambda c: (c.status, c.id)
    if sort == "sources":
        return lambda c: (c.n_sources, c.id)
    if sort == "claims":
        return lambda c: (c.n_claims, c.id)
    if sort == "place":
        return lambda c: (c.location.name if c.location else "\uffff", c.id)
    return lambda c: (c.date_start or dt.date.max, c.id)


def select(cards: Sequence[IncidentCard], q: IncidentQuery) -> Page:
    hits = sorted((c for c in cards if matches(c, q)), key=_sort_key(q.sort), reverse=q.order == "desc")
    pages = max(1, math.ceil(len(hits) / q.per_page))
    page = min(q.page, pages)
    start = (page - 1) * q.per_page
    return Page(tuple(hits[start : start + q.per_page]), len(hits), page, pages, q.per_page)


def facets(cards: Sequence[IncidentCard]) -> Facets:
    def uniq(values: Any) -> tuple[str, ...]:
        return tuple(sorted({v for v in values if v}))

    return Facets(
        countries=uniq(p.country for c in cards for p in c.places),
        admin1=uniq(p.admin1 for c in cards for p in c.places),
        event_types=uniq(c.event_type for c in cards),
        sides=uniq(s for c in cards for s in _sides(c)),
        statuses=uniq(c.status for c in cards),
        kinds=uniq(c.kind for c in cards),
    )


# --------------------------------------------------------------------------- document view


@dataclass(frozen=True)
class Segment:
    """A run of document text under one set of highlights; ``anchors`` are element ids that
    start here (``claim-<id>``, ``mention-<id>``) so a link's #fragment lands on the sentence."""

    text: str
    classes: str
    title: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # claim | mention | term
    anchor: str
    title: str
    focus: bool


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; overlapping highlights combine their classes."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        over = [s for s in spans if s.start <= a and s.end >= b]
        kinds = sorted({s.kind for s in over})
        if any(s.focus for s in over):
            kinds.append("focus")
        titles = sorted({s.title for s in over if s.title})
        anchors = tuple(sorted({s.anchor for s in spans if s.start == a and s.anchor}))
        out.append(Segment(text[a:b], " ".join(kinds), "; ".join(titles), anchors))
    return out


def document_spans(store: Store, doc: Document, *, claim: str = "", mention: str = "") -> list[Span]:
    spans: list[Span] = []
    for c in store.claims(document_id=doc.id):
        title = f"claim {c.id}: {c.claimant or 'unattributed'} says {c.kind} {c.value_best}"
        spans.append(Span(c.evidence.start, c.evidence.end, "claim", f"claim-{c.id}", title, c.id == claim))
    for m in store.mentions(document_id=doc.id):
        title = f"{m.event_type}: {m.sub_event_type}"
        spans.append(
            Span(m.evidence.start, m.evidence.end, "mention", f"mention-{m.id}", title, m.id == mention)
        )
    for h in framing_hits(store.framing(document_id=doc.id)):
        spans.append(Span(h.start, h.end, "term", "", f"loaded term: {h.term} ({h.narrative})", False))
    return spans


# --------------------------------------------------------------------------- map and timeline


def map_features(cards: Sequence[IncidentCard]) -> dict[str, Any]:
    """GeoJSON of the located incidents: the map draws them as points sized by fatalities."""
    feats = []
    for c in cards:
        p = c.location
        if p is None:
            continue
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": {
                    "id": c.id,
                    "date": c.date_label,
                    "place": p.name,
                    "admin1": p.admin1,
                    "country": p.country,
                    "precision": p.precision,
                    "kind": c.kind,
                    "type": c.sub_event_type if c.kind == "statements" else c.event_type,
                    "sides": c.sides,
                    "status": c.status,
                    "fatalities": c.fatalities,
                    "url": f"/incidents/{c.id}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": feats}


@dataclass(frozen=True)
class TimelineDay:
    day: dt.date
    events: tuple[int, ...]  # per side, aligned with Timeline.sides
    statements: tuple[int, ...]
    fatalities: int


@dataclass(frozen=True)
class Timeline:
    sides: tuple[str, ...]
    days: tuple[TimelineDay, ...]
    undated: int


def timeline(cards: Sequence[IncidentCard]) -> Timeline:
    """Incidents and statements per day, by the side that acted (actor 1); only incidents
    dated to the day are placed, the rest are counted as undated."""
    dated = [c for c in cards if c.date_start is not None and c.date_precision == "day"]
    sides = tuple(sorted({c.actor1_side or "?" for c in dated}))
    ev: Counter[tuple[dt.date, str]] = Counter()
    st: Counter[tuple[dt.date, str]] = Counter()
    fat: Counter[dt.date] = Counter()
    for c in dated:
        assert c.date_start is not None
        (st if c.kind == "statements" else ev)[(c.date_start, c.actor1_side or "?")] += 1
        fat[c.date_start] += c.fatalities
    days = sorted({c.date_start for c in dated if c.date_start is not None})
    # quiet days are zeros, not gaps: a line drawn across them would suggest activity
    if days and (days[-1] - days[0]).days <= MAX_TIMELINE_DAYS:
        days = [days[0] + dt.timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    return Timeline(
        sides,
        tuple(
            TimelineDay(d, tuple(ev[(d, s)] for s in sides), tuple(st[(d, s)] for s in sides), fat[d])
            for d in days
        ),
        len(cards) - len(dated),
    )


# --------------------------------------------------------------------------- the context


UPLOAD_PREFIX = "ceasefire-upload-"  # the web's upload folders: tempfile.mkdtemp(prefix=UPLOAD_PREFIX)


def remove_upload_folder(folder: Path) -> bool:
    """Remove an upload folder once its job is over; True when removed.

    Only what the upload made is removed: a real folder (not a symlink to one, not a device or
    FIFO) named ``ceasefire-upload-*`` directly in the temporary folder and owned by this process's
    user. Anything else given here is left as it is. Inside it, ``shutil.rmtree`` unlinks
    symlinks without following them, so whatever they point to survives."""
    import os
    import stat
    import tempfile

    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or not folder.name.startswith(UPLOAD_PREFIX):
        return False
    if os.path.realpath(folder.parent) != os.path.realpath(tempfile.gettempdir()):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


@dataclass
class Job:
    """One ingest run started from the browser, polled for progress."""

    id: str
    sources: tuple[str, ...]
    state: str = "queued"  # queued | running | done | failed
    stage: str = ""
    total: int = 0
    done: int = 0
    extracted: int = 0
    last: str = ""
    error: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    new_incidents: tuple[str, ...] = ()
    cleanup: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "total": self.total,
            "done": self.done,
            "extracted": self.extracted,
            "last": self.last,
            "error": self.error,
            "report": self.report,
            "new_incidents": list(self.new_incidents),
            "sources": list(self.sources),
        }


class WebContext:
    """The store, settings and caches of one app (mutable by design: a request-scoped holder)."""

    def __init__(self, store: Store, settings: Settings, *, read_only: bool, token: str | None) -> None:
        self.store = store
        self.settings = settings
        self.read_only = read_only
        self.token = token
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one ingest at a time: they share the extractor
        self._generation = 0
        self._snapshot: Snapshot | None = None
        self._reports: dict[tuple[Any, ...], tuple[Report, str]] = {}
        self.jobs: dict[str, Job] = {}

    def _key(self) -> tuple[int, int, int]:
        # another process (a CLI ingest) may write the same store: its document and extraction
        # counts change, and so does the key
        return (self._generation, self.store.count_documents(), len(self.store.extraction_status()))

    def snapshot(self) -> Snapshot:
        with self._lock:
            key = self._key()
            if self._snapshot is None or self._snapshot.key != key:
                from ..reconcile import update_incidents

                try:
                    # incident assignments are derived data, not the user's: a read-only server
                    # still clusters what a CLI ingest added, unless the store refuses writes
                    update_incidents(self.store)
                except Exception:
                    if not self.read_only:
                        raise
                from ..reconcile import build_incidents

                incidents = tuple(build_incidents(self.store))
                self._snapshot = Snapshot(
                    key, incidents, tuple(build_card(i) for i in incidents), self._report(incidents)
                )
                self._reports.clear()
            return self._snapshot

    def _report(
        self, incidents: Sequence[Incident], lo: dt.date | None = None, hi: dt.date | None = None
    ) -> Report:
        docs = sorted({s.document_id for i in incidents for s in i.sources})
        hits: list[FramingHit] = []
        for d in docs:
            hits.extend(framing_hits(self.store.framing(document_id=d)))
        return build_report(incidents, date_from=lo, date_to=hi, framing=hits)

    def report(self, lo: dt.date | None, hi: dt.date | None) -> Report:
        snap = self.snapshot()
        if lo is None and hi is None:
            return snap.report
        from ..reconcile import build_incidents

        return self._report(build_incidents(self.store, date_from=lo, date_to=hi), lo, hi)

    def report_html(self, lo: dt.date | None, hi: dt.date | None) -> str:
        """The library's printable HTML report (charts are slow to draw: cached per period)."""
        from ..report import render_html

        snap = self.snapshot()
        key = (snap.key, lo, hi)
        with self._lock:
            cached = self._reports.get(key)
        if cached is None:
            rep = self.report(lo, hi)
            cached = (rep, render_html(rep))
            with self._lock:
                self._reports[key] = cached
        return cached[1]

    # -- ingest jobs -------------------------------------------------------------------
    def start_job(self, sources: Sequence[str], *, cleanup: Path | None = None) -> Job:
        job = Job(uuid.uuid4().hex, tuple(sources), cleanup=cleanup)
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"ingest-{job.id[:8]}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        from .. import api
        from ..ingest.pipeline import plan

        try:
            with self._write_lock:
                before = {c.id for c in self.snapshot().cards}
                job.state, job.stage = "running", "ingest"
                job.total = len(plan(list(job.sources)))

                def on_item(status: str, source: str) -> None:
                    if status == "input-done":
                        job.done += 1
                    else:
                        job.last = f"{status}: {Path(source).name[-60:]}"

                rep = api.ingest(list(job.sources), store=self.store, settings=self.settings, on_item=on_item)
                job.report = rep.to_dict()
                job.stage = "extract"

                def on_doc(_ex: object) -> None:
                    job.extracted += 1

                api.extract(store=self.store, settings=self.settings, on_doc=on_doc)
                job.stage = "reconcile"
                with self._lock:
                    self._generation += 1
                after = self.snapshot().cards
                job.new_incidents = tuple(c.id for c in after if c.id not in before)
                job.state, job.stage = "done", "done"
        except Exception as e:  # the job reports any failure to the page that polls it
            job.state, job.error = "failed", f"{type(e).__name__}: {e}"
        finally:
            if job.cleanup is not None:
                remove_upload_folder(job.cleanup)
