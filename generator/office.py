"""A careers office's edition: office.yml (branding, contacts, hidden items), its
own content overlay and extra pages. Validated like content: every problem at once,
each with file, line and field."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints

from . import models
from .models import Line, Strict
from .problems import ContentError, Problem, did_you_mean, display_path
from .validate import load_model

HEX = r"^#[0-9a-fA-F]{6}$"
URL = r"^https?://[^\s<>\"']+$"
EMAIL = r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$"
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
    language: str = Field(default="en", description="Language of the site's buttons and labels (the guide's text is in English), like `en`, `cy` or `fr`.")
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
        folder = self.folder / "pages"
        return sorted(folder.glob("*.md")) if folder.is_dir() else []


def load_office(folder: Path) -> OfficeEdition:
    folder = Path(folder)
    path = folder / "office.yml"
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ContentError([Problem(display_path(folder), 1, 1, "", "office folder not found")])
    if not path.is_file():
        raise ContentError([Problem(display_path(path), 1, 1, "", "missing: an office folder needs an office.yml")])
    doc, office = load_model(path, Office, problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    for field in ("logo", "favicon"):
        name = data.get(field)
        if isinstance(name, str) and "/" not in name and "\\" not in name and not (folder / name).is_file():
            problems.append(doc.problem((field,), f"no file '{name}' in {display_path(folder)}"))
    language = data.get("language")
    if isinstance(language, str) and language not in (languages := theme_languages()):
        problems.append(doc.problem(("language",), f"'{language}' is not a language the theme has{did_you_mean(language, languages)}; for English use 'en'"))
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
        if pages.is_dir():
            for page in sorted(pages.iterdir()):
                if page.suffix != ".md" or not re.match(models.SLUG, page.stem):
                    problems.append(Problem(display_path(page), 1, 1, "", "office pages are Markdown files named like 'book-an-appointment.md'"))
    if problems:
        raise ContentError(problems)
    edition = OfficeEdition(folder, office)
    edition.doc = doc
    return edition
