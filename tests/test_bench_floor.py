"""benchmarks.floor: re-creates a work folder's files exactly (what it times is real work)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import floor  # noqa: E402


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_floor_writes_the_same_files(tmp_path, capsys):
    work = tmp_path / "work"
    (work / "docs" / "habits").mkdir(parents=True)
    (work / "docs" / "habits" / "rest.md").write_text("# Rest\n\nSleep on it.\n")
    (work / "docs" / "index.md").write_text("# Home\n")
    (work / "overrides" / "partials").mkdir(parents=True)
    (work / "overrides" / "partials" / "footer.html").write_text("<footer></footer>\n")
    (work / "mkdocs.yml").write_text("INHERIT: ../mkdocs.yml\n")
    (work / "docs" / ".lock").write_text("")  # hidden: not part of the edition

    assert floor.main([str(work), str(tmp_path / "dest")]) == 0

    written = tree(tmp_path / "dest")
    expected = {k: v for k, v in tree(work).items() if not k.endswith(".lock")}
    assert written == expected
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 4
    assert report["read_s"] >= 0
