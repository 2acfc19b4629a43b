"""Coder review: verified, rejected and corrected claims, mentions and incidents.

ACLED and UCDP publish only what a coder has checked. A decision is a :class:`~ceasefire.records.Review`
appended to the store's log; nothing the machine read is overwritten, and the decision in force
for a record is the latest one. Records are named by ids derived from their evidence span (a
claim's id hashes its document, figure span and kind), so a claim extracted again from the same
span inherits every decision made on it.

This module holds the vocabulary and the rules: what may be decided and corrected
(:func:`decide` checks a decision before it is stored) and what a decision does to a claim or
mention (:func:`apply`). Reconciliation applies the decisions in
force when it assembles incidents; exports and reports read the resulting review status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal, TypedDict, TypeVar, Unpack, cast

from .errors import ConfigError
from .records import Claim, Document, Mention, Review, ReviewDecision, ReviewTarget

TARGETS: tuple[ReviewTarget, ...] = ("claim", "mention", "incident")
DECISIONS: tuple[ReviewDecision, ...] = ("verified", "rejected", "corrected")
# why a record was rejected: the short list coders choose from
REJECT_REASONS = ("not-a-casualty", "wrong-side", "wrong-claimant", "duplicate", "background", "other")
# a record's review status in exports and reports
ReviewStatus = Literal["unreviewed", "verified", "rejected", "corrected"]
STATUSES: tuple[ReviewStatus, ...] = ("unreviewed", "verified", "rejected", "corrected")

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9:_.-]{0,63}$")  # a side code, actor id or incident id
_KIND = re.compile(r"^[a-z][a-z_]{1,31}$")

# What a correction may change, per target, and the kind of each value. ``incident_id`` moves
# a claim or mention to another incident ("new": to an incident of its own, a split);
# ``merged_into`` merges an incident into another.
CORRECTABLE: dict[str, dict[str, str]] = {
    "claim": {
        "side_affected": "code",
        "claimant": "code",
        "claimant_side": "code",
        "kind": "kind",
        "value_low": "count",
        "value_best": "count",
        "value_high": "count",
        "civilian": "bool",
        "incident_id": "code",
    },
    "mention": {
        "actor1_side": "code",
        "actor2_side": "code",
        "claimant": "code",
        "claimant_side": "code",
        "incident_id": "code",
    },
    "incident": {"merged_into": "code"},
}


def _value(target: str, field: str, value: Any) -> Any:
    kinds = CORRECTABLE[target]
    if field not in kinds:
        raise ConfigError(f"a {target} correction cannot change {field!r}: choose from {', '.join(kinds)}")
    kind = kinds[field]
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if str(value).lower() in {"true", "yes", "1", "false", "no", "0"}:
            return str(value).lower() in {"true", "yes", "1"}
        raise ConfigError(f"{field} must be true or false, not {value!r}")
    if kind == "count":
        if value is None or value == "":
            return None  # "no best figure": the text states none
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{field} must be a whole number, not {value!r}") from None
        if n < 0:
            raise ConfigError(f"{field} cannot be negative")
        return n
    text = "" if value is None else str(value).strip()
    if kind == "kind" and not _KIND.match(text):
        raise ConfigError(f"{field} must be a claim kind such as killed or wounded, not {value!r}")
    if kind == "code" and text and not _CODE.match(text):
        raise ConfigError(f"{field} must be a code such as a side or actor id, not {value!r}")
    return text


class DecisionFields(TypedDict, total=False):
    """What a decision carries besides its record and verdict, all optional: ``reason`` (a
    rejection's, from :data:`REJECT_REASONS`), ``changes`` (a correction's fields, from
    :data:`CORRECTABLE`, with their new values), ``reviewer`` and a free ``note``."""

    reason: str
    changes: Mapping[str, Any] | None
    reviewer: str
    note: str


def decide(
    target: str, target_id: str, decision: str, *, at: str | None = None, **fields: Unpack[DecisionFields]
) -> Review:
    """A checked decision, ready to store; a :class:`ConfigError` names what is wrong with it.
    ``at`` is when it was made (now by default)."""
    reason = fields.get("reason", "")
    reviewer = fields.get("reviewer", "")
    note = fields.get("note", "")
    if target not in TARGETS:
        raise ConfigError(f"cannot review a {target!r}: choose from {', '.join(TARGETS)}")
    if decision not in DECISIONS:
        raise ConfigError(f"unknown decision {decision!r}: choose from {', '.join(DECISIONS)}")
    if not target_id:
        raise ConfigError(f"which {target}? its id is missing")
    if decision == "rejected":
        if reason not in REJECT_REASONS:
            raise ConfigError(f"a rejection needs a reason: one of {', '.join(REJECT_REASONS)}")
    elif reason:
        raise ConfigError(f"only a rejection takes a reason (this decision is {decision})")
    fixed = {k: _value(target, k, v) for k, v in (fields.get("changes") or {}).items()}
    if decision == "corrected" and not fixed:
        raise ConfigError("a correction needs at least one changed field")
    if target == "claim" and fixed.get("incident_id") == "new":
        # an incident is made of mentions: a claim alone cannot found one
        raise ConfigError("a claim moves to an existing incident; to split one off, move its mention to new")
    if decision != "corrected" and fixed:
        raise ConfigError(f"only a correction changes fields (this decision is {decision})")
    when = at or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    key = json.dumps([target, target_id, decision, reason, fixed, reviewer, note, when], sort_keys=True)
    return Review(
        id=hashlib.sha1(key.encode()).hexdigest()[:16],
        target=cast(ReviewTarget, target),
        target_id=target_id,
        decision=cast(ReviewDecision, decision),
        reason=reason,
        changes=tuple(sorted(fixed.items())),
        reviewer=reviewer.strip()[:200],
        at=when,
        note=note.strip(),
    )


def status(review: Review | None) -> ReviewStatus:
    """A record's review status from the decision in force on it."""
    return "unreviewed" if review is None else review.decision


R = TypeVar("R", Claim, Mention)


def apply(record: R, review: Review | None) -> R:
    """The claim or mention as the coder corrected it: unchanged unless the decision is a
    correction; the incident it was moved to is applied by reconciliation, not here."""
    if review is None or review.decision != "corrected":
        return record
    fields = {k: v for k, v in review.changes if k != "incident_id"}
    return replace(record, **fields) if fields else record


def moved_to(review: Review | None) -> str | None:
    """The incident a correction moved its claim or mention to ("new": one of its own)."""
    if review is None or review.decision != "corrected":
        return None
    return review.changed.get("incident_id") or review.changed.get("merged_into") or None


def split_id(mention_id: str) -> str:
    """The id of the incident of its own a mention moved to "new" gets."""
    return "inc-" + hashlib.sha1(f"split:{mention_id}".encode()).hexdigest()[:12]


class InForce:
    """The decisions in force, indexed the way reconciliation applies them: which records are
    rejected, how claims and mentions read after correction, and where a moved mention or claim,
    or a merged incident, now belongs."""

    def __init__(self, decisions: Mapping[tuple[str, str], Review]) -> None:
        self.claims = {i: r for (t, i), r in decisions.items() if t == "claim"}
        self.mentions = {i: r for (t, i), r in decisions.items() if t == "mention"}
        self.incidents = {i: r for (t, i), r in decisions.items() if t == "incident"}
        self._merged = {
            i: str(r.changed["merged_into"])
            for i, r in self.incidents.items()
            if "merged_into" in r.changed and r.decision == "corrected"
        }
        self.mention_moves = {
            i: (split_id(i) if t == "new" else t) for i, r in self.mentions.items() if (t := moved_to(r))
        }
        self.claim_moves = {i: t for i, r in self.claims.items() if (t := moved_to(r)) and t != "new"}

    def __bool__(self) -> bool:
        return bool(self.claims or self.mentions or self.incidents)

    @property
    def reorders(self) -> bool:
        """Whether an incident's members differ from the machine's (a mention moved or rejected,
        an incident merged), so that incidents must be dated again from their members."""
        return bool(
            self.mention_moves
            or self._merged
            or any(r.decision == "rejected" for r in self.mentions.values())
        )

    def final(self, incident_id: str) -> str:
        """The incident an incident ends up in after merges (a merge chain followed, a loop cut)."""
        seen = {incident_id}
        while incident_id in self._merged and self._merged[incident_id] not in seen:
            incident_id = self._merged[incident_id]
            seen.add(incident_id)
        return incident_id

    def rejected(self, target: str, record_id: str) -> bool:
        table = {"claim": self.claims, "mention": self.mentions, "incident": self.incidents}[target]
        r = table.get(record_id)
        return r is not None and r.decision == "rejected"

    def home(self, mention_id: str, incident_id: str) -> str | None:
        """Where a mention the machine put in ``incident_id`` belongs now; None when it or that
        incident is rejected."""
        if self.rejected("mention", mention_id):
            return None
        home = self.final(self.mention_moves.get(mention_id, incident_id))
        return None if self.rejected("incident", home) else home

    def claim_status(self, claim_id: str) -> ReviewStatus:
        return status(self.claims.get(claim_id))

    def incident_status(self, incident_id: str) -> ReviewStatus:
        return status(self.incidents.get(incident_id))


def gold_document(
    doc: Document, mentions: list[Mention], claims: list[Claim], decisions: Mapping[tuple[str, str], Review]
) -> dict[str, Any] | None:
    """One document as a line of the evaluation gold (eval/README.md's report format), made of
    the coder's decisions: verified and corrected mentions become events and claims become
    claims (with the corrections), a claim rejected as not a casualty marks its sentence as
    holding a non-casualty number. None unless every claim and mention of the document has a
    decision: a gold document must list all of its facts, or the machine's unreviewed ones
    would count as errors."""
    if not (mentions or claims):
        return None
    if any(("mention", m.id) not in decisions for m in mentions) or any(
        ("claim", c.id) not in decisions for c in claims
    ):
        return None
    events = []
    for m in sorted(mentions, key=lambda m: (m.evidence.start, m.id)):
        r = decisions[("mention", m.id)]
        if r.decision == "rejected":
            continue
        m = apply(m, r)
        events.append(
            {
                "type": m.event_type,
                "sub_type": m.sub_event_type,
                "actor1": m.actor1_side or None,
                "actor2": m.actor2_side or None,
                "date": m.date.start.isoformat() if m.date.start else None,
                "date_end": m.date.end.isoformat() if m.date.end else None,
                "date_precision": m.date.precision,
                "places": [
                    {
                        "name": p.name,
                        "country": p.country,
                        "lat": round(p.latitude, 2),
                        "lon": round(p.longitude, 2),
                    }
                    for p in m.places
                ],
                "claimant": m.claimant or None,
                "background": m.background,
                "evidence": m.evidence.text,
            }
        )
    gold_claims, not_casualties = [], []
    for c in sorted(claims, key=lambda c: (c.evidence.start, c.id)):
        r = decisions[("claim", c.id)]
        if r.decision == "rejected":
            if r.reason == "not-a-casualty":
                not_casualties.append(c.evidence.text)
            continue
        c = apply(c, r)
        gold_claims.append(
            {
                "kind": c.kind,
                "side_affected": c.side_affected or None,
                "civilian": c.civilian,
                "low": c.value_low,
                "best": c.value_best,
                "high": c.value_high,
                "claimant": c.claimant or None,
                "claimant_side": c.claimant_side or None,
                "hedge": c.hedge,
                "evidence": c.evidence.text,
            }
        )
    kept = {g["evidence"] for g in gold_claims}
    return {
        "id": doc.id,
        "outlet": doc.outlet,
        "published": doc.published.iso(),
        "title": doc.title,
        "text": doc.text,
        "events": events,
        "claims": gold_claims,
        # a sentence that also holds a verified figure is not a non-casualty number as a whole
        "non_casualty_numbers": sorted(set(not_casualties) - kept),
        "framing": [],
    }


__all__ = [
    "CORRECTABLE",
    "DECISIONS",
    "REJECT_REASONS",
    "STATUSES",
    "TARGETS",
    "InForce",
    "ReviewStatus",
    "apply",
    "decide",
    "gold_document",
    "moved_to",
    "split_id",
    "status",
]
