"""A form submission counts once (docs/decisions/0020-idempotency-keys.md).

Each command form carries an idempotency key, a random token rendered into the form for
the person who sees it (web/idempotency.py). The web layer sends a submission with one
through `once(user_id, key)`:

    with once(user_id, key) as submission:
        if submission.answer is not None:       # sent before: answer as it was answered
            return replay(submission.answer)
        response = view(request)                # the command runs inside this transaction
        submission.answered(response...)        # kept only if it appended events

The claim is a row with a unique (user, key), inserted first in the transaction the
command's events append in: nine copies of a submission sent at once wait on that row
(PostgreSQL: the unique index; SQLite: the write lock of BEGIN IMMEDIATE) and, once the
first commits, find its answer instead of running the command again. A submission that
appended nothing (refused, or nothing to change) leaves no row: sending it again runs the
command again, which refuses or does nothing again.

The claim is the only lock the transaction holds when the command starts, so the
command's stream still queues on its per-stream lock as an outermost one would
(store.EventStore.execute): keys are always taken before streams, never the other way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils import timezone

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEPT = timedelta(days=1)
BODY_MAX = 64 * 1024  # an htmx fragment's answer; larger ones are not replayed, only redone

_appended: ContextVar[list[int] | None] = ContextVar("convene_appended_in_submission", default=None)
_claim_only: ContextVar[bool] = ContextVar("convene_claim_only_lock", default=False)


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""
    content_type: str = ""
    body: str = ""


class Submission:
    def __init__(self, user_id: int, key: str, answer: Answer | None):
        self.user_id, self.key, self.answer = user_id, key, answer
        self._recorded: Answer | None = None

    def answered(self, answer: Answer) -> None:
        """What the first submission answered (kept if it appended events)."""
        self._recorded = answer


def is_key(value: str) -> bool:
    return bool(KEY.fullmatch(value))


@contextmanager
def once(user_id: int, key: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[Submission]:
    """One transaction for the claim, the command and the recorded answer (see above)."""
    from eventstore.models import FormSubmission  # the store imports this module before models load

    with transaction.atomic(using=using):
        now = timezone.now()
        try:
            with transaction.atomic(using=using):
                row = FormSubmission.objects.using(using).create(user_id=user_id, key=key, sent_at=now)
        except IntegrityError:
            earlier = FormSubmission.objects.using(using).filter(user_id=user_id, key=key).first()
            if earlier is not None and earlier.status is not None:
                yield Submission(user_id, key, Answer(earlier.status, earlier.location, earlier.content_type, earlier.body))
                return
            raise
        submission = Submission(user_id, key, None)
        counter: list[int] = [0]
        appended_token, claim_token = _appended.set(counter), _claim_only.set(True)
        try:
            yield submission
        finally:
            _appended.reset(appended_token)
            _claim_only.reset(claim_token)
        answer = submission._recorded
        if counter[0] and answer is not None:
            FormSubmission.objects.using(using).filter(pk=row.pk).update(
                status=answer.status, location=answer.location, content_type=answer.content_type,
                body=answer.body if len(answer.body) <= BODY_MAX else "",
            )
        else:
            row.delete()
        if now.minute == 0:  # now and then, forget the old ones
            FormSubmission.objects.using(using).filter(sent_at__lt=now - KEPT).delete()


def note_appended(count: int) -> None:
    """Called by the store when it appends: the submission being answered did something."""
    counter = _appended.get()
    if counter is not None:
        counter[0] += count


def take_claim_only_lock() -> bool:
    """True once per submission, when its transaction holds only the claim: the store may
    queue on the stream as if its transaction were the outermost one."""
    if _claim_only.get():
        _claim_only.set(False)
        return True
    return False


def forget_user(user_id: int, *, mentions: set[str] = frozenset(), using: str = DEFAULT_DB_ALIAS) -> None:
    """Erasure: the answers kept for a person's submissions, and any other answer (an
    organiser's roster fragment) that mentions them."""
    from eventstore.models import FormSubmission  # the store imports this module before models load

    FormSubmission.objects.using(using).filter(user_id=user_id).delete()
    for text in mentions - {""}:
        FormSubmission.objects.using(using).filter(body__icontains=text).delete()
