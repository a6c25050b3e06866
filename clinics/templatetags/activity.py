"""``{{ entry.action|activity_sentence }}``: an activity-log code as a sentence.

Each app keeps its sentences in ``<app>/timeline.py`` (``SENTENCES``), next to the codes
its services write.
"""

from django import template
from django.utils.module_loading import import_string

register = template.Library()


@register.filter
def activity_sentence(action: str) -> str:
    app = action.partition(".")[0]
    try:
        sentences = import_string(f"{app}.timeline.SENTENCES")
    except ImportError:
        return action
    return sentences.get(action, action)
