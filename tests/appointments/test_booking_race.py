"""Booking under races on PostgreSQL: 100 attempts on one slot at the same moment make exactly
one booking; the other 99 are told the time is taken.

The attempts run in 25 threads (4 attempts each, every attempt its own transaction) released
together by a barrier: the test database server is shared and allows 100 connections in all,
so 100 threads with a connection each cannot be opened at once. 25 attempts are in flight at
any moment, which is what the lock and the constraint have to hold."""

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lob.appointments import services
from lob.appointments.models import Appointment, Status
from lob.notifications.models import Kind, Notification
from tests.factories.portal_parts import slot
from tests.factories.students import AssignmentFactory, StudentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ATTEMPTS = 100
THREADS = int(os.environ.get("LOB_RACE_THREADS", "25"))


def test_100_concurrent_attempts_on_one_slot_make_exactly_one_booking(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    students = [StudentFactory(programme=world.programme, student_number=f"9{i:05d}")
                for i in range(ATTEMPTS)]
    for s in students:
        AssignmentFactory(student=s, counsellor=world.counsellor)
    target = slot(world.counsellor)
    barrier = threading.Barrier(THREADS)
    booked, taken, errors = [], [], []
    lock = threading.Lock()

    def run(mine):
        try:
            barrier.wait(timeout=30)
            for student in mine:
                try:
                    appointment = services.appointment_book(student=student, slot_id=target.pk)
                except ValidationError as exc:
                    with lock:
                        taken.append(exc.code)
                else:
                    with lock:
                        booked.append(appointment.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    chunks = [students[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(booked) == 1
    assert taken == ["taken"] * (ATTEMPTS - 1)
    assert Appointment.objects.filter(slot=target).exclude(status=Status.CANCELLED).count() == 1
    # Only the winner's booking was announced.
    assert Notification.objects.filter(kind=Kind.APPOINTMENT_BOOKED,
                                       object_id=booked[0]).count() == 1
    assert Notification.objects.filter(kind=Kind.APPOINTMENT_BOOKED).count() == 1
