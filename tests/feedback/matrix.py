"""Student feedback: the student answers about their own conversations; a counsellor sees
only their own aggregate."""

from django.urls import reverse

from tests.matrix import Case, expect

FIRST_LINE = ("counsellor", "colleague", "care_coordinator", "outsider", "foreign")

CASES = [
    Case("feedback:list", lambda w: reverse("feedback:list"), expect(403, student=200)),
    Case("feedback:answer", lambda w: reverse("feedback:answer", args=["session", w.session.pk]),
         expect(403, student=200)),
    Case("feedback:answer", lambda w: reverse("feedback:answer", args=["session", w.session.pk]),
         expect(403, student=302), method="post", data={"score": "4", "comment": "Fijn"},
         label="post:feedback:answer"),
    Case("feedback:answer",
         lambda w: reverse("feedback:answer", args=["session", w.other_session.pk]),
         expect(403, student=404), label="get:feedback:answer:other-student"),
    Case("feedback:answer",
         lambda w: reverse("feedback:answer", args=["session", w.foreign_session.pk]),
         expect(403, student=404), label="get:feedback:answer:other-college"),
    Case("feedback:mine", lambda w: reverse("feedback:mine"),
         expect(403, **dict.fromkeys(FIRST_LINE, 200))),
]
