"""Build-time benchmark: python -m benchmarks.run [N ...] (default 100 1000 10000).

For each N it writes a synthetic knowledge base (benchmarks.synth) into a
temporary folder, then measures, each in its own process:

* the generator alone: `python -m generator generate --content KB` (load,
  validate, link, render and write the edition's work folder);
* the generator once more on the same folder: a rebuild of an unchanged
  edition ("generator again"; it rewrites no file);
* the whole strict build, `python -m generator build --content KB` (the
  generator again, then MkDocs on the work folder, then publishing the site),
  so "MkDocs only" below is the build minus the generator run and the
  generator's share is generator / build;
* the generator's floor (benchmarks.floor): starting Python, importing what
  the generator imports and creating the same files, with no loading,
  validating or rendering: what any generator of this design costs at least,
  as a share of the same build;

with wall time and peak resident memory (ru_maxrss of that one process, from
os.wait4), then the site's size (files and bytes), its HTML pages, and the
search index (bytes, and gzip bytes: what a reader downloads to search).
It prints a table and the ratios of this one run. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import synth

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_SIZES = (100, 1_000, 10_000)
LINEAR_LIMIT = 1.5  # per-item time may grow at most this much per tenfold N


def timed(cmd: list[str], *, cwd: Path, env: dict, log: Path) -> tuple[float, float, int]:
    """Run cmd; (wall seconds, CPU seconds, peak RSS in bytes) of that process. Raises on failure, showing the log.

    The file system's pending writes (the previous step's files) are flushed
    first, so that one step's output is not written back during the next."""
    os.sync()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024  # Linux gives KiB


def tree_size(folder: Path) -> tuple[int, int, int, int]:
    """(files, bytes, bytes on disk, HTML pages) under folder."""
    files = size = disk = pages = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            files += 1
            size += st.st_size
            disk += st.st_blocks * 512
            pages += name.endswith(".html")
    return files, size, disk, pages


def floor(work: Path, dest: Path, *, env: dict, log: Path) -> float:
    """Seconds of benchmarks.floor re-creating `work` in `dest` (wall time less its reading)."""
    seconds, _, _ = timed([sys.executable, "-m", "benchmarks.floor", str(work), str(dest)], cwd=ROOT, env=env, log=log)
    return seconds - json.loads(log.read_text().strip().splitlines()[-1])["read_s"]


def bench_one(n: int, work: Path, seed: int = 1) -> dict:
    kb = work / "kb"
    start = time.perf_counter()
    counts = synth.write(n, kb, seed=seed)
    synth_s = time.perf_counter() - start

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    gen_s, gen_cpu, gen_rss = timed(
        [sys.executable, "-m", "generator", "generate", "--content", str(kb), "--build-dir", str(work / "gen")],
        cwd=ROOT, env=env, log=work / "generator.log",
    )
    # The same again on the same folder: a rebuild of an unchanged edition (no file rewritten).
    again_s, again_cpu, _ = timed(
        [sys.executable, "-m", "generator", "generate", "--content", str(kb), "--build-dir", str(work / "gen")],
        cwd=ROOT, env=env, log=work / "generator-again.log",
    )
    floor_s = floor(work / "gen" / "work" / "default-en-mkdocs-site", work / "floor", env=env, log=work / "floor.log")
    site = work / "site"
    build_s, build_cpu, build_rss = timed(
        [sys.executable, "-m", "generator", "build", "--content", str(kb), "--build-dir", str(work / "build"), "--out", str(site)],
        cwd=ROOT, env=env, log=work / "build.log",
    )
    files, size, disk, pages = tree_size(site)
    index = site / "search" / "search_index.json"
    index_bytes = index.stat().st_size
    index_gz = len(gzip.compress(index.read_bytes(), 6))
    html = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    return {
        "n": n,
        "kinds": counts,
        "synth_s": synth_s,
        "generator_s": gen_s,
        "generator_cpu_s": gen_cpu,
        "generator_rss": gen_rss,
        "generator_again_s": again_s,
        "generator_again_cpu_s": again_cpu,
        "floor_s": floor_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu,
        "build_rss": build_rss,
        "mkdocs_only_s": build_s - gen_s,
        "site_files": files,
        "site_bytes": size,
        "site_disk_bytes": disk,
        "pages": pages,
        "median_page_bytes": html[len(html) // 2].stat().st_size,
        "largest_page": [html[-1].relative_to(site).as_posix(), html[-1].stat().st_size],
        "search_index_bytes": index_bytes,
        "search_index_gzip_bytes": index_gz,
    }


def mb(b: float) -> str:
    return f"{b / 1e6:.1f}"


def report(rows: list[dict]) -> str:
    """The table and the ratios. Wall time is what a user waits; CPU time (user +
    system of that process) is steadier on a shared machine, so linearity is
    judged on both."""
    lines = []
    head = ("N", "pages", "generator s (CPU)", "build s (CPU)", "MkDocs only s", "generator share", "generator again s (share)", "floor s (share)", "peak MB gen / build",
            "site MB", "median page KB", "search index MB (gzip)")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---:" for _ in head) + "|")
    for r in rows:
        lines.append("| " + " | ".join((
            f"{r['n']:,}",
            f"{r['pages']:,}",
            f"{r['generator_s']:.2f} ({r['generator_cpu_s']:.2f})",
            f"{r['build_s']:.2f} ({r['build_cpu_s']:.2f})",
            f"{r['mkdocs_only_s']:.2f}",
            f"{r['generator_s'] / r['build_s']:.1%} ({r['generator_cpu_s'] / r['build_cpu_s']:.0%} CPU)",
            f"{r['generator_again_s']:.2f} ({r['generator_again_s'] / r['build_s']:.1%})",
            f"{r['floor_s']:.2f} ({r['floor_s'] / r['build_s']:.1%})",
            f"{mb(r['generator_rss'])} / {mb(r['build_rss'])}",
            mb(r["site_bytes"]),
            f"{r['median_page_bytes'] / 1e3:.1f}",
            f"{r['search_index_bytes'] / 1e6:.2f} ({r['search_index_gzip_bytes'] / 1e6:.2f})",
        )) + " |")
    lines.append("")
    lines.append("Per item:")
    for r in rows:
        lines.append(
            f"- N={r['n']:,}: build {r['build_s'] / r['n'] * 1000:.1f} ms/item ({r['build_cpu_s'] / r['n'] * 1000:.1f} CPU), "
            f"generator {r['generator_s'] / r['n'] * 1000:.2f} ms/item ({r['generator_cpu_s'] / r['n'] * 1000:.2f} CPU), "
            f"site {r['site_bytes'] / r['n'] / 1e3:.1f} KB/item, search index {r['search_index_bytes'] / r['n'] / 1e3:.2f} KB/item; "
            f"largest page {r['largest_page'][0]} ({r['largest_page'][1] / 1e3:.0f} KB)"
        )
    verdicts = []
    lines.append("")
    lines.append("Ratios (per-item cost at the larger N / at the smaller N; 1.00 is linear):")
    for a, b in zip(rows, rows[1:]):
        per = lambda r, key: r[key] / r["n"]  # noqa: E731
        wall = per(b, "build_s") / per(a, "build_s")
        cpu = per(b, "build_cpu_s") / per(a, "build_cpu_s")
        gen = per(b, "generator_cpu_s") / per(a, "generator_cpu_s")
        site = per(b, "site_bytes") / per(a, "site_bytes")
        ok = min(wall, cpu) <= LINEAR_LIMIT
        verdicts.append(ok)
        lines.append(
            f"- {b['n']:,} vs {a['n']:,}: build time x{wall:.2f} (CPU x{cpu:.2f}), generator CPU x{gen:.2f}, site bytes x{site:.2f}"
            + ("" if ok else f"  <-- NOT LINEAR (limit x{LINEAR_LIMIT})")
        )
    if verdicts:
        lines.append(f"Linear in N (per-item build time grows at most x{LINEAR_LIMIT} per step): {'yes' if all(verdicts) else 'NO'}")
    return "\n".join(lines)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram_bytes": mem, "python": platform.python_version(), "load_average": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description="Time the generator and the strict MkDocs build for synthetic knowledge bases of N items.")
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES), help="N values (default: 100 1000 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (printed) for inspection")
    args = parser.parse_args(argv)

    info = machine()
    from generator.parallel import MIN_WORK, workers

    print(f"Generator processes: {workers()} for stages of at least {MIN_WORK} files or pages.")
    print(f"Build benchmark: {info['cpus']} CPUs ({info['cpu']}), {info['ram_bytes'] / 2**30:.1f} GiB RAM, Python {info['python']}, "
          f"load average {info['load_average'][0]:.1f}", flush=True)
    rows = []
    for n in sorted(args.sizes):
        work = Path(tempfile.mkdtemp(prefix=f"nextround-bench-{n}-"))
        try:
            print(f"N={n:,}: synthesising, generating, building ...", flush=True)
            row = bench_one(n, work, args.seed)
            row["load_average_after"] = os.getloadavg()[0]
            rows.append(row)
            print(f"  generator {row['generator_s']:.2f} s, build {row['build_s']:.2f} s, {row['pages']:,} pages, site {mb(row['site_bytes'])} MB", flush=True)
        finally:
            if args.keep:
                print(f"  kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    print()
    print(report(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": info, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
