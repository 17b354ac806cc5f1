"""The generator's stages in order: load and validate -> link -> render (then
`generator.edition` writes an edition's folder)."""
from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from .kb import KnowledgeBase
from .link import link
from .markup import mark_english
from .reference import reference_page
from .render import render
from .translations import load_all, roots_of
from .validate import validate


@contextlib.contextmanager
def stage_run():
    """Python's cycle collector paused while the stages run. They allocate
    millions of small objects that reference counting frees on its own; the
    collector would walk the whole, growing heap again and again (a third of
    the time at 10,000 items, with the same peak memory either way). It is
    switched back on afterwards, so a long-running server collects between
    rebuilds."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_knowledge_base(root: Path, office=None) -> KnowledgeBase:
    """A content folder (plus an office's overlay and hide list), validated and linked.

    Raises ContentError listing every problem found.
    """
    with stage_run():
        return _load_knowledge_base(root, office)


def _load_knowledge_base(root: Path, office=None) -> KnowledgeBase:
    kb, hidden = validate(Path(root), office)
    kb = link(kb, hidden)
    # Translated content (content/translations/<lang>/, then the office's):
    # validated against the edition's originals, every problem at once.
    kb.translations = load_all(kb, roots_of(Path(root), office))
    return kb


def pages(kb: KnowledgeBase, office=None, language: str = "en", *, use_directory_urls: bool = True, from_source: bool = False) -> dict[str, str]:
    """Every page of an edition; `office` is an OfficeEdition (its pages included), an Office or None."""
    out = render(kb, office, language, use_directory_urls=use_directory_urls, from_source=from_source)
    # A page for careers-office staff, in English in every edition: marked as
    # such outside the English one (like the hand-written staff pages).
    reference = reference_page()
    out["authoring/reference.md"] = reference if language == "en" else mark_english(reference)
    return out
