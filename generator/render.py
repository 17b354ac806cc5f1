"""Render a validated knowledge base into Markdown pages (path -> text).

Pure: no file system writes here, so golden tests compare the output directly.
Layout lives in the Jinja templates beside this module; this file prepares
the data they need.
"""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import jinja2

from . import i18n, models, translations
from .decoder import decoder_page
from .finder import finder_page
from .kb import KnowledgeBase
from .markup import Where, attr, front_matter, markdown_html, relative_url, text
from .pages import site_pages
from .parallel import map_chunks

TEMPLATES = Path(__file__).resolve().parent / "templates"
SOURCE_LANGUAGE = i18n.SOURCE_LANGUAGE
#: The situations most readers are in, first on the home page, in the search
#: fallback and on the 404 page (ids not in the knowledge base are skipped and
#: the next situations fill their places).
COMMON_SITUATIONS = ["ghosted", "rejected-after-final-round", "rejected-after-first-interview", "rejected-after-application", "refused-feedback", "rejected-many-times"]


class KindView:
    """A kind's model as the templates see it: heading, intro and labels in the
    edition's language; everything else as on the model."""

    def __init__(self, model: type[models.Item], gettext):
        self._model = model
        self._ = gettext

    def __getattr__(self, name):
        value = getattr(self._model, name)
        if name in ("heading", "intro"):
            return self._(value)
        if name == "labels":
            return {f: {k: self._(v) for k, v in words.items()} for f, words in value.items()}
        return value


class Renderer:
    def __init__(self, kb: KnowledgeBase, office: models.BaseModel | None = None, language: str = SOURCE_LANGUAGE, *,
                 office_pages: list[str] = (), use_directory_urls: bool = True, from_source: bool = False):
        self.original = kb
        self.office = office
        self.language = language
        self.use_directory_urls = use_directory_urls
        self.from_source = from_source
        # Interface text: the language's catalogue (English passes through).
        self.translations = i18n.translations(language)
        self.gettext = self.translations.gettext
        # Content: translated items replace the originals' text; the rest stays
        # English and is marked lang="en" where it is shown (see lang_of).
        kb, self.translated = translations.apply(kb, kb.translations.get(language) if language != SOURCE_LANGUAGE else None)
        self.kb = kb
        self._item_keys = {id(item): (kind, item_id) for kind, items in kb.items.items() for item_id, item in items.items()}
        #: every page of the edition (page key -> docs path), for links in author Markdown
        self.site = site_pages({kind: set(items) for kind, items in kb.items.items()}, list(office_pages))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=_bytecode_cache(),
        )
        # Reader-visible words in the page templates are marked with _() or
        # {% trans %} (new-style gettext: %(name)s placeholders, %% for %).
        self.env.install_gettext_translations(self.translations, newstyle=True)
        self.env.filters.update(text=text, attr=attr, md=self.md, md_inline=self.md_inline, md_list=self.md_list)
        self.env.globals.update(
            kb=kb,
            KINDS={kind: KindView(model, self.gettext) for kind, model in models.KINDS.items()},
            label=lambda item, field: self.gettext(type(item).labels[field][getattr(item, field)]),
            language=language,
            lang_of=self.lang_of,
            lang_attr=self.lang_attr,
            foreign=self.foreign,
            untranslated=self.untranslated(),
            link=self.link,
            links=self.links,
            cite=self.cite,
            front_matter=front_matter,
            office=office,
            site_name=office.name if office else "Next Round",
            contact_email=office.contact_email if office else None,
        )

    # ----------------------------------------------------------------- languages
    def lang_of(self, item) -> str:
        """The language an item's text is in: the edition's if it is translated
        (or the edition is English), else English. `item` is a model from the
        knowledge base, a (kind, id) pair, or "finder"."""
        if self.language == SOURCE_LANGUAGE:
            return SOURCE_LANGUAGE
        if item == "finder" or item is self.kb.finder:
            key = translations.FINDER
        elif isinstance(item, tuple):
            key = item
        else:
            key = self._item_keys.get(id(item))
            if key is None:  # a source, a part of an item: text from the original
                return SOURCE_LANGUAGE
        return self.language if key in self.translated else SOURCE_LANGUAGE

    def lang_attr(self, item) -> str:
        """' lang="en"' for an HTML element holding the item's text when that
        text is not in the edition's language, else ''. (WCAG 3.1.2)"""
        lang = self.lang_of(item)
        return "" if lang == self.language else f' lang="{lang}"'

    def foreign(self, item, inline_markdown: str) -> str:
        """Inline text of an item, wrapped in <span lang="en"> when untranslated."""
        lang = self.lang_of(item)
        return inline_markdown if lang == self.language else f'<span lang="{lang}">{inline_markdown}</span>'

    def untranslated(self) -> list[tuple[str, str, str]]:
        """(kind, id, title) of the items shown in English in this edition, for the accessibility statement."""
        if self.language == SOURCE_LANGUAGE:
            return []
        out = [(k, i, item.title) for k, items in self.kb.items.items() for i, item in sorted(items.items()) if (k, i) not in self.translated]
        if self.kb.finder is not None and translations.FINDER not in self.translated:
            out.append(("finder", "finder", self.gettext("What happened?")))
        return out

    # ----------------------------------------------------------------- helpers
    def where(self, ctx) -> Where:
        return Where(page=ctx["page"], pages=self.site, use_directory_urls=self.use_directory_urls, from_source=self.from_source)

    @jinja2.pass_context
    def md(self, ctx, value: str) -> str:
        """Author Markdown as a raw HTML block (blank lines around it keep MkDocs off it)."""
        return "\n" + markdown_html(value, self.where(ctx)) + "\n"

    @jinja2.pass_context
    def md_inline(self, ctx, value: str) -> str:
        return markdown_html(value, self.where(ctx), inline=True)

    @jinja2.pass_context
    def md_list(self, ctx, values, tag: str = "ul") -> str:
        """Markdown entries as one raw HTML list."""
        where = self.where(ctx)
        items = "".join(f"<li>{markdown_html(v, where, inline=True)}</li>\n" for v in values)
        return f"\n<{tag}>\n{items}</{tag}>\n"

    def link(self, kind: str, item_id: str, base: str = "../", query: dict | None = None) -> str:
        item = self.kb.items[kind][item_id]
        url = f"{base}{kind}/{item_id}.md"
        if query:
            url += "?" + urlencode(query)
        return f"[{self.foreign(item, text(item.title))}]({url})"

    def links(self, kind: str, ids, base: str = "../") -> list[str]:
        """List entries 'link: summary', in the order given, skipping ids not in the knowledge base."""
        return [f"{self.link(kind, i, base)}: {self.foreign(self.kb.items[kind][i], text(self.kb.items[kind][i].summary))}" for i in ids if i in self.kb.items[kind]]

    def cite(self, item: models.Item, base: str = "../") -> str:
        parts = []
        for sid in item.sources:
            src = self.kb.sources[sid]
            # Articles are cited in the language they are written in (English).
            cited = f"{text(src.publisher)}: *{text(src.title)}*"
            if self.language != SOURCE_LANGUAGE:
                cited = f'<span lang="{SOURCE_LANGUAGE}">{cited}</span>'
            parts.append(f"[{cited}]({base}sources/index.md#{sid})")
        return "; ".join(parts)

    # ----------------------------------------------------------------- pages
    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind in self.kb.items:
            out[f"{kind}/index.md"] = self.env.get_template("index.md.j2").render(kind=kind, items=self.sorted_items(kind), page=f"{kind}/index.md")
        # The item pages are most of the work: shared out over the machine's cores.
        jobs = [(kind, item_id) for kind, items in self.kb.items.items() for item_id in sorted(items)]
        for chunk in map_chunks(self.item_pages, jobs):
            out.update(chunk)
        out["sources/index.md"] = self.env.get_template("sources.md.j2").render(cited=self.cited_by(), page="sources/index.md")
        for name in ("privacy", "accessibility"):
            out[f"{name}/index.md"] = self.env.get_template(f"{name}.md.j2").render(page=f"{name}/index.md")
        out["accessibility/index.md"] = self.untranslated_section(out["accessibility/index.md"])
        if self.kb.finder:
            out["finder/index.md"] = finder_page(self.kb, self.gettext, self.lang_of, self.language)
        out["decoder/index.md"] = decoder_page(self)  # the "What did they mean?" page
        out["index.md"] = self.env.get_template("home.md.j2").render(common=common_situations(self.kb), scenarios=self.sorted_items("scenarios"), templates=self.sorted_items("templates"), page="index.md")
        return out

    def item_pages(self, jobs) -> list[tuple[str, str]]:
        """(path, Markdown) of the pages of these (kind, id) items."""
        out = []
        templates = {}
        for kind, item_id in jobs:
            if kind not in templates:
                templates[kind] = (self.env.get_template(f"{kind}.md.j2"), self.marks_itself(f"{kind}.md.j2"))
            tpl, marks_itself = templates[kind]
            item = self.kb.items[kind][item_id]
            page = tpl.render(id=item_id, item=item, r=self, page=f"{kind}/{item_id}.md", **self.extra(kind, item_id, item))
            out.append((f"{kind}/{item_id}.md", page if marks_itself else self.mark_page(page, item)))
        return out

    def marks_itself(self, template: str) -> bool:
        """Whether a page template marks the language of the item's text itself
        (it uses lang_attr(item) or foreign(item, ...)); if not, mark_page does."""
        source = self.env.loader.get_source(self.env, template)[0]
        return "lang_attr(item)" in source or "foreign(item," in source

    def mark_page(self, page: str, item) -> str:
        """An untranslated item's page in a non-English edition: its body (after
        the front matter) in <div lang="en">. Until the page templates mark the
        item's own text with lang_attr()/foreign() (see marks_itself), this is
        the honest default: the page is then mostly that text."""
        if self.lang_of(item) == self.language:
            return page
        head, sep, body = page.partition("---\n")[2].partition("---\n") if page.startswith("---\n") else ("", "", page)
        lang = self.lang_of(item)
        # text_lang: the theme marks the page's title and table of contents too
        # (overrides/partials/header.html and toc.html).
        front = f"---\n{head}text_lang: {lang}\n---\n" if sep else ""
        return f'{front}<div lang="{lang}" markdown>\n\n{body.strip()}\n\n</div>\n'

    def untranslated_section(self, page: str) -> str:
        """The accessibility statement of a non-English edition lists what is shown in English."""
        items = self.untranslated()
        if not items:
            return page
        _ = self.gettext
        lines = [
            "## " + _("Text not yet translated"),
            "",
            _("Some pages are not yet available in this language. They are shown in English, and marked as English so that screen readers read them with the right voice:"),
            "",
        ]
        for kind, item_id, title in items:
            if kind == "finder":  # its title is interface text; its questions are not translated
                lines.append(f"- [{text(title)}](../finder/index.md)")
            else:
                lines.append(f'- [<span lang="{SOURCE_LANGUAGE}">{text(title)}</span>](../{kind}/{item_id}.md)')
        section = "\n".join(lines) + "\n\n"
        marker = "## " + _("Report a problem")
        at = page.find(marker)
        if at < 0:
            at = page.find("## Report a problem")
        return page[:at] + section + page[at:] if at >= 0 else page.rstrip("\n") + "\n\n" + section

    def sorted_items(self, kind: str) -> list[tuple[str, models.Item]]:
        return sorted(self.kb.items[kind].items(), key=lambda kv: kv[1].sort_key())

    def cited_by(self) -> dict[str, list[tuple[str, str]]]:
        cited: dict[str, list[tuple[str, str]]] = {sid: [] for sid in self.kb.sources}
        for kind, items in self.kb.items.items():
            for item_id, item in sorted(items.items()):
                for sid in item.sources:
                    cited[sid].append((kind, item_id))
        return cited

    def linked(self, kind: str, item_id: str, item: models.Item, target: str) -> list[str]:
        """Ids of `target` items an item's page links to: its own references first, then the items that point at it."""
        own = [i for name, k in type(item).refs.items() if k == target for i in getattr(item, name)]
        back = [i for i in self.kb.referrers(kind, item_id, target) if i not in own]
        return own + back

    def extra(self, kind: str, item_id: str, item: models.Item) -> dict:
        """The page's data: the linked items of each kind the model `shows` (`related`
        for its own kind), plus what a kind's page needs beyond that."""
        out = {k: self.linked(kind, item_id, item, k) for k in type(item).shows}
        out["related"] = out.pop(kind, [])
        if kind == "templates":
            out.update(data=self.template_data(item_id, item), plain=self.template_plain(item))
        if kind == "scenarios":
            out.update(template_links=[self.scenario_template_link(item, t) for t in item.templates])
        return out

    def email_html(self, scenario: models.Scenario, template_id: str, page: str) -> str:
        """The same link as email_link, as HTML for a raw HTML block on `page`."""
        template = self.kb.items["templates"][template_id]
        names = {f.name for f in template.fields}
        query = {k: v for k, v in scenario.prefill.items() if k in names}
        href = relative_url(page, f"templates/{template_id}.md", self.use_directory_urls, self.from_source)
        if query:
            href += "?" + urlencode(query)
        title = html.escape(template.title, quote=False).replace("{", "&#123;").replace("}", "&#125;")
        lang = self.lang_of(template)
        if lang != self.language:
            title = f'<span lang="{lang}">{title}</span>'
        return f'<a href="{attr(href)}">{title}</a>'

    def email_link(self, scenario: models.Scenario, template_id: str) -> str:
        """A link to a template, filled in with what the scenario knows (its `prefill`)."""
        names = {f.name for f in self.kb.items["templates"][template_id].fields}
        query = {k: v for k, v in scenario.prefill.items() if k in names}
        return self.link("templates", template_id, query=query)

    def scenario_template_link(self, scenario: models.Scenario, template_id: str) -> str:
        template = self.kb.items["templates"][template_id]
        return f"{self.email_link(scenario, template_id)}: {text(template.summary)}"

    def template_data(self, item_id: str, t: models.Template) -> str:
        """The template as JSON for the page script, in an HTML attribute (no second copy of the text)."""
        data = {
            "id": item_id,
            "title": t.title,
            "subject": t.subject,
            "recipient": t.recipient,
            "fields": [f.model_dump() for f in t.fields],
            "options": [o.model_dump() for o in t.options],
            "tones": [x.model_dump() for x in t.tones],
            "body": [p.model_dump() for p in t.body],
        }
        return attr(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def template_plain(self, t: models.Template) -> dict:
        """The no-JavaScript version: blanks shown as [Label], optional parts marked."""
        labels = {f.name: f"[{f.label}]" for f in t.fields}
        fill = lambda s: models.PLACEHOLDER.sub(lambda m: labels.get(m.group(1), m.group(0)), s)  # noqa: E731
        options = {o.id: o.label for o in t.options}
        tone = t.tones[0].id if t.tones else None
        parts = []
        for p in t.body:
            if p.tone and p.tone != tone:
                continue
            parts.append({"text": fill(p.text), "option": options.get(p.option) if p.option else None})
        return {"subject": fill(t.subject), "parts": parts, "tone": t.tones[0].label if t.tones else None}


@functools.lru_cache(maxsize=1)
def _bytecode_cache():
    """Compiled page templates, kept between runs (compiling them is a fixed cost of
    about 0.2 s): Jinja's cache in a private folder of the system's temporary
    folder, checked against each template's source and Jinja's version."""
    try:
        return jinja2.FileSystemBytecodeCache(pattern="__nextround_jinja_%s.cache")
    except (OSError, RuntimeError):
        return None


def common_situations(kb: KnowledgeBase, n: int = 6) -> list[tuple[str, str]]:
    """(id, title) of the `n` most common situations in this knowledge base."""
    scenarios = kb.items["scenarios"]
    ids = [i for i in COMMON_SITUATIONS if i in scenarios]
    ids += [i for i, _ in sorted(scenarios.items(), key=lambda kv: kv[1].sort_key()) if i not in ids]
    return [(i, scenarios[i].title) for i in ids[:n]]


def _tidy(page: str) -> str:
    """At most one blank line in a row, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", page).strip("\n") + "\n"


def render(kb: KnowledgeBase, office=None, language: str = SOURCE_LANGUAGE, *, use_directory_urls: bool = True, from_source: bool = False) -> dict[str, str]:
    """Every generated page of one edition.

    `office` is a careers office's edition (generator.office.OfficeEdition: its
    pages/ are rendered too, as office/<name>.md) or just its settings
    (generator.office.Office), or None. `language` is the edition's language
    (interface catalogue and translated content). `use_directory_urls` is
    MkDocs' setting of that name (false in the offline edition): links in
    author text are written for it.
    """
    edition = office if hasattr(office, "office") else None
    settings = edition.office if edition is not None else office
    names = [p.name for p in edition.pages] if edition is not None else []
    renderer = Renderer(kb, settings, language, office_pages=names, use_directory_urls=use_directory_urls, from_source=from_source)
    out = {path: _tidy(page) for path, page in renderer.pages().items()}
    if edition is not None:
        for path in edition.pages:
            where = Where(page=f"office/{path.name}", pages=renderer.site, use_directory_urls=use_directory_urls, from_source=from_source)
            out[f"office/{path.name}"] = edition.render_page(path, where)
    return out


__all__ = ["common_situations", "render", "text"]
