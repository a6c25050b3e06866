"""Index workbench pages, all under ``/<agency_slug>/index/``."""

from django.urls import path

from indexes import views

app_name = "indexes"

# The season's documents (jobs): the PDF brief, the XLSX workbook, the hand-off pack.
BRIEF, WORKBOOK, PACK = {"document": "brief"}, {"document": "workbook"}, {"document": "pack"}

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("<int:pk>/pemda/<int:indicator_pk>/", views.pemda_answer, name="pemda"),
    path("<int:pk>/innovations/<int:innovation_pk>/", views.innovation_sheet, name="innovation"),
    path(
        "<int:pk>/innovations/<int:innovation_pk>/<int:indicator_pk>/",
        views.innovation_answer,
        name="innovation_answer",
    ),
    path(
        "<int:pk>/innovations/<int:innovation_pk>/<int:indicator_pk>/verify/",
        views.innovation_verify,
        name="verify",
    ),
    path("<int:pk>/workbook/", views.season_document, WORKBOOK, name="export"),
    path("<int:pk>/workbook/download/", views.season_download, WORKBOOK, name="export_download"),
    path("<int:pk>/freeze/", views.freeze, name="freeze"),
    path("<int:pk>/official/", views.official, name="official"),
    path("<int:pk>/brief/", views.season_document, BRIEF, name="brief"),
    path("<int:pk>/brief/download/", views.season_download, BRIEF, name="brief_download"),
    path("<int:pk>/pack/", views.season_document, PACK, name="pack"),
    path("<int:pk>/pack/download/", views.season_download, PACK, name="pack_download"),
    path("evidence/<int:pk>/", views.region_evidence_file, name="evidence"),
    path("editions/", views.edition_list, name="editions"),
    path("editions/<int:pk>/", views.edition_detail, name="edition"),
    path("editions/<int:pk>/copy/", views.edition_copy, name="edition_copy"),
    path("editions/<int:pk>/edit/", views.edition_edit, name="edition_edit"),
    path(
        "editions/<int:pk>/indicators/<int:indicator_pk>/",
        views.indicator_edit,
        name="indicator_edit",
    ),
]
