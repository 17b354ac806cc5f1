"""Run an engine on an edition: build a site (published whole or not at all), or
serve it with live reload while the generator watches the sources."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from .build import load_knowledge_base, pages, stage_run
from .edition import ENGINE_NOTES, Edition, EditionError, engine_command, engine_env, locked, prepare, search_notes
from .problems import ContentError
from .write import WriteResult, publish


class BuildFailed(Exception):
    """The engine refused the edition; its output says why."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(edition: Edition, kb=None) -> WriteResult:
    """Load, validate, link and render the edition (or render `kb`, already loaded
    and linked for it), then write its work folder.

    Raises ContentError (every problem, located) before anything is written.
    """
    with stage_run():
        return _generate(edition, kb)


def _generate(edition: Edition, kb=None) -> WriteResult:
    if kb is None:
        kb = load_knowledge_base(edition.content, edition.office)
    if edition.language != "en" or kb.translations:
        from .translations import build_report

        say(build_report(kb, edition.language if edition.language != "en" else None))
    # The office's pages are rendered with the content (sanitised HTML, links
    # written for this mode's URLs), never copied as they are.
    from .render import common_situations
    from .translations import apply

    shown, done = apply(kb, kb.translations.get(edition.language) if edition.language != "en" else None)
    common = [
        # an untranslated title is shown in English, and marked so (WCAG 3.1.2)
        {"path": f"scenarios/{i}", "title": t} | ({"lang": "en"} if edition.language != "en" and ("scenarios", i) not in done else {})
        for i, t in common_situations(shown)
    ]
    return prepare(edition, pages(kb, edition.office, edition.language, use_directory_urls=edition.mode != "offline",
                                   # Zensical rewrites links in raw HTML as if written in the Markdown file.
                                   from_source=edition.engine == "zensical"), common)


def _engine_output(text: str) -> str:
    """The engine's warnings and errors, without its progress lines."""
    keep = []
    for line in text.splitlines():
        if line.startswith("INFO") or not line.strip():
            continue
        keep.append(line)
    return "\n".join(keep)


def run_engine(edition: Edition) -> None:
    for note in ENGINE_NOTES[edition.engine]:
        say(f"Note ({edition.engine}): {note}")
    for note in search_notes(edition):
        say(f"Note (search, {edition.language}): {note}")
    result = subprocess.run(engine_command(edition, "build"), cwd=edition.work, env=engine_env(), capture_output=True, text=True)
    output = _engine_output(result.stdout + result.stderr)
    failed = result.returncode != 0
    if edition.engine == "zensical" and ("Error" in output or "error:" in output):
        failed = True
    if failed:
        raise BuildFailed(output or f"{edition.engine} exited with status {result.returncode}")
    if output:
        say(output)


def _built(editions: list[Edition], kb=None) -> Path:
    """Generate and build each language of a site; returns the folder with the whole site
    (the main language at its root, each other language in '<code>/')."""
    for edition in editions:
        with locked(edition.work):
            generate(edition, kb)
            run_engine(edition)
    if len(editions) == 1:
        return editions[0].work / "site"
    main = editions[0]
    combined = main.work.with_name(main.work.name.replace(f"-{main.language}-", "-all-", 1)) / "site"
    if combined.exists():
        shutil.rmtree(combined)
    shutil.copytree(main.work / "site", combined, copy_function=os.link)
    for edition in editions[1:]:
        target = combined / main.subfolder(edition.language)
        if target.exists():
            raise EditionError(f"the main language's site has a folder '{target.name}/', where the '{edition.language}' edition must go")
        shutil.copytree(edition.work / "site", target, copy_function=os.link)
    return combined


def build_site(editions: list[Edition] | Edition, out: Path, kb=None) -> WriteResult:
    """Generate, build with the engine and publish to `out`; on any failure `out` is untouched."""
    editions = [editions] if isinstance(editions, Edition) else list(editions)
    with locked(editions[0].work.parent / f".{editions[0].name}-{editions[0].engine}-{editions[0].mode}"):
        return publish(_built(editions, kb), out)


def build_offline(editions: list[Edition] | Edition, zip_path: Path, kb=None) -> None:
    """A zip of the site that works opened from disk (file://), search included."""
    editions = [editions] if isinstance(editions, Edition) else list(editions)
    with locked(editions[0].work.parent / f".{editions[0].name}-{editions[0].engine}-{editions[0].mode}"):
        site = _built(editions, kb)
        zip_path = Path(zip_path)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=zip_path.parent, prefix=f".{zip_path.name}.", delete=False) as tmp:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(site.rglob("*")):
                    if path.is_file():
                        archive.write(path, Path("next-round") / path.relative_to(site))
        Path(tmp.name).replace(zip_path)


# ----------------------------------------------------------------------------- serve
def watched(edition: Edition) -> list[Path]:
    """What the generator watches: content, hand-written docs, its page templates, the office.
    (The engine watches the work folder, where the generator writes what changed.)"""
    folders = [edition.content, edition.root / "docs", edition.root / "overrides", Path(__file__).resolve().parent / "templates"]
    if edition.office is not None:
        folders.append(edition.office.folder)
    return [f.resolve() for f in folders if f.exists()]


class _Regenerator:
    """Regenerates the work folder after changes settle; a broken file is reported and
    nothing is written, so the server keeps showing the last good site."""

    def __init__(self, edition: Edition, reload_office):
        self.edition = edition
        self.reload_office = reload_office
        self.pending = threading.Event()
        self.lock = threading.Lock()

    def changed(self, path: str) -> None:
        if "/." in path or path.endswith("~"):
            return
        self.pending.set()

    def loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if not self.pending.wait(timeout=0.5):
                continue
            time.sleep(0.2)  # let a burst of saves settle
            while self.pending.is_set():
                self.pending.clear()
                time.sleep(0.1)
            self.run()

    def run(self) -> None:
        with self.lock:
            try:
                if self.edition.office is not None:
                    self.edition.office = self.reload_office()
                result = generate(self.edition)
            except ContentError as exc:
                say(exc.report().replace("nothing was written.", "the browser keeps showing the last good site."))
                return
            except EditionError as exc:
                say(f"Next Round: {exc}")
                return
            if result.written or result.removed:
                say(f"Next Round: {result}")


def serve(edition: Edition, host: str, port: int, reload_office=None, kb=None) -> int:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    generate(edition, kb)
    regenerator = _Regenerator(edition, reload_office)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):
                return
            regenerator.changed(getattr(event, "dest_path", "") or event.src_path)

    observer = Observer()
    for folder in watched(edition):
        observer.schedule(Handler(), str(folder), recursive=True)
    observer.start()
    stop = threading.Event()
    thread = threading.Thread(target=regenerator.loop, args=(stop,), daemon=True)
    thread.start()
    for note in ENGINE_NOTES[edition.engine]:
        say(f"Note ({edition.engine}): {note}")
    for note in search_notes(edition):
        say(f"Note (search, {edition.language}): {note}")
    extra = ["--dev-addr", f"{host}:{port}"] if edition.engine != "zensical" else ["--dev-addr", f"{host}:{port}"]
    if edition.engine != "zensical":
        extra.append("--livereload")
    process = subprocess.Popen(engine_command(edition, "serve", *extra), cwd=edition.work, env=engine_env())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 130
    finally:
        stop.set()
        observer.stop()
        observer.join(timeout=5)


__all__ = ["BuildFailed", "EditionError", "build_offline", "build_site", "generate", "serve"]
