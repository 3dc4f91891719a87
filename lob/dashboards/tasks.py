from celery import shared_task

from .services import dashboard_refresh, dashboard_refresh_running_years


@shared_task(acks_late=True)
def refresh_rollups() -> int:
    return dashboard_refresh_running_years()


@shared_task(acks_late=True)
def refresh_year(school_year: int, college_ids: list[int] | None = None) -> int:
    return dashboard_refresh(school_year=school_year, college_ids=college_ids)
