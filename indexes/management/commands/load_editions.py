"""``manage.py load_editions``: load the index editions shipped in ``indexes/editions/``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indexes.editions import load_shipped


class Command(BaseCommand):
    help = "Load the shipped index editions (indexes/editions/*.json). Safe to run again."

    def handle(self, *args, **options):
        try:
            editions = load_shipped()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for edition in editions:
            bands = ", ".join(f"{band.name} {band.minimum}" for band in edition.bands.all())
            self.stdout.write(
                f"{edition.code}: {edition.indicators.count()} indicators; bands: {bands}"
            )
