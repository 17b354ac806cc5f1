"""The generator's stages in order: load and validate -> link -> render (then
`generator.edition` writes an edition's folder)."""
from __future__ import annotations

from pathlib import Path

from .kb import KnowledgeBase
from .link import link
from .reference import reference_page
from .render import render
from .validate import validate


def load_knowledge_base(root: Path, office=None) -> KnowledgeBase:
    """A content folder (plus an office's overlay and hide list), validated and linked.

    Raises ContentError listing every problem found.
    """
    kb, hidden = validate(Path(root), office)
    return link(kb, hidden)


def pages(kb: KnowledgeBase, office=None, *, use_directory_urls: bool = True) -> dict[str, str]:
    """Every page of an edition; `office` is an OfficeEdition (its pages included), an Office or None."""
    out = render(kb, office, use_directory_urls=use_directory_urls)
    out["authoring/reference.md"] = reference_page()
    return out
