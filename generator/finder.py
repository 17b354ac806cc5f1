"""The /finder/ page: the guided questions as nested lists of links (works without
JavaScript) plus the same flow as data for the one-question-at-a-time script."""
from __future__ import annotations

import json

from . import models
from .render import attr, front_matter, text
from .validate import KnowledgeBase


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


def finder_page(kb: KnowledgeBase) -> str:
    finder = kb.finder
    data = {
        "start": finder.start,
        "questions": [q.model_dump() for q in finder.questions],
        "scenarios": {sid: {"title": s.title, "summary": s.summary} for sid, s in kb.items["scenarios"].items()},
    }
    payload = attr(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    lines = [
        front_matter(title="What happened?", description="Answer a few quick questions to find the plan for your situation.", hide=["toc"]),
        "# What happened?",
        "",
        text(finder.intro),
        "",
        f'<div class="nr-finder" data-nr-finder="{payload}" markdown>',
        "",
    ]
    lines += ['<div class="nr-finder__nojs" markdown>']
    lines += _questions(kb, finder)
    lines += ["", "</div>", "", "</div>", "", "Not sure? [Browse all situations](../scenarios/index.md)."]
    return "\n".join(lines) + "\n"
