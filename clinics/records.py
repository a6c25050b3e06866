"""List, add and edit pages for an agency's simple records (units, partners, rooms,
session types): kinds that differ only in their model, form, rules, templates and words,
so one set of views serves them all, each page asking the kind's own rules."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from clinics.tenancy import rule_required

PAGE_SIZE = 25


class AgencyRecords:
    def __init__(
        self,
        *,
        model,
        form_class,
        list_selector,
        view_rule,
        manage_rule,
        list_url_name,
        list_template,
        title,
        add_label,
    ):
        self.model, self.form_class, self.list_selector = model, form_class, list_selector
        self.view_rule, self.manage_rule = view_rule, manage_rule
        self.list_url_name, self.list_template = list_url_name, list_template
        self.title, self.add_label = title, add_label

    def list_view(self):
        @rule_required(self.view_rule)
        def view(request, agency_slug):
            page = Paginator(self.list_selector(request.agency), PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            return TemplateResponse(request, self.list_template, {"page": page, "records": self})

        return view

    def form_view(self):
        @rule_required(self.manage_rule)
        def view(request, agency_slug, pk=None):
            instance = (
                get_object_or_404(self.model, pk=pk, agency=request.agency)
                if pk is not None
                else self.model(agency=request.agency)
            )
            form = self.form_class(request.POST or None, request.FILES or None, instance=instance)
            if request.method == "POST" and form.is_valid():
                form.save()
                messages.success(request, _("“%(name)s” was saved.") % {"name": instance})
                return redirect(self.list_url_name, agency_slug=agency_slug)
            return TemplateResponse(
                request,
                "includes/record_form.html",
                {"form": form, "records": self, "object": instance},
            )

        return view
