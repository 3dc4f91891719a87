"""Handing a task to the broker without pretending (issue 15, R8).

A page that starts background work calls `enqueue`: when the broker (Redis) is down the page
says so (QUEUE_UNAVAILABLE) instead of answering 500 or claiming work that was never queued,
and the failure is logged by task name only (never the arguments: they may identify a person).
"""

import logging

from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a publish raises when the broker cannot be reached: kombu wraps transport errors in its
# OperationalError; a refused or reset socket surfaces as OSError.
BROKER_ERRORS = (BrokerError, OSError)

QUEUE_UNAVAILABLE = _(
    "The task could not be queued (the task queue is unavailable). Nothing was started and "
    "nothing is lost: try again later."
)


def enqueue(task, *args) -> bool:
    """`task.delay(*args)`; False (logged) when the broker refused it."""
    try:
        task.delay(*args)
    except BROKER_ERRORS as exc:
        logger.error("task %s could not be queued: %s", task.name, type(exc).__name__)
        return False
    return True
