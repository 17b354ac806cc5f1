"""Helpers shared by the tests that check content and office messages."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import load_knowledge_base
from generator.problems import ContentError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kb"


def fresh_fixture(tmp_path_factory) -> Path:
    """A new copy of the fixture knowledge base (for property tests, which cannot use the `kb` fixture per example)."""
    root = tmp_path_factory.mktemp("kb")
    shutil.rmtree(root)
    shutil.copytree(FIXTURE, root)
    return root


def problems(root: Path, office=None) -> list[str]:
    """The located messages loading `root` (with an office edition) gives; fails if it loads."""
    with pytest.raises(ContentError) as info:
        load_knowledge_base(root, office)
    return [str(p) for p in info.value.problems]
