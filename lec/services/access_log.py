"""The access log's writes: one row per read of LEC content."""

from django.utils import timezone

from staff.models import User

from ..models import AccessLog, Referral


def access_log_record(*, user: User, referral: Referral, action: str,
                      ip: str | None) -> AccessLog:
    """Record that `user` read `referral`'s content (`action`: an AccessAction). Call it in
    the transaction of the read, so no content leaves without its row."""
    return AccessLog.objects.create(user=user, referral=referral, action=action,
                                    at=timezone.now(), ip=ip)
