"""Command line: python -m generator {check,build,serve,offline,schema} [options].

An edition (an office, or none, in one language) is chosen here, on the
command line; nothing is read from environment variables.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ContentError

ROOT = Path(__file__).resolve().parent.parent


def _edition_options(p: argparse.ArgumentParser, *, engine: bool = True) -> None:
    p.add_argument("--content", type=Path, default=ROOT / "content", help="knowledge base folder (default: content)")
    p.add_argument("--office", type=Path, default=None, help="a careers office folder (office.yml, optional content/ and pages/)")
    if engine:
        from .edition import ENGINES

        p.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the engine that builds the site (default: mkdocs)")
        p.add_argument("--language", default=None, help="the edition's language (default: the office's, else en)")
        p.add_argument("--site-url", default=None, help="where the site will be served (default: the office's site_url)")
        p.add_argument("--build-dir", type=Path, default=None, help="folder for work folders and output (default: build)")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Next Round: knowledge base -> a site, one edition at a time.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate the content (and an office folder with its overlay) only")
    _edition_options(p, engine=False)
    p = sub.add_parser("build", help="build an edition's site, published whole or not at all")
    _edition_options(p)
    p.add_argument("--out", type=Path, default=None, help="where to publish the site (default: build/<edition>/site)")
    p = sub.add_parser("offline", help="build a zip of the site that works opened from disk (file://)")
    _edition_options(p)
    p.add_argument("--out", type=Path, default=None, help="the zip file (default: build/<edition>/next-round-offline.zip)")
    p = sub.add_parser("serve", help="serve an edition with live reload")
    _edition_options(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p = sub.add_parser("generate", help="write an edition's work folder (pages and engine configuration) without building")
    _edition_options(p)
    p.add_argument("--mode", choices=("site", "serve", "offline"), default="site")
    sub.add_parser("schema", help="write the JSON Schemas in schema/ and the editor settings")
    p = sub.add_parser("i18n-status", help="which items are translated, missing or stale, per language")
    _edition_options(p, engine=False)
    p.add_argument("--language", default=None, help="only this language")
    p.add_argument("--hashes", action="store_true", help="also print the source_hash each item's translation must carry")
    sub.add_parser("i18n-extract", help="write locale/messages.pot from the sources and merge it into every .po")
    p = sub.add_parser("i18n-check", help="fail when a catalogue lacks a translation, the .pot is out of date, or a template holds bare English")
    p.add_argument("--write-allowlist", action="store_true", help="record today's bare template text in locale/bare-text-allowlist.txt")
    p = sub.add_parser("i18n-init", help="start a catalogue for a new language")
    p.add_argument("language", help="language code, like 'de'")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command.startswith("i18n-") and args.command != "i18n-status":
        return _i18n(args)
    try:
        if args.command == "schema":
            from .schema import write

            for path in write():
                print(f"wrote {path.relative_to(ROOT)}")
            return 0
        from .office import check_edition

        office, kb = check_edition(args.content, args.office)
        summary = ", ".join(f"{n} {kind}" for kind, n in kb.counts().items())
        where = f"{args.content}" + (f" with {args.office}" if args.office else "")
        if args.command == "check":
            print(f"{where}: OK ({summary})")
            return 0
        if args.command == "i18n-status":
            from .i18n import languages
            from .translations import hashes, load_all, report, roots_of

            # Every interface language gets a line, even with no content translated yet.
            wanted = sorted(set(kb.translations) | set(languages()[1:]))
            if args.language:
                wanted = [args.language]
            print(report(load_all(kb, roots_of(args.content, office), wanted)))
            if args.hashes:
                for name, digest in hashes(kb).items():
                    print(f"  source_hash {digest}  {name}")
            return 0
        from .edition import Edition
        from .site import BuildFailed, build_offline, build_site, generate, serve

        from .office import office_languages

        languages = office_languages(office.office) if office else [args.language or "en"]
        if args.language and args.language not in languages:
            languages = [args.language]
        if args.command in ("serve", "generate") or args.language:
            languages_built = [args.language or languages[0]]
        else:
            languages_built = languages
        language = languages_built[0]
        mode = {"build": "site", "offline": "offline", "serve": "serve", "generate": getattr(args, "mode", "site")}[args.command]
        site_url = args.site_url
        if mode == "serve":
            site_url = f"http://{args.host}:{args.port}/"
        editions = [
            Edition(args.content, office, language=code, engine=args.engine, mode=mode, site_url=site_url, languages=tuple(languages),
                    tag=str(args.port) if mode == "serve" else "", build_root=args.build_dir.resolve() if args.build_dir else None)
            for code in languages_built
        ]
        edition = editions[0]
        if args.command == "generate":
            from .edition import locked

            with locked(edition.work):  # the same folder as `build` of this edition
                result = generate(edition, kb)
            print(f"{where}: OK ({summary}); {edition.work}: {result}")
            return 0
        if args.command == "serve":
            from .office import load_office

            return serve(edition, args.host, args.port, reload_office=(lambda: load_office(args.office)) if args.office else None, kb=kb)
        try:
            if args.command == "offline":
                out = args.out or edition.output.parent / "next-round-offline.zip"
                build_offline(editions, out, kb)
                print(f"Built {out}: unzip it and open next-round/index.html.")
            else:
                out = args.out or edition.output
                result = build_site(editions, out, kb)
                print(f"Built {out} ({edition.engine}, {', '.join(e.language for e in editions)}): {result}.")
        except BuildFailed as exc:
            print(f"{exc}\nBuild failed ({edition.engine}): the published site is unchanged.", file=sys.stderr)
            return 1
        return 0
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: the published site is unchanged.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a plain line, never a traceback
        from .edition import EditionError

        if isinstance(exc, (EditionError, OSError)):
            print(f"Next Round: {exc}", file=sys.stderr)
            return 1
        raise


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
