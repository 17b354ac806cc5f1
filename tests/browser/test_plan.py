"""Scenario pages as plans (issue 5): ticks kept on the device, reset, print.

Uses the session-wide built site from conftest.py. Each test gets a new
browser context, so localStorage starts empty.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from playwright.sync_api import expect

from a11y import AXE, WCAG_TAGS, describe
from sitebuild import ROOT

pytestmark = pytest.mark.browser

SCENARIO = "ghosted"
KEY = f"nextround:plan:{SCENARIO}"
MAX_PAGES = 2


@lru_cache(maxsize=None)
def scenarios() -> dict:
    from generator.build import load_knowledge_base

    return load_knowledge_base(ROOT / "content").items["scenarios"]


def steps(scenario: str) -> list[str]:
    s = scenarios()[scenario].steps
    return [step.text for step in list(s.today) + list(s.this_week) + list(s.before_next_interview)]


def plain(markdown: str) -> str:
    """A step's text as the label shows it (emphasis markers dropped)."""
    return re.sub(r"\*\*|__|\*|_", "", markdown)


def open_plan(page, scenario: str = SCENARIO):
    page.goto(f"scenarios/{scenario}/")
    expect(page.locator(f".nr-plan[data-nr-plan='{scenario}'] .nr-plan__tools")).to_have_count(1)


def stored(page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('nextround:')).map(k => [k, localStorage.getItem(k)]))"
    )


def box(page, text: str):
    return page.get_by_role("checkbox", name=plain(text), exact=True)


# ----------------------------------------------------------------- markup
def test_every_step_is_a_checkbox_named_by_its_text(page):
    open_plan(page)
    expected = steps(SCENARIO)
    expect(page.locator(".nr-plan input[type=checkbox]")).to_have_count(len(expected))
    for text in expected:
        expect(box(page, text)).to_have_count(1)
        expect(box(page, text)).not_to_be_checked()
    expect(page.locator(".nr-plan__progress")).to_have_text(f"0 of {len(expected)} steps done.")


# ----------------------------------------------------------------- remembered on this device
def test_nothing_is_stored_before_the_reader_ticks(page):
    open_plan(page)
    page.reload()
    expect(page.locator(".nr-plan__tools")).to_have_count(1)
    assert stored(page) == {}


def test_a_tick_survives_a_reload(page):
    open_plan(page)
    first, second = steps(SCENARIO)[0], steps(SCENARIO)[4]
    box(page, first).check()
    page.locator(".nr-plan label", has_text=plain(second)).click()       # the whole label is the target
    expect(box(page, second)).to_be_checked()
    assert list(stored(page)) == [KEY]

    page.reload()
    expect(page.locator(".nr-plan__tools")).to_have_count(1)
    expect(box(page, first)).to_be_checked()
    expect(box(page, second)).to_be_checked()
    expect(page.locator(".nr-plan input:checked")).to_have_count(2)
    expect(page.locator(".nr-plan__progress")).to_have_text(f"2 of {len(steps(SCENARIO))} steps done.")

    # plans are kept apart: another scenario starts empty
    open_plan(page, "close-second")
    expect(page.locator(".nr-plan input:checked")).to_have_count(0)

    # unticking the last step removes the key again
    open_plan(page)
    box(page, first).uncheck()
    box(page, second).uncheck()
    assert stored(page) == {}


def test_reset_my_plan_unticks_everything_and_removes_the_key(page):
    open_plan(page)
    for text in steps(SCENARIO)[:3]:
        box(page, text).check()
    assert KEY in stored(page)
    page.get_by_role("button", name="Reset my plan").click()
    expect(page.locator(".nr-plan input:checked")).to_have_count(0)
    expect(page.locator(".nr-plan__live")).to_contain_text("reset")
    assert stored(page) == {}
    page.reload()
    expect(page.locator(".nr-plan__tools")).to_have_count(1)
    expect(page.locator(".nr-plan input:checked")).to_have_count(0)


def test_ticks_survive_instant_navigation_and_the_script_runs_once(page):
    open_plan(page)
    box(page, steps(SCENARIO)[1]).check()
    page.get_by_role("link", name="Rejected many times in a row").first.click()
    expect(page).to_have_url(re.compile(r"/scenarios/rejected-many-times/(#.*)?$"))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/scenarios/{SCENARIO}/(#.*)?$"))
    expect(box(page, steps(SCENARIO)[1])).to_be_checked()
    expect(page.locator(".nr-plan__tools")).to_have_count(1)
    expect(page.get_by_role("button", name="Reset my plan")).to_have_count(1)


def test_without_javascript_the_boxes_can_still_be_ticked(nojs_page):
    nojs_page.goto(f"scenarios/{SCENARIO}/")
    first = box(nojs_page, steps(SCENARIO)[0])
    first.check()
    expect(first).to_be_checked()
    expect(nojs_page.get_by_role("button", name="Reset my plan")).to_have_count(0)


# ----------------------------------------------------------------- print
def test_print_shows_the_plan_without_the_site_around_it(page):
    open_plan(page)
    box(page, steps(SCENARIO)[0]).check()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                     ".md-footer", ".md-top", ".nr-plan__tools", ".md-typeset .md-button", ".headerlink"):
        for i in range(page.locator(selector).count()):
            expect(page.locator(selector).nth(i)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".nr-plan h2").first).to_be_visible()
    boxes = page.locator(".nr-plan input[type=checkbox]")
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_visible()
        size = boxes.nth(i).bounding_box()
        assert size["width"] >= 8 and size["height"] >= 8                 # a box to tick on paper
    border = boxes.first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"
    link = page.locator(".md-content a[href*='/templates/']").first
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert link.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.mark.parametrize("scenario", sorted(scenarios()))
def test_every_scenario_prints_on_at_most_two_pages(page, scenario):
    open_plan(page, scenario)
    page.emulate_media(media="print")
    for fmt in ("A4", "Letter"):
        pages = pdf_pages(page.pdf(format=fmt))
        assert 1 <= pages <= MAX_PAGES, f"{scenario} prints on {pages} {fmt} pages"


# ----------------------------------------------------------------- accessibility
@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_violation_in_the_plan(page, scheme, md_scheme):
    page.emulate_media(color_scheme=scheme)
    open_plan(page, "angry-want-to-reply")                               # steps with emphasis
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
    page.locator(".nr-plan input[type=checkbox]").first.check()          # ticked and unticked side by side
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run({include: [['.nr-plan']]}, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], "axe checked nothing"
    assert result["violations"] == [], describe(result["violations"])
