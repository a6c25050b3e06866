"""``{% can "app.rule_name" obj as flag %}``: templates ask the apps' rules, never roles.

``"clinics.manage_members"`` names ``clinics.rules.can_manage_members``, evaluated for the
membership of the current request, or for ``membership=...`` (the menu of the person's
clinic shown outside it).
"""

from django import template
from django.utils.module_loading import import_string

register = template.Library()


def resolve_rule(name: str):
    app, _, rule = name.partition(".")
    if not app or not rule:
        raise template.TemplateSyntaxError(f"A rule is named 'app.rule', not {name!r}.")
    return import_string(f"{app}.rules.can_{rule}")


@register.simple_tag(takes_context=True)
def can(context, rule_name, obj=None, membership=None):
    if membership is None:
        membership = getattr(context.get("request"), "membership", None)
    return resolve_rule(rule_name)(membership, obj)
