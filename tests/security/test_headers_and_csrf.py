"""The browser-facing defences: CSP without inline script, CSRF, no framing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from coffeechat.network.models import Person

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_page_carries_a_csp_that_allows_no_inline_script(owner_client, person):
    for url in ["/", "/people/", f"/people/{person.pk}/", "/interviews/"]:
        response = owner_client.get(url)
        policy = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script_for_the_csp_to_block(owner_client, person):
    for url in ["/", "/people/", f"/people/{person.pk}/", "/interviews/", "/accounts/settings/"]:
        html = owner_client.get(url).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
        assert scripts, url
        for attributes, body in scripts:
            assert "src=" in attributes and body.strip() == "", url
        assert not re.search(r"\son[a-z]+=", html), url


@pytest.mark.django_db
def test_a_cross_site_post_is_refused(owner):
    # A browser on another site posts with the user's session cookie but no CSRF token.
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/people/new/", {"name": "Planted by evil.example"})
    assert response.status_code == 403
    assert not Person.objects.filter(name="Planted by evil.example").exists()


@pytest.mark.django_db
def test_a_post_with_the_token_from_the_form_goes_through(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    form = client.get("/people/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post("/people/new/", {"name": "Dana", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Person.objects.filter(owner=owner, name="Dana").exists()


@pytest.mark.django_db
def test_a_cross_origin_post_with_a_stolen_token_is_refused_over_https(owner):
    # Over HTTPS Django also checks the Origin: a page on evil.example can't post here.
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/people/new/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/people/new/",
        {"name": "From evil", "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/x"},
    )
    assert response.status_code == 403


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "COFFEECHAT_ENV": "production",
        "COFFEECHAT_SECRET_KEY": "k" * 10 + "9f8e7d6c5b4a3210ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvu-_+=",
        "COFFEECHAT_ALLOWED_HOSTS": "coffeechat.example.org",
        "COFFEECHAT_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "COFFEECHAT_SECRET_KEY")
        },
        "COFFEECHAT_ENV": "production",
        "COFFEECHAT_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "COFFEECHAT_SECRET_KEY must be set" in result.stderr
