"""Appointments: the student's own (portal), the counsellor's own slots and bookings. The
calendar feed opens with its secret address (tests/appointments/test_feed.py)."""

from django.urls import reverse

from tests.matrix import Case, expect

# Staff with a first-line role (counsellor, care coordinator) open the counsellor pages; only
# the slot's own counsellor opens its bookings.
FIRST_LINE = ("counsellor", "colleague", "care_coordinator", "outsider", "foreign")


def _others(status, *, own=None, own_status=None):
    found = dict.fromkeys(FIRST_LINE, status)
    if own:
        found[own] = own_status
    return found


def _path(name, *args):
    return lambda w: reverse(name, args=[a(w) for a in args])


CASES = [
    Case("appointments:mine", _path("appointments:mine"), expect(403, student=200)),
    Case("appointments:detail", _path("appointments:detail", lambda w: w.appointment.pk),
         expect(403, student=200, **_others(404, own="counsellor", own_status=200))),
    Case("appointments:detail", _path("appointments:detail", lambda w: w.other_appointment.pk),
         expect(403, student=404, **_others(404, own="outsider", own_status=200)),
         label="get:appointments:detail:other-student"),
    Case("appointments:detail", _path("appointments:detail", lambda w: w.foreign_appointment.pk),
         expect(403, student=404, **_others(404, own="foreign", own_status=200)),
         label="get:appointments:detail:other-college"),
    Case("appointments:cancel", _path("appointments:cancel", lambda w: w.appointment.pk),
         expect(403, student=302, **_others(404, own="counsellor", own_status=302)),
         method="post"),
    Case("appointments:cancel", _path("appointments:cancel", lambda w: w.other_appointment.pk),
         expect(403, student=404, **_others(404, own="outsider", own_status=302)),
         method="post", label="post:appointments:cancel:other-student"),
    Case("appointments:outcome", _path("appointments:outcome", lambda w: w.begun_appointment.pk),
         expect(403, **_others(404, own="counsellor", own_status=302)), method="post",
         data={"status": "no_show"}),
    Case("appointments:slots", _path("appointments:slots"), expect(403, **_others(200))),
    Case("appointments:slots", _path("appointments:slots"), expect(403, **_others(302)),
         method="post", label="post:appointments:slots",
         data={"starts_at": "2099-03-02T10:00", "duration_minutes": "30",
               "location": "private_room", "place": "Lokaal 1.12", "repeat_weeks": "0"}),
    Case("appointments:book", _path("appointments:book", lambda w: w.free_slot.pk),
         expect(403, student=302), method="post", data={"topic": "Mijn stage"}),
    Case("appointments:book", _path("appointments:book", lambda w: w.other_slot.pk),
         expect(403, student=404), method="post", label="post:appointments:book:other-counsellor"),
    Case("appointments:book", _path("appointments:book", lambda w: w.foreign_slot.pk),
         expect(403, student=404), method="post", label="post:appointments:book:other-college"),
    Case("appointments:slot_withdraw", _path("appointments:slot_withdraw", lambda w: w.free_slot.pk),
         expect(403, **_others(404, own="counsellor", own_status=302)), method="post"),
    Case("appointments:feed_reset", _path("appointments:feed_reset"), expect(403, **_others(302)),
         method="post"),
]
