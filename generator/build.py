"""Validated knowledge base -> pages on disk (the generator's last two steps)."""
from __future__ import annotations

from pathlib import Path

from .reference import reference_page
from .render import render
from .validate import KnowledgeBase
from .write import WriteResult, write_pages


def pages(kb: KnowledgeBase, office=None) -> dict[str, str]:
    out = render(kb, office)
    out["authoring/reference.md"] = reference_page()
    return out


def generate(kb: KnowledgeBase, docs: Path, office=None) -> WriteResult:
    return write_pages(pages(kb, office), Path(docs))
