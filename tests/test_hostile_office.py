"""Hostile office folders (issue 11): every file an office names is a regular file
inside its folder, SVGs hold no script or outside reference, pages follow the
rules of Markdown fields. Each case: one exact, located message."""
import os
from pathlib import Path

import pytest

from generator.build import load_knowledge_base, pages
from generator.office import load_office
from generator.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northgate"


def office_problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        edition = load_office(folder)
        load_knowledge_base(ROOT / "content", edition)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_favicon_symlink_to_a_private_file(office):
    (office / "favicon.svg").unlink()
    os.symlink("/etc/passwd", office / "favicon.svg")
    assert office_problems(office) == ["office/office.yml:8:10: favicon: 'favicon.svg' is a link; put the file itself in office"]


def test_page_symlink_to_a_private_file(office):
    os.symlink("/etc/passwd", office / "pages" / "passwd.md")
    assert office_problems(office) == ["office/pages/passwd.md:1:1: must be a file in the office folder, not a link"]


def test_folder_named_like_a_page(office):
    (office / "pages" / "x.md").mkdir()
    assert office_problems(office) == ["office/pages/x.md:1:1: is a folder; office pages are Markdown files"]


def test_page_with_invalid_utf8(office):
    (office / "pages" / "bad.md").write_bytes(b"# Title\n\ncaf\xe9\n")
    assert office_problems(office) == ["office/pages/bad.md:3:4: not valid UTF-8 text (byte 0xE9); save the file as UTF-8"]


def test_page_named_index(office):
    (office / "pages" / "index.md").write_text("# Home\n")
    assert office_problems(office) == ["office/pages/index.md:1:1: 'index' is a reserved name; rename the page, like 'index-1.md'"]


@pytest.mark.parametrize("body, expected", [
    ("<iframe src=https://other.example/></iframe>", "office/pages/evil.md:3:1: HTML is not allowed in office pages; use Markdown, and link to media instead of embedding it"),
    ("Text <script>alert(1)</script>", "office/pages/evil.md:3:6: HTML is not allowed in office pages; use Markdown, and link to media instead of embedding it"),
    ("![pixel](https://other.example/p.png)", "office/pages/evil.md:1:1: images are not allowed; link to the picture instead, like [photo](https://...)"),
    ("[x](java\nscript:alert(1))", "office/pages/evil.md:1:1: links must use http, https or mailto addresses, or name a page of this site like '../habits/keep-going.md' (not 'java script:alert(1)')"),
    ("See [the plan](../scenarios/ghostd.md).", "office/pages/evil.md:3:16: the link '../scenarios/ghostd.md' names no page of this site (did you mean 'scenarios/ghosted'?); write pages like '../habits/keep-going.md'"),
])
def test_page_content_follows_the_markdown_rules(office, body, expected):
    (office / "pages" / "evil.md").write_text("# Evil\n\n" + body + "\n")
    assert office_problems(office) == [expected]


def test_page_front_matter_is_checked(office):
    (office / "pages" / "meta.md").write_text("---\ntitle: <b>x</b>\n---\n# Meta\n")
    assert office_problems(office) == ["office/pages/meta.md:2:8: title: must be plain text: HTML tags are not allowed here"]


def test_svg_logo_with_script(office):
    (office / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">\n  <script>alert(1)</script>\n  <a href="https://other.example/"><rect onclick="x()"/></a>\n</svg>\n')
    assert office_problems(office) == [
        "office/logo.svg:2:3: SVG files must not hold scripts (<script>); export the image again without them",
        "office/logo.svg:3:3: SVG files must not refer to other files or sites ('href=\"https://other.example/\"' on <a>); embed the shape instead",
        "office/logo.svg:3:36: SVG files must not hold event handlers ('onclick' on <rect>)",
    ]


def test_svg_favicon_with_entities(office):
    (office / "favicon.svg").write_text('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg>&a;</svg>\n')
    assert office_problems(office) == ["office/favicon.svg:2:1: SVG files must not hold a DTD or entities (<!DOCTYPE ...>, <!ENTITY ...>)"]


def test_svg_with_foreign_object(office):
    (office / "logo.svg").write_text('<svg><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>\n')
    assert office_problems(office) == ["office/logo.svg:1:6: SVG files must not hold HTML (<foreignObject>)"]


def test_adviser_email_that_carries_markup(office):
    edit(office / "office.yml", "email: careers@northgate.example", "email: a@b.c){onmouseover=alert(document.domain)}(")
    assert office_problems(office) == [
        "office/office.yml:15:10: adviser.email: 'a@b.c){onmouseover=alert(document.domain)}(' is not an email address"
    ]


def test_adviser_url_that_carries_markup(office):
    edit(office / "office.yml", "url: https://careers.northgate.example/appointments/", "url: https://x.example/){onclick=alert(1)}(")
    assert office_problems(office) == [
        "office/office.yml:14:8: adviser.url: 'https://x.example/){onclick=alert(1)}(' is not a valid web address (start it with https://)"
    ]


def test_office_pages_are_rendered_as_sanitised_html(office):
    (office / "pages" / "links.md").write_text(
        "---\ntitle: Links\n---\n# Links {onclick=alert(1)}\n\nSee [ghosted](../scenarios/ghosted.md){ onmouseover=alert(1) } and [about](../about.md).\n"
    )
    edition = load_office(office)
    out = pages(load_knowledge_base(ROOT / "content", edition), edition)
    page = out["office/links.md"]
    assert page == (
        "---\ntitle: Links\n---\n\n"
        "<h1>Links &#123;onclick=alert(1)&#125;</h1>\n"
        '<p>See <a href="../../scenarios/ghosted/">ghosted</a>&#123; onmouseover=alert(1) &#125; and <a href="../../about/">about</a>.</p>\n'
    )
    offline = pages(load_knowledge_base(ROOT / "content", edition), edition, use_directory_urls=False)["office/links.md"]
    assert '<a href="../scenarios/ghosted.html">ghosted</a>' in offline and '<a href="../about.html">about</a>' in offline
