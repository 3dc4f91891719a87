"""The privacy app's URLs in the permission matrix (the privacy officer, not a matrix persona,
is tested in tests/privacy/test_audit_review.py and test_requests.py)."""

from tests.matrix import Case, expect

ADMIN_OR_LEAD = expect(403, admin=200, lec_lead=200)

CASES = [
    Case("privacy:two_factor_setup", lambda w: "/privacy/two-factor/setup/", expect(200)),
    Case("privacy:two_factor_start", lambda w: "/privacy/two-factor/start/", expect(302),
         method="post"),
    # Already verified (or no device): straight on.
    Case("privacy:two_factor_verify", lambda w: "/privacy/two-factor/verify/", expect(302)),
    Case("privacy:reauthenticate", lambda w: "/privacy/confirm/", expect(200)),
    Case("privacy:student", lambda w: f"/privacy/students/{w.student.pk}/", ADMIN_OR_LEAD),
    Case("privacy:student", lambda w: f"/privacy/students/{w.foreign_student.pk}/",
         expect(403, admin=404, lec_lead=404), label="privacy:student (other college)"),
    Case("privacy:export", lambda w: f"/privacy/students/{w.student.pk}/export/", ADMIN_OR_LEAD,
         method="post", data={"format": "json"}),
    Case("privacy:export", lambda w: f"/privacy/students/{w.foreign_student.pk}/export/",
         expect(403, admin=404, lec_lead=404), method="post", data={"format": "json"},
         label="privacy:export (other college)"),
    # Bad input: the form comes back with its errors, nothing is recorded.
    Case("privacy:request_create", lambda w: f"/privacy/students/{w.student.pk}/requests/",
         expect(403, admin=400), method="post", data={"kind": "erasure"}),
    Case("privacy:requests", lambda w: "/privacy/requests/", expect(403, admin=200)),
    Case("privacy:request", lambda w: f"/privacy/requests/{w.erasure_request.pk}/",
         expect(403, admin=200)),
    Case("privacy:request", lambda w: f"/privacy/requests/{w.foreign_request.pk}/",
         expect(403, admin=404), label="privacy:request (other college)"),
    Case("privacy:request_erase", lambda w: f"/privacy/requests/{w.erasure_request.pk}/erase/",
         expect(403, admin=400), method="post",
         data=lambda w: {"version": w.erasure_request.version, "confirm": "nope"}),
    Case("privacy:request_correct",
         lambda w: f"/privacy/requests/{w.correction_request.pk}/correct/",
         expect(403, admin=400), method="post",
         data=lambda w: {"version": w.correction_request.version}),
    Case("privacy:request_refuse", lambda w: f"/privacy/requests/{w.erasure_request.pk}/refuse/",
         expect(403, admin=400), method="post",
         data=lambda w: {"version": w.erasure_request.version, "decision_note": ""}),
    # The LEC lead confirms an erasure of a student with an open LEC case (issue 15).
    Case("privacy:request_lec_confirm",
         lambda w: f"/privacy/requests/{w.erasure_request.pk}/lec-confirm/",
         expect(403, lec_lead=302), method="post",
         data=lambda w: {"version": w.erasure_request.version}),
    Case("privacy:request_lec_confirm",
         lambda w: f"/privacy/requests/{w.foreign_request.pk}/lec-confirm/",
         expect(403, lec_lead=404), method="post", data={"version": 1},
         label="privacy:request_lec_confirm (other college)"),
    Case("privacy:audit", lambda w: "/privacy/audit/", expect(403, lec_lead=200)),
    Case("privacy:audit_export", lambda w: "/privacy/audit/export.csv", expect(403, lec_lead=200)),
    # Care-data role requests: the approvers (LEC lead, privacy officer) decide, the admin
    # follows their requests; another college's request is not there.
    Case("privacy:role_grants", lambda w: "/privacy/role-requests/",
         expect(403, lec_lead=200, admin=200)),
    Case("privacy:role_grant_approve",
         lambda w: f"/privacy/role-requests/{w.grant_request.pk}/approve/",
         expect(403, lec_lead=302), method="post"),
    Case("privacy:role_grant_approve",
         lambda w: f"/privacy/role-requests/{w.foreign_grant_request.pk}/approve/",
         expect(403, lec_lead=404), method="post",
         label="privacy:role_grant_approve (other college)"),
    Case("privacy:role_grant_reject",
         lambda w: f"/privacy/role-requests/{w.grant_request.pk}/reject/",
         expect(403, lec_lead=302), method="post", data={"note": "Niet nodig"}),
]
