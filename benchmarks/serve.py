"""Build the real site into a scratch folder and serve it like production (gzip, Netlify's headers).

Shared by benchmarks.pageweight and benchmarks.lighthouse. The server
compresses text responses with gzip (as Netlify does) and sends the headers
from netlify.toml (long cache for /assets/, the Content-Security-Policy, ...),
so page weight and Lighthouse see what a reader's browser would.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import socket
import sys
import threading
import tomllib
import urllib.parse
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import sitebuild  # noqa: E402

CHROMIUM = os.environ.get("NEXTROUND_CHROMIUM", "/usr/bin/chromium")
#: as in tests/conftest.py
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/manifest+json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def netlify_headers() -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) from netlify.toml, in file order."""
    path = ROOT / "netlify.toml"
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [(h["for"], h.get("values", {})) for h in data.get("headers", [])]


class ProductionHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text and the headers Netlify would add."""

    headers_by_path: list[tuple[str, dict[str, str]]] = []
    _gz_cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        url_path = urllib.parse.urlsplit(self.path).path
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = os.path.join(path, "index.html")
        status = 200
        if not os.path.isfile(path):
            status, path = 404, os.path.join(self.directory, "404.html")
            if not os.path.isfile(path):
                self.send_error(404, "File not found")
                return None
        ctype = self.guess_type(path)
        with open(path, "rb") as f:
            data = f.read()
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
        if compress:
            if path not in self._gz_cache:
                self._gz_cache[path] = gzip.compress(data, 6, mtime=0)
            data = self._gz_cache[path]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        sent = set()
        for pattern, values in self.headers_by_path:
            if fnmatch(url_path, pattern):
                for name, value in values.items():
                    if name.lower() not in sent:
                        self.send_header(name, value)
                        sent.add(name.lower())
        self.end_headers()
        return io.BytesIO(data)


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (ProductionHandler,), {"headers_by_path": netlify_headers(), "_gz_cache": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_site(dest: Path, base: str) -> Path:
    """Build the real knowledge base with site_url = base; returns the site folder."""
    result = sitebuild.build(dest, site_url=base)
    if result.returncode != 0:
        raise RuntimeError("mkdocs build failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return dest / "site"


def pick_page(site: Path, kind: str, preferred: tuple[str, ...]) -> str:
    """URL path of a page of `kind`: a preferred id if the site has it, else the first."""
    for item_id in preferred:
        if (site / kind / item_id / "index.html").is_file():
            return f"{kind}/{item_id}/"
    for page in sorted((site / kind).glob("*/index.html")):
        return f"{kind}/{page.parent.name}/"
    raise FileNotFoundError(f"no {kind} page in {site}")
