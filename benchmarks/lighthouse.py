"""Lighthouse (mobile) scores with Debian's Chromium: python -m benchmarks.lighthouse [--site DIR] [URL ...]

Uses the Lighthouse pinned in benchmarks/package.json (12.8.2, the last line
that runs on Node 20; `npm ci --prefix benchmarks` installs it; `make bench`
does). Without URLs it builds the real site (or serves --site), serves it like
production (benchmarks/serve.py) and audits the home page, a scenario and a
template. Each page is run --runs times; the run with the median performance
score is reported. For every category below 100 it lists the audits that lost
points, with the elements Lighthouse names.

Targets (issue 12): 100 in every category, performance included (issue 7
asked for at least 95 in performance).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.serve import CHROMIUM, CHROMIUM_ARGS, build_site, free_port, serve

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, default simulated throttling); the parsed JSON report."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run 'npm ci --prefix benchmarks' (make bench does)")
    flags = " ".join(a if a != "--headless" else "--headless=new" for a in CHROMIUM_ARGS) + " --disable-dev-shm-usage"
    cmd = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(out.read_text())


def _item_label(item: dict) -> str | None:
    node = item.get("node") if isinstance(item.get("node"), dict) else item if item.get("type") == "node" else None
    if node:
        label = node.get("selector") or node.get("path") or ""
        snippet = node.get("snippet") or node.get("nodeLabel") or ""
        return f"{label} {snippet}".strip()[:240]
    for key in ("url", "source", "description", "label"):
        value = item.get(key)
        if isinstance(value, str):
            return value[:240]
        if isinstance(value, dict) and value.get("url"):
            return value["url"][:240]
    return None


def failing(report: dict, category: str) -> list[dict]:
    """Audits that cost points in a category: id, title, score, displayed value and the elements named."""
    audits = report["audits"]
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) <= 0 or audit.get("score") is None or audit["score"] >= 1:
            continue
        if audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        details = audit.get("details") or {}
        items = details.get("items") or []
        where = [x for x in (_item_label(i) for i in items[:8]) if x]
        out.append({
            "id": ref["id"], "title": audit.get("title"), "score": audit["score"], "weight": ref["weight"],
            "value": audit.get("displayValue"), "where": where,
        })
    return out


def diagnostics(report: dict) -> list[dict]:
    """Performance audits without weight that explain lost metric points: render-blocking
    resources, layout-shift culprits, long main-thread tasks (with the URLs and elements)."""
    audits = report["audits"]
    out = []
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 or audit.get("score") is None or audit["score"] >= 1:
            continue
        savings = {k: v for k, v in (audit.get("metricSavings") or {}).items() if v}
        if not savings and ref["id"] not in ("layout-shifts", "long-tasks"):
            continue
        items = (audit.get("details") or {}).get("items") or []
        if items and items[0].get("type") == "table":  # insights nest their table in a list
            items = items[0].get("items") or []
        where = [x for x in (_item_label(i) for i in items[:16]) if x and x != "Total"]
        out.append({"id": ref["id"], "title": audit.get("title"), "value": audit.get("displayValue"), "savings": savings, "where": where})
    # Lighthouse 12 reports most findings twice (an audit and its newer "insight"): keep one.
    shown = [d["where"] for d in out if not d["id"].endswith("-insight")]
    return [d for d in out if not (d["id"].endswith("-insight") and d["where"] in shown)]


def _relative(value, origin: str):
    """URLs of the audited site shown as paths."""
    if isinstance(value, str):
        return value.replace(origin, "/")
    if isinstance(value, list):
        return [_relative(v, origin) for v in value]
    if isinstance(value, dict):
        return {k: _relative(v, origin) for k, v in value.items()}
    return value


def summarise(report: dict) -> dict:
    from urllib.parse import urlsplit

    url = urlsplit(report.get("finalDisplayedUrl") or report.get("requestedUrl") or "")
    origin = f"{url.scheme}://{url.netloc}/"
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    return {
        "scores": scores,
        "metrics": {m: report["audits"][m].get("displayValue") for m in METRICS if m in report["audits"]},
        "failing": _relative({c: failing(report, c) for c in CATEGORIES if scores[c] < 100}, origin),
        "diagnostics": _relative(diagnostics(report), origin) if scores["performance"] < 100 else [],
        "lighthouse": report.get("lighthouseVersion"),
        "user_agent": report.get("environment", {}).get("hostUserAgent"),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "run_warnings": report.get("runWarnings", []),
    }


def run_all(urls: dict[str, str], out_dir: Path, runs: int = 3) -> dict[str, dict]:
    """name -> summary of the median-performance run (with every run's scores)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, url in urls.items():
        print(f"Lighthouse: {name} ({url}), {runs} run{'s' if runs != 1 else ''} ...", flush=True)
        summaries = [summarise(lighthouse(url, out_dir / f"{name}-{i}.json")) for i in range(runs)]
        ordered = sorted(summaries, key=lambda s: s["scores"]["performance"])
        median = ordered[len(ordered) // 2]
        median["url"] = url
        median["all_runs"] = [s["scores"] for s in summaries]
        results[name] = median
    return results


def report(results: dict[str, dict]) -> str:
    lines = ["Lighthouse (mobile, simulated throttling; median of the runs by performance):", ""]
    head = ["page"] + [f"{c} (target {TARGETS[c]})" for c in CATEGORIES] + ["FCP", "LCP", "TBT", "CLS", "SI", "all runs (perf/a11y/bp/seo)"]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name, r in results.items():
        m = r["metrics"]
        runs = ", ".join("/".join(str(s[c]) for c in CATEGORIES) for s in r["all_runs"])
        lines.append("| " + " | ".join([name] + [str(r["scores"][c]) for c in CATEGORIES] + [m.get(k, "") for k in METRICS] + [runs]) + " |")
    misses = False
    for name, r in results.items():
        for category, audits in r["failing"].items():
            if not audits:
                continue
            misses = True
            lines.append("")
            lines.append(f"{name}: {category} {r['scores'][category]}, audits that lost points:")
            for a in audits:
                lines.append(f"  - {a['id']} (score {a['score']}, weight {a['weight']}{', ' + a['value'] if a['value'] else ''}): {a['title']}")
                for w in a["where"]:
                    lines.append(f"      {w}")
            if category == "performance" and r["diagnostics"]:
                lines.append(f"{name}: performance diagnostics (why the metrics lost points):")
                for d in r["diagnostics"]:
                    savings = ", ".join(f"{k} {v:g}" for k, v in d["savings"].items())
                    lines.append(f"  - {d['id']}{' (' + d['value'] + ')' if d['value'] else ''}{' savings: ' + savings if savings else ''}: {d['title']}")
                    for w in d["where"]:
                        lines.append(f"      {w}")
        for warning in r["run_warnings"]:
            lines.append(f"{name}: warning: {warning}")
    below = [f"{n} {c} {r['scores'][c]}" for n, r in results.items() for c in CATEGORIES if r["scores"][c] < TARGETS[c]]
    lines.append("")
    lines.append("All targets met." if not below else "Below target: " + "; ".join(below))
    if not misses and not below:
        lines.append("No audit lost points.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description="Lighthouse (mobile) scores for the home, a scenario and a template page.")
    parser.add_argument("urls", nargs="*", help="pages to audit (default: build and serve the site, then its home, a scenario and a template)")
    parser.add_argument("--site", type=Path, help="serve this built site instead of building the real one")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nextround-lighthouse-") as tmp:
        server = None
        if args.urls:
            urls = {f"page {i + 1}": u for i, u in enumerate(args.urls)}
        else:
            from benchmarks.pageweight import pages_of

            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            site = args.site.resolve() if args.site else build_site(Path(tmp) / "build", base)
            server = serve(site, port)
            pages = pages_of(site)
            urls = {k: base + pages[k] for k in ("home", "scenario", "template")}
        try:
            results = run_all(urls, Path(tmp) / "reports", runs=args.runs)
        finally:
            if server:
                server.shutdown()
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
