"""Competitions from templates and copies; dossiers entered, completed and moved."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clinics.models import ActivityLog, Role
from competitions import selectors, services
from competitions.models import Competition, Dossier, DossierSection, MockScore, Section
from innovations.models import Evidence, ImpactIndicator, Measurement
from tests.clinics.factories import MembershipFactory
from tests.competitions.conftest import member
from tests.innovations.factories import InnovationFactory


def test_kipp_2023_ships_with_its_official_sections_and_weights(kipp, unscoped):
    sections = list(Section.objects.filter(category__competition=kipp).order_by("order"))
    assert [(s.title, s.weight) for s in sections] == [
        ("Ringkasan", 0),
        ("Latar belakang dan tujuan", 10),
        ("Kebaruan", 15),
        ("Implementasi", 5),
        ("Signifikansi", 30),
        ("Adaptabilitas", 20),
        ("Sumber daya", 5),
        ("Strategi keberlanjutan", 15),
    ]
    assert sections[0].word_limit == 200
    assert sum(s.weight for s in sections) == Decimal(100)
    assert kipp.stages.count() == 6


def test_pkri_2024_has_its_three_categories(pkri, unscoped):
    assert [(c.name, c.rule) for c in pkri.categories.all()] == [
        ("Instansi Pembina Inovasi", "institution"),
        ("Keberlanjutan", "sustainability"),
        ("Replikasi", "replication"),
    ]
    for category in pkri.categories.all():
        assert sum(s.weight for s in category.sections.all()) == Decimal(100)


def test_a_template_is_created_once_per_region(kipp, as_coordinator):
    with pytest.raises(ValidationError, match="already keeps KIPP 2023"):
        services.competition_from_blueprint(actor=as_coordinator, key="kipp-2023")


def test_copying_last_years_competition_moves_its_dates(kipp, as_coordinator, unscoped):
    copy = services.competition_copy(actor=as_coordinator, competition=kipp, year=2024)
    assert copy.copied_from == kipp
    assert [s.starts_on for s in copy.stages.order_by("starts_on")] == [
        s.starts_on.replace(year=2024) for s in kipp.stages.order_by("starts_on")
    ]
    assert list(
        Section.objects.filter(category__competition=copy).values_list("title", "weight")
    ) == list(Section.objects.filter(category__competition=kipp).values_list("title", "weight"))
    assert Competition.objects.filter(name="KIPP").count() == 2


def test_a_dossier_starts_from_the_registry(kipp, as_admin_a, innovation_a, unscoped):
    indicator = ImpactIndicator.objects.create(
        agency=innovation_a.agency,
        innovation=innovation_a,
        name="Kematian ibu",
        baseline=5,
        target=0,
    )
    Measurement.objects.create(
        agency=innovation_a.agency, indicator=indicator, value=1, measured_on=date(2025, 1, 1)
    )
    kipp_dossier = services.dossier_create(
        actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
    )
    texts = {
        row.section.title: row.text
        for row in DossierSection.objects.filter(dossier=kipp_dossier).select_related("section")
    }
    assert texts["Latar belakang dan tujuan"].startswith(innovation_a.problem)
    assert texts["Kebaruan"] == innovation_a.design.strip()
    assert "Kematian ibu turun." in texts["Signifikansi"]
    assert "Kematian ibu: nilai awal 5,00, target 0,00, terakhir 1,00" in texts["Signifikansi"]
    assert kipp_dossier.title == "Bendera SASKIA"
    assert ActivityLog.objects.filter(
        target_type="competitions.dossier", target_id=kipp_dossier.pk, action__endswith="created"
    ).exists()


def test_an_ineligible_entry_says_why_and_saves_nothing(kipp, as_admin_a, innovation_a, unscoped):
    innovation_a.implementation_start = date.today()
    innovation_a.sdgs = []
    innovation_a.save()
    with pytest.raises(ValidationError) as error:
        services.dossier_create(
            actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
        )
    assert "24 months" in str(error.value) and "SDG" in str(error.value)
    assert not Dossier.objects.exists()
    assert not DossierSection.objects.exists()


def test_replikasi_accepts_a_replication_of_a_past_winner(
    pkri, kipp_dossier, as_admin_a, innovation_a, agency_a, staff_a, unscoped
):
    replication = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        origin=innovation_a,
        replication_form="adaptasi",
        implementation_start=date(2024, 1, 1),
        sdgs=["3"],
        status="coaching",
    )
    category = pkri.categories.get(name="Replikasi")
    with pytest.raises(ValidationError, match="its origin never was"):
        services.dossier_create(actor=as_admin_a, category=category, innovation=replication)
    Dossier.objects.filter(pk=kipp_dossier.pk).update(status="decided", result="top45")
    dossier = services.dossier_create(actor=as_admin_a, category=category, innovation=replication)
    lineage = dossier.sections.get(section__title="Bentuk replikasi").text
    assert "Adaptasi" in lineage and "Bendera SASKIA" in lineage


def test_the_institution_entry_belongs_to_the_coordinator(pkri, as_coordinator, as_admin_a):
    category = pkri.categories.get(name="Instansi Pembina Inovasi")
    with pytest.raises(ValidationError, match="Only the coordinating agency"):
        services.dossier_create(actor=as_admin_a, category=category)
    dossier = services.dossier_create(actor=as_coordinator, category=category)
    assert dossier.innovation is None and dossier.title.endswith("Instansi Pembina Inovasi")


def _loaded(membership, dossier):
    return selectors.dossier_get(membership, dossier.pk)


def _complete(dossier, innovation, actor):
    """Write every section within its limit and pick every mandatory document."""
    for row in DossierSection.objects.filter(dossier=dossier).select_related("section"):
        row.text = "Teks yang lengkap."
        row.save()
    for requirement in selectors.requirements_qs(dossier).filter(mandatory=True):
        evidence = Evidence.objects.create(
            agency=innovation.agency,
            innovation=innovation,
            title=requirement.title,
            kind=requirement.kind or "report",
            link="https://video.example/x" if requirement.kind == "video" else "",
            file="" if requirement.kind == "video" else "x.pdf",
        )
        services.document_pick(
            actor=actor, dossier=_loaded(actor, dossier), requirement=requirement, evidence=evidence
        )


def test_ready_is_blocked_until_the_dossier_is_complete(kipp_dossier, as_admin_a, innovation_a):
    with pytest.raises(ValidationError) as error:
        services.dossier_move(
            actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move="ready"
        )
    assert "“SK / regulasi inovasi” is missing" in str(error.value)
    _complete(kipp_dossier, innovation_a, as_admin_a)
    moved = services.dossier_move(
        actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move="ready"
    )
    assert moved.status == "ready"


def test_an_open_review_comment_blocks_ready(
    kipp_dossier, as_admin_a, innovation_a, facilitator_a, agency_a, unscoped
):
    _complete(kipp_dossier, innovation_a, as_admin_a)
    coach = member(facilitator_a, agency_a)
    section = kipp_dossier.sections.first().section
    comment = services.comment_add(
        actor=coach, dossier=_loaded(coach, kipp_dossier), section=section, text="Tambah data."
    )
    with pytest.raises(ValidationError, match="1 review comment is still open"):
        services.dossier_move(
            actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move="ready"
        )
    services.comment_resolve(actor=coach, dossier=_loaded(coach, kipp_dossier), comment=comment)
    services.dossier_move(actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move="ready")


def test_a_document_must_come_from_the_innovation_and_match_the_kind(
    kipp_dossier, as_admin_a, innovation_a, agency_a, unscoped
):
    sk = selectors.requirements_qs(kipp_dossier).get(kind="regulation")
    other = InnovationFactory(agency=agency_a)
    foreign = Evidence.objects.create(
        agency=agency_a, innovation=other, title="SK lain", kind="regulation", file="x.pdf"
    )
    photo = Evidence.objects.create(
        agency=agency_a, innovation=innovation_a, title="Foto", kind="photo", file="x.png"
    )
    dossier = _loaded(as_admin_a, kipp_dossier)
    with pytest.raises(ValidationError, match="evidence of this innovation"):
        services.document_pick(actor=as_admin_a, dossier=dossier, requirement=sk, evidence=foreign)
    with pytest.raises(ValidationError, match="must be evidence of the kind"):
        services.document_pick(actor=as_admin_a, dossier=dossier, requirement=sk, evidence=photo)
    assert not dossier.documents.exists()


def test_the_mock_score_uses_the_official_weights(
    kipp_dossier, facilitator_a, agency_a, unscoped, as_admin_a
):
    coach = member(facilitator_a, agency_a)
    sections = {s.title: s for s in Section.objects.filter(category=kipp_dossier.category)}
    services.mock_score_set(
        actor=coach,
        dossier=_loaded(coach, kipp_dossier),
        scores={sections["Signifikansi"]: 80, sections["Kebaruan"]: 60},
    )
    services.mock_score_set(
        actor=as_admin_a,
        dossier=_loaded(as_admin_a, kipp_dossier),
        scores={sections["Signifikansi"]: 100},
    )
    # Signifikansi 30% × avg(80, 100) + Kebaruan 15% × 60 = 27 + 9
    assert selectors.dossier_parts(kipp_dossier)["mock_score"] == 36.0
    assert MockScore.objects.count() == 3


def test_stages_are_passed_one_by_one_to_a_result(
    kipp_dossier, as_admin_a, innovation_a, as_coordinator
):
    _complete(kipp_dossier, innovation_a, as_admin_a)
    for move in ("ready", "submit"):
        dossier = services.dossier_move(
            actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move=move
        )
    assert (dossier.status, dossier.stage.kind) == ("submitted", "desk")
    dossier = services.dossier_move(
        actor=as_coordinator, dossier=_loaded(as_coordinator, kipp_dossier), move="passed"
    )
    assert dossier.stage.kind == "presentation"
    with pytest.raises(ValidationError, match="announcement's reference"):
        services.dossier_move(
            actor=as_admin_a,
            dossier=_loaded(as_admin_a, kipp_dossier),
            move="result",
            result="top99",
        )
    dossier = services.dossier_move(
        actor=as_admin_a,
        dossier=_loaded(as_admin_a, kipp_dossier),
        move="result",
        result="top45",
        reference="B/536/00.95/2024",
    )
    assert (dossier.status, dossier.result, dossier.announcement_ref) == (
        "decided",
        "top45",
        "B/536/00.95/2024",
    )
    codes = list(
        ActivityLog.objects.filter(target_id=kipp_dossier.pk, target_type="competitions.dossier")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert codes[-4:] == [
        "competitions.dossier.ready",
        "competitions.dossier.submit",
        "competitions.dossier.passed",
        "competitions.dossier.result",
    ]


def test_a_stage_not_passed_ends_the_entry(kipp_dossier, as_admin_a, innovation_a):
    _complete(kipp_dossier, innovation_a, as_admin_a)
    for move in ("ready", "submit", "not_passed"):
        dossier = services.dossier_move(
            actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move=move
        )
    assert (dossier.status, dossier.result) == ("decided", "not_selected")
    assert dossier.outcomes.get().passed is False


# The stage rule matrix: who may make which move from which status.
STATUSES = ["draft", "review", "ready", "submitted", "decided", "withdrawn"]
ALLOWED_FROM = {
    "review": {"draft"},
    "draft": {"review", "ready"},
    "ready": {"draft", "review"},
    "submit": {"ready"},
    "withdraw": {"draft", "review", "ready"},
    "passed": {"submitted"},
    "not_passed": {"submitted"},
    "result": {"submitted"},
}
INTERNAL = {"review", "draft", "ready", "submit", "withdraw"}


@pytest.mark.parametrize("who", ["admin", "facilitator", "staff", "author", "coordinator", "other"])
@pytest.mark.parametrize("status", STATUSES)
def test_the_move_matrix(who, status, kipp_dossier, agency_a, agency_b, innovation_a, request):
    memberships = {
        "admin": lambda: request.getfixturevalue("as_admin_a"),
        "facilitator": lambda: member(request.getfixturevalue("facilitator_a"), agency_a),
        "staff": lambda: member(MembershipFactory(agency=agency_a, role=Role.STAFF).user, agency_a),
        "author": lambda: member(innovation_a.author, agency_a),
        "coordinator": lambda: request.getfixturevalue("as_coordinator"),
        "other": lambda: member(request.getfixturevalue("admin_b"), agency_b),
    }
    actor = memberships[who]()
    Dossier.objects.filter(pk=kipp_dossier.pk).update(status=status)
    dossier = selectors.dossier_get(actor, kipp_dossier.pk)
    if dossier is None:
        assert who == "other"  # another agency's admin does not even find it
        return
    allowed = set(services.allowed_moves(actor, dossier))
    expected = {
        move
        for move, sources in ALLOWED_FROM.items()
        if status in sources
        and (
            (move in INTERNAL and who in {"admin", "facilitator"})
            or (move not in INTERNAL and who in {"admin", "coordinator"})
        )
    }
    assert allowed == expected


def test_an_innovation_is_entered_once_and_again_after_withdrawing(
    kipp, kipp_dossier, as_admin_a, innovation_a
):
    category = kipp.categories.get()
    with pytest.raises(ValidationError, match="already entered"):
        services.dossier_create(actor=as_admin_a, category=category, innovation=innovation_a)
    services.dossier_move(
        actor=as_admin_a, dossier=_loaded(as_admin_a, kipp_dossier), move="withdraw"
    )
    again = services.dossier_create(actor=as_admin_a, category=category, innovation=innovation_a)
    assert again.pk != kipp_dossier.pk


def test_only_the_coordinator_records_an_internal_competitions_results(
    kipp, as_coordinator, as_admin_a, innovation_a, unscoped
):
    internal = services.competition_copy(actor=as_coordinator, competition=kipp, year=2026)
    Competition.objects.filter(pk=internal.pk).update(kind="internal")
    dossier = Dossier.objects.create(
        agency=innovation_a.agency,
        category=internal.categories.get(),
        innovation=innovation_a,
        title="X",
        status="submitted",
    )
    assert "result" not in services.allowed_moves(as_admin_a, _loaded(as_admin_a, dossier))
    assert "result" in services.allowed_moves(as_coordinator, _loaded(as_coordinator, dossier))
