"""A reader on a phone reaches help in one screen (issue 12).

In Chromium at 390x844 (a phone) and 1280x800 (a laptop): today's first step
is on the first screen of every situation page; the send actions are within
one screen of the last field on every template page; no page scrolls
sideways at 320 px; a search with no results shows the way on; no safety line
is a tick-box; staff pages stay out of the reader's menu; the 404 page has
links. Uses the session-wide built site from conftest.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from sitebuild import ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP}


@lru_cache(maxsize=None)
def kb():
    from generator.build import load_knowledge_base

    return load_knowledge_base(ROOT / "content")


def scenario_ids() -> list[str]:
    return sorted(kb().items["scenarios"])


def template_ids() -> list[str]:
    return sorted(kb().items["templates"])


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized(request, browser, site):
    """A page at a phone's or a laptop's size."""
    ctx = browser.new_context(base_url=site["url"], viewport=VIEWPORTS[request.param])
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    yield page
    ctx.close()


def rect(locator) -> dict:
    """Where an element is in the viewport right now (not the page)."""
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")


# ----------------------------------------------------------------- situations
def test_todays_first_step_is_on_the_first_screen_of_every_situation(sized):
    height = sized.viewport_size["height"]
    late = []
    for sid in scenario_ids():
        sized.goto(f"scenarios/{sid}/")
        title = sized.locator("h1")
        first = sized.locator(".nr-plan li").first
        expect(first).to_contain_text(re.sub(r"\*\*|__|\*|_", "", kb().items["scenarios"][sid].steps.today[0].text)[:40])
        assert sized.evaluate("() => window.scrollY") == 0
        assert rect(title)["top"] >= 0
        if rect(first)["bottom"] > height:
            late.append(f"{sid}: first step ends at {rect(first)['bottom']:.0f} px (screen {height} px)")
        # what it likely means comes before the plan, the everyday words do not
        assert rect(sized.locator(".nr-lead"))["top"] < rect(first)["top"], sid
        expect(sized.locator(".nr-aka-index")).to_be_hidden()
        assert rect(sized.locator(".nr-aka"))["top"] > rect(sized.locator("h2#emails-to-send"))["top"], sid
    assert not late, "\n".join(late)


def test_the_plan_comes_in_the_readers_order(page):
    page.goto("scenarios/ghosted/")
    headings = page.locator(".md-content h2").all_inner_texts()
    names = [re.sub(r"[\s¶]+$", "", h) for h in headings]
    order = ["Today", "This week", "Before your next interview", "Emails to send"]
    assert [n for n in names if n in order] == order
    assert names.index("Emails to send") < names.index("Talk to an adviser") < names.index("Other words for this")
    for plain in ("Why it may have happened", "Similar situations"):
        assert plain in names
    assert "Reasons it responds to" not in page.content()


def test_a_step_that_names_an_email_links_to_it_prefilled(page, site):
    found = 0
    for sid, s in kb().items["scenarios"].items():
        steps = list(s.steps.today) + list(s.steps.this_week) + list(s.steps.before_next_interview)
        named = [st for st in steps if st.email]
        if not named:
            continue
        page.goto(f"scenarios/{sid}/")
        links = page.locator(".nr-plan__email a")
        expect(links).to_have_count(len(named))
        for i, step in enumerate(named):
            href = links.nth(i).get_attribute("href")
            url = urlparse(href)
            assert url.path.endswith(f"templates/{step.email}/"), (sid, href)
            fields = {f.name for f in kb().items["templates"][step.email].fields}
            assert parse_qs(url.query) == {k: [v] for k, v in s.prefill.items() if k in fields}, (sid, href)
            found += 1
    assert found >= 10, "most situations should link a step to its email"
    # and a link opens the template with the form filled in
    prefilled = [
        (sid, i, key, value)
        for sid, s in kb().items["scenarios"].items()
        for i, st in enumerate([st for st in list(s.steps.today) + list(s.steps.this_week) + list(s.steps.before_next_interview) if st.email])
        for key, value in s.prefill.items()
        if key in {f.name for f in kb().items["templates"][st.email].fields}
    ]
    assert prefilled, "no step links to an email with a field its situation knows"
    sid, i, key, value = prefilled[0]
    page.goto(f"scenarios/{sid}/")
    page.locator(".nr-plan__email a").nth(i).click()
    expect(page.locator(f".nr-form [name='{key}']")).to_have_value(value)


SAFETY = re.compile(r"emergency|crisis|danger|harm yourself|self-harm|suicid|unsafe", re.I)


def test_no_safety_line_is_a_checkbox_and_none_is_folded(page):
    for sid, s in kb().items["scenarios"].items():
        page.goto(f"scenarios/{sid}/")
        labels = page.locator(".nr-plan label").all_inner_texts()
        ticked = [text for text in labels if SAFETY.search(text)]
        assert not ticked, f"{sid}: safety line as a tick-box: {ticked}"
        if s.wellbeing:
            box = page.locator(".nr-support")
            expect(box).to_be_visible()
            expect(box).to_contain_text("call your local emergency number now")
            assert box.evaluate("b => !b.closest('details')"), f"{sid}: support box inside a toggle"
            assert box.locator("input, details, button").count() == 0, sid
            # on a phone it is on the page before the plan, not at the end
            assert rect(box)["top"] < rect(page.locator(".nr-plan"))["top"], sid


# ----------------------------------------------------------------- templates
def test_send_actions_are_within_one_screen_of_the_last_field(sized):
    height = sized.viewport_size["height"]
    for tid in template_ids():
        sized.goto(f"templates/{tid}/")
        last = sized.locator(".nr-form .nr-field__input").last
        expect(last).to_be_visible()
        send = sized.get_by_role("link", name="Open in my email app")
        copy = sized.get_by_role("button", name="Copy email")
        # the worst case: the last field at the very top of the screen
        last.evaluate("e => e.scrollIntoView({block: 'start'})")
        sized.wait_for_timeout(50)
        field = rect(last)
        for action in (send, copy):
            box = rect(action)
            assert 0 <= box["top"] and box["bottom"] <= height, f"{tid}: {box} not on screen with the last field at {field}"
            assert box["top"] - field["bottom"] < height
        # and with the last field in the middle of the screen, the actions do not cover it
        last.evaluate("e => e.scrollIntoView({block: 'center'})")
        sized.wait_for_timeout(50)
        assert rect(send)["top"] >= rect(last)["bottom"], tid
        # one primary action in the send area
        expect(sized.locator(".nr-actions .nr-btn--primary")).to_have_count(1)


def test_when_to_send_it_comes_before_the_form(sized):
    for tid in template_ids():
        sized.goto(f"templates/{tid}/")
        assert rect(sized.locator(".nr-when"))["bottom"] <= rect(sized.locator(".nr-form"))["top"], tid
        # cross-links come after the send actions
        for heading in sized.locator(".md-content h2[id]").all():
            if heading.get_attribute("id") in ("situations-it-fits", "ways-to-ask-for-feedback", "other-emails"):
                assert rect(heading)["top"] > rect(sized.locator(".nr-actions h2"))["top"], tid


# ----------------------------------------------------------------- every page
def all_pages(site) -> list[str]:
    sitemap = (site["dir"] / "sitemap.xml").read_text(encoding="utf-8")
    return [urlparse(u).path.lstrip("/") for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def test_no_page_scrolls_sideways_at_320px(browser, site):
    ctx = browser.new_context(base_url=site["url"], viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    wide = []
    pages = all_pages(site)
    assert len(pages) > 80
    for path in pages + ["404.html"]:
        page.goto(path)
        over = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if over > 0:
            wide.append(f"/{path}: {over} px too wide")
    ctx.close()
    assert not wide, "\n".join(wide)


def test_permalinks_take_no_room_in_titles(page):
    page.goto("scenarios/ghosted/")
    for heading in page.locator(".md-content h1, .md-content h2").all()[:6]:
        link = heading.locator(".headerlink")
        if link.count():
            assert link.evaluate("a => getComputedStyle(a).position") == "absolute"


# ----------------------------------------------------------------- no dead ends
def open_search(page):
    page.goto("scenarios/ghosted/")
    toggle = page.locator("label[for=__search]").first
    if toggle.is_visible():
        toggle.click()
    box = page.locator("input.md-search__input")
    box.click()
    return box


def test_a_search_with_no_results_shows_the_way_on(sized):
    box = open_search(sized)
    help_ = sized.locator(".nr-search-help")
    expect(help_).to_be_hidden()
    box.press_sequentially("zzqx blorfing wibble", delay=20)
    expect(sized.locator(".md-search-result__meta")).to_have_text("No matching documents")
    expect(help_).to_be_visible()
    expect(help_).to_contain_text("Try fewer words")
    finder = help_.get_by_role("link", name="What happened? Answer a few questions")
    expect(finder).to_be_visible()
    common = help_.locator(".nr-wayon__list a")
    expect(common).to_have_count(6)
    expect(common.first).to_have_text(kb().items["scenarios"]["ghosted"].title)
    # a search that finds something hides it again
    box.fill("")
    box.press_sequentially("ghosted", delay=20)
    expect(sized.locator(".md-search-result__item").first).to_be_visible()
    expect(help_).to_be_hidden()
    # and the way on works
    box.fill("")
    box.press_sequentially("zzqx blorfing", delay=20)
    expect(help_).to_be_visible()
    common.first.click()
    expect(sized).to_have_url(re.compile(r"/scenarios/ghosted/$"))


def test_search_results_show_no_struck_through_missing_words(page):
    box = open_search(page)
    box.press_sequentially("ghosted after final zzqx", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    terms = page.locator(".md-search-result__terms")
    for i in range(terms.count()):
        expect(terms.nth(i)).to_be_hidden()


def test_the_404_page_has_search_and_links_that_work(page, site):
    page.goto("404.html")
    expect(page.locator("h1")).to_have_text("Page not found")
    links = page.locator(".md-content a[href]")
    assert links.count() >= 8
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, href
    expect(page.get_by_role("link", name="What happened? Answer a few questions")).to_be_visible()
    expect(page.locator("form.nr-404-search")).to_be_visible()
    page.locator("#nr-404-search-input").fill("ghosted")
    page.locator("#nr-404-search-input").press("Enter")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_the_default_adviser_box_signposts_real_help(page):
    page.goto("templates/follow-up-no-reply/")
    box = page.locator(".nr-adviser")
    expect(box.locator("h2")).to_contain_text("Talk to an adviser")
    expect(box).to_contain_text("careers service")
    expect(box).to_contain_text("graduates")
    assert box.locator("a[href^='https://']").count() >= 3
    assert box.locator(".admonition, svg").count() == 0                  # no pencil icon


# ----------------------------------------------------------------- readers and staff
STAFF = ("authoring/", "tags/", "staff/")


def test_staff_pages_are_not_in_the_readers_menu_but_linked_from_the_footer(page):
    for path in ("", "scenarios/ghosted/", "about/"):
        page.goto(path)
        hrefs = page.locator(".md-nav--primary a[href]").evaluate_all("as => as.map(a => a.href)")
        assert hrefs, "no navigation found"
        staff = [h for h in hrefs if any(f"/{s}" in h for s in STAFF)]
        assert not staff, f"/{path}: staff pages in the reader's menu: {staff}"
    footer = page.locator(".md-footer").get_by_role("link", name="For careers office staff")
    expect(footer).to_have_count(1)
    footer.click()
    for name in ("Changing the content", "Your office's edition", "Content reference", "Tags"):
        expect(page.locator(".md-content").get_by_role("link", name=name)).to_have_count(1)


# ----------------------------------------------------------------- design
def test_headings_are_bold_and_placeholders_do_not_look_filled_in(page):
    page.goto("templates/follow-up-no-reply/")
    for sel in ("h1", "h2"):
        weight = page.locator(f".md-content {sel}").first.evaluate("e => getComputedStyle(e).fontWeight")
        assert int(weight) >= 700, sel
    assert page.locator(".nr-form [placeholder]").count() == 0
    page.goto("")
    assert page.locator("#nr-home-search-input").get_attribute("placeholder") is None
    expect(page.locator("#nr-home-search-hint")).to_be_visible()


def test_a_copy_button_does_not_stay_filled_after_a_click(page, context, site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["url"].rstrip("/"))
    page.goto("templates/follow-up-no-reply/")
    copy = page.get_by_role("button", name="Copy subject", exact=True)
    before = copy.evaluate("b => getComputedStyle(b).backgroundColor")
    copy.click()
    page.mouse.move(0, 0)
    assert copy.evaluate("b => getComputedStyle(b).backgroundColor") == before
    primary = page.get_by_role("link", name="Open in my email app")
    assert primary.evaluate("b => getComputedStyle(b).backgroundColor") != before


def test_tags_are_in_sentence_case(page):
    for path in ("habits/ask-for-help/", "feedback/ask-by-email/", "scenarios/ghosted/"):
        page.goto(path)
        for tag in page.locator(".md-content .md-tag").all_inner_texts():
            assert tag[:1].isupper(), f"/{path}: tag {tag!r}"


def test_phrasings_are_you_could_say_cards(page):
    page.goto("feedback/ask-by-email/")
    expect(page.locator("h2#you-could-say")).to_be_visible()
    cards = page.locator(".nr-say__card")
    assert cards.count() >= 2
    assert page.locator(".md-content blockquote").count() == 0
    colour = cards.first.evaluate("e => getComputedStyle(e).color")
    assert colour == page.locator(".md-content p").first.evaluate("e => getComputedStyle(e).color")


# ----------------------------------------------------------------- weight
def test_the_search_index_and_worker_load_only_when_the_reader_searches(page):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("scenarios/ghosted/")
    page.wait_for_load_state("networkidle")
    lazy = [u for u in requested if "search_index" in u or "/workers/search" in u]
    assert lazy == [], f"loaded before any search: {lazy}"
    ours = [u for u in requested if ("/stylesheets/" in u or "/javascripts/" in u) and "/assets/" not in u]
    assert len([u for u in ours if u.endswith(".css")]) == 1 and len([u for u in ours if u.endswith(".js")]) == 1, ours
    box = open_search(page)
    box.press_sequentially("ghosted", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert any("search_index.json" in u for u in requested)
    assert any("/workers/search" in u for u in requested)
