"""``make hashers``: how long one sign-in's password check takes with each hasher.

Times the password check (what a sign-in pays) for Django's PBKDF2 and Argon2 hashers with
their default costs and for the portal's own (klikbaik/hashers.py) on this machine.
Prints the 1-minute load average first: run it on a quiet machine, and compare the
hashers within one run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klikbaik.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    get_hasher,
)

RUNS = int(os.environ.get("HASHER_RUNS", "15"))


def _describe(hasher) -> str:
    if isinstance(hasher, Argon2PasswordHasher):
        mine = " (the portal's)" if type(hasher) is not Argon2PasswordHasher else " (Django's)"
        return (
            f"Argon2id, {hasher.memory_cost // 1024} MiB, {hasher.time_cost} passes, "
            f"{hasher.parallelism} lanes{mine}"
        )
    return f"PBKDF2-SHA256, {hasher.iterations:,} iterations (Django's)"


def main():
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    print("| hasher | median ms | p90 ms | min ms |")
    print("|---|---:|---:|---:|")
    for hasher in (PBKDF2PasswordHasher(), Argon2PasswordHasher(), get_hasher("default")):
        encoded = hasher.encode("klikbaik-demo", hasher.salt())
        hasher.verify("klikbaik-demo", encoded)  # warm up
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            hasher.verify("klikbaik-demo", encoded)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"| {_describe(hasher)} | {statistics.median(times):.0f} | {p90:.0f} | {times[0]:.0f} |"
        )
    print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
