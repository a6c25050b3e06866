"""Passwords are hashed with Argon2id at OWASP's cost; older PBKDF2 hashes upgrade at the
next sign-in."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from klikbaik import settings as production
from tests.clinics.factories import UserFactory


def test_a_pbkdf2_password_is_upgraded_to_argon2id_at_sign_in(client, settings, db):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    person = UserFactory(email="old@a.test")
    person.password = make_password("an-old-password-1", hasher="pbkdf2_sha256")
    person.save()
    response = client.post(
        reverse("account_login"), {"login": "old@a.test", "password": "an-old-password-1"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert person.check_password("an-old-password-1")
