"""Import of the HR system's staff file: accounts follow HR.

One row per member of staff: e-mail, names, college, team(s), roles, start and end date (and,
optionally, the identity provider's subject). The same rules as the student import: all or
nothing (every row is checked first; a file with any bad row changes nothing and every bad row
is reported with its line number and reason), the same encodings and separators
(common.imports), progress on the job.

What a good file does, in one transaction:
- creates the accounts it does not know (without a password: they sign in through the college's
  identity provider, or the administrator sets one), updates names, dates and subject;
- makes the roles those of the file: team roles (counsellor, care coordinator, manager) in the
  named teams, college roles besides; a role the file no longer lists is taken away;
- care-data roles (staff.roles.CARE_DATA_ROLES) are never given by the file: each becomes a
  grant request that a second person approves (staff.services.grants), logged in the privacy
  audit trail and shown on the privacy officer's page;
- switches off the accounts whose employment ended (end date before today) or has not begun,
  and — for a full export — the college's accounts missing from the file; a switched-off
  account loses its care-data roles and every session it has ends at its next request
  (both authentication backends refuse an inactive account).
"""

from .writing import import_staff_file, switch_off_leavers

__all__ = ["import_staff_file", "switch_off_leavers"]
