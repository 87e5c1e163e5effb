"""More than 10 failed logins for one account in 15 minutes are refused (django-axes)."""

from datetime import timedelta

import pytest

LOGIN = "/accounts/login/"


def _attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_it_refuses_logins_after_ten_failures_even_with_the_right_password(client, owner):
    for _ in range(9):
        response = _attempt(client, "alice", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    # The tenth failure reaches the limit: from here the account is paused.
    assert _attempt(client, "alice", "wrong").status_code == 429
    response = _attempt(client, "alice", "a-long-passphrase-1")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_lets_the_account_in_again_after_fifteen_minutes(client, owner, clock):
    for _ in range(10):
        _attempt(client, "alice", "wrong")
    assert _attempt(client, "alice", "a-long-passphrase-1").status_code == 429
    clock.shift(timedelta(minutes=16))
    response = _attempt(client, "alice", "a-long-passphrase-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_a_few_typos_do_not_lock_anyone_out(client, owner):
    for _ in range(3):
        _attempt(client, "alice", "wrong")
    assert _attempt(client, "alice", "a-long-passphrase-1").status_code == 302
