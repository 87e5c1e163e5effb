"""Accounts for the load test: one per simulated user, each with a small workspace.

Built through the same services the app uses, so every derived field is right.
Writes the ids each simulated user will touch to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from datetime import timedelta

PASSWORD = "load-test-passphrase-2026"
TITLES = [
    "Software Engineer",
    "Product Manager",
    "Data Analyst",
    "Director of Operations",
    "UX Researcher",
    "Policy Advisor",
    "Head of Design",
    "Associate",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from coffeechat.accounts.services import user_create
    from coffeechat.interviews.services import interview_advance, interview_open
    from coffeechat.network.services import interaction_log, person_create

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    now = timezone.now()
    accounts = []
    for n in range(args.users):
        user = user_create(username=f"load{n:02d}", password=PASSWORD)
        people = []
        for i in range(args.people):
            person = person_create(
                actor=user,
                name=f"Person {n}-{i}",
                title=rng.choice(TITLES),
                organization_name=f"Org {i % 15}",
                email=f"p{n}-{i}@example.org",
            )
            people.append(person.pk)
            if i % 4 == 0:
                interaction_log(
                    actor=user,
                    person=person,
                    kind="email",
                    summary="Caught up",
                    occurred_at=now - timedelta(days=rng.randint(1, 300)),
                )
        interviews = []
        for i, pk in enumerate(people[:12]):
            interview = interview_open(
                actor=user, person=user.people.get(pk=pk), at=now - timedelta(days=20)
            )
            if i % 3:
                interview_advance(
                    actor=user,
                    interview=interview,
                    to_stage="requested",
                    at=now - timedelta(days=rng.randint(1, 15)),
                )
            interviews.append(interview.pk)
        accounts.append(
            {
                "username": user.username,
                "password": PASSWORD,
                "people": people,
                "interviews": interviews,
            }
        )
    with open(args.out, "w") as handle:
        json.dump(accounts, handle)


if __name__ == "__main__":
    main()
