"""Sign-in limits protect without locking anyone out: the throttle matrix (same client,
other client, behind one proxy, with and without a trusted header, the right password
after a lockout), successful sign-ins never limited, the 429 page, and sign-in while the
cache's Redis is unreachable."""

import logging
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from clinics.signin import DEVICE_COOKIE
from tests.clinics.factories import UserFactory
from tests.helpers import free_port, wait_for_port

PASSWORD = "secret-pass-123"
PROXY = "10.0.0.2"  # what gunicorn sees behind the proxy: the proxy's own address


@pytest.fixture(autouse=True)
def small_limits(settings):
    """The production limits' shape with small numbers: 4 failures per client address,
    3 per account (unknown browsers), 3 per remembered browser."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "4/5m/ip,3/5m/key",
        "login_failed_device": "3/5m/key",
    }
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def _browser(address="192.0.2.10", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    client.cookies["django_language"] = "en"  # as the header's switch sets it
    return client


def _sign_in(client, email, password=PASSWORD, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def _refused(response) -> bool:
    return response.status_code == 200 and "Too many failed sign-ins" in response.content.decode()


def _fail(client, email, times, **headers):
    return [_sign_in(client, email, "wrong-password", **headers) for _ in range(times)]


@pytest.fixture
def victim(db):
    return UserFactory(email="victim@a.test")


def test_the_same_client_is_refused_after_its_failures_with_when_to_retry(victim):
    attacker = _browser()
    responses = _fail(attacker, "victim@a.test", 4)
    assert not any(_refused(r) for r in responses[:3])
    assert _refused(responses[3])
    page = responses[3].content.decode()
    assert "Please wait 5 minutes" in page and "reset it" in page
    assert not _signed_in(_sign_in(attacker, "victim@a.test"))


def test_the_owners_own_browser_still_signs_in_after_a_stranger_locked_the_account(victim):
    owner = _browser("198.51.100.7")
    assert _signed_in(_sign_in(owner, "victim@a.test"))
    assert owner.cookies[DEVICE_COOKIE].value
    owner.post(reverse("account_logout"))

    _fail(_browser("192.0.2.10"), "victim@a.test", 4)
    # A browser that never signed in to the account waits ...
    assert _refused(_sign_in(_browser("198.51.100.8"), "victim@a.test"))
    # ... the owner's does not, with the right password after the lockout.
    assert _signed_in(_sign_in(owner, "victim@a.test"))


def test_a_remembered_browser_has_its_own_limit(victim):
    owner = _browser()
    _sign_in(owner, "victim@a.test")
    owner.post(reverse("account_logout"))
    responses = _fail(owner, "victim@a.test", 4)
    assert _refused(responses[3])
    assert not _signed_in(_sign_in(owner, "victim@a.test"))


def test_a_forged_or_other_accounts_device_cookie_is_not_a_remembered_browser(victim, db):
    other = UserFactory(email="other@a.test")
    browser = _browser()
    _sign_in(browser, "other@a.test")  # remembered for other@, not for victim@
    browser.post(reverse("account_logout"))
    _fail(_browser("192.0.2.99"), "victim@a.test", 4)
    assert _refused(_sign_in(browser, "victim@a.test"))
    browser.cookies[DEVICE_COOKIE] = "forged:value"
    assert _refused(_sign_in(browser, "victim@a.test"))
    assert other.pk


def test_one_clients_failures_do_not_lock_out_another_client(victim, db):
    UserFactory(email="colleague@a.test")
    attacker = _browser("192.0.2.10")
    for n in range(4):  # spraying several accounts from one address
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password")
    assert _refused(_sign_in(attacker, "colleague@a.test"))
    assert _signed_in(_sign_in(_browser("192.0.2.11"), "colleague@a.test"))


def test_behind_a_proxy_without_trust_everyone_shares_the_proxys_address(victim, db):
    """Why compose sets TRUSTED_PROXY_COUNT: untrusted, all clients are one client."""
    UserFactory(email="colleague@a.test")
    attacker = _browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.10")
    for n in range(4):
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password")
    colleague = _browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.11")
    assert _refused(_sign_in(colleague, "colleague@a.test"))


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_client(settings, victim, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="colleague@a.test")
    attacker = _browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.10")
    for n in range(4):
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password")
    assert _refused(_sign_in(attacker, "colleague@a.test"))
    colleague = _browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.11")
    assert _signed_in(_sign_in(colleague, "colleague@a.test"))


def test_a_client_cannot_dodge_its_limit_by_forging_forwarded_addresses(settings, db):
    """nginx appends the address it saw; only that last one is trusted (one proxy)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="colleague@a.test")
    attacker = _browser(PROXY)
    for n in range(4):
        forged = f"203.0.113.{n}, 192.0.2.10"
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password", HTTP_X_FORWARDED_FOR=forged)
    response = _sign_in(
        attacker, "colleague@a.test", HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.10"
    )
    assert _refused(response)


def test_a_trusted_client_address_header(settings, db):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    UserFactory(email="colleague@a.test")
    attacker = _browser(PROXY, HTTP_X_REAL_IP="192.0.2.10")
    for n in range(4):
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password")
    assert _refused(_sign_in(attacker, "colleague@a.test"))
    assert _signed_in(_sign_in(_browser(PROXY, HTTP_X_REAL_IP="192.0.2.11"), "colleague@a.test"))


def test_an_untrusted_client_address_header_is_ignored(db):
    UserFactory(email="colleague@a.test")
    attacker = _browser("192.0.2.10")
    for n in range(4):  # a new "address" every time: ignored, the connection counts
        _sign_in(attacker, f"nobody{n}@a.test", "wrong-password", HTTP_X_REAL_IP=f"203.0.113.{n}")
    response = _sign_in(attacker, "colleague@a.test", HTTP_X_REAL_IP="203.0.113.50")
    assert _refused(response)


def test_fewer_forwarded_addresses_than_proxies_counts_the_connecting_address(settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    UserFactory(email="colleague@a.test")
    response = _sign_in(_browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.10"), "colleague@a.test")
    assert _signed_in(response)


def test_successful_sign_ins_are_not_limited(settings, db):
    """A whole office behind one address signs in at 08:00 (allauth's default cap was
    30 a minute per address)."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/5m/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(45):
        UserFactory(email=f"office{n}@a.test")
    office = [_browser(PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77") for _ in range(45)]
    assert all(_signed_in(_sign_in(c, f"office{n}@a.test")) for n, c in enumerate(office))


def test_the_429_page_is_the_portals_says_when_and_speaks_indonesian(settings, victim):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    client = _browser()
    for _ in range(2):
        client.post(reverse("account_reset_password"), {"email": "victim@a.test"})
    response = client.post(reverse("account_reset_password"), {"email": "victim@a.test"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "portal.css" in page and "Please wait 1 minute before you try again." in page

    indonesian = Client(REMOTE_ADDR="192.0.2.10", HTTP_ACCEPT_LANGUAGE="id")
    page = indonesian.post(reverse("account_reset_password"), {"email": "victim@a.test"})
    assert page.status_code == 429
    assert "Mohon tunggu 1 menit" in page.content.decode()


# The cache's Redis goes away: sign-in goes on (the limits fall back to a local cache).


@pytest.fixture
def own_redis(settings):
    """A Redis server of the test's own, used as the cache; the test may stop it."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, server)
    settings.CACHES = {
        "default": {
            "BACKEND": "klikbaik.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    server.terminate()
    server.wait(timeout=10)


def test_sign_in_works_while_the_caches_redis_is_down(own_redis, victim, caplog):
    from django.core.cache import cache

    browser = _browser()
    _fail(browser, "victim@a.test", 1)
    assert list(cache._cache.get_client().scan_iter(match=b":1:allauth:rl*"))

    own_redis.terminate()
    own_redis.wait(timeout=10)
    with caplog.at_level(logging.WARNING, logger="klikbaik.cache"):
        response = _sign_in(browser, "victim@a.test")
    assert _signed_in(response)
    assert "The cache (Redis) is unreachable" in caplog.text

    # The limits still hold, counted locally, and nothing answers 500.
    stranger = _browser("192.0.2.66")
    responses = _fail(stranger, "victim@a.test", 4)
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert _refused(responses[3])


def test_an_unreachable_cache_serves_calls_locally(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "klikbaik.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    from django.core.cache import cache

    cache.set("k", {"v": 1})
    assert cache.get("k") == {"v": 1}
    assert cache.add("k", 2) is False
    cache.set("n", 1)
    assert cache.incr("n") == 2
    cache.delete("k")
    assert cache.get("k") is None
