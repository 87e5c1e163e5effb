"""Creating an account, logging in and out."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from coffeechat.accounts.services import profile_for

from .helpers import field_block, text

User = get_user_model()
PASSWORD = "a-long-passphrase-1"

pytestmark = pytest.mark.django_db


def _signup(client, username="newbie", **fields):
    body = {
        "username": username,
        "password1": "sturdy-correct-horse-7",
        "password2": "sturdy-correct-horse-7",
        "time_zone": "Europe/Paris",
        **fields,
    }
    return client.post(reverse("signup"), body)


def test_it_shows_the_signup_form(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Create an account</h1>" in page
    assert '<option value="UTC" selected>UTC</option>' in page


def test_it_creates_the_account_and_logs_in(client):
    response = _signup(client)
    assert response.status_code == 302
    assert response.url == reverse("today")
    user = User.objects.get(username="newbie")
    assert profile_for(user).time_zone == "Europe/Paris"
    page = text(client.get(response.url))
    assert "Welcome, newbie. Start by adding someone." in page
    assert "Log out newbie" in page
    assert "Nothing is due." in page


def test_it_refuses_a_username_that_is_taken_whatever_its_case(client, owner):
    response = _signup(client, username="ALICE")
    assert response.status_code == 422
    assert "A user with that username already exists." in field_block(response, "username")
    assert User.objects.filter(username__iexact="alice").count() == 1
    assert client.get(reverse("today")).status_code == 302  # still logged out


def test_it_refuses_passwords_that_differ(client):
    response = _signup(client, password2="something-else-entirely")
    assert response.status_code == 422
    assert "The two password fields didn’t match." in text(response)
    assert not User.objects.filter(username="newbie").exists()


def test_it_refuses_a_common_password(client):
    response = _signup(client, password1="password123", password2="password123")
    assert response.status_code == 422
    assert "This password is too common." in text(response)
    assert not User.objects.exists()


def test_it_refuses_a_time_zone_that_does_not_exist(client):
    response = _signup(client, time_zone="Mars/Olympus_Mons")
    assert response.status_code == 422
    assert "Select a valid choice." in field_block(response, "time_zone")
    assert not User.objects.exists()


def test_it_sends_a_signed_in_user_from_signup_to_today(owner_client):
    response = owner_client.get(reverse("signup"))
    assert response.status_code == 302
    assert response.url == reverse("today")


def test_it_shows_the_login_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Log in</h1>" in page
    assert 'name="username"' in page and 'name="password"' in page
    assert f'href="{reverse("signup")}"' in page


def test_it_logs_in_and_goes_where_it_was_asked(client, owner):
    people = reverse("people-list")
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": people}
    )
    assert response.status_code == 302
    assert response.url == people
    assert "Log out alice" in text(client.get(people))


def test_it_does_not_log_in_to_another_site(client, owner):
    body = {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post(reverse("login"), body)
    assert response.status_code == 302
    assert response.url == reverse("today")


def test_it_refuses_a_wrong_password(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "guess"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in text(response)
    assert client.get(reverse("today")).status_code == 302


def test_it_logs_out_with_post(owner_client):
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    after = owner_client.get(reverse("today"))
    assert after.status_code == 302
    assert after.url.startswith(reverse("login"))


def test_it_does_not_log_out_on_get(owner_client):
    # A link or an image on another page must not be able to log the user out.
    assert owner_client.get(reverse("logout")).status_code == 405
    assert owner_client.get(reverse("today")).status_code == 200
