"""E-mails to an agency's contact (it has no account, so no Notification row): the referral with
its link, the next link after each status change, and reminders before and after the reply
deadline. Each is one ReferralMail row per key (a repeated sweep creates nothing twice), sent by a
task queued through core.outbox in the writing transaction; unsent rows are queued again by the
daily sweep, so an SMTP server that is down delays a mail, never loses it."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from core import outbox

from .. import deadlines
from ..notifications import email_message_id
from ..text import html_to_text, mask_pii
from . import links
from .models import AgencyReferral, ReferralMail

logger = logging.getLogger(__name__)
SEND_TASK = "suggestions.send_referral_mail"


def _summary(r: AgencyReferral) -> str:
    """What the agency is told of the report: masked, no reporter identity."""
    s = r.suggestion
    body = mask_pii(html_to_text(s.body))[:1500]
    place = mask_pii(" ".join(x for x in (s.get_district_display() if s.district else "", s.address) if x))
    lines = [gettext("제목: %(title)s") % {"title": mask_pii(s.title)}]
    if place:
        lines.append(gettext("장소: %(place)s") % {"place": place})
    lines += ["", body]
    return "\n".join(lines)


def queue(r: AgencyReferral, *, key: str, subject: str, intro: str) -> ReferralMail | None:
    """One mail to the agency per key (with the current link), queued on commit; None when the
    referral has no directory agency to write to or the key was used."""
    if r.directory is None or not r.directory.email:
        return None
    link = links.url_for(r) if r.link_nonce and not r.is_closed else ""
    parts = [intro, "", _summary(r)]
    if link:
        parts += [
            "",
            gettext("아래 링크에서 조치 상태(접수·조치 중·조치 완료·조치 불가)를 알려 주세요. 계정은 필요 없습니다."),
            gettext("링크는 한 번 쓰면 다음 단계용 새 링크가 다시 발송되며, %(days)d일 뒤 만료됩니다.")
            % {"days": settings.REFERRAL_LINK_MAX_AGE_DAYS},
            link,
        ]
    parts += ["", gettext("— 서울경찰청 치안파트너스 청(聽)")]
    with transaction.atomic():
        row, new = ReferralMail.objects.get_or_create(
            key=key[:200],
            defaults={"referral": r, "to": r.directory.email, "subject": subject[:200], "body": "\n".join(parts)},
        )
        if new:
            outbox.enqueue(SEND_TASK, row.pk)
    return row if new else None


def queue_link(r: AgencyReferral, *, reason: str) -> ReferralMail | None:
    """The referral's link (on referral, and the next one after each status change)."""
    if reason == "referred":
        subject = gettext("[서울경찰청] 관계기관 통보: %(title)s") % {"title": mask_pii(r.suggestion.title)[:80]}
        intro = gettext(
            "%(agency)s 담당자님, 시민 치안파트너스가 신고한 현장 문제를 통보드립니다. %(due)s까지 회신을 부탁드립니다."
        ) % {"agency": r.agency, "due": r.reply_due.isoformat() if r.reply_due else "-"}
    else:
        status = {"status": r.get_status_display()}
        subject = gettext("[서울경찰청] 조치 상태 ‘%(status)s’ 접수 — 다음 단계용 링크") % status
        intro = (
            gettext("조치 상태 ‘%(status)s’을(를) 받았습니다. 이후 상태가 바뀌면 아래 새 링크로 알려 주세요.") % status
        )
    return queue(r, key=f"referral:{r.pk}:link:{r.link_nonce}", subject=subject, intro=intro)


def send(mail_id: int) -> bool:
    """Send one queued mail (outside any transaction); True when it went out now. The conditional
    UPDATE claims the row, so a second copy of the task sends nothing."""
    claimed = ReferralMail.objects.filter(
        pk=mail_id, sent_at__isnull=True, attempts__lt=settings.NOTIFY_MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return False
    row = ReferralMail.objects.get(pk=mail_id)
    try:
        EmailMessage(
            row.subject,
            row.body,
            settings.DEFAULT_FROM_EMAIL,
            [row.to],
            headers={"Message-ID": email_message_id(row.key)},
        ).send()
    except Exception as exc:  # SMTP down or refusing: the sweep tries again
        logger.warning("referral mail %s not sent: %s", row.pk, exc)
        ReferralMail.objects.filter(pk=row.pk).update(last_error=f"{type(exc).__name__}: {exc}"[:1000])
        return False
    ReferralMail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), last_error="")
    return True


def send_reminders(today: dt.date | None = None) -> int:
    """Daily: a reminder N business days before the reply deadline, a weekly one once it has
    passed (keys make both idempotent); and unsent mails queued again. Returns mails queued."""
    today = today or deadlines.local_today()
    before = deadlines.add_business_days(today, settings.REFERRAL_REMIND_BUSINESS_DAYS_BEFORE)
    open_qs = (
        AgencyReferral.objects.exclude(status__in=AgencyReferral.CLOSED)
        .filter(directory__isnull=False, reply_due__isnull=False)
        .select_related("suggestion", "directory")
    )
    queued = 0
    for r in open_qs.filter(reply_due=before):
        due = {"due": str(r.reply_due)}
        subject = gettext("[서울경찰청] 회신 기한 안내 (%(due)s)") % due
        intro = gettext("통보드린 건의 회신 기한이 %(due)s입니다. 조치 상태를 알려 주세요.") % due
        queued += queue(r, key=f"referral:{r.pk}:before:{r.reply_due}", subject=subject, intro=intro) is not None
    for r in open_qs.filter(reply_due__lt=today):
        year, week, _day = today.isocalendar()
        due = {"due": str(r.reply_due)}
        subject = gettext("[서울경찰청] 회신 기한 경과 (%(due)s)") % due
        intro = gettext("통보드린 건의 회신 기한(%(due)s)이 지났습니다. 조치 상태를 알려 주세요.") % due
        queued += queue(r, key=f"referral:{r.pk}:after:{year}-W{week:02d}", subject=subject, intro=intro) is not None
    for pk in ReferralMail.objects.filter(sent_at__isnull=True, attempts__lt=settings.NOTIFY_MAX_ATTEMPTS).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            outbox.enqueue(SEND_TASK, pk)
    return queued
