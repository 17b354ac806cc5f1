"""The whole pipeline: CLI, make targets, and nothing lost on failure."""
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
from kbtools import FIXTURE

PY = sys.executable


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_check_and_generate_on_another_knowledge_base(tmp_path):
    ok = run(PY, "-m", "generator", "check", "--content", str(FIXTURE))
    assert ok.returncode == 0 and "OK (1 reasons, 1 feedback, 1 habits, 1 templates, 1 scenarios)" in ok.stdout
    built = run(PY, "-m", "generator", "generate", "--content", str(FIXTURE), "--build-dir", str(tmp_path))
    assert built.returncode == 0, built.stderr
    docs = tmp_path / "work" / "default-en-mkdocs-site" / "docs"
    assert (docs / "scenarios" / "internal-candidate.md").read_text().startswith("---\ntitle: The job went to an internal candidate\n")
    assert (docs / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes(), "hand-written pages are copied in"
    again = run(PY, "-m", "generator", "generate", "--content", str(FIXTURE), "--build-dir", str(tmp_path))
    assert "0 files written" in again.stdout


def test_bad_content_fails_without_traceback_and_writes_nothing(tmp_path):
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    work = tmp_path / "build"
    assert run(PY, "-m", "generator", "generate", "--content", str(content), "--build-dir", str(work)).returncode == 0
    before_work, before_content = tree(work), tree(content)
    (content / "habits" / "keep-going.yml").write_text("title: [broken\n")
    (content / "reasons" / "x.yml").write_bytes(b"\xff")
    result = run(PY, "-m", "generator", "build", "--content", str(content), "--build-dir", str(work))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1] == "2 problems found; nothing was written."
    assert tree(work) == before_work
    assert {k: v for k, v in tree(content).items() if k not in ("habits/keep-going.yml", "reasons/x.yml")} == {
        k: v for k, v in before_content.items() if k != "habits/keep-going.yml"
    }


def test_make_build_keeps_the_last_good_site_on_failure(tmp_path):
    project = project_copy(tmp_path / "project")
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    make = ["make", "--no-print-directory", "build", f"VENV={ROOT / '.venv'}", f"CONTENT={content}"]
    first = run(*make, cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "build" / "default" / "site"
    site_before = tree(site)
    assert "scenarios/internal-candidate/index.html" in site_before
    content_before = tree(content)

    (content / "scenarios" / "internal-candidate.yml").write_text("title: T\nsummary: S\nsources: [guide]\nstage: nowhere\n")
    content_before = tree(content)
    second = run(*make, cwd=project)
    assert second.returncode != 0
    out = second.stdout + second.stderr
    assert "Traceback" not in out
    assert "internal-candidate.yml:4:8: stage: 'nowhere' is not allowed" in out
    assert "nothing was written." in out
    assert tree(site) == site_before
    assert tree(content) == content_before, "the author's files must stay as they were"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "no temporary folder is left behind"


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
    from generator.schema import editor_settings

    text = (ROOT / ".vscode" / "settings.json").read_text()
    assert text == editor_settings(json.loads(text)), ".vscode/settings.json is out of date: run 'make schema'"
    settings = json.loads(text)["yaml.schemas"]
    for kind in models.KINDS:
        assert settings[f"./schema/{kind}.schema.json"] == f"content/{kind}/*.yml"
        for path in (ROOT / "content" / kind).glob("*.yml"):
            first = path.read_text().splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json", path
    assert (ROOT / "content" / "sources.yml").read_text().startswith("# yaml-language-server: $schema=../schema/sources.schema.json\n")


def test_an_engine_warning_fails_the_build_and_keeps_the_last_good_site(tmp_path):
    """Strict means strict: a broken link in a hand-written page stops the build
    (no --quiet hiding the warning), and the published site stays as it was."""
    project = project_copy(tmp_path / "project")
    command = [PY, "-m", "generator", "build", "--content", str(FIXTURE)]
    first = run(*command, cwd=project)
    assert first.returncode == 0, first.stderr
    site = project / "build" / "default" / "site"
    before = tree(site)
    (project / "docs" / "broken.md").write_text("# Broken\n\nSee [nowhere](nowhere.md) and [a section](about.md#no-such-anchor).\n")
    second = run(*command, cwd=project)
    assert second.returncode == 1
    out = second.stdout + second.stderr
    assert "nowhere.md" in out and "Traceback" not in out
    assert "Build failed (mkdocs): the published site is unchanged." in out
    assert tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
