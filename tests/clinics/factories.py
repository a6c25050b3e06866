"""Factories for the clinics app. They create rows with scopes disabled, as fixtures may."""

import factory
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled

from clinics.models import Agency, Membership, Partner, Region, Role, Unit, User


class UnscopedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class RegionFactory(UnscopedFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = Region.Kind.REGENCY
    province = "Sulawesi Selatan"


class AgencyFactory(UnscopedFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = Agency.Kind.HEALTH
    region = factory.SubFactory(RegionFactory)
    clinic_name = factory.Sequence(lambda n: f"Klinik {n}")


class UnitFactory(UnscopedFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Puskesmas {n}")
    kind = Unit.Kind.PUSKESMAS


class UserFactory(UnscopedFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):  # noqa: N805 (factory-boy hook)
        """Mark the address verified, as allauth requires before a first sign-in."""
        if create:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class MembershipFactory(UnscopedFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.STAFF


class PartnerFactory(UnscopedFactory):
    class Meta:
        model = Partner

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Universitas {n}")
    kind = Partner.Kind.ACADEMIA
