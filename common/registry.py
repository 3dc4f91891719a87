"""What apps contribute to pages and commands they do not own, without importing each other.

Each kind of contribution is a Django signal (as pretix's `nav_event`). An app connects its
receivers in its `AppConfig.ready()`; a receiver returns a list, and `collect()` joins the lists
in the order the apps are installed. Nothing is swallowed: a receiver that fails, fails the page.
"""

from django.dispatch import Signal

# receiver(sender, request) -> list[common.home.Panel]: blocks on the home page.
home_panels = Signal()
# receiver(sender, request) -> list[common.home.NavItem]: entries in the top navigation.
nav_items = Signal()
# The student page's three signals below are sent with `first_line`: None when the sender
# established nothing, or (from the student page) a bool, which says that the page has already
# established that `user` sees `student` (it answers 404 otherwise) and whether `user` reads
# the student's first-line records. A receiver then bounds what it returns by that answer
# instead of asking the database again; with None it checks for itself.
# receiver(sender, student, user, first_line) -> list[common.timeline.TimelineEntry]: entries
# on a student's timeline; each receiver returns only what `user` may see.
timeline_entries = Signal()
# receiver(sender, student, user, first_line) -> list[common.timeline.StudentAction]: buttons
# on the student page.
student_actions = Signal()
# receiver(sender, student, user, first_line) -> list[common.home.Panel]: sections on the
# student page (e.g. the LEC plan actions given to the first line); each only what `user` may
# see.
student_panels = Signal()
# receiver(sender, request) -> list[common.home.Panel]: sections on the user's follow-ups
# page next to their own follow-ups (e.g. actions the LEC's plan gave them).
follow_up_panels = Signal()
# receiver(sender, request, student, audience) -> list[common.home.Panel]: blocks on a portal
# page about `student`; `audience` is "student" (their own page) or "guardian" (a parent's
# view). Each receiver returns only what that audience may see: a guardian never sees LEC
# content, internal notes or anything the student did not share (e.g. appointments: counsellor,
# time and place only).
portal_panels = Signal()
# receiver(sender, student) -> list[(key, JSON-able data)]: the student's own data an app adds
# to the download in their portal ("download my data"), only what the student may see.
portal_data = Signal()
# receiver(sender, ctx: common.demo.DemoContext) -> list[(order, step)]: the steps that fill one
# college of the demo data set; `manage.py seed_demo` runs them by `order`.
demo_steps = Signal()


def collect(signal: Signal, **kwargs) -> list:
    """Every receiver's list, joined."""
    items: list = []
    for _receiver, response in signal.send(sender=None, **kwargs):
        items.extend(response)
    return items


def contribute(signal: Signal, provider) -> None:
    """Connect `provider(**kwargs) -> list` to `signal` (the sender is not used)."""

    def receiver(sender, signal=None, **kwargs):
        return provider(**kwargs)

    signal.connect(receiver, weak=False,
                   dispatch_uid=f"{provider.__module__}.{provider.__qualname__}")
