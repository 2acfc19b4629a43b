"""History a report retells (an earlier attack, a war's toll) stays apart from the events of the
day: an earlier incident's figures are claims of a background incident, never of today's; a
war's aggregate toll is no claim; neither joins, dates or inflates a current incident, and the
ACLED export, the periodic report, the map and the timeline leave background incidents out.
Invented reports; each test fails without the rule it names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ceasefire.export.acled import acled_rows
from ceasefire.extract.run import extract_documents
from ceasefire.reconcile import build_incidents, update_incidents
from ceasefire.records import Document, Extraction, PubDate
from ceasefire.report.period import build_report
from ceasefire.store import Store
from ceasefire.web.overview import map_features, timeline

PUB = dt.date(2029, 3, 12)

TODAY = (
    "Rebels shelled an army post near Dessie on Monday, killing three soldiers, the army said.\n\n"
    "In 2019, an attack on the same post killed 12 soldiers, the army said.\n\n"
    "The war, which has killed 40,000 people since 2023, shows no sign of ending."
)


def _doc(doc_id: str, text: str, published: dt.date | None = PUB) -> Document:
    pub = PubDate(published, "day", "manifest") if published else PubDate.unknown()
    return Document(id=doc_id, source=doc_id, text=text, published=pub, language="en", outlet="reuters")


def _extract(text: str, published: dt.date | None = PUB) -> Extraction:
    return next(extract_documents([_doc("b", text, published)]))


def test_an_earlier_incidents_toll_is_a_claim_of_its_background_mention() -> None:
    ex = _extract(TODAY)
    by_id = {m.id: m for m in ex.mentions}
    tolls = {c.value_best: by_id[c.mention_id] for c in ex.claims if c.kind == "killed"}
    assert not tolls[3].background
    assert tolls[12].background and tolls[12].date.start == dt.date(2019, 1, 1)
    # a war's aggregate is no claim of any incident, and its sentence is no event of today
    assert 40000 not in tolls
    assert all(m.background for m in ex.mentions if "40,000" in m.evidence.text)


def test_history_words_in_a_sentence_that_dates_itself_to_the_report_tell_of_today() -> None:
    ex = _extract("During the conflict on March 10 near Dessie, seven soldiers were killed, the army said.")
    (m,) = [m for m in ex.mentions if m.event_type != "Statement"]
    assert not m.background and m.date.start == dt.date(2029, 3, 10)
    assert [c.value_best for c in ex.claims] == [7]


def test_a_sentence_does_not_take_the_date_of_history_the_sentence_before_tells() -> None:
    ex = _extract(
        "Shelling killed four civilians near Dessie on Monday, officials said.\n\n"
        "The truce agreed on February 25, 2021 has collapsed.\n\n"
        "Dessie district accounted for all four deaths, officials said, adding six were wounded."
    )
    last = next(m for m in ex.mentions if m.evidence.text.startswith("Dessie district"))
    assert not last.background and last.date.start != dt.date(2021, 2, 25)
    assert any(c.kind == "wounded" and c.value_best == 6 and c.mention_id == last.id for c in ex.claims)


def test_background_incidents_stay_apart_and_out_of_acled_report_map_and_timeline(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "bg.db"))
    other = (
        "An attack on an army post near Dessie killed 12 soldiers in 2019, the ministry said.\n\n"
        "On Monday, rebels shelled the post near Dessie, killing three soldiers, the ministry said."
    )
    for doc in (_doc("a", TODAY), _doc("c", other)):
        store.add_document(doc)
        store.save_extraction(next(extract_documents([doc])), "test")
    update_incidents(store, rebuild=True)
    incidents = build_incidents(store)
    history = [i for i in incidents if i.kind == "background"]
    today = [i for i in incidents if i.kind == "event"]
    assert history and today
    # today's incident holds today's toll, never the earlier one
    assert all(c.claim.value_best != 12 for i in today for c in i.claims)
    assert any(c.claim.value_best == 12 for i in history for c in i.claims)
    # dated by their own words, never by when they were retold; the war's own (no claim) apart
    assert all(i.date_start is not None and i.date_start.year == 2019 for i in history if i.claims)
    assert any(not i.claims and i.date_label == "2023" for i in history)
    rows, skips = acled_rows(incidents)
    assert skips.background == len(history)
    assert all(r.event_date.startswith("2029") for r in rows)
    report = build_report(incidents)
    assert {i.id for i in report.incidents} == {i.id for i in incidents if i.kind != "background"}
    assert {f["id"] for f in map_features(incidents)["features"]} <= {i.id for i in today}
    assert timeline(incidents).undated == sum(1 for i in today if i.date_start is None)


def test_a_sentence_after_history_that_still_tells_of_the_war_gives_no_claim() -> None:
    ex = _extract(
        "Shelling killed two soldiers near Dessie on Monday, the army said.\n\n"
        "The war, which began on September 27, 2020, ended in November of that year. "
        "About 3,000 soldiers were killed during the hostilities, officials said."
    )
    assert [c.value_best for c in ex.claims] == [2]


def test_a_wars_running_toll_is_no_claim_however_far_the_verb_from_the_war() -> None:
    ex = _extract(
        "Shelling killed two soldiers near Dessie on Monday, the army said. The war between the "
        "army and the rebels, now in its third year, has killed tens of thousands of people."
    )
    assert [c.value_best for c in ex.claims] == [2]


def test_it_after_a_sentence_about_a_war_tells_the_wars_running_toll() -> None:
    # "It has killed …" right after "The war … broke out in 2027": the war's aggregate, no claim;
    # "it" after a sentence about a clash of the day keeps its claim
    ex = _extract(
        "Shelling killed nine civilians in Dessie on Monday, medics said.\n\n"
        "The war between the army and the rebels broke out in April 2027 over a disputed election. "
        "It has killed some 9,000 people and uprooted two million, according to UN agencies."
    )
    assert sorted(c.value_best for c in ex.claims) == [9]
    ex = _extract("Fighting erupted near the dam on Monday. It has killed four soldiers so far, police said.")
    assert [c.value_best for c in ex.claims] == [4]


def test_since_a_month_when_a_soldier_was_killed_is_that_days_background_claim() -> None:
    # "tense since May, when a soldier was killed": that day's toll, a claim of a background
    # incident (with or without a publication date), never of today's; "40 killed since March"
    # stays a campaign's aggregate
    text = (
        "Rockets hit a village near Dessie on Thursday, killing three civilians, the army said.\n\n"
        "Soldiers have faced each other along the border since May, when a soldier was killed in "
        "a brief exchange of fire at the ridge."
    )
    for published in (dt.date(2029, 11, 20), None):
        ex = _extract(text, published)
        by_id = {m.id: m for m in ex.mentions}
        assert sorted((c.value_best, by_id[c.mention_id].background) for c in ex.claims) == [
            (1, True),
            (3, False),
        ], published
    assert _extract("Clashes have killed 40 soldiers since March, the ministry said.").claims == ()


def test_a_running_toll_since_a_month_when_something_happened_stays_an_aggregate() -> None:
    # the when-clause tells when the count began, the count is the main clause's: no claim
    for text in (
        "More than 300 people have been killed since January, when the truce collapsed, the UN said.",
        "Since May, when the rebels took Dessie, 140 people have been killed.",
    ):
        assert _extract(text).claims == (), text


def test_it_after_a_war_sentence_of_the_day_keeps_its_claim() -> None:
    # "the conflict flared on Monday … It has left 14 dead": today's incident, not the war's toll
    ex = _extract(
        "The conflict flared on Monday when drones struck a market in Dessie. "
        "It has left at least 14 people dead, officials said."
    )
    assert [c.value_best for c in ex.claims] == [14]
    ex = _extract(
        "A war monitor said an air strike hit a market on Monday. It has also left 30 people wounded."
    )
    assert [c.value_best for c in ex.claims] == [30]


def test_a_date_after_since_is_when_a_state_began_not_the_events_day() -> None:
    ex = _extract(
        "In Dessie, the city that has served as the seat of the government since 2027, a drone "
        "attack early on Monday killed two guards at a fuel depot, the company said."
    )
    assert [(c.value_best, ex.mentions[0].date.start, ex.mentions[0].background) for c in ex.claims] == [
        (2, dt.date(2029, 3, 12), False)
    ]


def test_a_toll_dated_by_a_whole_year_is_history_not_the_days_incident() -> None:
    # the year just over, told in the next one's first days: the toll sums that year (or retells
    # one of its incidents), so it never joins or inflates Monday's strike
    ex = _extract(
        "An air strike on a market in Dessie killed nine civilians on Monday, the health office said.\n\n"
        "According to a local monitor, more than 300 civilians were killed in air strikes on the "
        "region in 2028.",
        published=dt.date(2029, 1, 16),  # two weeks into the next year
    )
    by_id = {m.id: m for m in ex.mentions}
    tolls = {c.value_best: by_id[c.mention_id] for c in ex.claims if c.kind == "killed"}
    assert not tolls[9].background and tolls[9].date.start == dt.date(2029, 1, 15)
    assert tolls[300].background and tolls[300].date.start == dt.date(2028, 1, 1)


def test_a_toll_since_a_coup_or_of_a_war_in_which_people_were_killed_is_no_claim() -> None:
    ex = _extract(
        "Troops shelled a village near Dessie on Monday, killing four civilians, residents said.\n\n"
        "The country has been in turmoil since the army seized power in 2021, sparking a civil war "
        "in which thousands of people have been killed.\n\n"
        "More than 5,000 civilians have been killed by the military since the coup, a monitoring "
        "group said."
    )
    assert sorted(c.value_best or 0 for c in ex.claims if c.kind == "killed") == [4]


def test_a_sentence_in_the_paragraph_of_a_long_past_day_tells_that_history() -> None:
    history = (
        "On the night of November 10, 2026, the president and the rebel leader signed a statement "
        "ending the war. The sides suffered heavy losses: thousands of soldiers were killed."
    )
    ex = _extract(
        "Soldiers clashed with rebels near Dessie on Monday, killing one soldier, the army said.\n\n"
        + history
    )
    by_id = {m.id: m for m in ex.mentions}
    tolls = {c.value_low: by_id[c.mention_id] for c in ex.claims}
    assert not tolls[1].background and tolls[1].date.start == dt.date(2029, 3, 12)
    assert tolls[2000].background and tolls[2000].date.start == dt.date(2026, 11, 10)
    # a new paragraph returns to the news
    ex = _extract(
        "Soldiers clashed with rebels near Dessie on Monday, the army said.\n\n"
        + history.replace(" The sides", "\n\nThe sides")
    )
    by_id = {m.id: m for m in ex.mentions}
    assert not any(by_id[c.mention_id].background for c in ex.claims)


def test_a_toll_told_right_after_an_attack_of_a_past_month_is_that_months() -> None:
    ex = _extract(
        "Troops shelled a bus near Dessie on Monday, killing four civilians, the army said.\n\n"
        "Tension has been rising since rebels attacked an army base near Gondar in January. "
        "The attack had killed 19 soldiers.",
    )
    by_id = {m.id: m for m in ex.mentions}
    dates = {c.value_best: by_id[c.mention_id].date for c in ex.claims}
    assert dates[4].start == dt.date(2029, 3, 12)
    assert (dates[19].start, dates[19].precision) == (dt.date(2029, 1, 1), "month")
