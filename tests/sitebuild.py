"""Build the site in a scratch copy of the project, so tests never touch the working tree."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def project_copy(dest: Path) -> Path:
    """mkdocs.yml, hooks/, overrides/ and the hand-written docs/ (generated pages left out)."""
    dest.mkdir(parents=True, exist_ok=True)
    manifest = ROOT / "docs" / ".nextround-generated"
    generated = set(manifest.read_text().split()) if manifest.exists() else set()
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (ROOT / "docs").rglob("*"):
        rel = path.relative_to(ROOT / "docs").as_posix()
        if path.is_file() and rel not in generated and not rel.startswith("."):
            target = dest / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return dest


def build(dest: Path, *, content: Path | None = None, site_url: str = "http://127.0.0.1:8000/", extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Build into dest/site; returns the finished process (check .returncode yourself)."""
    project_copy(dest)
    env = dict(os.environ)
    env.update(
        NEXTROUND_CONTENT=str((content or ROOT / "content").resolve()),
        NEXTROUND_SITE_URL=site_url,
        NO_MKDOCS_2_WARNING="1",
    )
    env.update(extra_env or {})
    return subprocess.run(
        MKDOCS + ["build", "--strict", "--site-dir", str(dest / "site")],
        cwd=dest, env=env, capture_output=True, text=True, timeout=600,
    )
