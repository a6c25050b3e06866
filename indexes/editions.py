"""The index editions shipped with the portal, kept as data in ``indexes/editions/*.json``.

Each JSON file holds one edition (one object): its rules (divisor floor, maximum total,
the count-of-innovations rule, the innovation window), its rating bands and its
indicators with weights, level wordings, required evidence, provenance and the thresholds
(``cuts``) from which the registry proposes a level. The research behind the numbers, and
what could not be found, is written into each edition's ``source`` and ``provenance``.

Decimals (weights, band minimums, ``max_total``, ``count_points_each``) are written as
strings, so that ``"0.75"`` is exactly 0.75; a JSON float is refused.

``load_shipped()`` (run by ``manage.py load_editions``) loads every file, sorted by name.
Loading is idempotent: the shipped edition (``agency`` empty) is found by its code and
updated in place, its bands by their minimum and its indicators by their number, so their
primary keys survive a reload; bands and indicators no longer in the file are deleted
(deleting an indicator also deletes the answers given to it). Every object is checked
with ``full_clean()`` before it is saved, and bad data raises a ``ValidationError`` that
names the file and the indicator; the whole load is one transaction, so a bad file
leaves the database as it was.
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scopes_disabled

from indexes.models import Band, Edition, Indicator
from innovations.choices import URUSAN

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"

EDITION_KEYS = {"code", "year", "name", *Edition.RULE_FIELDS, "bands", "indicators"}
EDITION_DECIMALS = {"max_total", "count_points_each"}
BAND_KEYS = {"name", "minimum"}
INDICATOR_KEYS = {"number", "position", "aspect", *Indicator.EDITABLE_FIELDS}
INDICATOR_DECIMALS = {"weight"}
URUSAN_CODES = {code for code, _label in URUSAN}


def _fail(where: str, problem) -> ValidationError:
    """A one-message error that says where: the file, the band or the indicator."""
    if isinstance(problem, ValidationError) and hasattr(problem, "error_dict"):
        problem = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in problem.message_dict.items()
        )
    elif isinstance(problem, ValidationError):
        problem = " ".join(problem.messages)
    return ValidationError(f"{where}: {problem}")


def _fields(raw, allowed: set[str], decimals: set[str], where: str) -> dict:
    """The object's fields, with decimals converted; unknown or missing keys are errors."""
    if not isinstance(raw, dict):
        raise _fail(where, "expected an object")
    unknown = sorted(set(raw) - allowed)
    missing = sorted(allowed - set(raw))
    if unknown:
        raise _fail(where, f"unknown keys {', '.join(unknown)}")
    if missing:
        raise _fail(where, f"missing keys {', '.join(missing)}")
    fields = dict(raw)
    for key in decimals:
        value = fields[key]
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _fail(where, f"{key} must be a decimal written as a string, not {value!r}")
        try:
            fields[key] = Decimal(str(value))
        except InvalidOperation:
            raise _fail(where, f"{key} is not a number: {value!r}") from None
    return fields


def _checked(obj, where: str):
    try:
        obj.full_clean()
    except ValidationError as error:
        raise _fail(where, error) from None
    return obj


def load_edition(data: dict, origin: str = "edition") -> Edition:
    """Create or update the shipped edition described by ``data``; ``origin`` (the file
    name) starts every error message."""
    fields = _fields(data, EDITION_KEYS, EDITION_DECIMALS, origin)
    bands = fields.pop("bands")
    indicators = fields.pop("indicators")
    code = fields.pop("code")
    where = f"{origin} ({code})"
    unknown_urusan = sorted(set(fields["count_urusan"] or []) - URUSAN_CODES)
    if unknown_urusan:
        raise _fail(where, f"count_urusan: unknown urusan {', '.join(unknown_urusan)}")
    if fields["count_urusan_min"] > len(fields["count_urusan"] or []):
        raise _fail(where, "count_urusan_min is more than the urusan listed")
    if not isinstance(bands, list) or not bands:
        raise _fail(where, "bands: give at least one band")
    if not isinstance(indicators, list) or not indicators:
        raise _fail(where, "indicators: give at least one indicator")

    with transaction.atomic(), scopes_disabled():
        edition = Edition.objects.filter(agency=None, code=code).first() or Edition(code=code)
        for name, value in fields.items():
            setattr(edition, name, value)
        edition.agency = None
        _checked(edition, where)
        edition.save()

        existing_bands = {band.minimum: band for band in edition.bands.all()}
        kept_bands = []
        for index, raw in enumerate(bands, start=1):
            band_where = f"{where}, band {index}"
            band_fields = _fields(raw, BAND_KEYS, {"minimum"}, band_where)
            if band_fields["minimum"] in (b.minimum for b in kept_bands):
                raise _fail(band_where, f"minimum {band_fields['minimum']} given twice")
            band = existing_bands.get(band_fields["minimum"]) or Band(edition=edition)
            band.name = band_fields["name"]
            band.minimum = band_fields["minimum"]
            _checked(band, band_where)
            band.save()
            kept_bands.append(band)
        edition.bands.exclude(pk__in=[band.pk for band in kept_bands]).delete()

        existing = {indicator.number: indicator for indicator in edition.indicators.all()}
        kept = []
        for index, raw in enumerate(indicators, start=1):
            number = raw.get("number") if isinstance(raw, dict) else None
            item_where = f"{where}, indicator {number or f'#{index}'}"
            item_fields = _fields(raw, INDICATOR_KEYS, INDICATOR_DECIMALS, item_where)
            if item_fields["number"] in (indicator.number for indicator in kept):
                raise _fail(item_where, "number given twice")
            indicator = existing.get(item_fields["number"]) or Indicator(edition=edition)
            for name, value in item_fields.items():
                setattr(indicator, name, value)
            _checked(indicator, item_where)
            indicator.save()
            kept.append(indicator)
        edition.indicators.exclude(pk__in=[indicator.pk for indicator in kept]).delete()
    return edition


def load_shipped() -> list[Edition]:
    """Load every ``indexes/editions/*.json``, sorted by file name, in one transaction."""
    editions = []
    with transaction.atomic():
        for path in sorted(EDITIONS_DIR.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as error:
                raise _fail(path.name, f"not valid JSON: {error}") from None
            editions.append(load_edition(data, origin=path.name))
    return editions
