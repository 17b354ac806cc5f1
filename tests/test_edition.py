"""Editions: isolated builds, three engines, live reload, office checks, one registry of kinds."""
from __future__ import annotations

import ast
import html.parser
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import free_port
from sitebuild import ROOT, build, project_copy
from kbtools import FIXTURE

OFFICE = ROOT / "examples" / "northgate"
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=ENV)


# ----------------------------------------------------------------------------- pages
class _Page(html.parser.HTMLParser):
    """Title, headings, links and images of a built page."""

    def __init__(self):
        super().__init__()
        self.title, self.headings, self.links, self.images, self.styles = "", [], [], [], []
        self.scripts: list[tuple[str, bool]] = []  # (src, deferred)
        self._in = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("title", "h1", "h2"):
            self._in, self._text = tag, ""
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.styles.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "script" and attrs.get("src"):
            self.scripts.append((attrs["src"], "defer" in attrs))

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in:
            text = re.sub(r"\s+", " ", self._text).strip().rstrip("¶").strip()
            if tag == "title":
                self.title = text
            else:
                self.headings.append(text)
            self._in = None


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages_of(site: Path) -> dict[str, _Page]:
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html")) if p.name != "404.html"}


def broken_links(site: Path, page_path: str, page: _Page) -> list[str]:
    out = []
    here = (site / page_path).parent
    for ref in page.links + page.images:
        parts = urlsplit(ref)
        if parts.scheme or ref.startswith(("#", "//")) or not parts.path:
            continue
        target = (here / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            out.append(f"{page_path}: {ref}")
    return out


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory):
    """The example office built by each engine (the same site address)."""
    sites = {}
    for engine in ("mkdocs", "properdocs", "zensical"):
        dest = tmp_path_factory.mktemp(engine)
        result = build(dest, office=OFFICE, engine=engine, site_url="http://127.0.0.1:8000/")
        assert result.returncode == 0, f"{engine}: {result.stdout}{result.stderr}"
        sites[engine] = (dest / "site", result)
    return sites


@pytest.mark.slow
def test_three_engines_build_the_office_edition_alike(engine_sites):
    reference = pages_of(engine_sites["mkdocs"][0])
    assert len(reference) > 80
    for engine, (site, result) in engine_sites.items():
        pages = pages_of(site)
        assert sorted(pages) == sorted(reference), f"{engine}: not the same pages"
        for path, page in pages.items():
            ref = reference[path]
            assert page.title == ref.title, f"{engine}: {path}: title {page.title!r} != {ref.title!r}"
            assert page.headings[:12] == ref.headings[:12], f"{engine}: {path}: headings differ"
            text = (site / path).read_text(encoding="utf-8")
            assert "Northgate Careers" in text, f"{engine}: {path}: no office name"
            here = (site / path).parent
            logos = {(here / unquote(urlsplit(src).path)).resolve() for src in page.images}
            assert (site / "office" / "logo.svg").resolve() in logos, f"{engine}: {path}: no office logo"
            styles = {(here / unquote(urlsplit(href).path)).resolve() for href in page.styles}
            assert (site / "office" / "office.css").resolve() in styles, f"{engine}: {path}: no office colours"
            # our one stylesheet and script, under a name with a hash of their content, and no script render-blocking
            ours = sorted(p.relative_to(site.resolve()).as_posix() for p in styles if p.is_relative_to((site / "stylesheets").resolve()))
            assert len(ours) == 1 and re.fullmatch(r"stylesheets/nextround\.[0-9a-f]{10}\.css", ours[0]), f"{engine}: {path}: {ours}"
            assert (site / ours[0]).is_file()
            assert [src for src, deferred in page.scripts if not deferred] == [], f"{engine}: {path}: scripts not deferred"
            scripts = [(here / unquote(urlsplit(src).path)).resolve() for src, _ in page.scripts]
            assert [s.name for s in scripts if s.parent == (site / "javascripts").resolve()] == [
                f.name for f in (site / "javascripts").glob("nextround.*.js")], f"{engine}: {path}: {page.scripts}"
            assert scripts[0].name.startswith("bundle."), f"{engine}: {path}: the theme's bundle first: {page.scripts}"
        assert "--md-primary-fg-color: #1d4f91" in (site / "office" / "office.css").read_text()
        assert broken_links(site, "index.html", pages["index.html"]) == []
        broken = [b for path, page in pages.items() for b in broken_links(site, path, page)]
        assert broken == [], f"{engine}: broken links: {broken[:5]}"
        # the office's contacts, extra page and hidden items
        assert "Book a careers appointment" in (site / "scenarios" / "ghosted" / "index.html").read_text()
        assert (site / "office" / "appointments" / "index.html").is_file()
        assert not (site / "habits" / "stay-positive").exists()
        assert "stay-positive" not in (site / "habits" / "index.html").read_text()


def test_our_stylesheet_and_scripts_get_a_content_hash_in_a_built_site_only(tmp_path):
    from generator.edition import Edition, docs_files, engine_config, fingerprinted

    root = project_copy(tmp_path / "project")
    site = Edition(content=ROOT / "content", root=root)
    names = fingerprinted(site)
    css = (root / "docs/stylesheets/nextround.css").read_bytes()
    import hashlib

    assert names["stylesheets/nextround.css"] == f"stylesheets/nextround.{hashlib.sha256(css).hexdigest()[:10]}.css"
    assert re.fullmatch(r"javascripts/nextround\.[0-9a-f]{10}\.js", names["javascripts/nextround.js"])
    assert re.fullmatch(r"javascripts/decoder\.[0-9a-f]{10}\.js", names["javascripts/decoder.js"])
    config = engine_config(site)
    assert config["extra_css"] == [names["stylesheets/nextround.css"]]
    assert config["extra_javascript"] == [{"path": names["javascripts/nextround.js"], "defer": True}]
    assert config["extra"]["nr_decoder_script"] == names["javascripts/decoder.js"]
    files = docs_files(site, {})
    assert set(names.values()) <= set(files) and not set(names) & set(files)
    assert files[names["stylesheets/nextround.css"]] == root / "docs/stylesheets/nextround.css"  # the source, unhashed
    # a changed stylesheet is a new name
    (root / "docs/stylesheets/nextround.css").write_bytes(css + b"\n/* changed */\n")
    assert fingerprinted(site)["stylesheets/nextround.css"] != names["stylesheets/nextround.css"]
    # make serve keeps the names as they are (one rebuild per save)
    serve = Edition(content=ROOT / "content", root=root, mode="serve")
    assert fingerprinted(serve) == {}
    assert engine_config(serve)["extra_css"] == ["stylesheets/nextround.css"]
    assert engine_config(serve)["extra_javascript"] == [{"path": "javascripts/nextround.js", "defer": True}]
    assert "nr_decoder_script" not in engine_config(serve).get("extra", {})


@pytest.mark.slow
def test_an_engine_that_lacks_a_feature_says_so_in_one_line(engine_sites):
    zensical = engine_sites["zensical"][1].stderr
    notes = [line for line in zensical.splitlines() if line.startswith("Note (zensical):")]
    assert any("'separator'" in n and "fields" in n for n in notes), zensical
    assert "Note (" not in engine_sites["mkdocs"][1].stderr


# ----------------------------------------------------------------------------- isolation
class Server:
    """`python -m generator serve` in the background, its output collected."""

    def __init__(self, *args, cwd=ROOT):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [PY, "-m", "generator", "serve", "--port", str(self.port), *args],
            cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))

    def fetch(self, path: str, timeout: float = 5) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as r:
                return r.read().decode()
        except OSError:
            return ""

    def wait_for(self, path: str, text: str, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.fetch(path):
                return True
            time.sleep(0.3)
        return False

    def wait_output(self, text: str, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in line for line in self.output):
                return True
            time.sleep(0.2)
        return False

    def rebuilds(self) -> int:
        return sum("Documentation built in" in line for line in self.output)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.mark.slow
def test_serve_rebuilds_once_per_save_and_keeps_the_last_good_site(tmp_path):
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    server = Server("--content", str(content), "--build-dir", str(tmp_path / "build"))
    try:
        assert server.wait_for("habits/keep-going/", "Keep applying while you recover."), "\n".join(server.output)
        time.sleep(1.5)
        before = server.rebuilds()
        path = content / "habits" / "keep-going.yml"
        good = path.read_text()
        path.write_text(good.replace("Keep applying while you recover.", "Changed while serving."))
        assert server.wait_for("habits/keep-going/", "Changed while serving."), "the page did not change after its file did"
        time.sleep(3)
        assert server.rebuilds() - before == 1, "one save, one rebuild:\n" + "\n".join(server.output)

        # a broken file: a located message in the terminal, the last good site still served
        path.write_text("title: [broken\n")
        assert server.wait_output("keep-going.yml:2:1: YAML syntax error"), "\n".join(server.output)
        start = time.monotonic()
        assert "Changed while serving." in server.fetch("habits/keep-going/", timeout=10)
        assert time.monotonic() - start < 5, "the page request must not hang while a file is broken"
        assert server.process.poll() is None
        assert not any("Traceback" in line for line in server.output)

        # fixed again: served again
        path.write_text(good)
        assert server.wait_for("habits/keep-going/", "Keep applying while you recover.")
    finally:
        server.stop()


@pytest.mark.slow
def test_builds_and_servers_of_different_editions_do_not_touch_each_other(tmp_path):
    isolated = build(tmp_path / "isolated", office=OFFICE)
    assert isolated.returncode == 0, isolated.stderr
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    # a server of the default edition, edited while an office edition builds
    server = Server("--content", str(content))
    try:
        assert server.wait_for("habits/keep-going/", "Keep applying"), "\n".join(server.output)
        builder = threading.Thread(target=lambda: results.append(build(tmp_path / "concurrent", office=OFFICE)))
        results: list = []
        builder.start()
        for n in range(5):
            path = content / "habits" / "keep-going.yml"
            path.write_text(path.read_text().replace("Keep applying", f"Keep applying ({n})", 1))
            time.sleep(0.7)
        builder.join(timeout=300)
        assert results and results[0].returncode == 0, results and results[0].stderr
        assert server.wait_for("habits/keep-going/", "Keep applying (4)")
        home = server.fetch("")
        assert "Northgate" not in home, "the office build leaked into the served default edition"
    finally:
        server.stop()
    assert tree(tmp_path / "concurrent" / "site") == tree(tmp_path / "isolated" / "site")


@pytest.mark.slow
def test_rebuilding_an_unchanged_edition_rewrites_no_output_file(tmp_path):
    assert build(tmp_path, content=FIXTURE).returncode == 0
    site = tmp_path / "site"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    again = build(tmp_path, content=FIXTURE)
    assert again.returncode == 0
    assert "0 files written" in again.stdout, again.stdout
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_nothing_generated_is_written_into_docs(tmp_path):
    before = tree(ROOT / "docs")
    assert run(PY, "-m", "generator", "generate", "--content", str(FIXTURE), "--build-dir", str(tmp_path)).returncode == 0
    assert tree(ROOT / "docs") == before
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if tracked:  # in a git checkout: docs/ holds tracked, hand-written files only
        assert sorted(f"docs/{rel}" for rel in before if not rel.split("/")[-1].startswith(".")) == sorted(tracked)


# ----------------------------------------------------------------------------- office checks
def test_make_check_validates_the_office_and_its_overlay():
    ok = run("make", "--no-print-directory", "check", f"OFFICE={OFFICE}")
    assert ok.returncode == 0, ok.stderr
    assert "with" in ok.stdout and "OK" in ok.stdout


def test_every_office_problem_is_reported_in_one_pass(tmp_path):
    office = tmp_path / "office"
    shutil.copytree(OFFICE, office)
    text = (office / "office.yml").read_text()
    text = text.replace('primary: "#1d4f91"', "primary: #1d4f91")
    text = text.replace("language: en", "language: cyy")
    text = text.replace("favicon: favicon.svg", "favicon: favicon.png")
    text = text.replace("  - stay-positive", "  - stay-postive")
    (office / "office.yml").write_text(text)
    overlay = office / "content" / "habits" / "book-a-mock-interview.yml"
    overlay.write_text(overlay.read_text().replace("sources:", "sourcs:", 1))
    result = run(PY, "-m", "generator", "check", "--office", str(office))
    assert result.returncode == 1
    out = result.stderr
    assert "Traceback" not in out
    lines = out.splitlines()
    expected = [
        "colors.primary: expected text, got nothing; YAML reads everything after ' #' as a comment: put the value in quotes, like primary: \"#1d4f91\"",
        "language: 'cyy' is not a supported language (did you mean 'cy'?); supported: cy, en, fr",
        "favicon: no file 'favicon.png' in ",
        "hide[0]: no item 'stay-postive' to hide (did you mean 'stay-positive'?)",
        "book-a-mock-interview.yml:",
    ]
    for fragment in expected:
        assert any(fragment in line for line in lines), f"missing {fragment!r} in:\n{out}"
    assert lines[-1].endswith("problems found; nothing was written.")
    located = [line for line in lines[:-1] if re.match(r"^\S+:\d+:\d+: ", line)]
    assert len(located) == len(lines) - 1, "every problem names file, line and column"


def test_an_office_folder_that_is_not_there_says_where_it_looked(tmp_path):
    result = run(PY, "-m", "generator", "check", "--office", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert f"office folder not found: looked for {tmp_path / 'nowhere'}" in result.stderr


# ----------------------------------------------------------------------------- code shape
def test_generator_modules_have_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "generator").glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                deps |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        graph[path.stem] = deps

    def reach(start, seen):
        for dep in graph.get(start, ()):
            if dep not in seen:
                seen.add(dep)
                reach(dep, seen)
        return seen

    cycles = sorted(m for m in graph if m in reach(m, set()))
    assert cycles == []
    for stage in ("load", "validate", "link", "render", "write"):
        assert stage in graph, f"generator/{stage}.py: a module per stage"


NEW_KIND = '''

class Story(Item):
    """`content/stories/<id>.yml`: a short story of someone who was turned down and went on."""

    kind: ClassVar[str] = "stories"
    position: ClassVar[int] = 6
    singular: ClassVar[str] = "story"
    heading: ClassVar[str] = "Stories"
    intro: ClassVar[str] = "People who were turned down, and what they did next."
    refs: ClassVar[dict[str, str]] = {"habits": "habits"}
    shows: ClassVar[tuple[str, ...]] = ("habits",)

    story: Markdown = Field(description="What happened. Markdown.")
    habits: list[Slug] = Field(default_factory=list, description="Ids of habits that helped.")
'''
NEW_TEMPLATE = """{% import "_macros.j2" as m %}
{{ front_matter(title=item.title, description=item.summary) }}
# {{ item.title | text }}

{{ item.story }}
{{ m.section("Habits that helped", "habits", habits) }}
"""
NEW_PAGE = """---
title: Sam kept going
description: Turned down five times, hired on the sixth.
---

# Sam kept going

Turned down five times; the sixth *worked*.

## Habits that helped { data-search-exclude }

- [Keep going](../habits/keep-going.md): Keep applying while you recover.
"""


def test_a_new_kind_needs_only_a_model_a_page_template_and_a_golden_test(tmp_path):
    project = project_copy(tmp_path / "project")
    with open(project / "generator" / "models.py", "a") as f:
        f.write(NEW_KIND)
    (project / "generator" / "templates" / "stories.md.j2").write_text(NEW_TEMPLATE)
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    (content / "stories").mkdir()
    (content / "stories" / "sam.yml").write_text(
        "title: Sam kept going\nsummary: Turned down five times, hired on the sixth.\nsources: [guide]\n"
        "story: Turned down five times; the sixth *worked*.\nhabits: [keep-going]\n"
    )
    result = run(PY, "-m", "generator", "generate", "--content", str(content), "--build-dir", str(tmp_path / "build"), cwd=project)
    assert result.returncode == 0, result.stderr
    work = tmp_path / "build" / "work" / "default-en-mkdocs-site"
    docs = work / "docs"
    assert (docs / "stories" / "sam.md").read_text() == NEW_PAGE  # the golden test
    assert "- [Sam kept going](sam.md): Turned down five times, hired on the sixth." in (docs / "stories" / "index.md").read_text()
    config = (work / "mkdocs.yml").read_text()
    assert "- Stories: stories/index.md" in config and "/stories/*.md" in config
    built = run(PY, "-m", "generator", "build", "--content", str(content), "--build-dir", str(tmp_path / "build"), cwd=project)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "build" / "default" / "site" / "stories" / "sam" / "index.html").is_file()
