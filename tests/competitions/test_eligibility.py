"""The eligibility rules, as a pure function of the category, the innovation and facts."""

from datetime import date
from types import SimpleNamespace

import pytest

from competitions.choices import CategoryRule
from competitions.eligibility import Facts, months_between, reasons

TODAY = date(2026, 11, 23)


def category(rule=CategoryRule.GENERAL, quota=None, sdg=True):
    return SimpleNamespace(
        rule=rule,
        min_age_months=24,
        min_age_months_replication=12,
        quota_per_agency=quota,
        requires_sdg=sdg,
    )


def innovation(started=date(2023, 1, 1), origin_id=None, external="", sdgs=("3",)):
    return SimpleNamespace(
        implementation_start=started,
        origin_id=origin_id,
        origin_external_name=external,
        sdgs=list(sdgs),
    )


def facts(entries=0, won=False, origin_won=False, entered=False):
    return Facts(
        today=TODAY,
        entries_of_agency=entries,
        already_entered=entered,
        innovation_won=won,
        origin_won=origin_won,
    )


def test_an_eligible_innovation_has_no_reasons():
    assert reasons(category(), innovation(), facts()) == []


@pytest.mark.parametrize(
    ("started", "ok"),
    [(date(2024, 11, 23), True), (date(2024, 11, 24), False), (date(2026, 1, 1), False)],
)
def test_two_years_since_implementation(started, ok):
    problems = reasons(category(), innovation(started=started), facts())
    assert (problems == []) is ok
    if not ok:
        assert "24 months" in problems[0]


def test_a_replication_needs_one_year_only():
    young = innovation(started=date(2025, 10, 1), origin_id=7)
    assert reasons(category(), young, facts()) == []
    assert "12 months" in reasons(category(), innovation(date(2026, 1, 1), origin_id=7), facts())[0]


def test_no_implementation_date_is_a_reason():
    assert "no implementation date" in reasons(category(), innovation(started=None), facts())[0]


def test_keberlanjutan_only_for_past_winners():
    rule = category(CategoryRule.SUSTAINABILITY)
    assert "Top 99 or Top 45" in " ".join(reasons(rule, innovation(), facts(won=False)))
    assert reasons(rule, innovation(), facts(won=True)) == []


def test_replikasi_needs_a_replication_of_a_winner():
    rule = category(CategoryRule.REPLICATION)
    assert "names no origin" in " ".join(reasons(rule, innovation(), facts(origin_won=True)))
    assert "its origin never was" in " ".join(
        reasons(rule, innovation(origin_id=3), facts(origin_won=False))
    )
    assert reasons(rule, innovation(origin_id=3), facts(origin_won=True)) == []


def test_the_quota_per_agency():
    assert reasons(category(quota=10), innovation(), facts(entries=9)) == []
    assert "quota of 10 entries" in reasons(category(quota=10), innovation(), facts(entries=10))[0]


def test_an_sdg_link_is_required_where_the_category_asks():
    assert "SDG" in reasons(category(), innovation(sdgs=()), facts())[0]
    assert reasons(category(sdg=False), innovation(sdgs=()), facts()) == []


def test_every_reason_is_given_at_once():
    problems = reasons(
        category(CategoryRule.SUSTAINABILITY, quota=1),
        innovation(started=date(2026, 6, 1), sdgs=()),
        facts(entries=1),
    )
    assert len(problems) == 4


def test_the_institution_category_is_entered_without_an_innovation():
    rule = category(CategoryRule.INSTITUTION, quota=1)
    assert reasons(rule, None, facts()) == []
    assert reasons(rule, innovation(), facts()) != []
    assert "quota" in reasons(rule, None, facts(entries=1))[0]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 1, 31), date(2024, 2, 29), 0),
        (date(2024, 1, 31), date(2024, 3, 1), 1),
        (date(2020, 5, 1), date(2022, 5, 1), 24),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


def test_an_innovation_already_entered_is_told_so():
    assert reasons(category(), innovation(), facts(entered=True)) == [
        "This innovation is already entered in the category."
    ]
