"""Signals the lec app sends for apps above it (which it may not import).

`first_line_told` is sent inside the transaction of a change the first line must hear about:
the LEC returned a referral or wrote feedback, a counsellor asked the care coordinator for a
consultation, the coordinator answered. lec decides who is told; lob.notifications records
one in-app notification per recipient (which the daily digest then mails), in the same
transaction, so a change that rolls back tells nobody.

receiver(sender, event: Event, object_id: int, target_id: int, subject: str,
         recipient_ids: list[int])
  - object_id: the row the event is about (a Feedback, a Consultation);
  - target_id: the object the notification's link opens (a student, a consultation);
  - subject: a short label safe for an e-mail (a student's name, never record content).
"""

import enum

from django.dispatch import Signal

first_line_told = Signal()


class Event(enum.StrEnum):
    REFERRAL_RETURNED = "referral_returned"
    LEC_FEEDBACK = "lec_feedback"
    CONSULTATION_ASKED = "consultation_asked"
    CONSULTATION_ANSWERED = "consultation_answered"
