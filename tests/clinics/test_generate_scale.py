"""The scale data set: generated in bulk, deterministic, and never mixed with real data."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from clinics.models import Agency, Membership
from competitions.models import Dossier
from consultations.models import Consultation
from innovations.models import Innovation


def _generate(**options):
    call_command("generate_scale", size="tiny", stdout=io.StringIO(), **options)


def test_the_tiny_size_has_every_kind_of_row(db, unscoped):
    _generate()
    assert Agency.objects.filter(slug__startswith="gen-").count() == 2
    assert Membership.objects.count() == 16
    assert Innovation.objects.count() == 40
    assert Consultation.objects.count() > 0 and Dossier.objects.exists()
    years = set(Innovation.objects.values_list("created_at__year", flat=True))
    assert len(years) == 5
    _generate()  # a second run finds the data and adds nothing
    assert Innovation.objects.count() == 40


def test_the_same_seed_gives_the_same_data(db, unscoped):
    with transaction.atomic():
        _generate(seed=3)
        first = list(Innovation.objects.order_by("pk").values_list("name", "status", "phase"))
        transaction.set_rollback(True)
    assert not Innovation.objects.exists()
    _generate(seed=3)
    assert list(Innovation.objects.order_by("pk").values_list("name", "status", "phase")) == first


def test_it_refuses_a_database_with_real_agencies(agency_a):
    with pytest.raises(CommandError, match="not generated"):
        _generate()
    _generate(force=True)
    assert Agency.objects.filter(slug__startswith="gen-").exists()
