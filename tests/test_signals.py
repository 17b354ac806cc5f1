"""`signals:` on reasons and situations: validated with exact, located messages,
replaceable by an office's overlay, and shown where readers and search see them."""
import shutil
from pathlib import Path

import pytest

from generator import models
from generator.build import pages
from generator.office import load_office
from kbtools import FIXTURE, problems
from generator.build import load_knowledge_base

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "northgate"
REASON = 'title: T\nsummary: S\nsources: [guide]\nin_your_control: "no"\nwhat_it_means: M\nwhat_to_do: [a]\nsignals:\n'



ONE_WORD = "has only one word to recognise once filler words (the, we, your, ...) are left out; give at least two, like 'filled internally'"
CASES = {
    "one word": ("  - phrase: sorry\n", f"kb/reasons/x.yml:8:13: signals[0].phrase: 'sorry' {ONE_WORD}"),
    "filler words only": (
        "  - phrase: we will be\n",
        "kb/reasons/x.yml:8:13: signals[0].phrase: 'we will be' has no word to recognise once filler words (the, we, your, ...) are left out; give at least two, like 'filled internally'",
    ),
    "a variant of one word": ("  - phrase: put on hold\n    variants: [paused]\n", f"kb/reasons/x.yml:9:16: signals[0].variants[0]: 'paused' {ONE_WORD}"),
    "too long": (
        "  - phrase: after a great deal of careful thought we have sadly decided not to take your application further\n",
        "kb/reasons/x.yml:8:13: signals[0].phrase: is 17 words long; keep a signal to at most 12 words (the typical core of the sentence)",
    ),
    "quotation marks": ("  - phrase: '\"filled internally\"'\n", "kb/reasons/x.yml:8:13: signals[0].phrase: write the words only, without quotation marks or brackets"),
    "html": ("  - phrase: filled <b>internally</b>\n", "kb/reasons/x.yml:8:13: signals[0].phrase: must be plain text: HTML tags are not allowed here"),
    "html in means": ("  - phrase: put on hold\n    means: <i>paused</i>\n", "kb/reasons/x.yml:9:12: signals[0].means: must be plain text: HTML tags are not allowed here"),
    "text instead of a mapping": ("  - put on hold\n", "kb/reasons/x.yml:8:5: signals[0]: expected a mapping (field: value), got text"),
    "missing phrase": ("  - variants: [put on hold]\n", "kb/reasons/x.yml:8:5: signals[0].phrase: required field is missing"),
    "misspelt field": (
        "  - phrase: put on hold\n    varients: [paused hiring]\n",
        "kb/reasons/x.yml:9:5: signals[0].varients: unknown field 'varients' (did you mean 'variants'?)",
    ),
    "unknown strength": (
        "  - phrase: put on hold\n    strength: strongest\n",
        "kb/reasons/x.yml:9:15: signals[0].strength: 'strongest' is not allowed (did you mean 'strong'?); use one of 'strong', 'medium', 'weak'",
    ),
    "same words twice in one item": (
        "  - phrase: put on hold\n  - phrase: hiring freeze\n    variants: [hold put on]\n",
        "kb/reasons/x.yml:10:16: signals[1].variants[0]: 'hold put on' is already a signal of this item (signals[0].phrase); a wording can point to one item only",
    ),
    "same words as another item's signal": (
        "  - phrase: Filled, internally.\n",
        "kb/reasons/x.yml:8:13: signals[0].phrase: 'Filled, internally.' is already a signal of reasons/internal-hire; a wording can point to one item only",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_signal_error_has_an_exact_located_message(kb, case):
    block, expected = CASES[case]
    (kb / "reasons" / "x.yml").write_text(REASON + block)
    assert problems(kb) == [expected]


def test_signals_belong_to_reasons_and_situations_only(kb):
    (kb / "habits" / "keep-going.yml").write_text((kb / "habits" / "keep-going.yml").read_text() + "signals: []\n")
    found = problems(kb)
    assert len(found) == 1 and found[0].startswith("kb/habits/keep-going.yml:") and "unknown field 'signals'" in found[0]


def test_signal_words_leave_out_filler_and_open_contractions():
    assert models.signal_words("The position has been filled internally") == ["position", "filled", "internally"]
    assert models.signal_words("We won’t be taking your application forward") == ["not", "taking", "application", "forward"]
    assert models.signal_words("isn't possible") == ["not", "possible"]
    assert models.signal_words("more relevant experience") == ["more", "relevant", "experience"]


def test_a_valid_signal_with_every_field(kb):
    (kb / "reasons" / "x.yml").write_text(REASON + "  - phrase: put on hold\n    variants: [hiring freeze]\n    means: The job is paused.\n    strength: weak\n")
    reason = load_knowledge_base(kb).items["reasons"]["x"]
    assert reason.signals == [models.Signal(phrase="put on hold", variants=["hiring freeze"], means="The job is paused.", strength="weak")]
    page = pages(load_knowledge_base(kb))["reasons/x.md"]
    assert "## Phrases you may see in the email\n\n- “put on hold”, “hiring freeze”\n" in page


def test_an_office_overlay_replaces_an_items_signals(tmp_path, monkeypatch):
    office = tmp_path / "office"
    shutil.copytree(EXAMPLE, office)
    monkeypatch.chdir(tmp_path)
    main = (HERE.parent / "content" / "reasons" / "internal-hire.yml").read_text()
    head = main[: main.index("signals:")]
    (office / "content" / "reasons").mkdir(parents=True, exist_ok=True)
    (office / "content" / "reasons" / "internal-hire.yml").write_text(head + "signals:\n  - phrase: gave the post to a colleague\n")
    kb = load_knowledge_base(HERE.parent / "content", load_office(office))
    assert [s.phrase for s in kb.items["reasons"]["internal-hire"].signals] == ["gave the post to a colleague"]
    decoder = pages(kb)["decoder/index.md"]
    assert "gave the post to a colleague" in decoder and "filled internally" not in decoder
    # and a clash with a signal the overlay leaves in the main knowledge base is reported in the office's file
    (office / "content" / "reasons" / "internal-hire.yml").write_text(head + "signals:\n  - phrase: hiring freeze\n")
    assert problems(HERE.parent / "content", load_office(office)) == [
        "office/content/reasons/internal-hire.yml:28:13: signals[0].phrase: 'hiring freeze' is already a signal of scenarios/role-withdrawn-or-on-hold; a wording can point to one item only"
    ]


def test_the_knowledge_base_has_signals_enough():
    kb = load_knowledge_base(HERE.parent / "content")
    signals = [s for kind in ("reasons", "scenarios") for item in kb.items[kind].values() for s in item.signals]
    assert len(signals) >= 60
    for rid in ("internal-hire", "role-withdrawn", "high-competition", "more-relevant-candidate"):
        assert kb.items["reasons"][rid].signals, rid
    wordings = " | ".join(w for s in signals for w in [s.phrase, *s.variants])
    for fact in ("filled internally", "retracted", "keep your details on file", "slightly more relevant experience", "highly competitive"):
        assert fact in wordings, fact
