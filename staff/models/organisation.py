from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.names import name_order, sort_name_field

from ..roles import MEMBERSHIP_ROLES, PORTAL_ROLES, Role


class College(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.SlugField(_("short name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("college")
        verbose_name_plural = _("colleges")

    def __str__(self):
        return self.name


class Team(models.Model):
    """An opleidingsteam: runs one or more programmes, led by an opleidingsmanager."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, help_text=_("Short code used in imports."))

    class Meta:
        ordering = ["college", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["college", "code"], name="team_code_unique_per_college"),
            models.UniqueConstraint(fields=["college", "name"], name="team_name_unique_per_college"),
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


# A membership counts only when its team is in the user's own college: a person's college bounds
# everything, so even a bad row (written past the services and the admin's validation) opens
# nothing in another college.
class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a member of staff, or in the portal a student (linked one-to-one
    to their `Student` row) or a parent or guardian (linked through `Guardian` rows)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    sort_name = sort_name_field()  # "de Boer" sorts under B
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Empty only for ROC-wide accounts."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False, help_text=_("May log in to the admin pages.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The identity provider's stable identifier of this person (lob/sso.py): stored at the
    # first sign-in (or given by the staff import) and required to stay the same afterwards.
    oidc_subject = models.CharField(
        _("sign-in service subject"), max_length=255, unique=True, null=True, blank=True,
    )
    # Employment as the HR system reports it (staff import): the account is active only
    # between these dates; the nightly task switches off the accounts of those who left.
    employment_start = models.DateField(_("employed from"), null=True, blank=True)
    employment_end = models.DateField(_("employed until"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = name_order()
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            # Addresses compared without case, a batch at a time (LOWER(email) IN (...)): the
            # student import's portal accounts, the staff import's checks.
            models.Index(Lower("email"), name="user_email_lower"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    # --- roles -------------------------------------------------------------------------------
    # Both are computed once per request (the user object lives for one request).

    @cached_property
    def _role_rows(self) -> list[tuple[int | None, str]]:
        """(None, role) per role group and (team id, role) per team membership: one query for
        what nearly every page asks first."""
        if self.pk is None:
            return []
        groups = Group.objects.filter(user=self).values_list(
            Value(None, output_field=models.IntegerField()), "name")
        # A membership counts only in the user's own college (a ROC-wide user has none).
        memberships = TeamMembership.objects.filter(
            user=self, team__college_id=self.college_id).values_list("team_id", "role")
        return list(groups.union(memberships, all=True))

    def forget_roles(self) -> None:
        """After a change of groups or memberships: read them again when next asked."""
        for name in ("_role_rows", "roles", "team_roles"):
            self.__dict__.pop(name, None)

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        return frozenset(role for team_id, role in self._role_rows if team_id is None)

    @cached_property
    def team_roles(self) -> dict[int, frozenset[str]]:
        """team id → the roles this user holds in that team."""
        result: dict[int, set[str]] = {}
        for team_id, role in self._role_rows:
            if team_id is not None:
                result.setdefault(team_id, set()).add(role)
        return {k: frozenset(v) for k, v in result.items()}

    @property
    def is_portal_user(self) -> bool:
        """A student or guardian account: holds a portal role and nothing of staff. Such an
        account opens only the portal's pages."""
        return (
            self.is_active
            and not self.is_superuser
            and not self.is_staff
            and bool(self.roles & set(PORTAL_ROLES))
            and not (self.roles - set(PORTAL_ROLES))
            and not self.team_roles
        )

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (bool(self.roles.intersection(roles)))

    def team_ids(self, *roles: str) -> set[int]:
        """Teams in which the user holds any of `roles` (any team role when none given)."""
        wanted = set(roles or MEMBERSHIP_ROLES)
        return {team_id for team_id, held in self.team_roles.items() if held & wanted}

    def manages_team(self, team_id: int) -> bool:
        """The team's manager (or a superuser): assigns counsellors, leads the team's work."""
        return self.is_superuser or team_id in self.team_ids(Role.MANAGER)


class MembershipQuerySet(models.QuerySet):
    def in_own_college(self):
        """Only memberships of a team in the member's own college: the others open nothing."""
        return self.filter(team__college_id=F("user__college_id"))


class TeamMembership(models.Model):
    """A person's role in a team: counsellor, care coordinator or manager."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=30, choices=[(r.value, r.label) for r in MEMBERSHIP_ROLES]
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in MEMBERSHIP_ROLES]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.team}"

    def clean(self):
        super().clean()
        try:
            user, team = self.user, self.team
        except ObjectDoesNotExist:
            return  # the missing field has its own error
        if user.college_id != team.college_id:
            raise ValidationError(
                {"team": _("A team member must belong to the team's college.")}
            )
