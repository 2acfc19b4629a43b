"""What the web app holds between requests: the store, a cache of reconciled incidents, and
the ingest jobs. Every figure comes from the library (reconcile, report); the modules beside
this one select, page and arrange it for display (listing, highlight, overview) and describe
the jobs (jobs).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import Incident
from ..report import IncidentCard, Report, build_card, build_report
from ..report.labels import Names
from ..settings import Settings
from ..store import Store
from .jobs import UPLOAD_PREFIX, Job, remove_upload_folder
from .listing import IncidentQuery, filtered

__all__ = ["UPLOAD_PREFIX", "Job", "Snapshot", "WebContext", "remove_upload_folder"]

if TYPE_CHECKING:
    from ..reference import Reference
    from ..report import Charts


@dataclass(frozen=True)
class Snapshot:
    """The reconciled record at one moment: rebuilt when the store changes."""

    key: tuple[int, int, int, int]
    incidents: tuple[Incident, ...]
    cards: tuple[IncidentCard, ...]
    report: Report

    @property
    def by_id(self) -> dict[str, tuple[Incident, IncidentCard]]:
        """Each incident with its card, by id (built once per snapshot)."""
        found = self.__dict__.get("_by_id")
        if found is None:
            found = {i.id: (i, c) for i, c in zip(self.incidents, self.cards, strict=True)}
            object.__setattr__(self, "_by_id", found)
        return found

    def incident(self, incident_id: str) -> Incident | None:
        card = self.card(incident_id)
        return self.by_id[card.id][0] if card is not None else None

    def card(self, incident_id: str) -> IncidentCard | None:
        """By exact id or a unique prefix of at least 4 characters (as on the command line)."""
        hits = [c for c in self.cards if c.id == incident_id]
        if not hits and len(incident_id) >= 4:
            hits = [c for c in self.cards if c.id.startswith(incident_id)]
        return hits[0] if len(hits) == 1 else None


class WebContext:
    """The store, settings, reference data and caches of one app (mutable by design: a
    request-scoped holder). ``reference`` names outlets and parties and tells reconciliation
    who fights whom; when None, the one the settings' profiles and outlet files make."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        read_only: bool,
        token: str | None,
        reference: Reference | None = None,
        warm: bool = False,
    ) -> None:
        self.store = store
        self.settings = settings
        if reference is None:
            from ..reference import load_reference

            reference = load_reference(tuple(settings.profiles), tuple(settings.outlets_files))
        self.reference = reference
        self.read_only = read_only
        self.token = token
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one ingest at a time: they share the extractor
        self._generation = 0
        self._snapshot: Snapshot | None = None
        self._charts: dict[tuple[Any, ...], tuple[Report, Charts]] = {}
        self._html: dict[tuple[Any, ...], str] = {}
        self._charts_lock = threading.Lock()
        self.warm = warm
        self._names: Any = None
        self.jobs: dict[str, Job] = {}

    def _key(self) -> tuple[int, int, int, int]:
        # another process (a CLI ingest or review) may write the same store: its document,
        # extraction and review-decision counts change, and so does the key (reconciliation
        # applies the decisions in force)
        return (
            self._generation,
            self.store.count_documents(),
            len(self.store.extraction_status()),
            self.store.count_reviews(),
        )

    def snapshot(self) -> Snapshot:
        with self._lock:
            key = self._key()
            if self._snapshot is None or self._snapshot.key != key:
                from ..reconcile import update_incidents

                try:
                    # incident assignments are derived data, not the user's: a read-only server
                    # still clusters what a CLI ingest added, unless the store refuses writes
                    update_incidents(self.store, reference=self.reference)
                except Exception:
                    if not self.read_only:
                        raise
                from ..reconcile import build_incidents

                incidents = tuple(build_incidents(self.store, reference=self.reference))
                names = Names(self.reference)
                self._snapshot = Snapshot(
                    key,
                    incidents,
                    tuple(build_card(i, names=names) for i in incidents),
                    self._report(incidents),
                )
                self._html.clear()
                self.warm_report()
            return self._snapshot

    def _report(
        self, incidents: Sequence[Incident], lo: dt.date | None = None, hi: dt.date | None = None
    ) -> Report:
        from ..report.from_store import documents_framing

        hits, alignments = documents_framing(
            self.store, (s.document_id for i in incidents for s in i.sources)
        )
        return build_report(
            incidents,
            date_from=lo,
            date_to=hi,
            framing=hits,
            reference=self.reference,
            alignments=alignments,
        )

    def side_name(self, side: str) -> str:
        """A party code in words, from the reference data ("XV" -> "Valdoria")."""
        if self._names is None:
            from ..export import Names as ExportNames

            self._names = ExportNames(self.reference)
        return str(self._names.side(side)) if side else ""

    def report(self, q: IncidentQuery) -> Report:
        """The report over exactly the incidents the filter selects (as the list and the map)."""
        snap = self.snapshot()
        if not q.is_filtered:
            return snap.report
        return self._report(filtered(snap.incidents, q), q.date_from, q.date_to)

    def _report_and_charts(self, q: IncidentQuery) -> tuple[Snapshot, Report, Charts]:
        """The filter's report and its charts (slow to draw: cached per snapshot and filter; one
        drawing at a time, so a request waits for the warming thread's result)."""
        from ..report import render_charts

        snap = self.snapshot()
        key = (snap.key, tuple(sorted(q.filter_params().items())))
        with self._charts_lock:
            cached = self._charts.get(key)
            if cached is None:
                rep = self.report(q)
                cached = (rep, render_charts(rep))
                if len(self._charts) > 16:
                    self._charts.clear()
                self._charts[key] = cached
        return snap, cached[0], cached[1]

    def warm_up(self) -> None:
        """Build the record (and then the whole record's report) in a background thread, so the
        first page a browser opens is quick (``ceasefire serve`` calls it after starting). Off
        otherwise: a library user or a test client gets no thread left drawing charts when its
        process exits (which aborts with "terminate called without an active exception")."""
        self.warm = True  # from here on every new snapshot also draws its report ahead

        def build() -> None:
            try:
                self.snapshot()
            except Exception:  # the first request builds it again and reports the error
                return

        threading.Thread(target=build, name="warm-record", daemon=True).start()

    def warm_report(self) -> None:
        """Draw the whole record's report in the background, so the first visit to /report is
        quick (started when a snapshot is built; ``warm=False`` turns it off)."""
        if self.warm:
            threading.Thread(
                target=self._report_and_charts, args=(IncidentQuery(),), name="warm-report", daemon=True
            ).start()

    def report_html(self, q: IncidentQuery, controls: Mapping[str, Any] | None = None) -> str:
        """The library's printable HTML report of the filter's incidents, with the workspace's
        period picker and links when ``controls`` are given."""
        from ..report import render_html

        snap, rep, charts = self._report_and_charts(q)
        key = (snap.key, tuple(sorted(q.filter_params().items())), repr(sorted((controls or {}).items())))
        with self._lock:
            html = self._html.get(key)
        if html is None:
            html = render_html(rep, charts, controls=controls)
            with self._lock:
                if len(self._html) > 32:
                    self._html.clear()
                self._html[key] = html
        return html

    # -- ingest jobs -------------------------------------------------------------------
    def start_job(
        self,
        sources: Sequence[str],
        *,
        cleanup: Path | None = None,
        outlet: str | None = None,
        published: str | None = None,
        manifest: Path | None = None,
    ) -> Job:
        """Ingest, extract and reconcile ``sources`` in the background; ``outlet``,
        ``published`` and ``manifest`` are passed to :func:`ceasefire.api.ingest` as given."""
        job = Job(uuid.uuid4().hex, tuple(sources), cleanup=cleanup)
        self.jobs[job.id] = job
        options = {"outlet": outlet or None, "published": published or None, "manifest": manifest}
        threading.Thread(
            target=self._run, args=(job, options), name=f"ingest-{job.id[:8]}", daemon=True
        ).start()
        return job

    def _run(self, job: Job, options: Mapping[str, Any] | None = None) -> None:
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

                rep = api.ingest(
                    list(job.sources),
                    store=self.store,
                    settings=self.settings,
                    on_item=on_item,
                    **(options or {}),
                )
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
