"""Appointments in the shared test world: the counsellor's free time and Sanne's booking, one
that has begun, and bookings in team A2 and college B."""

import datetime

from tests.factories.portal_parts import appointment, slot


def extend(w):
    w.free_slot = slot(w.counsellor, starts_in=datetime.timedelta(days=4))
    w.slot = slot(w.counsellor, starts_in=datetime.timedelta(days=3))
    w.appointment = appointment(w.slot, w.student)
    w.begun_slot = slot(w.counsellor, starts_in=-datetime.timedelta(hours=1))
    w.begun_appointment = appointment(w.begun_slot, w.student)
    w.other_slot = slot(w.outsider)
    w.other_appointment = appointment(w.other_slot, w.other_team_student)
    w.foreign_slot = slot(w.foreign)
    w.foreign_appointment = appointment(w.foreign_slot, w.foreign_student)
