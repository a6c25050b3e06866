"""``manage.py load_demo``: load the demo data and print the logins as one table."""

from django.core.management.base import BaseCommand

from clinics import demo
from competitions import demo as competitions_demo
from consultations import demo as consultations_demo
from indexes import demo as indexes_demo
from innovations import demo as innovations_demo


class Command(BaseCommand):
    help = "Load the demo (Kabupaten Bantaeng and Kota Makassar). Safe to run again."

    def handle(self, *args, **options):
        logins = demo.load()
        innovations_demo.load()
        consultations_demo.load()
        competitions_demo.load()
        indexes_demo.load()
        rows = [("Agency", "Role", "E-mail", "Password")] + [
            (agency, role, email, demo.DEMO_PASSWORD) for agency, role, email in logins
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
