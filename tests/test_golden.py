"""Golden tests: a small fixture knowledge base -> exactly the Markdown expected.

After an intended change to the output, refresh the expected files with
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and review the diff before committing.
"""
import os
from pathlib import Path

from generator.build import pages
from generator.build import load_knowledge_base
from kbtools import FIXTURE

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "fixtures" / "golden"


def test_fixture_renders_to_the_golden_pages():
    out = {p: t for p, t in pages(load_knowledge_base(FIXTURE)).items() if p != "authoring/reference.md"}
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in out.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(out) == sorted(expected)
    for rel in out:
        assert out[rel] == expected[rel], f"{rel} differs from tests/fixtures/golden/{rel}"


def test_output_is_deterministic():
    kb = load_knowledge_base(FIXTURE)
    assert pages(kb) == pages(load_knowledge_base(FIXTURE))
