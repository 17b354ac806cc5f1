""""What did they mean?" (/decoder/): paste a rejection email, see what it means (issue 13).

Every email in tests/decoder_emails.yml is pasted into the real page in
headless Chromium; the situations the page ranks, the reasons it names and the
reply link it offers are read from the page as a reader sees them. The top-1
and top-3 rates are printed even when the test passes.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect

from a11y import AXE, WCAG_TAGS, describe

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EMAILS = yaml.safe_load((ROOT / "tests" / "decoder_emails.yml").read_text(encoding="utf-8"))["emails"]
TOP1_TARGET, TOP3_TARGET = 0.85, 0.95
INPUT = "#nr-decoder-input"


@pytest.fixture(scope="module")
def kb():
    from generator.build import load_knowledge_base

    return load_knowledge_base(ROOT / "content")


def paste(page, text: str) -> None:
    """Put text in the box as a paste does (one input event), and wait until the page has read it."""
    page.locator(INPUT).fill(text)
    page.wait_for_function(
        "t => { const d = document.querySelector('.nr-decoder').nrDecoder; return d && d.lastText === t; }", arg=text
    )


def read(page) -> dict:
    """What the page shows for the text in the box."""
    return page.evaluate(
        """() => {
            const results = document.querySelector('.nr-decoder__results');
            const none = document.querySelector('.nr-decoder__none');
            const reply = results.querySelector('a[data-nr-reply]');
            return {
                situations: [...results.querySelectorAll('a[data-nr-situation]')].map(a => a.dataset.nrSituation),
                reasons: [...results.querySelectorAll('a[data-nr-result^="reasons/"]')].map(a => a.dataset.nrResult.slice(8)),
                marks: [...results.querySelectorAll('mark')].map(m => m.textContent),
                reply: reply ? reply.href : null,
                none: !none.hidden,
                shown: !results.hidden,
            };
        }"""
    )


def open_decoder(page):
    page.goto("decoder/")
    expect(page.locator(INPUT)).to_be_visible()


# --------------------------------------------------------------- the emails

def test_the_emails_are_varied_and_well_formed(kb):
    assert len(EMAILS) >= 25
    names = [e["name"] for e in EMAILS]
    assert len(set(names)) == len(names), "duplicate names"
    for e in EMAILS:
        assert set(e) <= {"name", "situation", "reasons", "details", "email"}, e["name"]
        assert e["email"].strip(), e["name"]
        assert e["situation"] is None or e["situation"] in kb.items["scenarios"], e["name"]
        assert all(r in kb.items["reasons"] for r in e["reasons"]), e["name"]
        assert set(e.get("details") or {}) <= {"role", "company", "name"}, e["name"]
    texts = [e["email"] for e in EMAILS]
    assert sum(e["situation"] is None for e in EMAILS) >= 3, "some emails that give nothing away"
    assert sum(bool(re.search(r"^>", t, re.M)) for t in texts) >= 1, "a quoted reply"
    assert sum("Forwarded" in t for t in texts) >= 1, "a forwarded email"
    assert sum(e["situation"] == "told-through-agency" for e in EMAILS) >= 2, "agency emails"
    assert sum("\u2019" in t for t in texts) >= 1, "typographic apostrophes"
    lengths = sorted(len(t) for t in texts)
    assert lengths[0] < 80 and lengths[-1] > 1500, "short and long emails"
    assert len({e["situation"] for e in EMAILS}) >= 9, "many different situations"


def test_the_page_reads_the_emails(page, kb, capsys):
    open_decoder(page)
    rows = []
    for e in EMAILS:
        paste(page, e["email"])
        got = read(page)
        rows.append((e, got))

    expected = [(e, g) for e, g in rows if e["situation"]]
    top1 = sum(g["situations"][:1] == [e["situation"]] for e, g in expected)
    top3 = sum(e["situation"] in g["situations"][:3] for e, g in expected)
    lines = [
        "",
        f"Decoder: {len(rows)} emails, {len(expected)} with a situation: top-1 {top1}/{len(expected)} "
        f"({100 * top1 / len(expected):.1f} %), top-3 {top3}/{len(expected)} ({100 * top3 / len(expected):.1f} %).",
    ]
    problems = []
    for e, g in rows:
        name = e["name"]
        if e["situation"] is None:
            if not g["none"] or g["shown"]:
                problems.append(f"{name}: expected 'nothing recognised', got {g['marks']} -> {g['situations']}")
            continue
        if g["situations"][:1] != [e["situation"]]:
            lines.append(f"  {'TOP3' if e['situation'] in g['situations'][:3] else 'MISS'}  {name}: expected {e['situation']}, got {g['situations']} (marked: {g['marks']})")
        missing = [r for r in e["reasons"] if r not in g["reasons"]]
        if missing:
            problems.append(f"{name}: reasons {missing} not shown (shown: {g['reasons']}; marked: {g['marks']})")
        if g["none"]:
            problems.append(f"{name}: says nothing was recognised")
        if e["situation"] in g["situations"][:1]:
            reply = urlparse(g["reply"] or "")
            template = kb.items["scenarios"][e["situation"]].templates[0]
            if not reply.path.endswith(f"/templates/{template}/"):
                problems.append(f"{name}: reply {g['reply']!r} is not {template}")
            query = {k: v[0] for k, v in parse_qs(reply.query).items()}
            for key, value in (e.get("details") or {}).items():
                field = {"name": ("greeting", "contact_name", "recruiter_name")}.get(key, (key,))
                if not any(query.get(f) == value for f in field):
                    problems.append(f"{name}: reply link lacks {key}={value!r} (query: {query})")
    with capsys.disabled():
        print("\n".join(lines + ["  PROBLEM " + p for p in problems]))
    assert top3 / len(expected) >= TOP3_TARGET, "\n".join(lines)
    assert top1 / len(expected) >= TOP1_TARGET, "\n".join(lines)
    assert not problems, "\n".join(problems)


def test_what_the_page_shows_for_one_email(page):
    open_decoder(page)
    email = EMAILS[0]["email"]
    paste(page, email)
    results = page.locator(".nr-decoder__results")
    expect(results).to_be_visible()
    # the phrases, marked in the pasted text, which is shown as text
    echo = page.locator(".nr-decoder__echo")
    assert echo.inner_text().split() == email.split()
    marks = echo.locator("mark").all_inner_texts()
    assert "internal candidate" in " ".join(marks)
    # each with what it usually means and a link to its reason
    phrase = results.locator(".nr-decoder__phrase", has=page.locator("a[data-nr-result='reasons/internal-hire']"))
    expect(phrase).to_contain_text("already works there")
    expect(phrase.locator("a")).to_have_attribute("href", re.compile(r"/reasons/internal-hire/$"))
    # situations, ranked, linking to their plans
    first = results.locator("ol.nr-decoder__situations > li a").first
    expect(first).to_have_attribute("href", re.compile(r"/scenarios/internal-candidate/$"))
    # the reply, prefilled; following it fills the template's form
    page.locator("a[data-nr-reply]").click()
    expect(page).to_have_url(re.compile(r"/templates/thank-you-after-rejection/\?"))
    expect(page.locator("input[name=company]")).to_have_value("Acme Analytics")
    expect(page.locator("input[name=greeting]")).to_have_value("Priya")
    expect(page.locator("input[name=role]")).to_have_value("Data Analyst")


def test_matching_tolerates_how_emails_are_written(page):
    open_decoder(page)
    same = [
        "The position has been filled internally.",
        "THE POSITION HAS BEEN FILLED INTERNALLY",
        "> the position has\n> been filled\n>   internally",
        "we have filled the position internally",         # word order
        "The role was, in the end, filled internally!",   # filler words and punctuation
        "they’re filling the role internally",           # typographic apostrophe, another ending
    ]
    for text in same:
        paste(page, text)
        got = read(page)
        assert got["reasons"] == ["internal-hire"], (text, got)
        assert got["situations"][:1] == ["internal-candidate"], (text, got)
    for text in [
        "We can’t give individual feedback.",
        "we cant give individual feedback",
        "We are unable to provide individual feedback.",
    ]:
        paste(page, text)
        assert read(page)["situations"][:1] == ["refused-feedback"], text
    # a wording split across two sentences is not one phrase
    paste(page, "The role was filled. Internally, we were all sad.")
    assert "internal-hire" not in read(page)["reasons"]
    # negation counts: "you met the criteria" is not "did not meet the criteria"
    paste(page, "You met the essential criteria, but another applicant had more relevant experience.")
    assert read(page)["reasons"] == ["more-relevant-candidate"]


def test_nothing_recognised_offers_the_finder(page):
    open_decoder(page)
    paste(page, "Thanks for your time. It's a no from us, sorry.")
    none = page.locator(".nr-decoder__none")
    expect(none).to_be_visible()
    expect(none).to_contain_text("did not recognise any of the usual phrases")
    expect(none.get_by_role("link", name="Answer a few quick questions")).to_have_attribute("href", re.compile(r"/finder/$"))
    expect(page.locator(".nr-decoder__results")).to_be_hidden()
    paste(page, "")
    expect(none).to_be_hidden()


def test_results_are_announced_politely_once_typing_pauses(page):
    open_decoder(page)
    live = page.locator(".nr-decoder__live")
    expect(live).to_have_attribute("aria-live", "polite")
    changes = page.evaluate_handle(
        """() => {
            const log = [];
            new MutationObserver(() => log.push(document.querySelector('.nr-decoder__live').textContent))
              .observe(document.querySelector('.nr-decoder__live'), {childList: true, characterData: true, subtree: true});
            return log;
        }"""
    )
    page.locator(INPUT).press_sequentially("The role has been filled internally.", delay=40)
    page.wait_for_timeout(1800)
    log = changes.json_value()
    assert log == ["1 phrase recognised. Most likely: The job went to an internal candidate."], log


def test_the_text_never_leaves_the_page(page, site):
    open_decoder(page)
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.evaluate("() => { window.__logged = []; for (const k of ['log', 'info', 'warn', 'error', 'debug']) { const f = console[k]; console[k] = (...a) => { window.__logged.push(a.join(' ')); f.apply(console, a); }; } }")
    storage = "() => [JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage)), document.cookie]"
    before = page.evaluate(storage)
    secret = "Dear Zanzibar, the position has been filled internally. Kind regards, Quentin"
    page.locator(INPUT).press_sequentially(secret, delay=5)
    paste(page, secret + "\n" + EMAILS[-1]["email"])
    page.wait_for_timeout(1500)
    assert requests == [], requests
    after = page.evaluate(storage)
    assert after == before, (before, after)
    assert "Zanzibar" not in " ".join(after) and before[0] == "[]" and before[2] == ""
    assert page.evaluate("() => window.__logged") == []


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """The offline edition (make offline: no instant navigation, .html links), built once."""
    from sitebuild import build_offline

    result, site = build_offline(tmp_path_factory.mktemp("offline"))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_it_works_offline_from_disk(browser, offline_site):
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((offline_site / "decoder" / "index.html").as_uri())
        paste(page, EMAILS[0]["email"])
        got = read(page)
        assert got["situations"][:1] == ["internal-candidate"]
        assert got["reply"].startswith((offline_site / "templates" / "thank-you-after-rejection.html").as_uri() + "?")
        page.locator("a[data-nr-result='reasons/internal-hire']").click()
        expect(page).to_have_url((offline_site / "reasons" / "internal-hire.html").as_uri())
        assert all(u.startswith(("file://", "data:")) for u in requests), requests
    finally:
        ctx.close()


def test_it_works_after_instant_navigation(browser, site):
    ctx = browser.new_context(base_url=site["url"])
    try:
        page = ctx.new_page()
        page.goto("")
        page.evaluate("() => { window.__samePage = true; }")
        page.locator(".md-content a[href$='decoder/']").first.click()
        expect(page).to_have_url(re.compile(r"/decoder/$"))
        paste(page, "We have decided not to fill the role.")
        assert page.evaluate("() => window.__samePage") is True, "not instant navigation"
        assert read(page)["situations"][:1] == ["role-withdrawn-or-on-hold"]
    finally:
        ctx.close()


# --------------------------------------------------------------- without JavaScript

def test_without_javascript_it_is_a_phrasebook(nojs_page, kb):
    page = nojs_page
    page.goto("decoder/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("What did they mean?")
    assert page.locator("textarea").count() == 0
    content = page.locator(".md-content").inner_text()
    count = 0
    for kind in ("reasons", "scenarios"):
        for item_id, item in kb.items[kind].items():
            for signal in item.signals:
                for wording in [signal.phrase, *signal.variants]:
                    assert f"\u201c{wording}\u201d" in content, wording
                count += 1
            if item.signals:
                section = page.locator(f"#{'reason' if kind == 'reasons' else 'situation'}-{item_id}")
                expect(section).to_contain_text(item.title)
                link = page.locator(f".nr-decoder a[data-nr-ref='{kind}/{item_id}']")
                expect(link).to_have_attribute("href", f"../{kind}/{item_id}/")
    assert count >= 60
    expect(page.get_by_role("link", name="Answer a few quick questions")).to_have_attribute("href", "../finder/")


def test_the_page_is_linked_from_home_finder_and_item_pages(nojs_page):
    page = nojs_page
    for path in ("", "finder/", "scenarios/internal-candidate/", "reasons/internal-hire/"):
        page.goto(path)
        assert page.locator(".md-content a[href$='decoder/']").count() >= 1, path
    page.goto("scenarios/close-second/")
    phrases = page.locator("#phrases-you-may-see-in-the-email + ul")
    expect(phrases).to_contain_text("\u201ckeep your details on file\u201d")


# --------------------------------------------------------------- accessibility

@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_violation_with_a_result_shown(page, scheme, md_scheme):
    page.emulate_media(color_scheme=scheme)
    open_decoder(page)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
    for text in (EMAILS[0]["email"], "Sorry, not this time."):
        paste(page, text)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        assert result["passes"], "axe checked nothing"
        assert result["violations"] == [], describe(result["violations"])
