"""indexes.derivation: the levels the registry proposes for per-innovation indicators.

Pure functions over ``Facts``: no database. Cuts are those of the shipped 2026 edition.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import override

from indexes import derivation
from indexes.choices import Derivation
from indexes.derivation import EvidenceFact, Facts, Indicator, propose
from innovations.choices import EvidenceKind

D = Decimal

# Document ranks (1 SK Kepala PD, 2 SK KD, 3 Perkada, 4 Perda) to levels, as the editions
# say: 2023 makes a Perkada or a Perda level 3, 2026 only a Perda.
REGULATION = Indicator(Derivation.REGULATION, [1, 2, 3])
REGULATION_2026 = Indicator(Derivation.REGULATION, [1, 3, 4])
STAFF = Indicator(Derivation.STAFF, [1, 11, 31])
DIGITAL = Indicator(Derivation.DIGITAL)
ACTORS = Indicator(Derivation.ACTORS, [3, 4, 5])
AGENCIES = Indicator(Derivation.AGENCIES, [2, 3, 5])
DISSEMINATION = Indicator(Derivation.DISSEMINATION)
REPLICATION = Indicator(Derivation.REPLICATION, [1, 2, 3])
SPEED = Indicator(Derivation.SPEED, [None, 8, 4], lower_is_better=True)
BENEFICIARIES = Indicator(Derivation.BENEFICIARIES, [1, 201, 501])
MONITORING = Indicator(Derivation.MONITORING)
VIDEO = Indicator(Derivation.VIDEO)
BUDGET = Indicator(Derivation.BUDGET, [1, 2, 3])


def ev(pk, kind, title="", dated=None):
    return EvidenceFact(pk=pk, kind=kind, title=title, dated=dated)


# --- Regulation (indicator 16) ----------------------------------------------------------

SK_KADIS = "SK Kepala Dinas Kesehatan Nomor 12 Tahun 2024 tentang Tim Inovasi KLIK Baik"
SK_BUPATI = "SK Bupati Bantaeng Nomor 188/45/2024 tentang Penetapan Inovasi Daerah"
PERBUP = "Peraturan Bupati Bantaeng Nomor 5 Tahun 2024 tentang KLIK Baik"
PERDA = "Perda Kabupaten Bantaeng Nomor 3 Tahun 2023 tentang Inovasi Daerah"


@pytest.mark.parametrize(
    "title, level",
    [
        (SK_KADIS, 1),
        (SK_BUPATI, 2),
        ("Keputusan Walikota Makassar Nomor 7 Tahun 2024", 2),
        (PERBUP, 3),
        (PERDA, 3),
        ("Perkada Nomor 9 Tahun 2024", 3),
        ("Peraturan Daerah Kabupaten Bantaeng Nomor 2 Tahun 2022", 3),
    ],
)
def test_regulation_level_from_the_title(title, level):
    decree = ev(7, EvidenceKind.REGULATION, title, date(2024, 3, 1))
    proposal = propose(REGULATION, Facts(evidence=[decree]))
    assert proposal.level == level
    assert proposal.evidence == decree
    assert title in proposal.reason


@pytest.mark.parametrize(
    "title, level",
    [(SK_KADIS, 1), (SK_BUPATI, 1), (PERBUP, 2), ("Perkada Nomor 9 Tahun 2024", 2), (PERDA, 3)],
)
def test_regulation_levels_follow_the_editions_cuts(title, level):
    decree = ev(7, EvidenceKind.REGULATION, title, date(2024, 3, 1))
    assert propose(REGULATION_2026, Facts(evidence=[decree])).level == level


def test_regulation_the_best_of_several_wins():
    kadis = ev(1, EvidenceKind.REGULATION, SK_KADIS, date(2025, 6, 1))  # newest, but level 1
    bupati = ev(2, EvidenceKind.REGULATION, SK_BUPATI, date(2024, 1, 1))
    photo = ev(3, EvidenceKind.PHOTO, PERBUP, date(2025, 7, 1))  # not a regulation
    proposal = propose(REGULATION, Facts(evidence=[kadis, bupati, photo]))
    assert proposal.level == 2
    assert proposal.evidence == bupati
    assert SK_BUPATI in proposal.reason

    perda = ev(4, EvidenceKind.REGULATION, PERDA, None)  # undated, still the best
    proposal = propose(REGULATION, Facts(evidence=[kadis, perda, bupati]))
    assert proposal.level == 3
    assert proposal.evidence == perda


def test_regulation_ties_go_to_the_newest():
    older = ev(5, EvidenceKind.REGULATION, SK_BUPATI, date(2023, 1, 1))
    newer = ev(4, EvidenceKind.REGULATION, "SK Bupati Bantaeng Nomor 9/2025", date(2025, 1, 1))
    assert propose(REGULATION, Facts(evidence=[older, newer])).evidence == newer
    assert propose(REGULATION, Facts(evidence=[newer, older])).evidence == newer


def test_regulation_none_without_regulation_evidence():
    assert propose(REGULATION, Facts()) is None
    others = [
        ev(1, EvidenceKind.SOP, "SOP berdasarkan Peraturan Bupati Nomor 5"),
        ev(2, EvidenceKind.REPORT, "Laporan kepada Bupati"),
    ]
    assert propose(REGULATION, Facts(evidence=others)) is None


def test_a_tracker_regulation_ranks_by_its_kind_not_its_title():
    """A regulation of the pelembagaan tracker carries who signed it (its kind)."""
    locker = ev(1, EvidenceKind.REGULATION, SK_BUPATI, date(2024, 1, 1))
    tracker = EvidenceFact(
        2,
        EvidenceKind.REGULATION,
        "Tentang Inovasi Daerah (No. 3)",
        date(2023, 1, 1),
        "perda.pdf",
        source="regulation",
        rank=4,
    )
    with override("en"):
        proposal = propose(REGULATION_2026, Facts(evidence=[locker, tracker]))
    assert (proposal.level, proposal.evidence) == (3, tracker)
    assert "in the pelembagaan tracker" in proposal.reason


# --- Budget (indicator 18) ----------------------------------------------------------------


def line(pk, year, file_name="dpa.pdf"):
    return EvidenceFact(
        pk, EvidenceKind.REPORT, f"Kegiatan {year}", date(year, 12, 31), file_name, "budget"
    )


@pytest.mark.parametrize(
    "years, level",
    [
        ([2026], 1),
        ([2024], 1),
        ([2024, 2026], 1),  # two years, but not in a row
        ([2025, 2026], 2),
        ([2024, 2025], 2),
        ([2024, 2025, 2026], 3),
        ([2021, 2022, 2023, 2026], 1),  # only T-2..T-0 counts
    ],
)
def test_budget_levels_by_consecutive_years_funded(years, level):
    facts = Facts(budget=[line(pk, year) for pk, year in enumerate(years)], season=2026)
    assert propose(BUDGET, facts).level == level


def test_budget_is_backed_by_the_newest_line_with_a_document():
    lines = [line(1, 2024), line(2, 2025), line(3, 2026, file_name="")]
    with override("en"):
        proposal = propose(BUDGET, Facts(budget=lines, season=2026))
    assert proposal.evidence == lines[1]
    assert proposal.reason == "Budget lines fund it in 2024, 2025, 2026 (pelembagaan tracker)"
    undocumented = propose(BUDGET, Facts(budget=[line(4, 2026, "")], season=2026))
    assert undocumented.level == 1 and undocumented.evidence is None


def test_budget_none_outside_the_window_or_without_a_season():
    assert propose(BUDGET, Facts(budget=[line(1, 2022)], season=2026)) is None
    assert propose(BUDGET, Facts(budget=[line(1, 2026)])) is None


# --- Staff (indicator 17): cuts [1, 11, 31] -------------------------------------------


@pytest.mark.parametrize(
    "team, level",
    [(1, 1), (10, 1), (11, 2), (30, 2), (31, 3), (120, 3)],
)
def test_staff(team, level):
    proposal = propose(STAFF, Facts(team_size=team))
    assert proposal.level == level
    assert str(team) in proposal.reason
    assert proposal.evidence is None


def test_staff_empty_team_is_no_proposal():
    # 0 < 1 (the first cut): level 0, so nothing is proposed
    assert propose(STAFF, Facts(team_size=0)) is None


def test_staff_reason_in_english():
    with override("en"):
        assert propose(STAFF, Facts(team_size=11)).reason == "11 people on the innovation's team"


# --- Digital (indicator 19) ------------------------------------------------------------


def test_digital_backed_by_the_latest_photo():
    old = ev(1, EvidenceKind.PHOTO, "Peluncuran", date(2024, 1, 10))
    new = ev(2, EvidenceKind.PHOTO, "Layanan berjalan", date(2025, 2, 3))
    undated = ev(9, EvidenceKind.PHOTO, "Tanpa tanggal")
    video = ev(3, EvidenceKind.VIDEO, "Video", date(2025, 12, 1))
    evidence = [old, new, undated, video]

    digital = propose(DIGITAL, Facts(is_digital=True, evidence=evidence))
    assert digital.level == 2
    assert digital.evidence == new

    manual = propose(DIGITAL, Facts(is_digital=False, evidence=evidence))
    assert manual.level == 1
    assert manual.evidence == new
    assert digital.reason != manual.reason


def test_digital_without_a_photo():
    for is_digital, level in ((True, 2), (False, 1)):
        proposal = propose(DIGITAL, Facts(is_digital=is_digital))
        assert proposal.level == level
        assert proposal.evidence is None


# --- Actors (indicator 22): cuts [3, 4, 5], the implementer counts as government -------


@pytest.mark.parametrize(
    "partners, kinds, level",
    [
        (["academia", "business"], 3, 1),  # {government, academia, business}
        (["academia", "academia", "business", "business"], 3, 1),  # duplicates once
        (["government", "academia", "business"], 3, 1),  # government already counted
        (["academia", "business", "community"], 4, 2),
        (["academia", "business", "community", "media"], 5, 3),
        (["academia", "business", "community", "media", "ngo", "government"], 6, 3),
    ],
)
def test_actors(partners, kinds, level):
    proposal = propose(ACTORS, Facts(partner_kinds=partners))
    assert proposal.level == level
    assert str(kinds) in proposal.reason


@pytest.mark.parametrize("partners", [[], ["academia"], ["government", "government"]])
def test_actors_fewer_than_three_kinds_is_no_proposal(partners):
    assert propose(ACTORS, Facts(partner_kinds=partners)) is None


def test_actors_reason_in_english():
    with override("en"):
        proposal = propose(ACTORS, Facts(partner_kinds=["academia", "business"]))
    assert proposal.reason == "3 kinds of actor: the implementer and its partners"


# --- Agencies (indicator 24): cuts [2, 3, 5], 1 + government partners ----------------


@pytest.mark.parametrize(
    "partners, count, level",
    [
        (["government"], 2, 1),
        (["government", "academia", "business"], 2, 1),  # only government ones count
        (["government", "government"], 3, 2),
        (["government"] * 3, 4, 2),
        (["government"] * 4, 5, 3),
    ],
)
def test_agencies(partners, count, level):
    proposal = propose(AGENCIES, Facts(partner_kinds=partners))
    assert proposal.level == level
    assert str(count) in proposal.reason


@pytest.mark.parametrize("partners", [[], ["academia", "business", "community"]])
def test_agencies_implementer_alone_is_no_proposal(partners):
    # 1 agency < 2 (the first 2026 cut): level 0
    assert propose(AGENCIES, Facts(partner_kinds=partners)) is None


# --- Dissemination (indicator 25) ------------------------------------------------------


def test_dissemination_media():
    photo = ev(1, EvidenceKind.PHOTO, "Spanduk", date(2025, 5, 1))
    old = ev(2, EvidenceKind.MEDIA, "Berita lama", date(2024, 1, 1))
    new = ev(3, EvidenceKind.MEDIA, "Tribun Timur: KLIK Baik", date(2025, 1, 1))
    proposal = propose(DISSEMINATION, Facts(evidence=[photo, old, new]))
    assert proposal.level == 3
    assert proposal.evidence == new
    assert "Tribun Timur: KLIK Baik" in proposal.reason


def test_dissemination_photo_only():
    photo = ev(1, EvidenceKind.PHOTO, "Spanduk sosialisasi", date(2025, 5, 1))
    proposal = propose(DISSEMINATION, Facts(evidence=[photo]))
    assert proposal.level == 1
    assert proposal.evidence == photo
    assert "Spanduk sosialisasi" in proposal.reason


def test_dissemination_none():
    assert propose(DISSEMINATION, Facts()) is None
    other = [ev(1, EvidenceKind.REPORT, "Laporan"), ev(2, EvidenceKind.VIDEO, "Video")]
    assert propose(DISSEMINATION, Facts(evidence=other)) is None


# --- Replication (indicator 31): cuts [1, 2, 3] ----------------------------------------


@pytest.mark.parametrize("replications, level", [(1, 1), (2, 2), (3, 3), (5, 3)])
def test_replication(replications, level):
    proposal = propose(REPLICATION, Facts(replications_elsewhere=replications))
    assert proposal.level == level
    assert str(replications) in proposal.reason


def test_replication_none():
    assert propose(REPLICATION, Facts(replications_elsewhere=0)) is None


# --- Speed (indicator 32): cuts [None, 8, 4], lower is better --------------------------


@pytest.mark.parametrize(
    "idea_on, trial_on, months, level",
    [
        (date(2024, 1, 15), date(2025, 1, 10), 12, 1),  # 12 > 8: only the unbounded level 1
        (date(2024, 1, 1), date(2024, 10, 1), 9, 1),
        (date(2024, 1, 1), date(2024, 9, 1), 8, 2),  # 8 ≤ 8
        (date(2024, 1, 20), date(2024, 7, 5), 6, 2),  # 4 < 6 ≤ 8
        (date(2024, 1, 1), date(2024, 5, 1), 4, 3),  # 4 ≤ 4
        (date(2024, 11, 1), date(2025, 2, 1), 3, 3),  # across the year: 12 − 11 + 2 = 3
        (date(2024, 3, 1), date(2024, 3, 1), 0, 3),  # same day
        (date(2024, 3, 5), date(2024, 3, 28), 0, 3),  # same month
    ],
)
def test_speed(idea_on, trial_on, months, level):
    report = ev(4, EvidenceKind.REPORT, "Proposal inovasi", date(2024, 2, 1))
    facts = Facts(idea_on=idea_on, trial_on=trial_on, evidence=[report])
    proposal = propose(SPEED, facts)
    assert proposal.level == level
    assert proposal.evidence == report
    with override("en"):
        assert propose(SPEED, facts).reason == f"{months} months from the idea to the trial"


def test_speed_backed_by_the_latest_report():
    reports = [
        ev(1, EvidenceKind.REPORT, "Lama", date(2023, 1, 1)),
        ev(2, EvidenceKind.REPORT, "Baru", date(2024, 6, 1)),
        ev(3, EvidenceKind.DATA, "Data", date(2025, 1, 1)),
    ]
    facts = Facts(idea_on=date(2024, 1, 1), trial_on=date(2024, 3, 1), evidence=reports)
    assert propose(SPEED, facts).evidence == reports[1]
    assert (
        propose(SPEED, Facts(idea_on=date(2024, 1, 1), trial_on=date(2024, 3, 1))).evidence is None
    )


@pytest.mark.parametrize(
    "idea_on, trial_on",
    [
        (date(2024, 6, 1), date(2024, 5, 31)),  # trial before the idea
        (date(2024, 3, 20), date(2024, 3, 5)),  # same month, trial earlier
        (None, date(2024, 5, 1)),
        (date(2024, 5, 1), None),
        (None, None),
    ],
)
def test_speed_none(idea_on, trial_on):
    assert propose(SPEED, Facts(idea_on=idea_on, trial_on=trial_on)) is None


# --- Beneficiaries (indicator 33): cuts [1, 201, 501] ----------------------------------


@pytest.mark.parametrize(
    "value, level",
    [(D(1), 1), (D(200), 1), (D(201), 2), (D(500), 2), (D(501), 3), (D(12500), 3)],
)
def test_beneficiaries(value, level):
    data = ev(6, EvidenceKind.DATA, "Rekap pasien", date(2025, 1, 1))
    proposal = propose(BENEFICIARIES, Facts(beneficiaries=value, evidence=[data]))
    assert proposal.level == level
    assert proposal.evidence == data


def test_beneficiaries_reason_formats_the_number():
    with override("en"):
        proposal = propose(BENEFICIARIES, Facts(beneficiaries=D("1250")))
    assert proposal.reason == "1,250 beneficiaries in the latest impact measurement"
    assert proposal.level == 3
    assert proposal.evidence is None


def test_beneficiaries_none():
    assert propose(BENEFICIARIES, Facts(beneficiaries=None)) is None
    assert propose(BENEFICIARIES, Facts(beneficiaries=D(0))) is None  # 0 < 1: level 0


def test_beneficiaries_from_picks_the_largest_people_value():
    latest = [
        ("orang", D(120)),
        ("%", D(900)),  # a percentage, not people
        ("hari", D(3000)),  # days, not people
        ("Pasien", D(450)),  # units match case-insensitively
        ("jiwa", D(300)),
        ("", D(5000)),
        (None, D(6000)),
    ]
    assert derivation.beneficiaries_from(latest) == D(450)


def test_beneficiaries_from_without_people_units():
    assert derivation.beneficiaries_from([]) is None
    assert derivation.beneficiaries_from([("%", D(80)), ("hari", D(3))]) is None


def test_beneficiaries_from_feeds_the_rule():
    value = derivation.beneficiaries_from([("warga", D(230)), ("%", D(99))])
    assert value == D(230)
    assert propose(BENEFICIARIES, Facts(beneficiaries=value)).level == 2  # 201 ≤ 230 < 501


# --- Monitoring (indicator 34) ---------------------------------------------------------


@pytest.mark.parametrize(
    "instruments",
    [
        ["Survei Kepuasan Masyarakat"],
        ["observasi", "SKM 2024"],
        ["Kuesioner kepuasan pasien"],
        ["satisfaction survey"],
    ],
)
def test_monitoring_with_a_survey(instruments):
    report = ev(8, EvidenceKind.REPORT, "Laporan monev", date(2025, 3, 1))
    proposal = propose(MONITORING, Facts(visits_done=instruments, evidence=[report]))
    assert proposal.level == 2
    assert proposal.evidence == report


def test_monitoring_plain_visits():
    proposal = propose(MONITORING, Facts(visits_done=["observasi", "wawancara", ""]))
    assert proposal.level == 1
    assert "3" in proposal.reason
    assert proposal.evidence is None


def test_monitoring_none():
    assert propose(MONITORING, Facts()) is None


# --- Video (indicator 35) --------------------------------------------------------------


def test_video():
    old = ev(1, EvidenceKind.VIDEO, "Video lama", date(2024, 1, 1))
    new = ev(2, EvidenceKind.VIDEO, "Video IGA 2025", date(2025, 8, 1))
    proposal = propose(VIDEO, Facts(evidence=[new, old]))
    assert proposal.level == 1
    assert proposal.evidence == new


def test_video_none():
    assert propose(VIDEO, Facts()) is None
    assert propose(VIDEO, Facts(evidence=[ev(1, EvidenceKind.MEDIA, "Berita")])) is None


# --- Unknown derivations and level_from_cuts -------------------------------------------


@pytest.mark.parametrize("name", ["", Derivation.NONE, "unknown", "budget"])
def test_no_rule_no_proposal(name):
    facts = Facts(team_size=50, is_digital=True, replications_elsewhere=3)
    assert propose(Indicator(name, [1, 2, 3]), facts) is None


@pytest.mark.parametrize(
    "value, cuts, lower_is_better, level",
    [
        (0, [1, 11, 31], False, 0),  # under the first cut
        (1, [1, 11, 31], False, 1),
        (10, [1, 11, 31], False, 1),
        (11, [1, 11, 31], False, 2),
        (31, [1, 11, 31], False, 3),
        (D("200.5"), [1, 201, 501], False, 1),
        (5, [], False, 0),  # no cuts, no level
        (5, None, False, 0),
        (5, [None, None, None], False, 3),  # unbounded levels are always reached
        (12, [None, 8, 4], True, 1),
        (8, [None, 8, 4], True, 2),
        (5, [None, 8, 4], True, 2),
        (4, [None, 8, 4], True, 3),
        (9, [8, 4, 2], True, 0),  # over the first bound
        (3, [8, 4, 2], True, 2),
        (100, [1, 200, 50], False, 1),  # stops at the first cut not reached
    ],
)
def test_level_from_cuts(value, cuts, lower_is_better, level):
    assert derivation.level_from_cuts(value, cuts, lower_is_better) == level


def test_level_zero_is_no_proposal():
    # level_from_cuts gives 0 → propose returns None rather than a level-0 proposal
    assert derivation.level_from_cuts(2, [3, 4, 5]) == 0
    assert (
        propose(Indicator(Derivation.REPLICATION, [3, 4, 5]), Facts(replications_elsewhere=2))
        is None
    )
    assert (
        propose(Indicator(Derivation.REPLICATION, [3, 4, 5]), Facts(replications_elsewhere=3)).level
        == 1
    )
