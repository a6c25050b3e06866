"""indexes.scoring: the IID arithmetic (shared/IID.md §1.4 and §2), worked by hand.

Pure functions: no database. Every expected number is derived in a comment next to it.
"""

import dataclasses
import itertools
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from indexes import scoring
from indexes.scoring import Entry, Item, Rules

D = Decimal

# The six urusan wajib pelayanan dasar (IID.md §1.4).
YANDAS = frozenset({"pendidikan", "kesehatan", "pupr", "perumahan", "trantibum", "sosial"})
FIVE_YANDAS = ["pendidikan", "kesehatan", "pupr", "perumahan", "trantibum"]  # all but sosial

BANDS_2023 = (
    (D("60.01"), "Sangat Inovatif"),
    (D("35.00"), "Inovatif"),
    (D("0.01"), "Kurang Inovatif"),
    (D("0"), "Tidak Dapat Dinilai"),
)
# Deliberately out of order: Rules.bands may come in any order.
BANDS_2026 = (
    (D("0.01"), "Kurang Inovatif"),
    (D("65.01"), "Sangat Inovatif"),
    (D("0"), "Tidak Dapat Dinilai"),
    (D("40.01"), "Inovatif"),
)

COUNT = {
    "count_points_each": D("0.38"),
    "count_cap": 200,
    "count_urusan": YANDAS,
    "count_urusan_min": 5,
}
# The worked example of IID.md §2.1: the 2023 formula (floor 10, max 250, 2023 bands)
# with the 2026 jumlah-inovasi rule.
RULES_EXAMPLE = Rules(divisor_floor=10, max_total=D(250), bands=BANDS_2023, **COUNT)
RULES_2026 = Rules(divisor_floor=12, max_total=D(250), bands=BANDS_2026, **COUNT)
# No count part at all.
RULES_NO_COUNT = Rules(divisor_floor=10, max_total=D(250), bands=BANDS_2023)

INFRA = "Infrastruktur"
SPEED = "Kecepatan Bisnis Proses"
PRODUCT = "Kecanggihan Produk"
OUTPUT = "Jumlah Inovasi & Hasil Kreatif"


def strong_items():
    """70 points: 9 + 6×7 + 9 + 8 + 2."""
    return (
        Item("16", INFRA, D(3), 3),  # 9
        Item("17", INFRA, D(2), 3),  # 6
        Item("18", INFRA, D(2), 3),  # 6
        Item("19", PRODUCT, D(2), 3),  # 6
        Item("21", INFRA, D(2), 3),  # 6
        Item("28", SPEED, D(2), 3),  # 6
        Item("30", PRODUCT, D(2), 3),  # 6
        Item("32", SPEED, D(2), 3),  # 6
        Item("33", OUTPUT, D(3), 3),  # 9
        Item("35", OUTPUT, D(4), 2),  # 8
        Item("34", OUTPUT, D(2), 1),  # 2
    )


def weak_items():
    """10 points: 3 + 2 + 4 + 1."""
    return (
        Item("16", INFRA, D(3), 1),
        Item("17", INFRA, D(2), 1),
        Item("35", OUTPUT, D(4), 1),
        Item("22", "Output Pengetahuan dan Teknologi", D(1), 1),
    )


def spd_40():
    """SPD = 15 + 15 + 10 = 40."""
    return [
        Item("1", "Kelembagaan", D(5), 3),
        Item("3", "Kelembagaan", D(5), 3),
        Item("4", "Ekosistem Inovasi dan Kajian", D(5), 2),
    ]


def strong(n, urusan=FIVE_YANDAS, agency="dinkes"):
    """n innovations of 70 points each, their urusan cycling through ``urusan``."""
    cycle = itertools.cycle(urusan)
    return [Entry(f"inov-{i}", agency, frozenset({next(cycle)}), strong_items()) for i in range(n)]


def flat(key, points, urusan=(), agency="dinkes", variable=INFRA):
    """An innovation worth ``points`` through one item of weight ``points`` at level 1."""
    return Entry(key, agency, frozenset(urusan), (Item("16", variable, D(points), 1),))


def pemda_worth(points):
    return [Item("1", "Kelembagaan", D(points), 1)]


# --- The worked examples of IID.md §2.1 -------------------------------------------------


def test_item_and_entry_points():
    # 70 = 9 + 6 + 6 + 6 + 6 + 6 + 6 + 6 + 9 + 8 + 2; 10 = 3 + 2 + 4 + 1
    assert Entry("a", "x", frozenset(), strong_items()).points == D(70)
    assert Entry("b", "x", frozenset(), weak_items()).points == D(10)
    assert Entry("c", "x", frozenset(), ()).points == D(0)


def test_worked_example_25_innovations():
    # SPD = 40; 25 innovations × 70 = 1,750; urusan: 5 of the 6 covered.
    # divisor = MAX(10, 25) = 25 → 1,750 / 25 = 70
    # count   = MIN(25, 200) × 0.38 = 9.5
    # SID     = 70 + 9.5 = 79.5; total = 40 + 79.5 = 119.5
    # IID     = 119.5 / 250 × 100 = 47.80 → 2023 band "Inovatif" (35.00 ≤ 47.80 < 60.01)
    s = scoring.score(RULES_EXAMPLE, spd_40(), strong(25))
    assert s.pemda == D(40)
    assert s.innovations_sum == D(1750)
    assert s.divisor == 25
    assert s.innovation == D(70)
    assert s.count == D("9.5")
    assert s.urusan_covered == 5
    assert s.innovation + s.count == D("79.5")
    assert s.total == D("119.5")
    assert s.iid == D("47.80")
    assert str(s.iid) == "47.80"
    assert s.band == "Inovatif"
    assert s.total_max == D(250)


def test_worked_example_8_innovations():
    # 8 × 70 = 560; divisor = MAX(10, 8) = 10 → 56; count = 8 × 0.38 = 3.04
    # SID = 59.04; total = 40 + 59.04 = 99.04
    # IID = 99.04 / 250 × 100 = 39.616 → 39.62 (IID.md shows it to one decimal: 39.6)
    # band: 35.00 ≤ 39.62 < 60.01 → "Inovatif"
    s = scoring.score(RULES_EXAMPLE, spd_40(), strong(8))
    assert s.divisor == 10
    assert s.innovation == D(56)
    assert s.count == D("3.04")
    assert s.innovation + s.count == D("59.04")
    assert s.total == D("99.04")
    assert s.iid == D("39.62")
    assert s.band == "Inovatif"


# --- The divisor -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, expected",
    [
        (0, 12),  # MAX(12, 0) = 12
        (5, 12),  # MAX(12, 5) = 12: below the floor
        (12, 12),  # MAX(12, 12) = 12
        (13, 13),  # MAX(12, 13) = 13
        (20, 20),  # MAX(12, 20) = 20: above the floor
    ],
)
def test_divisor(n, expected):
    assert scoring.divisor(RULES_2026, n) == expected


def test_divisor_never_zero():
    # floor 0 and no innovations: MAX(0, 0, 1) = 1, so the sum (0) is never divided by 0
    rules = Rules(divisor_floor=0, max_total=D(250))
    assert scoring.divisor(rules, 0) == 1
    assert scoring.divisor(rules, 3) == 3
    assert scoring.score(rules, pemda_worth(25), []).iid == D("10.00")  # 25 / 250 × 100


def test_divisor_below_the_floor_dilutes():
    # 2026 rules, 5 innovations of 60 points: 300 / MAX(12, 5) = 300 / 12 = 25
    # count: 5 urusan covered → 5 × 0.38 = 1.90; total = 26.90 → IID 26.9 / 2.5 = 10.76
    entries = [flat(f"i{k}", 60, [u]) for k, u in enumerate(FIVE_YANDAS)]
    s = scoring.score(RULES_2026, [], entries)
    assert s.divisor == 12
    assert s.innovation == D(25)
    assert s.count == D("1.90")
    assert s.iid == D("10.76")
    assert s.band == "Kurang Inovatif"


def test_divisor_above_the_floor_averages():
    # 2026 rules, 20 innovations of 60 points: 1,200 / MAX(12, 20) = 60
    # count: 20 × 0.38 = 7.60; total = 67.60 → IID 67.6 / 2.5 = 27.04
    entries = [flat(f"i{k}", 60, [u]) for k, u in zip(range(20), itertools.cycle(FIVE_YANDAS))]
    s = scoring.score(RULES_2026, [], entries)
    assert s.divisor == 20
    assert s.innovation == D(60)
    assert s.count == D("7.60")
    assert s.iid == D("27.04")


# --- The count part and the urusan rule --------------------------------------------------


def test_count_four_of_six_urusan_is_zero():
    # pendidikan, kesehatan, pupr, perumahan: 4 < 5 → count 0 (not 4 × 0.38 = 1.52)
    entries = [flat(f"i{k}", 10, [u]) for k, u in enumerate(FIVE_YANDAS[:4])]
    assert scoring.count_part(RULES_2026, entries) == (D(0), 4)
    s = scoring.score(RULES_2026, [], entries)
    assert s.count == D(0)
    assert s.urusan_covered == 4
    # total = 4 × 10 / 12 = 3.333… → IID 1.333… → 1.33
    assert s.iid == D("1.33")


def test_count_five_of_six_urusan_counts():
    # 5 covered ≥ 5 → MIN(5, 200) × 0.38 = 1.90
    entries = [flat(f"i{k}", 10, [u]) for k, u in enumerate(FIVE_YANDAS)]
    assert scoring.count_part(RULES_2026, entries) == (D("1.90"), 5)


def test_count_all_six_urusan():
    # 6 covered; 6 innovations → 6 × 0.38 = 2.28
    entries = [flat(f"i{k}", 10, [u]) for k, u in enumerate(sorted(YANDAS))]
    assert scoring.count_part(RULES_2026, entries) == (D("2.28"), 6)


def test_count_urusan_outside_the_six_do_not_count():
    # 4 of the six + pariwisata, pertanian, kominfo: still 4 covered → 0,
    # though there are 7 innovations (7 × 0.38 = 2.66 would be wrong)
    entries = [flat(f"i{k}", 10, [u]) for k, u in enumerate(FIVE_YANDAS[:4])]
    entries += [
        flat("p1", 10, ["pariwisata"]),
        flat("p2", 10, ["pertanian"]),
        flat("p3", 10, ["kominfo", "pariwisata"]),
    ]
    assert scoring.count_part(RULES_2026, entries) == (D(0), 4)


def test_count_other_urusan_of_an_entry_count():
    # Entry.urusan holds the main and the other urusan of an innovation:
    # {pendidikan, kesehatan, pupr} ∪ {perumahan, trantibum, pariwisata} → 5 of the six
    # → 2 innovations × 0.38 = 0.76
    entries = [
        flat("a", 10, ["pendidikan", "kesehatan", "pupr"]),
        flat("b", 10, ["perumahan", "trantibum", "pariwisata"]),
    ]
    assert scoring.count_part(RULES_2026, entries) == (D("0.76"), 5)


def test_count_repeated_urusan_counted_once():
    # 10 innovations all in pendidikan: 1 covered → 0
    entries = [flat(f"i{k}", 10, ["pendidikan"]) for k in range(10)]
    assert scoring.count_part(RULES_2026, entries) == (D(0), 1)


@pytest.mark.parametrize(
    "n, expected",
    [
        (199, D("75.62")),  # 199 × 0.38
        (200, D("76.00")),  # 200 × 0.38
        (201, D("76.00")),  # MIN(201, 200) × 0.38
        (250, D("76.00")),  # MIN(250, 200) × 0.38 = 76
    ],
)
def test_count_cap(n, expected):
    entries = [flat(f"i{k}", 1, [u]) for k, u in zip(range(n), itertools.cycle(FIVE_YANDAS))]
    count, covered = scoring.count_part(RULES_2026, entries)
    assert count == expected
    assert covered == 5


def test_count_zero_points_innovations_still_count():
    # n counts innovations, not points: 5 innovations worth 0 → 5 × 0.38 = 1.90
    entries = [flat(f"i{k}", 0, [u]) for k, u in enumerate(FIVE_YANDAS)]
    assert scoring.count_part(RULES_2026, entries) == (D("1.90"), 5)


def test_no_count_rule():
    # count_points_each 0 (the 2023 rules without the count term): 25 × 0 = 0
    assert scoring.count_part(RULES_NO_COUNT, strong(25)) == (D(0), 0)


# --- Bands -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iid, band",
    [
        ("100.00", "Sangat Inovatif"),
        ("65.01", "Sangat Inovatif"),
        ("65.00", "Inovatif"),
        ("40.01", "Inovatif"),
        ("40.00", "Kurang Inovatif"),
        ("0.01", "Kurang Inovatif"),
        ("0.00", "Tidak Dapat Dinilai"),
        ("0", "Tidak Dapat Dinilai"),
    ],
)
def test_band_edges_2026(iid, band):
    assert scoring.band_for(D(iid), BANDS_2026) == band


@pytest.mark.parametrize(
    "iid, band",
    [
        ("60.01", "Sangat Inovatif"),
        ("60.00", "Inovatif"),
        ("35.00", "Inovatif"),
        ("34.99", "Kurang Inovatif"),
        ("0.01", "Kurang Inovatif"),
        ("0", "Tidak Dapat Dinilai"),
    ],
)
def test_band_edges_2023(iid, band):
    assert scoring.band_for(D(iid), BANDS_2023) == band


def test_band_none_matches():
    assert scoring.band_for(D("50"), ()) == ""
    assert scoring.band_for(D("5"), ((D("10"), "High"),)) == ""


@pytest.mark.parametrize(
    "pemda_points, iid, band",
    [
        # IID = total / 250 × 100 = total / 2.5, banded after rounding
        ("162.5", "65.00", "Inovatif"),  # 162.5 / 2.5 = 65.00
        ("162.525", "65.01", "Sangat Inovatif"),  # 162.525 / 2.5 = 65.01
        ("162.5125", "65.01", "Sangat Inovatif"),  # 65.005 → 65.01 (half-up)
        ("162.51", "65.00", "Inovatif"),  # 65.004 → 65.00
        ("100", "40.00", "Kurang Inovatif"),  # 100 / 2.5 = 40.00
        ("100.025", "40.01", "Inovatif"),  # 40.01
        ("0.025", "0.01", "Kurang Inovatif"),  # 0.01
        ("0.0125", "0.01", "Kurang Inovatif"),  # 0.005 → 0.01 (half-up)
        ("0.01", "0.00", "Tidak Dapat Dinilai"),  # 0.004 → 0.00
        ("0", "0.00", "Tidak Dapat Dinilai"),
    ],
)
def test_band_through_score_2026(pemda_points, iid, band):
    # No innovations: innovation part 0 / MAX(12, 0) = 0; count 0 (0 urusan < 5)
    s = scoring.score(RULES_2026, pemda_worth(pemda_points), [])
    assert s.count == D(0)
    assert s.iid == D(iid)
    assert s.band == band


def test_nothing_reported():
    # no pemda items, no innovations → total 0 → IID 0.00 → "Tidak Dapat Dinilai"
    s = scoring.score(RULES_2026, [], [])
    assert s.total == D(0)
    assert s.iid == D("0.00")
    assert s.band == "Tidak Dapat Dinilai"
    assert s.divisor == 12
    assert s.by_variable == {} and s.by_agency == {} and s.by_innovation == {}


# --- Breakdowns ------------------------------------------------------------------------


def breakdown_case():
    pemda = [
        Item("1", "Kelembagaan", D(2), 3),  # 6
        Item("14", "Ekosistem Inovasi dan Kajian", D(1), 2),  # 2
    ]
    entries = [
        Entry(
            "A",
            "dinkes",
            frozenset({"kesehatan", "pendidikan"}),
            (Item("16", INFRA, D(3), 3), Item("33", OUTPUT, D(3), 2)),  # 9 + 6 = 15
        ),
        Entry(
            "B",
            "dinkes",
            frozenset({"pupr"}),
            (Item("16", INFRA, D(3), 1), Item("35", OUTPUT, D(4), 1)),  # 3 + 4 = 7
        ),
        Entry(
            "C",
            "rsud",
            frozenset({"perumahan", "trantibum"}),
            (Item("17", INFRA, D(2), 2), Item("33", OUTPUT, D(3), 3)),  # 4 + 9 = 13
        ),
        Entry("D", "rsud", frozenset({"sosial"}), (Item("16", INFRA, D(3), 0),)),  # 0
    ]
    return pemda, entries


def test_breakdowns():
    # pemda = 6 + 2 = 8; innovations 15 + 7 + 13 + 0 = 35, / MAX(10, 4) = 3.5
    # count: 6 urusan covered → 4 × 0.38 = 1.52; total = 8 + 3.5 + 1.52 = 13.02
    # IID = 13.02 / 2.5 = 5.208 → 5.21
    pemda, entries = breakdown_case()
    s = scoring.score(RULES_EXAMPLE, pemda, entries)
    assert s.pemda == D(8)
    assert s.innovations_sum == D(35)
    assert s.innovation == D("3.5")
    assert s.count == D("1.52")
    assert s.urusan_covered == 6
    assert s.total == D("13.02")
    assert s.iid == D("5.21")

    # by_innovation: points / 10
    assert s.by_innovation == {"A": D("1.5"), "B": D("0.7"), "C": D("1.3"), "D": D(0)}
    # by_agency: dinkes (15 + 7) / 10 = 2.2; rsud (13 + 0) / 10 = 1.3
    assert s.by_agency == {"dinkes": D("2.2"), "rsud": D("1.3")}
    # by_variable: pemda items undivided, innovation items / 10
    #   Kelembagaan 6, Ekosistem 2, Infrastruktur (9 + 3 + 4 + 0) / 10 = 1.6,
    #   Jumlah Inovasi (6 + 4 + 9) / 10 = 1.9
    assert s.by_variable == {
        "Kelembagaan": D(6),
        "Ekosistem Inovasi dan Kajian": D(2),
        INFRA: D("1.6"),
        OUTPUT: D("1.9"),
    }

    # The sums: variables = pemda + innovation part (8 + 3.5 = 11.5);
    # agencies and innovations = innovation part (3.5). The count part is in none of them.
    assert sum(s.by_variable.values()) == s.pemda + s.innovation == D("11.5")
    assert sum(s.by_agency.values()) == s.innovation == D("3.5")
    assert sum(s.by_innovation.values()) == s.innovation
    assert sum(s.by_variable.values()) + s.count == s.total


def test_breakdowns_divide_by_the_floor_or_n():
    # 25 strong innovations in two agencies: each 70 / 25 = 2.8
    # dinkes 10 × 2.8 = 28; rsud 15 × 2.8 = 42; together 70 = the innovation part
    entries = strong(10, agency="dinkes") + [
        dataclasses.replace(e, key=f"r{k}", agency="rsud") for k, e in enumerate(strong(15))
    ]
    s = scoring.score(RULES_EXAMPLE, spd_40(), entries)
    assert s.divisor == 25
    assert s.by_innovation["inov-0"] == D("2.8")
    assert s.by_agency == {"dinkes": D(28), "rsud": D(42)}
    # by_variable: the pemda items undivided (Kelembagaan 15 + 15 = 30, Ekosistem 10), and
    # the strong items × 25 / 25, i.e. one innovation's points per variable:
    #   Infrastruktur 9 + 6 + 6 + 6 = 27 (16, 17, 18, 21); Kecanggihan 6 + 6 = 12 (19, 30);
    #   Kecepatan 6 + 6 = 12 (28, 32); Jumlah Inovasi 9 + 8 + 2 = 19 (33, 35, 34) → 70
    assert s.by_variable[INFRA] == D(27)
    assert s.by_variable[PRODUCT] == D(12)
    assert s.by_variable[SPEED] == D(12)
    assert s.by_variable[OUTPUT] == D(19)
    assert s.by_variable["Kelembagaan"] == D(30)
    assert s.by_variable["Ekosistem Inovasi dan Kajian"] == D(10)
    assert sum(s.by_variable.values()) == s.pemda + s.innovation == D(110)


def test_iid_of():
    # iid_of(points) = points / 250 × 100
    pemda, entries = breakdown_case()
    s = scoring.score(RULES_EXAMPLE, pemda, entries)
    assert s.iid_of(D(5)) == D(2)  # 5 / 250 × 100
    assert s.iid_of(s.by_innovation["A"]) == D("0.6")  # 1.5 / 250 × 100
    assert s.iid_of(s.by_agency["dinkes"]) == D("0.88")  # 2.2 / 250 × 100
    assert s.iid_of(s.total) == D("5.208")  # unrounded: 13.02 / 2.5
    assert s.iid_of(D(0)) == D(0)
    # With no maximum, nothing is worth anything (no ZeroDivisionError).
    assert dataclasses.replace(s, total_max=D(0)).iid_of(D(5)) == D(0)


# --- What-if: iid_for ------------------------------------------------------------------


def test_iid_for_matches_score():
    for entries in (strong(25), strong(8), breakdown_case()[1]):
        s = scoring.score(RULES_EXAMPLE, spd_40(), entries)
        assert scoring.iid_for(RULES_EXAMPLE, s.pemda, entries) == s.iid


def test_iid_for_dropping_a_weak_innovation_above_the_floor_raises():
    # 11 strong (70) + 1 weak (10), the weak one the only sosial: 6 urusan, then 5.
    entries = strong(11) + [Entry("weak", "dinkes", frozenset({"sosial"}), weak_items())]
    # With it:    (770 + 10) / MAX(10, 12) = 780 / 12 = 65; count 12 × 0.38 = 4.56
    #             total = 40 + 65 + 4.56 = 109.56 → IID 43.824 → 43.82
    # Without it: 770 / MAX(10, 11) = 70; count 11 × 0.38 = 4.18
    #             total = 40 + 70 + 4.18 = 114.18 → IID 45.672 → 45.67
    with_weak = scoring.iid_for(RULES_EXAMPLE, D(40), entries)
    without = scoring.iid_for(RULES_EXAMPLE, D(40), entries[:-1])
    assert with_weak == D("43.82")
    assert without == D("45.67")
    assert without > with_weak


def test_iid_for_dropping_a_weak_innovation_at_or_below_the_floor_lowers():
    # 7 strong (70) + 1 weak (10): n = 8 ≤ 10
    entries = strong(7) + [Entry("weak", "dinkes", frozenset({"sosial"}), weak_items())]
    # With it:    (490 + 10) / 10 = 50; count 8 × 0.38 = 3.04
    #             total = 40 + 50 + 3.04 = 93.04 → IID 37.216 → 37.22
    # Without it: 490 / 10 = 49; count 7 × 0.38 = 2.66
    #             total = 40 + 49 + 2.66 = 91.66 → IID 36.664 → 36.66
    with_weak = scoring.iid_for(RULES_EXAMPLE, D(40), entries)
    without = scoring.iid_for(RULES_EXAMPLE, D(40), entries[:-1])
    assert with_weak == D("37.22")
    assert without == D("36.66")
    assert without < with_weak


def test_iid_for_dropping_a_worthless_innovation_below_the_floor_changes_nothing():
    # No count rule; 7 strong (70) + 1 worth 0; n = 8 ≤ 10
    # With it:    490 / 10 = 49; total 89 → IID 35.60
    # Without it: 490 / 10 = 49; total 89 → IID 35.60
    entries = strong(7) + [flat("zero", 0)]
    assert scoring.iid_for(RULES_NO_COUNT, D(40), entries) == D("35.60")
    assert scoring.iid_for(RULES_NO_COUNT, D(40), entries[:-1]) == D("35.60")


def test_iid_for_dropping_an_urusan_loses_the_count_part():
    # 5 strong innovations, one per urusan (5 covered): 350 / 10 = 35; count 5 × 0.38 = 1.90
    #   total = 40 + 35 + 1.90 = 76.90 → IID 30.76
    # Drop the trantibum one: 4 covered → count 0; 280 / 10 = 28
    #   total = 40 + 28 = 68 → IID 27.20
    entries = strong(5)
    assert scoring.iid_for(RULES_EXAMPLE, D(40), entries) == D("30.76")
    assert scoring.iid_for(RULES_EXAMPLE, D(40), entries[:-1]) == D("27.20")


# --- Rounding --------------------------------------------------------------------------


def test_rounding_is_half_up():
    # 25.3125 / 250 × 100 = 10.125 exactly: half-up → 10.13 (banker's rounding gives 10.12)
    s = scoring.score(RULES_2026, pemda_worth("25.3125"), [])
    assert s.iid == D("10.13")
    assert D("10.125").quantize(D("0.01"), ROUND_HALF_EVEN) == D("10.12")  # the trap avoided
    assert scoring.iid_for(RULES_2026, D("25.3125"), []) == D("10.13")


@pytest.mark.parametrize(
    "total, iid",
    [
        # IID = total / 250 × 100 = total / 2.5
        ("25.3125", "10.13"),  # 10.125 → 10.13
        ("25.31", "10.12"),  # 10.124 → 10.12
        ("25.3225", "10.13"),  # 10.129 → 10.13
        ("25.3375", "10.14"),  # 10.135 → 10.14
        ("0.0125", "0.01"),  # 0.005 → 0.01
        ("249.9875", "100.00"),  # 99.995 → 100.00
    ],
)
def test_rounding_two_decimals(total, iid):
    s = scoring.score(RULES_NO_COUNT, pemda_worth(total), [])
    assert s.iid == D(iid)
    assert s.iid.as_tuple().exponent == -2  # always two places: "10.10", not "10.1"
    assert scoring.iid_for(RULES_NO_COUNT, D(total), []) == D(iid)
