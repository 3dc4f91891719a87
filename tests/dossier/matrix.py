"""The career dossier: the student's own pages, staff who read the student's first-line
records, and the evidence files (404 for every file its reader may not see)."""

from django.urls import reverse

from tests.matrix import Case, expect

# Staff who read Sanne's first-line records (team A1); other staff with a first-line role get
# 404 for her, the rest 403.
READERS = {"counsellor": 200, "colleague": 200, "care_coordinator": 200, "manager": 200,
           "other_manager": 404, "outsider": 404, "foreign": 404}
RESPONDERS = {"counsellor": 302, "colleague": 302, "care_coordinator": 302, "outsider": 404,
              "foreign": 404}


def _path(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


CASES = [
    Case("dossier:overview", _path("dossier:overview"), expect(403, student=200)),
    Case("dossier:competency", _path("dossier:competency", "qualities"), expect(403, student=200)),
    Case("dossier:competency", _path("dossier:competency", "nonsense"), expect(403, student=404),
         label="get:dossier:competency:unknown"),
    Case("dossier:competency", _path("dossier:competency", "networking"),
         expect(403, student=302), method="post",
         data=lambda w: {"text": "Ik heb met mijn oom gepraat.", "link": "https://example.org"},
         label="post:dossier:competency"),
    Case("dossier:share", _path("dossier:share", lambda w: w.reflection.pk),
         expect(403, student=302), method="post", data={"shared": "1"}),
    Case("dossier:share", _path("dossier:share", lambda w: w.team_reflection.pk),
         expect(403, student=404), method="post", data={"shared": "1"},
         label="post:dossier:share:other-student"),
    Case("dossier:share", _path("dossier:share", lambda w: w.foreign_reflection.pk),
         expect(403, student=404), method="post", data={"shared": "1"},
         label="post:dossier:share:other-college"),
    Case("dossier:evidence_add", _path("dossier:evidence_add", lambda w: w.reflection.pk),
         expect(403, student=302), method="post", data={"link": "https://example.org/cv"}),
    Case("dossier:evidence_add", _path("dossier:evidence_add", lambda w: w.team_reflection.pk),
         expect(403, student=404), method="post", data={"link": "https://example.org/cv"},
         label="post:dossier:evidence_add:other-student"),
    Case("dossier:evidence_remove", _path("dossier:evidence_remove", lambda w: w.evidence.pk),
         expect(403, student=302), method="post"),
    Case("dossier:evidence_remove",
         _path("dossier:evidence_remove", lambda w: w.team_evidence.pk),
         expect(403, student=404), method="post", label="post:dossier:evidence_remove:other"),
    # A file: its student, and staff who read her record; her parent only when shared and
    # while the parent may see her (Sanne is 19 in the world and has granted nothing: 404;
    # a minor's shared file opens to her parent in tests/dossier/test_dossier.py).
    Case("dossier:evidence", _path("dossier:evidence", lambda w: w.evidence.pk),
         expect(403, student=200, guardian=404, **READERS)),
    Case("dossier:evidence", _path("dossier:evidence", lambda w: w.shared_evidence.pk),
         expect(403, student=200, guardian=404, **READERS), label="get:dossier:evidence:shared"),
    Case("dossier:evidence", _path("dossier:evidence", lambda w: w.team_evidence.pk),
         expect(403, student=404, guardian=404, **READERS), label="get:dossier:evidence:other"),
    Case("dossier:evidence", _path("dossier:evidence", lambda w: w.foreign_evidence.pk),
         expect(403, student=404, guardian=404, **{**dict.fromkeys(READERS, 404), "foreign": 200}),
         label="get:dossier:evidence:other-college"),
    Case("dossier:student", _path("dossier:student", lambda w: w.student.pk),
         expect(403, **READERS)),
    Case("dossier:student", _path("dossier:student", lambda w: w.foreign_student.pk),
         expect(403, **{**dict.fromkeys(READERS, 404), "foreign": 200}),
         label="get:dossier:student:other-college"),
    Case("dossier:respond", _path("dossier:respond", lambda w: w.reflection.pk),
         expect(403, **RESPONDERS), method="post", data={"text": "Goed zo!"}),
    Case("dossier:respond", _path("dossier:respond", lambda w: w.foreign_reflection.pk),
         expect(403, **{**dict.fromkeys(RESPONDERS, 404), "foreign": 302}), method="post",
         data={"text": "Goed zo!"},
         label="post:dossier:respond:other-college"),
]
