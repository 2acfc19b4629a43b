"""review: a coder checks claims, mentions and incidents (accept, reject, correct, move, merge)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Unpack

import typer
from rich.table import Table

from .. import api
from ..errors import ConfigError, NotFound
from ..records import Claim, Mention
from ..review import REJECT_REASONS, STATUSES, TARGETS, DecisionFields, status
from ..store import Store, open_store
from ._base import app, err, out, state
from ._options import DbOpt, JsonOpt

review_app = typer.Typer(
    help="Check what the machine read: accept, reject (with a reason) or correct claims, mentions "
    "and incidents. Every decision is appended to a log with who made it and when; the machine's "
    "reading is never overwritten, and decisions survive re-extraction and re-reconciliation.\n\n"
    "Example: `ceasefire review next` then `ceasefire review accept ID --reviewer ana`",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

ReviewerOpt = Annotated[
    str,
    typer.Option(
        "--reviewer",
        envvar="CEASEFIRE_REVIEWER",
        help="Who decides (kept with the decision). Env: CEASEFIRE_REVIEWER.",
        show_default=False,
    ),
]
IdArg = Annotated[str, typer.Argument(metavar="ID")]
NoteOpt = Annotated[str, typer.Option("--note", help="A free note kept with the decision.")]
TargetOpt = Annotated[
    str | None,
    typer.Option("--target", help=f"What the id names: {', '.join(TARGETS)} (found by itself when unique)."),
]


def _open(ctx: typer.Context, db: str | None) -> Store:
    return open_store(state(ctx).settings(db=db).db)


def _who(reviewer: str) -> str:
    if not reviewer.strip():
        raise ConfigError("who is deciding? pass --reviewer NAME (or set CEASEFIRE_REVIEWER)")
    return reviewer.strip()


def _target(store: Store, record_id: str, target: str | None) -> str:
    if target is not None:
        if target not in TARGETS:
            raise ConfigError(f"--target must be one of {', '.join(TARGETS)}, not {target!r}")
        return target
    found = [t for t in TARGETS if store.has_record(t, record_id)]
    if not found:
        raise NotFound(f"no claim, mention or incident {record_id!r} in the store")
    if len(found) > 1:
        raise ConfigError(f"{record_id!r} names a {' and a '.join(found)}: say which with --target")
    return found[0]


def _decide(
    ctx: typer.Context,
    db: str | None,
    record_id: str,
    target: str | None,
    decision: str,
    **fields: Unpack[DecisionFields],
) -> None:
    """Store the decision on the record (``target`` found when None); it must name its reviewer."""
    fields["reviewer"] = _who(fields.get("reviewer", ""))
    store = _open(ctx, db)
    t = _target(store, record_id, target)
    r = api.review(store, t, record_id, decision, **fields)
    err.print(f"{t} {record_id}: {r.decision}" + (f" ({r.reason})" if r.reason else "") + f" by {r.reviewer}")


@review_app.command("list")
def list_(
    ctx: typer.Context,
    db: DbOpt = None,
    target: Annotated[str, typer.Option("--target", help=f"One of {', '.join(TARGETS)}.")] = "claim",
    status_: Annotated[
        str, typer.Option("--status", help=f"One of {', '.join(STATUSES)}, or all.")
    ] = "unreviewed",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
    json_out: JsonOpt = False,
) -> None:
    """List claims (or mentions) by review status, in document order, with their sentence.

    Example: `ceasefire review list --status rejected --json`
    """
    if status_ not in (*STATUSES, "all"):
        raise ConfigError(f"--status must be one of {', '.join(STATUSES)} or all, not {status_!r}")
    if target not in ("claim", "mention"):
        raise ConfigError("--target must be claim or mention (an incident's review shows on its card)")
    store = _open(ctx, db)
    decisions = store.decisions(target)
    rows = []
    for r in _rows(store.claims() if target == "claim" else store.mentions()):
        r["review_status"] = status(decisions.get((target, str(r["id"]))))
        if status_ in ("all", r["review_status"]):
            rows.append(r)
    shown = rows[:limit]
    if json_out:
        out.print_json(json.dumps(shown))
        return
    t = Table(title=f"{len(rows)} {target}s {status_}" + (f" (first {limit})" if len(rows) > limit else ""))
    for col in ("id", "status", "what", "claimant", "sentence"):
        t.add_column(col, overflow="fold")
    for r in shown:
        cells = (r["id"], r["review_status"], r["what"], r["claimant"] or "?", str(r["quote"])[:200])
        t.add_row(*map(str, cells))
    out.print(t)


def _what(r: Claim | Mention) -> str:
    if isinstance(r, Claim):
        return f"{r.kind} of {r.side_affected or '?'}: {_figures(r)}"
    return f"{r.event_type}: {r.actor1_side or '?'} / {r.actor2_side or '?'}"


def _rows(records: Sequence[Claim | Mention]) -> list[dict[str, object]]:
    """Claims or mentions in document order, as ``review list`` shows them."""
    return [
        {
            "id": r.id,
            "document_id": r.document_id,
            "what": _what(r),
            "claimant": r.claimant,
            "quote": r.evidence.text,
        }
        for r in sorted(records, key=lambda r: (r.document_id, r.evidence.start, r.id))
    ]


def _figures(c: Claim) -> str:
    return "/".join("" if v is None else str(v) for v in (c.value_low, c.value_best, c.value_high))


@review_app.command("next")
def next_(ctx: typer.Context, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """Show the next unreviewed claim with its sentence and the commands to decide on it."""
    store = _open(ctx, db)
    decisions = store.decisions("claim")
    todo = [c for c in store.claims() if ("claim", c.id) not in decisions]
    if not todo:
        err.print("every claim is reviewed")
        return
    c = min(todo, key=lambda c: (c.document_id, c.evidence.start, c.id))
    if json_out:
        out.print_json(json.dumps({"id": c.id, "left": len(todo), "quote": c.evidence.text}))
        return
    who = f"{c.claimant or '?'} ({c.claimant_side or '?'})"
    what = f"{c.kind} of {c.side_affected or '?'}: {_figures(c)}"
    out.print(f"[bold]{c.id}[/bold] ({len(todo)} left) · {what} · {who}")
    out.print(c.evidence.text, markup=False)
    out.print(
        f"accept: ceasefire review accept {c.id} · reject: ceasefire review reject {c.id} --reason "
        f"{{{','.join(REJECT_REASONS)}}} · correct: ceasefire review correct {c.id} --set side_affected=XX",
        markup=False,
    )


@review_app.command()
def accept(
    ctx: typer.Context, record_id: IdArg, reviewer: ReviewerOpt = "",
    note: NoteOpt = "", target: TargetOpt = None, db: DbOpt = None,
) -> None:  # fmt: skip
    """Mark a claim, mention or incident as verified: the machine read it right."""
    _decide(ctx, db, record_id, target, "verified", reviewer=reviewer, note=note)


@review_app.command()
def reject(
    ctx: typer.Context,
    record_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help=f"One of {', '.join(REJECT_REASONS)}.")] = "",
    reviewer: ReviewerOpt = "",
    note: NoteOpt = "",
    target: TargetOpt = None,
    db: DbOpt = None,
) -> None:
    """Reject a claim, mention or incident with a reason: it leaves incidents, estimates, exports
    and reports (the log keeps it)."""
    _decide(ctx, db, record_id, target, "rejected", reason=reason, reviewer=reviewer, note=note)


@review_app.command()
def correct(
    ctx: typer.Context,
    record_id: IdArg,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="FIELD=VALUE, repeatable: side_affected, claimant, claimant_side, kind, value_low, "
            "value_best, value_high, civilian, incident_id (claims); actor1_side, actor2_side, "
            "claimant, claimant_side, incident_id (mentions). An empty value clears a figure.",
        ),
    ] = None,
    reviewer: ReviewerOpt = "",
    note: NoteOpt = "",
    target: TargetOpt = None,
    db: DbOpt = None,
) -> None:
    """Correct fields of a claim or mention; the machine's reading stays beside the correction.

    Example: `ceasefire review correct 3f2a9c… --set side_affected=XG --set value_best=4`
    """
    changes: dict[str, object] = {}
    for item in sets or ():
        field, eq, value = item.partition("=")
        if not eq or not field.strip():
            raise ConfigError(f"--set takes FIELD=VALUE, not {item!r}")
        changes[field.strip()] = value.strip()
    _decide(ctx, db, record_id, target, "corrected", changes=changes, reviewer=reviewer, note=note)


@review_app.command()
def move(
    ctx: typer.Context,
    record_id: IdArg,
    to: Annotated[str, typer.Option("--to", help="The incident id; for a mention also new (a split).")],
    reviewer: ReviewerOpt = "",
    note: NoteOpt = "",
    target: TargetOpt = None,
    db: DbOpt = None,
) -> None:
    """Move a claim or mention to another incident (or to a new one of its own)."""
    changes = {"incident_id": to}
    _decide(ctx, db, record_id, target, "corrected", changes=changes, reviewer=reviewer, note=note)


@review_app.command()
def merge(
    ctx: typer.Context,
    incident_id: Annotated[str, typer.Argument(metavar="INCIDENT")],
    into: Annotated[str, typer.Option("--into", help="The incident that absorbs it.")],
    reviewer: ReviewerOpt = "",
    note: NoteOpt = "",
    db: DbOpt = None,
) -> None:
    """Merge an incident into another: two clusters of reports of one real event."""
    changes = {"merged_into": into}
    _decide(ctx, db, incident_id, "incident", "corrected", changes=changes, reviewer=reviewer, note=note)


@review_app.command()
def log(
    ctx: typer.Context,
    record_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="One record's decisions.")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The review log, oldest first: every decision with who made it and when."""
    from ..records import REVIEW

    rows = [REVIEW.to_dict(r) for r in _open(ctx, db).reviews(target_id=record_id)]
    if json_out:
        out.print_json(json.dumps(rows))
        return
    t = Table(title=f"{len(rows)} decisions")
    for col in ("at", "reviewer", "target", "id", "decision", "changes / reason", "note"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            r["at"], r["reviewer"] or "", r["target"], r["target_id"], r["decision"],
            r["reason"] or r["changes"] or "", r["note"] or "",
        )  # fmt: skip
    out.print(t)


@review_app.command("export-gold")
def export_gold(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="OUT.jsonl", help="Gold file to write (JSONL).")],
    db: DbOpt = None,
) -> None:
    """Write the reviewed documents as evaluation gold, which `ceasefire eval OUT.jsonl` scores:
    a team's review work becomes its accuracy test. Only documents whose every claim and mention
    has a decision are written (a partial gold would count the unreviewed as errors).

    Example: `ceasefire review export-gold team-gold.jsonl && ceasefire eval team-gold.jsonl --update`
    """
    written, left = api.export_gold(_open(ctx, db), path)
    more = (
        f"; {left} with decisions left out until every claim and mention in them is decided" if left else ""
    )
    err.print(f"wrote {written} reviewed documents to {path}{more}")
