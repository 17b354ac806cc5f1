"""The pages of an edition, known before any is rendered: author links to pages of
the site are checked (validate) and resolved (render) against this set."""
from __future__ import annotations

from pathlib import Path

from . import models
from .markup import page_key

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: Pages the generator makes besides one per item and one index per kind.
FIXED = ["index.md", "finder/index.md", "sources/index.md", "privacy/index.md", "accessibility/index.md", "authoring/reference.md"]
_MANIFEST = ".nextround-generated"


def hand_written(docs: Path = DOCS) -> list[str]:
    """Markdown pages written by hand in docs/ (not the generator's output)."""
    if not docs.is_dir():
        return []
    manifest = docs / _MANIFEST
    generated = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    out = []
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs).as_posix()
        if rel not in generated and not rel.startswith("."):
            out.append(rel)
    return sorted(out)


def site_pages(ids: dict[str, set[str]], office_pages: list[str] = ()) -> dict[str, str]:
    """page key -> docs path, for every page of the edition: ids is kind -> item ids."""
    paths = list(FIXED) + hand_written()
    for kind, item_ids in ids.items():
        paths.append(f"{kind}/index.md")
        paths += [f"{kind}/{i}.md" for i in item_ids]
    paths += [f"office/{name}" for name in office_pages]
    return {page_key(p): p for p in paths}
