"""Command line: python -m generator {check,build,schema} [--content DIR] [--docs DIR]."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ContentError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Next Round: knowledge base -> Markdown pages.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate the content only"), ("build", "validate, then write the generated pages")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--content", type=Path, default=Path("content"), help="knowledge base folder (default: content)")
        p.add_argument("--office", type=Path, default=None, help="a careers office folder (office.yml, optional content/ and pages/)")
        if name == "build":
            p.add_argument("--docs", type=Path, default=Path("docs"), help="MkDocs docs folder to write into (default: docs)")
    sub.add_parser("schema", help="write the JSON Schemas in schema/")
    args = parser.parse_args(argv)

    try:
        if args.command == "schema":
            from .schema import write

            for path in write():
                print(f"wrote {path.relative_to(ROOT)}")
            return 0
        from .build import load_knowledge_base

        edition = None
        if args.office:
            from .office import load_office

            edition = load_office(args.office)
        kb = load_knowledge_base(args.content, edition)
        counts = kb.counts()
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        if args.command == "check":
            print(f"{args.content}: OK ({summary})")
            return 0
        from .build import generate

        result = generate(kb, args.docs, edition)
        print(f"{args.content}: OK ({summary}); {result}")
        return 0
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
