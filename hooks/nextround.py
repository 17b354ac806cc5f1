"""MkDocs hook: run the Next Round generator before each build, watch content/.

All the work is in the `generator` package; this file only connects it to
MkDocs, so the generated Markdown also builds with other engines after
`python -m generator build`.

Settings (environment variables, set by the Makefile):
  NEXTROUND_CONTENT   knowledge base folder (default: content/ beside mkdocs.yml)
  NEXTROUND_OFFICE    a careers office folder (office.yml, content/, pages/)
  NEXTROUND_SITE_URL  where the site is served (default: the office's site_url)
  NEXTROUND_OFFLINE   "true" for the edition that works from file:// (make offline)
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from generator.build import generate
from generator.office import lighten_for_dark, load_office
from generator.problems import ContentError
from generator.render import common_situations
from generator.validate import load_knowledge_base

log = logging.getLogger("mkdocs.hooks.nextround")
ROOT = Path(__file__).resolve().parent.parent
IFRAME_WORKER = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
_state: dict = {}


def _path(config, variable: str, default: str | None) -> Path | None:
    value = os.environ.get(variable) or default
    if not value:
        return None
    return (Path(config.config_file_path).resolve().parent / value).resolve()


def _offline() -> bool:
    return os.environ.get("NEXTROUND_OFFLINE", "").lower() in ("1", "true", "yes")


def _fail(exc: ContentError, what: str):
    raise PluginError(f"Next Round: the {what} has problems:\n" + exc.report()) from None


def on_config(config, **kwargs):
    folder = _path(config, "NEXTROUND_OFFICE", None)
    _state.clear()
    _state["office"] = None
    if folder is not None:
        try:
            edition = load_office(folder)
        except ContentError as exc:
            _fail(exc, "office folder")
        _state["office"] = edition
        office = edition.office
        config.site_name = office.short_name
        if not os.environ.get("NEXTROUND_SITE_URL"):
            config.site_url = office.site_url
        config.theme["language"] = office.language
        config.theme["logo"] = f"office/{office.logo}"
        config.theme["favicon"] = f"office/{office.favicon}"
        for palette in config.theme["palette"]:
            if "scheme" in palette:
                palette["primary"] = palette["accent"] = "custom"
        config.extra_css.append("office/office.css")
        config.copyright = office.footer or f"© {office.name}"
        config.extra["nextround"] = office.model_dump()
        for page in edition.pages:
            config.nav.insert(-1, {_page_title(page): f"office/{page.name}"})
    if _offline():
        # file:// has no server: Material's offline plugin inlines the search
        # index; instant navigation needs one, so it is switched off.
        config.theme["features"] = [f for f in config.theme["features"] if not f.startswith("navigation.instant")]
        config.extra["polyfills"] = ["assets/javascripts/iframe-worker.js"]
        config.use_directory_urls = False
    return config


def _page_title(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    match = re.search(r"^title:\s*(.+)$", text, re.M) or re.search(r"^#\s+(.+)$", text, re.M)
    return match.group(1).strip().strip("'\"") if match else page.stem.replace("-", " ").capitalize()


def on_pre_build(config, **kwargs) -> None:
    edition = _state.get("office")
    try:
        kb = load_knowledge_base(_path(config, "NEXTROUND_CONTENT", "content"), edition)
    except ContentError as exc:
        _fail(exc, "content")
    # The most common situations, for the theme's search fallback and 404 page.
    config.extra["nextround_common"] = [{"path": f"scenarios/{i}", "title": t} for i, t in common_situations(kb)]
    result = generate(kb, Path(config.docs_dir), edition.office if edition else None)
    log.info(f"Next Round: {result}")


def on_files(files, config, **kwargs):
    """The office's logo, favicon, colours and pages, served straight from its folder."""
    edition = _state.get("office")
    if edition is not None:
        office = edition.office
        for name in {office.logo, office.favicon}:
            files.append(File.generated(config, f"office/{name}", abs_src_path=str(edition.folder / name)))
        files.append(File.generated(config, "office/office.css", content=_office_css(office)))
        for page in edition.pages:
            files.append(File.generated(config, f"office/{page.name}", abs_src_path=str(page)))
    if _offline():
        if not IFRAME_WORKER.exists():
            raise PluginError("Next Round: the offline edition needs node_modules/iframe-worker: run 'npm ci' (make offline does).")
        files.append(File.generated(config, "assets/javascripts/iframe-worker.js", abs_src_path=str(IFRAME_WORKER)))
    return files


def _office_css(office) -> str:
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


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_path(config, "NEXTROUND_CONTENT", "content")))
    if _state.get("office") is not None:
        server.watch(str(_state["office"].folder))
    return server
