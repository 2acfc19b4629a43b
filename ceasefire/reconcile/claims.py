"""Every party's claims about one incident, side by side: originators, status, estimates.

Rules, each named where it is applied:

- originator: who a claim really comes from. Two outlets quoting one ministry are one
  originator; so are two organs of one government (its defence and foreign ministries, its
  army, a spokesperson of either): the government, '<SIDE>-GOV'. An unattributed figure
  originates with the outlet that printed it, unless its report attributes the same figure.
- supersession: a claimant's later figure for the same kind and side replaces its earlier one
  in the estimates; both stay on record, the earlier marked ``superseded_by``.
- status: ``denied`` (the claim is a denial), ``admitted`` (a party reports its own losses —
  the strongest evidence), ``disputed`` (the other side gives a figure for the same losses
  that does not overlap), ``corroborated`` (at least two independent originators agree),
  else ``one-sided``.
- estimates: ``acled-conservative`` low (the admitted figure when a party reports its own
  losses, else the lowest figure any independent originator gives) with UCDP-style best and
  high (best: admitted, else agreed, else median; high: the highest figure claimed).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..extract import lexicons
from ..records import Claim, Document, Estimate, ReconciledClaim

if TYPE_CHECKING:
    from ..extract.actors import ActorIndex

_REVISION = re.compile(
    r"\b(?:rais|revis|updat|increas|ris|rose|climb|now|later|new (?:figure|toll))", re.IGNORECASE
)
# figures for the same losses told in different words ("one casualty" vs "six killed")
RELATED = {"killed": {"killed", "casualties"}, "casualties": {"killed", "casualties", "wounded"}}


STATE_ORGANS = {"government", "ministry", "armed_forces", "security_service", "de_facto_authority"}


@lru_cache(maxsize=1)
def _organ_roles() -> frozenset[str]:
    """Role codes of state institutions ('MOD', 'MFA', 'ARMY', ...) from the reference data:
    an institution id '<SIDE>-<ROLE>' the registry does not list is still an organ of SIDE."""
    rules = lexicons.load("roles")
    roles = {str(r["role"]) for r in rules.get("roles", ())} | set(rules.get("fallbacks", {}))
    return frozenset(roles - {"CIVILIANS", "PARL", "MEDIA"})  # a country's media is not its government


def actors_in_force() -> ActorIndex:
    """The actor index of the reference data in force: the default of a caller that was given
    none (the API passes its own)."""
    from ..reference import resolve

    return resolve(None).actors


def government(claimant: str, side: str, actors: ActorIndex | None = None) -> str | None:
    """'<SIDE>-GOV' when the claimant is an organ of a state or de facto authority (a ministry,
    the armed forces, a border service, a president, or a person speaking for one of them):
    two organs of one government are one originator, not two independent sources. ``actors``
    is the reference data's actor index."""
    return _government(claimant, side, actors if actors is not None else actors_in_force())


@lru_cache(maxsize=4096)
def _government(claimant: str, side: str, idx: ActorIndex) -> str | None:
    seen: set[str] = set()
    while claimant in idx and claimant not in seen:
        seen.add(claimant)
        actor = idx.get(claimant)
        if actor.is_person and actor.speaks_for:
            claimant = actor.speaks_for
            continue
        side = actor.side or side
        return f"{side}-GOV" if actor.kind in STATE_ORGANS and side else None
    head, _, role = claimant.partition("-")
    return f"{side}-GOV" if side and head == side and role in _organ_roles() else None


def originator(c: Claim, docs: dict[str, Document], actors: ActorIndex | None = None) -> str:
    if c.claimant == "outlet" or c.claimant.startswith("outlet:"):
        d = docs.get(c.document_id)
        return f"outlet:{d.outlet}" if d and d.outlet else f"outlet:{c.document_id}"
    return government(c.claimant, c.claimant_side, actors) or c.claimant


def _made_on(c: Claim, docs: dict[str, Document]) -> tuple[str, str]:
    d = docs.get(c.document_id)
    when = c.made_on.isoformat() if c.made_on else (d.published.iso() or "" if d else "")
    return when, c.document_id


def _value(c: Claim) -> tuple[int, int] | None:
    lo = c.value_low if c.value_low is not None else c.value_best
    hi = c.value_high if c.value_high is not None else (c.value_best if c.value_best is not None else lo)
    if lo is None and hi is not None:
        # "up to N" states a bound only: it asserts harm, so reconciliation reads it as 1..N
        # (the claim keeps what the text states; ACLED's conservative low is at least one)
        lo = min(1, hi)
    if lo is None:
        return None
    return lo, max(lo, hi if hi is not None else lo)


def _overlap(a: Claim, b: Claim) -> bool:
    va, vb = _value(a), _value(b)
    if va is None or vb is None:
        return False
    return va[0] <= vb[1] and vb[0] <= va[1]


def _figure(c: Claim) -> str:
    lo, best, hi = c.value_low, c.value_best, c.value_high
    if lo is None and best is None and hi is not None:
        return f"up to {hi}"
    if lo is not None and hi is not None and lo != hi:
        return f"{lo}-{hi}"
    if hi is None and lo is not None and best == lo and c.value_high is None and c.hedge == "":
        return f"at least {lo}" if c.value_best is not None and c.value_high is None else str(lo)
    return str(best if best is not None else lo)


def reconcile_claims(
    claims: Sequence[Claim],
    docs: dict[str, Document],
    claimant_names: dict[str, str],
    actors: ActorIndex | None = None,
) -> tuple[tuple[ReconciledClaim, ...], tuple[Estimate, ...]]:
    """Statuses for every claim of one incident and the estimates per figure; ``actors`` is the
    reference data's actor index (which claimants are organs of one government)."""
    actors = actors if actors is not None else actors_in_force()
    # supersession: same claimant, kind, side -> the latest made_on wins
    groups: dict[tuple[str, str, str, bool], list[Claim]] = defaultdict(list)
    for c in claims:
        groups[(c.claimant, c.kind, c.side_affected, c.civilian)].append(c)
    superseded: dict[str, str] = {}
    for members in groups.values():
        # later statement wins: by the date it was made, and within one report by the order
        # of telling ("initially said two … later raised the toll to four")
        dated = sorted(members, key=lambda c: (_made_on(c, docs)[0], c.document_id, c.evidence.start, c.id))
        latest = dated[-1]
        for c in dated[:-1]:
            when, latest_when = _made_on(c, docs)[0], _made_on(latest, docs)[0]
            same_report_later = (
                c.document_id == latest.document_id and c.evidence.start <= latest.evidence.start
            )
            if _value(c) != _value(latest) and (
                when < latest_when or (when == latest_when and same_report_later)
            ):
                if c.document_id == latest.document_id and not _REVISION.search(latest.evidence.text):
                    continue  # two figures in one report without a word of revision: not an update
                superseded[c.id] = latest.id
    current = [c for c in claims if c.id not in superseded]
    orig = {c.id: originator(c, docs, actors) for c in claims}
    # an outlet's unattributed figure that its own report attributes elsewhere (a headline
    # repeating the ministry's count) originates with that source, not independently
    attributed = {
        (c.document_id, c.kind, c.side_affected, c.value_low): orig[c.id]
        for c in claims
        if not orig[c.id].startswith("outlet:")
    }
    for c in claims:
        key = (c.document_id, c.kind, c.side_affected, c.value_low)
        if orig[c.id].startswith("outlet:") and key in attributed:
            orig[c.id] = attributed[key]

    out: list[ReconciledClaim] = []
    for c in sorted(claims, key=lambda c: (c.side_affected, c.kind, _made_on(c, docs), c.id)):
        d = docs.get(c.document_id)
        outlet = d.outlet if d else ""
        status, why = _status(c, current, orig, claimant_names)
        out.append(ReconciledClaim(c, outlet, orig[c.id], status, why, superseded.get(c.id, "")))  # type: ignore[arg-type]
    return tuple(out), _estimates(current, orig, claimant_names)


def _name(cid: str, names: dict[str, str]) -> str:
    return names.get(cid, cid)


def _status(c: Claim, current: list[Claim], orig: dict[str, str], names: dict[str, str]) -> tuple[str, str]:
    if c.hedge == "denied":
        return "denied", "the claim is reported as denied"
    same = [
        o
        for o in current
        if o.kind == c.kind and o.side_affected == c.side_affected and o.civilian == c.civilian
    ]
    if c.claimant_side and c.claimant_side == c.side_affected:
        return "admitted", f"{_name(c.claimant, names)} reports losses of its own side"
    related = RELATED.get(c.kind, {c.kind})
    contra = [
        o
        for o in current
        if o.side_affected == c.side_affected
        and o.kind in related
        and o.claimant_side
        and o.claimant_side != c.claimant_side
        and not _overlap(o, c)
    ]
    if contra:
        o = contra[0]
        return "disputed", (
            f"{_name(o.claimant, names)} gives {o.kind} {_figure(o)} for the same side, "
            f"against {_figure(c)} claimed by {_name(c.claimant, names)}"
        )
    agreeing = {orig[o.id] for o in same if _overlap(o, c)}
    if len(agreeing) >= 2:
        return "corroborated", f"{len(agreeing)} independent originators agree: " + ", ".join(
            sorted(_name(x, names) for x in agreeing)
        )
    return "one-sided", f"only {_name(orig[c.id], names)} reports this figure"


def _estimates(current: list[Claim], orig: dict[str, str], names: dict[str, str]) -> tuple[Estimate, ...]:
    groups: dict[tuple[str, str, bool], list[Claim]] = defaultdict(list)
    for c in current:
        if c.hedge != "denied" and _value(c) is not None:
            groups[(c.kind, c.side_affected, c.civilian)].append(c)
    out = []
    for (kind, side, civ), members in sorted(groups.items()):
        admitted = [c for c in members if c.claimant_side and c.claimant_side == side]
        values = {c.id: _value(c) for c in members}
        highs = [v[1] for v in values.values() if v]
        if admitted:
            a = min(admitted, key=lambda c: (values[c.id] or (0, 0))[0])
            lo = values[a.id][0]  # type: ignore[index]
            best = a.value_best if a.value_best is not None else lo
            why = (
                f"{_name(a.claimant, names)} reports its own losses: {_figure(a)} "
                "(admitted; the most conservative credible figure)"
            )
        else:
            by_orig: dict[str, list[int]] = defaultdict(list)
            for c in members:
                v = values[c.id]
                if v:
                    by_orig[orig[c.id]].append(c.value_best if c.value_best is not None else v[0])
            lo = min(v[0] for v in values.values() if v)
            bests = [min(xs) for xs in by_orig.values()]
            best = int(statistics.median_low(bests)) if bests else lo
            who = ", ".join(sorted(_name(o, names) for o in by_orig))
            why = f"lowest figure among {len(by_orig)} originator(s) ({who}); best = median of their figures"
        hi = max([*highs, best if best is not None else lo])
        if len({orig[c.id] for c in members}) > 1 or admitted:
            others = [c for c in members if c not in admitted]
            if others and admitted:
                why += "; the other side claims " + ", ".join(
                    f"{_figure(c)} ({_name(c.claimant, names)})" for c in others
                )
        out.append(Estimate(kind, side, civ, lo, best, hi, "acled-conservative / ucdp-low-best-high", why))
    return tuple(out)


def fatalities(estimates: Sequence[Estimate]) -> int:
    """ACLED fatalities: the conservative killed figures summed over sides (0 for injuries)."""
    return sum(e.low or 0 for e in estimates if e.kind == "killed")
