"""The /finder/ page: the guided questions as nested lists of links (works without
JavaScript) plus the same flow as data for the one-question-at-a-time script."""
from __future__ import annotations

import json

from . import models
from .render import attr, front_matter, text
from .validate import KnowledgeBase


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
    lines += _tree(kb, finder, finder.start, 0)
    lines += ["", "</div>", "", "Not sure? [Browse all situations](../scenarios/index.md) or use the search box. Got the email? [See what it means](../decoder/index.md)."]
    return "\n".join(lines) + "\n"
