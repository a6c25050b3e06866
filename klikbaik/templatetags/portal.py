"""``{% portal_url "consultations:detail" agency.slug session.pk %}``: a page's absolute
address for e-mails (``klikbaik.links``)."""

from django import template

from klikbaik import links

register = template.Library()


@register.simple_tag
def portal_url(viewname, *args):
    return links.portal_url(viewname, *args)
