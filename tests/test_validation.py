"""Every kind of content error gives one exact, located message (file:line:column: field: message)."""
from pathlib import Path

import pytest

from generator.problems import ContentError
from kbtools import FIXTURE, problems
from generator.build import load_knowledge_base

HABIT = "title: T\nsummary: S\nsources: [guide]\nwhy: W\nsteps: [a]\n"


def write(kb: Path, rel: str, data) -> None:
    path = kb / rel
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def edit(kb: Path, rel: str, old: str, new: str) -> None:
    path = kb / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


CASES = {
    "yaml syntax": ("habits/x.yml", "title: [unclosed\nsummary: S\n", "kb/habits/x.yml:2:8: YAML syntax error: expected ',' or ']', but got ':'"),
    "missing field": ("habits/x.yml", "title: T\nsummary: S\nsources: [guide]\nsteps: [a]\n", "kb/habits/x.yml:1:1: why: required field is missing"),
    "mistyped field": ("habits/x.yml", HABIT.replace("steps: [a]", "steps: a"), "kb/habits/x.yml:5:8: steps: expected a list, got text"),
    "list for text": ("habits/x.yml", HABIT.replace("title: T", "title: [42]"), "kb/habits/x.yml:1:8: title: expected text, got a list"),
    "unknown field": ("habits/x.yml", HABIT + "stpes: [b]\n", "kb/habits/x.yml:6:1: stpes: unknown field 'stpes' (did you mean 'steps'?)"),
    "unknown field, no close match": ("habits/x.yml", HABIT + "colour: red\n", "kb/habits/x.yml:6:1: colour: unknown field 'colour'; allowed fields: related, sources, steps, summary, tags, title, why"),
    "bad id": ("habits/Keep_Calm.yml", HABIT, "kb/habits/Keep_Calm.yml:1:1: 'Keep_Calm' is not a valid id (the file name): use lower-case words joined by hyphens, like 'keep-calm.yml'"),
    "missing reference": ("habits/x.yml", HABIT + "related: [keep-goign]\n", "kb/habits/x.yml:6:11: related[0]: no habit 'keep-goign' (did you mean 'keep-going'?)"),
    "unknown source": ("habits/x.yml", HABIT.replace("[guide]", "[gide]"), "kb/habits/x.yml:3:11: sources[0]: no source 'gide' in sources.yml (did you mean 'guide'?)"),
    "not utf-8": ("habits/x.yml", b"title: caf\xe9\n", "kb/habits/x.yml:1:11: not valid UTF-8 text (byte 0xE9); save the file as UTF-8"),
    "empty file": ("habits/x.yml", "", "kb/habits/x.yml:1:1: file is empty; it must hold the item's fields (title, summary, sources, ...)"),
    "only a comment": ("habits/x.yml", "# nothing yet\n", "kb/habits/x.yml:1:1: file is empty; it must hold the item's fields (title, summary, sources, ...)"),
    "tab indentation": ("habits/x.yml", HABIT.replace("steps: [a]", "steps:\n\t- a"), "kb/habits/x.yml:6:1: tab character used for indentation; indent with spaces"),
    "list instead of mapping": ("habits/x.yml", "- title: T\n", "kb/habits/x.yml:1:1: file is a list; it must be a mapping of field names to values (like 'title: ...')"),
    "duplicate key": ("habits/x.yml", HABIT + "title: U\n", "kb/habits/x.yml:6:1: title: duplicate key 'title' (first given on line 1)"),
    "html in markdown": ("habits/x.yml", HABIT.replace("why: W", "why: <script>alert(1)</script>"), "kb/habits/x.yml:4:6: why: HTML tags are not allowed; use Markdown (**bold**, [link](https://...))"),
    "script link": ("habits/x.yml", HABIT.replace("why: W", "why: '[x](javascript:alert(1))'"), "kb/habits/x.yml:4:6: why: links must use http, https or mailto addresses (no 'javascript:', 'vbscript:' or 'data:')"),
    "script reference link": ("habits/x.yml", HABIT.replace("why: W", "why: '[x][1]\n\n  [1]: JavaScript:alert(1)'"), "kb/habits/x.yml:4:6: why: links must use http, https or mailto addresses (no 'javascript:', 'vbscript:' or 'data:')"),
    "entity in markdown": ("habits/x.yml", HABIT.replace("why: W", "why: '[x](&#106;avascript:alert(1))'"), "kb/habits/x.yml:4:6: why: HTML entities like '&amp;' are not allowed; type the character itself"),
    "html in plain text": ("habits/x.yml", HABIT.replace("title: T", "title: <b>T</b>"), "kb/habits/x.yml:1:8: title: must be plain text: HTML tags are not allowed here"),
    "two documents": ("habits/x.yml", HABIT + "---\ntitle: U\n", "kb/habits/x.yml:7:1: file holds more than one YAML document ('---'); put one item per file"),
    "alias of a list": ("habits/x.yml", HABIT.replace("steps: [a]", "steps: &s [a]") + "tags: *s\n", "kb/habits/x.yml:5:8: tags: aliases ('*name') of lists or mappings are not supported; write the value out"),
    "nested too deeply": ("habits/x.yml", "title: " + "[" * 3000 + "]" * 3000 + "\n", "kb/habits/x.yml:1:39: lists or mappings are nested more than 32 levels deep"),
    "wrong extension": ("habits/x.yaml", HABIT, "kb/habits/x.yaml:1:1: not a content file: items are '<id>.yml' files (rename it to end in .yml)"),
    "unknown folder": ("habit/x.yml", HABIT, "kb/habit:1:1: unexpected folder in the content folder (did you mean 'habits'?)"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_error_has_an_exact_located_message(kb, case):
    rel, data, expected = CASES[case]
    (kb / rel).parent.mkdir(exist_ok=True)
    write(kb, rel, data)
    assert problems(kb) == [expected]


def test_bad_value_of_a_fixed_choice(kb):
    edit(kb, "scenarios/internal-candidate.yml", "stage: final-round", "stage: final")
    assert problems(kb) == [
        "kb/scenarios/internal-candidate.yml:4:8: stage: 'final' is not allowed (did you mean 'final-round'?); "
        "use one of 'application', 'phone-screen', 'first-interview', 'final-round', 'any'"
    ]


def test_yes_and_no_are_words_not_booleans(kb):
    # YAML 1.1 reads a bare `no` as false; authors mean the word.
    edit(kb, "reasons/internal-hire.yml", 'in_your_control: "no"', "in_your_control: no")
    load_knowledge_base(kb)


def test_template_placeholders_options_and_tones_are_checked(kb):
    rel = "templates/keep-me-in-mind.yml"
    edit(kb, rel, "future {role} roles", "future {rol} roles")
    edit(kb, rel, "    option: ask-feedback", "    option: ask-feedbak")
    edit(kb, rel, "    tone: warm", "    tone: friendly")
    assert problems(kb) == [
        "kb/templates/keep-me-in-mind.yml:5:10: subject: placeholder '{rol}' is not a field (did you mean 'role'?)",
        "kb/templates/keep-me-in-mind.yml:35:11: body[1].tone: no tone 'friendly'",
        "kb/templates/keep-me-in-mind.yml:38:13: body[3].option: no option 'ask-feedbak' (did you mean 'ask-feedback'?)",
    ]


def test_scenario_prefill_must_name_a_template_field(kb):
    edit(kb, "scenarios/internal-candidate.yml", "  role: Analyst", "  rol: Analyst")
    assert problems(kb) == [
        "kb/scenarios/internal-candidate.yml:16:3: prefill.rol: none of this scenario's templates has a field 'rol' (did you mean 'role'?)"
    ]


def test_every_problem_is_reported_in_one_run(kb):
    edit(kb, "scenarios/internal-candidate.yml", "stage: final-round", "stage: final")
    edit(kb, "scenarios/internal-candidate.yml", "templates: [keep-me-in-mind]", "templates: [keep-me-in-mind, kep-me-in-mind]")
    write(kb, "habits/x.yml", "")
    write(kb, "reasons/y.yml", "- a\n")
    found = problems(kb)
    assert len(found) == 4
    assert "kb/scenarios/internal-candidate.yml:14:30: templates[1]: no template 'kep-me-in-mind' (did you mean 'keep-me-in-mind'?)" in found
    # the report ends with a count and says nothing was written
    with pytest.raises(ContentError) as info:
        load_knowledge_base(kb)
    assert info.value.report().splitlines()[-1] == "4 problems found; nothing was written."


def test_missing_sources_file(kb):
    (kb / "sources.yml").unlink()
    assert problems(kb) == ["kb/sources.yml:1:1: missing: list the cited articles here"]


def test_sources_that_are_not_listed_when_the_list_is_empty(kb):
    # found by the property-based tests: an empty sources list used to skip the check
    (kb / "sources.yml").write_text("sources: {}\n")
    found = problems(kb)
    assert "kb/habits/keep-going.yml:3:11: sources[0]: no source 'guide' in sources.yml" in found


# ----------------------------------------------------------------- plans (issue 12)
def test_a_step_names_only_one_of_its_scenarios_emails(kb):
    edit(kb, "scenarios/internal-candidate.yml", "      email: keep-me-in-mind", "      email: keep-me-in-mnd")
    assert problems(kb) == [
        "kb/scenarios/internal-candidate.yml:11:14: steps.this_week[0].email: 'keep-me-in-mnd' is not one of this scenario's templates (keep-me-in-mind); add it to `templates` first"
    ]


def test_a_step_with_an_unknown_key_gets_a_did_you_mean(kb):
    edit(kb, "scenarios/internal-candidate.yml", "      email: keep-me-in-mind", "      emial: keep-me-in-mind")
    assert problems(kb) == ["kb/scenarios/internal-candidate.yml:11:7: steps.this_week[0].emial: unknown field 'emial' (did you mean 'email'?)"]


@pytest.mark.parametrize("line", [
    "If you feel in danger, call your local emergency number now.",
    "Call a crisis line if you might harm yourself.",
])
def test_a_safety_line_is_never_a_step_to_tick(kb, line):
    edit(kb, "scenarios/internal-candidate.yml", "  today: [Take a break.]", f"  today: [Take a break., '{line}']")
    assert problems(kb) == [
        "kb/scenarios/internal-candidate.yml:8:26: steps.today[1]: looks like a safety line: it must never be a step to tick off; "
        "set `wellbeing: true`, which shows the support box with what to do in an emergency"
    ]


def test_tags_are_in_sentence_case(kb):
    write(kb, "habits/x.yml", HABIT + "tags: [Mindset, job search]\n")
    assert problems(kb) == ["kb/habits/x.yml:6:17: tags[1]: write tags in sentence case, like 'Job search'"]
