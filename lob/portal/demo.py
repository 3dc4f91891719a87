"""Demo data of the portal: a demo student of the demo counsellor (16, with a login, shared
agreements and actiepunten) and their parent (a login that sees the agreements shared with
parents), plus portal accounts for the rest of that counsellor's caseload."""

import datetime

from django.utils import timezone

from common.demo import DemoContext
from staff.models import User
from students.models import Guardian, GuardianRelation, SessionKind, SessionLocation
from students.selectors import my_students
from students.services import FollowUpInput, SessionContent, session_log
from students.services.portal import actiepunt_tick_off, portal_accounts_sync

STUDENT_LOCAL, PARENT_LOCAL = "student", "ouder"


def seed_portal(ctx: DemoContext) -> None:
    if ctx.index != 0:
        return
    student_email = f"{STUDENT_LOCAL}@{ctx.email_domain}"
    parent_email = f"{PARENT_LOCAL}@{ctx.email_domain}"
    ctx.logins += [("Student (portaal)", student_email), ("Ouder (portaal)", parent_email)]
    if User.objects.filter(email=student_email).exists():
        ctx.say("portal demo already there")
        return
    counsellor = User.objects.get(email=f"counsellor@{ctx.email_domain}")
    caseload = list(my_students(counsellor).select_related("programme").order_by("pk")[:25])
    student = caseload[0]
    # 16 years old: the parent looks along without the student's consent (under 18).
    born = ctx.today - datetime.timedelta(days=16 * 365 + 120)
    student.date_of_birth = born
    student.email = student_email
    student.save(update_fields=["date_of_birth", "email", "updated_at"])
    Guardian.objects.create(student=student, first_name="Marieke", last_name=student.last_name,
                            email=parent_email, phone="06-12345678",
                            relation=GuardianRelation.PARENT)
    for other in caseload[1:]:
        # The rest of the caseload with a school address (no password: sign-in by link).
        other.email = f"{other.student_number}@student.{ctx.email_domain}"
        other.save(update_fields=["email", "updated_at"])
    counts = portal_accounts_sync(students=caseload)
    User.objects.filter(email__in=[student_email, parent_email]).update(
        password=ctx.password_hash)
    student.refresh_from_db()

    held_at = timezone.make_aware(datetime.datetime.combine(
        ctx.today - datetime.timedelta(days=3), datetime.time(10, 30)))
    session = session_log(
        counsellor=counsellor, student=student,
        content=SessionContent(
            held_at=held_at, duration_minutes=30, kind=SessionKind.CAREER,
            location=SessionLocation.PRIVATE_ROOM, competencies=["motives", "work_exploration"],
            summary="Intern: twijfelt tussen zorg en welzijn; thuis druk met jongere broertjes.",
            agreements="Over twee weken opnieuw; bij aanhoudende twijfel de keuzecoach inschakelen.",
            shared_summary="We hebben gepraat over wat je leuk vindt aan je opleiding en waar "
                           "je aan twijfelt. Je weet al goed wat je sterke kanten zijn.",
            shared_agreements="Je loopt een dag mee op een stageplek in de kinderopvang.\n"
                              "Over twee weken praten we verder.",
            shared_with_guardians=True,
        ),
        follow_ups=[
            FollowUpInput(description="Vraag een meeloopdag aan bij de kinderopvang",
                          owner=counsellor, due_date=ctx.today + datetime.timedelta(days=10),
                          student_owned=True),
            FollowUpInput(description="Schrijf drie dingen op die je goed kunt",
                          owner=counsellor, due_date=ctx.today + datetime.timedelta(days=5),
                          student_owned=True),
            FollowUpInput(description="Keuzecoach vragen wanneer er plek is",
                          owner=counsellor, due_date=ctx.today + datetime.timedelta(days=7)),
        ],
    )
    done = session.follow_ups.get(description__startswith="Schrijf drie dingen")
    actiepunt_tick_off(follow_up=done, by=student.account,
                       note="Zorgzaam, geduldig en ik kan goed plannen.")
    ctx.say(f"portal: demo student {student.full_name} and parent, "
            f"{counts['student_created']} student accounts, "
            f"{counts['guardian_created']} parent account")


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(60, seed_portal)]
