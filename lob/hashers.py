"""The password hash: Argon2id at the cost OWASP's Password Storage Cheat Sheet gives as its
baseline (19 MiB of memory, 2 passes, 1 lane), not Django's default (100 MiB, 2 passes, 8 lanes).

Why not Django's default: on the two-core servers a college runs LOB on, one check at that cost
takes about 290 ms of CPU and 100 MiB of memory. When a class logs in at the start of a lesson
the checks queue behind each other (570 ms p95 for the login under `make loadtest`), and anyone
can make the server do that work by posting wrong passwords for many addresses. At this cost a
check takes about 50 ms. What keeps a stolen hash expensive to crack is still a memory-hard
Argon2id at a published minimum; what keeps online guessing out is django-axes (lock-out per
address and per client), two-factor login for the roles that see care data, and SSO for staff.

Hashes made at another cost still verify; Django re-hashes them at this cost on the next
successful login (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class LobArgon2PasswordHasher(Argon2PasswordHasher):
    # The same algorithm name as Django's, so stored hashes need no migration.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
