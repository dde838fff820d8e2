"""The Latvian demo participant takes the post self-assessment and sees the chart and path change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from biblio.competences.models import ProfileRequirement, SelfAssessment
from biblio.learning.models import Enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_post_self_assessment_changes_chart_and_path(demo, page, live_server, log_in):
    # This journey reads English labels; the demo people otherwise see their own language.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    enrolment = Enrolment.objects.select_related("programme").get(
        person__email="participant.lv@example.org", programme__profile__isnull=False
    )
    targets = dict(
        ProfileRequirement.objects.filter(profile_id=enrolment.programme.profile_id).values_list(
            "competence_id", "target_level"
        )
    )
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit now? …" confirmation
    log_in("participant.lv@example.org")

    # Before: the chart has the target and the pre self-assessment, no post; the path has open gaps.
    page.get_by_role("link", name="My skills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your skills and learning path")
    expect(page.locator("svg.radar polygon.radar__series--pre")).to_have_count(1)
    expect(page.locator("svg.radar polygon.radar__series--post")).to_have_count(0)
    expect(page.locator("#area-table td[data-col='post']").first).to_have_text("—")
    summary_before = page.locator("#path-summary").inner_text()
    assert "Total gap: 0 levels" not in summary_before
    expect(page.locator("ul.closes, ul.narrows").first).to_be_visible()

    # Take the post self-assessment: every competence at its target level, seeing the descriptors.
    page.get_by_role("link", name="Take or view my self-assessments").click()
    page.locator("form[action$='/start/']:has(input[value='post']) button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("After the course")
    first = next(iter(targets))
    expect(page.locator(f"fieldset#competence_{first} .level-option__descriptor").nth(3)).to_be_visible()
    for competence_id, target in targets.items():
        page.locator(f"input[name='competence_{competence_id}'][value='{target}']").check()
    expect(page.locator(".sheet-count")).to_have_text(f"{len(targets)} of {len(targets)} rated")
    page.get_by_role("button", name="Submit").click()

    # After: the chart has a post polygon, the table an "after" column, the path no gap left.
    page.wait_for_url(f"**/competences/skills/{enrolment.pk}/#chart")
    expect(page.get_by_text("Your self-assessment has been submitted.")).to_be_visible()
    expect(page.locator("svg.radar polygon.radar__series--post")).to_have_count(1)
    expect(page.locator("#area-table td[data-col='post']").first).not_to_have_text("—")
    expect(page.locator("#path-summary")).to_have_text("Total gap: 0 levels; the path covers 0.")
    expect(page.locator("ul.closes, ul.narrows")).to_have_count(0)
    expect(page.get_by_text("Computed from the self-assessment after the course")).to_be_visible()
    assert SelfAssessment.objects.get(person=enrolment.person, moment="post").status == "submitted"
