"""The shipped index editions (indexes/editions/*.json) and their loader."""

import copy
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from indexes.editions import EDITIONS_DIR, load_edition, load_shipped
from indexes.models import Band, Edition, Indicator
from innovations.choices import URUSAN, EvidenceKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

PEMDA_2026 = [
    "1", "2a", "2b", "3", "4", "5a", "5b", "6", "7", "8",
    "9", "10a", "10b", "11a", "11b", "12", "13a", "13b", "14", "15",
]  # fmt: skip
PER_INNOVATION = [str(n) for n in range(16, 36)]
MANDATORY_PEMDA_ROWS = {"1", "3", "4", "5a", "5b", "6", "7", "8", "9", "10a", "10b", "11a", "11b"}
MANDATORY_PER_INNOVATION = {"16", "17", "32", "33", "35"}
DERIVATIONS = {
    "17": ("staff", [1, 11, 31]),
    "19": ("digital", []),
    "22": ("actors", [3, 4, 5]),
    "25": ("dissemination", []),
    "31": ("replication", [1, 2, 3]),
    "32": ("speed", [None, 8, 4]),
    "34": ("monitoring", []),
    "35": ("video", []),
}
PER_EDITION_CUTS = {
    "iid-2023": {
        "16": ("regulation", [1, 2, 3]),
        "24": ("agencies", [1, 3, 5]),
        "33": ("beneficiaries", [1, 101, 201]),
    },
    "iid-2026": {
        "16": ("regulation", [1, 3, 4]),
        # One year funded in T-2..T-0, two in a row, all three (the 2023 wording ranks the
        # years differently, so its indicator 18 stays entered by hand).
        "18": ("budget", [1, 2, 3]),
        "24": ("agencies", [2, 3, 5]),
        "33": ("beneficiaries", [1, 201, 501]),
    },
}
YANDAS = ["pendidikan", "kesehatan", "pupr", "perumahan", "trantibum", "sosial"]


def _file(code):
    return json.loads((EDITIONS_DIR / f"{code}.json").read_text(encoding="utf-8"))


def _edition(code):
    return Edition.objects.get(agency=None, code=code)


def _indicators(code, **filters):
    return {i.number: i for i in _edition(code).indicators.filter(**filters)}


def _snapshot():
    return (
        list(Edition.objects.order_by("pk").values()),
        list(Band.objects.order_by("pk").values()),
        list(Indicator.objects.order_by("pk").values()),
    )


@pytest.fixture
def loaded():
    return load_shipped()


def test_both_editions_are_shipped_in_file_order(loaded):
    assert [e.code for e in loaded] == ["iid-2023", "iid-2026"]
    assert all(e.agency_id is None for e in loaded)
    assert Edition.objects.count() == 2
    assert _edition("iid-2023").indicators.count() == 20
    assert _edition("iid-2026").indicators.count() == 40


def test_loading_twice_changes_nothing(loaded):
    before = _snapshot()
    again = load_shipped()
    assert [e.pk for e in again] == [e.pk for e in loaded]
    assert _snapshot() == before
    assert (Edition.objects.count(), Band.objects.count(), Indicator.objects.count()) == (2, 8, 60)


def test_2026_pemda_rows_weights_and_mandatory(loaded):
    rows = list(_edition("iid-2026").indicators.filter(aspect="pemda"))
    assert [i.number for i in rows] == PEMDA_2026
    assert sum(i.weight for i in rows) == Decimal("21")
    mandatory = {i.number for i in rows if i.mandatory}
    assert mandatory == MANDATORY_PEMDA_ROWS
    # ten of the fifteen indicators are mandatory; 5, 10 and 11 have two score rows each
    assert {n.rstrip("ab") for n in mandatory} == {str(n) for n in range(1, 12)} - {"2"}
    by_number = {i.number: i for i in rows}
    assert by_number["5a"].weight == by_number["11b"].weight == Decimal("0.75")
    assert by_number["6"].weight == by_number["8"].weight == Decimal("1.5")
    assert by_number["12"].weight == Decimal("2")
    assert by_number["11a"].variable == "Sumber Daya Manusia"
    assert by_number["14"].variable == "Ekosistem Inovasi dan Kajian"
    assert by_number["3"].level_3 == "≥ 8,17%"
    assert by_number["8"].level_3.startswith("WTP")


def test_2026_per_innovation_indicators(loaded):
    rows = list(_edition("iid-2026").indicators.filter(aspect="innovation"))
    assert [i.number for i in rows] == PER_INNOVATION
    assert sum(i.weight for i in rows) == Decimal("37")
    assert 3 * sum(i.weight for i in rows) == Decimal("111")
    assert {i.number for i in rows if i.mandatory} == MANDATORY_PER_INNOVATION
    by_number = {i.number: i for i in rows}
    assert by_number["19"].name == "Alat Kerja"
    assert by_number["30"].name == "Layanan Terintegrasi"
    assert "3 tahun" in by_number["20"].level_1
    assert by_number["20"].year_window == "T-2..T-0"
    assert "2 Perangkat Daerah" in by_number["24"].level_1
    assert "1-2" not in by_number["24"].level_1
    assert by_number["29"].level_1.startswith("≤ 50%")
    assert by_number["29"].level_3 == "≥ 91%"
    assert "201-500 orang" in by_number["33"].level_2
    assert "501 orang" in by_number["33"].level_3
    assert by_number["16"].level_2 == "Peraturan Kepala Daerah"
    assert by_number["16"].level_3 == "Peraturan Daerah"


def test_2026_rules_add_up_to_the_maximum(loaded):
    edition = _edition("iid-2026")
    assert edition.year == 2026
    assert edition.divisor_floor == 12
    assert edition.max_total == Decimal("250")
    assert edition.count_points_each == Decimal("0.38")
    assert edition.count_cap == 200
    assert edition.count_urusan == YANDAS
    assert set(edition.count_urusan) <= {code for code, _label in URUSAN}
    assert edition.count_urusan_min == 5
    assert (edition.window_start, edition.window_end) == (date(2024, 1, 1), date(2025, 12, 31))
    pemda = sum(i.weight for i in edition.indicators.filter(aspect="pemda"))
    per_innovation = sum(i.weight for i in edition.indicators.filter(aspect="innovation"))
    count = edition.count_points_each * edition.count_cap
    assert 3 * pemda + 3 * per_innovation + count == edition.max_total
    assert "1887/BSKDN" in edition.source


def test_bands(loaded):
    assert [(b.name, b.minimum) for b in _edition("iid-2026").bands.all()] == [
        ("Sangat Inovatif", Decimal("65.01")),
        ("Inovatif", Decimal("40.01")),
        ("Kurang Inovatif", Decimal("0.01")),
        ("Tidak Dapat Dinilai", Decimal("0")),
    ]
    assert [(b.name, b.minimum) for b in _edition("iid-2023").bands.all()] == [
        ("Sangat Inovatif", Decimal("60.01")),
        ("Inovatif", Decimal("35.00")),
        ("Kurang Inovatif", Decimal("0.01")),
        ("Tidak Dapat Dinilai", Decimal("0")),
    ]


def test_2023_has_the_per_innovation_indicators_only(loaded):
    edition = _edition("iid-2023")
    rows = list(edition.indicators.all())
    assert [i.number for i in rows] == PER_INNOVATION
    assert {i.aspect for i in rows} == {"innovation"}
    assert sum(i.weight for i in rows) == Decimal("37")
    assert edition.divisor_floor == 10
    assert edition.max_total == Decimal("250")
    assert edition.count_points_each == 0
    assert edition.count_cap == 0
    assert edition.count_urusan == []
    assert edition.count_urusan_min == 0
    assert edition.window_start is None
    assert edition.window_end is None
    by_number = {i.number: i for i in rows}
    assert by_number["19"].name == "Penggunaan IT"
    assert by_number["16"].level_1 == "SK Kepala Perangkat Daerah"
    assert "1-100 orang" in by_number["33"].level_1
    assert by_number["20"].year_window == "T-2..T-1"
    assert "1-2 Perangkat Daerah" in by_number["24"].level_1


def test_2023_provenance_says_what_was_not_found(loaded):
    provenance = _edition("iid-2023").provenance
    assert "not found" in provenance
    assert "indicators 1-15" in provenance  # the pemda indicators
    assert "Skor Jumlah Inovasi" in provenance
    assert "unconfirmed for 2023" in provenance
    assert "inferred as 250" in provenance
    assert "age window" in provenance


def test_weights_are_the_same_in_both_editions(loaded):
    old = _indicators("iid-2023")
    new = _indicators("iid-2026", aspect="innovation")
    assert {n: i.weight for n, i in old.items()} == {n: i.weight for n, i in new.items()}


@pytest.mark.parametrize("code", ["iid-2023", "iid-2026"])
def test_every_indicator_has_wordings_and_provenance(loaded, code):
    for indicator in _edition(code).indicators.all():
        assert all(indicator.wording(level).strip() for level in (1, 2, 3)), indicator
        assert len({indicator.level_1, indicator.level_2, indicator.level_3}) == 3, indicator
        assert indicator.provenance.strip(), indicator
        assert indicator.variable and indicator.gloss, indicator
        not_found = "bukti dukung: not found" in indicator.provenance
        assert not_found == (indicator.evidence == ""), indicator


@pytest.mark.parametrize("code", ["iid-2023", "iid-2026"])
def test_derivations_and_cuts(loaded, code):
    expected = {**DERIVATIONS, **PER_EDITION_CUTS[code]}
    for number, indicator in _indicators(code).items():
        assert (indicator.derivation, indicator.cuts) == expected.get(number, ("", [])), number
        assert indicator.lower_is_better == (number == "32"), number


def test_the_json_files_match_what_is_loaded(loaded):
    for code in ("iid-2023", "iid-2026"):
        data = _file(code)
        assert [row["number"] for row in data["indicators"]] == list(_indicators(code))
        assert all(isinstance(row["weight"], str) for row in data["indicators"])


def test_an_indicator_no_longer_in_the_file_is_deleted(loaded):
    data = _file("iid-2026")
    data["indicators"] = [row for row in data["indicators"] if row["number"] != "15"]
    kept = _indicators("iid-2026")["16"].pk
    load_edition(data, origin="iid-2026.json")
    assert "15" not in _indicators("iid-2026")
    assert _edition("iid-2026").indicators.count() == 39
    assert _indicators("iid-2026")["16"].pk == kept


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda row: row.update(weight="abc"), "weight is not a number"),
        (lambda row: row.update(weight=0.75), "written as a string"),
        (lambda row: row.update(aspect="region"), "aspect"),
        (lambda row: row.update(level_2=""), "level_2"),
        (lambda row: row.update(cuts=[1, 2]), "cuts"),
        (lambda row: row.update(derivation="guess"), "derivation"),
        (lambda row: row.update(mandatroy=True), "unknown keys mandatroy"),
        (lambda row: row.pop("provenance"), "missing keys provenance"),
    ],
)
def test_bad_indicator_data_fails_loudly_and_changes_nothing(loaded, change, message):
    before = _snapshot()
    data = copy.deepcopy(_file("iid-2026"))
    data["name"] = "Renamed"
    data["indicators"][0]["name"] = "Renamed"
    change(next(row for row in data["indicators"] if row["number"] == "17"))
    with pytest.raises(ValidationError) as raised:
        load_edition(data, origin="iid-2026.json")
    text = " ".join(raised.value.messages)
    assert "iid-2026.json" in text
    assert "indicator 17" in text
    assert message in text
    assert _snapshot() == before


def test_bad_edition_data_fails_loudly(loaded):
    data = _file("iid-2026")
    data["count_urusan"] = [*YANDAS, "kominfo_typo"]
    with pytest.raises(ValidationError, match=r"iid-2026\.json.*unknown urusan kominfo_typo"):
        load_edition(data, origin="iid-2026.json")
    data = _file("iid-2026")
    data["bands"].append({"name": "Again", "minimum": "0.00"})
    with pytest.raises(ValidationError, match="given twice"):
        load_edition(data, origin="iid-2026.json")


def test_the_command_loads_and_reports_each_edition():
    out = StringIO()
    call_command("load_editions", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("iid-2023: 20 indicators")
    assert lines[1].startswith("iid-2026: 40 indicators")
    assert "Sangat Inovatif 65.01" in lines[1]
    assert "Inovatif 35.00" in lines[0]
    assert Edition.objects.filter(agency=None).count() == 2


@pytest.mark.parametrize("code", ["iid-2023", "iid-2026"])
def test_each_per_innovation_indicator_names_the_evidence_kinds_that_back_it(loaded, code):
    for indicator in _indicators(code).values():
        if indicator.aspect == "innovation":
            assert indicator.evidence_kinds, indicator.number
            assert set(indicator.evidence_kinds) <= set(EvidenceKind.values)
        else:
            assert indicator.evidence_kinds == []  # the region's documents have no kind
    by_number = _indicators(code)
    assert by_number["16"].evidence_kinds == ["regulation"]
    assert by_number["35"].evidence_kinds == ["video"]
    assert by_number["28"].evidence_kinds == ["sop"]


def _shipped_notes() -> set[str]:
    notes = set()
    for path in EDITIONS_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        notes |= {data["source"], data["provenance"]}
        notes |= {i[key] for i in data["indicators"] for key in ("gloss", "provenance")}
    return notes - {""}


def test_every_english_note_the_editions_ship_is_in_the_catalogue():
    """The shipped notes are English research text: listed in indexes/shipped_notes.py for
    the catalogue, each has its Indonesian translation."""
    from django.utils import translation

    from indexes.shipped_notes import NOTES

    assert set(NOTES) == _shipped_notes()
    with translation.override("id"):
        untranslated = [note for note in NOTES if translation.gettext(note) == note]
    assert untranslated == []
