"""Sending email from commands: a Django task, queued after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    sent = 0
    for address in recipients:  # one message each: members never see each other's address
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return sent
