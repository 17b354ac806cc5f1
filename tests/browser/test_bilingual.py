"""Bilingual editions (issue 14): examples/aberwen built in English (at the
site's address) and Welsh (under cy/), served on the address it was built for
(so Material's instant navigation really runs).

Every page of each language: a language link to the same page in the other
language, which exists; symmetric hreflang pairs; the right <html lang>. In
Chromium: axe on a representative set of pages (one of each kind, both
languages, light and dark: every page of both languages in both schemes
takes too long on the two cores this runs on); switching language keeps the
finder's answers and what the reader typed in a template; nothing leaves the
origin, and what the reader typed never reaches the server.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from a11y import axe_violations, describe
from conftest import free_port, serve
from sitebuild import ROOT, build

pytestmark = pytest.mark.browser

OFFICE = ROOT / "examples" / "aberwen"
LANGS = {"en": "", "cy": "cy/"}
OTHER = {"en": "cy", "cy": "en"}


@pytest.fixture(scope="module")
def bsite(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    dest = tmp_path_factory.mktemp("bilingual")
    result = build(dest, office=OFFICE, site_url=base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Note (search, cy)" in result.stderr          # lunr has no Welsh: said once per build
    server = serve(dest / "site", port)
    yield {"url": base, "dir": dest / "site", "log": result.stderr}
    server.shutdown()


# ----------------------------------------------------------------- reading pages
class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.hreflang: dict[str, str] = {}
        self.switch: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            assert a["hreflang"] not in self.hreflang, f"hreflang {a['hreflang']} twice"
            self.hreflang[a["hreflang"]] = a["href"]
        elif tag == "a" and "data-nr-language" in a:
            self.switch.append(a)


def parse(path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def page_paths(bsite, lang) -> list[str]:
    """Every page of a language, from its own sitemap: paths relative to the language's root."""
    root = bsite["url"] + LANGS[lang]
    tree = ET.parse(bsite["dir"] / LANGS[lang] / "sitemap.xml")
    locs = [e.text for e in tree.iter() if e.tag.endswith("loc")]
    assert locs and all(loc.startswith(root) for loc in locs), locs[:3]
    return [loc[len(root):] for loc in locs]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_page_links_to_the_same_page_in_the_other_language(bsite):
    en, cy = page_paths(bsite, "en"), page_paths(bsite, "cy")
    assert set(en) == set(cy), "the languages have different pages"
    assert len(en) > 80
    checked = 0
    for lang in LANGS:
        for rel in page_paths(bsite, lang):
            url = bsite["url"] + LANGS[lang] + rel
            head = parse(bsite["dir"] / LANGS[lang] / rel / "index.html")
            assert head.lang == lang, f"{url}: <html lang={head.lang!r}>"
            # one language link, to the other language, named in that language
            assert len(head.switch) == 1, f"{url}: {len(head.switch)} language links"
            link = head.switch[0]
            assert link["hreflang"] == link["lang"] == OTHER[lang]
            target = urljoin(url, link["href"])
            assert target == bsite["url"] + LANGS[OTHER[lang]] + rel, f"{url}: language link goes to {target}"
            assert status(target) == 200, target
            # hreflang: both languages, itself included, absolute, and symmetric
            assert head.hreflang == {code: bsite["url"] + LANGS[code] + rel for code in LANGS}, url
            checked += 1
    assert checked == len(en) * 2


def test_hreflang_pairs_are_symmetric(bsite):
    for rel in page_paths(bsite, "en"):
        en = parse(bsite["dir"] / rel / "index.html").hreflang
        cy = parse(bsite["dir"] / "cy" / rel / "index.html").hreflang
        assert en == cy, rel
        assert en["en"] == bsite["url"] + rel and en["cy"] == bsite["url"] + "cy/" + rel


def test_error_pages_link_the_other_home_and_claim_no_equivalent(bsite):
    for lang in LANGS:
        head = parse(bsite["dir"] / LANGS[lang] / "404.html")
        assert head.lang == lang
        assert head.hreflang == {}, "the error page has no equivalent page"
        assert [a["href"] for a in head.switch] == [bsite["url"] + LANGS[OTHER[lang]]]


def test_each_language_searches_with_its_settings(bsite):
    import json

    for lang in LANGS:
        index = json.loads((bsite["dir"] / LANGS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == ["en"]          # cy: lunr has no Welsh, English rules (said in the build)
        assert index["config"]["separator"]               # the project's tuned settings are kept
        assert index["config"]["pipeline"] == []


# ----------------------------------------------------------------- in the browser
@pytest.fixture
def bpage(browser, bsite):
    ctx = browser.new_context(base_url=bsite["url"], viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.requests = requests
    yield page
    outside = [u for u in requests if not u.startswith(bsite["url"]) and not u.startswith("data:")]
    ctx.close()
    assert outside == [], f"requests left the origin: {outside[:5]}"


def representative(bsite) -> list[str]:
    """One page of each kind: home, finder, decoder, each kind's index and one item, the about pages."""
    paths = page_paths(bsite, "en")
    out = ["", "finder/", "decoder/", "about/", "privacy/", "accessibility/", "sources/"]
    for kind in ("reasons", "feedback", "habits", "templates", "scenarios"):
        out.append(f"{kind}/")
        out.append(next(p for p in paths if p.startswith(f"{kind}/") and p != f"{kind}/"))
    assert all(p in paths for p in out), [p for p in out if p not in paths]
    return out


@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("lang", list(LANGS))
def test_axe_finds_no_violation(bpage, bsite, lang, scheme, md_scheme):
    bpage.emulate_media(color_scheme=scheme)
    failures = []
    for rel in representative(bsite):
        bpage.goto(LANGS[lang] + rel)
        expect(bpage.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
        expect(bpage.locator("html")).to_have_attribute("lang", lang)
        violations = axe_violations(bpage)
        if violations:
            failures.append(f"/{LANGS[lang]}{rel} ({scheme}):\n" + describe(violations))
    assert not failures, "\n".join(failures)


def switch(page, lang):
    link = page.locator(f"a[data-nr-language='{lang}']")
    expect(link).to_have_count(1)
    link.click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_switching_language_on_the_finder_keeps_the_answers(bpage, bsite):
    bpage.goto("finder/")
    expect(bpage.locator(".nr-finder__app")).to_have_count(1)
    bpage.locator(".nr-finder__answer").first.click()                 # on to question 2
    expect(bpage).to_have_url(re.compile(r"/finder/\?a=[^&.]+$"))
    query = urlsplit(bpage.url).query
    step = bpage.locator(".nr-finder__step").text_content()
    answers = bpage.locator(".nr-finder__answer").count()
    assert "2" in step
    switch(bpage, "cy")
    assert urlsplit(bpage.url).path == "/cy/finder/"
    assert urlsplit(bpage.url).query == query
    # the same question of the walk (its number and answers; the words are Welsh)
    expect(bpage.locator(".nr-finder__step")).to_contain_text("2")
    expect(bpage.locator(".nr-finder__answer")).to_have_count(answers)
    # a result too, and back again
    bpage.locator(".nr-finder__answer").first.click()
    expect(bpage.locator(".nr-finder__answer")).not_to_have_count(answers)
    query = urlsplit(bpage.url).query
    switch(bpage, "en")
    assert urlsplit(bpage.url).path == "/finder/" and urlsplit(bpage.url).query == query
    expect(bpage.locator(".nr-finder__app")).to_have_count(1)


def test_switching_language_on_a_template_keeps_what_was_typed_and_sends_none_of_it(bpage, bsite):
    bpage.goto("templates/follow-up-no-reply/?role=Analyst")
    expect(bpage.locator(".nr-template .nr-app")).to_have_count(1)
    typed = {"company": "Cwmni Secret Ltd", "contact_email": "priya@example.org", "role": "Data & analysis"}
    for name, value in typed.items():
        bpage.locator(f".nr-form [name='{name}']").fill(value)
    switch(bpage, "cy")
    assert urlsplit(bpage.url).path == "/cy/templates/follow-up-no-reply/"
    for name, value in typed.items():
        expect(bpage.locator(f".nr-form [name='{name}']")).to_have_value(value)
    expect(bpage).to_have_url(bsite["url"] + "cy/templates/follow-up-no-reply/")   # taken out of the address once read
    # what was typed reached no server (the fragment is never sent)
    sent = [u for u in bpage.requests if "Secret" in u or "priya" in u]
    assert sent == []
    switch(bpage, "en")
    expect(bpage.locator(".nr-form [name='company']")).to_have_value(typed["company"])


def test_instant_navigation_still_follows_links_after_visiting_pages_in_both_languages(bpage, bsite):
    """Material follows each <link rel=alternate> of a page to a sitemap.xml
    beside it and takes over clicks on links under that address (sending them
    to the language's home page, by a full load, when the sitemap is missing).
    With one hreflang pair per page, a link to the finder became a full load
    to '/finder' once the finder had been open in the same visit."""
    for lang in LANGS:
        bpage.goto(LANGS[lang] + "finder/")
        expect(bpage.locator(".nr-finder__app")).to_have_count(1)
        bpage.evaluate("() => { window.__nrMarker = 1 }")
        bpage.locator(".md-header__button.md-logo").click()               # home, by instant navigation
        expect(bpage).to_have_url(bsite["url"] + LANGS[lang])
        bpage.wait_for_timeout(300)                                        # Material's sitemap requests settle
        bpage.locator(".md-content a[href$='finder/']").first.click()
        expect(bpage).to_have_url(bsite["url"] + LANGS[lang] + "finder/")
        expect(bpage.locator(".nr-finder__app")).to_have_count(1)
        assert bpage.evaluate("() => window.__nrMarker") == 1, "a full page load: instant navigation was bypassed"
    assert not [u for u in bpage.requests if re.search(r"/(finder|scenarios/[^/]+)/sitemap\.xml$", u)], \
        "sitemaps asked for beside pages"


def test_switching_language_on_a_plan_keeps_the_ticks(bpage, bsite):
    bpage.goto("scenarios/ghosted/")
    boxes = bpage.locator(".nr-plan input[type=checkbox][data-nr-step]")
    expect(boxes.first).to_be_visible()
    ticked = [0, 2]
    for i in ticked:
        boxes.nth(i).check()
    ids = [boxes.nth(i).get_attribute("data-nr-step") for i in ticked]
    # Each tick also holds its step's wording, which differs between languages:
    # the switch itself must carry them (not the stored ticks, cleared here,
    # which would match while a plan is still shown in English).
    bpage.evaluate("() => localStorage.clear()")
    switch(bpage, "cy")
    expect(bpage).to_have_url(bsite["url"] + "cy/scenarios/ghosted/")      # carried, read, taken out of the address
    boxes = bpage.locator(".nr-plan input[type=checkbox][data-nr-step]")
    expect(bpage.locator(".nr-plan input[type=checkbox][data-nr-step]:checked")).to_have_count(len(ticked))
    assert [b.get_attribute("data-nr-step") for b in bpage.locator(".nr-plan input:checked").all()] == ids
    # kept on this device under the same key, in this language's words: a reload keeps them
    bpage.reload()
    expect(bpage.locator(".nr-plan input[type=checkbox][data-nr-step]:checked")).to_have_count(len(ticked))
    bpage.locator(".nr-plan input[data-nr-step]:checked").first.uncheck()
    switch(bpage, "en")
    expect(bpage.locator(".nr-plan input[type=checkbox][data-nr-step]:checked")).to_have_count(len(ticked) - 1)


def test_the_offline_copy_switches_language_from_disk_and_asks_no_website(browser, tmp_path):
    """file://: the language links are relative paths to files, what was typed
    carries over, and Material's sitemap requests (to the site's public
    address, from a copy on disk) are never sent."""
    from sitebuild import build_offline

    result, folder = build_offline(tmp_path, office=OFFICE)
    assert result.returncode == 0, result.stdout + result.stderr
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((folder / "templates" / "follow-up-no-reply.html").as_uri())
        expect(page.locator(".nr-template .nr-app")).to_have_count(1)
        page.locator(".nr-form [name='company']").fill("Acme Cymru")
        switch(page, "cy")
        expect(page).to_have_url((folder / "cy" / "templates" / "follow-up-no-reply.html").as_uri())
        expect(page.locator(".nr-form [name='company']")).to_have_value("Acme Cymru")
        switch(page, "en")
        expect(page).to_have_url((folder / "templates" / "follow-up-no-reply.html").as_uri())
        expect(page.locator(".nr-form [name='company']")).to_have_value("Acme Cymru")
    finally:
        ctx.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


def test_after_instant_navigation_the_language_link_is_still_this_page(bpage, bsite):
    """Instant navigation keeps the header, and with it the language link
    written for the first page seen: it must follow the page."""
    for lang in LANGS:
        bpage.goto(LANGS[lang])
        bpage.evaluate("() => { window.__nrMarker = 1 }")
        bpage.locator(".md-content a[href$='finder/']").first.click()
        expect(bpage).to_have_url(bsite["url"] + LANGS[lang] + "finder/")
        expect(bpage.locator(".nr-finder__app")).to_have_count(1)
        assert bpage.evaluate("() => window.__nrMarker") == 1, "not an instant navigation"
        link = bpage.locator("a[data-nr-language]")
        assert urljoin(bpage.url, link.get_attribute("href")) == bsite["url"] + LANGS[OTHER[lang]] + "finder/"
        bpage.locator(".nr-finder__answer").first.click()
        query = urlsplit(bpage.url).query
        switch(bpage, OTHER[lang])
        assert bpage.url == bsite["url"] + LANGS[OTHER[lang]] + "finder/?" + query

