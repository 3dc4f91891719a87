"""Attendance: absence imported per day or per lesson; students whose unexcused absence passes
the threshold show on the caseload, the home page and in a weekly reminder; the leerplicht/RMC
marker; the team dashboard's attendance beside reach."""

import csv
import datetime
import io

import pytest
import time_machine
from django.utils import timezone, translation

from lob.notifications import services
from lob.notifications.models import Kind, Notification
from students.importer.absences import import_absences
from students.models import Absence, Student

pytestmark = pytest.mark.django_db

HEADER = "studentnummer;datum;les;geoorloofd;minuten;reden"


def absences(world, *rows):
    text = "\n".join([HEADER, *rows]) + "\n"
    return import_absences(text.encode("utf-8"), world.college)


def day(n):
    return (timezone.localdate() - datetime.timedelta(days=n)).strftime("%d-%m-%Y")


def absent(student, *days_ago, excused=False, lesson=""):
    for n in days_ago:
        Absence.objects.create(student=student, date=timezone.localdate() - datetime.timedelta(days=n),
                               lesson=lesson, excused=excused)


def test_absence_import_per_day_and_per_lesson(world):
    n = world.student.student_number
    result = absences(world, f"{n};{day(1)};;nee;;", f"{n};{day(2)};1;nee;50;te laat",
                      f"{n};{day(2)};2;ja;50;tandarts")
    assert result.ok and result.created == 3
    assert world.student.absences.filter(excused=False).count() == 2
    # A corrected export for day 2 replaces that day's records (the second lesson was wrong).
    assert absences(world, f"{n};{day(2)};1;ja;50;ziek").ok
    assert list(world.student.absences.filter(date=timezone.localdate() - datetime.timedelta(days=2))
                .values_list("lesson", "excused")) == [("1", True)]
    assert world.student.absences.count() == 2  # day 1 is untouched


@pytest.mark.parametrize(("row", "reason"), [
    ("999999;{d};;nee;;", "is not a student of this college"),
    ("{n};gisteren;;nee;;", "is not a date"),
    ("{n};{d};;misschien;;", "must be ja or nee"),
    ("{n};{d};;;;", "must be ja or nee"),
    ("{n};{d};;nee;veel;", "minutes"),
    ("{f};{d};;nee;;", "is not a student of this college"),
])
def test_bad_absence_rows_import_nothing(world, row, reason):
    n = world.student.student_number
    bad = row.format(n=n, d=day(1), f=world.foreign_student.student_number)
    result = absences(world, f"{n};{day(3)};;nee;;", bad)
    assert [e.line for e in result.errors] == [3]
    with translation.override("en"):
        assert reason in " ".join(result.errors[0].messages)
    assert not Absence.objects.exists()


def test_caseload_flags_students_over_the_threshold_with_their_days(login, world):
    absent(world.student, 1, 5, 9)  # 3 unexcused days in 4 weeks
    absent(world.team_student, 1, 2, 3, excused=True)
    client = login(world.counsellor)
    body = client.get("/students/caseload/?flag=absence").content.decode()
    assert world.student.last_name in body and "absence-alert" in body
    assert 'data-testid="absence-filter"' in body
    page = client.get("/students/caseload/").content.decode()
    assert page.count('data-testid="absence-alert"') == 1


def test_two_days_is_not_an_alert_unless_rising(world, settings):
    from students.selectors import caseload

    absent(world.student, 1, 2)
    assert list(caseload(world.counsellor, flag="absence")) == [world.student]  # 2 > 0 before: rising
    absent(world.student, 40, 45)  # as many the four weeks before: not rising
    assert list(caseload(world.counsellor, flag="absence")) == []
    absent(world.student, 3)
    assert list(caseload(world.counsellor, flag="absence")) == [world.student]  # 3 days


def test_lessons_of_one_day_count_as_one_day(world):
    from students.selectors import caseload

    absent(world.student, 40, 45)
    for lesson in ("1", "2", "3"):
        absent(world.student, 1, lesson=lesson)
    assert list(caseload(world.counsellor, flag="absence")) == []


def test_home_panel_lists_absent_students_with_the_compulsory_marker(login, world):
    Student.objects.filter(pk=world.student.pk).update(
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 16),
        has_start_qualification=False)
    absent(world.student, 1, 2, 3)
    body = login(world.counsellor).get("/").content.decode()
    assert 'data-testid="absence-panel"' in body
    assert 'data-testid="compulsory"' in body and "leerplicht" in body


@pytest.mark.parametrize(("age", "has_sq", "mark"), [
    (16, False, "leerplicht"), (17, False, "leerplicht"), (18, False, "rmc"), (22, False, "rmc"),
    (23, False, ""), (19, True, ""),
])
def test_compulsory_education_marker(world, age, has_sq, mark):
    today = datetime.date(2026, 12, 1)
    s = Student(date_of_birth=datetime.date(2026 - age, 11, 30), has_start_qualification=has_sq)
    assert s.compulsory_education_on(today) == mark


def test_weekly_sweep_reminds_the_counsellor_once_a_week(world):
    absent(world.student, 1, 2, 3)
    moment = timezone.localtime()
    with time_machine.travel(moment, tick=False):
        services.reminders_sweep(scope="weekly")
        services.reminders_sweep(scope="weekly")
    rows = list(Notification.objects.filter(kind=Kind.ABSENCE_ALERT).values_list(
        "recipient_id", "object_id"))
    assert rows == [(world.counsellor.pk, world.student.pk)]


def test_team_dashboard_shows_attendance_beside_reach(login, world):
    absent(world.student, 1, 2, 3)
    absent(world.team_student, 1)
    client = login(world.manager)
    page = client.get(f"/dashboards/team/{world.team.pk}/").content.decode()
    assert page.index("table-reach") < page.index("table-attendance") < page.index("table-trend")
    response = client.get(f"/dashboards/team/{world.team.pk}/csv/attendance/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=response.content.decode("utf-8-sig")[0:200].count(";") and ";" or ","))
    total = rows[-1]
    active = Student.objects.filter(programme__team=world.team, status="active").count()
    assert total[2:5] == [str(active), "2", "1"]


def test_student_page_shows_absence_and_the_marker_to_first_line_readers(login, world):
    Student.objects.filter(pk=world.student.pk).update(
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 19),
        has_start_qualification=False)
    absent(world.student, 1, 2)
    body = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    assert 'data-testid="absence-summary"' in body and "RMC" in body
    director = login(world.director).get(f"/students/{world.student.pk}/")
    if director.status_code == 200:  # register readers without the first-line record
        assert 'data-testid="absence-summary"' not in director.content.decode()
