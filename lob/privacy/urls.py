from django.urls import path

from .views import audit, grants, subject, twofactor

app_name = "privacy"

urlpatterns = [
    path("two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path("two-factor/start/", twofactor.start, name="two_factor_start"),
    path("two-factor/verify/", twofactor.verify, name="two_factor_verify"),
    path("confirm/", twofactor.reauthenticate, name="reauthenticate"),
    path("students/<int:pk>/", subject.student_privacy, name="student"),
    path("students/<int:pk>/export/", subject.student_export, name="export"),
    path("students/<int:pk>/requests/", subject.request_create, name="request_create"),
    path("requests/", subject.request_list, name="requests"),
    path("requests/<int:pk>/", subject.request_detail, name="request"),
    path("requests/<int:pk>/erase/", subject.request_erase, name="request_erase"),
    path("requests/<int:pk>/correct/", subject.request_correct, name="request_correct"),
    path("requests/<int:pk>/refuse/", subject.request_refuse, name="request_refuse"),
    path("requests/<int:pk>/lec-confirm/", subject.request_lec_confirm,
         name="request_lec_confirm"),
    path("audit/", audit.audit_log, name="audit"),
    path("audit/export.csv", audit.audit_log_export, name="audit_export"),
    path("role-requests/", grants.grant_requests, name="role_grants"),
    path("role-requests/<int:pk>/approve/", grants.grant_request_approve,
         name="role_grant_approve"),
    path("role-requests/<int:pk>/reject/", grants.grant_request_reject, name="role_grant_reject"),
]
