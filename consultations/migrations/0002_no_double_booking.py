"""No double booking, guaranteed by PostgreSQL: two active sessions of one facilitator, or
in one room, cannot hold overlapping time (start to end plus buffer). SQLite (the demo)
has no exclusion constraints; there the booking service's check runs inside an IMMEDIATE
transaction, which serialises writers."""

from django.db import migrations

ACTIVE = "status IN ('requested', 'confirmed')"
RANGE = "tstzrange(starts_at, busy_until, '[)')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"ALTER TABLE consultations_consultation ADD CONSTRAINT session_facilitator_no_overlap "
    f"EXCLUDE USING gist (facilitator_id WITH =, {RANGE} WITH &&) WHERE ({ACTIVE})",
    f"ALTER TABLE consultations_consultation ADD CONSTRAINT session_room_no_overlap "
    f"EXCLUDE USING gist (room_id WITH =, {RANGE} WITH &&) "
    f"WHERE ({ACTIVE} AND room_id IS NOT NULL)",
]
BACKWARD = [
    "ALTER TABLE consultations_consultation DROP CONSTRAINT session_room_no_overlap",
    "ALTER TABLE consultations_consultation DROP CONSTRAINT session_facilitator_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
