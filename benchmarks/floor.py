"""The generator's floor: python -m benchmarks.floor WORK DEST.

What any generator of this design costs before it does any work of its own:
starting Python, importing what `python -m generator generate` imports (the
models, Jinja, Python-Markdown, nh3, PyYAML) and creating the same files
(WORK's docs/, overrides/ and mkdocs.yml, a work folder the generator wrote)
in an empty folder DEST, with the generator's own writer and settings.

The files are read into memory first; that time is printed (JSON on stdout,
"read_s") so benchmarks.run can take it off the process's wall time.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    import generator.__main__  # noqa: F401  (the command line, as `generate` starts)
    from generator import site  # noqa: F401  (every stage: load, validate, link, render, write)
    from generator.write import write_tree

    work, dest = Path(argv[0]), Path(argv[1])
    start = time.perf_counter()
    trees = {}
    for sub in ("docs", "overrides"):
        root = work / sub
        trees[sub] = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}
    config = (work / "mkdocs.yml").read_bytes()
    read_s = time.perf_counter() - start
    files = 0
    for sub, files_of in trees.items():
        files += write_tree(files_of, dest / sub, watched=False).written
    files += write_tree({"mkdocs.yml": config}, dest, prune=False).written
    print(json.dumps({"read_s": read_s, "files": files}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
