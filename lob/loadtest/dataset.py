"""The bench data set's side of `manage.py loadtest`: which real users the simulated ones log in
as, what they need for their pages, and putting the data set back as it was found.

Before the run the highest id of every table is recorded; afterwards every row with a higher id
(the sessions the counsellors logged, the LEC access log of the case pages read, axes' login
records, the TOTP devices given for the run) is deleted in one transaction, the sessions that
the logins opened are deleted, and the users' password hashes and last-login times are restored.
"""

import math
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lec.selectors import referrals_visible_to
from staff.models import TeamMembership, User
from staff.roles import Role
from students.models import CounsellorAssignment

# The share of each role among the simulated users, in percent (locustfile.py's user weights).
ROLE_SHARES = {"counsellor": 60, "lec": 20, "manager": 15, "director": 5}
PASSWORD = "Loadtest-" + "wachtwoord-2026"
DEVICE_NAME = "loadtest"
IDS_PER_ACCOUNT = 10


@dataclass
class Snapshot:
    max_ids: dict[str, int]
    session_keys: list[str]
    users: list[tuple] = field(default_factory=list)  # (id, password, last_login) as found


def accounts_needed(users: int) -> dict[str, int]:
    """Enough accounts that no two simulated users share one (but at least one per role)."""
    return {role: max(1, math.ceil(users * share / 100)) for role, share in ROLE_SHARES.items()}


def _spread(rows: list, college_of, n: int) -> list:
    """`n` rows taken round-robin over the colleges: the users of the whole ROC, not of one."""
    by_college = defaultdict(list)
    for row in rows:
        by_college[college_of(row)].append(row)
    mixed = [row for group in zip_longest(*by_college.values()) for row in group if row]
    return mixed[:n]


def _counsellors(n: int) -> list[dict]:
    assignments = (CounsellorAssignment.objects.filter(end_date__isnull=True)
                   .values_list("counsellor_id", "student_id", "student__last_name")
                   .order_by("counsellor_id", "student_id"))
    students = defaultdict(list)
    for counsellor_id, student_id, last_name in assignments.iterator():
        if len(students[counsellor_id]) < IDS_PER_ACCOUNT:
            students[counsellor_id].append((student_id, last_name))
    memberships = (TeamMembership.objects.filter(role=Role.COUNSELLOR, user_id__in=students)
                   .values_list("user_id", "user__email", "team_id", "team__college_id")
                   .order_by("user_id", "team_id"))
    rows = list({user_id: row for user_id, *row in memberships}.items())
    return [{"id": user_id, "email": email, "team": team_id,
             "students": [s for s, _name in students[user_id]],
             "search": students[user_id][0][1][:3]}
            for user_id, (email, team_id, _college) in _spread(rows, lambda r: r[1][2], n)]


def _lec_staff(n: int) -> list[dict]:
    candidates = (User.objects.filter(is_active=True, groups__name=Role.LEC_WORKER)
                  .exclude(totpdevice__isnull=False).order_by("pk"))
    result = []
    for user in _spread(list(candidates), lambda u: u.college_id, len(candidates)):
        cases = list(referrals_visible_to(user).order_by("-pk")
                     .values_list("pk", flat=True)[:IDS_PER_ACCOUNT])
        if cases:
            result.append({"id": user.pk, "email": user.email, "cases": cases})
        if len(result) == n:
            break
    return result


def _managers(n: int) -> list[dict]:
    rows = list(TeamMembership.objects.filter(role=Role.MANAGER, user__is_active=True)
                .values_list("user_id", "user__email", "team_id", "team__college_id")
                .order_by("user_id", "team_id"))
    rows = list({row[0]: row for row in rows}.values())
    return [{"id": uid, "email": email, "team": team}
            for uid, email, team, _college in _spread(rows, lambda r: r[3], n)]


def _directors(n: int) -> list[dict]:
    rows = list(User.objects.filter(is_active=True, groups__name=Role.DIRECTOR,
                                    college__isnull=False)
                .values_list("pk", "email", "college_id").order_by("pk"))
    return [{"id": uid, "email": email, "college": college}
            for uid, email, college in _spread(rows, lambda r: r[2], n)]


def choose_accounts(users: int) -> dict[str, list[dict]]:
    needed = accounts_needed(users)
    accounts = {
        "counsellor": _counsellors(needed["counsellor"]),
        "lec": _lec_staff(needed["lec"]),
        "manager": _managers(needed["manager"]),
        "director": _directors(needed["director"]),
    }
    empty = [role for role, found in accounts.items() if not found]
    if empty:
        raise RuntimeError(f"The data set has no usable accounts for: {', '.join(empty)}")
    return accounts


# --- before and after --------------------------------------------------------------------------


def _tables_with_id() -> list[str]:
    """Tables with a numeric id, which grows (the few with uuid ids are not written by the
    load test's pages)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.columns "
                       "WHERE table_schema = current_schema() AND column_name = 'id' "
                       "AND data_type IN ('smallint', 'integer', 'bigint') "
                       "ORDER BY table_name")
        return [row[0] for row in cursor.fetchall()]


def snapshot() -> Snapshot:
    qn = connection.ops.quote_name
    max_ids = {}
    with connection.cursor() as cursor:
        for table in _tables_with_id():
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {qn(table)}")  # noqa: S608
            max_ids[table] = cursor.fetchone()[0]
        cursor.execute("SELECT session_key FROM django_session")
        keys = [row[0] for row in cursor.fetchall()]
    return Snapshot(max_ids=max_ids, session_keys=keys)


def give_access(found: Snapshot, accounts: dict[str, list[dict]]) -> None:
    """The known password for every chosen account (one UPDATE) and a confirmed TOTP device
    with a fresh key for each LEC account (its key goes into the plan for locust)."""
    ids = sorted({a["id"] for role in accounts.values() for a in role})
    found.users = list(User.objects.filter(pk__in=ids)
                       .values_list("pk", "password", "last_login").order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE staff_user SET password = %s WHERE id = ANY(%s)",
                       [make_password(PASSWORD), ids])
    for account in accounts["lec"]:
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user_id=account["id"], name=DEVICE_NAME, key=key,
                                  confirmed=True)
        account["totp_key"] = key


def reset_devices() -> None:
    """Codes may be used again: each locust run starts its own count of used time steps."""
    TOTPDevice.objects.filter(name=DEVICE_NAME).update(last_t=-1, throttling_failure_count=0,
                                                       throttling_failure_timestamp=None)


def restore(found: Snapshot) -> dict[str, int]:
    """Delete every row added since `found` and put the users' hashes back; returns the rows
    deleted per table."""
    qn = connection.ops.quote_name
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # The LEC access log is append-only except for a transaction that says it purges.
        cursor.execute("SET LOCAL lob.retention_purge = 'on'")
        cursor.execute("DELETE FROM axes_accessattemptexpiration WHERE access_attempt_id > %s",
                       [found.max_ids.get("axes_accessattempt", 0)])
        for table in _tables_with_id():
            cursor.execute(f"DELETE FROM {qn(table)} WHERE id > %s",  # noqa: S608
                           [found.max_ids.get(table, 0)])
            if cursor.rowcount:
                deleted[table] = cursor.rowcount
        cursor.execute("DELETE FROM django_session WHERE NOT (session_key = ANY(%s))",
                       [found.session_keys])
        if cursor.rowcount:
            deleted["django_session"] = cursor.rowcount
        cursor.executemany("UPDATE staff_user SET password = %s, last_login = %s WHERE id = %s",
                           [(password, last_login, pk) for pk, password, last_login in found.users])
        cursor.execute("SET LOCAL lob.retention_purge = 'off'")
    return deleted
