"""A complete, versioned JSON backup of one user's workspace, and its restore.

The file holds the account (with its password hash, so a restore gives back a working
login), its settings and every row it owns, through Django's own serializer. Restoring
keeps every id, so a restore into an empty database gives identical tables.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.models import (
    DuplicateDismissal,
    Interaction,
    Link,
    Organization,
    Person,
    Tag,
)
from coffeechat.outreach.models import Message, MessageTemplate
from coffeechat.prep.models import MeetingNotes, OwnQuestion, PlannedQuestion, Research

FORMAT = "coffeechat-backup"
VERSION = 1


def _owned(actor) -> list:
    """Every model's rows for this user, parents before children, as restore needs them."""
    User = get_user_model()
    return [
        (User, User.objects.filter(pk=getattr(actor, "pk", None))),
        (Profile, Profile.objects.filter(user=actor)),
        (Organization, Organization.objects.filter(owner=actor)),
        (Tag, Tag.objects.filter(owner=actor)),
        # introduced_by points at other people: saved in a second pass on restore.
        (Person, Person.objects.filter(owner=actor)),
        # referred_from points at other interviews: also saved in the second pass.
        (Interview, Interview.objects.filter(owner=actor)),
        (StageChange, StageChange.objects.filter(interview__owner=actor)),
        (Interaction, Interaction.objects.filter(owner=actor)),
        (Link, Link.objects.filter(owner=actor)),
        # "Not the same person" answers, so a restore doesn't ask them again.
        (DuplicateDismissal, DuplicateDismissal.objects.filter(owner=actor)),
        (Message, Message.objects.filter(owner=actor)),
        (MessageTemplate, MessageTemplate.objects.filter(owner=actor)),
        (Research, Research.objects.filter(owner=actor)),
        (OwnQuestion, OwnQuestion.objects.filter(owner=actor)),
        (PlannedQuestion, PlannedQuestion.objects.filter(owner=actor)),
        (MeetingNotes, MeetingNotes.objects.filter(owner=actor)),
        (Debrief, Debrief.objects.filter(owner=actor)),
        (ActionItem, ActionItem.objects.filter(owner=actor)),
    ]


def write_backup(*, actor, stream) -> dict[str, int]:
    """Write the backup as JSON; returns how many rows of each kind it holds."""
    counts = {}
    objects = []
    for model, rows in _owned(actor):
        rows = list(rows.order_by("pk"))
        counts[model._meta.label] = len(rows)
        # The "python" serializer keeps datetimes whole; Django's JSON encoder would
        # cut them to milliseconds and the restore would not be identical.
        objects.extend(serializers.serialize("python", rows))
    json.dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "username": actor.get_username(),
            "objects": objects,
        },
        stream,
        ensure_ascii=False,
        indent=1,
        default=_encode,
    )
    return counts


def _encode(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"can't write {type(value).__name__} to a backup")


def _read(stream) -> dict:
    try:
        data = json.load(stream)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(f"this is not a coffeechat backup (not JSON: {error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("this is not a coffeechat backup (no coffeechat-backup header)")
    if data.get("version") != VERSION:
        raise ValidationError(
            f"this backup is version {data.get('version')!r}; this coffeechat reads "
            f"version {VERSION}"
        )
    return data


@transaction.atomic
def restore_backup(*, stream) -> dict[str, int]:
    """Restore a backup into this database, all or nothing.

    Refused, with nothing written, if the account exists or any row's id is taken:
    a restore is for an empty database or a fresh install.
    """
    data = _read(stream)
    User = get_user_model()
    username = data.get("username", "")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            f"an account named {username!r} already exists here; nothing restored"
        )
    try:
        return _restore(data["objects"])
    except (serializers.base.DeserializationError, DatabaseError, KeyError, TypeError) as error:
        raise ValidationError(
            f"the backup's rows can't be read ({error}); nothing was restored"
        ) from None


def _restore(objects) -> dict[str, int]:
    restored = serializers.deserialize("python", objects)
    counts: dict[str, int] = {}
    introducers = []
    referrals = []
    for item in restored:
        model = type(item.object)
        if model._default_manager.filter(pk=item.object.pk).exists():
            raise ValidationError(
                f"{model._meta.verbose_name} #{item.object.pk} already exists here; "
                "restore into an empty database. Nothing was restored."
            )
        if model is Person and item.object.introduced_by_id:
            introducers.append((item.object.pk, item.object.introduced_by_id))
            item.object.introduced_by_id = None
        if model is Interview and item.object.referred_from_id:
            referrals.append((item.object.pk, item.object.referred_from_id))
            item.object.referred_from_id = None
        item.save()
        counts[model._meta.label] = counts.get(model._meta.label, 0) + 1
    for pk, introducer in introducers:
        Person.objects.filter(pk=pk).update(introduced_by_id=introducer)
    for pk, source in referrals:
        Interview.objects.filter(pk=pk).update(referred_from_id=source)
    _reset_sequences()
    return counts


def _reset_sequences() -> None:
    # Rows came with their ids; PostgreSQL's sequences must move past them.
    # Every model the backup holds (the querysets are lazy: nothing is read here).
    models = [model for model, _ in _owned(None)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def copy_database(target: Path) -> None:
    """A consistent copy of the whole SQLite database, safe while the app is running."""
    if connection.vendor != "sqlite":
        raise ValidationError(
            "a whole-database copy is for SQLite; on PostgreSQL use pg_dump, or a JSON backup"
        )
    if target.exists():
        raise ValidationError(f"{target} exists; choose a new file name")
    source_path = connection.settings_dict["NAME"]
    try:
        with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
            # SQLite's online backup: a consistent snapshot even with writers active.
            source.backup(copy)
    except (sqlite3.Error, DatabaseError) as error:
        target.unlink(missing_ok=True)
        raise ValidationError(f"the copy failed: {error}") from None
