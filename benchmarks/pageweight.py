"""Page weight: bytes a reader's browser downloads for each kind of page.

python -m benchmarks.pageweight [--site DIR] [--lighthouse]

Builds the real site (or serves a given site folder), serves it like
production (gzip, Netlify's headers: benchmarks/serve.py), and loads in
headless Chromium (Debian's, through Playwright), each with an empty cache:
the home page, a scenario, a template, an index, /finder/ and a search from
the home page. For each it prints the bytes transferred (response bodies as
sent, gzip where the server compresses), the uncompressed bytes, and the
split by resource type, then whether the home page, a scenario and a
template are within the targets (TARGETS: 100 KB gzip and 12 requests). With --lighthouse it then runs benchmarks.lighthouse
on the same server.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.serve import CHROMIUM, CHROMIUM_ARGS, build_site, free_port, pick_page, serve

#: Targets for a first visit (issue 12): at most this many KB transferred (gzip) and requests.
TARGETS = {"home": (100, 12), "scenario": (100, 12), "template": (100, 12)}

TYPES = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "img", "fetch": "data", "xhr": "data"}


def pages_of(site: Path) -> dict[str, str]:
    return {
        "home": "",
        "scenario": pick_page(site, "scenarios", ("ghosted",)),
        "template": pick_page(site, "templates", ("thank-you-and-ask-for-feedback", "thank-you-after-rejection")),
        "index": "scenarios/",
        "finder": "finder/",
    }


def measure(browser, base: str, path: str, search: str | None = None) -> dict:
    """Load base+path in a fresh context (cold cache); with `search`, also search for it from the home page."""
    ctx = browser.new_context(base_url=base, viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    finished = []
    ctx.on("requestfinished", lambda request: finished.append(request))
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    page.goto(path, wait_until="networkidle")
    page.wait_for_timeout(500)
    before = len(finished)
    if search is not None:
        box = page.locator("input.nr-home-search__input")
        if box.is_visible():
            box.press_sequentially(search)
            box.press("Enter")
        else:
            page.locator("label.md-search__icon, label[for=__search]").first.click()
            page.locator("input.md-search__input").press_sequentially(search)
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
    by_type: dict[str, int] = defaultdict(int)
    total = raw = 0
    urls = []
    for i, request in enumerate(finished):
        response = request.response()
        if response is None:
            continue
        sent = request.sizes()["responseBodySize"]
        try:
            content = response.body()
        except Exception:  # redirects have no body to read
            content = b""
        body = len(content)
        if sent == 0 and body:
            # Chromium reports no sizes for a worker's own script: count what
            # the server sends for it (gzip for text, as benchmarks.serve does).
            compressible = response.headers.get("content-encoding") == "gzip"
            sent = len(gzip.compress(content, 6)) if compressible else body
        kind = TYPES.get(request.resource_type, "other")
        if request.url.endswith("search_index.json"):
            kind = "search index"
        by_type[kind] += sent
        total += sent
        raw += body
        urls.append({"url": request.url.removeprefix(base), "type": kind, "bytes": sent, "raw": body, "after_load": i >= before})
    ctx.close()
    return {"path": path, "requests": len(urls), "bytes": total, "raw_bytes": raw, "by_type": dict(by_type), "responses": urls,
            "search_bytes": sum(u["bytes"] for u in urls if u["after_load"])}


def table(results: dict[str, dict]) -> str:
    kinds = ["html", "css", "js", "font", "img", "search index", "data", "other"]
    used = [k for k in kinds if any(r["by_type"].get(k) for r in results.values())]
    head = ["page", "path", "requests", "transferred KB (gzip)", "uncompressed KB"] + [f"{k} KB" for k in used]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for name, r in results.items():
        cells = [name, "/" + r["path"], str(r["requests"]), f"{r['bytes'] / 1e3:.1f}", f"{r['raw_bytes'] / 1e3:.1f}"]
        cells += [f"{r['by_type'].get(k, 0) / 1e3:.1f}" for k in used]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for name, (kb, requests) in TARGETS.items():
        if name in results:
            r = results[name]
            ok = r["bytes"] / 1e3 <= kb and r["requests"] <= requests
            lines.append(f"{'within target' if ok else 'OVER TARGET'}: {name}, {r['bytes'] / 1e3:.1f} KB in {r['requests']} requests (target: at most {kb} KB and {requests} requests)")
    if "search" in results:
        lines.append("")
        lines.append(f"The search row is the home page plus the search; the search itself added {results['search']['search_bytes'] / 1e3:.1f} KB.")
    return "\n".join(lines)


def run(base: str, site: Path, query: str = "ghosted") -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, path in pages_of(site).items():
                results[name] = measure(browser, base, path)
            results["search"] = measure(browser, base, "", search=query)
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pageweight", description="Bytes transferred per kind of page (and Lighthouse with --lighthouse).")
    parser.add_argument("--site", type=Path, help="serve this built site instead of building the real one")
    parser.add_argument("--lighthouse", action="store_true", help="then run Lighthouse (mobile) on the home, a scenario and a template")
    parser.add_argument("--query", default="ghosted", help="what to search for (default: ghosted)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median performance run is reported (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="nextround-pageweight-") as tmp:
        if args.site:
            site = args.site.resolve()
        else:
            print("Building the site ...", flush=True)
            site = build_site(Path(tmp) / "build", base)
        server = serve(site, port)
        try:
            weight = run(base, site, args.query)
            print()
            print("Page weight (cold cache, mobile viewport):")
            print(table(weight))
            out = {"page_weight": weight}
            if args.lighthouse:
                from benchmarks import lighthouse

                pages = pages_of(site)
                scores = lighthouse.run_all({k: base + pages[k] for k in ("home", "scenario", "template")}, Path(tmp) / "lighthouse", runs=args.runs)
                print()
                print(lighthouse.report(scores))
                out["lighthouse"] = scores
        finally:
            server.shutdown()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
