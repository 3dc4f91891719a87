from django.shortcuts import render

from common.access import portal_role_required
from staff.roles import PORTAL_ROLES
from students.selectors.portal import guardian_students, portal_counsellors, portal_student


@portal_role_required(*PORTAL_ROLES)
def home(request):
    """A student's own start page; a guardian's list of the students they see."""
    student = portal_student(request.user)
    counsellors = portal_counsellors(student) if student else []
    return render(request, "portal/home.html", {
        "student": student,
        "counsellors": counsellors,
        "children": guardian_students(request.user).order_by("first_name") if student is None else [],
    })
