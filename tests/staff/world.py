"""The staff app's objects in the shared test world (see tests/conftest.py)."""

import datetime

from django.utils import timezone

from staff.models import (
    DevelopmentGoal,
    StaffImportJob,
    StandardAssessment,
    TeamPlan,
    TeamPlanAction,
    Training,
)
from tests.factories.staff import (
    CriterionFactory,
    CycleFactory,
    FeedbackRequestFactory,
    StandardFactory,
    framework_with_competencies,
    this_school_year,
)


def extend(w):
    w.staff_import_job = StaffImportJob.objects.create(
        college=w.college, uploaded_by=w.admin, file_name="hr.csv", content=b"",
        status=StaffImportJob.Status.DONE, finished_at=timezone.now(),
    )
    w.school_year = this_school_year()
    w.framework = framework_with_competencies(w.college)
    w.foreign_framework = framework_with_competencies(w.other_college)
    # The counsellor's cycle, led by the team's manager.
    w.cycle = CycleFactory(employee=w.counsellor, manager=w.manager, team=w.team,
                           framework=w.framework, role_profile="first_line")
    w.feedback_request = FeedbackRequestFactory(
        cycle=w.cycle, rater=w.colleague,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    w.goal = DevelopmentGoal.objects.create(cycle=w.cycle, goal="Loopbaangesprekken verdiepen")
    w.training = Training.objects.create(cycle=w.cycle, area="career_reflection",
                                         title="Training loopbaanreflectiegesprekken", hours=16)
    w.standard = StandardFactory(college=w.college, code="intake", name="Intake")
    w.criterion = CriterionFactory(standard=w.standard, text="Elke student heeft een intakegesprek")
    w.standards_assessment = StandardAssessment.objects.create(
        team=w.team, school_year=w.school_year, criterion=w.criterion, score=2,
        planned_action="Intakeprotocol opstellen",
    )
    w.team_plan = TeamPlan.objects.create(team=w.team, school_year=w.school_year,
                                          training_section="LC-cursus voor alle nieuwe collega's")
    w.team_action = TeamPlanAction.objects.create(plan=w.team_plan, description="Intervisie LOB")
