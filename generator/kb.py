"""The knowledge base as the stages pass it on: validated items, their files, links."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import models
from .load import Document


@dataclass
class KnowledgeBase:
    root: Path
    sources: dict[str, models.Source] = field(default_factory=dict)
    items: dict[str, dict[str, models.Item]] = field(default_factory=lambda: {k: {} for k in models.KINDS})
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    finder: models.Finder | None = None
    finder_doc: Document | None = None
    #: (kind, id) -> {referring kind -> [ids]} : who points at an item
    backlinks: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)
    #: (kind, id) pairs an office hides, and the finder before hidden answers were pruned
    hidden: set[tuple[str, str]] = field(default_factory=set)
    finder_full: models.Finder | None = None
    #: language -> its translated content (generator.translations.Language)
    translations: dict = field(default_factory=dict)

    def docs_of(self, kind: str) -> list[str]:
        """Ids of every file of a kind, valid or not."""
        return [i for (k, i) in self.docs if k == kind]

    def get(self, kind: str, id: str) -> models.Item:
        return self.items[kind][id]

    def referrers(self, kind: str, id: str, from_kind: str) -> list[str]:
        return self.backlinks.get((kind, id), {}).get(from_kind, [])

    def counts(self) -> Counter:
        return Counter({kind: len(items) for kind, items in self.items.items()})
