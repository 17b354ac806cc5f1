"""Render a validated knowledge base into Markdown pages (path -> text).

Pure: no file system writes here, so golden tests compare the output directly.
Layout lives in the Jinja templates beside this module; this file prepares
the data they need.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import yaml

from . import models
from .validate import KnowledgeBase, render_body

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Page title and intro of each kind's index (the folder names are the URLs).
KIND_INFO = {
    "scenarios": ("Situations", "Find the situation closest to yours. Each one is a short plan: what it likely means and what to do today, this week and before your next interview."),
    "templates": ("Email templates", "Fill in the blanks, check the preview, then copy the email or open it in your email app. What you type stays on your device."),
    "reasons": ("Why it happens", "The common reasons people are turned down. Many of them have nothing to do with how well you did."),
    "feedback": ("Asking for feedback", "Ways to ask for feedback, what to ask about, and how to take it well. Also: when it may be better not to ask."),
    "habits": ("Looking after yourself", "Habits that help you recover from a rejection and keep going with your search."),
}
STAGES = {
    "application": "After applying or a phone screen",
    "phone-screen": "After applying or a phone screen",
    "first-interview": "After a first interview",
    "final-round": "After the final round",
    "any": "At any stage",
}
CONTROL = {
    "yes": "Mostly in your control",
    "partly": "Partly in your control",
    "no": "Not in your control",
}
CHANNELS = {"email": "By email", "phone": "By phone", "agency": "Through a recruiter", "in-person": "In person", "any": "Any way"}
ANGLES = {"skills": "Your skills and examples", "other-applicants": "The other applicants", "interview-style": "Your interview style"}
#: The situations most readers are in, first on the home page, in the search
#: fallback and on the 404 page (ids not in the knowledge base are skipped and
#: the next situations fill their places).
COMMON_SITUATIONS = ["ghosted", "rejected-after-final-round", "rejected-after-first-interview", "rejected-after-application", "refused-feedback", "rejected-many-times"]
_BLOCK_START = re.compile(r"^(\s*\d*)([-+:.)])", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def text(value: str) -> str:
    """Plain text made safe for Markdown: HTML escaped, Markdown punctuation escaped,
    and no line starting a list or definition ("- ", "1. ", ": ")."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def front_matter(**fields) -> str:
    data = {k: v for k, v in fields.items() if v not in (None, [], {})}
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


class Renderer:
    def __init__(self, kb: KnowledgeBase, office: models.BaseModel | None = None):
        self.kb = kb
        self.office = office
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            extensions=["jinja2.ext.i18n"],
        )
        # Reader-visible words in the page templates are marked with _() or
        # {% trans %}; until catalogues are loaded they pass through unchanged.
        self.env.install_null_translations(newstyle=True)
        self.env.filters.update(text=text, attr=attr)
        self.env.globals.update(
            kb=kb,
            KIND_INFO=KIND_INFO,
            STAGES=STAGES,
            CONTROL=CONTROL,
            CHANNELS=CHANNELS,
            ANGLES=ANGLES,
            link=self.link,
            links=self.links,
            cite=self.cite,
            front_matter=front_matter,
            office=office,
            site_name=office.name if office else "Next Round",
            contact_email=office.contact_email if office else None,
        )

    # ----------------------------------------------------------------- helpers
    def link(self, kind: str, item_id: str, base: str = "../", query: dict | None = None) -> str:
        item = self.kb.items[kind][item_id]
        url = f"{base}{kind}/{item_id}.md"
        if query:
            url += "?" + urlencode(query)
        return f"[{text(item.title)}]({url})"

    def links(self, kind: str, ids, base: str = "../") -> list[str]:
        """List entries 'link: summary', in the order given, skipping ids not in the knowledge base."""
        return [f"{self.link(kind, i, base)}: {text(self.kb.items[kind][i].summary)}" for i in ids if i in self.kb.items[kind]]

    def cite(self, item: models.Item, base: str = "../") -> str:
        parts = []
        for sid in item.sources:
            src = self.kb.sources[sid]
            parts.append(f"[{text(src.publisher)}: *{text(src.title)}*]({base}sources/index.md#{sid})")
        return "; ".join(parts)

    # ----------------------------------------------------------------- pages
    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind, items in self.kb.items.items():
            out[f"{kind}/index.md"] = self.env.get_template("index.md.j2").render(kind=kind, items=self.sorted_items(kind))
            tpl = self.env.get_template(f"{kind}.md.j2")
            for item_id, item in sorted(items.items()):
                out[f"{kind}/{item_id}.md"] = tpl.render(id=item_id, item=item, r=self, **self.extra(kind, item_id, item))
        out["sources/index.md"] = self.env.get_template("sources.md.j2").render(cited=self.cited_by())
        for name in ("privacy", "accessibility"):
            out[f"{name}/index.md"] = self.env.get_template(f"{name}.md.j2").render()
        if self.kb.finder:
            from .finder import finder_page

            out["finder/index.md"] = finder_page(self.kb)
        out["index.md"] = self.env.get_template("home.md.j2").render(common=common_situations(self.kb), templates=self.sorted_items("templates"))
        return out

    def sorted_items(self, kind: str) -> list[tuple[str, models.Item]]:
        items = self.kb.items[kind]
        if kind == "scenarios":
            order = list(STAGES)
            return sorted(items.items(), key=lambda kv: (order.index(kv[1].stage), kv[1].title.lower()))
        return sorted(items.items(), key=lambda kv: kv[1].title.lower())

    def cited_by(self) -> dict[str, list[tuple[str, str]]]:
        cited: dict[str, list[tuple[str, str]]] = {sid: [] for sid in self.kb.sources}
        for kind, items in self.kb.items.items():
            for item_id, item in sorted(items.items()):
                for sid in item.sources:
                    cited[sid].append((kind, item_id))
        return cited

    def back(self, kind: str, item_id: str, from_kind: str, exclude=()) -> list[str]:
        return [i for i in self.kb.referrers(kind, item_id, from_kind) if i not in exclude]

    def extra(self, kind: str, item_id: str, item: models.Item) -> dict:
        """Per-kind data: the merged outgoing and incoming links."""
        b = lambda k, exclude=(): self.back(kind, item_id, k, exclude)  # noqa: E731
        related = list(getattr(item, "related", []))
        related += b(kind, related)
        if kind == "reasons":
            return dict(scenarios=b("scenarios"), related=related)
        if kind == "feedback":
            return dict(scenarios=b("scenarios"), reasons=b("reasons"), templates=list(item.templates) + b("templates", item.templates), related=related)
        if kind == "habits":
            return dict(scenarios=b("scenarios"), reasons=b("reasons"), related=related)
        if kind == "templates":
            return dict(
                scenarios=b("scenarios"),
                reasons=b("reasons"),
                feedback=list(item.feedback) + b("feedback", item.feedback),
                related=related,
                data=self.template_data(item_id, item),
                plain=self.template_plain(item),
            )
        if kind == "scenarios":
            return dict(related=related, template_links=[self.scenario_template_link(item, t) for t in item.templates])
        return {}

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


def common_situations(kb: KnowledgeBase, n: int = 6) -> list[tuple[str, str]]:
    """(id, title) of the `n` most common situations in this knowledge base."""
    scenarios = kb.items["scenarios"]
    ids = [i for i in COMMON_SITUATIONS if i in scenarios]
    ids += [i for i, _ in Renderer(kb).sorted_items("scenarios") if i not in ids]
    return [(i, scenarios[i].title) for i in ids[:n]]


def _tidy(page: str) -> str:
    """At most one blank line in a row, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", page).strip("\n") + "\n"


def render(kb: KnowledgeBase, office=None) -> dict[str, str]:
    """Every generated page; `office` is a careers office's settings (generator.office.Office) or None."""
    return {path: _tidy(page) for path, page in Renderer(kb, office).pages().items()}


__all__ = ["common_situations", "render", "render_body", "text"]
