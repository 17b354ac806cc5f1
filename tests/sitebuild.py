"""Build an edition for the tests, never touching the working tree: every work
folder and the site itself go under the test's own folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = [sys.executable, "-m", "generator"]


def project_copy(dest: Path) -> Path:
    """The project's sources (generator, mkdocs.yml, overrides/, docs/, Makefile and
    lock files), for tests that run `make` or change a source file."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "Makefile", "requirements.lock", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("generator", "overrides", "docs"):
        shutil.copytree(ROOT / folder, dest / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def build(dest: Path, *, content: Path | None = None, office: Path | None = None, site_url: str = "http://127.0.0.1:8000/",
          engine: str = "mkdocs", language: str | None = None, extra_env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m generator build` into dest/site (work folders in dest/build); check .returncode yourself."""
    dest.mkdir(parents=True, exist_ok=True)
    command = GENERATOR + ["build", "--content", str((content or ROOT / "content").resolve()), "--engine", engine,
                           "--site-url", site_url, "--build-dir", str(dest / "build"), "--out", str(dest / "site")]
    if office is not None:
        command += ["--office", str(Path(office).resolve())]
    if language:
        command += ["--language", language]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def build_offline(dest: Path, *, office: Path | None = None, content: Path | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """`python -m generator offline` into dest, unzipped: (the process, the site's folder)."""
    import zipfile

    dest.mkdir(parents=True, exist_ok=True)
    command = GENERATOR + ["offline", "--content", str((content or ROOT / "content").resolve()),
                           "--build-dir", str(dest / "build"), "--out", str(dest / "next-round-offline.zip")]
    if office is not None:
        command += ["--office", str(Path(office).resolve())]
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600)
    if result.returncode == 0:
        with zipfile.ZipFile(dest / "next-round-offline.zip") as archive:
            archive.extractall(dest / "unzipped")
    return result, dest / "unzipped" / "next-round"
