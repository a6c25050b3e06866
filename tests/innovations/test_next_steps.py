"""The idea form's steps in any order, its 38 affairs in groups, and the innovation's page:
what happens next, actions before destructive ones, and messages that say who is told."""

import lxml.html
from django.urls import reverse
from django.utils import timezone

from innovations.models import Innovation
from tests.innovations.factories import InnovationFactory


def _tree(response):
    return lxml.html.fromstring(response.content.decode())


def test_a_steps_chip_saves_the_new_idea_and_goes_to_that_step(client, agency_a, staff_a, unscoped):
    client.force_login(staff_a)
    url = reverse("innovations:create", args=[agency_a.slug])
    chips = _tree(client.get(url)).xpath('//ol[@class="steps"]//button[@name="goto"]')
    assert [chip.get("value") for chip in chips] == [
        "idea", "problem", "design", "results", "impact", "origin",
    ]  # fmt: skip
    assert all(chip.get("form") == "step-form" for chip in chips)
    response = client.post(url, {"name": "Kelas Ibu Daring", "initiator": "asn", "goto": "design"})
    innovation = Innovation.objects.get()
    assert response["Location"] == reverse(
        "innovations:edit", args=[agency_a.slug, innovation.pk, "design"]
    )


def test_a_chip_without_a_name_says_so_and_saves_nothing(client, agency_a, staff_a, unscoped):
    client.force_login(staff_a)
    url = reverse("innovations:create", args=[agency_a.slug])
    response = client.post(url, {"name": "", "brand_name": "KID", "goto": "impact"})
    assert response.status_code == 200
    tree = _tree(response)
    summary = tree.xpath('//*[@data-testid="error-summary"]//a')
    assert summary and summary[0].get("href") == "#id_name"
    assert tree.xpath('//input[@id="id_name"]/@aria-invalid') == ["true"]
    assert tree.xpath('//input[@id="id_name"]/@aria-describedby') == ["id_name_error"]
    assert tree.xpath('//*[@id="id_name_error"]')
    assert tree.xpath('//input[@name="brand_name"]/@value') == ["KID"]
    assert not Innovation.objects.exists()


def test_a_chip_on_a_saved_idea_saves_the_step_and_goes_on(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="draft", problem="")
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "problem"]),
        {"problem": "Bumil terlambat datang.", "goto": "origin"},
    )
    assert response["Location"] == reverse(
        "innovations:edit", args=[agency_a.slug, idea.pk, "origin"]
    )
    idea.refresh_from_db()
    assert idea.problem == "Bumil terlambat datang."


def test_the_38_affairs_come_in_four_groups_and_fold(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="draft")
    client.force_login(staff_a)
    tree = _tree(client.get(reverse("innovations:edit", args=[agency_a.slug, idea.pk, "design"])))
    groups = tree.xpath('//details[contains(@class, "fold")]//fieldset[@class="checks-group"]')
    assert [len(g.xpath(".//input[@type='checkbox']")) for g in groups] == [6, 18, 8, 6]
    assert groups[0].xpath("./legend/text()") == ["Mandatory, basic services"]
    assert len(tree.xpath('//select[@name="urusan"]/optgroup')) == 4


def test_after_submitting_the_author_is_told_what_happens_next(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="draft")
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:move", args=[agency_a.slug, idea.pk, "submit"]), follow=True
    )
    tree = _tree(response)
    message = " ".join(tree.xpath('//ul[@class="messages"]')[0].text_content().split())
    assert "Sent for review" in message and "Ideas to review" in message
    what_next = " ".join(tree.xpath('//*[@data-testid="what-next"]')[0].text_content().split())
    assert "accept it into coaching or return it with comments" in what_next
    # The destructive "withdraw" is neither first nor loose: it sits in its own fold, after
    # the page's content, with its consequence in words and a required reason.
    moves = tree.xpath('//*[@data-testid="moves"]')
    assert not moves or not moves[0].xpath('.//button[contains(@class, "danger")]')
    dangers = tree.xpath('//button[contains(@class, "danger")]')
    assert dangers and all(
        b.xpath('ancestor::details[contains(@class, "danger-zone")]') for b in dangers
    )
    zone = tree.xpath('//details[contains(@class, "danger-zone")]')[0]
    assert "closes the idea for good" in zone.text_content()
    assert zone.xpath(".//textarea[@required]")


def test_a_reviewer_accepts_and_is_told_who_learns_of_it(
    client, agency_a, staff_a, facilitator_a, unscoped
):
    idea = InnovationFactory(
        agency=agency_a, author=staff_a, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(facilitator_a)
    page = _tree(client.get(reverse("innovations:detail", args=[agency_a.slug, idea.pk])))
    buttons = [" ".join(b.text_content().split()) for b in page.xpath("//main//button")]
    assert buttons.index("Accept into coaching") < buttons.index("Return with comments")
    response = client.post(
        reverse("innovations:move", args=[agency_a.slug, idea.pk, "accept"]), follow=True
    )
    assert "can now book coaching" in response.content.decode()
    assert "Done: the move is on the timeline" not in response.content.decode()


def test_an_idea_in_coaching_offers_its_team_to_book_coaching(
    client, agency_a, staff_a, facilitator_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching", phase="design")
    url = reverse("innovations:detail", args=[agency_a.slug, idea.pk])
    client.force_login(staff_a)
    tree = _tree(client.get(url))
    book = tree.xpath('//*[@data-testid="book-coaching"]/@href')
    assert book == [reverse("consultations:book", args=[agency_a.slug])]
    client.force_login(facilitator_a)
    assert not _tree(client.get(url)).xpath('//*[@data-testid="book-coaching"]')
