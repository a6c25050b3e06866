"""The password hasher: Argon2id at the cost OWASP recommends (Password Storage Cheat Sheet:
46 MiB of memory, 1 pass, 1 lane), not Django's heavier default (100 MiB, 2 passes,
8 lanes).

Measured with ``make hashers`` (docs/deployment.md, "Sign-in speed"): on the portal's
2-core server Django's default Argon2 and PBKDF2 (1,000,000 iterations) each cost about a
quarter of a second of CPU per sign-in, which under load grew into seconds; this cost is
a few hundredths of a second, and its memory-hardness is what makes a stolen database
expensive to crack on graphics cards. Existing PBKDF2 hashes are upgraded at the next
sign-in (they stay listed in PASSWORD_HASHERS), as are Argon2 hashes of another cost.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    memory_cost = 46 * 1024  # KiB
    time_cost = 1
    parallelism = 1
