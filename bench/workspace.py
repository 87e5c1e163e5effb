"""A deterministic, realistic workspace of a given size for the benchmark.

Rows are written with bulk_create for speed, which skips the services. The derived
fields the services would have stored (seniority, next_action_at,
keep_in_touch_due_at, last_contacted_at) are therefore computed here with the
project's own rules, so Today and the indexes see exactly what real use produces.
The prose (notes, summaries, messages, research, debriefs) comes from bench.texts.
Run Django setup before importing this module.
"""

from __future__ import annotations

import random
import sys
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from bench import texts
from bench.sizes import Size
from bench.texts import (  # ORG_* are also read from here by bench.imports
    FIRST_NAMES,
    HOW_MET,
    LAST_NAMES,
    LINK_HOW,
    ORG_FIRST,
    ORG_SECOND,
    ORG_SUFFIX,
    SUMMARIES,
    TAGS,
    TITLES,
)
from coffeechat.accounts.services import profile_for, user_create
from coffeechat.db import refresh_statistics
from coffeechat.debrief.models import Debrief
from coffeechat.domain.lifecycle import Stage, is_allowed
from coffeechat.domain.seniority import Seniority, guess_seniority
from coffeechat.domain.today import earliest_show_from
from coffeechat.interviews.models import Format, Interview, Purpose, StageChange
from coffeechat.interviews.services import MEETING_KIND
from coffeechat.network.models import (
    Interaction,
    InteractionKind,
    InteractionPurpose,
    Link,
    LinkKind,
    Organization,
    Person,
    Tag,
)
from coffeechat.network.services import refresh_keep_in_touch
from coffeechat.outreach.models import Message
from coffeechat.prep.models import MeetingNotes, Research
from coffeechat.search import index as search_index

USERNAME = "bench"
# Must pass the project's password validators, since the user goes through user_create.
PASSWORD = "bench-pass-2026!"
BATCH = 5_000
# Who the user knows (coffeechat.domain.paths): their first-degree connections and
# everyone they have been in touch with. A tenth are connections; the interactions go to
# those and to the people their interviews wrote to, so about a fifth of the network is
# known and warm paths have someone to go through, and someone to reach.
FIRST_DEGREE_SHARE = 0.10
QUIET_DAYS = 365
INDEX_BUILDS = ("rebuild", "triggers")
DO_NOT_ASK_SHARE = 0.01


@dataclass
class Workspace:
    """What the benchmark needs to know about what was built."""

    size: Size
    user: object
    # Person pks from the busy band (see _busy_band), with their interaction and link
    # counts, for the person page.
    busy_people: list[dict]
    build_seconds: float
    counts: dict[str, int] = field(default_factory=dict)


STAGE_WEIGHTS = {
    Stage.PROSPECT: 12,
    Stage.RESEARCHING: 8,
    Stage.INTRO_REQUESTED: 6,
    Stage.REQUESTED: 12,
    Stage.FOLLOWED_UP: 8,
    Stage.SCHEDULED: 10,
    Stage.HELD: 6,
    Stage.THANKED: 8,
    Stage.KEEPING_IN_TOUCH: 10,
    Stage.DECLINED: 7,
    Stage.NO_REPLY: 8,
    Stage.DEFERRED: 5,
}
P, R, IR, RQ, FU = (
    Stage.PROSPECT,
    Stage.RESEARCHING,
    Stage.INTRO_REQUESTED,
    Stage.REQUESTED,
    Stage.FOLLOWED_UP,
)
S, H, T, K = Stage.SCHEDULED, Stage.HELD, Stage.THANKED, Stage.KEEPING_IN_TOUCH
# How an interview reached each stage. Researching and intro-requested are skipped at
# random where they are not the current stage; every path taken is checked against
# the lifecycle's own table.
PATHS = {
    P: (P,),
    R: (P, R),
    IR: (P, R, IR),
    RQ: (P, R, RQ),
    FU: (P, R, RQ, FU),
    S: (P, R, IR, RQ, S),
    H: (P, R, RQ, S, H),
    T: (P, R, RQ, S, H, T),
    K: (P, R, RQ, S, H, T, K),
    Stage.DECLINED: (P, R, RQ, Stage.DECLINED),
    Stage.NO_REPLY: (P, RQ, FU, Stage.NO_REPLY),
    Stage.DEFERRED: (P, R, Stage.DEFERRED),
}
# Interactions the services log when an interview enters these stages.
STAGE_MESSAGES = {
    RQ: (InteractionKind.EMAIL, InteractionPurpose.REQUEST, "Asked for 20 minutes"),
    FU: (InteractionKind.EMAIL, InteractionPurpose.FOLLOW_UP, "Follow-up sent"),
    T: (InteractionKind.EMAIL, InteractionPurpose.THANK_YOU, "Thank-you sent"),
    K: (InteractionKind.NOTE, InteractionPurpose.KEEP_IN_TOUCH, "Kept in touch"),
}
MINUTES = (15, 20, 20, 20, 20, 30, 30, 45, 60)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _Builder:
    def __init__(self, size: Size, seed: int, now: datetime, index: str):
        self.size = size
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = now
        self.index = index
        self.started = time.perf_counter()

    def step(self, what: str) -> None:
        log(f"  [{self.size.name}] {time.perf_counter() - self.started:6.1f}s  {what}")

    def ago(self, max_days: float, min_days: float = 0.0) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(min_days, max_days))

    # --- planning: plain Python objects, no database --------------------------------

    def plan_organizations(self) -> list[Organization]:
        combos = len(ORG_FIRST) * len(ORG_SECOND) * len(ORG_SUFFIX)
        picks = self.rng.sample(range(combos), self.size.organizations)
        organizations = []
        for k in picks:
            k, suffix = divmod(k, len(ORG_SUFFIX))
            first, second = divmod(k, len(ORG_SECOND))
            name = " ".join(
                w for w in (ORG_FIRST[first], ORG_SECOND[second], ORG_SUFFIX[suffix]) if w
            )
            slug = name.lower().replace(" ", "")
            organizations.append(
                Organization(owner=self.user, name=name, website=f"https://{slug}.example")
            )
        return organizations

    def plan_people(self, organizations: list[Organization]) -> list[Person]:
        rng = self.rng
        # A few large employers and a long tail, as in anyone's contacts.
        org_cum = list(accumulate(rng.paretovariate(1.2) for _ in organizations))
        people = []
        self.person_org = []
        for i in range(self.size.people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            org_index = (
                bisect_left(org_cum, rng.random() * org_cum[-1]) if rng.random() < 0.9 else None
            )
            organization = organizations[org_index] if org_index is not None else None
            title = rng.choice(TITLES)
            domain = organization.website[8:] if organization else "mail.example"
            confirmed = rng.random() < 0.05
            people.append(
                Person(
                    owner=self.user,
                    name=f"{first} {last}",
                    email=f"{first}.{last}.{i}@{domain}".lower() if rng.random() < 0.9 else "",
                    phone=f"+1 555 {rng.randrange(10_000):04d}" if rng.random() < 0.3 else "",
                    linkedin_url=(
                        f"https://www.linkedin.com/in/{first}-{last}-{i}".lower()
                        if rng.random() < 0.4
                        else ""
                    ),
                    title=title,
                    organization=organization,
                    seniority=(
                        rng.choice(list(Seniority)) if confirmed else guess_seniority(title)
                    ),
                    seniority_confirmed=confirmed,
                    how_met=rng.choice(HOW_MET) if rng.random() < 0.5 else "",
                    notes="Met briefly; follow their work on policy." if rng.random() < 0.2 else "",
                    is_mentor=rng.random() < 0.02,
                )
            )
            self.person_org.append(org_index)
        # Busier people get more interactions and more links; capped so nobody has an
        # implausible thousand-entry timeline.
        self.activity = [min(rng.paretovariate(1.5), 40.0) for _ in range(self.size.people)]
        self.activity_cum = list(accumulate(self.activity))
        # Drawn after everything above, so names, titles and employers stay as they were.
        start = self.now.date() - timedelta(days=15 * 365)
        self.first_degree = set()
        for i, person in enumerate(people):
            if rng.random() < FIRST_DEGREE_SHARE:
                person.first_degree_since = start + timedelta(days=rng.randrange(15 * 365 - 30))
                self.first_degree.add(i)
            person.do_not_ask = rng.random() < DO_NOT_ASK_SHARE
        return people

    def pick_busy_weighted(self, k: int) -> list[int]:
        return self.rng.choices(range(self.size.people), cum_weights=self.activity_cum, k=k)

    def plan_interviews(self, people: list[Person]) -> list[tuple[Interview, list]]:
        """Interviews, each with its stage history [(from, to, at)] and the
        interactions that history implies [(kind, purpose, summary, at)]."""
        rng = self.rng
        stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
        planned = []
        chosen = rng.sample(range(self.size.people), self.size.interviews)
        for person_index in chosen:
            stage = rng.choices(stages, weights)[0]
            path = [s for s in PATHS[stage] if s not in (R, IR) or s == stage or rng.random() < 0.5]
            for before, after in zip(path, path[1:], strict=False):
                if not is_allowed(before, after):
                    raise ValueError(f"generator bug: {before} -> {after} is not a legal move")
            minutes = rng.choice(MINUTES)
            entered = self.ago(60)
            # Walk back from the current stage, spacing the moves as the practice does.
            times = [entered]
            for before, after in zip(path[-2::-1], path[:0:-1], strict=True):
                if after in (FU, Stage.NO_REPLY):
                    gap = timedelta(days=rng.uniform(7, 9))
                elif after == T:
                    gap = timedelta(hours=rng.uniform(2, 40))
                elif after == K:
                    gap = timedelta(days=rng.uniform(3, 60))
                elif after == H and before == S:
                    gap = timedelta(days=rng.uniform(2, 14))
                else:
                    gap = timedelta(hours=rng.uniform(6, 240))
                times.insert(0, times[0] - gap)
            at = dict(zip(path, times, strict=True))

            meeting_at = prepared_at = revisit_on = None
            if stage == S:
                meeting_at = entered + timedelta(days=rng.uniform(1, 30))
                meeting_at = meeting_at.replace(minute=meeting_at.minute // 15 * 15, second=0)
                meeting_at = meeting_at.replace(microsecond=0)
                if meeting_at - self.now < timedelta(days=2) and rng.random() < 0.5:
                    latest = min(self.now, meeting_at)
                    prepared_at = entered + (latest - entered) * rng.uniform(0.5, 1)
            elif H in at:
                # Recorded as held shortly after it ended, as interview_advance assumes.
                meeting_at = at[H] - timedelta(minutes=minutes + rng.uniform(0, 180))
            if stage == Stage.DEFERRED:
                revisit_on = (entered + timedelta(days=rng.uniform(7, 90))).date()

            connector = None
            if IR in path or rng.random() < 0.1:
                connector = people[rng.randrange(self.size.people)]
                if connector is people[person_index]:
                    connector = None
            interview = Interview(
                owner=self.user,
                person=people[person_index],
                connector=connector,
                purpose=rng.choice(list(Purpose)),
                minutes=minutes,
                format=rng.choice(list(Format)),
                place="https://meet.example/abc-defg" if rng.random() < 0.5 else "",
                stage=stage,
                stage_entered_at=entered,
                meeting_at=meeting_at,
                revisit_on=revisit_on,
                prepared_at=prepared_at,
            )
            interview.next_action_at = earliest_show_from(interview.facts, self.tz)

            history = [("", path[0], times[0])]
            history += [(a, b, at[b]) for a, b in zip(path, path[1:], strict=False)]
            messages = [(*STAGE_MESSAGES[s], at[s]) for s in path if s in STAGE_MESSAGES]
            if meeting_at is not None and H in at:
                kind = MEETING_KIND[Format(interview.format)]
                summary = f"Informational interview ({minutes} min)"
                messages.append((kind, InteractionPurpose.GENERAL, summary, meeting_at))
            planned.append((person_index, interview, history, messages))
        return planned

    def plan_interactions(self, interview_plan) -> list[tuple]:
        """(person_index, interview_index or None, kind, purpose, summary, occurred_at)."""
        rng = self.rng
        rows = []
        for n, (person_index, _interview, _history, messages) in enumerate(interview_plan):
            for kind, purpose, summary, at in messages:
                rows.append((person_index, n, kind, purpose, summary, min(at, self.now)))
        kinds = list(InteractionKind)
        kind_weights = (30, 15, 10, 30, 12, 3)
        remaining = max(0, self.size.interactions - len(rows))
        three_years = 3 * 365
        # Only people the user is in touch with get the rest: their connections and the
        # people their interviews wrote to, busier ones more often. Spread over everyone,
        # the user would have talked to the whole network, and everyone would be "known".
        in_touch = sorted(self.first_degree | {p for p, *_ in rows})
        weights = [self.activity[i] for i in in_touch]
        # And the user has not talked to each of them for a while (a year on average), so
        # keep-in-touch falls due about as often as when interactions went to everyone.
        quiet = {i: min(rng.expovariate(1 / QUIET_DAYS), three_years) for i in in_touch}
        for person_index in rng.choices(in_touch, weights, k=remaining):
            kind = rng.choices(kinds, kind_weights)[0]
            purpose = (
                InteractionPurpose.KEEP_IN_TOUCH
                if rng.random() < 0.15
                else InteractionPurpose.GENERAL
            )
            summary = rng.choice(SUMMARIES)
            at = self.ago(three_years, quiet[person_index])
            rows.append((person_index, None, kind, purpose, summary, at))
        return rows[: self.size.interactions]

    def plan_keep_in_touch(self, people, interview_plan, interactions) -> None:
        rng = self.rng
        last: dict[int, datetime] = {}
        for person_index, _n, _kind, _purpose, _summary, at in interactions:
            if person_index not in last or at > last[person_index]:
                last[person_index] = at
        for person_index, when in last.items():
            people[person_index].last_contacted_at = when
        # Recording a meeting as held turns keep-in-touch on (interviews.services);
        # the rest of the ~10% are people the user chose to keep up with.
        keep = {
            person_index
            for person_index, interview, _h, _m in interview_plan
            if interview.stage in (H, T, K)
        }
        contacted = sorted(last)
        target = round(self.size.people * 0.10)
        while len(keep) < min(target, len(contacted)):
            keep.add(rng.choice(contacted))
        for person_index in keep:
            person = people[person_index]
            person.keep_in_touch = True
            if rng.random() < 0.3:
                person.keep_in_touch_days = rng.choice((30, 60, 180, 365))
        for person in people:
            refresh_keep_in_touch(person, cadence_default=self.cadence_default)

    def plan_links(self) -> list[tuple[int, int, str]]:
        rng = self.rng
        n = self.size.people
        by_org = defaultdict(list)
        for i, org_index in enumerate(self.person_org):
            if org_index is not None:
                by_org[org_index].append(i)
        wanted = min(self.size.links, n * (n - 1))
        seen: set[tuple[int, int, str]] = set()
        links = []
        while len(links) < wanted:
            (a,) = self.pick_busy_weighted(1)
            roll = rng.random()
            kind = LinkKind.KNOWS
            if (
                roll < 0.3
                and self.person_org[a] is not None
                and len(by_org[self.person_org[a]]) > 1
            ):
                kind = LinkKind.COLLEAGUE
                b = rng.choice(by_org[self.person_org[a]])
            elif roll < 0.45:
                kind = LinkKind.INTRODUCED
                b = rng.randrange(n)
            else:
                b = self.pick_busy_weighted(1)[0] if rng.random() < 0.5 else rng.randrange(n)
            key = (a, b, kind.value)
            if a != b and key not in seen:
                seen.add(key)
                links.append(key)
        return links

    def write_texts(self, planned: dict, interviews: list[Interview]) -> dict[str, int]:
        """The rows bench.texts planned that are only prose, each on its interview."""
        models = {
            "messages": Message,
            "research": Research,
            "meeting_notes": MeetingNotes,
            "debriefs": Debrief,
        }
        for key, model in models.items():
            model.objects.bulk_create(
                (
                    model(owner_id=self.user.pk, interview_id=interviews[n].pk, **fields)
                    for n, fields in planned[key]
                ),
                batch_size=BATCH,
            )
        return {key: len(planned[key]) for key in models}

    # --- the build -----------------------------------------------------------------

    def build(self) -> Workspace:
        size, rng = self.size, self.rng
        self.user = user_create(username=USERNAME, password=PASSWORD)
        profile = profile_for(self.user)
        self.tz = profile.tz
        self.cadence_default = profile.keep_in_touch_days

        organizations = self.plan_organizations()
        people = self.plan_people(organizations)
        interview_plan = self.plan_interviews(people)
        interactions = self.plan_interactions(interview_plan)
        self.plan_keep_in_touch(people, interview_plan, interactions)
        links = self.plan_links()
        planned_texts = texts.plan(
            self.seed, organizations, people, interview_plan, interactions, now=self.now
        )
        self.step("planned")
        _spot_check(people, [i for _p, i, _h, _m in interview_plan])

        if self.index == "rebuild":
            # Half a million trigger firings cost more than one pass over the tables.
            search_index.drop_triggers()
        with transaction.atomic():
            tags = Tag.objects.bulk_create([Tag(owner=self.user, name=name) for name in TAGS])
            Organization.objects.bulk_create(organizations, batch_size=BATCH)
            Person.objects.bulk_create(people, batch_size=BATCH)
            self.step(f"{len(people):,} people")

            through = Person.tags.through
            person_tags = []
            for person in people:
                if rng.random() < 0.3:
                    for tag in rng.sample(tags, rng.randint(1, 3)):
                        person_tags.append(through(person_id=person.pk, tag_id=tag.pk))
            through.objects.bulk_create(person_tags, batch_size=BATCH)
            introduced = []
            for i in range(1, len(people)):
                if rng.random() < 0.05:
                    people[i].introduced_by_id = people[rng.randrange(i)].pk
                    introduced.append(people[i])
            Person.objects.bulk_update(introduced, ["introduced_by"], batch_size=BATCH)

            interviews = [interview for _p, interview, _h, _m in interview_plan]
            Interview.objects.bulk_create(interviews, batch_size=BATCH)
            changes = [
                StageChange(interview=interview, from_stage=a, to_stage=b, at=at)
                for _p, interview, history, _m in interview_plan
                for a, b, at in history
            ]
            StageChange.objects.bulk_create(changes, batch_size=BATCH)
            # auto_now stamps every bulk-created row with the same instant; the board
            # orders by updated_at, so give each interview the times real use would.
            first_change = StageChange.objects.filter(interview=OuterRef("pk")).order_by("at")
            Interview.objects.filter(owner=self.user).update(
                updated_at=F("stage_entered_at"),
                created_at=Subquery(first_change.values("at")[:1]),
            )
            self.step(f"{len(interviews):,} interviews, {len(changes):,} stage changes")

            Interaction.objects.bulk_create(
                (
                    Interaction(
                        owner_id=self.user.pk,
                        person_id=people[p].pk,
                        interview_id=interviews[n].pk if n is not None else None,
                        kind=kind,
                        purpose=purpose,
                        summary=summary,
                        occurred_at=at,
                    )
                    for p, n, kind, purpose, summary, at in interactions
                ),
                batch_size=BATCH,
            )
            self.step(f"{len(interactions):,} interactions")
            Link.objects.bulk_create(
                (
                    Link(
                        owner_id=self.user.pk,
                        from_person_id=people[a].pk,
                        to_person_id=people[b].pk,
                        kind=kind,
                        strength=round(rng.uniform(0.1, 1.0), 2),
                        how=rng.choice(LINK_HOW),
                    )
                    for a, b, kind in links
                ),
                batch_size=BATCH,
            )
            self.step(f"{len(links):,} links")
            written = self.write_texts(planned_texts, interviews)
            self.step(", ".join(f"{n:,} {what.replace('_', ' ')}" for what, n in written.items()))

        if self.index == "rebuild":
            search_index.ensure_search_index()  # the triggers back, the index filled
            self.step("search index rebuilt")
        _settle()
        self.step("settled")
        activity = Counter(p for p, *_ in interactions)
        link_count = Counter()
        for a, b, _kind in links:
            link_count[a] += 1
            link_count[b] += 1
        busy = [
            {
                "pk": people[i].pk,
                "interactions": activity[i],
                "links": link_count[i],
            }
            for i in _busy_band(activity, link_count, size.people)
        ]
        counts = {
            "people": len(people),
            "organizations": len(organizations),
            "interactions": len(interactions),
            "links": len(links),
            "interviews": len(interviews),
            "stage_changes": len(changes),
            **written,
            "keep_in_touch": sum(p.keep_in_touch for p in people),
            "today_due_interviews": sum(
                1 for i in interviews if i.next_action_at and i.next_action_at <= self.now
            ),
            "today_due_people": sum(
                1
                for p in people
                if p.keep_in_touch and p.keep_in_touch_due_at and p.keep_in_touch_due_at <= self.now
            ),
        }
        return Workspace(
            size=size,
            user=self.user,
            busy_people=busy,
            build_seconds=time.perf_counter() - self.started,
            counts=counts,
        )


def _busy_band(activity: Counter, link_count: Counter, people: int, pool: int = 10) -> list[int]:
    """People from the 95th to 99th percentile of interactions plus links: busy but
    typical, not the single outlier whose page nobody opens twice a day. Only people
    the user has talked to: a page with an empty timeline is not a busy person's."""
    ranked = sorted(range(people), key=lambda i: (-(activity[i] + link_count[i]), i))
    top, bottom = max(1, people // 100), max(2, people // 20)
    band = [i for i in ranked[top:bottom] if activity[i]]
    step = max(1, len(band) // pool)
    return band[::step][:pool]


def _spot_check(people: list[Person], interviews: list[Interview]) -> None:
    """Run the model validators the services run on a sample, so a generator bug
    fails here rather than producing rows the app could never have written."""
    for person in people[:50]:
        person.full_clean(exclude=["owner", "tags", "organization"], validate_constraints=False)
    for interview in interviews[:50]:
        interview.full_clean(exclude=["owner", "person", "connector"], validate_constraints=False)


def _settle() -> None:
    """Leave the database as steady use would, not as one huge write left it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One big transaction leaves a WAL the size of the database, which every
            # read would consult; normal use checkpoints it every 1,000 pages.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            # Autovacuum would have analyzed these tables long before anyone used them.
            cursor.execute("VACUUM ANALYZE")
    # What `coffeechat serve` does at start, so the figures are those of the served app.
    refresh_statistics()


def build(
    size: Size, *, seed: int = 2026, now: datetime | None = None, index: str = "rebuild"
) -> Workspace:
    """`index`: "rebuild" writes the rows with the search triggers off, then fills the
    index in one pass (what coffeechat does after a migration); "triggers" leaves them
    on, so each bulk insert fills the index as it goes, as everyday writes do."""
    if index not in INDEX_BUILDS:
        raise ValueError(f"index must be one of {', '.join(INDEX_BUILDS)}, not {index!r}")
    log(f"building {size.name}: {size.describe()}")
    now = now or timezone.now()
    return _Builder(size, seed, now, index).build()
