"""Shared fixtures: a built copy of the real site, served on localhost, and Debian's Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# Property-based tests explore new inputs on every local run; CI replays a
# fixed sequence so a submission's result does not depend on luck.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from sitebuild import ROOT, build

CHROMIUM = os.environ.get("NEXTROUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests, and tests that build a whole site, are left out by `make test-quick`."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if "browser" in item.path.parts or "site" in getattr(item, "fixturenames", ()) or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def kb(tmp_path, monkeypatch):
    """A copy of the fixture knowledge base at ./kb (messages then name 'kb/...')."""
    import shutil

    from kbtools import FIXTURE

    shutil.copytree(FIXTURE, tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "kb"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A copy of the example office at ./office (messages then name 'office/...')."""
    import shutil

    shutil.copytree(ROOT / "examples" / "northgate", tmp_path / "office")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "office"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path, port: int):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real knowledge base, built once with site_url = where it is served, and served."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    dest = tmp_path_factory.mktemp("site")
    result = build(dest, site_url=base)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(dest / "site", port)
    yield {"url": base, "dir": dest / "site"}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make test', which installs it (or see README).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser, site):
    ctx = browser.new_context(base_url=site["url"], viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = context.new_page()
    p.set_default_timeout(10_000)
    yield p
    p.close()


@pytest.fixture
def nojs_page(browser, site):
    """A page of the real site with JavaScript switched off."""
    ctx = browser.new_context(base_url=site["url"], java_script_enabled=False)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    yield page
    ctx.close()
