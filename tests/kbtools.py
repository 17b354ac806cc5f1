"""Helpers shared by the tests that check content and office messages."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_knowledge_base
from generator.problems import ContentError


def problems(root: Path, office=None) -> list[str]:
    """The located messages loading `root` (with an office edition) gives; fails if it loads."""
    with pytest.raises(ContentError) as info:
        load_knowledge_base(root, office)
    return [str(p) for p in info.value.problems]
