"""The interactive email-template pages (/templates/<id>/, issue 4), in Chromium.

Uses the session-wide built site from conftest.py (built once, served on the
address it was built for, so instant navigation really runs). The expected
emails are computed here from the validated content, independently of the
page script, so the script's composition is checked against the YAML.
"""
from __future__ import annotations

import email
import email.policy
import re
from functools import lru_cache
from urllib.parse import unquote, urlencode

import pytest
from playwright.sync_api import expect

from a11y import AXE, WCAG_TAGS, describe
from sitebuild import ROOT

pytestmark = pytest.mark.browser

MAIN = "keep-me-in-mind"        # options (one on, one off), two tones, recipient, three remembered fields
OTHER = "follow-up-no-reply"    # shares your_name (remembered) and company with MAIN
PAYLOADS = [
    "<img src=x onerror=window.__pwned=1>",
    '"><script>window.__pwned=1</script>',
    "javascript:alert(1)",
    "' onmouseover='window.__pwned=1' x='",
    "</textarea><svg onload=window.__pwned=1>",
    "{your_name} &amp; &lt;b&gt;",
]


# ----------------------------------------------------------------- helpers
@lru_cache(maxsize=None)
def template(tid: str):
    from generator.build import load_knowledge_base

    return load_knowledge_base(ROOT / "content").items["templates"][tid]


def expected(tid: str, values: dict, options: dict | None = None, tone: str | None = None) -> tuple[str, str]:
    """(subject, body) as the page should compose them, straight from the content."""
    from generator.models import PLACEHOLDER

    t = template(tid)
    labels = {f.name: f.label for f in t.fields}
    on = {o.id: o.default for o in t.options} | (options or {})
    tone = tone or (t.tones[0].id if t.tones else None)

    def fill(s: str, one_line: bool = False) -> str:
        def sub(m):
            name = m.group(1)
            if name not in labels:
                return m.group(0)
            v = values.get(name, "").strip()
            if one_line:
                v = re.sub(r"\s*[\r\n]+\s*", " ", v)
            return v or f"[{labels[name]}]"
        return PLACEHOLDER.sub(sub, s)

    parts = [p for p in t.body if (not p.option or on[p.option]) and (not p.tone or p.tone == tone)]
    return fill(t.subject, True), "\n\n".join(fill(p.text) for p in parts)


def field(page, name: str):
    return page.locator(f".nr-form [name='{name}']")


def open_template(page, tid: str = MAIN, query: str = ""):
    page.goto(f"templates/{tid}/{query}")
    expect(page.locator(".nr-template .nr-app")).to_have_count(1)


def fill_all(page, values: dict):
    for name, value in values.items():
        field(page, name).fill(value)


def preview_subject(page) -> str:
    return page.locator(".nr-preview__subject").inner_text()


def preview_body(page) -> str:
    return "\n\n".join(page.locator(".nr-preview__body p").all_inner_texts())


def our_keys(page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('nextround:')).map(k => [k, localStorage.getItem(k)]))"
    )


def at(path: str, query: str = "") -> re.Pattern:
    """A URL pattern for wait_for_url; Material's navigation.tracking may add a #hash."""
    return re.compile(f"/{re.escape(path)}{query}(#.*)?$")


def grant_clipboard(context, site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site["url"].rstrip("/"))


def clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


FILLED = {
    "your_name": "Zoë Ünal",
    "greeting": "Priya",
    "contact_email": "priya.shah@example.com",
    "company": "Harbour & Sons",
    "role": "Data Analyst",
    "detail": "the route-planning demo",
}


# ----------------------------------------------------------------- fill in and preview
def test_form_is_built_from_the_template_and_preview_follows_every_keystroke(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_template(page)
    t = template(MAIN)
    expect(page.locator(".nr-template__plain")).to_be_hidden()

    for f in t.fields:
        box = field(page, f.name)
        # the example is a hint, never a placeholder that reads like a filled-in value
        expect(box).not_to_have_attribute("placeholder", re.compile(".*"))
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        expect(label).to_contain_text(f.label)
        expect(label).to_contain_text("(required)" if f.required else "(optional)")
        if f.required:
            expect(box).to_have_attribute("aria-required", "true")
        hint_id = box.get_attribute("aria-describedby")
        expect(page.locator(f"#{hint_id}")).to_have_text(" ".join(filter(None, [f.hint, f"For example: {f.example}"])))
    # every form control has an accessible name
    unnamed = page.evaluate(
        "() => [...document.querySelectorAll('.nr-app input, .nr-app textarea, .nr-app button, .nr-app a')]"
        ".filter(e => !e.hidden && !(e.labels && e.labels.length) && !e.textContent.trim()).map(e => e.outerHTML)"
    )
    assert unnamed == []

    # before any typing: every blank marked, in brackets (not only by colour)
    subject, body = expected(MAIN, {})
    assert preview_subject(page) == subject
    assert preview_body(page) == body
    blanks = page.locator(".nr-preview mark.nr-blank")
    expect(blanks.first).to_have_text(re.compile(r"^\[.+\]$"))
    expect(page.locator(".nr-preview__subject mark.nr-blank")).to_have_text("[Company]")

    # every keystroke updates the preview
    company = field(page, "company")
    company.click()
    company.press_sequentially("Ac")
    expect(page.locator(".nr-preview__subject")).to_have_text("Future roles at Ac")
    company.press_sequentially("me")
    expect(page.locator(".nr-preview__subject")).to_have_text("Future roles at Acme")
    expect(page.locator(".nr-preview__subject mark")).to_have_count(0)

    fill_all(page, FILLED)
    subject, body = expected(MAIN, FILLED)
    assert preview_subject(page) == subject
    assert preview_body(page) == body
    expect(page.locator(".nr-preview mark.nr-blank")).to_have_count(0)
    words = len(body.split())
    expect(page.locator(".nr-preview__counts")).to_contain_text(f"{words} words in the body")
    expect(page.locator(".nr-preview__counts")).to_contain_text("Every blank is filled in")

    field(page, "greeting").fill("")
    expect(page.locator(".nr-preview__counts")).to_contain_text("1 blank still to fill")
    expect(page.locator(".nr-preview__body mark.nr-blank")).to_have_text(["[The name you greet them by]"])
    assert errors == []


def test_option_switches_add_and_remove_parts(page):
    open_template(page)
    enjoyed = page.get_by_label("Mention something you enjoyed")
    contact = page.get_by_label("Add your contact details")
    expect(enjoyed).to_be_checked()
    expect(contact).not_to_be_checked()
    assert "I especially enjoyed" in preview_body(page)
    assert "You can reach me on" not in preview_body(page)

    enjoyed.uncheck()
    assert "I especially enjoyed" not in preview_body(page)
    contact.check()
    body = preview_body(page)
    assert "You can reach me on [Your phone number]" in body
    assert body == expected(MAIN, {}, {"mention-detail": False, "add-contact-details": True})[1]

    field(page, "your_phone").fill("07700 900123")
    assert "You can reach me on 07700 900123" in preview_body(page)


def test_tone_switch_with_mouse_and_keyboard(page):
    open_template(page)
    formal = page.get_by_role("radio", name="Formal")
    warm = page.get_by_role("radio", name="Warm")
    expect(page.get_by_role("group", name="Tone")).to_be_visible()
    expect(formal).to_be_checked()
    assert preview_body(page).startswith("Dear ")

    warm.check()
    assert preview_body(page) == expected(MAIN, {}, tone="warm")[1]
    assert preview_body(page).startswith("Hi ")

    formal.focus()
    formal.press("ArrowDown")
    expect(warm).to_be_checked()
    warm.press("ArrowUp")
    expect(formal).to_be_checked()
    assert preview_body(page) == expected(MAIN, {}, tone="formal")[1]


def test_multiline_field_gets_a_text_area(page):
    """No real template has a multi-line field yet: add a small one to a page and let the script pick it up."""
    open_template(page)
    data = {
        "id": "multi", "title": "Multi", "subject": "About {note}", "recipient": None,
        "fields": [{"name": "note", "label": "Your note", "hint": None, "example": "Two lines", "required": True, "multiline": True, "remember": False}],
        "options": [], "tones": [{"id": "only", "label": "Only"}],
        "body": [{"text": "Hello,\n{note}", "option": None, "tone": None}, {"text": "Bye", "option": None, "tone": "only"}],
    }
    page.evaluate(
        """(data) => {
            const root = document.createElement('div');
            root.className = 'nr-template';
            root.id = 'extra';
            root.setAttribute('data-nr-template', JSON.stringify(data));
            document.querySelector('.md-content article').appendChild(root);
            document$.next(document);
        }""",
        data,
    )
    extra = page.locator("#extra")
    area = extra.locator("textarea[name='note']")
    expect(area).to_have_count(1)
    expect(extra.get_by_label("Your note")).to_have_count(1)
    expect(extra.get_by_role("radio")).to_have_count(0)                  # a single tone needs no choice
    expect(page.locator(".nr-app")).to_have_count(2)                     # the page's own app untouched
    area.fill("first line\nsecond line")
    expect(extra.locator(".nr-preview__subject")).to_have_text("About first line second line")
    assert extra.locator(".nr-preview__body p").all_inner_texts() == ["Hello,\nfirst line\nsecond line", "Bye"]
    _, hfields = parse_mailto(extra.get_by_role("link", name="Open in my email app").get_attribute("href"))
    assert unquote(hfields["body"]) == "Hello,\r\nfirst line\r\nsecond line\r\n\r\nBye"


# ----------------------------------------------------------------- copy
def test_copy_buttons_fill_the_clipboard_and_announce_it(page, context, site):
    grant_clipboard(context, site)
    open_template(page)
    fill_all(page, FILLED)
    subject, body = expected(MAIN, FILLED)
    status = page.locator(".nr-actions .nr-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")

    page.get_by_role("button", name="Copy subject", exact=True).click()
    expect(status).to_have_text("Copied the subject.")
    expect(status).to_be_visible()
    assert clipboard(page) == subject

    page.get_by_role("button", name="Copy body").click()
    expect(status).to_have_text("Copied the body.")
    assert clipboard(page) == body

    field(page, "role").fill("")
    page.get_by_role("button", name="Copy email").click()
    expect(status).to_contain_text("Copied the subject and body.")
    expect(status).to_contain_text("1 blank in [square brackets]")
    subject, body = expected(MAIN, FILLED | {"role": ""})
    assert clipboard(page) == f"Subject: {subject}\n\n{body}"
    assert "[Job title you applied for]" in clipboard(page)


# ----------------------------------------------------------------- mailto
def parse_mailto(href: str) -> tuple[str, dict]:
    assert href.startswith("mailto:")
    to, _, query = href[len("mailto:"):].partition("?")
    fields = {}
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        fields[name] = value
    return to, fields


def test_mailto_link_is_rfc6068_encoded(page):
    open_template(page)
    values = FILLED | {"company": "A+B=C? #1 & 50% Co/op", "detail": "line; with, odd \"chars\" and 'quotes'"}
    fill_all(page, values)
    href = page.get_by_role("link", name="Open in my email app").get_attribute("href")
    assert not re.search(r"[\s\"<>]", href), href
    to, hfields = parse_mailto(href)
    assert to == "priya.shah@example.com"
    assert set(hfields) == {"subject", "body"}
    assert "%0D%0A" in hfields["body"]
    assert not re.search(r"%0A", hfields["body"].replace("%0D%0A", ""))
    assert "+" not in hfields["subject"] + hfields["body"]      # spaces as %20, plus signs as %2B
    subject, body = expected(MAIN, values)
    assert unquote(hfields["subject"]) == subject
    assert unquote(hfields["body"]) == body.replace("\n", "\r\n")

    # no valid address: no "To"
    field(page, "contact_email").fill("not an address")
    href = page.get_by_role("link", name="Open in my email app").get_attribute("href")
    assert href.startswith("mailto:?subject=")


def test_mailto_link_gives_way_to_a_copy_message_when_too_long(page):
    open_template(page)
    fill_all(page, FILLED)
    link = page.get_by_role("link", name="Open in my email app")
    message = page.locator(".nr-mailto-too-long")
    expect(link).to_be_visible()
    expect(message).to_be_hidden()
    assert len(link.get_attribute("href")) <= 1800

    field(page, "detail").fill("a really long story " * 60)
    expect(link).to_be_hidden()
    expect(message).to_be_visible()
    expect(message).to_contain_text("too long")
    expect(message).to_contain_text("Copy")

    field(page, "detail").fill("a short one")
    expect(link).to_be_visible()
    expect(message).to_be_hidden()


# ----------------------------------------------------------------- downloads
def test_download_txt_and_eml(page):
    open_template(page)
    values = FILLED | {"company": "Café Ünternehmen Ärztekammer Großbritannien und Nordirland GmbH & Co. KG 🚀"}
    fill_all(page, values)
    subject, body = expected(MAIN, values)

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"\.txt")).click()
    txt = info.value
    assert txt.suggested_filename == f"{MAIN}.txt"
    data = open(txt.path(), "rb").read().decode("utf-8")
    assert data == f"To: priya.shah@example.com\nSubject: {subject}\n\n{body}\n".replace("\n", "\r\n")
    expect(page.locator(".nr-actions .nr-status")).to_contain_text(f"Downloaded {MAIN}.txt")

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"\.eml")).click()
    eml = info.value
    assert eml.suggested_filename == f"{MAIN}.eml"
    raw = open(eml.path(), "rb").read()
    raw.decode("ascii")                                   # 7-bit: encoded words + quoted-printable
    assert re.search(rb"(?<!\r)\n", raw) is None           # CRLF line endings only
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "Subject: =?UTF-8?B?" in head
    assert "\r\nX-Unsent: 1" in head

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["To"] == "priya.shah@example.com"
    assert str(msg["Subject"]) == subject
    assert msg["MIME-Version"] == "1.0"
    assert msg["X-Unsent"] == "1"
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert msg["Date"].datetime is not None
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert not msg.defects
    assert msg.get_content().replace("\r\n", "\n").rstrip("\n") == body


def test_eml_with_ascii_subject_and_no_recipient(page):
    open_template(page)
    values = {k: v for k, v in FILLED.items() if k != "contact_email"} | {"your_name": "Sam Taylor", "company": "Acme"}
    fill_all(page, values)
    subject, body = expected(MAIN, values)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"\.eml")).click()
    raw = open(info.value.path(), "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert "To" not in msg
    assert raw.startswith(f"Subject: {subject}\r\n".encode())
    assert msg.get_content().replace("\r\n", "\n").rstrip("\n") == body


# ----------------------------------------------------------------- remember / forget
def test_remember_and_forget_across_templates(page):
    open_template(page)
    page.evaluate("() => localStorage.setItem('someone-else', 'keep')")
    box = page.get_by_label("Remember my details on this device")
    expect(box).not_to_be_checked()

    # nothing is stored before opting in, whatever the reader does
    fill_all(page, FILLED | {"your_phone": "07700 900123"})
    page.get_by_label("Add your contact details").check()
    page.get_by_role("radio", name="Warm").check()
    assert our_keys(page) == {}

    box.check()
    status = page.locator(".nr-remember .nr-status")
    expect(status).to_contain_text("Remembering your details on this device")
    assert our_keys(page) == {
        "nextround:remember": "1",
        "nextround:field:your_name": "Zoë Ünal",
        "nextround:field:your_phone": "07700 900123",
    }
    field(page, "your_name").fill("Zoë Ünal-Smith")
    assert our_keys(page)["nextround:field:your_name"] == "Zoë Ünal-Smith"
    field(page, "your_phone").fill("")
    assert "nextround:field:your_phone" not in our_keys(page)

    # another template fills in the shared detail, and only that
    open_template(page, OTHER)
    expect(page.get_by_label("Remember my details on this device")).to_be_checked()
    expect(field(page, "your_name")).to_have_value("Zoë Ünal-Smith")
    expect(field(page, "company")).to_have_value("")
    assert preview_body(page).endswith("Zoë Ünal-Smith")

    page.get_by_role("button", name="Forget my details").click()
    expect(page.locator(".nr-remember .nr-status")).to_contain_text("Forgotten")
    expect(page.get_by_label("Remember my details on this device")).not_to_be_checked()
    assert our_keys(page) == {}
    assert page.evaluate("() => localStorage.getItem('someone-else')") == "keep"

    open_template(page)
    expect(field(page, "your_name")).to_have_value("")
    expect(page.get_by_label("Remember my details on this device")).not_to_be_checked()
    assert our_keys(page) == {}


def test_switching_remember_off_removes_saved_details(page):
    open_template(page)
    field(page, "your_name").fill("Sam")
    box = page.get_by_label("Remember my details on this device")
    box.check()
    assert our_keys(page)
    box.uncheck()
    expect(page.locator(".nr-remember .nr-status")).to_contain_text("no longer saved")
    assert our_keys(page) == {}


# ----------------------------------------------------------------- prefill
def test_prefill_from_the_url_query_for_declared_fields_only(page):
    open_template(page, OTHER, "?company=Acme&role=Analyst&not_a_field=zzz&__proto__=x&constructor=y")
    expect(field(page, "company")).to_have_value("Acme")
    expect(field(page, "role")).to_have_value("Analyst")
    expect(field(page, "your_name")).to_have_value("")
    assert preview_subject(page) == "Following up on the Analyst role"
    assert preview_body(page) == expected(OTHER, {"company": "Acme", "role": "Analyst"})[1]
    assert "zzz" not in page.locator(".nr-app").inner_text()
    assert page.locator(".nr-form [name='not_a_field']").count() == 0


def test_scenario_link_prefills_the_template(page):
    page.goto("scenarios/close-second/")
    page.evaluate("() => { window.__nrMarker = 'kept' }")
    page.locator(".md-content a[href*='templates/thank-you-and-ask-for-feedback/?']").first.click()
    page.wait_for_url(at("templates/thank-you-and-ask-for-feedback/", r"\?interview_stage=[^#]+"))
    expect(page.locator(".nr-app")).to_have_count(1)
    expect(field(page, "interview_stage")).to_have_value("final interview")
    assert "final interview" in preview_body(page)
    assert page.evaluate("() => window.__nrMarker") == "kept"    # instant navigation, no reload


# ----------------------------------------------------------------- instant navigation
def test_instant_navigation_between_templates(page):
    open_template(page)
    page.evaluate("() => { window.__nrMarker = 'kept' }")
    field(page, "company").fill("First Co")

    page.locator(".md-content a[href$='templates/reconnect-new-role/']").first.click()
    page.wait_for_url(at("templates/reconnect-new-role/"))
    expect(page.locator("h1")).to_contain_text("Get back in touch when a new role opens")
    assert page.evaluate("() => window.__nrMarker") == "kept", "the click made a full page load"
    expect(page.locator(".nr-app")).to_have_count(1)
    page.evaluate("() => document$.next(document)")                 # a repeated emission must not build twice
    expect(page.locator(".nr-app")).to_have_count(1)
    expect(page.locator(".nr-form")).to_have_count(1)
    expect(page.locator(".nr-template__plain")).to_be_hidden()

    field(page, "new_role").press_sequentially("Lead Analyst")
    expect(page.locator(".nr-preview__subject")).to_contain_text("Interested in the Lead Analyst role at")
    page.get_by_role("radio", name="Warm").check()
    assert preview_body(page).startswith("Hi ")

    page.go_back()
    page.wait_for_url(at(f"templates/{MAIN}/"))
    expect(page.locator("h1")).to_contain_text(template(MAIN).title)
    expect(page.locator(".nr-app")).to_have_count(1)
    assert page.evaluate("() => window.__nrMarker") == "kept"
    field(page, "company").fill("Back Co")
    expect(page.locator(".nr-preview__subject")).to_have_text("Future roles at Back Co")


# ----------------------------------------------------------------- without JavaScript
def test_without_javascript_the_template_is_plain_readable_text(browser, site):
    ctx = browser.new_context(base_url=site["url"], java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"templates/{MAIN}/")
        plain = page.locator(".nr-template__plain")
        expect(plain).to_be_visible()
        expect(page.locator(".nr-app")).to_have_count(0)
        t = template(MAIN)
        subject, body = expected(MAIN, {})
        expect(plain.locator(".nr-template__subject")).to_have_text(subject)
        text = plain.inner_text()
        assert "replace each part in [square brackets]" in text
        assert "[The name you greet them by]" in text and "[Your name]" in text
        assert "(Optional: Add your contact details)" in text
        assert "Kind regards,\n[Your name]" in text                      # line breaks kept
        assert plain.evaluate("e => getComputedStyle(e).userSelect") != "none"
        expect(page.get_by_text(t.mistakes[0][:30])).to_be_visible()
        expect(page.locator(".nr-when")).to_contain_text("When to send it")
    finally:
        ctx.close()


# ----------------------------------------------------------------- injection
def test_injection_payloads_stay_text(page, site):
    hits = []
    dialogs = []
    page.on("request", lambda r: hits.append(r.url) if r.url.rstrip("/").endswith("/x") else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    t = template(MAIN)
    query = "?" + urlencode({f.name: PAYLOADS[0] for f in t.fields})
    open_template(page, MAIN, query)
    expect(field(page, "company")).to_have_value(PAYLOADS[0])
    assert preview_body(page) == expected(MAIN, {f.name: PAYLOADS[0] for f in t.fields})[1]

    page.get_by_label("Add your contact details").check()
    for i, payload in enumerate(PAYLOADS):
        values = {f.name: f"{payload} {i}" for f in t.fields}
        fill_all(page, values)
        subject, body = expected(MAIN, values, {"add-contact-details": True})
        assert preview_subject(page) == subject
        assert preview_body(page) == body
        assert page.evaluate("() => [...document.querySelectorAll('.nr-form .nr-field__input')].map(e => e.value)") == list(values.values())
        href = page.get_by_role("link", name="Open in my email app").get_attribute("href")
        assert href.startswith("mailto:?subject=")                    # no valid address: no To

    page.get_by_role("radio", name="Warm").check()
    assert preview_body(page) == expected(MAIN, values, {"add-contact-details": True}, tone="warm")[1]
    assert page.locator(".nr-app img, .nr-app script, .nr-app svg, .nr-app iframe").count() == 0
    assert page.locator(".nr-preview [onerror], .nr-preview [onload], .nr-preview [onmouseover]").count() == 0
    assert page.evaluate("() => window.__pwned") is None

    # remembered on the device and filled in on another template: still text
    page.get_by_label("Remember my details on this device").check()
    open_template(page, OTHER)
    expect(field(page, "your_name")).to_have_value(values["your_name"])
    assert preview_body(page).endswith(values["your_name"])
    assert page.locator(".nr-app img, .nr-app script, .nr-app svg").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert hits == [] and dialogs == []


# ----------------------------------------------------------------- accessibility and layout
@pytest.mark.parametrize("scheme,md_scheme", [("light", "default"), ("dark", "slate")])
def test_axe_finds_no_violation_on_a_template_page(page, scheme, md_scheme):
    page.emulate_media(color_scheme=scheme)
    open_template(page)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", md_scheme)
    field(page, "your_name").fill("Sam Taylor")                     # filled values and blanks side by side
    page.get_by_label("Add your contact details").check()
    page.get_by_role("link", name="Open in my email app").focus()       # focused and filled states
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], "axe checked nothing"
    assert result["violations"] == [], describe(result["violations"])

    # the no-JS version too (axe skips hidden content, so show it)
    page.evaluate("() => { document.querySelector('.nr-template__plain').hidden = false }")
    result = page.evaluate(
        "(tags) => axe.run({include: [['.nr-template__plain']]}, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["violations"] == [], describe(result["violations"])


def test_keyboard_only_with_visible_focus(page, context, site):
    grant_clipboard(context, site)
    open_template(page)
    first = field(page, "your_name")
    for _ in range(80):
        page.keyboard.press("Tab")
        if first.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first field")
    outline = first.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)] }")
    assert outline[0] != "none" and outline[1] >= 2, outline
    page.keyboard.type("Sam Taylor")

    def tab_to(locator, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if locator.evaluate("e => e === document.activeElement"):
                return
        pytest.fail(f"Tab never reached {locator}")

    contact = page.get_by_label("Add your contact details")
    tab_to(contact)
    page.keyboard.press("Space")
    expect(contact).to_be_checked()
    assert "You can reach me on" in preview_body(page)

    copy = page.get_by_role("button", name="Copy subject", exact=True)
    tab_to(copy)
    style = copy.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)] }")
    assert style[0] != "none" and style[1] >= 2, style
    page.keyboard.press("Enter")
    expect(page.locator(".nr-actions .nr-status")).to_contain_text("Copied the subject")


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_layout_320px_no_horizontal_scroll_and_the_page_reads_top_to_bottom(page):
    open_template(page)
    # when to send it, the form, the preview, the send actions, then the mistakes to avoid
    order = [".nr-when", ".nr-form", ".nr-preview", ".nr-actions h2", "#mistakes-to-avoid"]
    tops = [page.locator(sel).first.bounding_box()["y"] for sel in order]
    assert tops == sorted(tops), dict(zip(order, tops))

    page.set_viewport_size({"width": 320, "height": 640})
    long = "https://www.example.com/" + "a-very-long-unbroken-word" * 8
    fill_all(page, {"your_profile_url": long, "company": "Supercalifragilisticexpialidocious" * 3, "contact_email": "x" * 60 + "@example.com"})
    page.get_by_label("Add your contact details").check()
    assert overflow(page) <= 0
    for selector in (".nr-form", ".nr-preview", ".nr-sendbar", ".nr-when"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
