"""The pages of an edition, known before any is rendered: author links to pages of
the site are checked (validate) and resolved (render) against this set."""
from __future__ import annotations

from pathlib import Path

from . import models
from .markup import page_key

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: Pages the generator makes besides one per item and one index per kind.
FIXED = ["index.md", "finder/index.md", "sources/index.md", "privacy/index.md", "accessibility/index.md", "authoring/reference.md"]


def hand_written(docs: Path = DOCS) -> list[str]:
    """Markdown pages written by hand in docs/ (it holds nothing generated)."""
    if not docs.is_dir():
        return []
    rels = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(r for r in rels if not any(part.startswith(".") for part in r.split("/")))


def site_pages(ids: dict[str, set[str]], office_pages: list[str] = ()) -> dict[str, str]:
    """page key -> docs path, for every page of the edition: ids is kind -> item ids."""
    paths = list(FIXED) + hand_written()
    for kind, item_ids in ids.items():
        paths.append(f"{kind}/index.md")
        paths += [f"{kind}/{i}.md" for i in item_ids]
    paths += [f"office/{name}" for name in office_pages]
    return {page_key(p): p for p in paths}
