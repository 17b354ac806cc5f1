"""Editions: one office (or none) in one language, rendered into a folder of its own.

An edition's work folder (``build/work/<edition>-<language>-<engine>-<mode>/``)
holds everything an engine needs and nothing it shares with another build:

* ``docs/``: the hand-written pages of ``docs/``, the generated pages, the
  office's logo, favicon, colours and pages;
* ``mkdocs.yml``: a generated configuration that inherits the project's
  ``mkdocs.yml`` (``INHERIT``) and sets what the edition changes.

MkDocs, ProperDocs and Zensical all build that folder. Only files whose bytes
changed are written, so a server watching the folder rebuilds once per change
and an unchanged edition rewrites nothing.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import models
from .markup import mark_english
from .office import OfficeEdition, lighten_for_dark
from .pages import hand_written
from .write import WriteResult, write_tree

ROOT = Path(__file__).resolve().parent.parent
IFRAME_WORKER = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
ENGINES = ("mkdocs", "properdocs", "zensical")
MODES = ("site", "serve", "offline")

#: What an engine does not do that the project's configuration asks for: said
#: in one line on every build with that engine, instead of dropped silently.
ENGINE_NOTES = {
    "zensical": [
        "Zensical reads only the 'separator' of the search settings: the tuned 'fields' boosts and 'pipeline' are not applied, so search ranks differently.",
        "Zensical has no search language setting: search splits words the same way in every language.",
    ],
    "properdocs": [],
    "mkdocs": [],
}


def language_name(code: str) -> str:
    """A language's name in that language ('Cymraeg', 'Français')."""
    from babel import Locale

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "office"


@dataclass
class Edition:
    """What to build: a knowledge base, an office (or None), a language, an engine and a mode."""

    content: Path
    office: OfficeEdition | None = None
    language: str = "en"
    engine: str = "mkdocs"
    mode: str = "site"
    #: where the site is served; default: the office's site_url, else localhost:8000
    site_url: str | None = None
    #: the project folder (mkdocs.yml, docs/, overrides/)
    root: Path = ROOT
    #: a tag that keeps two builds of the same edition apart (serve uses its port)
    tag: str = ""
    #: every language of the site this edition is part of, the main one first
    #: (the main language is at the site's address, each other under <code>/)
    languages: tuple[str, ...] = ()
    build_root: Path = field(default=None)  # type: ignore[assignment]

    def __post_init__(self):
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}")
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        self.root = Path(self.root).resolve()
        self.content = Path(self.content)
        if self.build_root is None:
            self.build_root = self.root / "build"
        if not self.languages:
            self.languages = (self.language,)
        self.languages = tuple(self.languages)

    @property
    def name(self) -> str:
        """The edition's name: the office folder's name, or 'default'."""
        return slug(self.office.folder.resolve().name) if self.office else "default"

    @property
    def work(self) -> Path:
        parts = [self.name, self.language, self.engine, self.mode] + ([self.tag] if self.tag else [])
        return self.build_root / "work" / "-".join(parts)

    @property
    def base_url(self) -> str:
        """The address of the site's main language."""
        if self.site_url:
            return self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        if self.office is not None and self.mode != "serve":
            return self.office.office.site_url
        return "http://127.0.0.1:8000/"

    def subfolder(self, language: str) -> str:
        """Where a language lives inside the site: '' for the main one, else '<code>/'."""
        return "" if language == self.languages[0] else f"{language}/"

    @property
    def url(self) -> str:
        return self.base_url + self.subfolder(self.language)

    def path_to(self, language: str) -> str:
        """The relative path from this language's root to another's (for links that work anywhere, file:// too):
        './' to itself, '<code>/' from the main language, '../' (+ '<code>/') from another."""
        if language == self.language:
            return "./"
        up = "../" if self.subfolder(self.language) else ""
        return (up + self.subfolder(language)) or "./"

    def alternates(self) -> list[dict]:
        """The site's languages, for the language links and the hreflang pairs of every page."""
        return [{"name": language_name(code), "lang": code, "link": self.path_to(code), "root": self.base_url + self.subfolder(code),
                 "current": code == self.language} for code in self.languages]

    @property
    def output(self) -> Path:
        """Where `make build` publishes the site by default."""
        suffix = "" if self.engine == "mkdocs" else f"-{self.engine}"
        return self.build_root / f"{self.name}{suffix}" / "site"


# ----------------------------------------------------------------------------- configuration
class _ProjectLoader(yaml.SafeLoader):
    """Reads the project's mkdocs.yml as data; tags such as !ENV or !!python/name become None."""


_ProjectLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ProjectLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _ConfigDumper(yaml.SafeDumper):
    """Multi-line values (the gitignore-style patterns) as readable blocks."""


_ConfigDumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


def project_config(root: Path = ROOT) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ProjectLoader) or {}


def nav(edition: Edition) -> list:
    """The reader's navigation, in the edition's language: home, the finder, the
    decoder, each kind's index, the office's pages, about."""
    from .i18n import translations

    _ = translations(edition.language, edition.root).gettext
    out: list = [{_("Home"): "index.md"}, {_("What happened?"): "finder/index.md"}, {_("What did they mean?"): "decoder/index.md"}]
    out += [{_(m.heading): f"{m.kind}/index.md"} for m in models.kinds_in_order()]
    if edition.office is not None:
        out += [{page_title(p): f"office/{p.name}"} for p in edition.office.pages]
    # Pages for careers-office staff (staff/, authoring/, tags) are linked from
    # the footer, not the reader's menu.
    out.append({_("About"): [
        {_("About this guide"): "about.md"},
        {_("Sources"): "sources/index.md"},
        {_("Privacy"): "privacy/index.md"},
        {_("Accessibility"): "accessibility/index.md"},
    ]})
    return out


def _site_description(edition: Edition) -> str:
    from .i18n import translations

    _ = translations(edition.language, edition.root).gettext
    return _("Turned down after a job interview? Short, practical plans and email templates for what to do next.")


#: Pages in the site but not in the reader's navigation (besides each kind's items).
STAFF_PAGES = ["/staff/", "/authoring/", "/tags.md"]


def page_title(page: Path) -> str:
    text = page.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^title:\s*(.+)$", text, re.M) or re.search(r"^#\s+(.+)$", text, re.M)
    return match.group(1).strip().strip("'\"") if match else page.stem.replace("-", " ").capitalize()


def search_language(language: str) -> str:
    """The search language for an edition: its own where the theme's search
    (lunr, with Material's lunr-languages) has word rules for it, else English."""
    if language == "en":
        return "en"
    try:
        import material
    except ImportError:  # an engine without Material's files: nothing to check against
        return "en"
    lunr = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return language if (lunr / f"lunr.{language}.min.js").is_file() else "en"


def search_notes(edition: Edition) -> list[str]:
    """One line when the edition's search cannot use the edition's language (said on
    every build, like the engine notes). Zensical reads no search language at all:
    its own note says so."""
    if edition.engine == "zensical" or search_language(edition.language) == edition.language:
        return []
    return [f"the theme's search has no word rules for '{edition.language}' (lunr has no '{edition.language}'): "
            f"the '{edition.language}' pages are searched with the English settings."]


def plugins(base: dict, language: str) -> list:
    """The project's plugins with the search language set for this edition. The
    child configuration's `plugins` list replaces the parent's (MkDocs merges
    mappings, not lists), so every plugin and every other search setting is
    copied as it is; only search's `lang` changes."""
    out = []
    for plugin in base.get("plugins") or []:
        if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
            settings = dict(plugin["search"] or {}) if isinstance(plugin, dict) else {}
            settings["lang"] = search_language(language)
            plugin = {"search": settings}
        out.append(plugin)
    return out


#: Our one stylesheet and one script, on every page, after the theme's and an
#: edition's office.css. The script is deferred: it never holds back the first
#: paint, and it starts on Material's document$ (after the page is parsed)
#: anyway. Here rather than in mkdocs.yml: Zensical appends the generated
#: configuration's lists to the inherited ones instead of replacing them.
OUR_CSS = ["stylesheets/nextround.css"]
OUR_JS = [{"path": "javascripts/nextround.js", "defer": True}]

#: Our own stylesheets and scripts (docs/stylesheets/*.css, docs/javascripts/*.js):
#: in a built site each is published under a name with a hash of its content.
FINGERPRINTED = (("stylesheets/", ".css"), ("javascripts/", ".js"))


def fingerprinted(edition: Edition) -> dict[str, str]:
    """Where our stylesheets and scripts are published: source path in docs/ ->
    path in the site, `stylesheets/nextround.css` -> `stylesheets/nextround.<hash>.css`
    (the first 10 hex digits of the content's SHA-256). A changed file gets a new
    name, so hosts can cache these files for a year without revalidating
    (netlify.toml, examples/hosting/nginx.conf), like the theme's own hashed
    assets. Not under `make serve` (mode "serve"), whose names stay as they are
    so a saved stylesheet is one rebuild, not a new file and a new configuration."""
    if edition.mode == "serve":
        return {}
    out = {}
    for rel, path in hand_written(edition.root).items():
        if any(rel.startswith(folder) and rel.endswith(ext) and rel.count("/") == 1 for folder, ext in FINGERPRINTED):
            stem, ext = rel.rsplit(".", 1)
            out[rel] = f"{stem}.{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}.{ext}"
    return out


def _published(entries: list, names: dict[str, str]) -> list:
    """extra_css / extra_javascript entries (a path, or a mapping with `path`) under their published names."""
    out = []
    for entry in entries:
        if isinstance(entry, dict):
            entry = {**entry, "path": names.get(entry.get("path"), entry.get("path"))}
        else:
            entry = names.get(entry, entry)
        out.append(entry)
    return out


def engine_config(edition: Edition, common: list[dict] | None = None, names: dict[str, str] | None = None) -> dict:
    """The generated configuration: the project's mkdocs.yml plus what this edition changes
    (`names`: fingerprinted(edition), when the caller has it already)."""
    base = project_config(edition.root)
    theme = dict(base.get("theme") or {})
    cfg: dict = {
        "INHERIT": str(edition.root / "mkdocs.yml"),
        "docs_dir": "docs",
        "site_dir": "site",
        "site_url": edition.url,
        "nav": nav(edition),
        # The site's description (search engines, pages without their own), in the edition's language.
        "site_description": _site_description(edition),
        # Item pages are reached from their kind's index page, not the navigation.
        "not_in_nav": "\n".join([f"/{kind}/*.md" for kind in models.KINDS] + STAFF_PAGES) + "\n",
        # MkDocs leaves a docs folder named templates/ out by default: keep every kind's folder.
        "exclude_docs": "\n".join(f"!/{kind}/" for kind in models.KINDS) + "\n",
    }
    # Each language's search uses that language's word rules where lunr has them.
    cfg["plugins"] = plugins(base, edition.language)
    # The theme overrides, with their text in the edition's language (see translated_overrides).
    theme_changes: dict = {"name": theme.get("name", "material"), "custom_dir": "overrides", "language": edition.language}
    names = fingerprinted(edition) if names is None else names
    extra_css = _published(list(base.get("extra_css") or []) + OUR_CSS, names)
    extra = dict(base.get("extra") or {})
    if "javascripts/decoder.js" in names:
        # nextround.js loads the decoder's script on the decoder page only: it
        # reads the published name from <meta name="nr-decoder-script">.
        extra["nr_decoder_script"] = names["javascripts/decoder.js"]
    if edition.office is not None:
        office = edition.office.office
        cfg["site_name"] = office.short_name
        cfg["copyright"] = office.footer or f"© {office.name}"
        theme_changes["logo"] = f"office/{office.logo}"
        theme_changes["favicon"] = f"office/{office.favicon}"
        palettes = []
        for palette in theme.get("palette") or []:
            palette = dict(palette)
            if "scheme" in palette:
                palette["primary"] = palette["accent"] = "custom"
            palettes.append(palette)
        theme_changes["palette"] = palettes
        extra_css.append("office/office.css")
        extra["nextround"] = office.model_dump()
    if common:
        # The most common situations, for the search fallback and the 404 page.
        extra["nextround_common"] = common
    if len(edition.languages) > 1:
        extra["alternate"] = edition.alternates()
    from .i18n import mkdocs_extra

    extra.update(mkdocs_extra(edition.language, edition.root))
    if edition.engine == "zensical":
        theme_changes["variant"] = "classic"
    if edition.mode == "offline":
        # file:// has no server: Material's offline plugin inlines the search
        # index; instant navigation needs a server, so it is switched off.
        theme_changes["features"] = [f for f in theme.get("features") or [] if not f.startswith("navigation.instant")]
        extra["polyfills"] = ["assets/javascripts/iframe-worker.js"]
        cfg["use_directory_urls"] = False
        cfg["plugins"] = cfg["plugins"] + ["offline"]
    cfg["theme"] = theme_changes
    cfg["extra_css"] = extra_css
    cfg["extra_javascript"] = _published(list(base.get("extra_javascript") or []) + OUR_JS, names)
    if extra:
        cfg["extra"] = extra
    return cfg


def office_css(office) -> str:
    primary, accent = office.colors.primary, office.colors.accent
    return f"""/* Generated from office.yml: the office's colours. */
:root, [data-md-color-scheme="default"] {{
  --md-primary-fg-color: {primary};
  --md-primary-fg-color--light: {primary};
  --md-primary-fg-color--dark: {primary};
  --md-primary-bg-color: #ffffff;
  --md-primary-bg-color--light: #ffffffb3;
  --md-accent-fg-color: {accent};
  --md-accent-fg-color--transparent: {accent}1a;
  --md-typeset-a-color: {primary};
  --nr-accent: {primary};
  --nr-chosen-bg: {primary}1f;
}}
[data-md-color-scheme="slate"] {{
  --md-primary-fg-color: {primary};
  --md-primary-fg-color--light: {primary};
  --md-primary-fg-color--dark: {primary};
  --md-accent-fg-color: {lighten_for_dark(accent)};
  --md-accent-fg-color--transparent: {accent}1a;
  --md-typeset-a-color: {lighten_for_dark(primary)};
  --nr-accent: {lighten_for_dark(primary)};
  --nr-chosen-bg: {primary}66;
}}
"""


# ----------------------------------------------------------------------------- files
class EditionError(Exception):
    """Something outside the content (a missing tool, a name clash) stops the edition."""


#: Hand-written pages for careers-office staff: kept in English in every
#: edition, so marked lang="en" in the others (WCAG 3.1.2).
ENGLISH_ONLY = ("staff/", "authoring/", "tags.md")
_LANGUAGE_VERSION = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:_[A-Z]{2})?)\.md$")


def in_language(files: dict[str, Path], language: str) -> dict[str, bytes | Path]:
    """The hand-written pages as one edition shows them. `about.cy.md` is
    `about.md` in the Welsh edition (and no page of its own in any edition);
    a page without a version in the edition's language stays as it is, and
    the staff pages, in English, are wrapped in `<div lang="en" markdown>`
    in a non-English edition."""
    from .i18n import SOURCE_LANGUAGE, languages

    known = set(languages()) | {language}
    out: dict[str, bytes | Path] = {}
    versions: dict[str, Path] = {}
    for rel, path in files.items():
        match = _LANGUAGE_VERSION.match(rel)
        if match and match["lang"] in known:
            if match["lang"] == language:
                versions[f"{match['stem']}.md"] = path
            continue
        out[rel] = path
    for rel, path in versions.items():
        if rel in out:
            out[rel] = path
    if language != SOURCE_LANGUAGE:
        for rel, path in list(out.items()):
            if rel.endswith(".md") and rel not in versions and rel.startswith(ENGLISH_ONLY):
                out[rel] = mark_english(Path(path).read_text(encoding="utf-8")).encode("utf-8")
    return out




def docs_files(edition: Edition, generated: dict[str, str], names: dict[str, str] | None = None) -> dict[str, bytes | Path]:
    """Every file of the edition's docs folder: relative path -> bytes, or a file to copy
    (`names`: fingerprinted(edition), when the caller has it already)."""
    files: dict[str, bytes | Path] = in_language(hand_written(edition.root), edition.language)
    for source, published in (fingerprinted(edition) if names is None else names).items():
        files[published] = files.pop(source)
    clash = sorted(set(files) & set(generated))
    if clash:
        raise EditionError(f"docs/{clash[0]} is written by hand but the generator also makes it; rename or delete docs/{clash[0]}")
    files.update({rel: text.encode("utf-8") for rel, text in generated.items()})
    if edition.office is not None:
        office = edition.office.office
        for name in {office.logo, office.favicon}:
            files[f"office/{name}"] = edition.office.folder / name
        files["office/office.css"] = office_css(office).encode("utf-8")
        # office/<page>.md: rendered by the generator (in `generated`), never the raw file
    if edition.mode == "offline":
        worker = edition.root / IFRAME_WORKER
        if not worker.is_file():
            raise EditionError(f"the offline edition needs {IFRAME_WORKER}: run 'npm ci' (make offline does)")
        files["assets/javascripts/iframe-worker.js"] = worker
    return files


@contextlib.contextmanager
def locked(folder: Path):
    """One build at a time per work folder; other editions' folders are not blocked."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


#: _("...") in a theme override: the call with one string literal (not a method
#: such as NextRound._ in an inline script).
_GETTEXT_CALL = re.compile(r"""(?<![\w.])_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)""")


def translated_overrides(edition: Edition) -> dict[str, bytes]:
    """The theme overrides for one edition: every `_("...")` replaced by the
    string in the edition's language, as a plain Jinja string literal. So the
    theme's own Jinja needs no translation machinery: MkDocs and ProperDocs
    (which would look for .mo files) and Zensical (whose MiniJinja has no
    gettext) all show the same translated text."""
    import ast
    import json

    from .i18n import translations

    _ = translations(edition.language, edition.root).gettext
    out: dict[str, bytes] = {}
    folder = edition.root / "overrides"
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            text = _GETTEXT_CALL.sub(lambda m: json.dumps(_(ast.literal_eval(m.group(1))), ensure_ascii=False), data.decode("utf-8"))
            data = text.encode("utf-8")
        out[path.relative_to(folder).as_posix()] = data
    return out


def prepare(edition: Edition, generated: dict[str, str], common: list[dict] | None = None) -> WriteResult:
    """Write the edition's docs folder and configuration (only what changed)."""
    work = edition.work
    work.mkdir(parents=True, exist_ok=True)
    names = fingerprinted(edition)
    files = docs_files(edition, generated, names)
    config = "# Generated by the Next Round generator for this edition: do not edit.\n"
    config += yaml.dump(engine_config(edition, common, names), Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=1000)
    # A server reads its folder while it is written; a build's folder is only
    # ever touched under the edition's lock (see locked()).
    watched = edition.mode == "serve"
    files_result = write_tree(files, work / "docs", watched=watched)
    overrides = write_tree(translated_overrides(edition), work / "overrides", watched=watched)
    files_result.written += overrides.written
    files_result.removed += overrides.removed
    write_tree({"mkdocs.yml": config.encode("utf-8")}, work, prune=False)
    return files_result


def engine_command(edition: Edition, action: str, *extra: str) -> list[str]:
    """The command line that runs the edition's engine from this Python environment."""
    import sys

    exe = Path(sys.executable).parent / edition.engine
    command = [str(exe) if exe.exists() else edition.engine, action, "-f", str(edition.work / "mkdocs.yml")]
    if action == "build" and edition.engine != "zensical":
        command.append("--strict")
    return command + list(extra)


def engine_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("SOURCE_DATE_EPOCH", _source_date())
    return env


def _source_date() -> str:
    """A build timestamp that changes only with the project's history (so an unchanged
    edition builds to the same bytes: sitemap dates, gzip headers)."""
    import subprocess

    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return "0"
