"""A careers office's edition (issue 6) in Chromium: the example office
(examples/northgate) built once, served under a sub-path, and its offline zip
opened from disk.

The site is built with site_url = the address it is served on
(http://127.0.0.1:<port>/careers/rejection/), so instant navigation and the
search worker really run under the prefix. The server answers only under the
prefix and 404s everything else, so a link or asset that escapes the prefix
fails here as it would on a real sub-path host.
"""
from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import sys
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from a11y import axe_violations, describe
from conftest import free_port
from sitebuild import ROOT, build

pytestmark = pytest.mark.browser

OFFICE = ROOT / "examples" / "northgate"
PREFIX = "/careers/rejection/"
HIDDEN = ("habits/stay-positive", "reasons/cheaper-or-junior-hire")
HIDDEN_REF = re.compile(r"(^|/)(stay-positive|cheaper-or-junior-hire)(/|\.html|#|$)")
NON_NETWORK = ("data:", "blob:", "about:")


def office_yml() -> dict:
    return yaml.safe_load((OFFICE / "office.yml").read_text(encoding="utf-8"))


class _Refs(html.parser.HTMLParser):
    """(tag, reference) for every <a href>, <link href> (but canonical) and src= in a page."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag == "link" and name == "href" and ("rel", "canonical") not in attrs) or name == "src"):
                self.refs.append((tag, value))


# ----------------------------------------------------------------- the served site
class PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site directory at PREFIX only; anything else is a 404. Logs (path, status)."""

    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        self.server.log.append((urlsplit(self.path).path, int(code)))

    def send_head(self):
        if not urlsplit(self.path).path.startswith(PREFIX):
            self.send_error(404)
            return None
        # Always a full 200 answer: a 304 revalidation would hide what is tested.
        del self.headers["If-Modified-Since"]
        del self.headers["If-None-Match"]
        return super().send_head()

    def translate_path(self, path):
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="module")
def office_site(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    dest = tmp_path_factory.mktemp("office-site")
    result = build(dest, site_url=base, office=OFFICE)
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(PrefixHandler, directory=str(dest / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.log = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": base, "origin": f"http://127.0.0.1:{port}/", "dir": dest / "site", "server": server}
    server.shutdown()
    server.server_close()


class Recorder:
    """Every request a browser context makes, and every answer it gets."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.responses: dict[str, int] = {}
        context.on("request", lambda r: self.requests.append(r.url))
        # a request cut short by the next navigation is not a failure
        context.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED" or self.failed.append(f"{r.url} ({r.failure})"))
        context.on("response", lambda r: self.responses.__setitem__(r.url, r.status))

    def outside(self, prefix: str) -> list[str]:
        return [u for u in self.requests if not u.startswith(prefix) and not u.startswith(NON_NETWORK)]


@pytest.fixture
def office_context(browser, office_site):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    rec = Recorder(ctx)
    office_site["server"].log.clear()
    yield ctx, rec
    ctx.close()


def open_search(page, query: str):
    box = page.locator("input.md-search__input")
    toggle = page.locator("label.md-header__button[for='__search']")
    (toggle if toggle.is_visible() else box).click()
    expect(box).to_be_focused()
    box.press_sequentially(query, delay=20)
    return page.locator(".md-search-result__item a")


# ----------------------------------------------------------------- 1. sub-path serving
# A crawler run inside Chromium: its fetch() and URL resolution, every page reachable
# from the home page through <a href> on the same origin, and every stylesheet,
# script, image and <link> (icon, canonical, prev/next) those pages name.
CRAWL_JS = """async ({start, origin}) => {
  const pages = new Map(), assets = new Map(), refs = [];
  const parser = new DOMParser();
  const strip = (u) => { const x = new URL(u); x.hash = ''; x.search = ''; return x.href; };
  async function status(url) {
    try { return (await fetch(url, {cache: 'no-store'})).status; } catch (e) { return String(e); }
  }
  async function visit(url) {
    const r = await fetch(url, {cache: 'no-store'});
    pages.set(url, r.status);
    if (!r.ok) return [];
    const doc = parser.parseFromString(await r.text(), 'text/html');
    const next = [];
    for (const a of doc.querySelectorAll('a[href]')) {
      const target = new URL(a.getAttribute('href'), url);
      if (target.origin !== origin) continue;        // other sites, mailto:, tel:
      refs.push([url, 'a', target.href]);
      next.push(strip(target.href));
    }
    for (const [sel, attr] of [['link[href]', 'href'], ['script[src]', 'src'], ['img[src]', 'src']]) {
      for (const el of doc.querySelectorAll(sel)) {
        const target = new URL(el.getAttribute(attr), url);
        refs.push([url, el.tagName.toLowerCase() + (el.rel ? '[' + el.rel + ']' : ''), target.href]);
        if (target.origin === origin && !assets.has(strip(target.href))) assets.set(strip(target.href), null);
      }
    }
    return next;
  }
  let queue = [start];
  while (queue.length) {
    const batch = [...new Set(queue)].filter(u => !pages.has(u));
    batch.forEach(u => pages.set(u, null));
    queue = (await Promise.all(batch.map(visit))).flat();
  }
  await Promise.all([...assets.keys()].map(async u => assets.set(u, await status(u))));
  return {pages: Object.fromEntries(pages), assets: Object.fromEntries(assets), refs};
}"""

# What a loaded page links to and loaded, after its scripts ran (finder, home, search).
LIVE_JS = """() => ({
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  loaded: performance.getEntriesByType('resource').map(e => e.name),
})"""


def test_every_link_and_asset_resolves_under_the_sub_path(office_context, office_site):
    ctx, rec = office_context
    base, origin = office_site["url"], office_site["origin"]
    page = ctx.new_page()
    page.goto(base)
    crawl = page.evaluate(CRAWL_JS, {"start": base, "origin": origin.rstrip("/")})
    pages, assets = crawl["pages"], crawl["assets"]
    escaping = [f"{src}: <{tag}> {url}" for src, tag, url in crawl["refs"] if url.startswith(origin) and not url.startswith(base)]
    assert escaping == []
    assert {u: s for u, s in pages.items() if s != 200} == {}
    assert {u: s for u, s in assets.items() if s != 200} == {}
    assert len(pages) > 80, "the crawl should reach every page from the home page"
    assert not [u for u in pages if any(h in u for h in HIDDEN)]
    for path in ("office/appointments/", "habits/book-a-mock-interview/", "privacy/", "accessibility/", "finder/"):
        assert base + path in pages, path
    for path in ("office/favicon.svg", "office/logo.svg", "office/office.css"):
        assert base + path in assets, path

    # pages whose scripts add links, loaded for real: links and loaded resources stay under the prefix
    for path in ("", "finder/", "scenarios/ghosted/", "templates/follow-up-no-reply/", "office/appointments/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        live = page.evaluate(LIVE_JS)
        for url in live["links"]:
            url = urldefrag(url).url
            if url.startswith(origin):
                assert url.startswith(base), f"{path}: link to {url}"
                assert url.split("?")[0] in pages or url.split("?")[0] in assets, f"{path}: link to {url} was not crawled"
        for url in live["loaded"]:
            assert url.startswith(base) or url.startswith(NON_NETWORK), f"{path}: loaded {url}"

    # search works under the prefix: the worker fetches the index from there
    page.goto(base)
    results = open_search(page, "ghosted")
    expect(results.first).to_be_visible()
    link = page.locator(".md-search-result__item a[href*='scenarios/ghosted/']")
    expect(link.first).to_be_visible()
    href = link.first.evaluate("a => a.href")
    assert href.startswith(base + "scenarios/ghosted/"), href
    link.first.click()
    expect(page).to_have_url(re.compile(re.escape(base + "scenarios/ghosted/") + r"(\?h=[a-z]+)?$"))
    expect(page.locator(".md-content h1")).to_contain_text("Ghosted")

    server_paths = [p for p, _ in office_site["server"].log]
    assert PREFIX + "search/search_index.json" in server_paths
    assert [p for p in server_paths if not p.startswith(PREFIX)] == []
    assert [(p, s) for p, s in office_site["server"].log if s != 200] == []
    assert rec.outside(base) == [] and rec.failed == []


# ----------------------------------------------------------------- 2. branding
def test_office_branding_contacts_and_pages(office_context, office_site):
    ctx, rec = office_context
    base = office_site["url"]
    office = office_yml()
    page = ctx.new_page()
    page.goto(base)

    expect(page.locator(".md-header__topic").first).to_have_text(office["short_name"])
    expect(page).to_have_title(re.compile(re.escape(office["short_name"]) + "$"))
    logo = page.locator(".md-header .md-logo img")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert logo.evaluate("img => img.src") == base + "office/logo.svg"
    assert page.locator("link[rel='icon']").evaluate("l => l.href") == base + "office/favicon.svg"
    favicon = ctx.request.get(base + "office/favicon.svg")
    assert favicon.status == 200 and favicon.body() == (OFFICE / office["favicon"]).read_bytes()

    r, g, b = (int(office["colors"]["primary"][i : i + 2], 16) for i in (1, 3, 5))
    header_bg = "el => getComputedStyle(el).backgroundColor"
    assert page.locator("header.md-header").evaluate(header_bg) == f"rgb({r}, {g}, {b})"
    page.emulate_media(color_scheme="dark")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.locator("header.md-header").evaluate(header_bg) == f"rgb({r}, {g}, {b})"
    page.emulate_media(color_scheme="light")

    footer = page.locator("footer .nr-footer")
    adviser = footer.locator(f"a[href='{office['adviser']['url']}']")
    expect(adviser).to_have_text(office["adviser"]["label"])
    expect(footer.locator(f"a[href='{office['wellbeing']['url']}']")).to_have_text(office["wellbeing"]["label"])
    expect(footer.locator(f"a[href='mailto:{office['adviser']['email']}']")).to_be_visible()
    expect(footer).to_contain_text(office["footer"])

    # the extra page is in the navigation (the home page hides the sidebar) and opens
    page.goto(base + "scenarios/")
    nav_link = page.locator("nav.md-nav--primary a.md-nav__link", has_text="Careers appointments")
    expect(nav_link).to_have_count(1)
    nav_link.click()
    expect(page).to_have_url(base + "office/appointments/")
    expect(page.locator(".md-content h1")).to_contain_text("Careers appointments")

    # an added item and a replaced one
    response = page.goto(base + "habits/book-a-mock-interview/")
    assert response.status == 200
    expect(page.locator(".md-content h1")).to_be_visible()
    page.goto(base + "habits/")
    expect(page.locator(".md-content a[href$='book-a-mock-interview/']").first).to_be_visible()
    page.goto(base + "scenarios/ghosted/")
    expect(page.locator(".md-content")).to_contain_text("Book a mock interview with Northgate Careers")

    # hidden items: no page, no link from any page, not in search or the sitemap
    # (the authoring guide may still name an id as an example of `hide:`)
    for hidden in HIDDEN:
        assert ctx.request.get(f"{base}{hidden}/").status == 404, hidden
    site = office_site["dir"]
    linking = []
    for path in site.rglob("*.html"):
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        linking += [f"{path.relative_to(site)}: {ref}" for _, ref in parser.refs if HIDDEN_REF.search(ref)]
    assert linking == []
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    titles = {yaml.safe_load((ROOT / "content" / f"{h}.yml").read_text(encoding="utf-8"))["title"] for h in HIDDEN}
    for doc in index["docs"]:
        assert not any(h in doc["location"] or h in doc["text"] for h in HIDDEN), doc["location"]
        assert doc["title"] not in titles, doc["location"]
    for hidden in HIDDEN:
        assert hidden not in sitemap, hidden
    locations = {d["location"] for d in index["docs"]}
    assert "habits/book-a-mock-interview/" in locations and "office/appointments/" in locations
    assert rec.outside(base) == []


# ----------------------------------------------------------------- 3. privacy
def test_no_third_party_requests_and_no_cookies(office_context, office_site):
    ctx, rec = office_context
    base = office_site["url"]
    page = ctx.new_page()
    for path in ("", "scenarios/", "habits/keep-going/", "templates/follow-up-no-reply/", "finder/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    results = open_search(page, "feedback")
    expect(results.first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert rec.outside(base) == []
    assert ctx.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert all(p.startswith(PREFIX) for p, _ in office_site["server"].log)


# ----------------------------------------------------------------- 4. offline zip
@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """`python -m generator offline --office examples/northgate`, unzipped (what `make offline` runs)."""
    tmp = tmp_path_factory.mktemp("offline")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "offline", "--office", str(OFFICE), "--build-dir", str(tmp / "build"), "--out", str(tmp / "next-round-offline.zip")],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp
    with zipfile.ZipFile(project / "next-round-offline.zip") as z:
        assert all(n.startswith("next-round/") for n in z.namelist())
        z.extractall(tmp / "unzipped")
    return tmp / "unzipped" / "next-round"


def test_offline_zip_works_from_disk_with_search(browser, offline_site):
    root = offline_site
    # every link and asset reference in every page is a file that exists
    broken = []
    # 404.html is only ever served by a web server, at any depth, so its links are absolute
    pages = sorted(p for p in root.rglob("*.html") if p.name != "404.html")
    for path in pages:
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file() or (tag == "a" and target.suffix not in (".html", ".svg", ".xml", ".json", ".zip", ".pdf")):
                broken.append(f"{path.relative_to(root)}: <{tag}> {ref}")
    assert len(pages) > 80
    assert broken == []
    for hidden in HIDDEN:
        assert not (root / f"{hidden}.html").exists()

    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    rec = Recorder(ctx)
    try:
        page = ctx.new_page()
        home = (root / "index.html").as_uri()
        page.goto(home)
        expect(page.locator(".md-header__topic").first).to_have_text(office_yml()["short_name"])
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        local = [urldefrag(h).url for h in hrefs if h.startswith("file://")]
        assert local, "the home page links to its pages"
        for href in local:
            target = Path(unquote(urlsplit(href).path))
            assert target.suffix == ".html" and target.is_file(), href

        # navigate by clicking: navigation -> situations -> a scenario
        page.locator("a[href='scenarios/index.html']").filter(visible=True).first.click()
        expect(page).to_have_url((root / "scenarios" / "index.html").as_uri())
        page.locator(".md-content a[href$='ghosted.html']").first.click()
        expect(page).to_have_url((root / "scenarios" / "ghosted.html").as_uri())
        expect(page.locator(".md-content")).to_contain_text("Book a mock interview with Northgate Careers")
        assert page.locator("link[rel='icon']").evaluate("l => l.href") == (root / "office" / "favicon.svg").as_uri()
        assert page.locator(".md-header .md-logo img").evaluate("img => img.complete && img.naturalWidth") > 0

        # search from file://, through the local iframe-worker shim and inlined index
        results = open_search(page, "ghosted")
        expect(results.first).to_be_visible(timeout=15_000)
        link = page.locator(".md-search-result__item a[href*='scenarios/ghosted.html']").first
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(re.escape((root / "scenarios" / "ghosted.html").as_uri()) + r"(\?h=[a-z]+)?$"))
        loaded = {u.rsplit("/next-round/", 1)[-1] for u in rec.requests if u.startswith("file://")}
        assert {"search/search_index.js", "assets/javascripts/iframe-worker.js", "office/logo.svg"} <= loaded, sorted(loaded)
        assert not any(h in u for u in rec.requests for h in HIDDEN)
        assert [u for u in rec.requests if not u.startswith(("file://",) + NON_NETWORK)] == []
        assert rec.failed == []
    finally:
        ctx.close()


# ----------------------------------------------------------------- 5. accessibility
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_office_pages_have_no_wcag_violations(office_context, office_site, scheme):
    """Every page of the office edition, in its colours, light and dark."""
    ctx, _ = office_context
    page = ctx.new_page()
    page.emulate_media(color_scheme=scheme)
    root = office_site["dir"]
    paths = sorted(p.relative_to(root).as_posix().removesuffix("index.html") for p in root.rglob("*.html") if p.name != "404.html")
    failures = []
    for path in paths:
        page.goto(office_site["url"] + path)
        if not failures and path == "":
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
        violations = axe_violations(page)
        if violations:
            failures.append(f"/{path}: {describe(violations)}")
    assert len(paths) > 80
    assert not failures, "\n".join(failures)
