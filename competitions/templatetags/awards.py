"""The awards wall: ``{% agency_awards agency %}`` on the clinic's home and
``{% innovation_awards innovation %}`` on an innovation's page (published results only)."""

from django import template

from competitions import selectors

register = template.Library()


@register.inclusion_tag("competitions/partials/awards.html")
def agency_awards(agency):
    return {"awards": list(selectors.awards_of_agency(agency)[:20]), "show_innovation": True}


@register.inclusion_tag("competitions/partials/awards.html")
def innovation_awards(innovation):
    return {"awards": selectors.awards_of_innovation(innovation), "show_innovation": False}
