"""What 20 people do in coffeechat at once: 90% reading, 10% writing."""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, constant_throughput, task

ACCOUNTS = json.load(open(os.environ["LOAD_SEED"]))  # noqa: SIM115
_next_account = itertools.count()
_logged_in = itertools.count(1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(FastHttpUser):
    # Each simulated person asks for about 6 pages a second: 20 of them offer ~120 req/s.
    wait_time = constant_throughput(6)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        page = self.client.get("/accounts/login/", name="login form").text
        self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            },
            name="login",
        )
        # Django issues a new CSRF token at login; every form on a page carries it.
        self.token = TOKEN.search(
            self.client.get("/people/new/", name="add person form").text
        ).group(1)
        # Logins hash passwords on purpose (PBKDF2) and all happen in the first seconds:
        # measure the steady state, from when the last person is in.
        if next(_logged_in) == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()

    def _person(self):
        return random.choice(self.account["people"])

    @task(30)
    def today(self):
        self.client.get("/", name="today")

    @task(15)
    def people(self):
        self.client.get(f"/people/?page={random.randint(1, 4)}", name="people list")

    @task(10)
    def search(self):
        self.client.get(f"/people/?q=Org+{random.randint(0, 14)}", name="people search")

    @task(20)
    def person(self):
        self.client.get(f"/people/{self._person()}/", name="person page")

    @task(8)
    def board(self):
        self.client.get("/interviews/", name="board")

    @task(7)
    def interview(self):
        self.client.get(
            f"/interviews/{random.choice(self.account['interviews'])}/", name="interview page"
        )

    @task(7)
    def log_interaction(self):
        self.client.post(
            f"/people/{self._person()}/log/",
            data={
                "kind": "call",
                "purpose": "general",
                "summary": "Quick call about the team",
                "csrfmiddlewaretoken": self.token,
            },
            headers={"HX-Request": "true"},
            name="log interaction",
        )

    @task(3)
    def add_person(self):
        with self.client.post(
            "/people/new/",
            data={
                "name": f"New contact {random.randint(1, 10**9)}",
                "organization_name": "Org 3",
                "title": "Analyst",
                "csrfmiddlewaretoken": self.token,
            },
            name="add person",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(
                    f"expected a redirect to the new person, got {response.status_code}"
                )
