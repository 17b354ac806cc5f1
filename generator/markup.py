"""Author text on its way into a page.

Author text is data, never markup. Plain fields are escaped for the Markdown
the page templates write (``text``, ``attr``). Markdown fields are turned into
HTML here, not by MkDocs: a restricted Python-Markdown (emphasis, lists, links;
headings too for office pages; no raw HTML, images, attribute lists,
reference-style links or entities) and then nh3, an allowlist sanitiser, so a
trick nobody listed fails closed. The templates put that HTML into the page as
raw HTML blocks, which MkDocs passes through verbatim.

Links may go to http, https and mailto addresses, or to a page of this site.
Authors write a page of the site as its Markdown file, like
``../habits/keep-going.md`` (from an item page, as MkDocs authors do) or
``habits/keep-going.md``; it is resolved relative to the page it appears on.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
import yaml
from markdown.treeprocessors import Treeprocessor

#: libyaml's emitter where PyYAML has it (about ten times faster; the same output)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_BLOCK_START = re.compile(r"^(\s*\d*)([-+:.)])", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


@functools.lru_cache(maxsize=1 << 16)
def text(value: str) -> str:
    """Plain text made safe for Markdown: HTML escaped, Markdown punctuation escaped,
    braces as entities (so attr_list never sees '{...}'), and no line starting a
    list or definition ("- ", "1. ", ": ")."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def front_matter(**fields) -> str:
    data = {k: v for k, v in fields.items() if v not in (None, [], {})}
    return "---\n" + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


# --------------------------------------------------------------------------- links
SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: Browsers drop ASCII tabs and newlines anywhere in a URL and spaces or
#: control characters at its ends: so must we before judging it.
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Link:
    href: str
    #: "web" (http/https), "mail", "page" (a page of this site) or "bad"
    kind: str
    #: for "page": the page's key ("habits/keep-going", "" for the home page)
    page: str = ""
    #: for "page": "?query#anchor" kept as written
    rest: str = ""


def classify(href: str) -> Link:
    clean = _URL_JUNK.sub("", href)
    m = _SCHEME.match(clean)
    if m:
        scheme = m.group(1).lower()
        after = clean[m.end():]
        if re.search(r"[\"'<>`{}\\]", after):
            return Link(href, "bad")  # not URL characters: a breakout attempt or a typo
        if scheme in ("http", "https") and after.startswith("//") and len(after) > 2:
            return Link(href, "web")
        if scheme == "mailto" and "@" in after:
            return Link(href, "mail")
        return Link(href, "bad")
    if clean.startswith(("//", "\\", "/\\")) or "\\" in clean:
        return Link(href, "bad")  # another host ("//other.example") or a browser's guess at one
    path, sep, anchor = clean.partition("#")
    path, qsep, query = path.partition("?")
    rest = (qsep + query) + (sep + anchor)
    if not path:
        return Link(href, "page", page=None, rest=rest)  # an anchor on the same page
    key = path
    while key.startswith(("../", "./")):
        key = key[3:] if key.startswith("../") else key[2:]
    key = key.lstrip("/")
    for suffix in (".md", ".html"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    key = key.rstrip("/")
    if key == "index":
        key = ""
    elif key.endswith("/index"):
        key = key[: -len("/index")]
    if ".." in key.split("/"):
        return Link(href, "bad")
    return Link(href, "page", page=key, rest=rest)


def page_key(path: str) -> str:
    """'habits/keep-going.md' -> 'habits/keep-going'; 'habits/index.md' -> 'habits'; 'index.md' -> ''."""
    key = path[: -len(".md")] if path.endswith(".md") else path
    if key == "index":
        return ""
    return key[: -len("/index")] if key.endswith("/index") else key


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs publishes a page, relative to the site root."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if use_directory_urls else folder + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def relative_url(from_page: str, to_page: str, use_directory_urls: bool = True, from_source: bool = False) -> str:
    """The link from one page (a docs path like 'scenarios/ghosted.md') to another.

    `from_source`: relative to the page's Markdown file rather than to its
    address, for an engine that rewrites links in raw HTML as if they were
    written in the source file (Zensical does; MkDocs leaves them alone)."""
    src, dst = page_url(from_page, use_directory_urls), page_url(to_page, use_directory_urls)
    if from_source:
        src = posixpath.dirname(from_page) + "/" if "/" in from_page else ""
    here = src if src.endswith("/") or src == "" else posixpath.dirname(src) + "/"
    rel = posixpath.relpath(dst or ".", here.rstrip("/") or ".")
    if dst == "" or dst.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


# --------------------------------------------------------------------------- rendering
@dataclass
class Where:
    """Where author Markdown is rendered: the page it is on and the pages that exist."""

    page: str = "index.md"
    #: page key -> docs path, for every page of the site ({} = no internal links)
    pages: dict[str, str] = field(default_factory=dict)
    use_directory_urls: bool = True
    #: links in raw HTML relative to the Markdown file (see relative_url)
    from_source: bool = False


class _LinkCheck(Treeprocessor):
    """Keeps a link's address only when it is allowed and (for a page of the site) exists."""

    def run(self, root: etree.Element):
        where: Where = self.md.nr_where
        for a in list(root.iter("a")):
            link = classify(a.get("href", ""))
            self.md.nr_links.append(link)
            a.attrib.pop("title", None)
            href = None
            if link.kind in ("web", "mail"):
                href = _URL_JUNK.sub("", link.href)
            elif link.kind == "page" and link.page is None:
                href = link.rest
            elif link.kind == "page" and link.page in where.pages:
                href = relative_url(where.page, where.pages[link.page], where.use_directory_urls, where.from_source) + link.rest
            if href:
                a.set("href", href)
            else:
                a.attrib.pop("href", None)


_INLINE_OFF = ["html", "entity", "image_link", "image_reference", "short_image_ref", "reference", "short_reference"]
_BLOCK_OFF = ["code", "hr", "quote", "reference"]


def _instance(headings: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _INLINE_OFF:
        md.inlinePatterns.deregister(name)
    for name in _BLOCK_OFF + ([] if headings else ["hashheader", "setextheader"]):
        md.parser.blockprocessors.deregister(name)
    md.postprocessors.deregister("raw_html")
    md.treeprocessors.register(_LinkCheck(md), "nr_links", 5)
    md.nr_links = []
    md.nr_where = Where()
    return md


_INSTANCES: dict[bool, markdown.Markdown] = {}
TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br"}
PAGE_TAGS = TAGS | {"h1", "h2", "h3", "h4"}


def _convert(source: str, where: Where, *, headings: bool) -> tuple[str, list[Link]]:
    md = _INSTANCES.get(headings) or _INSTANCES.setdefault(headings, _instance(headings))
    md.reset()
    md.nr_links = []
    md.nr_where = where
    out = md.convert(source)
    return out, md.nr_links


def sanitise(fragment: str, *, headings: bool = False) -> str:
    """The allowlist: what may reach a page from author text, whatever produced it."""
    clean = nh3.clean(
        fragment,
        tags=PAGE_TAGS if headings else TAGS,
        attributes={"a": {"href"}},
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # Braces as entities: even if this HTML were read as Markdown again, no
    # attribute list could form. No blank lines: it stays one raw HTML block.
    clean = clean.replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"\n\s*\n", "\n", clean).strip()


#: Text that Markdown can only turn into one plain paragraph: one line, none of
#: Markdown's or HTML's special characters, no block marker at the start.
#: (Most author text; it skips the Markdown parser. tests/test_hostile_content.py
#: checks that both paths give the same HTML.)
_PLAIN_PARAGRAPH = re.compile(r"(?![-+*>#=]|\d+[.)])[^\s\\`*_\[\]<>&!{}#|](?:[^\t\n\r\\`*_\[\]<>&!{}#|]*[^\s\\`*_\[\]<>&!{}#|])?")


def markdown_html(source: str, where: Where | None = None, *, inline: bool = False, headings: bool = False) -> str:
    """Author Markdown -> sanitised HTML. `inline` drops a lone paragraph's <p>."""
    if _PLAIN_PARAGRAPH.fullmatch(source):
        out = "<p>" + source + "</p>"
    else:
        out, _ = _convert(source, where or Where(), headings=headings)
    out = sanitise(out, headings=headings)
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


@functools.lru_cache(maxsize=4096)
def _links(source: str, headings: bool) -> tuple[Link, ...]:
    if "[" not in source and "<" not in source:
        return ()  # no link can be written without one of these
    return tuple(_convert(source, Where(), headings=headings)[1])


def links(source: str, *, headings: bool = False) -> list[Link]:
    """Every link in author Markdown, as the renderer sees it."""
    return list(_links(str(source), headings))


_IMAGE = re.compile(r"!\[")


def markdown_problems(source: str, *, headings: bool = False) -> list[str]:
    """What the renderer would drop from author Markdown, as messages (no knowledge of
    which pages exist: `generator.validate` checks links to pages)."""
    out = []
    if _IMAGE.search(source):
        out.append("images are not allowed; link to the picture instead, like [photo](https://...)")
    for link in links(source, headings=headings):
        if link.kind == "bad":
            shown = " ".join(link.href.split())[:60]
            out.append(f"links must use http, https or mailto addresses, or name a page of this site like '../habits/keep-going.md' (not '{shown}')")
    return out


def mark_english(page: str) -> str:
    """A Markdown page's body (after its front matter) inside `<div lang="en" markdown>`."""
    front = ""
    match = re.match(r"---\n(.*?\n)---\n", page, re.S)
    if match:
        # text_lang: the theme marks the page's title and table of contents too.
        front, page = f"---\n{match.group(1)}text_lang: en\n---\n", page[match.end():]
    return f'{front}\n<div lang="en" markdown>\n\n{page.strip()}\n\n</div>\n'
