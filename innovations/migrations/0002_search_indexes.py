"""Text search served by indexes on PostgreSQL: a GIN index over the same to_tsvector
expression the search builds (innovations.selectors.search), and a trigram GIN index for
the brand-name substring match beside it, so the two combine in one bitmap scan. SQLite
(the demo) has neither and needs none."""

from django.db import migrations

VECTOR = (
    "to_tsvector('indonesian'::regconfig, COALESCE(name, '') || ' ' || "
    "COALESCE(brand_name, '') || ' ' || COALESCE(problem, '') || ' ' || COALESCE(design, ''))"
)
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX inno_search ON innovations_innovation USING gin ({VECTOR})",
    "CREATE INDEX inno_brand_trgm ON innovations_innovation "
    "USING gin (UPPER(brand_name::text) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX inno_brand_trgm", "DROP INDEX inno_search"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
