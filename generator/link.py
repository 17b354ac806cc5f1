"""Link: an edition's view of a validated knowledge base. Hidden items go, with
every reference to them; then each item learns which items point at it."""
from __future__ import annotations

from . import models
from .kb import KnowledgeBase


def prune_finder(finder: models.Finder, hidden_scenarios: set[str]) -> models.Finder:
    """Drop answers that lead to hidden situations, then questions left with no answers."""
    if not hidden_scenarios:
        return finder
    questions = {q.id: q for q in finder.questions}
    removed: set[str] = set()
    while True:
        empty = set()
        for qid, q in questions.items():
            answers = [a for a in q.answers if a.scenario not in hidden_scenarios and a.next not in removed]
            if not answers:
                empty.add(qid)
            elif len(answers) != len(q.answers):
                questions[qid] = q.model_copy(update={"answers": answers})
        if not empty:
            break
        for qid in empty:
            del questions[qid]
        removed |= empty
    return finder.model_copy(update={"questions": list(questions.values())})


def hide(kb: KnowledgeBase, hidden: set[tuple[str, str]]) -> None:
    """Remove hidden items and every reference to them (validate has checked what is left)."""
    for kind, item_id in hidden:
        kb.items[kind].pop(item_id, None)
        kb.docs.pop((kind, item_id), None)
    for kind, items in kb.items.items():
        for item_id, item in list(items.items()):
            update = {}
            for name, target in type(item).refs.items():
                ids = getattr(item, name)
                kept = [i for i in ids if (target, i) not in hidden]
                if kept != ids:
                    update[name] = kept
            if update:
                items[item_id] = item.model_copy(update=update)
    if kb.finder is not None:
        kb.finder = prune_finder(kb.finder, {i for k, i in hidden if k == "scenarios"})


def backlinks(kb: KnowledgeBase) -> None:
    """Record, for every item, the items that point at it (for the links back)."""
    kb.backlinks.clear()
    for kind, items in kb.items.items():
        for item_id, item in items.items():
            for name, target in type(item).refs.items():
                for ref in getattr(item, name):
                    kb.backlinks.setdefault((target, ref), {}).setdefault(kind, []).append(item_id)
    for refs in kb.backlinks.values():
        for kind in refs:
            refs[kind] = sorted(set(refs[kind]))


def link(kb: KnowledgeBase, hidden: set[tuple[str, str]] = frozenset()) -> KnowledgeBase:
    kb.hidden = set(hidden)
    kb.finder_full = kb.finder
    hide(kb, set(hidden))
    backlinks(kb)
    return kb
