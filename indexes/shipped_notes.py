"""The English notes the shipped editions carry (``indexes/editions/*.json``): each
edition's source and provenance, each indicator's gloss and provenance.

They are listed here only so that ``make messages`` puts them in the catalogue; pages show
a stored note through ``{% translate note %}``, so a shipped note reads in the person's
language, and a note a coordinator wrote in their own copy shows as typed (it is in no
catalogue). ``tests/indexes/test_editions.py`` checks that this list and the files agree.
"""

from django.utils.translation import gettext_noop as _

NOTES = (
    _(
        "Surat Kepala BSKDN No. 400.10.11/1887/BSKDN, 29 Apr 2026 (Lampiran I and II), as "
        "transcribed in prjctpy/simonda backend/inovasi/iga.py"
    ),
    _(
        "All numbers are from a third-party transcription (prjctpy/simonda, "
        "backend/inovasi/iga.py) of Lampiran I and II of Surat Kepala BSKDN No. "
        "400.10.11/1887/BSKDN (29 Apr 2026); the letter itself was not seen. Satuan "
        "Pemerintah Daerah: 15 indicators in 20 score rows, weights summing to 21 (maximum "
        "63); ten indicators (1, 3, 4, 5, 6, 7, 8, 9, 10, 11) are mandatory, matching a BSKDN"
        " statement of June 2024. Their numeric thresholds are the 2026 ones and change by "
        "edition. Bukti dukung for the pemda rows is mostly not found: indicator 1 follows a "
        "2026 copy's note, 2b, 3 and 4 an unverified note of one copy, the BPS and BPK "
        "sources are presumed. Indicators 16-35 (per innovation) follow the 2025 catalogue / "
        "2026 guide, with weights unchanged since 2023 (sum 37, maximum 111 per innovation); "
        "their bukti dukung texts are those of the 2023 app copy (riswandiii/iga) plus the "
        "2025 catalogue's validity conditions, and for 30 (Layanan Terintegrasi) it is not "
        "found. For 33 only the people basis (a) and the revenue (d) and trend (f) bases have"
        " 2026 thresholds; the unit, efficiency and product bases (b, c, e) are not found. "
        "Indicator 23 keeps the 2023 wording (no 2026 change recorded). Divisor MAX(12, n) "
        "(the source plans 14 for 2027). Skor Jumlah Inovasi = MIN(n, 200) x 0.38 (maximum "
        "76), 0 if fewer than 5 of the 6 urusan wajib pelayanan dasar are covered (all 6 "
        "planned from 2027). Maximum total 250 (63 + 111 + 76). Innovations count if "
        "implemented between 1 Jan 2024 and 31 Dec 2025, or developed within that window (the"
        " development clause is not modelled here). Bands 65.01 / 40.01 / 0.01 / 0. Not "
        "found: the consequence of leaving a mandatory indicator empty, and an explicit rule "
        "that invalid evidence scores 0."
    ),
    _("Innovation in the head of region's vision and mission"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda; bukti dukung: a "
        "2026 copy's note"
    ),
    _("APBD passed on time"),
    _("2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda; bukti dukung: not found"),
    _("Mandatory-spending compliance"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda; bukti dukung: one"
        " copy's note, unverified"
    ),
    _("Growth in permits issued"),
    _("Growth of per-capita income"),
    _("Fall in open unemployment"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda; bukti dukung: BPS"
        " presumed, source not confirmed"
    ),
    _("Unemployment level"),
    _("Investment growth"),
    _("Own-source revenue growth"),
    _("Audit opinion"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda; bukti dukung: BPK"
        " LHP presumed, source not confirmed"
    ),
    _("SAKIP/LAKIP grade"),
    _("Fall in poverty"),
    _("Poverty level"),
    _("HDI increase"),
    _("HDI level"),
    _("Awards for innovators"),
    _("Policy recommendations"),
    _("Policy Quality Index (IKK) grade"),
    _("Regional S&T master plan"),
    _("IPR facilitation"),
    _("Legal act that names the innovation"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda (2025 catalogue / "
        "2026 guide); bukti dukung: 2023 app copy (riswandiii/iga) with the 2025 catalogue's "
        "validity conditions"
    ),
    _("Staff managing the innovation (last year)"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda (2025 catalogue / "
        "2026 guide); bukti dukung: 2023 app copy (riswandiii/iga)"
    ),
    _("Budget (APBD) for implementation"),
    _("Work tools used in operation"),
    _("Capacity building"),
    _("Innovation written into the annual plan (RKPD)"),
    _("Stakeholder types involved (T-1, T-2)"),
    _("Formal appointment of the implementing team"),
    _("Number of perangkat daerah (PD) involved"),
    _("Dissemination (last 2 years)"),
    _("User manual"),
    _("Channels for service information"),
    _("Time for a user to obtain the result"),
    _("Complaints resolved in the last year (resolved / total x 100%)"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda (2025 catalogue / "
        "2026 guide); bukti dukung: 2023 app copy (riswandiii/iga); file types cut off in the"
        " source"
    ),
    _("Integration of the service (digital or not)"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda (2025 catalogue / "
        "2026 guide); bukti dukung: not found (the 2023 text was for Online Sistem)"
    ),
    _("Adopted by other regions (T-2 to T-1)"),
    _("Time taken to create the innovation"),
    _("Benefit: one measurement basis (a-f) chosen"),
    _(
        "2026: Surat Kepala BSKDN 400.10.11/1887/BSKDN via prjctpy/simonda (2025 catalogue / "
        "2026 guide); bukti dukung: 2023 app copy (riswandiii/iga) with the 2025 catalogue's "
        "validity conditions; derivation uses basis a (people) only"
    ),
    _("Evaluation of the innovation (last 2 years)"),
    _("Video of the innovation"),
    _(
        "Pedoman Umum Penilaian IGA 2023 (Surat Mendagri No. 400.10.11/2704/SJ, 18 May 2023) "
        "and BSKDN PPT Sosialisasi IID 2023 for the structure, formula and bands; indicators "
        "16-35 as in a copy of the 2023 national IID app (riswandiii/iga "
        "database/inovasi_db.sql, dump of 11 Feb 2024)"
    ),
    _(
        "Structure, formula and bands are from the BSKDN PPT Sosialisasi IID 2023 (only its "
        "opening slides were seen): 36 indicators, 8 variables, 2 aspects, SPD 25.2% and SID "
        "74.8%, the per-innovation sum divided by MAX(10, n), and the bands 60.01-100 Sangat "
        "Inovatif, 35.00-60.00 Inovatif, 0.01-34.99 Kurang Inovatif, 0 Tidak Dapat Dinilai. "
        "The indicator pages of the Pedoman Umum Penilaian IGA 2023 were not seen. Indicators"
        " 16-35 (per innovation), with their levels, scores (weight x level, total weight 37,"
        " maximum 111) and bukti dukung, are from a third-party copy of the 2023 national IID"
        " app (riswandiii/iga, database/inovasi_db.sql, dump of 11 Feb 2024); their variables"
        " are not found for 2023 and are given as in 2026, and their mandatory flags are not "
        "found for 2023 (16, 17, 32, 33 and 35 are marked as in the 2024 BSKDN briefing and "
        "the 2026 catalogue). Not found for 2023: indicators 1-15 of the Satuan Pemerintah "
        "Daerah (only their count, 3 variables and the 25.2% share are known), so this "
        "edition has no pemda indicators; the Skor Jumlah Inovasi rule (indicator 36), set to"
        " nothing here: the 2026 rule (MIN(n, 200) x 0.38, 0 if fewer than 5 of the 6 urusan "
        "wajib pelayanan dasar) fits the 2023 arithmetic (63 + 111 + 76 = 250; 63/250 = "
        "25.2%) but is unconfirmed for 2023; the maximum total score, inferred as 250 from "
        "that arithmetic; the innovation age window; whether only penerapan-stage innovations"
        " count toward n."
    ),
    _(
        "2023: 2023 app copy (riswandiii/iga, inovasi_db.sql), levels and bukti dukung; "
        "variable not found for 2023, given as in 2026; wajib per the 2024 BSKDN briefing and"
        " 2026 catalogue (2023 flag not found)"
    ),
    _(
        "2023: 2023 app copy (riswandiii/iga, inovasi_db.sql), levels and bukti dukung; "
        "variable not found for 2023, given as in 2026"
    ),
    _("Use of IT in operation"),
    _(
        "2023: 2023 app copy (riswandiii/iga, inovasi_db.sql), levels and bukti dukung; "
        "variable not found for 2023, given as in 2026; file types cut off in the source"
    ),
    _("Online procedure network (last 2 years)"),
    _("Users or beneficiaries (last 2 years)"),
    _("Quality, judged through a video"),
)
