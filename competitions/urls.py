"""Competition pages, all under ``/<agency_slug>/competitions/``."""

from django.urls import path

from competitions import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("new/", views.competition_create, name="create"),
    path("new/from-template/", views.competition_from_blueprint, name="from_blueprint"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/edit/", views.competition_edit, name="edit"),
    path("<int:pk>/copy/", views.competition_copy, name="copy"),
    path("<int:pk>/categories/<int:category_pk>/enter/", views.dossier_enter, name="enter"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path(
        "<int:pk>/categories/<int:category_pk>/shortlist/",
        views.shortlist_change,
        name="shortlist_change",
    ),
    path(
        "<int:pk>/categories/<int:category_pk>/invitations/",
        views.invitation_change,
        name="invitation_change",
    ),
    path("<int:pk>/jury/", views.jury, name="jury"),
    path("<int:pk>/jury/add/", views.jury_add, name="jury_add"),
    path("<int:pk>/jury/<int:juror_pk>/remove/", views.jury_remove, name="jury_remove"),
    path("<int:pk>/jury/dossiers/<int:dossier_pk>/", views.jury_score, name="jury_score"),
    path("dossiers/", views.dossier_list, name="dossiers"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/sections/<int:row_pk>/", views.section_edit, name="section"),
    path("dossiers/<int:pk>/documents/", views.document_pick, name="document_pick"),
    path(
        "dossiers/<int:pk>/documents/<int:document_pk>/drop/",
        views.document_drop,
        name="document_drop",
    ),
    path("dossiers/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path(
        "dossiers/<int:pk>/comments/<int:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("dossiers/<int:pk>/score/", views.mock_score, name="mock_score"),
    path("dossiers/<int:pk>/pembina/", views.pembina_workspace, name="pembina"),
    path(
        "dossiers/<int:pk>/pembina/<slug:key>/",
        views.pembina_records,
        name="pembina_records",
    ),
    path("dossiers/<int:pk>/move/", views.dossier_move, name="move"),
    path("dossiers/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    path(
        "dossiers/<int:pk>/portfolio/download/",
        views.portfolio_download,
        name="portfolio_download",
    ),
    path("dossiers/<int:pk>/copy-page/", views.copy_page, name="copy_page"),
    path(
        "dossiers/<int:pk>/copy-page/download/",
        views.copy_page_download,
        name="copy_page_download",
    ),
    path("<int:pk>/season-report/", views.season_report, name="season_report"),
    path(
        "<int:pk>/season-report/download/",
        views.season_report_download,
        name="season_report_download",
    ),
    path("region/", views.region, name="region"),
    path("region/export/", views.region_export, name="region_export"),
    path("region/exports/<int:pk>/", views.region_job, name="region_job"),
    path(
        "region/exports/<int:pk>/download/",
        views.region_job_download,
        name="region_job_download",
    ),
]
