"""Author text is data, never markup (issue 11): every attempt in
tests/hostile_inputs.yml, in every plain and Markdown field, is refused with a
located message or reaches the page as inert text; plus one exact message per
class of refused input."""
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.build import load_knowledge_base, pages
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markup import _PLAIN_PARAGRAPH, Where, _convert, markdown_html, sanitise
from generator.problems import ContentError
from kbtools import FIXTURE

HERE = Path(__file__).resolve().parent
ATTEMPTS = yaml.safe_load((HERE / "hostile_inputs.yml").read_text(encoding="utf-8"))["attempts"]
#: The Markdown extensions MkDocs renders our pages with (mkdocs.yml).
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "def_list", "toc", "pymdownx.details"]
#: (file, field path, is a list) for plain and Markdown fields of each kind of page
PLAIN = [("habits/keep-going.yml", ("title",), False), ("habits/keep-going.yml", ("summary",), False),
         ("habits/keep-going.yml", ("tags",), True), ("sources.yml", ("sources", "guide", "title"), False),
         ("scenarios/internal-candidate.yml", ("also_known_as",), True)]
MARKDOWN = [("habits/keep-going.yml", ("why",), False), ("habits/keep-going.yml", ("steps",), True),
            ("scenarios/internal-candidate.yml", ("meaning",), False), ("scenarios/internal-candidate.yml", ("steps", "today"), True),
            ("templates/keep-me-in-mind.yml", ("timing",), False), ("templates/keep-me-in-mind.yml", ("mistakes",), True),
            ("reasons/internal-hire.yml", ("what_to_do",), True), ("feedback/ask-by-email.yml", ("advice",), False)]
HABIT = "title: T\nsummary: S\nsources: [guide]\nwhy: W\nsteps: [a]\n"


class Markup(HTMLParser):
    """Every (tag, attribute) in a page, and anything that could run or fetch."""

    def __init__(self):
        super().__init__()
        self.pairs: set[tuple[str, str]] = set()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.pairs.add((tag, name))
            value = value or ""
            # (ids are slugs of headings: text, whatever words they carry)
            if name.startswith("on") or (name != "id" and "pwned" in value.lower()):
                self.bad.append(f"<{tag} {name}={value!r}>")
            if name == "href" and not re.match(r"(https?://|mailto:|tel:|\.\.?/|#|[a-z0-9-]+(/|\.md|\.html|$))", value):
                self.bad.append(f"<{tag} href={value!r}>")
            if name == "src":
                self.bad.append(f"<{tag} src={value!r}>")
        self.pairs.add((tag, ""))


def html_of(out: dict[str, str]) -> Markup:
    check = Markup()
    for path, page in out.items():
        body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
        check.feed(markdown.markdown(body, extensions=EXTENSIONS))
        meta = yaml.safe_load(page.split("---\n", 2)[1]) if page.startswith("---\n") else {}
        for key in ("title", "description"):
            assert not re.search(r"<\s*[a-zA-Z/!?]", str(meta.get(key, ""))), (path, meta)
    return check


@pytest.fixture(scope="module")
def baseline() -> set[tuple[str, str]]:
    return html_of(pages(load_knowledge_base(FIXTURE))).pairs


def put(root: Path, rel: str, path: tuple, value, as_list: bool) -> None:
    file = root / rel
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = [value] if as_list else value
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("where", ["plain", "markdown"])
@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_attempt_is_refused_or_inert(tmp_path, baseline, attempt, where):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    for rel, path, as_list in PLAIN if where == "plain" else MARKDOWN:
        put(root, rel, path, attempt, as_list)
    try:
        kb = load_knowledge_base(root)
    except ContentError as exc:
        assert exc.problems and all(p.file and p.line >= 1 and p.column >= 1 and p.message and "\n" not in p.message for p in exc.problems)
        return
    check = html_of(pages(kb))
    assert not check.bad, check.bad
    assert check.pairs <= baseline | {("a", "href")}, sorted(check.pairs - baseline)


@pytest.fixture
def kb(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "kb"


CASES = {
    "image": (HABIT.replace("why: W", "why: '![p](http://other.example/pixel.png)'"), "kb/habits/x.yml:4:6: why: images are not allowed; link to the picture instead, like [photo](https://...)"),
    "script link split over two lines": (HABIT.replace("why: W", 'why: "[x](java\\nscript:alert(1))"'), "kb/habits/x.yml:4:6: why: links must use http, https or mailto addresses, or name a page of this site like '../habits/keep-going.md' (not 'java script:alert(1)')"),
    "link to another host without a scheme": (HABIT.replace("steps: [a]", "steps: ['[x](//other.example/a)']"), "kb/habits/x.yml:5:9: steps[0]: links must use http, https or mailto addresses, or name a page of this site like '../habits/keep-going.md' (not '//other.example/a')"),
    "link to a page that does not exist": (HABIT.replace("why: W", "why: 'See [this](../habits/keep-goin.md).'"), "kb/habits/x.yml:4:6: why: the link '../habits/keep-goin.md' names no page of this site (did you mean 'habits/keep-going'?); write pages like '../habits/keep-going.md'"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_refused_markdown_has_an_exact_located_message(kb, case):
    data, expected = CASES[case]
    (kb / "habits" / "x.yml").write_text(data)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    assert [str(p) for p in info.value.problems] == [expected]


def test_attribute_lists_in_author_text_stay_text(kb):
    (kb / "habits" / "x.yml").write_text(
        "title: 'Better rapport {tabindex=0 autofocus onfocus=alert(1)}'\nsummary: S\nsources: [guide]\n"
        "why: '[p](https://example.org/){ onmouseover=alert(1) }'\nsteps: ['See [going](../habits/keep-going.md#why).']\n"
    )
    page = pages(load_knowledge_base(kb))["habits/x.md"]
    assert "# Better rapport &#123;tabindex=0 autofocus onfocus=alert(1)&#125;\n" in page
    assert '<p><a href="https://example.org/">p</a>&#123; onmouseover=alert(1) &#125;</p>' in page
    assert '<li>See <a href="../keep-going/#why">going</a>.</li>' in page
    check = Markup()
    check.feed(markdown.markdown(page.split("---\n", 2)[2], extensions=EXTENSIONS))
    assert not check.bad and not {name for _, name in check.pairs} & {"tabindex", "autofocus", "onfocus", "onmouseover"}


@pytest.mark.parametrize("use_directory_urls, expected", [(True, "../../habits/keep-going/"), (False, "../habits/keep-going.html")])
def test_links_to_pages_follow_use_directory_urls(use_directory_urls, expected):
    where = Where(page="scenarios/ghosted.md", pages={"habits/keep-going": "habits/keep-going.md"}, use_directory_urls=use_directory_urls)
    for written in ("../habits/keep-going.md", "habits/keep-going.md", "/habits/keep-going/"):
        assert markdown_html(f"[k]({written})", where) == f'<p><a href="{expected}">k</a></p>'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:'\"()?%/-+*#>=_[]!<>&{}\t\né—\u00a0")), max_size=16))
def test_plain_paragraph_shortcut_gives_what_markdown_gives(source):
    # markdown_html skips the Markdown parser for text that can only be one plain paragraph
    if _PLAIN_PARAGRAPH.fullmatch(source):
        assert sanitise(f"<p>{source}</p>") == sanitise(_convert(source, Where(), headings=False)[0])
