"""Hostile or odd YAML (issue 11): every case gives one exact, located message,
or is read as the text the author wrote; nothing raises, crashes or hangs."""
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.build import load_knowledge_base
from generator.office import load_office
from generator.problems import ContentError
from kbtools import FIXTURE, problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northgate"
HABIT = "title: T\nsummary: S\nsources: [guide]\nwhy: W\nsteps: [a]\n"


def habit(kb: Path, data: str | bytes, name: str = "x") -> None:
    (kb / "habits" / f"{name}.yml").write_bytes(data if isinstance(data, bytes) else data.encode())


CASES = {
    "tag on a value": (HABIT.replace("title: T", "title: !!int abc"), "kb/habits/x.yml:1:8: YAML tags like '!!int' are not supported; write the value as plain text"),
    "local tag": (HABIT.replace("why: W", "why: !foo W"), "kb/habits/x.yml:4:6: YAML tags like '!foo' are not supported; write the value as plain text"),
    "tag on a key": (HABIT.replace("title: T", "!!str title: T"), "kb/habits/x.yml:1:1: YAML tags like '!!str' are not supported; write the value as plain text"),
    "merge key": ("base: &b {title: T}\n<<: *b\n" + HABIT, "kb/habits/x.yml:2:1: merge keys ('<<') are not supported; write the fields out"),
    "list as a key": (HABIT + "? [a]\n: b\n", "kb/habits/x.yml:6:3: keys must be plain words"),
    "null key shown as written": (HABIT + "~: b\n", "kb/habits/x.yml:6:1: ~: unknown field '~'; allowed fields: related, sources, steps, summary, tags, title, why"),
    "yes key shown as written": (HABIT + "yes: b\n", "kb/habits/x.yml:6:1: yes: unknown field 'yes'; allowed fields: related, sources, steps, summary, tags, title, why"),
    "NUL byte": (HABIT.replace("why: W", "why: W\x00"), "kb/habits/x.yml:4:7: contains the control character U+0000; delete it"),
    "NEL": (HABIT.replace("why: W", "why: W\x85X"), "kb/habits/x.yml:4:7: contains an invisible line break (U+0085, next-line character (NEL)); replace it with an ordinary line break or a space"),
    "line separator": (HABIT.replace("steps: [a]", "steps: [a\u2028b]"), "kb/habits/x.yml:5:10: contains an invisible line break (U+2028, line separator); replace it with an ordinary line break or a space"),
    "byte order mark in a value": (HABIT.replace("why: W", "why: W\ufeffX"), "kb/habits/x.yml:4:7: contains an invisible byte order mark (U+FEFF); delete it"),
    "byte order mark starting a line": (HABIT.replace("why: W\n", "why: W\n\ufeff\n"), "kb/habits/x.yml:5:1: contains an invisible byte order mark (U+FEFF); delete it"),
    "key over two lines": (HABIT + '"why\\nnot": b\n', "kb/habits/x.yml:6:1: a key must be on one line"),
    "deep nesting": ("title: " + "[" * 30_000 + "]" * 30_000 + "\n", "kb/habits/x.yml:1:39: lists or mappings are nested more than 32 levels deep"),
    "undefined alias, deeply nested": ("*a: " + "[" * 30_000 + "]" * 30_000 + "\n" + HABIT, "kb/habits/x.yml:1:1: YAML syntax error: found undefined alias 'a'"),
    "alias flood": ("a: &a " + "x" * 100 + "\nb: [" + ", ".join(["*a"] * 20_000) + "]\n", "kb/habits/x.yml:2:405: more than 100 aliases ('*name'); write the values out"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_hostile_yaml_has_an_exact_located_message(kb, case):
    data, expected = CASES[case]
    habit(kb, data)
    started = time.monotonic()
    assert problems(kb) == [expected]
    assert time.monotonic() - started < 5


def test_clearer_wording_is_not_sought_for_the_readers_own_errors(monkeypatch):
    """An undefined alias is the reader's own finding: PyYAML's slow parser is not run for it."""
    from generator import load

    def not_here(text):
        raise AssertionError("PyYAML's parser was run")

    monkeypatch.setattr(load, "_reword", not_here)
    _, found = load.parse(load.Document(Path("x.yml")), ("*a: " + "[" * 5_000 + "]" * 5_000 + "\n").encode())
    assert [(p.line, p.column, p.message) for p in found] == [(1, 1, "YAML syntax error: found undefined alias 'a'")]


def test_clearer_wording_gives_up_on_deep_nesting(monkeypatch):
    """PyYAML's pure-Python parser, run only for its wording of a syntax error,
    stops once the nesting is deeper than any item's (its time grows with the
    square of the depth) and still words a shallow error."""
    import yaml

    from generator import load

    pulled = []
    real = yaml.parse

    def counting(*args, **kwargs):
        for event in real(*args, **kwargs):
            pulled.append(event)
            yield event

    monkeypatch.setattr(load.yaml, "parse", counting)
    load._reword("title: " + "[" * 30_000 + "]" * 30_000 + "\n")
    assert 0 < len(pulled) <= load.MAX_DEPTH + 5
    with pytest.raises(yaml.YAMLError, match="cannot start any token"):
        load._reword("title: [[@]]\n")


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "yes", "~", "0x1F", "1e400", "null", "true", "9" * 80, "12:30:00"])
def test_what_the_model_calls_text_is_text(kb, value):
    (kb / "sources.yml").write_text((kb / "sources.yml").read_text().replace("date: 1 May 2024", f"date: {value}"))
    habit(kb, HABIT.replace("title: T", f"title: {value}").replace("summary: S", f"summary: {value}"))
    built = load_knowledge_base(kb)
    assert built.items["habits"]["x"].title == value
    assert next(iter(built.sources.values())).date == value


def test_booleans_only_where_the_model_asks(kb):
    path = kb / "templates" / "keep-me-in-mind.yml"
    text = path.read_text()
    assert "required: false" in text
    built = load_knowledge_base(kb)
    assert any(f.required is False for f in built.items["templates"]["keep-me-in-mind"].fields)
    path.write_text(text.replace("required: false", "required: maybe", 1))
    assert [p.split(": ", 2)[-1] for p in problems(kb)] == ["expected true or false, got text"]


def test_dangling_symlink(kb):
    os.symlink("nowhere.yml", kb / "habits" / "x.yml")
    assert problems(kb) == ["kb/habits/x.yml:1:1: broken link: it points to 'nowhere.yml', which does not exist"]


def test_reserved_id(kb):
    habit(kb, HABIT, name="index")
    assert problems(kb) == [
        "kb/habits/index.yml:1:1: 'index' is a reserved name (the page listing every item of its kind has this address); rename the file, like 'index-1.yml'"
    ]


def test_empty_office_yml_asks_for_office_fields(office):
    (office / "office.yml").write_text("# nothing yet\n")
    with pytest.raises(ContentError) as info:
        load_office(office)
    assert [str(p) for p in info.value.problems] == [
        "office/office.yml:1:1: file is empty; it must hold office.yml's fields (name, short_name, site_url, ...)"
    ]


def test_hiding_every_situation(office, kb):
    shutil.rmtree(office / "content")
    text = (office / "office.yml").read_text()
    (office / "office.yml").write_text(text.replace("  - stay-positive\n  - reasons/cheaper-or-junior-hire\n", "  - internal-candidate\n"))
    assert problems(kb, load_office(office)) == [
        "office/office.yml:29:1: hide: every situation is hidden; the site needs at least one (remove one from this list)"
    ]
