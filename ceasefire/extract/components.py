"""spaCy components, one per fact kind, and the assembly that turns their results into records.

Each component reads the sentences of ``doc.spans["cf_sentences"]`` (the parser's sentences
re-joined where it split inside one, labelled "parsed" or "unparsed" by the selection pass) and
leaves its results twice: as typed records in a Doc extension, one entry per sentence
(``doc._.cf_dates``, ``cf_figures``, ``cf_sides``, ``cf_roles``, ``cf_events``, ``cf_speakers``,
``cf_owners``; ``cf_aliases``, ``cf_places``, ``cf_parties`` and ``cf_framing`` per document), and
as labelled spans in ``doc.spans`` for inspection (``cf_dates``, ``cf_figures``, ``cf_actors``,
``cf_places``, ``cf_events``, ``cf_claimants``, ``cf_framing``). ``ceasefire_assemble`` (last) reads the
extensions and decides mentions and claims; it calls no fact module itself.

The data a component needs (actor index, gazetteer) comes from the reference object through
``initialize(get_examples=None, *, nlp=None, reference=None)``; ``ceasefire.pipeline.build_nlp``
calls it for each of them. Their order lives in ``ceasefire.pipeline.FACT_COMPONENTS``.

A component that fails on a document records why in ``doc._.cf_error``; the components after
it leave that document alone and the assembly turns it into an extraction with status "error".
"""

# no `from __future__ import annotations`: spaCy resolves factory signatures at run time
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import events
from .actors import ActorIndex, defined_acronyms
from .claimants import Attributor, Speaker, claim_clauses, claimed_by_another, quote_spans
from .dates import DateMatch, find_dates, infer_reference_year
from .events import EventType
from .figures import Figure, counts, find_figures, listed, sum_conjuncts
from .framing import find_framing
from .gazetteer import Gazetteer, fold
from .places import PlaceWords, find_places
from .sides import PartyWords, at_war, side_roles
from .texts import doc_text, span_text

if TYPE_CHECKING:
    from ..reference import Reference

for _name in (
    "cf_context",
    "cf_extraction",
    "cf_parsed",
    "cf_error",
    "cf_dates",
    "cf_figures",
    "cf_sides",
    "cf_roles",
    "cf_places",
    "cf_events",
    "cf_parties",
    "cf_aliases",
    "cf_speakers",
    "cf_owners",
    "cf_framing",
    "cf_sentences",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SENTENCES = "cf_sentences"


@dataclass(frozen=True)
class SentenceEvents:
    """What a sentence reports, by the rules of ``data/lexicons/events.json``."""

    background: str = ""  # the words that make it history ("" for news)
    cumulative: str = ""  # the words that make its toll a campaign's aggregate
    hedge: str = ""
    kinetic: EventType | None = None  # given its figures
    kinetic_plain: EventType | None = None  # ignoring its figures (for the document's anchor date)
    other: EventType | None = None  # territorial or strategic, when not kinetic
    statement: EventType | None = None
    more_statements: tuple[str, ...] = ()  # further speech acts besides ``statement``
    separate: bool = False  # says it tells of another incident


def sentence_spans(doc: Doc) -> list[Span]:
    """The document's sentences (``doc.spans["cf_sentences"]``), made on first use; the list is
    kept in ``doc._.cf_sentences`` (a SpanGroup makes new Span objects at every reading)."""
    kept: list[Span] | None = doc._.cf_sentences
    if kept is not None:
        return kept
    if SENTENCES not in doc.spans:
        parsed = doc._.cf_parsed
        doc.spans[SENTENCES] = [
            Span(
                doc,
                s.start,
                s.end,
                label="parsed"
                if parsed is None or any(a < s.end_char and s.start_char < b for a, b in parsed)
                else "unparsed",
            )
            for s in sentences(doc)
        ]
    kept = list(doc.spans[SENTENCES])
    doc._.cf_sentences = kept
    return kept


def sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, re-joined where it split inside one: after a comma or
    semicolon, or before a lower-case word ("… in Tolvar, | Valdoria's defence ministry said")."""
    out: list[Span] = []
    text = doc_text(doc)
    for s in doc.sents:
        if not text[s.start_char : s.end_char].strip():
            continue
        if out:
            prev = out[-1]
            last = next((t for t in reversed(prev) if not t.is_space), None)
            first = next((t for t in s if not t.is_space), None)
            if (
                last is not None
                and first is not None
                and (
                    last.text in {",", ";"} or (first.text[:1].islower() and last.text not in {".", "!", "?"})
                )
            ):
                out[-1] = doc[prev.start : s.end]
                continue
        out.append(s)
    return out


def context_of(doc: Doc) -> Any:
    """The document's DocContext, or an empty one (a text given to the pipeline directly)."""
    from .assemble import DocContext

    return doc._.cf_context or DocContext(document_id="", published=None)


def _spans(doc: Doc, key: str, hits: Iterable[tuple[int, int, str]]) -> None:
    """Labelled character ranges as ``doc.spans[key]`` (widened to whole tokens)."""
    out = []
    for start, end, label in hits:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            out.append(span)
    doc.spans[key] = out


class FactComponent:
    """What the fact components share: ``initialize()`` takes the reference data, a failure on
    one document is recorded on it (``doc._.cf_error``) instead of stopping the batch."""

    name = ""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.reference: Reference | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        reference: "Reference | None" = None,
    ) -> None:
        if reference is None:
            raise ValueError(f"{self.name}: initialize() needs the reference data (reference=...)")
        self.setup(reference)
        self.reference = reference

    def setup(self, reference: "Reference") -> None:
        """Take from the reference data what this component reads."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.cf_error is not None:
            return doc
        if self.reference is None:
            raise RuntimeError(f"{self.name} is not initialised: build the pipeline with build_nlp()")
        try:
            self.annotate(doc, sentence_spans(doc))
        except Exception as e:  # one bad document must never stop a batch: record why
            doc._.cf_error = f"{e.__class__.__name__}: {e}"[:300]
        return doc

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        raise NotImplementedError


# -- dates -------------------------------------------------------------------------------------


class DatesComponent(FactComponent):
    """Date expressions per sentence, resolved against the publication date (else the year the
    text implies): ``doc._.cf_dates``, spans labelled with their precision."""

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        ctx = context_of(doc)
        published = ctx.published if ctx.pub_precision in {"day", "week", "month", "year"} else None
        ref_year = None if published else infer_reference_year(doc_text(doc))
        date_ref = published or (dt.date(ref_year, 12, 31) if ref_year else None)
        date_prec = ctx.pub_precision if published else ("year" if ref_year else "day")
        per: list[tuple[DateMatch, ...]] = []
        for s in sents:
            per.append(
                tuple(
                    replace(m, start=m.start + s.start_char, end=m.end + s.start_char)
                    for m in find_dates(span_text(s), date_ref, pub_precision=date_prec)
                )
            )
        doc._.cf_dates = tuple(per)
        _spans(doc, "cf_dates", ((m.start, m.end, m.value.precision) for ms in per for m in ms))


# -- figures -----------------------------------------------------------------------------------


class FiguresComponent(FactComponent):
    """Casualty figures of the parsed sentences (offsets within their sentence):
    ``doc._.cf_figures``, spans labelled with the kind (killed, wounded, …)."""

    def setup(self, reference: "Reference") -> None:
        self.people = reference.actors.people_plurals()

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        per: list[tuple[Figure, ...]] = []
        for s in sents:
            if s.label_ != "parsed":
                per.append(())
                continue
            text = span_text(s)
            found = find_figures(text, self.people)
            if any(f.qualifier == "plural" for f in found):
                whole = doc_text(doc)
                found = [listed(f, text, whole, s.end_char) for f in found]
            figs = [f for f in found if counts(f, text)]
            per.append(tuple(sum_conjuncts(figs, text)))
        doc._.cf_figures = tuple(per)
        _spans(
            doc,
            "cf_figures",
            (
                (s.start_char + f.start, s.start_char + f.end, f.kind)
                for s, fs in zip(sents, per, strict=True)
                for f in fs
            ),
        )


# -- actors ------------------------------------------------------------------------------------


class ActorsComponent(FactComponent):
    """The parties each sentence names (demonyms, countries, institutions' aliases), in order:
    ``doc._.cf_sides``; in sentences with a figure, the role each named party plays (agent,
    victim, target): ``doc._.cf_roles``; the short names the report defines for known actors
    ("the Nerith Front (NF)"): ``doc._.cf_aliases`` (acronym -> actor id). Spans: each naming
    token, labelled with its party."""

    def setup(self, reference: "Reference") -> None:
        self.words = PartyWords(reference.actors)

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        figures = doc._.cf_figures or ((),) * len(sents)
        sides: list[tuple[str, ...]] = []
        roles: list[tuple[Any, ...]] = []
        hits: list[tuple[int, int, str]] = []
        # the short names the report defines ("the Nerith Front (NF)"): the other components and
        # the assembly read them too
        doc._.cf_aliases = defined_acronyms(doc_text(doc), self.words.actors)
        names = self.words.name_sides(doc, doc._.cf_aliases)
        word_side = self.words.token_side

        def token_side(tok: Token) -> str | None:
            return names.get(tok.i) or word_side(tok)

        # roles where a figure is, and in the sentence before one: "Gunmen stormed an X border
        # post. The raid killed four guards." (see the assembly's _figure_side)
        before_figure = [bool(f) for f in figures[1:]] + [False]
        for s, figs, before in zip(sents, figures, before_figure, strict=True):
            out: list[str] = []
            for tok in s:
                side = token_side(tok)
                if side:
                    hits.append((tok.idx, tok.idx + len(tok), side))
                    if side not in out:
                        out.append(side)
            sides.append(tuple(out))
            roles.append(tuple(side_roles(s, token_side)) if figs or before else ())
        doc._.cf_sides = tuple(sides)
        doc._.cf_roles = tuple(roles)
        _spans(doc, "cf_actors", hits)


# -- places ------------------------------------------------------------------------------------


class PlacesComponent(FactComponent):
    """Toponyms resolved in the gazetteer, with the parties the document names most as
    context: ``doc._.cf_places``, spans labelled with the place's country. Reads the gazetteer
    and the generic words around toponyms (``places.json``) of the reference object."""

    def setup(self, reference: "Reference") -> None:
        self.gazetteer: Gazetteer = reference.gazetteer
        self.actors: ActorIndex = reference.actors
        self.words = PlaceWords.from_lexicon(reference.lexicons["places"])
        nouns = "|".join(sorted(self.words.division_nouns))
        name = r"[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,3}"
        # "Cabo Delgado province", "the province of Diyala": a division named as one
        self._division = re.compile(rf"\b({name})\s+(?i:{nouns})\b|\b(?i:{nouns})\s+of\s+({name})")

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        doc_sides = Counter(side for sides in doc._.cf_sides or () for side in sides)
        context = [side for side, _n in doc_sides.most_common() if len(side) == 2]
        # a report need not name the state it tells of: the state of a province it names as
        # one comes after those it names
        text = doc_text(doc)
        extra: list[str] = []
        provinces = self.gazetteer.provinces()
        for m in self._division.finditer(text):
            states = provinces.get(fold(m.group(1) or m.group(2)), frozenset())
            extra += states if len(states) == 1 else ()
        # ... and so does the state whose outlet it is, when it names fewer than two (a ministry's
        # release need not name its state; a state agency telling two others' war is no party)
        own = context_of(doc).outlet_side
        extra += [own] if self.actors.is_state(own) and len(context) < 2 else []
        context += [c for c in dict.fromkeys(extra) if c not in context]
        places = find_places(doc, self.nlp, context, self.gazetteer, self.words)
        # ... and when that finds no town, the home states of the armed groups it names (only
        # then: a group fights abroad too, and its home's villages would outrank the town of
        # the state it is reported in)
        homes = [h for side, _n in doc_sides.most_common() if (h := self.actors.home_state(side))]
        homes = [h for h in dict.fromkeys(homes) if h not in context]
        towns = (p for p in places if p.place.precision != "country")
        if homes and all(self.actors.lookup(text[p.start : p.end]) for p in towns):  # a party's name
            places = find_places(doc, self.nlp, context + homes, self.gazetteer, self.words)
        doc._.cf_places = tuple(places)
        _spans(doc, "cf_places", ((p.start, p.end, p.place.country) for p in places))


# -- events ------------------------------------------------------------------------------------


class EventsComponent(FactComponent):
    """Event and statement types, hedges and background per sentence: ``doc._.cf_events``;
    spans on the trigger words, labelled with the event or statement type."""

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        figures = doc._.cf_figures or ((),) * len(sents)
        dates = doc._.cf_dates or ((),) * len(sents)
        per: list[SentenceEvents] = []
        hits: list[tuple[int, int, str]] = []
        texts = [span_text(s) for s in sents]
        for i, (s, figs, ds) in enumerate(zip(sents, figures, dates, strict=True)):
            text, previous = texts[i], texts[i - 1] if i else ""
            background = events.background_marker(text)
            plain = events.kinetic_type(text) if ds and not background else None
            if s.label_ != "parsed":
                per.append(SentenceEvents(background=background, kinetic_plain=plain))
                continue
            # a figure denied as another's claim ("rejected X's claim that five were killed") is
            # still X's claim of violence
            owned = claim_clauses(s) if any(f.negated for f in figs) else []
            live = [f for f in figs if not f.negated or claimed_by_another(f, s.start_char, owned)]
            kin = events.kinetic_type(text, has_figure=bool(live), civilian=any(f.civilian for f in live))
            st = events.statement_type(text)
            per.append(
                SentenceEvents(
                    background=background,
                    cumulative=events.cumulative_marker(text) or events.war_anaphora(previous, text),
                    hedge=events.hedge(text),
                    kinetic=kin,
                    kinetic_plain=plain,
                    other=None if kin else events.other_type(text),
                    statement=st,
                    more_statements=tuple(events.other_statement_types(text, st)) if st else (),
                    separate=events.separate_incident(text.strip()),
                )
            )
            for et in (kin, per[-1].other, st):
                if et is not None and et.end > et.start:
                    hits.append((s.start_char + et.start, s.start_char + et.end, et.sub_event_type))
        doc._.cf_events = tuple(per)
        _spans(doc, "cf_events", hits)


# -- claimants ---------------------------------------------------------------------------------


def parties(actors: ActorIndex, doc_sides: Counter[str], where: str = "") -> dict[str, str]:
    """The document's parties to the fighting, each with its opponent ("" when unknown): of an
    armed group that fights the state ``where`` the report's towns lie in, that state; a
    known dyad between sides the text names first, else (when it names none) the reference
    data's opponent (of an armed group's, the state ``where`` the report's towns lie in, when it
    fights there: a movement at war with several states fights the one it is reported in), else
    the other most-named side (a conflict absent from the reference data still gets its two
    parties from the text)."""
    ranked = [x for x, _n in doc_sides.most_common() if not actors.is_body(x)]
    opp: dict[str, str] = {}
    for a in ranked:
        foes = actors.opponents(a)
        if where in foes and actors.is_non_state(a):
            # an armed group at war with several states fights the one the report's towns lie
            # in, named or not ("near the border with <neighbour>" names a state, not the foe;
            # a local paper need not name its own country)
            opp.setdefault(a, where)
            opp.setdefault(where, a)
        for b in foes:
            if b in doc_sides:
                opp.setdefault(a, b)
                opp.setdefault(b, a)
    # only in a report that names no fight of its own: there, a party with no foe named is a
    # third party (another state's contingent), and its foes elsewhere in the reference data are
    # not this report's (villagers a contingent's shells killed had been given the home state of
    # its foe in another war)
    if not opp:
        for a in ranked:
            foes = actors.opponents(a)
            if where and where != a and actors.is_non_state(a) and not actors.home_state(a):
                # a movement that fights in no one state ("Islamic State") fights the state the
                # report's towns lie in, whatever its wars elsewhere
                opp[a] = where
                opp.setdefault(where, a)
            elif foes:
                opp[a] = (actors.opponent(a, where) if actors.is_non_state(a) else None) or foes[0]

    def at_home_only(x: str) -> bool:
        # a state whose foes in the reference data are all armed groups of its own
        return actors.is_state(x) and all(actors.home_state(f) == x for f in actors.opponents(x))

    if len(ranked) >= 2 and (
        not {ranked[0], ranked[1]} & set(opp) or (at_home_only(ranked[0]) and at_home_only(ranked[1]))
    ):
        # the two parties it names most, neither at war elsewhere with a state or a group abroad
        opp[ranked[0]], opp[ranked[1]] = ranked[1], ranked[0]
    if ranked and not opp:
        opp[ranked[0]] = ""
    return opp


def civil_state(actors: ActorIndex, opp: dict[str, str], doc_sides: Counter[str]) -> str:
    """The state whose war with an armed group of its own a report tells (its most-named party
    and that party's opponent), or "" when its main parties are two states or no pair. A de facto
    authority is no such group: the people where it rules speak for it."""

    def rebels_of(group: str, state: str) -> bool:
        return actors.home_state(group) == state and actors.get(group).kind in {"rebel", "militia"}

    for side, _n in doc_sides.most_common():
        foe = opp.get(side)
        if foe:
            if rebels_of(side, foe):
                return foe
            return side if rebels_of(foe, side) else ""
    return ""


class ClaimantsComponent(FactComponent):
    """Who asserts each parsed sentence, and who is quoted in each sentence of a quotation:
    ``doc._.cf_speakers`` ((speaker, quoted_by) per sentence) and ``doc._.cf_owners`` (per
    sentence, the that-clauses it reports as another's claim, with their owner: "denied the army's
    claim that …"); the document's parties with their
    opponents, which decide whose institutions "the ministry" means: ``doc._.cf_parties``.
    Spans: each speaker phrase, labelled with its actor id."""

    def setup(self, reference: "Reference") -> None:
        self.actors: ActorIndex = reference.actors
        self.outlets = reference.outlets

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        ctx = context_of(doc)
        sides = doc._.cf_sides or ((),) * len(sents)
        doc_sides = Counter(side for ss in sides for side in ss)
        context = [side for side, _n in doc_sides.most_common() if len(side) == 2]
        # a report that names no party still names places: their states are its parties
        fine = Counter(
            p.place.country
            for p in doc._.cf_places or ()
            if p.place.country and p.place.precision != "country"
        )
        towns = fine.most_common(1)[0][0] if fine else ""
        named_sides = doc_sides.copy()
        own = ctx.outlet_side
        if (
            own not in named_sides
            and self.actors.opponents(own)
            and (own == towns or self.actors.is_non_state(own))
        ):
            # a party's own outlet (a ministry's press release of fighting in its country, a
            # group's agency) is that party speaking: a party to the fighting it tells, named in
            # the text or not (a state's agency telling a war abroad is not: measured on realnews)
            named_sides[own] = 1
        opp = parties(self.actors, named_sides, towns) or parties(self.actors, fine)
        doc._.cf_parties = opp
        fighting = at_war(opp)
        # ... and, naming none, the state where its places lie is whose "police" and "army" speak
        named = [x for x in context if x in opp] or [x for x, _n in fine.most_common() if x in fighting]
        # ... of those, a state the report's parties fight: "residents say" are where it
        # happened, not of an ally's contingent it names more (whose foes are elsewhere)
        foes = set(opp.values())
        named = [
            x for x in dict.fromkeys([*named, *(x for x, _n in fine.most_common())]) if x in foes
        ] or named
        attributor = Attributor(
            self.actors,
            ctx.outlet_side or (named[0] if named else ""),
            doc._.cf_aliases or {},
            # an aligned outlet's unplaced local sources stay its party's (the default side)
            "" if ctx.outlet_side else civil_state(self.actors, opp, doc_sides),
            self.outlets,
            local_default=not ctx.outlet_side or ctx.outlet_side in opp,
            parties=list(opp),
            outlet_side=ctx.outlet_side,
        )
        text = doc_text(doc)
        quotes = quote_spans(text)

        def in_quote(i: int) -> bool:
            return any(a <= i < b for a, b in quotes)

        speaker: list[Speaker | None] = []
        owners: list[tuple[tuple[int, int, Speaker], ...]] = []
        for s, ss in zip(sents, sides, strict=True):
            parsed = s.label_ == "parsed"
            hits = [
                p for p in doc._.cf_places or () if s.start_char <= p.start < s.end_char and not p.elsewhere
            ]
            # a place in a state of the report's parties first: "doctors at the Velgrad hospital in
            # <city>" speak in the city's state, not where a like-named town lies; the dateline's
            # city last (where the report was filed)
            hits.sort(key=lambda p: (p.place.country not in fighting, p.dateline))
            where = [p.place.country for p in hits]
            speaker.append(
                attributor.sentence_speaker_outside(s, list(ss), in_quote, where) if parsed else None
            )
            owners.append(attributor.claim_owners(s, list(ss), in_quote) if parsed else ())
        quoted_by: list[Speaker | None] = [None] * len(sents)
        # a quotation's speaker: the sentence it closes in, else the next, else the one before
        for qa, qb in quotes:
            idx = [i for i, s in enumerate(sents) if s.start_char < qb and s.end_char > qa]
            if not idx:
                continue
            first, last = idx[0], idx[-1]
            sp = speaker[last] if sents[last].end_char > qb + 1 else None
            if sp is None and first < last:
                sp = speaker[first] if sents[first].start_char < qa else None
            if sp is None and last + 1 < len(sents) and len(sents[last + 1]) <= 14:
                sp = speaker[last + 1]
            if sp is None and first > 0 and span_text(sents[first - 1]).rstrip().endswith(":"):
                sp = speaker[first - 1]
            if sp is None and sents[first].start_char < qa:
                sp = speaker[first]
            if (
                sp is None
                and first > 0
                and qa <= sents[first].start_char + 1
                and (prev := speaker[first - 1])
            ):
                # '"…," a source said. "We have 30 dead."': a quote that opens a sentence right
                # after the sentence tagging the one before it, in the same paragraph, is that
                # speaker's still
                before = sents[first - 1]
                if "\n" not in text[before.end_char : qa] and any(
                    before.start_char < b <= before.end_char for _a, b in quotes
                ):
                    sp = prev
            if sp is None:
                continue
            for i in idx:
                quoted_by[i] = sp
        doc._.cf_speakers = tuple(zip(speaker, quoted_by, strict=True))
        doc._.cf_owners = tuple(owners)
        _spans(doc, "cf_claimants", ((sp.start, sp.end, sp.actor_id) for sp in speaker if sp is not None))


# -- framing -----------------------------------------------------------------------------------


class FramingComponent(FactComponent):
    """Loaded terms (``data/lexicons/framing.json``): ``doc._.cf_framing``, spans labelled with
    the term's category."""

    def annotate(self, doc: Doc, sents: list[Span]) -> None:
        hits = find_framing(doc, self.nlp, context_of(doc).document_id)
        doc._.cf_framing = tuple(hits)
        _spans(doc, "cf_framing", ((h.start, h.end, h.category) for h in hits))


# -- assembly ----------------------------------------------------------------------------------


class AssembleComponent(FactComponent):
    """Mentions and claims from the fact components' results, into ``doc._.cf_extraction``, for
    every document that carries a DocContext (``extract/assemble.py`` decides)."""

    def setup(self, reference: "Reference") -> None:
        from .assemble import Assembler

        self.assembler = Assembler(reference.actors)

    def __call__(self, doc: Doc) -> Doc:
        from ..records import Extraction

        ctx = doc._.cf_context
        if ctx is None:
            return doc
        if self.reference is None:
            raise RuntimeError(f"{self.name} is not initialised: build the pipeline with build_nlp()")
        if doc._.cf_error is not None:
            doc._.cf_extraction = Extraction(ctx.document_id, (), (), (), "error", doc._.cf_error)
            return doc
        try:
            doc._.cf_extraction = self.assembler(doc, ctx)
        except Exception as e:  # one bad document must never stop a batch: record why
            doc._.cf_extraction = Extraction(
                ctx.document_id, (), (), (), "error", f"{e.__class__.__name__}: {e}"[:300]
            )
        return doc


# one spaCy factory per component; a component class takes (nlp, name), so it is its own factory
FACTORIES: dict[str, type[FactComponent]] = {
    "ceasefire_dates": DatesComponent,
    "ceasefire_figures": FiguresComponent,
    "ceasefire_actors": ActorsComponent,
    "ceasefire_places": PlacesComponent,
    "ceasefire_events": EventsComponent,
    "ceasefire_claimants": ClaimantsComponent,
    "ceasefire_framing": FramingComponent,
    "ceasefire_assemble": AssembleComponent,
}
for _factory, _component in FACTORIES.items():
    Language.factory(_factory, default_config={}, func=_component)


__all__ = [
    "FACTORIES",
    "SENTENCES",
    "ActorsComponent",
    "AssembleComponent",
    "ClaimantsComponent",
    "DatesComponent",
    "EventsComponent",
    "FactComponent",
    "FiguresComponent",
    "FramingComponent",
    "PlacesComponent",
    "SentenceEvents",
    "parties",
    "sentence_spans",
    "sentences",
]
