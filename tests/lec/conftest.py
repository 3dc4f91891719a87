import pytest

from lec.models import AccessLog, Referral


@pytest.fixture
def log_count():
    def _count(**filters):
        return AccessLog.objects.filter(**filters).count()

    return _count


def snapshot(referral: Referral) -> tuple:
    """Everything a refused change must leave as it was."""
    referral = Referral.objects.get(pk=referral.pk)
    return (
        referral.status, referral.version, referral.assigned_to_id, referral.outcome,
        referral.closed_at, referral.evaluation_date, referral.transitions.count(),
        referral.feedback.count(), referral.findings.count(), referral.actions.count(),
        referral.instruments.count(), referral.notes.count(), referral.members.count(),
    )
