"""The /finder/ page: the guided questions as nested lists of links (works without
JavaScript) plus the same flow as data for the one-question-at-a-time script."""
from __future__ import annotations

import json

from . import models
from .kb import KnowledgeBase
from .markup import attr, front_matter, text


def _questions(kb: KnowledgeBase, finder: models.Finder) -> list[str]:
    """Without JavaScript: every question as a short section, in the order a
    reader meets them; an answer links to its situation or to the next
    question's section (#q-<id>), so nothing is nested."""
    questions = {q.id: q for q in finder.questions}
    order, queue = [], [finder.start]
    while queue:
        qid = queue.pop(0)
        if qid in order:
            continue
        order.append(qid)
        queue += [a.next for a in questions[qid].answers if a.next]
    lines = []
    for qid in order:
        q = questions[qid]
        lines += ["", f"## {text(q.text)} {{ #q-{qid} }}", ""]
        if q.hint:
            lines += [text(q.hint), ""]
        for a in q.answers:
            if a.scenario:
                lines.append(f"- [{text(a.label)}](../scenarios/{a.scenario}.md){{ data-scenario=\"{a.scenario}\" }}")
            else:
                lines.append(f"- [{text(a.label)}](#q-{a.next})")
    return lines


def finder_page(kb: KnowledgeBase, gettext=lambda s: s, lang_of=None, language: str = "en") -> str:
    """The page, in the edition's `language`: `gettext` translates its
    interface text and `lang_of(item)` (when given) names the language an
    item's text is in ("finder" for the questions). Text in another language
    than the page's is marked: the intro and the questions with a `lang`
    attribute, and in the script's data a "lang" for the questions and for each
    situation whose title and summary are in another language (WCAG 3.1.2)."""
    _ = gettext
    finder = kb.finder
    lang_of = lang_of or (lambda item: language)
    finder_lang = lang_of("finder")

    def scenario(s):
        out = {"title": s.title, "summary": s.summary}
        if lang_of(s) != language:
            out["lang"] = lang_of(s)
        return out

    data = {
        "start": finder.start,
        "questions": [q.model_dump() for q in finder.questions],
        "scenarios": {sid: scenario(s) for sid, s in kb.items["scenarios"].items()},
    }
    foreign = finder_lang != language
    if foreign:
        data["lang"] = finder_lang
    payload = attr(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    intro = text(finder.intro)
    lang_attr = f' lang="{finder_lang}"' if foreign else ""
    lines = [
        front_matter(
            title=_("What happened?"),
            description=_("Answer a few quick questions to find the plan for your situation."),
            hide=["toc"],
            # the questions' headings in the theme's table of contents are the finder's (English) text
            english_headings=[f"q-{q.id}" for q in finder.questions] if foreign else None,
        ),
        "# " + text(_("What happened?")),
        "",
        f'<span lang="{finder_lang}">{intro}</span>' if foreign else intro,
        "",
        f'<div class="nr-finder"{lang_attr} data-nr-finder="{payload}" markdown>',
        "",
    ]
    lines += ['<div class="nr-finder__nojs" markdown>']
    lines += _questions(kb, finder)
    lines += ["", "</div>", "", "</div>", "", _("Not sure? [Browse all situations](%(url)s). Got the email? [See what it means](%(decoder)s).") % {"url": "../scenarios/index.md", "decoder": "../decoder/index.md"}]
    return "\n".join(lines) + "\n"
