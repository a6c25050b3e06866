"""The registry of job kinds. Each app registers its own kinds in its ``AppConfig.ready``;
no app registers another's. See the package docstring (``jobs/__init__.py``)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

QUEUES = ("default", "mail", "pdf", "exports")


@dataclass(frozen=True)
class Kind:
    """``name`` is stored on the row; ``task`` is the Celery task's name (its module path);
    ``queue`` one of QUEUES; ``keep_days`` (a number, or a callable that reads settings)
    makes a finished job's file expire and be purged; ``label`` is shown to people."""

    name: str
    label: str
    task: str
    queue: str = "default"
    keep_days: int | Callable[[], int] | None = None

    def days_kept(self) -> int | None:
        return self.keep_days() if callable(self.keep_days) else self.keep_days


def export(name: str, label: str, task: str) -> Kind:
    """A file people download from the ``exports`` queue (a ZIP, a workbook), purged
    EXPORT_KEEP_DAYS after it is made."""
    return Kind(
        name=name,
        label=label,
        task=task,
        queue="exports",
        keep_days=lambda: settings.EXPORT_KEEP_DAYS,
    )


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.queue not in QUEUES:
        raise ValueError(f"Job kind {kind.name!r}: unknown queue {kind.queue!r}.")
    known = _KINDS.get(kind.name)
    if known is not None and known != kind:
        raise ValueError(f"Job kind {kind.name!r} is already registered as {known}.")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r} is registered.") from None


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())
