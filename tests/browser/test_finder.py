"""The guided finder at /finder/ (issue 5), in Chromium.

Uses the session-wide built site from conftest.py (served on the address it
was built for, so Material's instant navigation really runs). Expectations
come from content/finder.yml through the generator's own loader, so the page
script is checked against the data, not against itself.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
from playwright.sync_api import expect

from a11y import AXE, WCAG_TAGS, describe
from sitebuild import ROOT

pytestmark = pytest.mark.browser

MAX_QUESTIONS = 4
FINAL_READY = ["final-round", "email", "no-reason", "ready"]


# ----------------------------------------------------------------- the data
@lru_cache(maxsize=None)
def kb():
    from generator.build import load_knowledge_base

    return load_knowledge_base(ROOT / "content")


def finder():
    return kb().finder


def questions() -> dict:
    return {q.id: q for q in finder().questions}


def outcomes() -> list[tuple[list[str], list[str], str]]:
    """Every way through the finder: (answer ids, question ids asked, scenario)."""
    qs = questions()
    out = []

    def walk(qid, answers, asked):
        assert qid not in asked, f"cycle through {qid}"
        q = qs[qid]
        for a in q.answers:
            if a.scenario:
                out.append((answers + [a.id], asked + [qid], a.scenario))
            else:
                walk(a.next, answers + [a.id], asked + [qid])

    walk(finder().start, [], [])
    return out


def label(path: list[str]) -> list[str]:
    """The answer labels along a path of answer ids."""
    qs = questions()
    q = qs[finder().start]
    labels = []
    for aid in path:
        a = next(a for a in q.answers if a.id == aid)
        labels.append(a.label)
        q = qs.get(a.next) if a.next else None
    return labels


def title(scenario: str) -> str:
    return kb().items["scenarios"][scenario].title


# ----------------------------------------------------------------- helpers
def heading(page):
    return page.locator(".nr-finder__app .nr-finder__heading")


def answer(page, text: str):
    return page.locator(".nr-finder__answer", has_text=text)


def open_finder(page, query: str = ""):
    page.goto(f"finder/{query}")
    expect(page.locator(".nr-finder__app")).to_have_count(1)


def query_a(page) -> str | None:
    m = re.search(r"[?&]a=([^&#]*)", page.url)
    return m.group(1) if m else None


def walk(page, path: list[str]):
    for text in label(path):
        answer(page, text).click()


# ----------------------------------------------------------------- the data itself
def test_at_most_four_questions_to_any_outcome_and_every_scenario_reachable():
    ways = outcomes()
    assert ways, "the finder leads nowhere"
    longest = max(len(asked) for _, asked, _ in ways)
    assert longest <= MAX_QUESTIONS, [w for w in ways if len(w[1]) > MAX_QUESTIONS]
    reached = {s for _, _, s in ways}
    assert reached == set(kb().items["scenarios"]), set(kb().items["scenarios"]) - reached


# ----------------------------------------------------------------- one question at a time
def test_one_question_at_a_time_then_a_result_with_the_plan_link(page, site):
    open_finder(page)
    start = questions()[finder().start]
    expect(heading(page)).to_have_text(start.text)
    expect(page.locator(".nr-finder__answer")).to_have_count(len(start.answers))
    expect(page.locator(".nr-finder__nojs")).to_be_hidden()             # the no-JS sections make way
    expect(page.get_by_role("button", name="Back", exact=True)).to_have_count(0)

    asked = []
    for i, text in enumerate(label(FINAL_READY)):
        asked.append(heading(page).inner_text())
        expect(page.locator(".nr-finder__step")).to_have_text(f"Question {i + 1}")
        answer(page, text).click()
        expect(page).to_have_url(re.compile(r"\?a=" + re.escape(".".join(FINAL_READY[: i + 1])) + "$"))
        # focus moves to the new heading and the step is announced
        expect(page.locator(".nr-finder__heading")).to_be_focused()
        expect(page.locator(".nr-finder__live")).not_to_have_text("")
    assert len(asked) <= MAX_QUESTIONS

    scenario = "rejected-after-final-round"
    s = kb().items["scenarios"][scenario]
    expect(heading(page)).to_have_text(s.title)
    expect(page.locator(".nr-finder__summary")).to_have_text(s.summary)
    expect(page.locator(".nr-finder__live")).to_contain_text(s.title)
    plan = page.get_by_role("link", name="See your plan")
    expected_href = page.locator(f".nr-finder__nojs a[data-scenario='{scenario}']").first.get_attribute("href")
    assert plan.get_attribute("href") == expected_href                # the no-JS link's href, not a built URL
    plan.click()
    expect(page).to_have_url(site["url"] + f"scenarios/{scenario}/")
    expect(page.locator(f".nr-plan[data-nr-plan='{scenario}']")).to_have_count(1)


def test_back_restores_the_previous_answer(page):
    open_finder(page)
    walk(page, ["first-interview", "email"])
    since = questions()["since-first"]
    expect(heading(page)).to_have_text(since.text)
    expect(page.locator(".nr-finder__hint")).to_have_text(since.hint)

    page.get_by_role("button", name="Back", exact=True).click()
    expect(heading(page)).to_have_text(questions()["told-first"].text)
    expect(heading(page)).to_be_focused()
    assert query_a(page) == "first-interview"
    chosen = page.locator(".nr-finder__answer.is-previous")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("By email or letter")
    expect(chosen).to_contain_text("Your answer")                      # said in words, not colour only

    page.get_by_role("button", name="Back", exact=True).click()
    expect(heading(page)).to_have_text(questions()["stage"].text)
    expect(page.locator(".nr-finder__answer.is-previous")).to_contain_text("I had a first interview")
    assert query_a(page) is None
    expect(page.get_by_role("button", name="Back", exact=True)).to_have_count(0)

    # choosing differently after going back follows the new answer
    answer(page, "I applied, or had a short phone screen").click()
    expect(heading(page)).to_have_text(questions()["early"].text)
    assert query_a(page) == "applied"


def test_start_again_from_a_result(page):
    open_finder(page, "?a=" + ".".join(FINAL_READY))
    expect(heading(page)).to_have_text(title("rejected-after-final-round"))
    page.get_by_role("button", name="Start again").click()
    expect(heading(page)).to_have_text(questions()["stage"].text)
    expect(heading(page)).to_be_focused()
    assert query_a(page) is None
    expect(page.locator(".nr-finder__answer.is-previous")).to_have_count(0)
    expect(page.get_by_role("button", name="Start again")).to_have_count(0)


def test_a_shared_url_opens_the_same_result_or_question(page):
    open_finder(page, "?a=first-interview.email.harsh")
    expect(heading(page)).to_have_text(title("harsh-or-vague-feedback"))
    expect(page.locator(".nr-finder__answered li")).to_have_text(label(["first-interview", "email", "harsh"]))

    open_finder(page, "?a=final-round.email")
    expect(heading(page)).to_have_text(questions()["since-final"].text)
    expect(page.locator(".nr-finder__step")).to_have_text("Question 3")


def test_every_way_through_leads_to_its_scenario(page):
    """All outcomes, by URL: the script walks the same data the build validated.
    (One page load; each URL is entered as the browser's history would: pushState + popstate.)"""
    open_finder(page)
    for path, asked, scenario in outcomes():
        page.evaluate(
            "(q) => { history.pushState(null, '', location.pathname + q); window.dispatchEvent(new PopStateEvent('popstate')) }",
            "?a=" + ".".join(path),
        )
        expect(heading(page)).to_have_text(title(scenario))
        href = page.get_by_role("link", name="See your plan").get_attribute("href")
        assert href.endswith(f"/scenarios/{scenario}/"), (path, href)


@pytest.mark.parametrize("bad", ["nonsense", "final-round.bogus", "many-times.extra", "final-round..email", "%3Cscript%3E"])
def test_an_invalid_answer_list_falls_back_to_the_start(page, bad):
    open_finder(page, f"?a={bad}")
    expect(heading(page)).to_have_text(questions()[finder().start].text)
    expect(page.locator(".nr-finder__note")).to_be_visible()
    assert query_a(page) is None                                       # the bad value is dropped from the URL
    answer(page, "It has happened many times now").click()
    expect(heading(page)).to_have_text(title("rejected-many-times"))


def test_the_browser_back_and_forward_buttons(page):
    open_finder(page)
    walk(page, ["final-round", "email", "no-reason"])
    expect(heading(page)).to_have_text(questions()["feeling-final"].text)

    page.go_back()
    expect(heading(page)).to_have_text(questions()["since-final"].text)
    expect(page.locator(".nr-finder__answer.is-previous")).to_contain_text("No reason, just a no")
    assert query_a(page) == "final-round.email"
    page.go_back()
    page.go_back()
    expect(heading(page)).to_have_text(questions()["stage"].text)
    assert query_a(page) is None
    page.go_forward()
    expect(heading(page)).to_have_text(questions()["told-final"].text)
    assert query_a(page) == "final-round"


def test_back_from_the_plan_returns_to_the_result(page, site):
    """Instant navigation away and back (popstate with a new path) re-creates the finder once."""
    page.goto("")
    page.get_by_role("link", name="What happened? Start here").click()
    expect(page).to_have_url(site["url"] + "finder/")
    expect(page.locator(".nr-finder__app")).to_have_count(1)
    walk(page, ["many-times"])
    page.get_by_role("link", name="See your plan").click()
    expect(page).to_have_url(site["url"] + "scenarios/rejected-many-times/")
    page.go_back()
    expect(page).to_have_url(site["url"] + "finder/?a=many-times")
    expect(heading(page)).to_have_text(title("rejected-many-times"))
    expect(page.locator(".nr-finder__app")).to_have_count(1)             # no double initialisation
    page.go_back()
    expect(heading(page)).to_have_text(questions()["stage"].text)


# ----------------------------------------------------------------- without JavaScript
def test_without_javascript_each_question_is_a_flat_section_of_links(nojs_page, site):
    nojs_page.goto("finder/")
    expect(nojs_page.locator(".nr-finder__app")).to_have_count(0)
    tree = nojs_page.locator(".nr-finder .nr-finder__nojs")
    expect(tree).to_be_visible()
    for q in finder().questions:
        expect(tree.locator(f"h2#q-{q.id}")).to_contain_text(q.text)
    # nothing nested: one level of lists, full width (issue 12: six levels squeezed text to ~100 px)
    assert tree.locator("ul ul").count() == 0
    width = tree.evaluate("t => t.getBoundingClientRect().width")
    for i in range(tree.locator("li").count()):
        assert tree.locator("li").nth(i).evaluate("li => li.getBoundingClientRect().width") > width * 0.8
    links = tree.locator("a[data-scenario]")
    found = {}
    for i in range(links.count()):
        link = links.nth(i)
        expect(link).to_be_visible()
        found.setdefault(link.get_attribute("data-scenario"), set()).add(link.get_attribute("href"))
    assert set(found) == set(kb().items["scenarios"])
    for scenario, hrefs in found.items():
        assert hrefs == {f"../scenarios/{scenario}/"}, (scenario, hrefs)
    # every answer that leads to a question points at that question's section
    for q in finder().questions:
        for a in q.answers:
            if a.next:
                assert tree.locator(f"xpath=.//h2[@id='q-{q.id}']/following-sibling::ul[1]//a[@href='#q-{a.next}']").count() >= 1, (q.id, a.id)
    # no mention of a search box, which needs JavaScript
    assert "search box" not in nojs_page.locator(".md-content").inner_text()
    # and the links work
    tree.locator(f"a[href='#q-{finder().questions[1].id}']").first.click()
    tree.locator("a[data-scenario='ghosted']").first.click()
    expect(nojs_page).to_have_url(site["url"] + "scenarios/ghosted/")


# ----------------------------------------------------------------- accessibility
def axe(page, include: str) -> dict:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "([sel, tags]) => axe.run({include: [[sel]]}, {runOnly: {type: 'tag', values: tags}})", [include, WCAG_TAGS]
    )


@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_violation_on_the_finder(page, scheme, md_scheme):
    page.emulate_media(color_scheme=scheme)
    open_finder(page)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
    for state in ("start", "back", "result"):
        if state == "back":
            walk(page, ["final-round", "email"])
            page.get_by_role("button", name="Back", exact=True).click()   # a highlighted earlier answer
            expect(page.locator(".nr-finder__answer.is-previous")).to_have_count(1)
        elif state == "result":
            open_finder(page, "?a=" + ".".join(FINAL_READY))
        result = axe(page, ".md-content")
        assert result["passes"], "axe checked nothing"
        assert result["violations"] == [], f"{state}: " + describe(result["violations"])

    # the no-JS version too (axe skips hidden content, so show it)
    page.evaluate("() => document.querySelectorAll('.nr-finder__nojs').forEach(u => { u.hidden = false })")
    result = axe(page, ".nr-finder")
    assert result["violations"] == [], "no-JS lists: " + describe(result["violations"])
