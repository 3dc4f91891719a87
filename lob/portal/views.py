"""The portal: a student's own part of LOB, and a parent's view of what is shared with them.

Every page reads through the doors in students.selectors.portal and lec.selectors.portal,
which choose field by field what a portal account may see."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import registry
from common.access import portal_page, portal_role_required
from common.forms import apply_service_errors
from common.net import client_ip
from lec.selectors.portal import portal_plan_actions, portal_referrals
from lec.services import referral_self_submit
from staff.roles import PORTAL_ROLES, Role
from students.selectors.portal import (
    guardian_agreements,
    guardian_student_for,
    guardian_students,
    portal_actiepunt_for,
    portal_actiepunten,
    portal_counsellors,
    portal_sessions,
    portal_student,
    student_guardian_for,
    student_guardians,
)
from students.services.portal import (
    actiepunt_tick_off,
    guardian_access_grant,
    guardian_access_revoke,
)

from . import services
from .forms import ActiepuntDoneForm, GuardianAccessForm, LecContactForm, SignInLinkForm

SESSIONS_SHOWN = 20


def _own_student(request):
    """The student whose account this is; a student who left has no portal (404)."""
    student = portal_student(request.user)
    if student is None:
        raise Http404
    return student


def _panels(request, student, audience):
    return sorted(registry.collect(registry.portal_panels, request=request, student=student,
                                   audience=audience), key=lambda p: p.order)


@portal_role_required(*PORTAL_ROLES)
def home(request):
    """A student's own start page; a guardian's list of the students they see."""
    if request.user.has_role(Role.STUDENT):
        student = _own_student(request)
        actiepunten = list(portal_actiepunten(student))
        return render(request, "portal/home.html", {
            "student": student,
            "counsellors": portal_counsellors(student),
            "open_actiepunten": [f for f in actiepunten if f.is_open],
            "done_actiepunten": [f for f in actiepunten if not f.is_open][:10],
            "sessions": list(portal_sessions(student)[:SESSIONS_SHOWN]),
            "plan_actions": portal_plan_actions(student),
            "referrals": portal_referrals(student),
            "panels": _panels(request, student, "student"),
            "done_form": ActiepuntDoneForm(),
        })
    return render(request, "portal/home.html", {
        "student": None,
        "children": guardian_students(request.user).order_by("first_name", "pk"),
    })


@portal_role_required(Role.GUARDIAN)
def child(request, pk: int):
    """What a parent sees of one student: the counsellor's contact, the student's
    appointments (from the apps that offer them) and the agreements shared with parents."""
    student = guardian_student_for(request.user, pk)
    return render(request, "portal/child.html", {
        "student": student,
        "counsellors": portal_counsellors(student),
        "agreements": list(guardian_agreements(student)[:SESSIONS_SHOWN]),
        "panels": _panels(request, student, "guardian"),
    })


@require_POST
@portal_role_required(Role.STUDENT)
def actiepunt_done(request, pk: int):
    follow_up = portal_actiepunt_for(request.user, pk)
    form = ActiepuntDoneForm(request.POST)
    if form.is_valid():
        try:
            actiepunt_tick_off(follow_up=follow_up, by=request.user,
                               note=form.cleaned_data["note"],
                               expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Well done! Your counsellor can see that you did it."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("portal:home")


@portal_role_required(Role.STUDENT)
def lec_contact(request):
    """"Ik wil met iemand van het LEC praten": a request only the LEC sees (and the
    counsellor, when the student says so)."""
    student = _own_student(request)
    form = LecContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_self_submit(user=request.user, student=student,
                                 message=form.cleaned_data["message"],
                                 share_with_counsellor=form.cleaned_data["share_with_counsellor"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return render(request, "portal/lec_sent.html", {"student": student})
    return render(request, "portal/lec_contact.html", {"form": form, "student": student})


@portal_role_required(Role.STUDENT)
def guardians(request):
    """The student's parents and guardians, and — from 18 — whether each may look along."""
    student = _own_student(request)
    return render(request, "portal/guardians.html", {
        "student": student,
        "guardians": student_guardians(student),
        "is_adult": student.age >= 18,
    })


@require_POST
@portal_role_required(Role.STUDENT)
def guardian_access(request, pk: int):
    guardian = student_guardian_for(request.user, pk)
    form = GuardianAccessForm(request.POST)
    if not form.is_valid():
        return redirect("portal:guardians")
    if form.cleaned_data["action"] == "grant":
        guardian_access_grant(guardian=guardian, by=request.user)
        messages.success(request, _("%(name)s can now see what your counsellor shares with "
                                    "parents.") % {"name": guardian})
    else:
        guardian_access_revoke(guardian=guardian, by=request.user)
        messages.success(request, _("%(name)s no longer sees anything of your career "
                                    "guidance.") % {"name": guardian})
    return redirect("portal:guardians")


@portal_role_required(Role.STUDENT)
def my_data(request):
    """The student's own data as the portal shows it, as a JSON file."""
    student = _own_student(request)
    data = {
        "format": "lob-portal-student/1",
        "generated_at": timezone.localtime().isoformat(),
        "student": {
            "student_number": student.student_number, "first_name": student.first_name,
            "last_name": student.last_name, "date_of_birth": student.date_of_birth,
            "email": student.email, "phone": student.phone,
            "programme": student.programme.name, "study_year": student.study_year,
            "start_date": student.start_date,
        },
        "counsellors": [{"name": u.get_full_name(), "email": u.email}
                        for u in portal_counsellors(student)],
        "sessions": [{"held_at": s.held_at, "kind": s.get_kind_display(),
                      "counsellor": s.counsellor.get_full_name(),
                      "summary_for_you": s.shared_summary,
                      "agreements_with_you": s.shared_agreements,
                      "agreements_shared_with_parents": s.shared_with_guardians}
                     for s in portal_sessions(student)],
        "actiepunten": [{"description": f.description, "due_date": f.due_date,
                         "status": f.status, "done_at": f.done_at, "note": f.closing_note}
                        for f in portal_actiepunten(student)],
        "lec_actions": portal_plan_actions(student),
        "lec_referrals": [{k: v for k, v in r.items() if k not in ("status_label", "is_open")}
                          for r in portal_referrals(student)],
        "parents_and_guardians": [
            {"name": str(g), "relation": g.relation, "email": g.email,
             "access_granted_at": g.access_granted_at,
             "access_changes": [{"action": c.action, "at": c.at}
                                for c in g.access_changes.all()]}
            for g in student_guardians(student).prefetch_related("access_changes")
        ],
    }
    for key, value in registry.collect(registry.portal_data, student=student):
        data[key] = value
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, indent=2, default=str),
                            content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="mijn-lob-gegevens.json"'
    return response


@portal_role_required(*PORTAL_ROLES)
def password(request):
    """A portal account may set a password, to sign in without a link next time."""
    form = SetPasswordForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is set. Next time you can log in with it."))
        return redirect("portal:home")
    return render(request, "portal/password.html", {"form": form})


@portal_page
def sign_in(request):
    """Ask for a sign-in link. The answer is the same for every address."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_request(email=form.cleaned_data["email"], client=client_ip(request))
        return render(request, "portal/sign_in_sent.html", {
            "minutes": settings.LOB_PORTAL_LINK_MINUTES})
    return render(request, "portal/sign_in.html", {"form": form})


@portal_page
def sign_in_link(request, token: str):
    """Opening the link shows a button; pressing it signs in (a mail scanner that opens the
    link uses nothing up)."""
    if request.method == "POST":
        user = services.sign_in_link_use(token)
        if user is not None:
            login(request, user, backend="lob.portal.backends.LinkBackend")
            return redirect("portal:home")
        return render(request, "portal/sign_in_link.html", {"valid": False}, status=400)
    valid = services.sign_in_link_peek(token)
    return render(request, "portal/sign_in_link.html", {"valid": valid},
                  status=200 if valid else 400)
