"""The benchmark's synthetic knowledge base is valid, shaped like real content, and deterministic."""
from __future__ import annotations

import sys
from pathlib import Path

from sitebuild import ROOT

sys.path.insert(0, str(ROOT))  # benchmarks/ is not an installed package
from benchmarks import synth  # noqa: E402
from generator.build import pages  # noqa: E402
from generator.build import load_knowledge_base  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synth_60_items_load_and_render(tmp_path):
    counts = synth.write(60, tmp_path / "kb")
    assert counts == {"habits": 15, "reasons": 12, "feedback": 12, "scenarios": 12, "templates": 9}
    kb = load_knowledge_base(tmp_path / "kb")
    assert dict(kb.counts()) == {"reasons": 12, "feedback": 12, "habits": 15, "templates": 9, "scenarios": 12}
    for scenario in kb.items["scenarios"].values():
        assert 2 <= len(scenario.reasons) <= 4
        assert 1 <= len(scenario.templates) <= 3
        assert 2 <= len(scenario.habits) <= 4
        assert 1 <= len(scenario.feedback) <= 3
    assert kb.finder is not None and kb.sources
    first = (tmp_path / "kb" / "scenarios").iterdir().__next__().read_text()
    assert first.startswith("# yaml-language-server: $schema=../../schema/scenarios.schema.json\n")
    out = pages(kb)
    assert len([p for p in out if p.startswith("scenarios/") and p != "scenarios/index.md"]) == 12


def test_synth_is_deterministic(tmp_path):
    synth.write(60, tmp_path / "a")
    synth.write(60, tmp_path / "b")
    synth.write(60, tmp_path / "c", seed=2)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_synth_smallest_and_uneven_sizes_are_valid(tmp_path):
    for n in (5, 7, 33, 151):
        counts = synth.write(n, tmp_path / str(n))
        assert sum(counts.values()) == n and min(counts.values()) >= 1
        load_knowledge_base(tmp_path / str(n))


def test_synth_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "notes.txt").write_text("mine")
    try:
        synth.write(10, tmp_path / "kb")
    except FileExistsError:
        pass
    else:
        raise AssertionError("wrote into a non-empty folder")
