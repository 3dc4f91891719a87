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


@pytest.fixture
def page_queries():
    """page_queries(client, url) -> (all queries, queries on LEC tables) of one GET.

    The LEC's own queries are pinned exactly; the total is compared between small and large
    data, so that a constant query added by the shared layout (e.g. a notification counter in
    the navigation bar) does not break the LEC's pins."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _measure(client, url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        return len(sql), sum(1 for q in sql if '"lec_' in q), response

    return _measure


def assert_refused(response) -> None:
    """A refused change on the case page redirects back to the case (Post/Redirect/Get): the
    address bar never stays on /advance/ or /close/ and a reload posts nothing. Call it on a
    response of `client.post(..., follow=True)`."""
    import re

    assert response.redirect_chain, "a refused change must redirect"
    url, status = response.redirect_chain[-1]
    assert status == 302 and re.fullmatch(r"/lec/\d+/", url), url
    assert response.status_code == 200
