"""The report's outlet table: per outlet, its documents, framing terms and narratives, and the
officials it quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ..records import Incident
from .labels import Names
from .views import FramingHit, OutletRow, QuotedCount, TermCount


def outlet_rows(
    incidents: Sequence[Incident], framing: Sequence[FramingHit], names: Names
) -> tuple[OutletRow, ...]:
    """A row per outlet of the incidents' sources."""
    doc_outlet: dict[str, str] = {}
    meta: dict[str, tuple[str, bool]] = {}
    for inc in incidents:
        for s in inc.sources:
            doc_outlet[s.document_id] = s.outlet
            meta.setdefault(s.outlet, (s.alignment, s.state_owned))
    docs_per: dict[str, set[str]] = defaultdict(set)
    for doc, o in doc_outlet.items():
        docs_per[o].add(doc)
    terms: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for h in framing:
        if h.document_id in doc_outlet:
            terms[doc_outlet[h.document_id]][(h.term, h.narrative, h.category)] += 1
    quoted: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for inc in incidents:
        speakers = [(m.document_id, m.claimant, m.claimant_side) for m in inc.mentions]
        speakers += [(rc.claim.document_id, rc.claim.claimant, rc.claim.claimant_side) for rc in inc.claims]
        for doc, who, side in speakers:
            # the outlet speaking in its own voice is not a quoted official
            if not who or who == "outlet" or who.startswith("outlet:") or doc not in doc_outlet:
                continue
            quoted[doc_outlet[doc]][(who, side)].add(doc)
    rows = []
    for o in sorted(docs_per):
        tc = terms.get(o, Counter())
        narr: Counter[str] = Counter()
        for (_t, n, _c), k in tc.items():
            narr[n] += k
        alignment, state_owned = meta[o]
        rows.append(
            OutletRow(
                outlet=o,
                name=names.outlet(o) or "(outlet unknown)",
                alignment=alignment,
                state_owned=state_owned,
                documents=len(docs_per[o]),
                framing_hits=sum(tc.values()),
                narratives=tuple(sorted(narr.items(), key=lambda x: (-x[1], x[0]))),
                terms=tuple(
                    TermCount(t, n, c, k) for (t, n, c), k in sorted(tc.items(), key=lambda x: (-x[1], x[0]))
                ),
                quoted=tuple(
                    QuotedCount(w, names.actor(w), s, len(d))
                    for (w, s), d in sorted(quoted.get(o, {}).items(), key=lambda x: (-len(x[1]), x[0]))
                ),
            )
        )
    return tuple(rows)
