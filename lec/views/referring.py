"""Referring a student to the LEC (the first line, and the LEC's own intake)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import role_required
from common.forms import apply_service_errors
from staff.roles import REFERRER_ROLES
from students.selectors import student_for_user

from .. import forms, selectors, services
from ..models import ADULT_AGE, eligibility_on


@role_required(*REFERRER_ROLES)
def refer(request, student_pk: int):
    student = student_for_user(request.user, student_pk)
    if not services.may_refer(request.user, student):
        return render(request, "403.html", status=403)
    lec_staff = selectors.is_lec_staff(request.user)
    open_referral = selectors.open_referral_for(student)
    form = forms.ReferralForm(request.POST or None, lec_staff=lec_staff)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_create(
                    user=request.user,
                    student=student,
                    reason=data["reason"],
                    concern_domains=data["concern_domains"],
                    urgency=data["urgency"],
                    tried=data["tried"],
                    student_knows=data["student_knows"],
                    student_agrees=data["student_agrees"],
                    source=data.get("source", ""),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is referred to the LEC. The referral is in "
                                            "the LEC's triage queue now.")
                                 % {"name": student.full_name})
                return redirect("students:detail", student.pk)
        status = 400
    return render(
        request,
        "lec/refer.html",
        {"student": student, "form": form, "open_referral": open_referral,
         "eligibility": _eligibility_now(student), "may_consult": not lec_staff},
        status=status,
    )


def _eligibility_now(student) -> dict:
    today = timezone.localdate()
    return {
        "age": student.age_on(today),
        "adult_age": ADULT_AGE,
        "value": eligibility_on(date_of_birth=student.date_of_birth,
                                has_start_qualification=student.has_start_qualification,
                                on=today),
    }
