"""Competency frameworks: read by HR, directie and managers; edited by HR (copy-on-write)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.access import role_required
from common.forms import apply_service_errors
from common.params import MAX_ID, int_param

from .. import selectors, services
from ..forms import CategoryForm, CompetencyForm
from ..models import Competency, CompetencyFramework
from ..roles import Role

READERS = (Role.HR, Role.DIRECTOR, Role.MANAGER)


def _saved(request, before: CompetencyFramework, after: CompetencyFramework):
    if after.pk != before.pk:
        messages.success(request, _(
            "Saved in a new version %(new)d: review cycles that started with version %(old)d "
            "keep that version."
        ) % {"new": after.version, "old": before.version})
    else:
        messages.success(request, _("The framework has been saved."))
    return redirect("staff:framework_detail", pk=after.pk)


@role_required(*READERS)
def framework_list(request):
    frameworks = selectors.framework_list(request.user)
    return render(request, "staff/framework_list.html", {
        "frameworks": frameworks,
        "can_edit": request.user.has_role(Role.HR) or request.user.is_superuser,
    })


@role_required(Role.HR)
@require_POST
def framework_start(request):
    if request.user.college is None:
        messages.error(request, _("Only staff of a college can start its framework."))
        return redirect("staff:framework_list")
    try:
        framework = services.framework_create(
            college=request.user.college, name=_("Competency framework"), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:framework_list")
    return redirect("staff:framework_detail", pk=framework.pk)


@role_required(*READERS)
def framework_detail(request, pk: int):
    framework = selectors.framework_for_user(request.user, pk)
    return render(request, "staff/framework_detail.html", {
        "framework": framework,
        "categories": selectors.framework_tree(framework),
        "can_edit": framework.is_current and request.user.has_role(Role.HR),
        "in_use": framework.cycles.exists(),
        "versions": selectors.frameworks_visible_to(request.user).filter(
            college_id=framework.college_id
        ).order_by("-version"),
    })


def _editable_framework(request, pk: int) -> CompetencyFramework:
    return selectors.framework_for_user(request.user, pk)


@role_required(Role.HR)
def framework_category_add(request, pk: int):
    framework = _editable_framework(request, pk)
    form = CategoryForm(request.POST or None, initial={"revision": framework.revision})
    if request.method == "POST" and form.is_valid():
        try:
            after = services.framework_category_add(
                framework=framework, name=form.cleaned_data["name"],
                role_profile=form.cleaned_data["role_profile"], user=request.user,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _saved(request, framework, after)
    return render(request, "staff/framework_form.html", {
        "framework": framework, "form": form, "title": _("Add a category"),
    })


@role_required(Role.HR)
def framework_competency_add(request, pk: int):
    framework = _editable_framework(request, pk)
    form = CompetencyForm(
        request.POST or None, categories=framework.categories.order_by("order", "pk"),
        initial={"revision": framework.revision, "category": request.GET.get("category")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            after = services.framework_competency_add(
                framework=framework, category_id=form.cleaned_data["category"].pk,
                name=form.cleaned_data["name"], description=form.cleaned_data["description"],
                criteria=form.criteria_lines(), user=request.user,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _saved(request, framework, after)
    return render(request, "staff/framework_form.html", {
        "framework": framework, "form": form, "title": _("Add a competency"),
    })


@role_required(Role.HR)
def framework_competency_edit(request, pk: int, competency_pk: int):
    framework = _editable_framework(request, pk)
    competency = get_object_or_404(Competency, pk=competency_pk, category__framework=framework)
    form = CompetencyForm(request.POST or None, initial={
        "revision": framework.revision, "name": competency.name,
        "description": competency.description,
        "criteria": "\n".join(c.text for c in competency.criteria.order_by("order", "pk")),
    })
    if request.method == "POST" and form.is_valid():
        try:
            after = services.framework_competency_update(
                framework=framework, competency_id=competency.pk, name=form.cleaned_data["name"],
                description=form.cleaned_data["description"], criteria=form.criteria_lines(),
                user=request.user, revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _saved(request, framework, after)
    return render(request, "staff/framework_form.html", {
        "framework": framework, "form": form, "competency": competency,
        "title": _("Edit competency: %(name)s") % {"name": competency.name},
    })


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def framework_competency_remove(request, pk: int, competency_pk: int):
    """Removing a competency asks first: a page that says what goes (with its criteria), and
    only its POST with `confirm` removes it."""
    framework = _editable_framework(request, pk)
    competency = get_object_or_404(
        Competency.objects.select_related("category").prefetch_related("criteria"),
        pk=competency_pk, category__framework=framework)
    if request.method == "GET" or "confirm" not in request.POST:
        return render(request, "staff/competency_remove_confirm.html",
                      {"framework": framework, "competency": competency})
    revision = int_param(request.POST, "revision", -1, min_value=0, max_value=MAX_ID)
    try:
        after = services.framework_competency_remove(
            framework=framework, competency_id=competency.pk, user=request.user, revision=revision
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:framework_detail", pk=framework.pk)
    return _saved(request, framework, after)
