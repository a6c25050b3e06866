"""The completeness checklist that blocks "ready"."""

from types import SimpleNamespace

from competitions.checklist import checklist, is_complete


def row(title, text, limit=None, pk=1):
    from innovations.models import word_count

    return SimpleNamespace(
        section=SimpleNamespace(title=title, word_limit=limit),
        section_id=pk,
        text=text,
        words=word_count(text),
    )


def requirement(pk, title, mandatory=True):
    return SimpleNamespace(pk=pk, title=title, mandatory=mandatory)


def test_a_complete_dossier_passes():
    items = checklist([row("Ringkasan", "kata " * 200, 200)], [requirement(1, "SK")], {1: 1}, 0)
    assert is_complete(items)


def test_each_gap_is_named():
    items = checklist(
        [row("Ringkasan", "kata " * 201, 200, 1), row("Kebaruan", "", None, 2)],
        [requirement(1, "SK"), requirement(2, "Foto", mandatory=False)],
        {},
        2,
    )
    missing = [i.text for i in items if not i.ok]
    assert missing == [
        "“Ringkasan” has 201 words; the limit is 200.",
        "“Kebaruan” is empty.",
        "“SK” is missing.",
        "2 review comments are still open.",
    ]
    assert not is_complete(items)


def test_an_optional_document_does_not_block():
    items = checklist([row("A", "teks")], [requirement(2, "Foto", mandatory=False)], {}, 0)
    assert is_complete(items)
