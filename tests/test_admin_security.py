"""The newsroom's door: login lockout, the admin's address, sessions, passwords, cookies."""

import datetime
import importlib

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import clear_url_caches, reverse

import newsportal.urls
from articles.models import Section
from tests.test_deployment import PRODUCTION, manage

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _lockout_defaults(settings):
    """The defaults of newsportal/settings.py, whatever the environment running the tests says."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.fixture
def edith() -> User:
    return User.objects.create_user("edith", password=RIGHT, is_staff=True)


def log_in(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def logged_in_as(client: Client) -> str | None:
    response = client.get(reverse("admin:index"))
    return response.context["user"].username if response.status_code == 200 else None


# Login lockout (django-axes) ----------------------------------------------------------


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_clear_page(edith, settings):
    client = Client()
    for _ in range(4):
        assert log_in(client, "edith", "guess").status_code == 200  # The form again.
    assert log_in(client, "edith", "guess").status_code == 429  # The fifth locks.

    response = log_in(client, "edith", RIGHT)

    assert response.status_code == 429
    text = response.content.decode()
    assert f"{settings.SITE_NAME} newsroom" in text  # In the admin's own frame.
    assert "Too many wrong passwords in a row" in text
    assert "locked for 15 minutes" in text
    assert "After 5 wrong passwords in a row" in text
    assert int(response["Retry-After"]) == 15 * 60
    assert logged_in_as(client) is None


def test_fewer_wrong_passwords_than_the_limit_still_let_the_right_one_in(edith):
    client = Client()
    for _ in range(4):
        log_in(client, "edith", "guess")

    assert log_in(client, "edith", RIGHT).status_code == 302
    assert logged_in_as(client) == "edith"


def test_a_lockout_leaves_other_editors_and_other_addresses_alone(edith):
    User.objects.create_user("omar", password=RIGHT, is_staff=True)
    for _ in range(5):
        log_in(Client(), "edith", "guess", address="203.0.113.7")

    colleague, elsewhere = Client(), Client()
    assert log_in(colleague, "omar", RIGHT, address="203.0.113.7").status_code == 302
    assert log_in(elsewhere, "edith", RIGHT, address="198.51.100.2").status_code == 302
    assert logged_in_as(colleague) == "omar"
    assert logged_in_as(elsewhere) == "edith"


def test_the_lockout_ends_after_the_cool_off(edith):
    client = Client()
    for _ in range(5):
        log_in(client, "edith", "guess")
    assert log_in(client, "edith", RIGHT).status_code == 429

    # Sixteen minutes on: the failures are older than the cool-off.
    earlier = datetime.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - earlier
        )

    assert log_in(client, "edith", RIGHT).status_code == 302
    assert logged_in_as(client) == "edith"


def test_the_limit_and_cool_off_come_from_the_environment():
    env = {**PRODUCTION, "AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_MINUTES": "45"}

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))",
        env=env,
    )

    assert result.stdout.split() == ["3", str(45 * 60)], result.stderr


def test_a_forged_forwarded_for_gets_no_fresh_address_without_a_proxy(edith):
    """Without BEHIND_TLS_PROXY, X-Forwarded-For is the client's word: each guess counts."""
    client = Client()
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "edith", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )

    assert log_in(client, "edith", RIGHT).status_code == 429


def test_behind_the_proxy_the_address_nginx_saw_is_the_one_counted(edith, settings):
    settings.TRUSTED_PROXIES = 1
    client = Client()
    for _ in range(5):
        # The reader wrote a first address of their own; nginx appended the real one.
        client.post(
            reverse("admin:login"),
            {"username": "edith", "password": "guess"},
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
            REMOTE_ADDR="172.18.0.5",
        )

    locked = client.post(
        reverse("admin:login"),
        {"username": "edith", "password": RIGHT},
        HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7",
        REMOTE_ADDR="172.18.0.5",
    )
    other_reader = Client().post(
        reverse("admin:login"),
        {"username": "edith", "password": RIGHT},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        REMOTE_ADDR="172.18.0.5",
    )

    assert locked.status_code == 429
    assert other_reader.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


# The admin's address ------------------------------------------------------------------


@pytest.fixture
def admin_at(settings):
    """Serve the admin under another path, as ADMIN_URL would, for one test."""
    original = settings.ADMIN_URL

    def move(path: str) -> None:
        settings.ADMIN_URL = path
        importlib.reload(newsportal.urls)
        clear_url_caches()

    yield move
    move(original)


def test_the_admin_moves_to_the_path_admin_url_gives(admin_at, client):
    admin_at("newsroom-desk/")

    assert reverse("admin:index") == "/newsroom-desk/"
    assert client.get("/newsroom-desk/").status_code == 302  # To its login page.
    assert client.get("/newsroom-desk/login/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_robots_txt_does_not_give_away_a_moved_admin(admin_at, client):
    admin_at("newsroom-desk/")

    text = client.get("/robots.txt").content.decode()

    assert "newsroom-desk" not in text
    assert "Disallow: /admin/" not in text.splitlines()


def test_a_section_cannot_take_the_moved_admins_address(admin_at):
    admin_at("desk/")
    section = Section(name="Desk", slug="desk")

    with pytest.raises(Exception) as raised:
        section.full_clean()

    assert "“desk” cannot be a section's slug" in str(raised.value)


@pytest.mark.parametrize("value", ["/admin/", "admin", "ad min/", "admin/../", "https://x/"])
def test_a_bad_admin_url_stops_the_site_naming_it(value):
    result = manage("check", env={**PRODUCTION, "ADMIN_URL": value})

    assert result.returncode != 0
    assert f"ADMIN_URL={value!r} is not an admin path" in result.stderr


# Sessions, cookies, passwords --------------------------------------------------------


def test_an_editors_login_cookie_lasts_a_working_day_and_scripts_cannot_read_it(edith):
    client = Client()

    log_in(client, "edith", RIGHT)

    session = client.cookies["sessionid"]
    assert session["max-age"] == 8 * 60 * 60
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_production_cookies_are_secure_httponly_and_samesite():
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    ]
    env = {**PRODUCTION, "SESSION_COOKIE_AGE": "3600", "SESSION_EXPIRE_AT_BROWSER_CLOSE": "on"}

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings as s; print(*[getattr(s, n) for n in {names!r}])",
        env=env,
    )

    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "Lax", "3600", "True"]


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("password", "This password is too common."),
        ("Tr4m!", "This password is too short. It must contain at least 8 characters."),
        ("20261203", "This password is entirely numeric."),
        ("newhire2026", "The password is too similar to the username."),
    ],
)
def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client, password, refusal):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newhire",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 200
    assert refusal in response.context["adminform"].form.errors["password2"]
    assert not User.objects.filter(username="newhire").exists()


def test_the_admin_accepts_a_strong_password_for_a_new_user(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newhire",
            "usable_password": "true",
            "password1": "tram-lines-cross-the-Meuse",
            "password2": "tram-lines-cross-the-Meuse",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="newhire").check_password("tram-lines-cross-the-Meuse")
