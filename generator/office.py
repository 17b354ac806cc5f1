"""A careers office's edition: office.yml (branding, contacts, hidden items), its
own content overlay and extra pages. Validated like content: every problem at once,
each with file, line and field."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, ValidationError

from . import models
from .models import Line, Strict
from .load import Document, parse
from .markup import front_matter, markdown_html, markdown_problems
from .problems import ContentError, Problem, did_you_mean, display_path
from .validate import load_model, model_problems

HEX = r"^#[0-9a-fA-F]{6}$"
URL = r"^https?://[^\s<>\"'(){}\[\]\\`|^]+$"
EMAIL = r"^[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$"
PHONE = r"^\+?[0-9][0-9 ()\-]{2,24}$"
IMAGE = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*\.(svg|png|jpg|jpeg|webp|ico)$"
HIDDEN = rf"^(({'|'.join(models.KINDS)})/)?[a-z0-9]+(-[a-z0-9]+)*$"
models.PATTERN_HELP.update({
    HEX: "'{value}' is not a colour: write it as #rrggbb, like '#1d4f91'",
    URL: "'{value}' is not a valid web address (start it with https://)",
    EMAIL: "'{value}' is not an email address",
    PHONE: "'{value}' is not a phone number: use digits, spaces and an optional leading +",
    IMAGE: "'{value}' must be an image file name in the office folder (.svg, .png, .jpg, .webp or .ico)",
    HIDDEN: "'{value}' is not an item id: write it like 'ghosted' or 'scenarios/ghosted'",
})
Url = Annotated[str, StringConstraints(pattern=URL)]
Email = Annotated[str, StringConstraints(pattern=EMAIL)]
Phone = Annotated[str, StringConstraints(pattern=PHONE)]
FileName = Annotated[str, StringConstraints(pattern=IMAGE)]
HiddenId = Annotated[str, StringConstraints(pattern=HIDDEN)]


def supported_languages() -> list[str]:
    """Languages the whole interface is available in: English, and each language
    with a catalogue in locale/ that the theme also has."""
    root = Path(__file__).resolve().parent.parent / "locale"
    found = {p.parent.parent.name for p in root.glob("*/LC_MESSAGES/messages.po")} if root.is_dir() else set()
    return sorted({"en"} | (found & set(theme_languages())))


def _language_hint(value: str, supported: list[str]) -> str:
    """' (did you mean 'cy'?)' for a near code, or for a language's name ('Welsh', 'Cymraeg')."""
    from babel import Locale

    for code in supported:
        locale = Locale.parse(code)
        if value.strip().lower() in {(locale.get_display_name("en") or "").lower(), (locale.get_display_name(code) or "").lower()}:
            return f" (did you mean '{code}'?)"
    return did_you_mean(value, supported)


def office_languages(office) -> list[str]:
    """The office's languages, the main one first."""
    return list(office.languages) or [office.language]


def theme_languages() -> list[str]:
    """Interface languages the theme (Material for MkDocs) has translations for."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return sorted(p.stem for p in folder.glob("*.html"))


#: Material's light and dark page backgrounds, and the white text on the header.
#: Slate is hsl(var(--md-hue) 15% 14%) with --md-hue 225deg in 9.8.1: #1e2129.
WHITE = "#ffffff"
SLATE_BG = "#1e2129"


class Colors(Strict):
    primary: Annotated[str, StringConstraints(pattern=HEX)] = Field(description="Header and link colour, like `#1d4f91`. White text on it must reach 4.5:1 contrast.")
    accent: Annotated[str, StringConstraints(pattern=HEX)] = Field(description="Colour of links and buttons under the pointer, like `#b3261e`. Must reach 4.5:1 contrast on white.")


class Adviser(Strict):
    label: Line = Field(description="What to call the service, like 'Book a careers appointment'.")
    url: Url = Field(description="Booking or information page.")
    email: Email | None = Field(default=None, description="Optional email address.")
    phone: Phone | None = Field(default=None, description="Optional phone number.")
    hours: Line | None = Field(default=None, description="Optional opening hours, like 'Mon-Fri 9:00-17:00'.")


class Wellbeing(Strict):
    label: Line = Field(description="Name of the wellbeing or counselling service.")
    url: Url = Field(description="Its web page.")
    phone: Phone | None = Field(default=None, description="Optional phone number.")


class Crisis(Strict):
    label: Line = Field(description="Name of an urgent support line.")
    phone: Phone = Field(description="Its phone number.")
    url: Url | None = Field(default=None, description="Optional web page.")


class Office(Strict):
    """`office.yml`: one careers office's edition of the site."""

    owner: ClassVar[str] = "office.yml's"

    name: Line = Field(description="Full name, like 'Northgate University Careers Centre'.", max_length=120)
    short_name: Line = Field(description="Short name for the header, like 'Northgate Careers'.", max_length=40)
    site_url: Url = Field(description="Where the site will be published; may include a sub-path, like `https://example.edu/careers/rejection/`.")
    logo: FileName = Field(description="Logo file in the office folder (SVG or PNG, shown on the header's colour).")
    favicon: FileName = Field(description="Browser tab icon file in the office folder (SVG, PNG or ICO).")
    colors: Colors
    adviser: Adviser
    wellbeing: Wellbeing
    crisis: Crisis | None = Field(default=None, description="Optional urgent support line.")
    contact_email: Email = Field(description="Who to contact about the site, for the privacy notice and accessibility statement.")
    footer: Line | None = Field(default=None, description="Optional line of text for the footer.", max_length=300)
    language: str = Field(default="en", description="Language of the site, like `en`, `cy` or `fr`: its buttons, labels and pages, and the guide's text where a translation exists.")
    languages: list[str] = Field(default_factory=list, description="For a bilingual (or multilingual) site: its languages, like `[en, cy]`. The first is at `site_url`, each other under `site_url` + `<code>/`, and every page links to the same page in the other languages. Leave out for one language (`language`).")
    hide: list[HiddenId] = Field(default_factory=list, description="Ids of items to leave out, like `internal-hire` or `reasons/internal-hire`.")


# ----------------------------------------------------------------------------- contrast
def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lighten_for_dark(hex_colour: str, background: str = SLATE_BG, target: float = 4.5) -> str:
    """The colour mixed with white just enough to read on the dark scheme's background."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(0, 101):
        t = step / 100
        mixed = "#" + "".join(f"{round(c + (255 - c) * t):02x}" for c in (r, g, b))
        if contrast(mixed, background) >= target:
            return mixed
    return WHITE


# ----------------------------------------------------------------------------- loading
class OfficeEdition:
    """A validated office folder."""

    def __init__(self, folder: Path, office: Office):
        self.folder = folder
        self.office = office

    @property
    def content(self) -> Path | None:
        path = self.folder / "content"
        return path if path.is_dir() else None

    @property
    def pages(self) -> list[Path]:
        """The office's extra pages (load_office has checked each is a regular .md file)."""
        folder = self.folder / "pages"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.is_symlink())

    def render_page(self, path: Path, where) -> str:
        """An office page as the site shows it: its front matter, then its Markdown
        rendered like content (headings allowed) as sanitised HTML."""
        meta, body, _ = split_page(path.read_text(encoding="utf-8"))
        title = meta.get("title") or page_title(body) or path.stem.replace("-", " ").capitalize()
        return front_matter(title=title, description=meta.get("description")) + "\n" + markdown_html(body, where, headings=True) + "\n"


def load_office(folder: Path) -> OfficeEdition:
    problems: list[Problem] = []
    doc, office = read_office(Path(folder), problems)
    if problems:
        raise ContentError(problems)
    edition = OfficeEdition(Path(folder), office)
    edition.doc = doc
    return edition


def read_office(folder: Path, problems: list[Problem]):
    """office.yml and the files it names: (document, Office or None), problems appended."""
    path = folder / "office.yml"
    if not folder.is_dir():
        raise ContentError([Problem(display_path(folder), 1, 1, "", f"office folder not found: looked for {folder.resolve()}")])
    if not path.is_file():
        raise ContentError([Problem(display_path(path), 1, 1, "", "missing: an office folder needs an office.yml")])
    doc, office = load_model(path, Office, problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    for field in ("logo", "favicon"):
        name = data.get(field)
        if isinstance(name, str) and re.match(IMAGE, name):
            problems.extend(_check_file(doc, field, folder, name))
    supported = supported_languages()
    language = data.get("language")
    if isinstance(language, str) and language not in supported:
        problems.append(doc.problem(("language",), f"'{language}' is not a supported language{_language_hint(language, supported)}; supported: {', '.join(supported)}"))
    codes = data.get("languages")
    if isinstance(codes, list):
        for i, code in enumerate(codes):
            if not isinstance(code, str):
                continue
            if code not in supported:
                problems.append(doc.problem(("languages", i), f"'{code}' is not a supported language{_language_hint(code, supported)}; supported: {', '.join(supported)}"))
            elif code in codes[:i]:
                problems.append(doc.problem(("languages", i), f"'{code}' is listed twice"))
        if "language" in data and codes and data.get("language") != codes[0]:
            problems.append(doc.problem(("language",), "give either 'language' (one language) or 'languages' (the first is the main one), not both"))
    if office is not None:
        c = office.colors
        ratio = contrast(c.primary, WHITE)
        if ratio < 4.5:
            problems.append(doc.problem(("colors", "primary"), f"white text on {c.primary} has a contrast of {ratio:.2f}:1; WCAG AA needs 4.5:1, so choose a darker colour"))
        ratio = contrast(c.accent, WHITE)
        if ratio < 4.5:
            problems.append(doc.problem(("colors", "accent"), f"{c.accent} on a white page has a contrast of {ratio:.2f}:1; WCAG AA needs 4.5:1, so choose a darker colour"))
        if not office.site_url.endswith("/"):
            problems.append(doc.problem(("site_url",), "must end with '/'"))
    pages = folder / "pages"
    if pages.is_symlink():
        problems.append(Problem(display_path(pages), 1, 1, "", "must be a folder inside the office folder, not a link"))
    elif pages.is_dir():
        for page in sorted(pages.iterdir()):
            if page.name.startswith("."):
                continue
            if page.suffix != ".md" or not re.match(models.SLUG, page.stem):
                problems.append(Problem(display_path(page), 1, 1, "", "office pages are Markdown files named like 'book-an-appointment.md'"))
            elif page.stem in models.RESERVED_IDS:
                problems.append(Problem(display_path(page), 1, 1, "", f"'{page.stem}' is a reserved name; rename the page, like '{page.stem}-1.md'"))
            elif page.is_symlink():
                problems.append(Problem(display_path(page), 1, 1, "", "must be a file in the office folder, not a link"))
            elif not page.is_file():
                problems.append(Problem(display_path(page), 1, 1, "", "is a folder; office pages are Markdown files"))
            else:
                problems.extend(check_page(page))
    return doc, office


def check_edition(content: Path, folder: Path | None):
    """An office folder and the knowledge base with its overlay, checked in one pass.

    Returns (office edition or None, linked knowledge base); raises ContentError
    with every problem in office.yml, its files, its pages, its overlay and the
    content together.
    """
    from .build import load_knowledge_base

    problems: list[Problem] = []
    edition = None
    if folder is not None:
        folder = Path(folder)
        try:
            doc, office = read_office(folder, problems)
        except ContentError as exc:  # no folder, or no office.yml
            raise ContentError(problems + exc.problems) from None
        if problems:
            # office.yml has problems: still check its overlay and its hide list.
            edition = _PartialOffice(folder, doc)
        else:
            edition = OfficeEdition(folder, office)
            edition.doc = doc
    try:
        kb = load_knowledge_base(content, edition)
    except ContentError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return edition, kb


class _PartialOffice(OfficeEdition):
    """An office folder whose office.yml has problems: its overlay, and the
    well-formed entries of its hide list, are still checked."""

    def __init__(self, folder: Path, doc):
        data = doc.data if isinstance(doc.data, dict) else {}
        hide = data.get("hide") if isinstance(data.get("hide"), list) else []
        hide = [h if isinstance(h, str) and re.match(HIDDEN, h) else "" for h in hide]
        super().__init__(folder, type("PartialOffice", (), {"hide": hide})())
        self.doc = doc


# ----------------------------------------------------------------------------- files
def _check_file(doc: Document, field: str, folder: Path, name: str) -> list[Problem]:
    """A file office.yml names: a regular file inside the office folder; an SVG without script."""
    path = folder / name
    if path.is_symlink():
        return [doc.problem((field,), f"'{name}' is a link; put the file itself in {display_path(folder)}")]
    if not path.exists():
        return [doc.problem((field,), f"no file '{name}' in {display_path(folder)}")]
    if not path.is_file():
        return [doc.problem((field,), f"'{name}' is not a file")]
    if not path.resolve().is_relative_to(folder.resolve()):
        return [doc.problem((field,), f"'{name}' is not inside {display_path(folder)}")]
    if path.suffix.lower() == ".svg":
        return check_svg(path)
    return []


class _SvgCheck:
    """SAX handler: what an SVG may not hold, with the line and column of each."""

    EXTERNAL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.locator = None
        self.in_style = False

    # xml.sax.handler.ContentHandler interface
    def setDocumentLocator(self, locator):
        self.locator = locator

    def _add(self, message: str):
        line = self.locator.getLineNumber() if self.locator else 1
        column = (self.locator.getColumnNumber() or 0) + 1 if self.locator else 1
        self.problems.append(Problem(self.name, line, column, "", message))

    def startElement(self, tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local.lower() == "script":
            self._add("SVG files must not hold scripts (<script>); export the image again without them")
        elif local.lower() == "foreignobject":
            self._add("SVG files must not hold HTML (<foreignObject>)")
        self.in_style = local.lower() == "style"
        for attr in attrs.getNames():
            value = attrs.getValue(attr)
            local_attr = attr.rsplit(":", 1)[-1].lower()
            if local_attr.startswith("on"):
                self._add(f"SVG files must not hold event handlers ('{attr}' on <{local}>)")
            elif local_attr in ("href", "src") and not value.strip().startswith("#"):
                self._add(f"SVG files must not refer to other files or sites ('{attr}=\"{value[:40]}\"' on <{local}>); embed the shape instead")
            elif local_attr == "style" and self.EXTERNAL.search(value):
                self._add(f"SVG files must not load other files or sites (a 'url(...)' in a style on <{local}>)")

    def endElement(self, tag):
        self.in_style = False

    def characters(self, content):
        if self.in_style and self.EXTERNAL.search(content):
            self._add("SVG files must not load other files or sites (a 'url(...)' or '@import' in <style>)")

    def __getattr__(self, name):  # every other ContentHandler callback: nothing to check
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def check_svg(path: Path) -> list[Problem]:
    """Problems in an SVG logo or favicon, read by an XML parser that refuses DTDs and entities."""
    import xml.sax

    import defusedxml.sax
    from defusedxml import DefusedXmlException

    name = display_path(path)
    handler = _SvgCheck(name)
    try:
        defusedxml.sax.parseString(path.read_bytes(), handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        line = handler.locator.getLineNumber() if handler.locator else 1
        return [Problem(name, line, 1, "", "SVG files must not hold a DTD or entities (<!DOCTYPE ...>, <!ENTITY ...>)")]
    except xml.sax.SAXParseException as exc:
        return [Problem(name, exc.getLineNumber(), exc.getColumnNumber() + 1, "", f"not a valid SVG file: {exc.getMessage()}")]
    except (OSError, ValueError) as exc:
        return [Problem(name, 1, 1, "", f"cannot read file: {exc}")]
    return sorted(set(handler.problems))


# ----------------------------------------------------------------------------- pages
class PageMeta(Strict):
    title: Line | None = Field(default=None, description="Page title (otherwise its first '# ' heading).")
    description: Line | None = Field(default=None, description="One line for search engines.")


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)
_HTML_TAG_AT = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_ENTITY_AT = re.compile(r"&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


def split_page(text: str) -> tuple[dict, str, int]:
    """(front matter as data, body, number of lines before the body); front matter is read as text."""
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    doc, problems = parse(Document(Path("page")), (m.group(1) or "").encode(), holds="title: ...")
    meta = doc.data if isinstance(doc.data, dict) and not problems else {}
    return meta, text[m.end():], text[: m.end()].count("\n")


def page_title(body: str) -> str | None:
    m = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.MULTILINE)
    return m.group(1) if m else None


def _at(text: str, index: int, offset: int = 0) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1 + offset, index - (text.rfind("\n", 0, index) + 1) + 1


def check_page(path: Path) -> list[Problem]:
    """An office page follows the rules of Markdown fields (headings allowed too)."""
    name = display_path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [Problem(name, line, column, "", f"not valid UTF-8 text (byte 0x{raw[exc.start]:02X}); save the file as UTF-8")]
    problems = []
    m = _FRONT.match(text)
    if m:
        doc, found = parse(Document(path), (m.group(1) or "").encode(), holds="title: ...")
        for p in found:  # front matter starts on the file's second line
            problems.append(Problem(p.file, p.line + 1, p.column, p.field, p.message))
        if not found and doc.data is not None:
            try:
                PageMeta.model_validate(doc.data)
            except ValidationError as exc:
                problems += [Problem(p.file, p.line + 1, p.column, p.field, p.message) for p in model_problems(doc, PageMeta, exc)]
    _, body, offset = split_page(text)
    for i, ch in enumerate(body):
        if (ord(ch) < 32 and ch not in "\n\t\r") or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            problems.append(Problem(name, *_at(body, i, offset), "", f"contains the control character U+{ord(ch):04X}; delete it"))
            break
    for pattern, message in ((_HTML_TAG_AT, "HTML is not allowed in office pages; use Markdown, and link to media instead of embedding it"),
                             (models._BAD_URL, "links must use http, https or mailto addresses (no 'javascript:', 'vbscript:' or 'data:')"),
                             (_ENTITY_AT, "HTML entities like '&amp;' are not allowed; type the character itself")):
        m = pattern.search(body)  # the first is enough: the message applies to every one
        if m:
            problems.append(Problem(name, *_at(body, m.start(), offset), "", message))
    for message in dict.fromkeys(markdown_problems(body, headings=True)):
        problems.append(Problem(name, 1, 1, "", message))
    return problems
