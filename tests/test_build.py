"""The whole pipeline: CLI, make targets, MkDocs hook, and nothing lost on failure."""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port
from generator import models
from generator.schema import schemas
from sitebuild import ROOT, build, project_copy

FIXTURE = ROOT / "tests" / "fixtures" / "kb"
PY = sys.executable


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_check_and_build_on_another_knowledge_base(tmp_path):
    ok = run(PY, "-m", "generator", "check", "--content", str(FIXTURE))
    assert ok.returncode == 0 and "OK (1 reasons, 1 feedback, 1 habits, 1 templates, 1 scenarios)" in ok.stdout
    built = run(PY, "-m", "generator", "build", "--content", str(FIXTURE), "--docs", str(tmp_path))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "scenarios" / "internal-candidate.md").read_text().startswith("---\ntitle: The job went to an internal candidate\n")
    again = run(PY, "-m", "generator", "build", "--content", str(FIXTURE), "--docs", str(tmp_path))
    assert "0 pages written" in again.stdout


def test_bad_content_fails_without_traceback_and_writes_nothing(tmp_path):
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    docs = tmp_path / "docs"
    assert run(PY, "-m", "generator", "build", "--content", str(content), "--docs", str(docs)).returncode == 0
    before_docs, before_content = tree(docs), tree(content)
    (content / "habits" / "keep-going.yml").write_text("title: [broken\n")
    (content / "reasons" / "x.yml").write_bytes(b"\xff")
    result = run(PY, "-m", "generator", "build", "--content", str(content), "--docs", str(docs))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1] == "2 problems found; nothing was written."
    assert tree(docs) == before_docs
    assert {k: v for k, v in tree(content).items() if k not in ("habits/keep-going.yml", "reasons/x.yml")} == {
        k: v for k, v in before_content.items() if k != "habits/keep-going.yml"
    }


def test_make_build_keeps_the_last_good_site_on_failure(tmp_path):
    project = project_copy(tmp_path / "project")
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    make = ["make", "--no-print-directory", "build", f"VENV={ROOT / '.venv'}", f"CONTENT={content}"]
    first = run(*make, cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    site_before = tree(project / "site")
    docs_before = tree(project / "docs")
    assert "scenarios/internal-candidate/index.html" in site_before

    (content / "scenarios" / "internal-candidate.yml").write_text("title: T\nsummary: S\nsources: [guide]\nstage: nowhere\n")
    second = run(*make, cwd=project)
    assert second.returncode != 0
    out = second.stdout + second.stderr
    assert "Traceback" not in out
    assert "internal-candidate.yml:4:8: stage: 'nowhere' is not allowed" in out
    assert "Build failed: site/ is unchanged." in out
    assert tree(project / "site") == site_before
    assert tree(project / "docs") == docs_before


def test_real_site_builds_strict_with_a_page_per_item(site):
    for kind, model in models.KINDS.items():
        ids = [p.stem for p in (ROOT / "content" / kind).glob("*.yml")]
        assert ids, kind
        assert (site["dir"] / kind / "index.html").exists()
        for item_id in ids:
            assert (site["dir"] / kind / item_id / "index.html").exists(), f"/{kind}/{item_id}/"


def test_schemas_are_up_to_date():
    for name, text in schemas().items():
        path = ROOT / "schema" / name
        assert path.exists() and path.read_text() == text, f"schema/{name} is out of date: run 'make schema'"


def test_content_files_name_their_schema_and_editors_map_them():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    for kind in models.KINDS:
        assert settings[f"./schema/{kind}.schema.json"] == f"content/{kind}/*.yml"
        for path in (ROOT / "content" / kind).glob("*.yml"):
            first = path.read_text().splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json", path
    assert (ROOT / "content" / "sources.yml").read_text().startswith("# yaml-language-server: $schema=../schema/sources.schema.json\n")


def test_mkdocs_serve_live_reloads_when_content_changes(tmp_path):
    project = project_copy(tmp_path / "project")
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    port = free_port()
    env = {**os.environ, "NEXTROUND_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "NEXTROUND_SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/habits/keep-going/"

    def fetch():
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError:
            return ""

    def wait_for(text, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in fetch():
                return True
            time.sleep(0.5)
        return False

    try:
        assert wait_for("Keep applying while you recover.")
        path = content / "habits" / "keep-going.yml"
        path.write_text(path.read_text().replace("Keep applying while you recover.", "Changed while serving."))
        assert wait_for("Changed while serving."), "the page did not change after the content file did"
    finally:
        server.terminate()
        server.wait(timeout=10)
