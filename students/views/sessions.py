"""Logging, reading, editing and amending guidance sessions."""

import functools
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors
from common.names import name_order
from common.params import id_param
from staff.roles import FIRST_LINE_RECORD_ROLES, Role

from .. import selectors, services
from ..forms import AmendmentForm, FollowUpAddForm, FollowUpFormSet, SessionForm
from ..models import (
    Competency,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
    StudentStatus,
)
from .follow_ups import handover_options

FOLLOW_UP_PREFIX = "fu"


def _quiet(*forms) -> None:
    """Re-show bound forms without error messages (the user only asked for another row)."""
    for form in forms:
        form._errors = ErrorDict()
        form.cleaned_data = {}


def _follow_up_formset(data, *, owners, members=None, me=None):
    """Follow-up rows; each new row has its owner preset to the counsellor ("default me")."""
    kwargs = {"owners": owners, "members": members, "initial": {"owner": me}}
    return FollowUpFormSet(data, prefix=FOLLOW_UP_PREFIX, form_kwargs=kwargs)


def _with_extra_row(post):
    data = post.copy()
    data[f"{FOLLOW_UP_PREFIX}-TOTAL_FORMS"] = str(
        int(data.get(f"{FOLLOW_UP_PREFIX}-TOTAL_FORMS") or 0) + 1
    )
    return data


def _initial_content() -> dict:
    # A fresh token per form shown: its submits, however many, log one session.
    return {"held_at": timezone.localtime().replace(second=0, microsecond=0),
            "duration_minutes": 30, "submission_token": uuid.uuid4()}


def _draft_initial(query) -> dict:
    """A session form filled in from another page (a held appointment): the time, length,
    place and kind it passes, each only when the form's own field accepts it."""
    fields = SessionForm.base_fields
    initial = {}
    for name in ("held_at", "duration_minutes", "location", "kind"):
        if query.get(name):
            try:
                initial[name] = fields[name].clean(query[name])
            except ValidationError:
                continue
    return initial


def _session_page(request, *, form, formset, title, student=None, group=None):
    return render(
        request,
        "students/session_form.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "student": student,
            "group": group,
        },
    )


def _submit(request, form, formset, log):
    """Validate form and follow-up rows, call `log(content, items)`; None when refused."""
    if not (form.is_valid() & formset.is_valid()):
        return None
    items = [f.item() for f in formset.forms if not f.is_blank]
    try:
        return log(form.cleaned_data, form.content(), items)
    except ValidationError as exc:
        apply_service_errors(form, exc, rows=_RowsWithoutBlanks(formset).forms)
        return None


class _RowsWithoutBlanks:
    """The formset as the service saw it: blank rows left out, so indexes match."""

    def __init__(self, formset):
        self.forms = [f for f in formset.forms if not f.is_blank]


@role_required(Role.COUNSELLOR)
def session_new(request):
    """Log an individual session; the student comes from the student page or the caseload."""
    user = request.user
    preset = None
    if request.GET.get("student"):
        student_id = id_param(request.GET, "student")
        preset = selectors.first_line_student(user, student_id) if student_id else None
        if preset is None:
            raise Http404

    @functools.cache  # only evaluated when the form is shown, and then once
    def choices():
        rows = selectors.my_students(user).order_by(*name_order())
        listed = [(pk, f"{first} {last}") for pk, first, last in rows.values_list(
            "pk", "first_name", "last_name")]
        if preset is not None and preset.pk not in {pk for pk, _name in listed}:
            listed.append((preset.pk, preset.full_name))
        return listed

    form_kwargs = {
        "format": SessionFormat.INDIVIDUAL,
        # A student whose record the counsellor may not write gets the same answer as one that
        # does not exist; the service checks again.
        "student_lookup": lambda pk: selectors.first_line_student(user, pk),
        "student_choices": choices,
    }
    data = request.POST if request.method == "POST" else None
    initial = {**_initial_content(), "student": preset}
    if preset is not None:
        initial["kind"] = selectors.suggested_session_kind(preset)
    initial.update(_draft_initial(request.GET))
    form = SessionForm(data, initial=initial, **form_kwargs)
    del form.fields["version"]
    chosen = preset
    if data is not None:
        form.is_valid()  # the student is read once, here; the follow-up owners depend on it
        chosen = form.cleaned_data.get("student") or preset
    team_ids = [chosen.programme.team_id] if chosen else user.team_ids()
    owners = selectors.follow_up_owners(*team_ids)  # read once, only when rendered
    formset = _follow_up_formset(data, owners=owners, me=user.pk)

    if request.method == "POST":
        if "add_follow_up" in data:
            formset = _follow_up_formset(_with_extra_row(data), owners=owners, me=user.pk)
            _quiet(form, *formset.forms)
            return _session_page(request, form=form, formset=formset, student=preset,
                                 title=_("Log a session"))

        def log(cleaned, content, items):
            return services.session_log(counsellor=user, student=cleaned["student"],
                                        content=content, follow_ups=items,
                                        submission_token=cleaned["submission_token"])

        session = _submit(request, form, formset, log)
        if session is not None:
            messages.success(request, _("Session saved."))
            return redirect("students:detail", pk=form.cleaned_data["student"].pk)
    return _session_page(request, form=form, formset=formset, student=preset,
                         title=_("Log a session"))


@role_required(Role.COUNSELLOR)
def group_session_new(request, pk: int):
    """Log a session with a group; untick who was absent."""
    user = request.user
    group = get_object_or_404(selectors.my_groups(user), pk=pk)
    members = list(
        selectors.first_line_students(user)
        .filter(groups=group, status=StudentStatus.ACTIVE)
        .order_by(*name_order())
    )
    owners = list(selectors.follow_up_owners(group.team_id))
    data = request.POST if request.method == "POST" else None
    form = SessionForm(
        data,
        format=SessionFormat.GROUP,
        members=members,
        initial={**_initial_content(), "present": [str(s.pk) for s in members],
                 "kind": SessionKind.GROUP_LESSON, "location": SessionLocation.CLASSROOM,
                 "duration_minutes": 50},
    )
    del form.fields["version"]
    formset = _follow_up_formset(data, owners=owners, members=members, me=user.pk)
    if request.method == "POST":
        if "add_follow_up" in data:
            formset = _follow_up_formset(
                _with_extra_row(data), owners=owners, members=members, me=user.pk
            )
            _quiet(form, *formset.forms)
            return _session_page(request, form=form, formset=formset, group=group,
                                 title=_("Group session"))
        by_pk = {str(s.pk): s for s in members}

        def log(cleaned, content, items):
            return services.session_log(
                counsellor=user, group=group, content=content, follow_ups=items,
                present=[by_pk[pk] for pk in cleaned["present"]],
                submission_token=cleaned["submission_token"],
            )

        session = _submit(request, form, formset, log)
        if session is not None:
            messages.success(request, _("Group session saved."))
            return redirect("students:session", pk=session.pk)
    return _session_page(request, form=form, formset=formset, group=group,
                         title=_("Group session"))


@role_required(*FIRST_LINE_RECORD_ROLES)
def session_detail(request, pk: int):
    session = selectors.session_for_user(request.user, pk)
    return render(request, "students/session_detail.html", _session_context(request, session))


def _session_context(request, session, **extra):
    user = request.user
    attendances = session.attendances.select_related("student").order_by(
        "-present", *name_order("student__")
    )
    present = [a.student for a in attendances if a.present]
    follow_ups = (
        session.follow_ups.select_related("owner", "student")
        .prefetch_related("changes__changed_by", "changes__to_owner")
        .order_by("due_date", "pk")
    )
    owners = list(selectors.follow_up_owners(session.team_id))
    context = {
        "session": session,
        "attendances": attendances,
        "follow_ups": follow_ups,
        "handover_options": handover_options(follow_ups, {session.team_id: owners}),
        "amendments": session.amendments.select_related("author"),
        "revisions": _revision_rows(session, attendances),
        "editable": session.is_editable_by(user),
        "is_author": session.counsellor_id == user.pk,
        "amend_form": AmendmentForm(),
        "add_form": FollowUpAddForm(
            initial={"owner": user.pk, "submission_token": uuid.uuid4()}, owners=owners,
            members=None if session.is_individual else present,
        ),
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


def _revision_rows(session, attendances) -> list[dict]:
    """The session's edit history: who, when, and per field its label with old → new. A
    correction of attendance is kept as student ids and shown with the students' names."""
    names = {a.student_id: a.student.full_name for a in attendances}

    def who(ids: str | None) -> str:
        return ", ".join(names.get(int(pk), "?") for pk in ids.split(",") if pk) if ids else ""

    rows = []
    for revision in session.revisions.select_related("changed_by"):
        changes = revision.readable_changes()
        if "attendance" in revision.changes:
            old, new = revision.changes["attendance"]
            changes.append((_("Present"), who(old), who(new)))
        rows.append({"by": revision.changed_by.get_full_name(), "at": revision.changed_at,
                     "changes": changes})
    return rows


@role_required(Role.COUNSELLOR)
def session_edit(request, pk: int):
    """Edit within the edit window (the author only); afterwards the page says to amend."""
    user = request.user
    session = selectors.session_for_user(user, pk)
    if session.counsellor_id != user.pk:
        raise Http404
    if not session.is_editable_by(user):
        messages.info(request, _("This session is locked; add an amendment instead."))
        return redirect("students:session", pk=session.pk)
    initial = {
        "held_at": timezone.localtime(session.held_at),
        "duration_minutes": session.duration_minutes,
        "kind": session.kind,
        "location": session.location,
        "could_speak_freely": {True: "yes", False: "no"}.get(session.could_speak_freely, ""),
        "competencies": [c.value for c in Competency if getattr(session, c.field_name)],
        "summary": session.summary,
        "agreements": session.agreements,
        "shared_summary": session.shared_summary,
        "shared_agreements": session.shared_agreements,
        "shared_with_guardians": session.shared_with_guardians,
        "intake": [name for name, _label, ticked in session.intake_items if ticked],
        "version": session.version,
    }
    # A group session's attendance can be corrected among the students it recorded.
    attendances = [] if session.is_individual else list(
        session.attendances.select_related("student").order_by(
            *name_order("student__")))
    recorded = [a.student for a in attendances]
    initial["present"] = [str(a.student_id) for a in attendances if a.present]
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        format=session.format,
        members=recorded,
    )
    form.fields.pop("student", None)
    del form.fields["submission_token"]
    if not recorded:
        form.fields.pop("present", None)
    if request.method == "POST" and form.is_valid():
        present = None
        if recorded:
            by_pk = {str(s.pk): s for s in recorded}
            present = [by_pk[pk] for pk in form.cleaned_data["present"]]
        try:
            changed = services.session_update(session=session, by=user, content=form.content(),
                                              present=present,
                                              expected_version=form.cleaned_data["version"])
        except PermissionDenied:
            messages.info(request, _("This session is locked; add an amendment instead."))
            return redirect("students:session", pk=session.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Session updated.") if changed else _("Nothing changed."))
            return redirect("students:session", pk=session.pk)
    return render(request, "students/session_edit.html", {"form": form, "session": session})


@require_POST
@role_required(Role.COUNSELLOR)
def session_amend(request, pk: int):
    session = selectors.session_for_user(request.user, pk)
    if session.counsellor_id != request.user.pk:
        raise Http404
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.session_amend(session=session, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Amendment added."))
            return redirect("students:session", pk=session.pk)
    return render(request, "students/session_detail.html",
                  _session_context(request, session, amend_form=form), status=400)


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def session_follow_up_add(request, pk: int):
    """Add a follow-up to a session (inline; htmx swaps the list, plain POST redirects)."""
    user = request.user
    session = selectors.session_for_user(user, pk)
    owners = list(selectors.follow_up_owners(session.team_id))
    present = list(Student.objects.filter(attendances__session=session, attendances__present=True))
    form = FollowUpAddForm(request.POST, owners=owners,
                           members=None if session.is_individual else present)
    if form.is_valid() and form.is_blank:
        form.add_error("description", _("Say what needs doing."))
    if form.is_valid():
        try:
            services.follow_up_add(session=session, by=user, item=form.item(),
                                   submission_token=form.cleaned_data["submission_token"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.is_valid():
        if request.htmx:
            context = _session_context(request, session)
            return render(request, "students/partials/session_follow_ups.html", context)
        messages.success(request, _("Follow-up added."))
        return redirect(reverse("students:session", args=[session.pk]) + "#follow-ups")
    context = _session_context(request, session, add_form=form)
    template = (
        "students/partials/session_follow_ups.html" if request.htmx
        else "students/session_detail.html"
    )
    return render(request, template, context, status=200 if request.htmx else 400)
