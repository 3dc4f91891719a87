"""Issue 15 F3, what the fix left behind: memberships a worker gave themselves before the fix
are removed by lec's data migration 0008 — unless the worker is the case worker now or an LEC
lead. Memberships the case worker or the lead gave stay."""

import importlib

from django.apps import apps
from django.utils import timezone

from lec.models import CaseMember

migration = importlib.import_module("lec.migrations.0008_remove_self_added_members")


def _member(referral, user, added_by):
    return CaseMember.objects.create(referral=referral, user=user, added_by=added_by,
                                     added_at=timezone.now())


def test_self_added_members_the_rule_refuses_are_removed(world):
    # Self-added to a case another worker claimed, and to one still in the queue: both go.
    on_claimed = _member(world.referral, world.lec_worker2, world.lec_worker2)
    on_unclaimed = _member(world.new_referral, world.lec_worker2, world.lec_worker2)
    # Self-added, then claimed it: the case worker keeps the row.
    claimed_later = _member(world.running_case, world.lec_worker, world.lec_worker)
    # An LEC lead manages every case's team: their own self-add was allowed.
    lead = _member(world.other_case, world.lec_lead, world.lec_lead)
    # Added by the case worker: the rule allows it.
    added_by_case_worker = _member(world.triage_referral, world.lec_worker2, world.lec_worker)

    removed = migration.remove_self_added_members(apps, None)

    assert removed == sorted([on_claimed.pk, on_unclaimed.pk])
    assert set(CaseMember.objects.values_list("pk", flat=True)) >= {
        claimed_later.pk, lead.pk, added_by_case_worker.pk}
    assert not CaseMember.objects.filter(pk__in=removed).exists()


def test_the_removed_worker_no_longer_reads_the_case_file(world, login):
    _member(world.referral, world.lec_worker2, world.lec_worker2)
    client = login(world.lec_worker2)
    assert client.get(f"/lec/{world.referral.pk}/").status_code == 200

    migration.remove_self_added_members(apps, None)

    assert client.get(f"/lec/{world.referral.pk}/").status_code == 404


def test_running_it_again_removes_nothing(world):
    _member(world.referral, world.lec_worker2, world.lec_worker2)
    migration.remove_self_added_members(apps, None)
    assert migration.remove_self_added_members(apps, None) == []
