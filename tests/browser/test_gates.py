"""Quality gates over the whole built site: accessibility on every page in both
colour schemes, keyboard reachability with visible focus, and privacy."""
import pytest

from a11y import WCAG_TAGS, AXE, describe

pytestmark = pytest.mark.browser


def all_pages(site) -> list[str]:
    root = site["dir"]
    return sorted(
        p.relative_to(root).as_posix().removesuffix("index.html")
        for p in root.rglob("*.html")
        if p.name != "404.html"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, site, scheme):
    context = browser.new_context(base_url=site["url"], color_scheme=scheme)
    page = context.new_page()
    failures = []
    try:
        for path in all_pages(site):
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
            if result["violations"]:
                failures.append(f"/{path}: {describe(result['violations'])}")
        # the search dialog, open with results
        page.goto("")
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("ghosted")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_timeout(1000)  # let the results' fade-in finish before measuring contrast
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        if result["violations"]:
            failures.append(f"search dialog: {describe(result['violations'])}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


KEYBOARD_PAGES = ["", "scenarios/ghosted/", "templates/thank-you-after-rejection/", "finder/", "reasons/"]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_control_is_reachable_by_tab_with_visible_focus(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    controls = page.evaluate(
        """() => {
          const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
          const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('[hidden],[inert],.md-search,.md-sidebar--primary') && !el.disabled; };
          const els = [...document.querySelectorAll(sel)].filter(visible);
          els.forEach((el, i) => el.setAttribute('data-kb', i));
          return els.length;
        }"""
    )
    assert controls > 3
    # Focus is visible when the focused element looks different from the same
    # element unfocused (outline, shadow, colours, underline...): compare each
    # element's style while focused with its style after the next Tab.
    page.evaluate(
        """() => { window.__kb = {prev: null, prevStyle: null, reached: [], invisible: []};
          // what shows the focus: a visually hidden radio's label, the search box's form
          window.__kbStyle = el => { if (el.classList.contains('md-option')) el = el.nextElementSibling;
            if (el.classList.contains('md-search__input')) el = el.closest('.md-search__form');
            const s = getComputedStyle(el);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
                    s.textDecorationLine, s.borderColor].join('|'); }; }"""
    )
    for _ in range(controls * 2 + 20):
        page.keyboard.press("Tab")
        page.evaluate(
            """() => { const k = window.__kb, el = document.activeElement;
              if (k.prev && k.prev !== el && window.__kbStyle(k.prev) === k.prevStyle)
                k.invisible.push((k.prev.innerText || k.prev.getAttribute('aria-label') || k.prev.tagName).slice(0, 40));
              if (el && el !== document.body) {
                if (el.hasAttribute('data-kb')) k.reached.push(el.getAttribute('data-kb'));
                if (el.type === 'radio') document.querySelectorAll(`input[type=radio][name="${el.name}"]`).forEach(r => r.hasAttribute('data-kb') && k.reached.push(r.getAttribute('data-kb')));
                k.prev = el; k.prevStyle = window.__kbStyle(el);
              } }"""
        )
    reached = page.evaluate("window.__kb.reached")
    invisible = page.evaluate("window.__kb.invisible")
    missing = page.evaluate(
        "(reached) => [...document.querySelectorAll('[data-kb]')].filter(e => !reached.includes(e.getAttribute('data-kb'))).map(e => e.outerHTML.slice(0, 120))",
        sorted(set(reached)),
    )
    assert not missing, f"not reachable by Tab on /{path}: {missing[:5]}"
    assert not invisible, f"no visible focus on /{path}: {sorted(set(invisible))[:10]}"


PRIVACY_PAGES = {
    "home": "",
    "index": "scenarios/",
    "item": "reasons/internal-hire/",
    "scenario": "scenarios/ghosted/",
    "template": "templates/follow-up-no-reply/",
    "finder": "finder/",
    "sources": "sources/",
}


def test_no_request_leaves_the_origin_no_cookie_no_storage_before_opt_in(browser, site):
    context = browser.new_context(base_url=site["url"])
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site["url"]) and not r.url.startswith("data:") else None)
    try:
        for kind, path in PRIVACY_PAGES.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("Object.keys(localStorage)") == [], f"{kind} page wrote localStorage before any opt-in"
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("ghosted")
        page.locator(".md-search-result__item").first.wait_for()
        page.goto("finder/?a=final-round.email.no-reason")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("Object.keys(localStorage)") == []
        assert context.cookies() == [], "a cookie was set"
        assert outside == [], f"requests outside the site: {outside}"
    finally:
        context.close()
