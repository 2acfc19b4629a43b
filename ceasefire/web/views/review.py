"""Coder review in the browser (issue 14): accept, reject with a reason, correct or move each
claim and mention of an incident card, accept, reject or merge the incident itself.

A thin layer over :func:`ceasefire.api.review` (the same checks as ``ceasefire review``):

* ``POST /api/review`` (JSON) for the card's script, ``POST /review`` (a form) for browsers
  without it, which redirects back to the card;
* ``GET /api/review/log`` (every decision on a record) and ``GET /api/review/next`` (the next
  claim nobody decided on, across incidents; ``GET /review/next`` goes there).

Writes follow the workspace's rules: refused on a read-only server; with a token, the token
(``Authorization: Bearer`` or the form's field); from a browser, the CSRF token (the
``X-CSRF-Token`` header or the form's field) from this origin. A decision needs a reviewer.

:func:`card_review` is what the card shows of the review: each record's status, who decided
and when, and the machine's reading beside a correction (``store.claims()`` holds what the
machine read; decisions never overwrite it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ... import api as lib
from ...errors import CeasefireError, NotFound, StoreError
from ...records import REVIEW, Claim, Mention, Review
from ...report import IncidentCard
from ...report.card import CompareTable, compare_table
from ...report.labels import figure
from ...review import CORRECTABLE, REJECT_REASONS, status
from ..context import WebContext
from ..rendering import ctx, render
from ..security import ID_PATTERN, check_csrf, check_token

router = APIRouter()

# the form fields a browser's correction may carry (claims and mentions): what CORRECTABLE allows
CLAIM_FIELDS = (
    "side_affected",
    "claimant_side",
    "kind",
    "value_low",
    "value_best",
    "value_high",
    "incident_id",
)
MENTION_FIELDS = ("actor1_side", "actor2_side", "claimant_side", "incident_id")
LABELS = {
    "side_affected": "side affected",
    "claimant_side": "claimant side",
    "claimant": "claimant",
    "kind": "kind",
    "value_low": "low",
    "value_best": "best",
    "value_high": "high",
    "civilian": "civilian",
    "incident_id": "incident",
    "actor1_side": "acting side",
    "actor2_side": "targeted side",
    "merged_into": "merged into",
}
REASON_LABELS = {r: r.replace("-", " ") for r in REJECT_REASONS}


# --------------------------------------------------------------------------- what the card shows


@dataclass(frozen=True)
class Decision:
    """The decision in force on one record, as the card shows it."""

    status: str  # unreviewed | verified | rejected | corrected
    reviewer: str = ""
    day: str = ""  # the day it was decided, YYYY-MM-DD
    reason: str = ""
    note: str = ""
    # a correction: (field label, the machine's value, the coder's value)
    changes: tuple[tuple[str, str, str], ...] = ()

    @property
    def by(self) -> str:
        return f"{self.reviewer}, {self.day}" if self.reviewer else self.day

    @property
    def summary(self) -> str:
        """'machine: side affected XV · coder: XO (ana, 2026-12-06)' for a correction; the reason and
        who for the others ('duplicate · ana, 2026-12-06'; the status is shown beside it);
        '' when unreviewed."""
        if self.status == "unreviewed":
            return ""
        if self.status == "corrected" and self.changes:
            parts = [
                f"machine: {label} {old or '—'} · coder: {new or '—'}" for label, old, new in self.changes
            ]
            return "; ".join(parts) + f" ({self.by})"
        why = f"{REASON_LABELS.get(self.reason, self.reason)} · " if self.reason else ""
        return f"{why}{self.by}"


UNREVIEWED = Decision("unreviewed")


@dataclass(frozen=True)
class CardReview:
    """The card's review state: per claim, per mention and of the incident; the claims a coder
    rejected (they leave the incident once reconciliation applies the decision) and what the
    page needs to show the controls."""

    claims: Mapping[str, Decision]
    mentions: Mapping[str, Decision]
    incident: Decision
    rejected: tuple[tuple[Claim, Decision], ...]
    compare: CompareTable
    reasons: tuple[tuple[str, str], ...] = tuple(REASON_LABELS.items())
    machine: Mapping[str, Claim] = field(default_factory=dict)
    # per mention: its correctable fields as (name, label, value in force, machine's value)
    mention_fields: Mapping[str, tuple[tuple[str, str, str, str], ...]] = field(default_factory=dict)

    @staticmethod
    def figure(claim: Claim) -> str:
        return figure(claim.value_low, claim.value_best, claim.value_high)

    def claim(self, claim_id: str) -> Decision:
        return self.claims.get(claim_id, UNREVIEWED)

    def mention(self, mention_id: str) -> Decision:
        return self.mentions.get(mention_id, UNREVIEWED)

    @property
    def counts(self) -> tuple[int, int]:
        """(claims decided, claims on the card)."""
        return sum(1 for d in self.claims.values() if d.status != "unreviewed"), len(self.claims)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def decision_view(review: Review | None, machine: Any = None) -> Decision:
    """What the card shows of the decision in force on a record (``machine``: the record as
    the machine read it, for the values beside a correction)."""
    if review is None:
        return UNREVIEWED
    changes = tuple(
        (
            LABELS.get(k, k),
            "" if k in ("incident_id", "merged_into") else _shown(getattr(machine, k, None)),
            _shown(v),
        )
        for k, v in review.changes
    )
    return Decision(status(review), review.reviewer, review.at[:10], review.reason, review.note, changes)


def card_review(ctx_: WebContext, card: IncidentCard) -> CardReview:
    """The review state of every claim and mention on ``card`` (machine values from the store),
    and the card's compact comparison table (parties named from the workspace's reference)."""
    store = ctx_.store
    decisions = store.decisions()
    docs = sorted({s.document_id for s in card.sources})
    machine: dict[str, Claim] = {}
    mentions: dict[str, Mention] = {}
    for d in docs:
        for claim in store.claims(document_id=d):
            machine[claim.id] = claim
        for m in store.mentions(document_id=d):
            mentions[m.id] = m
    shown = {v.claim_id for col in card.columns for v in col.claims}
    claims = {cid: decision_view(decisions.get(("claim", cid)), machine.get(cid)) for cid in shown}
    men = {
        r.mention_id: decision_view(decisions.get(("mention", r.mention_id)), mentions.get(r.mention_id))
        for r in card.reports
    }
    # claims a coder rejected: gone from the incident, still listed so a decision can be undone
    members = {r.mention_id for r in card.reports}
    rejected = tuple(
        (m, decision_view(r, m))
        for m in machine.values()
        if m.id not in shown
        and m.mention_id in members
        and (r := decisions.get(("claim", m.id))) is not None
        and r.decision == "rejected"
    )
    incident = decision_view(decisions.get(("incident", card.id)))
    fields = {}
    for report in card.reports:
        mention = mentions.get(report.mention_id)
        if mention is None:
            continue
        said = decisions.get(("mention", mention.id))
        now = said.changed if said is not None and said.decision == "corrected" else {}
        fields[mention.id] = tuple(
            (k, LABELS[k], _shown(now.get(k, getattr(mention, k))), _shown(getattr(mention, k)))
            for k in MENTION_FIELDS
            if k != "incident_id"
        )
    return CardReview(
        claims,
        men,
        incident,
        rejected,
        compare_table(card, ctx_.side_name),
        machine=machine,
        mention_fields=fields,
    )


# --------------------------------------------------------------------------- writes


def _authorize(request: Request, c: WebContext, csrf_token: str = "", token: str = "") -> None:
    """Read-only refuses; a configured token must be given; browsers must send the CSRF token
    from this origin (a script holding the token sends no cookie: nothing to forge)."""
    if c.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): review decisions cannot be saved")
    bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
    if c.token is not None and not check_token(request, c.token, token):
        raise HTTPException(401, "a valid write token is required", headers={"www-authenticate": "Bearer"})
    if not (bearer and c.token is not None) and not check_csrf(request, csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and decide again")


def _record(
    c: WebContext,
    target: str,
    record_id: str,
    decision: str,
    *,
    reason: str,
    changes: Mapping[str, Any],
    reviewer: str,
    note: str,
) -> Review:
    if not reviewer.strip():
        raise HTTPException(400, "who is deciding? fill in the reviewer name")
    try:
        r = lib.review(
            c.store,
            target,
            record_id,
            decision,
            reason=reason,
            changes=dict(changes),
            reviewer=reviewer.strip(),
            note=note,
        )
    except NotFound as e:
        raise HTTPException(404, str(e)) from e
    except StoreError as e:  # a store opened read-only, or a write that failed
        raise HTTPException(403 if c.store.read_only else 500, str(e)) from e
    except CeasefireError as e:
        raise HTTPException(400, str(e)) from e
    return r  # the snapshot's key counts decisions: the next page applies this one


class ReviewIn(BaseModel):
    """A coder's decision (the body of ``POST /api/review``)."""

    target: Literal["claim", "mention", "incident"]
    id: str = Field(
        pattern=ID_PATTERN, max_length=128, description="The claim's, mention's or incident's id."
    )
    decision: Literal["verified", "rejected", "corrected"]
    reason: str = Field("", max_length=40, description=f"A rejection's reason: {', '.join(REJECT_REASONS)}.")
    changes: dict[str, str | int | bool | None] = Field(
        default_factory=dict,
        description="A correction's fields and new values: "
        + "; ".join(f"{t}: {', '.join(f)}" for t, f in CORRECTABLE.items())
        + ' ("incident_id": another incident\'s id, or "new").',
    )
    reviewer: str = Field("", max_length=200, description="Who decides (required).")
    note: str = Field("", max_length=2000)


@router.post(
    "/api/review",
    tags=["api"],
    status_code=201,
    responses={
        400: {"description": "A decision the rules refuse (its message says why), or no reviewer."},
        401: {"description": "The write token is missing or wrong."},
        403: {"description": "Read-only server, or a missing/wrong CSRF token."},
        404: {"description": "No such claim, mention or incident."},
    },
)
def review_api(request: Request, body: ReviewIn) -> JSONResponse:
    """Record a decision on a claim, mention or incident: ``verified``, ``rejected`` (with a
    ``reason``) or ``corrected`` (``changes``). Returns the stored review. Send the CSRF token
    as the ``X-CSRF-Token`` header (from ``/api/csrf``) or, when the server has one, the write
    token as ``Authorization: Bearer …``."""
    c = ctx(request)
    _authorize(request, c)
    r = _record(
        c,
        body.target,
        body.id,
        body.decision,
        reason=body.reason,
        changes=body.changes,
        reviewer=body.reviewer,
        note=body.note,
    )
    return JSONResponse(REVIEW.to_dict(r, "json"), status_code=201)


IdQuery = Annotated[
    str, Query(pattern=ID_PATTERN, max_length=128, description="A claim, mention or incident id.")
]


@router.get("/api/review/log", tags=["api"])
def review_log(request: Request, id: IdQuery) -> dict[str, Any]:
    """Every decision on a record, oldest first; the last one is in force."""
    reviews = ctx(request).store.reviews(target_id=id)
    return {
        "id": id,
        "status": status(reviews[-1]) if reviews else "unreviewed",
        "reviews": [REVIEW.to_dict(r, "json") for r in reviews],
    }


def _queue(c: WebContext) -> list[tuple[str, str]]:
    """(incident id, claim id) of every claim on a card, in the list's order (date, then id)
    and the card's column order."""
    cards = sorted(c.snapshot().cards, key=lambda k: (k.date_start or dt.date.max, k.id))
    return [(k.id, v.claim_id) for k in cards for col in k.columns for v in col.claims]


def next_unreviewed(c: WebContext, after: str = "") -> dict[str, Any]:
    """The next claim without a decision after claim ``after`` (from the start when it is not
    given or not found), wrapping around; and how many are left."""
    decided = {i for t, i in c.store.decisions("claim")}
    queue = _queue(c)
    left = [(inc, cid) for inc, cid in queue if cid not in decided]
    pos = next((n for n, (_, cid) in enumerate(queue) if cid == after), -1)
    order = queue[pos + 1 :] + queue[: pos + 1]
    hit = next(((inc, cid) for inc, cid in order if cid not in decided and cid != after), None)
    if hit is None:
        return {"claim": None, "incident": None, "url": None, "remaining": len(left), "total": len(queue)}
    inc, cid = hit
    return {
        "claim": cid,
        "incident": inc,
        "url": f"/incidents/{inc}#claim-{cid}",
        "remaining": len(left),
        "total": len(queue),
    }


AfterQuery = Annotated[str, Query(max_length=128, description="Start after this claim id.")]


@router.get("/api/review/next", tags=["api"])
def review_next(request: Request, after: AfterQuery = "") -> dict[str, Any]:
    """The next claim nobody has decided on, across incidents (``claim`` null when none is left)."""
    return next_unreviewed(ctx(request), after)


@router.get("/review/next", include_in_schema=False)
def review_next_page(request: Request, after: AfterQuery = "") -> Response:
    hit = next_unreviewed(ctx(request), after)
    if hit["url"] is None:
        return render(
            request,
            "error.html",
            status_code=200,
            status=200,
            message="Every claim has a decision: nothing left to review.",
        )
    return RedirectResponse(hit["url"], status_code=303)


# --------------------------------------------------------------------------- the form (no script)


def _form_changes(form: Mapping[str, Any], target: str) -> dict[str, str]:
    """The correction fields a form filled in (empty fields leave the machine's value)."""
    allowed = {"claim": CLAIM_FIELDS, "mention": MENTION_FIELDS, "incident": ("merged_into",)}[target]
    out = {}
    for k in allowed:
        v = str(form.get(k) or "").strip()
        if v:
            out[k] = v
    return out


def _unchanged_dropped(c: WebContext, target: str, record_id: str, changes: dict[str, str]) -> dict[str, str]:
    """The form shows every field filled with its value in force: a correction keeps the ones
    that differ from the machine's reading (those a coder changed, now or before)."""
    if not changes or target == "incident":
        return changes
    found: list[Any] = (
        c.store.claims_by_ids([record_id]) if target == "claim" else c.store.mentions_by_ids([record_id])
    )
    if not found:
        return changes
    machine = found[0]
    return {k: v for k, v in changes.items() if k == "incident_id" or v != _shown(getattr(machine, k, None))}


def _field(form: Mapping[str, Any], name: str, limit: int = 2000) -> str:
    v = form.get(name)
    v = v if isinstance(v, str) else ""
    if len(v) > limit:
        raise HTTPException(400, f"the field {name} is too long")
    return v


@router.post("/review", include_in_schema=False)
async def review_form(request: Request) -> Response:
    """The card's forms without script: one decision, then back to the card."""
    c = ctx(request)
    if c.read_only:
        _authorize(request, c)
    try:
        form = await request.form(max_files=0, max_fields=30)
    except Exception as e:  # a malformed body: the browser gets the error page
        raise HTTPException(400, f"cannot read the form: {e}") from e
    _authorize(request, c, _field(form, "csrf_token", 200), _field(form, "token", 500))
    target, record_id = _field(form, "target", 20), _field(form, "id", 128)
    decision = _field(form, "decision", 20)
    if target not in ("claim", "mention", "incident"):
        raise HTTPException(400, "target must be claim, mention or incident")
    if decision == "moved":  # the move button: a correction of the incident only
        decision = "corrected"
        changes = {"incident_id": _field(form, "incident_id", 128).strip()}
        if not changes["incident_id"]:
            raise HTTPException(400, "move to which incident? give its id, or new")
    else:
        changes = _form_changes(form, target) if decision == "corrected" else {}
        changes = _unchanged_dropped(c, target, record_id, changes)
    _record(
        c,
        target,
        record_id,
        decision,
        reason=_field(form, "reason", 40) if decision == "rejected" else "",
        changes=changes,
        reviewer=_field(form, "reviewer", 200),
        note=_field(form, "note"),
    )
    back = _field(form, "back", 128)
    anchor = f"#{target}-{record_id}" if target != "incident" else ""
    if back and _valid_id(back):
        return RedirectResponse(f"/incidents/{back}{anchor}", status_code=303)
    return RedirectResponse("/incidents", status_code=303)


def _valid_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None


__all__ = [
    "CardReview",
    "Decision",
    "card_review",
    "decision_view",
    "next_unreviewed",
    "router",
]
