import factory

from innovations.models import Innovation
from tests.clinics.factories import AgencyFactory, UnscopedFactory, UserFactory


class InnovationFactory(UnscopedFactory):
    class Meta:
        model = Innovation

    agency = factory.SubFactory(AgencyFactory)
    author = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Inovasi {n}")
    problem = "Ibu hamil terlambat ke fasilitas kesehatan."
    design = "Jemput dan antar ibu hamil. " * 70
    goals = "Semua persalinan di fasilitas kesehatan."
