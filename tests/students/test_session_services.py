"""session_log / session_update / session_amend: the rules of a trustworthy record."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from students import services
from students.models import (
    FollowUp,
    FollowUpChange,
    GuidanceSession,
    SessionAmendment,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    SessionRevision,
)
from students.services import FollowUpInput, SessionContent
from tests.factories.staff import UserFactory
from tests.factories.students import StudentFactory


def content(**overrides) -> SessionContent:
    values = {
        "held_at": timezone.now() - datetime.timedelta(hours=1),
        "duration_minutes": 30,
        "kind": SessionKind.CAREER,
        "location": SessionLocation.PRIVATE_ROOM,
        "competencies": ["motives", "work_exploration"],
        "summary": "Twijfelt tussen kinderopvang en ouderenzorg.",
        "agreements": "Meeloopdag regelen.",
    }
    values.update(overrides)
    return SessionContent(**values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def count_rows():
    def _count():
        return (GuidanceSession.objects.count(), SessionAttendance.objects.count(),
                FollowUp.objects.count(), FollowUpChange.objects.count())
    return _count


def test_individual_session_with_two_follow_ups_is_saved_in_one_go(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    session = services.session_log(
        counsellor=world.counsellor, student=world.student, content=content(),
        follow_ups=[
            FollowUpInput("Meeloopdag regelen", world.counsellor, tomorrow),
            FollowUpInput("Gesprek met ouders", world.colleague, tomorrow),
        ],
    )
    assert session.format == SessionFormat.INDIVIDUAL
    assert session.team == world.team
    assert session.comp_motives and session.comp_work_exploration and not session.comp_networking
    attendance = session.attendances.get()
    assert attendance.student == world.student and attendance.present
    assert attendance.held_at == session.held_at
    follow_ups = list(session.follow_ups.order_by("pk"))
    assert [f.owner for f in follow_ups] == [world.counsellor, world.colleague]
    assert all(f.student == world.student and f.is_open for f in follow_ups)
    assert FollowUpChange.objects.filter(
        follow_up__in=follow_ups, action="created", changed_by=world.counsellor
    ).count() == 2


def test_group_session_records_absent_students(world):
    absent = world.team_student
    session = services.session_log(
        counsellor=world.counsellor, group=world.group, present=[world.student],
        content=content(kind=SessionKind.GROUP_LESSON, location=SessionLocation.OPEN_SPACE),
    )
    rows = {a.student_id: a.present for a in session.attendances.all()}
    assert rows == {world.student.pk: True, absent.pk: False}
    assert session.format == SessionFormat.GROUP and session.group == world.group
    assert session.could_speak_freely is None  # only asked for individual sessions


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_at": timezone.now() + datetime.timedelta(days=2)}, "held_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"kind": SessionKind.GROUP_LESSON}, "kind"),
    ],
)
def test_bad_session_content_is_refused_at_its_field(world, count_rows, overrides, field):
    before = count_rows()
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, student=world.student, content=content(**overrides)
        )
    assert field in errors_of(excinfo)
    assert count_rows() == before


def test_later_today_is_allowed_but_tomorrow_is_not(world):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)):
        later_today = timezone.now() + datetime.timedelta(hours=3)
        services.session_log(
            counsellor=world.counsellor, student=world.student,
            content=content(held_at=later_today),
        )
        with pytest.raises(ValidationError):
            services.session_log(
                counsellor=world.counsellor, student=world.student,
                content=content(held_at=later_today + datetime.timedelta(days=1)),
            )


def test_group_session_with_nobody_present_is_refused(world, count_rows):
    before = count_rows()
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, group=world.group, present=[],
            content=content(kind=SessionKind.GROUP_LESSON),
        )
    assert "present" in errors_of(excinfo)
    assert count_rows() == before


def test_group_session_cannot_mark_an_outsider_present(world):
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, group=world.group,
            present=[world.student, world.other_team_student],
            content=content(kind=SessionKind.GROUP_LESSON),
        )
    assert "present" in errors_of(excinfo)


def test_follow_up_due_before_the_session_is_refused(world, count_rows):
    before = count_rows()
    held = timezone.now() - datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, student=world.student, content=content(held_at=held),
            follow_ups=[FollowUpInput("Te vroeg", world.counsellor,
                                      timezone.localdate() - datetime.timedelta(days=5))],
        )
    assert "follow_ups.0.due_date" in errors_of(excinfo)
    assert count_rows() == before


@pytest.mark.parametrize("owner_name", ["hr", "outsider", "foreign", "lec_worker"])
def test_follow_up_owner_must_be_staff_of_the_team(world, count_rows, owner_name):
    before = count_rows()
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, student=world.student, content=content(),
            follow_ups=[FollowUpInput("Iets", getattr(world, owner_name), timezone.localdate())],
        )
    assert "follow_ups.0.owner" in errors_of(excinfo)
    assert count_rows() == before


def test_inactive_colleague_cannot_own_a_follow_up(world):
    world.colleague.is_active = False
    world.colleague.save()
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, student=world.student, content=content(),
            follow_ups=[FollowUpInput("Iets", world.colleague, timezone.localdate())],
        )
    assert "follow_ups.0.owner" in errors_of(excinfo)


@pytest.mark.parametrize("student_name", ["other_team_student", "foreign_student"])
def test_student_outside_my_visibility_is_refused(world, count_rows, student_name):
    before = count_rows()
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(
            counsellor=world.counsellor, student=getattr(world, student_name), content=content()
        )
    assert "student" in errors_of(excinfo)
    assert count_rows() == before


def test_counsellor_logs_for_a_caseload_student_of_another_team(world):
    """Own caseload counts even when the student's programme is run by another team."""
    student = StudentFactory(programme=world.other_programme)
    from tests.factories.students import AssignmentFactory

    AssignmentFactory(student=student, counsellor=world.counsellor)
    session = services.session_log(counsellor=world.counsellor, student=student, content=content())
    assert session.team == world.other_team


def test_open_space_notes_whether_the_student_could_speak_freely(world):
    session = services.session_log(
        counsellor=world.counsellor, student=world.student,
        content=content(location=SessionLocation.OPEN_SPACE, could_speak_freely=False),
    )
    assert session.could_speak_freely is False
    private = services.session_log(
        counsellor=world.counsellor, student=world.student,
        content=content(could_speak_freely=False),
    )
    assert private.could_speak_freely is None


def test_intake_is_complete_only_with_every_item_for_its_pathway(world):
    bol_student = StudentFactory(programme__team=world.team, programme__pathway="BOL",
                                 programme__crebo="25698")
    three = ["intake_motivation", "intake_prior_education", "intake_support_needs"]
    bol = services.session_log(
        counsellor=world.counsellor, student=bol_student,
        content=content(kind=SessionKind.INTAKE, intake=three),
    )
    assert bol.intake_complete
    # world.student is BBL: the workplace and its trainer are part of the intake.
    bbl = services.session_log(
        counsellor=world.counsellor, student=world.student,
        content=content(kind=SessionKind.INTAKE, intake=three),
    )
    assert not bbl.intake_complete
    assert bbl.intake_motivation and not bbl.intake_workplace


def test_intake_checklist_is_ignored_for_other_kinds(world):
    session = services.session_log(
        counsellor=world.counsellor, student=world.student,
        content=content(intake=["intake_motivation"]),
    )
    assert not session.intake_motivation and not session.intake_complete


def test_author_edits_within_the_window_and_the_change_is_kept(world):
    changed = services.session_update(
        session=world.session, by=world.counsellor,
        content=content(held_at=world.session.held_at, summary="Nieuwe samenvatting",
                        duration_minutes=45),
    )
    assert set(changed) >= {"summary", "duration_minutes"}
    revision = SessionRevision.objects.get(session=world.session)
    assert revision.changed_by == world.counsellor
    assert revision.changes["duration_minutes"] == ["30", "45"]
    assert revision.changes["summary"][1] == "Nieuwe samenvatting"


def test_moving_a_session_moves_its_attendance_time(world):
    new_time = timezone.now() - datetime.timedelta(days=1)
    services.session_update(session=world.session, by=world.counsellor,
                            content=content(held_at=new_time))
    assert world.session.attendances.get().held_at == new_time


def test_session_is_locked_after_the_edit_window(world):
    with pytest.raises(PermissionDenied):
        services.session_update(session=world.locked_session, by=world.counsellor,
                                content=content(summary="Te laat"))
    assert not SessionRevision.objects.exists()


def test_edit_window_ends_after_seven_days(world, settings):
    created = world.session.created_at
    with time_machine.travel(created + datetime.timedelta(days=6, hours=23)):
        assert world.session.is_editable_by(world.counsellor)
    with time_machine.travel(created + datetime.timedelta(days=7, minutes=1)):
        assert not world.session.is_editable_by(world.counsellor)


def test_only_the_author_edits(world):
    with pytest.raises(PermissionDenied):
        services.session_update(session=world.session, by=world.colleague,
                                content=content(summary="Niet van mij"))


def test_amendment_keeps_the_original_text(world):
    original = world.locked_session.summary
    amendment = services.session_amend(session=world.locked_session, by=world.counsellor,
                                       text="Correctie: het was een telefoongesprek.")
    world.locked_session.refresh_from_db()
    assert world.locked_session.summary == original
    assert amendment.author == world.counsellor


def test_only_the_author_amends_and_not_with_empty_text(world):
    with pytest.raises(PermissionDenied):
        services.session_amend(session=world.locked_session, by=world.colleague, text="x")
    with pytest.raises(ValidationError):
        services.session_amend(session=world.locked_session, by=world.counsellor, text="  ")
    assert not SessionAmendment.objects.exists()


def test_a_member_of_another_college_cannot_own_a_follow_up_even_if_named_alike(world):
    stranger = UserFactory(college=world.other_college)
    with pytest.raises(ValidationError):
        services.follow_up_add(
            session=world.session, by=world.counsellor,
            item=FollowUpInput("x", stranger, timezone.localdate()),
        )
