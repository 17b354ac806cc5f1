"""MkDocs hook (mkdocs and properdocs editions): the theme overrides'
`{{ _("...") }}` read our catalogue for the edition's language.

MkDocs installs gettext in the theme's Jinja environment from .mo files in a
theme's `locales/` folder, which we do not ship (catalogues are compiled in
memory, see generator/i18n.py); without this hook the footer, the 404 page and
the search fallback would stay English in every edition. The edition's
generated mkdocs.yml lists this file under `hooks:` (generator/edition.py).
"""
from __future__ import annotations

from generator.i18n import translations


def on_env(env, config, files):
    language = config.theme["language"] or "en"
    env.install_gettext_translations(translations(language), newstyle=True)
    return env
