from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelembagaanConfig(AppConfig):
    """Pelembagaan (institutionalisation): the region's regulations on innovation and its
    budget lines for innovation and its coaching, read by the innovation index and by the
    Instansi Pembina entry."""

    name = "pelembagaan"
    verbose_name = _("Institutionalisation (pelembagaan)")
