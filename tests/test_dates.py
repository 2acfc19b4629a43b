"""Date expressions resolved against the publication date (ceasefire.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.extract.dates import (
    DateMatch,
    find_dates,
    infer_reference_year,
    resolve_expression,
)
from ceasefire.records import DateValue

D = dt.date
PUB = D(2021, 11, 17)  # a Wednesday


def one(expr: str, published: dt.date | None = PUB, **kw: str) -> DateValue:
    value = resolve_expression(expr, published, **kw)
    assert value is not None, expr
    return value


def span(value: DateValue) -> tuple[dt.date | None, dt.date | None, str]:
    return value.start, value.end, value.precision


# --- relative to a day-precision publication date -------------------------------------


@pytest.mark.parametrize(
    ("expr", "day"),
    [
        ("on Tuesday", D(2021, 11, 16)),
        ("Tuesday's hostilities", D(2021, 11, 16)),
        ("on Wednesday", D(2021, 11, 17)),  # the publication day itself
        ("yesterday", D(2021, 11, 16)),
        ("today", D(2021, 11, 17)),
        ("this morning", D(2021, 11, 17)),
        ("two days ago", D(2021, 11, 15)),
        ("Tuesday evening", D(2021, 11, 16)),
        ("last Wednesday", D(2021, 11, 10)),
        ("next Friday", D(2021, 11, 19)),
        ("the day before yesterday", D(2021, 11, 15)),
    ],
)
def test_deictic_days(expr: str, day: dt.date) -> None:
    v = one(expr)
    assert span(v) == (day, day, "day")
    assert v.relative is True


def test_weekday_keeps_evidence_text_and_possessive_outside() -> None:
    text = "Tuesday's hostilities left seven dead."
    (m,) = find_dates(text, PUB)
    assert (m.start, m.end, m.text) == (0, 7, "Tuesday")


def test_last_night_is_the_night_before_publication() -> None:
    v = one("last night")
    assert span(v) == (D(2021, 11, 16), D(2021, 11, 16), "day")
    assert "night before publication" in v.note


def test_overnight_is_the_night_that_ran_into_publication_day() -> None:
    # "a missile strike killed seven overnight", told the next morning
    v = one("overnight")
    assert span(v) == (PUB, PUB, "day")
    (m,) = find_dates("A missile strike on the city killed seven people overnight, the governor said.", PUB)
    assert m.value.start == PUB


def test_overnight_with_a_named_day_takes_that_day() -> None:
    # PUB is a Wednesday
    for text, day in (
        ("Drones struck the town overnight Monday, killing three civilians.", D(2021, 11, 15)),
        ("Drones struck the town overnight into Tuesday, killing three civilians.", D(2021, 11, 16)),
    ):
        assert [m.value.start for m in find_dates(text, PUB)] == [day], text


def test_night_of_day_range() -> None:
    v = one("on the night of November 11-12")
    assert span(v) == (D(2021, 11, 11), D(2021, 11, 12), "day")
    assert v.expression == "the night of November 11-12"


def test_day_range_takes_year_from_publication() -> None:
    v = one("January 11-12", D(2022, 1, 13))
    assert span(v) == (D(2022, 1, 11), D(2022, 1, 12), "day")


def test_evening_of() -> None:
    assert span(one("the evening of November 16")) == (D(2021, 11, 16), D(2021, 11, 16), "day")


@pytest.mark.parametrize(
    "expr",
    [
        "November 16, 2021",
        "16 November 2021",
        "Nov. 16",
        "on 16 November",
        "16.11.2021",
        "2021-11-16",
        "November 16th",
        "the 16th of November",
    ],
)
def test_calendar_forms(expr: str) -> None:
    assert span(one(expr)) == (D(2021, 11, 16), D(2021, 11, 16), "day")


def test_month_day_without_year_is_most_recent_not_after_publication() -> None:
    assert one("December 30", D(2022, 1, 2)).start == D(2021, 12, 30)
    assert one("November 18").start == D(2021, 11, 18)  # one day of tolerance
    assert one("November 19").start == D(2020, 11, 19)
    assert one("January 12").relative is False  # a calendar date whose year is implied


def test_late_month_last_year_is_a_week_precision_range() -> None:
    v = one("late September last year")
    assert span(v) == (D(2020, 9, 21), D(2020, 9, 30), "week")
    assert v.relative is True


@pytest.mark.parametrize("expr", ["in May", "since May"])
def test_bare_month(expr: str) -> None:
    v = one(expr)
    assert span(v) == (D(2021, 5, 1), D(2021, 5, 31), "month")
    assert v.expression == "May"


def test_since_is_noted_as_open_ended() -> None:
    assert "since" in one("since May").note


def test_as_of_a_day_is_a_running_total_s_day_noted_as_open_ended() -> None:
    # "As of November 14, the army had lost 26 tanks": a tally up to that day, not that day's event
    (m,) = find_dates("As of November 14, the army had lost 26 tanks and 40 men.", PUB)
    assert m.value.start == D(2021, 11, 14) and "open-ended (as of)" in m.value.note
    # "of" alone is no such word: the night of a day is that night
    (n,) = find_dates("Shelling hit the village on the night of November 14, killing two.", PUB)
    assert "open-ended" not in n.value.note
    (h,) = find_dates("The town has of November 14 been without power.", PUB)
    assert "open-ended" not in h.value.note


def test_bare_month_before_its_month_in_publication_year_goes_back_a_year() -> None:
    assert one("in December").start == D(2020, 12, 1)


def test_years() -> None:
    assert span(one("last year")) == (D(2020, 1, 1), D(2020, 12, 31), "year")
    assert one("last year").relative is True
    assert span(one("in 2020")) == (D(2020, 1, 1), D(2020, 12, 31), "year")
    assert one("in 2020").relative is False
    assert span(one("the 2020 war")) == (D(2020, 1, 1), D(2020, 12, 31), "year")
    assert span(one("since 1991")) == (D(1991, 1, 1), D(1991, 12, 31), "year")
    assert span(one("the events of 2020")) == (D(2020, 1, 1), D(2020, 12, 31), "year")


def test_full_date_is_absolute() -> None:
    v = one("September 27, 2020")
    assert span(v) == (D(2020, 9, 27), D(2020, 9, 27), "day")
    assert v.relative is False


def test_weeks() -> None:
    assert span(one("earlier this week")) == (D(2021, 11, 15), D(2021, 11, 17), "week")
    assert span(one("last week")) == (D(2021, 11, 8), D(2021, 11, 14), "week")
    assert span(one("this week")) == (D(2021, 11, 15), D(2021, 11, 21), "week")


def test_months_relative() -> None:
    assert span(one("last month")) == (D(2021, 10, 1), D(2021, 10, 31), "month")
    assert span(one("earlier this month")) == (D(2021, 11, 1), D(2021, 11, 17), "month")
    assert span(one("late last month")) == (D(2021, 10, 21), D(2021, 10, 31), "week")


# --- ranges ----------------------------------------------------------------------------


def test_range_takes_year_from_its_second_end() -> None:
    text = "The war lasted from September 27 till November 10, 2020."
    (m,) = find_dates(text, PUB)
    assert m.text == "September 27 till November 10, 2020"
    assert span(m.value) == (D(2020, 9, 27), D(2020, 11, 10), "day")


def test_range_of_month_parts() -> None:
    v = one("from late September to early November 2020")
    assert span(v) == (D(2020, 9, 21), D(2020, 11, 10), "week")


def test_range_across_new_year() -> None:
    v = one("December 30 to January 2, 2022")
    assert span(v) == (D(2021, 12, 30), D(2022, 1, 2), "day")


def test_year_range_and_between() -> None:
    assert span(one("the 1992-94 war")) == (D(1992, 1, 1), D(1994, 12, 31), "year")
    assert span(one("between 1988 and 1994")) == (D(1988, 1, 1), D(1994, 12, 31), "year")


def test_date_inside_a_longer_phrase() -> None:
    text = "as stated in the statement of November 10, 2020, the sides agreed"
    (m,) = find_dates(text, PUB)
    assert m.text == "November 10, 2020"
    assert m.value.start == D(2020, 11, 10)


def test_list_of_months_with_relative_year() -> None:
    ms = find_dates("clashes broke out in July and September this year", PUB)
    assert [(m.text, m.value.start) for m in ms] == [
        ("July", D(2021, 7, 1)),
        ("September this year", D(2021, 9, 1)),
    ]


# --- things that are not dates ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "at 2130",
        "at 21:30 local time",
        "1991",
        "30 years",
        "the 44-day war",
        "the 79th session",
        "a total of 2000 soldiers",
        "in 2000 villages",
        "May God help us",
        "March on Baku",
        "the fall of Shusha",
        "a 2000-strong force",
        "according to USA Today",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_ambiguous_slash_date_is_not_guessed() -> None:
    v = one("03/04/2021")
    assert v.start is None and v.precision == "unknown"
    assert span(one("16/11/2021")) == (D(2021, 11, 16), D(2021, 11, 16), "day")


def test_anaphoric_expressions_are_unknown() -> None:
    v = one("the next day")
    assert v.start is None and v.precision == "unknown" and "anaphoric" in v.note


# --- publication date unknown or coarse --------------------------------------------------


def test_unknown_publication_month_day() -> None:
    assert one("on January 12", None) == DateValue(
        start=None,
        end=None,
        precision="unknown",
        expression="January 12",
        note="year unknown: publication date unknown",
    )


@pytest.mark.parametrize("expr", ["on Tuesday", "yesterday", "last year", "two days ago", "in May"])
def test_unknown_publication_never_guesses(expr: str) -> None:
    v = one(expr, None)
    assert (v.start, v.end, v.precision) == (None, None, "unknown")
    assert "publication date unknown" in v.note


def test_absolute_dates_resolve_without_publication() -> None:
    assert span(one("November 16, 2021", None)) == (D(2021, 11, 16), D(2021, 11, 16), "day")
    assert span(one("in 2020", None)) == (D(2020, 1, 1), D(2020, 12, 31), "year")


@pytest.mark.parametrize("precision", ["month", "year"])
def test_coarse_publication_date(precision: str) -> None:
    pub = D(2021, 11, 1)
    v = one("on Tuesday", pub, pub_precision=precision)
    assert v.start is None and v.precision == "unknown"
    assert precision in v.note
    assert span(one("last year", pub, pub_precision=precision)) == (
        D(2020, 1, 1),
        D(2020, 12, 31),
        "year",
    )


def test_month_publication_resolves_what_does_not_depend_on_the_day() -> None:
    pub = D(2021, 11, 1)
    assert one("last month", pub, pub_precision="month").start == D(2021, 10, 1)
    assert one("in May", pub, pub_precision="month").start == D(2021, 5, 1)
    # 16 November could fall before or after an unknown November publication day
    assert one("November 16", pub, pub_precision="month").start is None


def test_datetime_publication_is_accepted() -> None:
    assert one("yesterday", dt.datetime(2021, 11, 17, 23, 50)).start == D(2021, 11, 16)


# --- whole texts -------------------------------------------------------------------------


ARTICLE = (
    "Baku, Wednesday. Shelling resumed on the night of November 11-12 near the border, the "
    "ministry said on Tuesday. Since last year's war, which ended on November 10, 2020, "
    "talks have stalled; at 2130 the firing stopped. Two soldiers were wounded yesterday "
    "morning and 1991 remains a reference year for both sides since 1991."
)


def test_offsets_slice_the_text_exactly() -> None:
    matches = find_dates(ARTICLE, PUB)
    assert matches, "expected dates"
    for m in matches:
        assert isinstance(m, DateMatch)
        assert ARTICLE[m.start : m.end] == m.text == m.value.expression
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    texts = [m.text for m in matches]
    assert "the night of November 11-12" in texts
    assert "November 10, 2020" in texts
    assert "yesterday morning" in texts
    assert "2130" not in " ".join(texts)
    # the bare "1991" is not a date; the one after "since" is
    assert sum(t == "1991" for t in texts) == 1


def test_empty_and_dateless_text() -> None:
    assert find_dates("", PUB) == []
    assert find_dates("Armenian and Azerbaijani forces exchanged fire.", PUB) == []
    assert resolve_expression("no date here", PUB) is None


# --- reference year inferred from the text ---------------------------------------------


def test_infer_reference_year_from_war_mentions() -> None:
    text = (
        "Tension is high. The 2020 war changed the map.\n"
        "Since last year's war the two sides have exchanged fire."
    )
    assert infer_reference_year(text) == 2021
    text2 = (
        "The war that began on September 27, 2020 lasted 44 days. The clashes are the "
        "worst since a six-week war last year."
    )
    assert infer_reference_year(text2) == 2021


@pytest.mark.parametrize(
    "text",
    [
        "Elections were held last year. The 1994 ceasefire held.",  # different events
        "The war of 2016 and the war this year were different.",  # contrast in one sentence
        "The 1994 war ended. The 2020 war began. Since last year's war, little changed.",
        "The conflicts of 2016 were brief. The conflicts last year were not.",  # plural
        "The 2020 war ended. Since last year's war, fire has been exchanged. "
        "A report dated March 3, 2024 says so.",  # a later full date contradicts 2021
        "No years here at all.",
    ],
)
def test_infer_reference_year_is_conservative(text: str) -> None:
    assert infer_reference_year(text) is None


# --- more forms --------------------------------------------------------------------------


def test_weekday_before_a_date_is_absorbed_and_checked() -> None:
    (m,) = find_dates("On Tuesday, November 16, the army said", PUB)
    assert m.text == "Tuesday, November 16" and m.value.start == D(2021, 11, 16)
    assert "does not match" in one("Tuesday, November 17, 2021").note


def test_decade_and_year_possessive() -> None:
    assert span(one("in the 1990s")) == (D(1990, 1, 1), D(1999, 12, 31), "year")
    assert span(one("2020's war")) == (D(2020, 1, 1), D(2020, 12, 31), "year")


def test_day_month_ranges() -> None:
    assert span(one("on 11 and 12 January", D(2022, 1, 13))) == (
        D(2022, 1, 11),
        D(2022, 1, 12),
        "day",
    )
    v = one("between 27 September and 10 November 2020")
    assert span(v) == (D(2020, 9, 27), D(2020, 11, 10), "day")


def test_parts_of_year_and_seasons() -> None:
    assert span(one("in early 2020")) == (D(2020, 1, 1), D(2020, 4, 30), "month")
    assert span(one("since the summer of 2021")) == (D(2021, 6, 1), D(2021, 8, 31), "month")
    assert span(one("last summer")) == (D(2021, 6, 1), D(2021, 8, 31), "month")
