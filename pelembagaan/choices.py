"""The fixed vocabularies of the pelembagaan tracker."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    """From the regional law down to an agency's decree (shared/DOMAIN.md)."""

    PERDA = "perda", _("Regional regulation (Perda)")
    PERKADA = "perkada", _("Head of region's regulation (Perkada / Perbup / Perwali)")
    SK_KD = "sk_kd", _("Head of region's decree (SK Kepala Daerah)")
    SK_PD = "sk_pd", _("Agency head's decree (SK Kepala Perangkat Daerah)")
    SK_TEAM = "sk_tim", _("Decree on the innovation team (SK Tim Inovasi)")


# Who signed it, as the innovation index's regulation indicator ranks it (shared/IID.md
# §1.2, indicator 16): 1 an agency head's decree, 2 the head of region's decree, 3 his
# regulation, 4 a regional regulation. A team decree appoints people; it does not rank.
RANK = {
    RegulationKind.SK_PD: 1,
    RegulationKind.SK_KD: 2,
    RegulationKind.PERKADA: 3,
    RegulationKind.PERDA: 4,
}


class RegulationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (rancangan)")
    DISCUSSION = "pembahasan", _("In discussion (pembahasan)")
    ENACTED = "ditetapkan", _("Enacted (ditetapkan)")
    DISSEMINATED = "disosialisasikan", _("Disseminated (disosialisasikan)")


# A regulation in force: what the index and the Instansi Pembina entry count.
IN_FORCE = (RegulationStatus.ENACTED, RegulationStatus.DISSEMINATED)


class BudgetSource(models.TextChoices):
    INNOVATION = "apbd_inovasi", _("APBD for innovations")
    COACHING = "apbd_pembinaan", _("APBD for coaching innovation (pembinaan)")
    OTHER = "lain", _("Other source")
