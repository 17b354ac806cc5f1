"""The finder flow (content/finder.yml) is checked at build time: each error kind, located."""
import shutil
from pathlib import Path

import pytest

from generator.problems import ContentError
from generator.build import load_knowledge_base
from kbtools import FIXTURE



@pytest.fixture
def kb(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "kb"


def finder_problems(kb: Path, old: str, new: str) -> list[str]:
    path = kb / "finder.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    return [str(p) for p in info.value.problems]


def test_real_finder_is_valid_and_reaches_every_scenario():
    kb = load_knowledge_base(Path(__file__).resolve().parent.parent / "content")
    assert kb.finder is not None


def test_unknown_next_question(kb):
    assert finder_problems(kb, "next: how", "next: hwo") == [
        "kb/finder.yml:12:15: questions[0].answers[1].next: no question 'hwo' (did you mean 'how'?)"
    ]


def test_unknown_scenario(kb):
    assert finder_problems(kb, "label: By phone\n        scenario: internal-candidate", "label: By phone\n        scenario: internal-candidat") == [
        "kb/finder.yml:21:19: questions[1].answers[1].scenario: no scenario 'internal-candidat' (did you mean 'internal-candidate'?)"
    ]


def test_dead_end(kb):
    assert finder_problems(kb, "label: By phone\n        scenario: internal-candidate\n", "label: By phone\n") == [
        "kb/finder.yml:19:9: questions[1].answers[1]: this answer leads nowhere: give 'next' (a question id) or 'scenario' (a situation id)"
    ]


def test_both_next_and_scenario(kb):
    assert finder_problems(kb, "label: By phone\n", "label: By phone\n        next: stage\n") == [
        "kb/finder.yml:19:9: questions[1].answers[1]: give either 'next' or 'scenario', not both"
    ]


def test_loop(kb):
    assert finder_problems(kb, "label: By phone\n        scenario: internal-candidate", "label: By phone\n        next: stage") == [
        "kb/finder.yml:21:15: questions[1].answers[1].next: leads back to question 'stage', making a loop"
    ]


def test_unreachable_question(kb):
    text = "  - id: lonely\n    text: Never asked?\n    answers:\n      - id: a\n        label: A\n        scenario: internal-candidate\n      - id: b\n        label: B\n        scenario: internal-candidate\n"
    (kb / "finder.yml").write_text((kb / "finder.yml").read_text() + text)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    assert [str(p) for p in info.value.problems] == [
        "kb/finder.yml:22:9: questions[2].id: question 'lonely' is never reached from the start question 'stage'"
    ]


def test_unreachable_scenario(kb):
    (kb / "scenarios" / "second.yml").write_text((kb / "scenarios" / "internal-candidate.yml").read_text())
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    assert [str(p) for p in info.value.problems] == [
        "kb/finder.yml:3:1: questions: no answer leads to the scenario 'second'; every situation must be reachable"
    ]


def test_too_many_questions(kb):
    deep = "".join(
        f"  - id: q{i}\n    text: Q{i}?\n    answers:\n      - id: a\n        label: A\n        next: q{i + 1}\n      - id: b\n        label: B\n        scenario: internal-candidate\n"
        for i in range(1, 5)
    ) + "  - id: q5\n    text: Q5?\n    answers:\n      - id: a\n        label: A\n        scenario: internal-candidate\n      - id: b\n        label: B\n        scenario: internal-candidate\n"
    path = kb / "finder.yml"
    path.write_text(path.read_text().replace("scenario: internal-candidate\n      - id: other", "next: q1\n      - id: other", 1) + deep)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    assert [str(p) for p in info.value.problems] == [
        "kb/finder.yml:45:15: questions[4].answers[0].next: this path asks more than 4 questions before a situation; make it shorter"
    ]


def test_duplicate_answer_ids(kb):
    assert finder_problems(kb, "- id: phone", "- id: email") == [
        "kb/finder.yml:19:13: questions[1].answers[1].id: answer 'email' is used twice in this question"
    ]
