"""The index stays in step with the rows, whatever writes them.

A Hypothesis state machine creates, edits and deletes people, organizations (renames
included), timeline notes, messages, interview notes, debriefs, research and meeting
notes, half the time through
the services and half through raw bulk writes (bulk_create, queryset update and delete,
as the importer and merges do). After every step, searching for a few words must give
exactly the entries a plain Python scan of the same rows finds. Another user writes the
same words all along: their rows must never show up.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coffeechat.debrief.models import Debrief
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_open, interview_update
from coffeechat.network.models import Interaction, Organization, Person
from coffeechat.network.services import (
    interaction_log,
    organization_update,
    person_create,
    person_delete,
    person_update,
)
from coffeechat.outreach.models import Message
from coffeechat.outreach.services import message_save
from coffeechat.prep.models import MeetingNotes, Research
from coffeechat.search import query as q
from coffeechat.search.selectors import search_for

WORDS = ["amber", "basalt", "Cedar", "josé", "Jose", "Zoë", "ZOE", "müller", "dune"]
QUERIES = ["amber", "cedar jose", "zoe", "mül", "jos", "basalt amber", "dune zoe", "muller "]
SEPARATORS = [" ", ", ", "-", ". ", "/", " (", "@"]
DEBRIEF_FIELDS = ("day_to_day", "red_flags", "advice", "team_size")
RESEARCH_FIELDS = ("field_notes", "organization_gaps", "person_notes", "links")

words = st.lists(st.sampled_from(WORDS), max_size=4)
text = st.builds(lambda ws, sep: sep.join(ws), words, st.sampled_from(SEPARATORS))
name = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
pick = st.integers(min_value=0, max_value=10**6)
raw = st.booleans()  # True: a bulk write that no Python code around save() sees


def _tokens(value: str) -> set[str]:
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", value or "") if not unicodedata.combining(c)
    )
    return set(re.findall(r"[^\W_]+", plain.casefold()))


def _fold(word: str) -> str:
    return next(iter(_tokens(word)), "")


def _matches(query: str, entry: tuple[str, str, list[str]]) -> bool:
    title, about, body = entry
    tokens = _tokens(" ".join([title, about, *body]))
    terms = q.terms(query)
    *whole, last = [_fold(w) for w in terms.words]
    if not all(w in tokens for w in whole):
        return False
    return any(t.startswith(last) for t in tokens) if terms.prefix else last in tokens


def _has_text(title: str, body: list[str]) -> bool:
    return any(part.strip(" ") for part in [title, *body])


def expected_entries(owner) -> dict[tuple[str, int], tuple[str, str, list[str]]]:
    """(kind, id) -> (title, about, body) for every row of the owner with text of its own."""
    entries = {}
    for p in Person.objects.filter(owner=owner).select_related("organization"):
        org = p.organization.name if p.organization else ""
        entries[("person", p.pk)] = (p.name, "", [p.title, org, p.email, p.how_met, p.notes])
    for o in Organization.objects.filter(owner=owner):
        entries[("organization", o.pk)] = (o.name, "", [o.notes])
    for i in Interaction.objects.filter(owner=owner).select_related("person"):
        entries[("note", i.pk)] = ("", i.person.name, [i.summary])
    for m in Message.objects.filter(owner=owner).select_related("interview__person"):
        entries[("message", m.pk)] = (m.subject, m.interview.person.name, [m.body])
    for v in Interview.objects.filter(owner=owner).select_related("person"):
        entries[("interview", v.pk)] = ("", v.person.name, [v.quote_note, v.next_step])
    for d in Debrief.objects.filter(owner=owner).select_related("interview__person"):
        body = [getattr(d, f) for f in DEBRIEF_FIELDS]
        entries[("debrief", d.pk)] = ("", d.interview.person.name, body)
    for r in Research.objects.filter(owner=owner).select_related("interview__person"):
        body = [getattr(r, f) for f in RESEARCH_FIELDS]
        entries[("research", r.pk)] = ("", r.interview.person.name, body)
    for n in MeetingNotes.objects.filter(owner=owner).select_related("interview__person"):
        entries[("meeting", n.pk)] = ("", n.interview.person.name, [n.text])
    return {key: entry for key, entry in entries.items() if _has_text(entry[0], entry[2])}


class IndexSync(RuleBasedStateMachine):
    owner = outsider = None  # set by the test before running

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.count = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def _mine(self, model):
        return list(model.objects.filter(owner=self.owner).order_by("pk"))

    def _one(self, model, index):
        rows = self._mine(model)
        return rows[index % len(rows)] if rows else None

    def _unique(self, base: str) -> str:
        self.count += 1
        return f"{base} {self.count}"

    # --- people --------------------------------------------------------------------

    @rule(name=name, notes=text, title=text, org=st.none() | name, bulk=raw)
    def add_person(self, name, notes, title, org, bulk):
        if bulk:
            organization = None
            if org:
                organization = Organization.objects.create(owner=self.owner, name=self._unique(org))
            Person.objects.bulk_create(
                [Person(owner=self.owner, name=name, notes=notes, title=title,
                        organization=organization)]
            )  # fmt: skip
        else:
            person_create(
                actor=self.owner,
                name=name,
                notes=notes,
                title=title,
                organization_name=self._unique(org) if org else "",
            )

    @precondition(lambda self: Person.objects.filter(owner=self.owner).exists())
    @rule(index=pick, name=name, notes=text, how_met=text, bulk=raw)
    def edit_person(self, index, name, notes, how_met, bulk):
        person = self._one(Person, index)
        if bulk:
            Person.objects.filter(pk=person.pk).update(name=name, notes=notes, how_met=how_met)
        else:
            person_update(actor=self.owner, person=person, name=name, notes=notes, how_met=how_met)

    @precondition(lambda self: Person.objects.filter(owner=self.owner).exists())
    @rule(index=pick, bulk=raw)
    def delete_person(self, index, bulk):
        person = self._one(Person, index)
        if bulk:
            Person.objects.filter(pk=person.pk).delete()
        else:
            person_delete(actor=self.owner, person=person)

    @precondition(lambda self: Person.objects.filter(owner=self.owner).count() >= 2)
    @rule(index=pick, other=pick)
    def move_interviews(self, index, other):
        """A merge moves interviews and notes to the person kept."""
        source, target = self._one(Person, index), self._one(Person, other)
        Interview.objects.filter(person=source).update(person=target)
        Interaction.objects.filter(person=source).update(person=target)

    # --- organizations ---------------------------------------------------------------

    @precondition(lambda self: Organization.objects.filter(owner=self.owner).exists())
    @rule(index=pick, name=name, notes=text, bulk=raw)
    def rename_organization(self, index, name, notes, bulk):
        organization = self._one(Organization, index)
        new_name = self._unique(name)
        if bulk:
            Organization.objects.filter(pk=organization.pk).update(name=new_name, notes=notes)
        else:
            organization_update(
                actor=self.owner, organization=organization, name=new_name, notes=notes
            )

    @precondition(lambda self: Organization.objects.filter(owner=self.owner).exists())
    @rule(index=pick)
    def delete_organization(self, index):
        self._one(Organization, index).delete()

    # --- timeline notes --------------------------------------------------------------

    @precondition(lambda self: Person.objects.filter(owner=self.owner).exists())
    @rule(index=pick, summary=text, bulk=raw)
    def log_note(self, index, summary, bulk):
        person = self._one(Person, index)
        if bulk:
            Interaction.objects.bulk_create(
                [Interaction(owner=self.owner, person=person, kind="note",
                             occurred_at=person.created_at, summary=summary)]
            )  # fmt: skip
        else:
            interaction_log(actor=self.owner, person=person, kind="note", summary=summary)

    @precondition(lambda self: Interaction.objects.filter(owner=self.owner).exists())
    @rule(index=pick, summary=text, delete=st.booleans())
    def change_note(self, index, summary, delete):
        rows = Interaction.objects.filter(pk=self._one(Interaction, index).pk)
        rows.delete() if delete else rows.update(summary=summary)

    # --- interviews, messages, debriefs ------------------------------------------------

    @precondition(lambda self: Person.objects.filter(owner=self.owner).exists())
    @rule(index=pick, quote=text)
    def open_interview(self, index, quote):
        interview_open(actor=self.owner, person=self._one(Person, index), quote_note=quote)

    @precondition(lambda self: Interview.objects.filter(owner=self.owner).exists())
    @rule(index=pick, quote=text, next_step=text, bulk=raw)
    def edit_interview_notes(self, index, quote, next_step, bulk):
        interview = self._one(Interview, index)
        if bulk:
            Interview.objects.filter(pk=interview.pk).update(quote_note=quote, next_step=next_step)
        else:
            interview_update(
                actor=self.owner, interview=interview, quote_note=quote, next_step=next_step
            )

    @precondition(lambda self: Interview.objects.filter(owner=self.owner).exists())
    @rule(index=pick, subject=text, body=text, bulk=raw)
    def write_message(self, index, subject, body, bulk):
        interview = self._one(Interview, index)
        if bulk:
            Message.objects.bulk_create(
                [Message(owner=self.owner, interview=interview, kind="request",
                         subject=subject, body=body)]
            )  # fmt: skip
        else:
            message_save(
                actor=self.owner, interview=interview, kind="keep_in_touch",
                reason="advice", subject=subject, body=body,
            )  # fmt: skip

    @precondition(lambda self: Message.objects.filter(owner=self.owner).exists())
    @rule(index=pick, body=text, delete=st.booleans())
    def change_message(self, index, body, delete):
        rows = Message.objects.filter(pk=self._one(Message, index).pk)
        rows.delete() if delete else rows.update(body=body)

    @precondition(
        lambda self: Interview.objects.filter(owner=self.owner, debrief__isnull=True).exists()
    )
    @rule(index=pick, field=st.sampled_from(DEBRIEF_FIELDS), value=text)
    def debrief(self, index, field, value):
        free = list(Interview.objects.filter(owner=self.owner, debrief__isnull=True).order_by("pk"))
        interview = free[index % len(free)]
        Debrief.objects.create(owner=self.owner, interview=interview, **{field: value})

    @precondition(lambda self: Debrief.objects.filter(owner=self.owner).exists())
    @rule(index=pick, field=st.sampled_from(DEBRIEF_FIELDS), value=text, delete=st.booleans())
    def change_debrief(self, index, field, value, delete):
        debrief = self._one(Debrief, index)
        if delete:
            debrief.delete()
        else:
            setattr(debrief, field, value)
            debrief.save()

    # --- research and meeting notes ---------------------------------------------------

    @precondition(lambda self: Interview.objects.filter(owner=self.owner).exists())
    @rule(index=pick, field=st.sampled_from(RESEARCH_FIELDS), value=text, bulk=raw)
    def research(self, index, field, value, bulk):
        interview = self._one(Interview, index)
        if bulk:
            rows = Research.objects.filter(interview=interview)
            if not rows.update(**{field: value}):
                Research.objects.bulk_create(
                    [Research(owner=self.owner, interview=interview, **{field: value})]
                )
        else:
            research, _ = Research.objects.get_or_create(owner=self.owner, interview=interview)
            setattr(research, field, value)
            research.save()

    @precondition(lambda self: Interview.objects.filter(owner=self.owner).exists())
    @rule(index=pick, value=text, delete=st.booleans())
    def meeting_notes(self, index, value, delete):
        interview = self._one(Interview, index)
        rows = MeetingNotes.objects.filter(interview=interview)
        if delete:
            rows.delete()
        elif not rows.update(text=value):
            MeetingNotes.objects.create(owner=self.owner, interview=interview, text=value)

    # --- someone else, writing the same words -------------------------------------------

    @rule(name=name, notes=text)
    def outsider_writes(self, name, notes):
        theirs = person_create(actor=self.outsider, name=name, notes=notes)
        interaction_log(actor=self.outsider, person=theirs, kind="note", summary=notes)

    # --- the check -----------------------------------------------------------------------

    @invariant()
    def search_matches_a_plain_scan(self):
        entries = expected_entries(self.owner)
        for query in QUERIES:
            hits = search_for(actor=self.owner, query=query, limit=10_000)
            got = sorted((h.kind, h.object_id) for h in hits)
            want = sorted(key for key, entry in entries.items() if _matches(query, entry))
            assert got == want, f"{query!r}: index {got} but rows {want}"


@pytest.mark.django_db
def test_the_index_always_agrees_with_a_scan_of_the_rows(owner, outsider):
    from hypothesis.stateful import run_state_machine_as_test

    IndexSync.owner, IndexSync.outsider = owner, outsider
    run_state_machine_as_test(
        IndexSync,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
            # Shrinking a failure takes minutes at a third of a second per run; twelve
            # steps printed as they ran are short enough to read.
            phases=[Phase.explicit, Phase.generate],
        ),
    )
