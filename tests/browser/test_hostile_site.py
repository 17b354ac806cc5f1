"""A site built from a knowledge base and an office folder full of hostile input
(tests/hostile_inputs.yml, issue 11), opened in Chromium: no script runs, no
attribute from author text reaches the HTML, no request leaves the site.

Every attempt the checks accept is placed in plain and Markdown fields of
content items, in office.yml's text fields and in an office page (attempts the
checks refuse are covered, with their messages, by tests/test_hostile_content.py).
Payloads call nrPwned(...) or alert(...); both are recorded. The office page
holds every attempt that `make check` lets through (attribute lists and the
like), so it shows that office pages are rendered by the generator, not by
MkDocs from the office's raw file.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import free_port, serve
from generator.build import load_knowledge_base
from generator.office import check_page, load_office
from generator.problems import ContentError
from sitebuild import ROOT, build

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "fixtures" / "kb"
OFFICE = ROOT / "examples" / "northgate"
ATTEMPTS = yaml.safe_load((HERE / "hostile_inputs.yml").read_text(encoding="utf-8"))["attempts"]
OFFICE_TEXT_FIELDS = [("footer",), ("adviser", "hours"), ("adviser", "label"), ("wellbeing", "label"), ("crisis", "label"), ("name",), ("short_name",)]
NON_NETWORK = ("data:", "blob:", "about:")

RECORD = """
window.__pwned = [];
window.nrPwned = (x) => window.__pwned.push('nrPwned(' + x + ')');
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (x) => window.__pwned.push(name + '(' + x + ')');
}
// A click handler from author text would run on the element itself; stop the
// browser from following links so every element on the page can be clicked.
document.addEventListener('click', (e) => e.preventDefault(), true);
"""
TRIGGER = """
() => {
  const els = Array.from(document.querySelectorAll('body *'));
  for (const el of els) {
    for (const type of ['mouseover', 'mouseenter', 'click', 'dblclick', 'focus', 'focusin', 'toggle', 'load', 'error']) {
      try { el.dispatchEvent(new Event(type, {bubbles: true})); } catch (e) {}
    }
  }
  return els.length;
}
"""


def _accepted_kb(root: Path, rel: str, key: tuple, value, as_list: bool) -> bool:
    """Put value into a field; keep it if the knowledge base still validates."""
    path = root / rel
    before = path.read_text(encoding="utf-8")
    data = yaml.safe_load(before)
    holder = data
    for k in key[:-1]:
        holder = holder[k]
    if as_list:
        holder[key[-1]] = list(holder.get(key[-1], [])) + [value]
    else:
        holder[key[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_knowledge_base(root)
        return True
    except ContentError:
        path.write_text(before, encoding="utf-8")
        return False


def hostile_kb(root: Path) -> dict[str, int]:
    shutil.copytree(FIXTURE, root)
    placed = {"plain": 0, "markdown": 0}
    for n, attempt in enumerate(ATTEMPTS, 1):
        habit = root / "habits" / f"attempt-{n}.yml"
        habit.write_text(yaml.safe_dump({"title": f"Attempt {n}", "summary": "S", "sources": ["guide"], "why": "W", "steps": ["a"]}), encoding="utf-8")
        for key, as_list, kind in ((("summary",), False, "plain"), (("tags",), True, "plain"), (("why",), False, "markdown"), (("steps",), True, "markdown")):
            placed[kind] += _accepted_kb(root, habit.relative_to(root).as_posix(), key, attempt, as_list)
        placed["plain"] += _accepted_kb(root, f"habits/attempt-{n}.yml", ("title",), f"Attempt {n} {attempt}"[:90], False)
        placed["markdown"] += _accepted_kb(root, "scenarios/internal-candidate.yml", ("steps", "today"), attempt, True)
        placed["markdown"] += _accepted_kb(root, "templates/keep-me-in-mind.yml", ("mistakes",), attempt, True)
        placed["plain"] += _accepted_kb(root, "scenarios/internal-candidate.yml", ("also_known_as",), attempt, True)
    return placed


def hostile_office(folder: Path) -> dict[str, int]:
    shutil.copytree(OFFICE, folder)
    shutil.rmtree(folder / "content")
    config = yaml.safe_load((folder / "office.yml").read_text(encoding="utf-8"))
    config["hide"] = []
    placed = {"office.yml": 0, "page": 0}
    candidates = list(ATTEMPTS)
    for key in OFFICE_TEXT_FIELDS:
        holder = config
        for k in key[:-1]:
            holder = holder[k]
        original = holder[key[-1]]
        while candidates:
            holder[key[-1]] = candidates.pop(0)
            (folder / "office.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            try:
                load_office(folder)
                placed["office.yml"] += 1
                break
            except ContentError:
                holder[key[-1]] = original
        (folder / "office.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    body = ["---", "title: Attempts", "---", "", "# Attempts {onclick=nrPwned('h1')}", ""]
    page = folder / "pages" / "attempts.md"
    for attempt in ATTEMPTS:
        page.write_text("\n".join(body + [attempt, ""]), encoding="utf-8")
        if not check_page(page):
            body += [attempt, ""]
            placed["page"] += 1
    page.write_text("\n".join(body), encoding="utf-8")
    load_office(folder)
    return placed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    kb_placed = hostile_kb(work / "kb")
    office_placed = hostile_office(work / "office")
    assert kb_placed["plain"] >= 20 and kb_placed["markdown"] >= 20 and office_placed["page"] >= 10 and office_placed["office.yml"] >= 3, (kb_placed, office_placed)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    dest = work / "build"
    result = build(dest, content=work / "kb", office=work / "office", site_url=base)
    assert result.returncode == 0, result.stdout + result.stderr
    site = dest / "site"
    server = serve(site, port)
    yield {"url": base, "dir": site}
    server.shutdown()


class _Attributes(HTMLParser):
    """Attributes that author text must never produce."""

    SUSPECT = {"autofocus", "tabindex", "style", "data-clipboard-text", "data-clipboard-target", "data-md-component", "srcdoc", "formaction", "contenteditable"}

    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self.depth = 0  # inside the page's content (article)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            # author text may be shown in text-valued attributes (title,
            # aria-label, alt, content, value): never in ones that act
            if name not in ("id", "href", "title", "aria-label", "alt", "content", "value", "placeholder", "data-md-state") and "pwned" in value.lower():
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name == "href" and re.match(r"\s*(javascript|vbscript|data):", value, re.I):
                self.bad.append(f"<{tag} href={value!r}>")
            if name == "href" and "pwned" in value.split("#")[0].lower():
                self.bad.append(f"<{tag} href={value!r}>")
            if name in ("src", "srcset", "poster", "data", "action") and re.match(r"\s*(https?:)?//", value):
                self.bad.append(f"<{tag} {name}={value!r}> (another site)")
            if self.depth and name in self.SUSPECT and (tag, name) != ("a", "tabindex"):
                self.bad.append(f"<{tag} {name}> in the content")
        if self.depth and tag in ("script", "iframe", "img", "object", "embed", "svg", "details", "style", "base", "meta", "link"):
            self.bad.append(f"<{tag}> in the content")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def test_no_attribute_or_element_from_author_text(hostile_site):
    pages = sorted(hostile_site["dir"].rglob("*.html"))
    assert len(pages) > 30
    found = {}
    for path in pages:
        check = _Attributes()
        check.feed(path.read_text(encoding="utf-8"))
        if check.bad:
            found[path.relative_to(hostile_site["dir"]).as_posix()] = check.bad
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_no_script_runs_and_no_request_leaves_the_site(browser, hostile_site):
    base = hostile_site["url"]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(RECORD)
    outside, dialogs = [], []
    ctx.on("request", lambda r: r.url.startswith((base,) + NON_NETWORK) or outside.append(r.url))
    pages = sorted(p.relative_to(hostile_site["dir"]).as_posix() for p in hostile_site["dir"].rglob("*.html"))
    interesting = [p for p in pages if p.startswith(("habits/attempt-", "office/", "scenarios/", "templates/", "sources/", "index", "privacy/", "accessibility/"))]
    assert any(p.startswith("office/attempts") for p in interesting), pages
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ran = {}
    try:
        for rel in interesting:
            page.goto(base + rel, wait_until="load")
            page.evaluate(TRIGGER)
            page.keyboard.press("Tab")
            page.wait_for_timeout(50)
            pwned = page.evaluate("window.__pwned")
            if pwned:
                ran[rel] = pwned
    finally:
        ctx.close()
    assert not ran, ran
    assert not dialogs, dialogs
    assert not outside, outside
