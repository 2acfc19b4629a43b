"""The report's outlet table: per outlet, its documents, framing terms and narratives, and the
officials it quotes. A loaded term is charged to whoever used it: a term inside the sentence of
a claim or statement the outlet attributes to a claimant is that claimant's; a term inside
quotation marks with no attributed sentence around it is an unnamed quoted speaker's; only the
rest is the outlet's own voice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..records import FramingHit, Incident
from .labels import Names
from .views import ChargedTerm, OutletRow, QuotedCount, TermCount


def _is_outlet(who: str) -> bool:
    return not who or who == "outlet" or who.startswith("outlet:")


def _speakers(incidents: Sequence[Incident]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per document, the attributed sentences: (start, end, claimant, side), claims first."""
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    seen: set[tuple[str, int, int, str]] = set()
    for inc in incidents:
        items = [
            (
                rc.claim.evidence.document_id or rc.claim.document_id,
                rc.claim.evidence,
                rc.claim.claimant,
                rc.claim.claimant_side,
            )
            for rc in inc.claims
        ] + [(m.document_id, m.evidence, m.claimant, m.claimant_side) for m in inc.mentions]
        for doc, ev, who, side in items:
            if _is_outlet(who) or ev.end <= ev.start:
                continue
            key = (doc, ev.start, ev.end, who)
            if key not in seen:
                seen.add(key)
                spans[doc].append((ev.start, ev.end, who, side))
    return spans


def charge(hit: FramingHit, spans: Sequence[tuple[int, int, str, str]]) -> tuple[str, str] | None:
    """Who used the term: (claimant, side) of the attributed sentence holding it, ("", "") for
    an unnamed quoted speaker, None for the outlet's own voice."""
    for start, end, who, side in spans:
        if start <= hit.start and hit.end <= end:
            return who, side
    return ("", "") if hit.quoted else None


def outlet_rows(
    incidents: Sequence[Incident],
    framing: Sequence[FramingHit],
    names: Names,
    alignments: Mapping[str, str] | None = None,
) -> tuple[OutletRow, ...]:
    """A row per outlet of the incidents' sources. ``alignments`` (outlet -> alignment the
    documents declared, e.g. from an ingest manifest) stand in where the registry has none."""
    doc_outlet: dict[str, str] = {}
    meta: dict[str, tuple[str, bool]] = {}
    for inc in incidents:
        for s in inc.sources:
            doc_outlet[s.document_id] = s.outlet
            alignment, owned = meta.get(s.outlet, ("", False))
            meta[s.outlet] = (alignment or s.alignment, owned or s.state_owned)
    docs_per: dict[str, set[str]] = defaultdict(set)
    for doc, o in doc_outlet.items():
        docs_per[o].add(doc)
    spans = _speakers(incidents)
    terms: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    own: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    charged: dict[str, Counter[tuple[str, str, str, str, str]]] = defaultdict(Counter)
    for h in framing:
        if h.document_id not in doc_outlet:
            continue
        o = doc_outlet[h.document_id]
        key = (h.term, h.narrative, h.category)
        terms[o][key] += 1
        speaker = charge(h, spans.get(h.document_id, ()))
        if speaker is None:
            own[o][key] += 1
        else:
            charged[o][(*key, *speaker)] += 1
    quoted: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for inc in incidents:
        speakers = [(m.document_id, m.claimant, m.claimant_side) for m in inc.mentions]
        speakers += [(rc.claim.document_id, rc.claim.claimant, rc.claim.claimant_side) for rc in inc.claims]
        for doc, who, side in speakers:
            # the outlet speaking in its own voice is not a quoted official
            if _is_outlet(who) or doc not in doc_outlet:
                continue
            quoted[doc_outlet[doc]][(who, side)].add(doc)

    def counted(tc: Counter[tuple[str, str, str]]) -> tuple[TermCount, ...]:
        return tuple(
            TermCount(t, n, c, k) for (t, n, c), k in sorted(tc.items(), key=lambda x: (-x[1], x[0]))
        )

    rows = []
    for o in sorted(docs_per):
        tc = terms.get(o, Counter())
        narr: Counter[str] = Counter()
        for (_t, n, _c), k in tc.items():
            narr[n] += k
        alignment, state_owned = meta[o]
        if not alignment and alignments:
            alignment = alignments.get(o, "")
        rows.append(
            OutletRow(
                outlet=o,
                name=names.outlet(o) or "(outlet unknown)",
                alignment=alignment,
                state_owned=state_owned,
                documents=len(docs_per[o]),
                framing_hits=sum(tc.values()),
                narratives=tuple(sorted(narr.items(), key=lambda x: (-x[1], x[0]))),
                terms=counted(tc),
                quoted=tuple(
                    QuotedCount(w, names.actor(w), s, len(d))
                    for (w, s), d in sorted(quoted.get(o, {}).items(), key=lambda x: (-len(x[1]), x[0]))
                ),
                own_voice_hits=sum(own.get(o, Counter()).values()),
                own_terms=counted(own.get(o, Counter())),
                charged=tuple(
                    ChargedTerm(t, n, c, w, names.actor(w) if w else "a quoted speaker", s, k)
                    for (t, n, c, w, s), k in sorted(charged.get(o, {}).items(), key=lambda x: (-x[1], x[0]))
                ),
            )
        )
    return tuple(rows)
