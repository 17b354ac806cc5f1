"""The pages of an edition, known before any is rendered: author links to pages of
the site are checked (validate) and resolved (render) against this set."""
from __future__ import annotations

from pathlib import Path

from . import models
from .markup import page_key

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: Pages the generator makes besides one per item and one index per kind.
FIXED = ["index.md", "finder/index.md", "sources/index.md", "privacy/index.md", "accessibility/index.md", "authoring/reference.md"]


def hand_written(root: Path = DOCS.parent) -> dict[str, Path]:
    """The project's docs/ folder (it holds nothing generated): every file but hidden ones."""
    docs = root / "docs"
    out = {}
    for path in sorted(docs.rglob("*")) if docs.is_dir() else ():
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            out[rel] = path
    return out


def site_pages(ids: dict[str, set[str]], office_pages: list[str] = ()) -> dict[str, str]:
    """page key -> docs path, for every page of the edition: ids is kind -> item ids."""
    paths = list(FIXED) + [rel for rel in hand_written() if rel.endswith(".md")]
    for kind, item_ids in ids.items():
        paths.append(f"{kind}/index.md")
        paths += [f"{kind}/{i}.md" for i in item_ids]
    paths += [f"office/{name}" for name in office_pages]
    return {page_key(p): p for p in paths}
