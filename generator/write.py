"""Write generated pages: only files whose bytes changed, and remove stale ones.

The list of files written last time is kept in `<docs>/.nextround-generated`
(a hidden file, so MkDocs ignores it). A file is written through a temporary
file and a rename, so a reader never sees half a page.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".nextround-generated"


@dataclass
class WriteResult:
    written: int
    unchanged: int
    removed: int

    def __str__(self) -> str:
        return f"{self.written} pages written, {self.unchanged} unchanged, {self.removed} removed"


def write_pages(pages: dict[str, str], docs: Path) -> WriteResult:
    docs = Path(docs)
    docs.mkdir(parents=True, exist_ok=True)
    manifest = docs / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.exists() else set()
    written = unchanged = removed = 0
    for rel, text in sorted(pages.items()):
        path = docs / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written += 1
    for rel in sorted(previous - set(pages)):
        path = docs / rel
        if path.is_file():
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != docs and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    new_manifest = "\n".join(sorted(pages)) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != new_manifest:
        manifest.write_text(new_manifest, encoding="utf-8")
    return WriteResult(written, unchanged, removed)
