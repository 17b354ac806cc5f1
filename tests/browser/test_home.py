"""The home page (issue 5): two ways in, the common situations, a plan in two clicks."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from a11y import AXE, WCAG_TAGS, describe

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Say what happened, in your own words"
START = "What happened? Start here"


def home_search(page):
    return page.get_by_role("searchbox", name=SEARCH_LABEL)


def test_the_two_ways_in_lead_the_page(page):
    page.goto("")
    box = home_search(page)
    start = page.get_by_role("link", name=START)
    expect(box).to_be_visible()
    expect(start).to_be_visible()
    common = page.get_by_role("heading", name="Common situations")
    top = common.bounding_box()["y"]
    assert box.bounding_box()["y"] < top and start.bounding_box()["y"] < top
    assert box.bounding_box()["y"] + box.bounding_box()["height"] < 900     # above the fold on a laptop
    expect(page.locator(".md-content")).to_contain_text("not a verdict on you")


@pytest.mark.parametrize("submit", ["Enter", "button"])
def test_the_home_search_box_opens_search_with_results(page, submit):
    page.goto("")
    box = home_search(page)
    box.press_sequentially("ghosted")
    if submit == "Enter":
        box.press("Enter")
    else:
        page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("input[data-md-toggle=search]")).to_be_checked()
    query = page.locator("input.md-search__input")
    expect(query).to_have_value("ghosted")
    expect(query).to_be_focused()
    results = page.locator(".md-search-result__item a")
    expect(page.locator(".md-search-result__item a[href*='/scenarios/ghosted/']").first).to_be_visible()
    assert results.count() > 0
    # the reader can go on typing in the search dialog
    page.keyboard.type(" after")
    expect(query).to_have_value("ghosted after")


def test_an_empty_home_search_does_not_open_search(page):
    page.goto("")
    home_search(page).press("Enter")
    expect(page.locator("input[data-md-toggle=search]")).not_to_be_checked()
    expect(home_search(page)).to_be_focused()


def test_without_javascript_the_home_search_box_is_hidden(nojs_page):
    nojs_page.goto("")
    expect(nojs_page.locator("form.nr-home-search")).to_be_hidden()
    expect(nojs_page.get_by_role("link", name=START)).to_be_visible()


def test_a_plan_is_one_or_two_clicks_from_home(page, site):
    page.goto("")
    links = page.locator(".nr-home-common a")
    assert links.count() >= 3
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:                                                   # one click
        page.goto("")
        page.locator(f".nr-home-common a[href='{href}']").click()
        expect(page.locator(".nr-plan")).to_have_count(1)
        expect(page.locator(".nr-plan input[type=checkbox]").first).to_be_visible()

    page.goto("")                                                        # two clicks: all situations, then one
    page.get_by_role("link", name="All situations").click()
    expect(page).to_have_url(site["url"] + "scenarios/")
    page.locator(".md-content a[href*='/scenarios/']").filter(has_text=re.compile("close second")).first.click()
    expect(page.locator(".nr-plan")).to_have_count(1)


def test_the_finder_starts_from_home(page, site):
    page.goto("")
    page.get_by_role("link", name=START).click()
    expect(page).to_have_url(site["url"] + "finder/")
    expect(page.locator(".nr-finder__heading")).to_be_visible()


@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_violation_on_home(page, scheme, md_scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto("")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
    expect(home_search(page)).to_be_visible()
    home_search(page).press_sequentially("no reply")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run({include: [['.md-content']]}, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], "axe checked nothing"
    assert result["violations"] == [], describe(result["violations"])
