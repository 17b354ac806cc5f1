"""The /finder/ page: the guided questions as nested lists of links (works without
JavaScript) plus the same flow as data for the one-question-at-a-time script."""
from __future__ import annotations

import json

from . import models
from .kb import KnowledgeBase
from .markup import attr, front_matter, text


def _tree(kb: KnowledgeBase, finder: models.Finder, qid: str, depth: int) -> list[str]:
    questions = {q.id: q for q in finder.questions}
    q = questions[qid]
    pad = "    " * depth
    lines = [f"{pad}- **{text(q.text)}**"]
    for a in q.answers:
        if a.scenario:
            lines += [f"{pad}    - [{text(a.label)}](../scenarios/{a.scenario}.md){{ data-scenario=\"{a.scenario}\" }}"]
        else:
            lines += [f"{pad}    - {text(a.label)}"]
            lines += _tree(kb, finder, a.next, depth + 2)
    return lines


def finder_page(kb: KnowledgeBase, gettext=lambda s: s, lang_of=None) -> str:
    """The page; `gettext` translates its interface text, and `lang_of(item)`
    (when given) names the language of a situation's text: a situation whose
    text is in another language than the page carries "lang" in the data, for
    the script to mark what it shows (WCAG 3.1.2)."""
    _ = gettext
    finder = kb.finder
    page_lang = lang_of("finder") if lang_of else None

    def scenario(s):
        out = {"title": s.title, "summary": s.summary}
        if lang_of and lang_of(s) != page_lang:
            out["lang"] = lang_of(s)
        return out

    data = {
        "start": finder.start,
        "questions": [q.model_dump() for q in finder.questions],
        "scenarios": {sid: scenario(s) for sid, s in kb.items["scenarios"].items()},
    }
    payload = attr(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    lines = [
        front_matter(title=_("What happened?"), description=_("Answer a few quick questions to find the plan for your situation."), hide=["toc"]),
        "# " + text(_("What happened?")),
        "",
        text(finder.intro),
        "",
        f'<div class="nr-finder" data-nr-finder="{payload}" markdown>',
        "",
    ]
    lines += _tree(kb, finder, finder.start, 0)
    lines += ["", "</div>", "", _("Not sure? [Browse all situations](%(url)s) or use the search box.") % {"url": "../scenarios/index.md"}]
    return "\n".join(lines) + "\n"
