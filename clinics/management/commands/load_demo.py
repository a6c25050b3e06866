"""``manage.py load_demo``: load the demo data and print the logins as one table."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinics import demo
from competitions import demo as competitions_demo
from consultations import demo as consultations_demo
from indexes import demo as indexes_demo
from innovations import demo as innovations_demo
from pelembagaan import demo as pelembagaan_demo


class Command(BaseCommand):
    help = (
        "Load the demo (Kabupaten Bantaeng and Kota Makassar). Safe to run again. Runs only "
        "on one's own machine (DEBUG or DEMO on: make run sets DEMO), or with --force on a "
        "training instance, where the operator account gets no password (set one with "
        "changepassword)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load it on a server (a demonstration or training instance).",
        )

    def handle(self, *args, **options):
        if not settings.LOCAL and not options["force"]:
            raise CommandError(
                "DEBUG and DEMO are off: this looks like a production database, and the demo's "
                "accounts share a published password. For a demonstration or training "
                "instance, run it again with --force."
            )
        logins = demo.load(operator_password=settings.LOCAL)
        innovations_demo.load()
        pelembagaan_demo.load()
        consultations_demo.load()
        indexes_demo.load()
        competitions_demo.load()
        rows = [("Agency", "Role", "E-mail", "Password")] + [
            (agency, role, email, password or "— (manage.py changepassword)")
            for agency, role, email, password in logins
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        rule = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        lines = [rule]
        for index, row in enumerate(rows):
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append("| " + " | ".join(cells) + " |")
            if index == 0:
                lines.append(rule)
        lines.append(rule)
        self.stdout.write("Demo logins:\n" + "\n".join(lines))
