"""The registry's pages under ``/<agency_slug>/innovations/``."""

from django.urls import path

from innovations import import_views, register_views, views

app_name = "innovations"

urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("mine/", views.my_innovations, name="mine"),
    path("new/", views.innovation_create, name="create"),
    path("targets/", views.targets, name="targets"),
    path("export/", views.innovation_export, name="export"),
    path("export/<int:pk>/", views.innovation_export_download, name="export_download"),
    path("region/", register_views.register, name="register"),
    path("region/targets/", register_views.register_targets, name="register_targets"),
    path("region/export/", register_views.register_export, name="register_export"),
    path("region/<int:pk>/", register_views.register_detail, name="register_detail"),
    path("imports/", import_views.import_list, name="imports"),
    path("imports/template/<str:fmt>/", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/<slug:step>/", import_views.import_job, name="import_job"),
    path("imports/<int:pk>/<slug:step>/report/", import_views.import_report, name="import_report"),
    path("<int:pk>/", views.innovation_detail, name="detail"),
    path("<int:pk>/edit/<slug:step>/", views.innovation_edit, name="edit"),
    path("<int:pk>/move/<slug:move>/", views.innovation_move, name="move"),
    path("<int:pk>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/replace/",
        views.evidence_replace,
        name="evidence_replace",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        views.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path(
        "<int:pk>/indicators/<int:indicator_pk>/measure/",
        views.measurement_add,
        name="measurement_add",
    ),
    path("<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("<int:pk>/visits/<int:visit_pk>/", views.visit_record, name="visit_record"),
    path("<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/checkins/new/", views.checkin_add, name="checkin_add"),
]

catalogue_patterns = (
    [
        path("", views.catalogue, name="catalogue"),
        path("<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
        path(
            "<int:pk>/evidence/<int:evidence_pk>/",
            views.catalogue_evidence,
            name="catalogue_evidence",
        ),
        path("<int:pk>/replicate/", views.catalogue_replicate, name="catalogue_replicate"),
    ],
    "catalogue",
)
