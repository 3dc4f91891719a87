from django.urls import path

from .views import cycles, feedback, frameworks, imports, overviews, plans

app_name = "staff"

urlpatterns = [
    # Review cycles
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", cycles.cycle_open, name="cycle_open"),
    path("cycles/overview/", overviews.cycle_overview, name="cycle_overview"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/self-assessment/", cycles.self_assessment, name="self_assessment"),
    path("cycles/<int:pk>/manager-assessment/", cycles.manager_assessment,
         name="manager_assessment"),
    path("cycles/<int:pk>/response/", cycles.employee_response, name="employee_response"),
    path("cycles/<int:pk>/meetings/<str:kind>/plan/", cycles.meeting_plan, name="meeting_plan"),
    path("cycles/<int:pk>/meetings/<str:kind>/record/", cycles.meeting_record,
         name="meeting_record"),
    path("cycles/<int:pk>/feedback/invite/", cycles.feedback_invite, name="feedback_invite"),
    path("cycles/<int:pk>/feedback/results/", feedback.feedback_results, name="feedback_results"),
    path("cycles/<int:pk>/feedback/results.csv", feedback.feedback_results_csv,
         name="feedback_results_csv"),
    path("cycles/<int:pk>/goals/add/", cycles.goal_add, name="goal_add"),
    path("cycles/<int:pk>/goals/<int:goal_pk>/status/", cycles.goal_status, name="goal_status"),
    path("cycles/<int:pk>/trainings/add/", cycles.training_add, name="training_add"),
    path("cycles/<int:pk>/trainings/<int:training_pk>/", cycles.training_status,
         name="training_status"),
    path("trainings/", cycles.training_list, name="training_list"),
    path("team/", overviews.team_overview, name="team_overview"),
    # 360 feedback as a rater
    path("feedback/", feedback.feedback_inbox, name="feedback_inbox"),
    path("feedback/<int:pk>/", feedback.feedback_answer, name="feedback_answer"),
    # Competency frameworks
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/start/", frameworks.framework_start, name="framework_start"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/categories/add/", frameworks.framework_category_add,
         name="framework_category_add"),
    path("frameworks/<int:pk>/competencies/add/", frameworks.framework_competency_add,
         name="framework_competency_add"),
    path("frameworks/<int:pk>/competencies/<int:competency_pk>/edit/",
         frameworks.framework_competency_edit, name="framework_competency_edit"),
    path("frameworks/<int:pk>/competencies/<int:competency_pk>/remove/",
         frameworks.framework_competency_remove, name="framework_competency_remove"),
    # Team plans and progress reviews
    path("team-plans/", plans.team_plan_list, name="team_plan_list"),
    path("team-plans/<int:team_pk>/<int:year>/", plans.team_plan_detail, name="team_plan_detail"),
    path("team-plans/<int:team_pk>/<int:year>/edit/", plans.team_plan_edit, name="team_plan_edit"),
    path("team-plans/<int:team_pk>/<int:year>/actions/", plans.team_action_add,
         name="team_action_add"),
    path("team-plans/<int:team_pk>/<int:year>/actions/<int:action_pk>/status/",
         plans.team_action_status, name="team_action_status"),
    path("team-plans/<int:team_pk>/<int:year>/reviews/", plans.progress_review_record,
         name="progress_review_record"),
    # Accounts from the HR system's staff file
    path("import/", imports.staff_import_upload, name="import"),
    path("import/<int:pk>/", imports.staff_import_status, name="import_status"),
    # LOB standards
    path("standards/", plans.standards_overview, name="standards_overview"),
    path("standards/<int:team_pk>/<int:year>/", plans.standards_team, name="standards_team"),
    path("standards/assessments/<int:pk>/carry/", plans.standard_action_carry,
         name="standard_action_carry"),
]
