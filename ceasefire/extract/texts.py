"""What the components read of a Doc over and over, made once per document.

spaCy builds ``Doc.text`` and ``Span.text`` anew at every reading (a join over the tokens, one
Token object each) and ``Span.ents`` reads ``Doc.ents`` whole (a Span per entity of the
document) for every span it is asked of. The components read the whole text five times a
report and each sentence's text three times or more; measured with cProfile over 200 generated
reports, those joins cost ~1.2 s and the speaker phrases' ``ents`` ~0.7 s, of ~13 s for our
components. The text is kept in ``doc._.cf_text`` and the entities in ``doc._.cf_ents``, once the
model is done with the document: nothing after it retokenises or sets entities.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

for _name in ("cf_text", "cf_ents"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    text: str | None = doc._.cf_text
    if text is None:
        text = doc._.cf_text = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, a slice of the document's text: a span's text runs from its first token's
    first character to its last token's last one (``Span.text`` drops the last token's space)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` from the document's entities read once: those that start in the span, in
    order, up to the first that ends beyond it (as spaCy's ``Span.ents`` stops there)."""
    ents: tuple[Span, ...] | None = span.doc._.cf_ents
    if ents is None:
        ents = span.doc._.cf_ents = tuple(span.doc.ents)
    start, end = span.start, span.end
    out = []
    for ent in ents:
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out


__all__ = ["doc_text", "span_ents", "span_text"]
