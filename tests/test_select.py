"""The cheap first pass: only sentences that can hold a fact go through the tagger and parser."""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.extract.assemble import DocContext
from ceasefire.extract.select import blocks, has_cue, select, sentence_bounds
from ceasefire.pipeline import build_nlp, parse_share

# Our own sentences: two without any cue (weather, scenery), a weak trigger alone, and four
# that can hold a fact (a figure, a kinetic event, a statement, a figure with a weak trigger).
TEXT = (
    "Northern Valdoria border digest\n\n"
    "The weather in the valley was mild on Tuesday. "
    "Farmers brought the harvest in early this year. "
    "Two soldiers were killed near the village of Ostrava, the defence ministry said. "
    "The incident drew wide attention. "
    "Artillery shelling continued through the night. "
    "The foreign ministry denied the accusations. "
    "The attack left three civilians wounded.\n"
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def _extract(nlp, text: str):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.cf_context = DocContext("d1", dt.date(2026, 3, 4), "day", "", "", None)
    return nlp(doc)


def test_sentences_without_a_cue_are_not_parsed(nlp) -> None:  # type: ignore[no-untyped-def]
    sel = nlp.get_pipe("ceasefire_select")
    seen, parsed = sel.sentences, sel.parsed
    doc = _extract(nlp, TEXT)
    assert sel.sentences - seen == 8  # the headline and seven sentences
    assert sel.parsed - parsed == 4
    tagged = {s.text.strip(): any(t.pos_ for t in s) for s in doc.sents}
    assert tagged["The weather in the valley was mild on Tuesday."] is False
    assert tagged["Farmers brought the harvest in early this year."] is False
    assert tagged["The incident drew wide attention."] is False  # a weak trigger needs a figure
    assert tagged["Artillery shelling continued through the night."] is True
    assert tagged["The foreign ministry denied the accusations."] is True
    assert tagged["The attack left three civilians wounded."] is True


def test_the_joined_doc_keeps_the_text_and_every_offset(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(nlp, TEXT)
    assert doc.text == TEXT
    for a, b in doc._.cf_parsed:
        assert TEXT[a:b].strip()  # ranges point into the original text
    figure = next(s for s in doc.sents if "Two soldiers" in s.text)
    assert any(t.dep_ == "nsubjpass" for t in figure)  # parsed for real


def test_selection_finds_what_parsing_everything_finds(nlp) -> None:  # type: ignore[no-untyped-def]
    ours = _extract(nlp, TEXT)._.cf_extraction
    full = _extract(build_nlp(parse_all=True), TEXT)._.cf_extraction
    key = lambda c: (c.kind, c.value_best, c.evidence.start, c.evidence.end, c.claimant)  # noqa: E731
    assert sorted(map(key, ours.claims)) == sorted(map(key, full.claims))
    assert len(ours.claims) == 2
    assert [m.evidence.text for m in ours.mentions] == [m.evidence.text for m in full.mentions]


def test_cue_kinds(nlp) -> None:  # type: ignore[no-untyped-def]
    def cue(text: str) -> bool:
        return has_cue(text, [t.lower_ for t in nlp.make_doc(text)])

    assert cue("Dozens were wounded in the raid.")
    assert cue("Troops exchanged fire across the line.")
    assert cue("The ministry accused the other side of provocations.")
    assert cue("According to local officials, the road was closed.")
    assert cue("A spokesman told reporters the road was closed.")
    assert not cue("The road was closed for repairs.")
    assert not cue("The talks are expected to resume next month.")


def test_cheap_sentences_break_at_final_marks_and_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc("Headline without a stop\nFirst one. Second one! Third?\n\nLast")
    texts = [doc[a:b].text.strip() for a, b in sentence_bounds(doc)]
    assert texts == ["Headline without a stop", "First one.", "Second one!", "Third?", "Last"]
    bounds, keep = select(doc)
    assert blocks(bounds, [True, True, False, True, False]) == [
        (bounds[0][0], bounds[1][1], True),
        (bounds[2][0], bounds[2][1], False),
        (bounds[3][0], bounds[3][1], True),
        (bounds[4][0], bounds[4][1], False),
    ]
    assert len(keep) == 5


def test_parse_share_counts_sentences() -> None:
    parsed, total = parse_share([TEXT, "Nothing to see here. Really nothing."])
    assert (parsed, total) == (4, 10)


def test_a_pronoun_speaker_brings_the_sentences_that_name_them(nlp) -> None:  # type: ignore[no-untyped-def]
    named = nlp.make_doc(
        "The envoy Marta Kovac visited the front on Monday. The roads were quiet. "
        '"Four of our soldiers died," she said.'
    )
    assert select(named)[1] == [True, True, True]
    unnamed = nlp.make_doc(
        "The envoy visited the front on Monday. The roads were quiet. Four soldiers died, officials said."
    )
    assert select(unnamed)[1] == [False, False, True]


# Our own sentences touching the model's attribute-rule exceptions: a tag-mapped token, "but" as
# an adverb, "there is", "gonna", "let's", a subject and an object pronoun, "that" as a relative,
# auxiliaries, an indefinite pronoun, a run of spaces and a paragraph break.
RULE_TEXT = (
    "Let's see: there is nothing but rubble left, and they're gonna rebuild it.\n\n"
    "The officer  who said that it was over could not confirm anything. "
    "Y'all got told the convoy had been hit, but it wasn't. I saw it, you know, and I did."
)


def test_fast_attribute_rules_write_what_the_models_ruler_writes(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
    from spacy.tokens import Doc

    from ceasefire.pipeline import _AttributeRules

    ruler = nlp.get_pipe("attribute_ruler")
    fast = _AttributeRules.of(ruler)
    assert fast is not None, "the model's attribute_ruler holds a pattern the fast rules do not reproduce"
    doc = nlp.make_doc(RULE_TEXT)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    a = ruler(Doc(doc.vocab).from_bytes(doc.to_bytes()))
    b = fast(Doc(doc.vocab).from_bytes(doc.to_bytes()))
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    assert a.to_array(attrs).tolist() == b.to_array(attrs).tolist()
    assert [t.pos_ for t in b][:2] == ["VERB", "PRON"]  # the rules did run ("Let", "'s")
    assert any(t.lemma_ == "be" for t in b if t.lower_ == "is")  # a lemma the ruler sets


def test_memoised_lemmas_are_the_lemmatizers(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.attrs import LEMMA
    from spacy.tokens import Doc

    from ceasefire.pipeline import _Lemmas

    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = _Lemmas.of(lemmatizer)
    assert fast is not None
    text = RULE_TEXT + " Two soldiers were killed; the shelling killed two more, officials said."
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser", "attribute_ruler"):
        doc = nlp.get_pipe(name)(doc)
    a = lemmatizer(Doc(doc.vocab).from_bytes(doc.to_bytes()))
    b = fast(Doc(doc.vocab).from_bytes(doc.to_bytes()))
    assert a.to_array([LEMMA]).tolist() == b.to_array([LEMMA]).tolist()
    assert {t.lower_: t.lemma_ for t in b}["killed"] == "kill"
    assert {t.lower_: t.lemma_ for t in b}["soldiers"] == "soldier"


# The small model can start a sentence inside a run of capitalised names (unconstrained, it cuts
# this one after "Lo"); a sentence never starts right after a word that ends in a letter or digit,
# nor after a comma, so the toll and its count stay in one sentence.
SPLIT_PRONE = (
    "Meanwhile, the death toll from the shelling of the Kilo Sierra and Lo Bang Tre camps on the "
    "morning of March 3 now stands at 44, according to provincial authorities."
)


def test_the_paragraphs_component_forbids_a_start_after_a_word_or_comma(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.get_pipe("ceasefire_paragraphs")(
        nlp.make_doc("Rockets hit Lo Bang Tre, the army said.\n\nSeven soldiers died. Aid came.")
    )
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Bang"] is False and starts["the"] is False  # after a word, after a comma
    assert starts["soldiers"] is False  # after a number word
    assert starts["Seven"] is True  # after a paragraph break
    assert starts["Aid"] is None  # after a final mark: the parser decides


def test_a_run_of_names_does_not_cut_a_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(nlp, SPLIT_PRONE)
    assert [s.text for s in doc.sents] == [SPLIT_PRONE]
    ex = doc._.cf_extraction
    assert [(c.kind, c.value_best) for c in ex.claims] == [("killed", 44)]


def test_a_byline_or_date_stamp_run_into_the_lead_still_ends_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # the byline's last name and "Two" are not one noun phrase: the count stays the lead's
    for text in (
        "By Ana Petrova Two soldiers were killed near Dessie on Monday, the ministry said.",
        "Updated 4 March 2026 Two soldiers were killed near Dessie on Monday, the ministry said.",
    ):
        ex = _extract(nlp, text)._.cf_extraction
        assert [(c.kind, c.value_best) for c in ex.claims] == [("killed", 2)], text
