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
            p.add_argument("--language", default="en", help="language of the edition (default: en); see README.md, \"Languages\"")
    sub.add_parser("schema", help="write the JSON Schemas in schema/")
    p = sub.add_parser("i18n-status", help="which items are translated, missing or stale, per language")
    p.add_argument("--content", type=Path, default=Path("content"), help="knowledge base folder (default: content)")
    p.add_argument("--office", type=Path, default=None, help="a careers office folder")
    p.add_argument("--language", default=None, help="only this language")
    p.add_argument("--hashes", action="store_true", help="also print the source_hash each item's translation must carry")
    sub.add_parser("i18n-extract", help="write locale/messages.pot from the sources and merge it into every .po")
    p = sub.add_parser("i18n-check", help="fail when a catalogue lacks a translation, the .pot is out of date, or a template holds bare English")
    p.add_argument("--write-allowlist", action="store_true", help="record today's bare template text in locale/bare-text-allowlist.txt")
    p = sub.add_parser("i18n-init", help="start a catalogue for a new language")
    p.add_argument("language", help="language code, like 'de'")
    args = parser.parse_args(argv)
    if args.command.startswith("i18n-") and args.command != "i18n-status":
        return _i18n(args)

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
        if args.command == "i18n-status":
            from .i18n import languages
            from .translations import hashes, load_all, report, roots_of

            # Every interface language gets a line, even with no content translated yet.
            wanted = sorted(set(kb.translations) | set(languages()[1:]))
            if args.language:
                wanted = [args.language]
            langs = load_all(kb, roots_of(args.content, edition), wanted)
            print(report(langs))
            if args.hashes:
                for name, digest in hashes(kb).items():
                    print(f"  source_hash {digest}  {name}")
            return 0
        counts = kb.counts()
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        if args.command == "check":
            print(f"{args.content}: OK ({summary})")
            return 0
        from .build import generate

        result = generate(kb, args.docs, edition.office if edition else None, args.language)
        print(f"{args.content}: OK ({summary}); {result}")
        from .translations import build_report

        if args.language != "en" or kb.translations:
            print(build_report(kb, args.language if args.language != "en" else None))
        return 0
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _i18n(args) -> int:
    from . import i18n

    if args.command == "i18n-extract":
        written = i18n.update_catalogues(ROOT)
        for path in written:
            print(f"wrote {path.relative_to(ROOT)}")
        print("Catalogues up to date." if not written else "Now translate the new entries (make i18n-check lists them).")
        return 0
    if args.command == "i18n-init":
        try:
            path = i18n.init_language(args.language, ROOT)
        except (ValueError, FileExistsError) as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"wrote {path.relative_to(ROOT)}: translate every entry, then run make i18n-check")
        return 0
    if args.write_allowlist:
        print(f"wrote {i18n.write_allowlist(ROOT).relative_to(ROOT)}")
    problems = i18n.check(ROOT)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} with the interface catalogues.", file=sys.stderr)
        return 1
    print(f"Catalogues complete: {', '.join(i18n.languages(ROOT))}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
