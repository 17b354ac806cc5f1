"""Languages: interface catalogues (Babel), translated content, honest language tags."""
from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.frontend import parse_mapping_cfg

from generator import i18n, models, translations
from generator.build import load_knowledge_base, pages
from generator.problems import ContentError
from kbtools import FIXTURE, fresh_fixture

ROOT = Path(__file__).resolve().parent.parent


# ----------------------------------------------------------------------------- catalogues
def i18n_copy(dest: Path) -> Path:
    """The files extraction and the checks read, copied (never touch the working tree)."""
    for rel in ("generator", "overrides", "docs/javascripts", "locale"):
        shutil.copytree(ROOT / rel, dest / rel, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def set_msgstr(po: Path, msgid: str, new: str | None) -> None:
    """Blank a translation (new="") or drop the whole entry (new=None)."""
    text = po.read_text(encoding="utf-8")
    entry = re.compile(r'(#[^\n]*\n)*msgid "' + re.escape(msgid) + r'"\nmsgstr "[^"]*"\n\n?')
    assert entry.search(text), msgid
    text = entry.sub("" if new is None else lambda m: m.group(0).split("msgstr")[0] + f'msgstr "{new}"\n\n', text, count=1)
    po.write_text(text, encoding="utf-8")


def test_the_shipped_catalogues_are_complete_and_up_to_date():
    """What `make i18n-check` runs: no missing translation, .pot in step, no bare template text."""
    assert [str(p) for p in i18n.check(ROOT)] == []
    assert i18n.languages(ROOT) == ["en", "cy", "fr"]


def test_the_catalogues_record_how_they_were_made():
    for language in ("cy", "fr"):
        head = i18n.po_path(language).read_text(encoding="utf-8").split("msgid")[0]
        assert "AI model" in head and "NOT REVIEWED" in head and "native" in head and "before a public launch" in head


@pytest.mark.parametrize("drop", [False, True], ids=["blank msgstr", "entry deleted"])
def test_a_missing_translation_fails_the_check_naming_language_and_msgid(tmp_path, drop):
    root = i18n_copy(tmp_path)
    assert i18n.check(root) == []
    set_msgstr(i18n.po_path("cy", root), "Why it happens", None if drop else "")
    problems = [str(p) for p in i18n.check(root)]
    expected = "no entry for 'Why it happens'; run `make i18n-extract`" if drop else "no translation for 'Why it happens'"
    assert problems == [f"locale/cy/LC_MESSAGES/messages.po: [cy] {expected}"]


def test_the_command_line_check_fails_with_the_message(tmp_path):
    """`make i18n-check` is `python -m generator i18n-check`: exit status 1 and the message on stderr."""
    root = i18n_copy(tmp_path)
    set_msgstr(i18n.po_path("fr", root), "Situations", "")
    code = (
        "import sys, generator.__main__ as m; m.ROOT = __import__('pathlib').Path(sys.argv[1]);"
        "sys.exit(m.main(['i18n-check']))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "locale/fr/LC_MESSAGES/messages.po: [fr] no translation for 'Situations'" in result.stderr


def test_a_fuzzy_or_placeholder_breaking_translation_fails(tmp_path):
    root = i18n_copy(tmp_path)
    po = i18n.po_path("cy", root)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Situations"', '#, fuzzy\nmsgid "Situations"')
    text = text.replace("[Porwch drwy'r holl sefyllfaoedd](%(url)s)", "[Porwch drwy'r holl sefyllfaoedd](../scenarios/)")
    po.write_text(text, encoding="utf-8")
    problems = [str(p) for p in i18n.check(root)]
    assert "locale/cy/LC_MESSAGES/messages.po: [cy] 'Situations' is marked fuzzy (needs review)" in problems
    not_sure = i18n._show("Not sure? [Browse all situations](%(url)s). Got the email? [See what it means](%(decoder)s).")
    assert any(f"[cy] {not_sure}: the translation lacks the placeholder %(url)s" in p for p in problems)


def test_a_new_string_without_re_extracting_fails_then_extract_fixes_the_pot(tmp_path):
    root = i18n_copy(tmp_path)
    page = root / "generator/templates/sources.md.j2"
    page.write_text(page.read_text() + '\n{{ _("A brand new sentence for readers.") }}\n')
    js = root / "docs/javascripts/nextround.js"
    js.write_text(js.read_text() + '\nNextRound._("Copied to the clipboard");\n')
    problems = [str(p) for p in i18n.check_pot(root)]
    assert problems == [
        "locale/messages.pot: out of date: 'A brand new sentence for readers.' (used in generator/templates/sources.md.j2) is not in it; run `make i18n-extract`, then translate it",
        "locale/messages.pot: out of date: 'Copied to the clipboard' (used in docs/javascripts/nextround.js) is not in it; run `make i18n-extract`, then translate it",
    ]
    i18n.update_catalogues(root)
    assert i18n.check_pot(root) == []
    # ...and now each language lacks it, until translated (translations kept).
    missing = [str(p) for p in i18n.check(root)]
    assert "locale/cy/LC_MESSAGES/messages.po: [cy] no translation for 'Copied to the clipboard'" in missing
    assert "locale/fr/LC_MESSAGES/messages.po: [fr] no translation for 'A brand new sentence for readers.'" in missing
    assert i18n.translations("cy", root).gettext("Why it happens") == "Pam mae'n digwydd"


def test_extraction_finds_template_override_script_and_model_strings(tmp_path):
    (tmp_path / "generator/templates").mkdir(parents=True)
    (tmp_path / "overrides/partials").mkdir(parents=True)
    (tmp_path / "docs/javascripts").mkdir(parents=True)
    (tmp_path / "generator/templates/page.md.j2").write_text(
        '# {{ _("Your plan") }}\n\n{% trans n=3 %}Steps left: {{ n }}{% endtrans %}\n{{ _("Hello %(name)s", name="x") }}\n'
    )
    (tmp_path / "overrides/partials/footer.html").write_text('<p>{{ _("Urgent help") }}</p>\n')
    (tmp_path / "docs/javascripts/a.js").write_text(
        "var EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@x$/;\n"
        'function _(msgid, vars) { return msgid; }\n'
        'status.textContent = NextRound._("Copied {what}", { what: name });\n'
    )
    (tmp_path / "generator/models.py").write_text(
        "class Reason:\n    heading: ClassVar[str] = 'Why it happens'\n"
        "    labels: ClassVar[dict] = {'in_your_control': {'yes': 'Mostly in your control'}}\n"
        "    singular: ClassVar[str] = 'reason'\n"
        "PATTERN = _('Marked in Python')\n"
    )
    found = {m.id: sorted(m.locations) for m in i18n.extract(tmp_path) if m.id}
    assert found == {
        "Your plan": [("generator/templates/page.md.j2", 1)],
        "Steps left: %(n)s": [("generator/templates/page.md.j2", 3)],
        "Hello %(name)s": [("generator/templates/page.md.j2", 4)],
        "Urgent help": [("overrides/partials/footer.html", 1)],
        "Copied {what}": [("docs/javascripts/a.js", 3)],
        "Why it happens": [("generator/models.py", 2)],
        "Mostly in your control": [("generator/models.py", 3)],
        "Marked in Python": [("generator/models.py", 5)],
    }


def test_the_scripts_get_only_their_own_strings(tmp_path):
    root = i18n_copy(tmp_path)
    js = root / "docs/javascripts/nextround.js"
    js.write_text(js.read_text() + '\nNextRound._("Copied");\n')
    i18n.update_catalogues(root)
    po = i18n.po_path("cy", root)
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Copied"\nmsgstr ""', 'msgid "Copied"\nmsgstr "Wedi\'i gopïo"'), encoding="utf-8")
    scripts = i18n.js_catalogue("cy", root)
    assert scripts["Copied"] == "Wedi'i gopïo"
    assert scripts["Back"] == "Yn ôl" and "Why it happens" not in scripts  # a template's string is not sent
    used_in_scripts = {m.id for m in i18n.extract(root) if m.id and any(f.startswith("docs/javascripts/") for f, _ in m.locations)}
    assert set(scripts) == used_in_scripts
    assert i18n.mkdocs_extra("cy", root) == {"nr_catalogue": i18n.js_catalogue_json("cy", root)}
    assert '"Copied":"Wedi\'i gopïo"' in i18n.mkdocs_extra("cy", root)["nr_catalogue"]
    assert i18n.mkdocs_extra("en", root) == {}
    assert '<meta name="nr-catalogue" content="{{ config.extra.nr_catalogue | e }}">' in (ROOT / "overrides/main.html").read_text()
    assert "meta[name=\"nr-catalogue\"]" in (ROOT / "docs/javascripts/nextround.js").read_text()


def test_babel_cfg_says_what_extraction_does():
    """`pybabel extract -F babel.cfg` and `make i18n-extract` read the same files the same way."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    ours = [(pattern, method, {k: str(v).lower() if isinstance(v, bool) and v else ("" if v is False else v) for k, v in opts.items()}) for pattern, method, opts in i18n.METHODS]
    theirs = [(pattern.replace("**.html", "**/*.html"), method, dict(options_map.get(pattern, {}))) for pattern, method in method_map]
    assert theirs == ours


def test_bare_english_in_a_template_fails_and_wrapped_text_does_not(tmp_path):
    root = i18n_copy(tmp_path)
    page = root / "generator/templates/sources.md.j2"
    page.write_text(
        page.read_text()
        + '\n## Where to go next\n\n{{ m.section("More reading", "reasons", ids) }}\n'
        + '## {{ _("Wrapped heading") }}\n{% trans %}Wrapped paragraph.{% endtrans %}\n'
        + '<input placeholder="for example: Acme" class="nr-x">\n{# A comment is not shown #}\n'
    )
    i18n.update_catalogues(root)
    problems = [str(p) for p in i18n.check_bare_text(root)]
    n = len(page.read_text().splitlines())
    assert problems == [
        f"generator/templates/sources.md.j2:{n - 6}: reader-visible text outside _() or {{% trans %}}: '## Where to go next'",
        f"generator/templates/sources.md.j2:{n - 4}: reader-visible text outside _() or {{% trans %}}: 'More reading'",
        f"generator/templates/sources.md.j2:{n - 1}: reader-visible text outside _() or {{% trans %}}: 'for example: Acme'",
    ]


# ----------------------------------------------------------------------------- translated content
@pytest.fixture
def kb(tmp_path, monkeypatch):
    """A copy of the fixture knowledge base at ./kb (messages then name 'kb/...')."""
    shutil.copytree(FIXTURE, tmp_path / "kb")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "kb"


def original_hash(kb_root: Path, key: str) -> str:
    return translations.hashes(load_knowledge_base(kb_root))[key]


HABIT_CY = """source_hash: {hash}
title: Daliwch ati
summary: Mae pob cais yn dod â chi'n nes.
why: Mae dal ati yn helpu.
steps:
{steps}
"""


def write_habit(kb: Path, steps: list[str], hash: str | None = None, extra: str = "") -> Path:
    path = kb / "translations/cy/habits/keep-going.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    hash = hash or original_hash(kb, "habits/keep-going")
    path.write_text(HABIT_CY.format(hash=hash, steps="".join(f"  - {s}\n" for s in steps)) + extra)
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_knowledge_base(root)
    return [str(p) for p in info.value.problems]


def test_fixture_habit_shape():
    # The cases below assume the fixture habit has exactly these text fields.
    assert set(translations.text_fields(models.Habit)) == {"title", "summary", "tags", "why", "steps"}


def test_a_valid_translation_is_used_and_counted(kb):
    steps = len(load_knowledge_base(kb).items["habits"]["keep-going"].steps)
    write_habit(kb, [f"Cam {i}" for i in range(1, steps + 1)])
    loaded = load_knowledge_base(kb)
    cy = loaded.translations["cy"]
    assert cy.translated == [("habits", "keep-going")]
    assert cy.counts() == {"translated": 1, "stale": 0, "missing": 5}  # 4 items and the finder
    page = pages(loaded, None, "cy")["habits/keep-going.md"]
    assert "# Daliwch ati" in page and "Cam 1" in page and 'lang="en"' not in page.split("## ")[0]


def test_translation_files_give_exact_located_messages(kb):
    steps = len(load_knowledge_base(kb).items["habits"]["keep-going"].steps)
    write_habit(kb, ["Un"] * (steps + 1), extra="sources: [guide]\nsumary: typo\n")
    (kb / "translations/cy/habits/no-such-habit.yml").write_text("source_hash: 0123456789ab\ntitle: T\n")
    (kb / "translations/cy/recipes").mkdir()
    assert problems(kb) == [
        "kb/translations/cy/habits/keep-going.yml:6:3: steps: has " + str(steps + 1) + f" entries; the original has {steps} (translate each one, in the same order)",
        "kb/translations/cy/habits/keep-going.yml:" + str(8 + steps) + ":1: sources: 'sources' is not text: ids, links and settings come from the original, so leave it out",
        "kb/translations/cy/habits/keep-going.yml:" + str(9 + steps) + ":1: sumary: unknown field 'sumary' (did you mean 'summary'?)",
        "kb/translations/cy/habits/no-such-habit.yml:1:1: no habit 'no-such-habit' to translate: a translation has the same file name as its original",
        "kb/translations/cy/recipes:1:1: unexpected folder in a translations folder; expected: feedback, habits, reasons, scenarios, templates, finder.yml",
    ]


def test_missing_text_and_bad_fingerprint_are_located(kb):
    path = kb / "translations/cy/habits/keep-going.yml"
    path.parent.mkdir(parents=True)
    path.write_text(f"source_hash: {original_hash(kb, 'habits/keep-going')}\ntitle: Daliwch ati\n")
    assert problems(kb) == [
        "kb/translations/cy/habits/keep-going.yml:1:1: steps: missing: translate 'steps' too (the original has it)",
        "kb/translations/cy/habits/keep-going.yml:1:1: summary: missing: translate 'summary' too (the original has it)",
        "kb/translations/cy/habits/keep-going.yml:1:1: why: missing: translate 'why' too (the original has it)",
    ]
    path.write_text("source_hash: abc\ntitle: Daliwch ati\n")
    assert problems(kb) == [
        "kb/translations/cy/habits/keep-going.yml:1:14: source_hash: 'abc' is not a fingerprint: copy the 12-character source_hash that `python -m generator i18n-status --hashes` prints for the original",
    ]


TEMPLATE_CY = """source_hash: {hash}
title: Cadwch fi mewn cof
summary: Gofyn am gael eich ystyried eto.
timing: O fewn **dau ddiwrnod**.
subject: "Diolch, a swyddi {{role}} yn y dyfodol"
fields:
  your_name: {{label: Eich enw, example: Sam Taylor}}
  greeting: {{label: Sut rydych chi'n eu cyfarch, hint: Y person a wnaeth eich cyfweld., example: Alex}}
  contact_email: {{label: Eu cyfeiriad e-bost, example: alex@example.com}}
  role: {{label: Y swydd, example: Dadansoddwr}}
options:
  ask-feedback: Gofyn am adborth
tones: {{formal: Ffurfiol, warm: Cynnes}}
body:
  - text: "Annwyl {{greeting}},"
  - text: "Helo {{greeting}},"
  - text: Diolch am fy ystyried ar gyfer swydd {{role}}. Cadwch fi mewn cof.
  - text: Os oes gennych chi amser, byddwn i'n gwerthfawrogi adborth.
  - text: "Cofion gorau, {last}"
mistakes:
  - Peidiwch byth ag ateb mewn dicter.
"""


def write_template(kb: Path, last: str = "{your_name}") -> Path:
    path = kb / "translations/cy/templates/keep-me-in-mind.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE_CY.format(hash=original_hash(kb, "templates/keep-me-in-mind"), last=last))
    return path


def test_a_translated_email_keeps_its_placeholders(kb):
    write_template(kb)
    loaded = load_knowledge_base(kb)
    assert loaded.translations["cy"].translated == [("templates", "keep-me-in-mind")]
    page = pages(loaded, None, "cy")["templates/keep-me-in-mind.md"]
    assert "Cofion gorau, [Eich enw]" in page  # the no-JavaScript text fills the blank with the Welsh label
    write_template(kb, last="{eich_enw}")
    assert problems(kb) == [
        "kb/translations/cy/templates/keep-me-in-mind.yml:19:11: body[4].text: placeholder '{eich_enw}' is not in the original",
        "kb/translations/cy/templates/keep-me-in-mind.yml:19:11: body[4].text: the placeholder '{your_name}' of the original is missing; keep it as it is (do not translate what is inside the braces)",
    ]


def test_keyed_parts_name_unknown_and_missing_ids(kb):
    path = write_template(kb)
    path.write_text(path.read_text().replace("  ask-feedback: Gofyn am adborth\n", "  ask-fedback: Gofyn am adborth\n"))
    assert problems(kb) == [
        "kb/translations/cy/templates/keep-me-in-mind.yml:11:1: options: missing: 'ask-feedback' (the original has it)",
        "kb/translations/cy/templates/keep-me-in-mind.yml:12:3: options.ask-fedback: the original has no id 'ask-fedback' (did you mean 'ask-feedback'?)",
    ]


def test_the_shipped_welsh_emails_keep_every_placeholder():
    kb = load_knowledge_base(ROOT / "content")
    cy = kb.translations["cy"]
    translated = sorted(i for k, i in cy.translated if k == "templates")
    assert len(translated) >= 6
    welsh, _ = translations.apply(kb, cy)
    for item_id in translated:
        en, tr = kb.items["templates"][item_id], welsh.items["templates"][item_id]
        names = lambda s: sorted(models.PLACEHOLDER.findall(s))  # noqa: E731
        assert names(tr.subject) == names(en.subject), item_id
        assert [names(p.text) for p in tr.body] == [names(p.text) for p in en.body], item_id
        assert tr.subject != en.subject and tr.body[2].text != en.body[2].text


def test_status_counts_translated_missing_and_stale_and_sees_an_edited_original(kb):
    steps = len(load_knowledge_base(kb).items["habits"]["keep-going"].steps)
    write_habit(kb, ["Cam"] * steps)
    write_template(kb)
    report = translations.report(load_knowledge_base(kb).translations)
    assert report.splitlines()[0] == "Translations (cy): 2 of 6 translated, 0 stale, 4 missing"
    # The original changes after it was translated: the translation is stale,
    # reported and no longer used.
    habit = kb / "habits/keep-going.yml"
    text = habit.read_text()
    habit.write_text(re.sub(r"^title: .*$", "title: Keep going, whatever happens", text, count=1, flags=re.M))
    loaded = load_knowledge_base(kb)
    cy = loaded.translations["cy"]
    assert cy.counts() == {"translated": 1, "stale": 1, "missing": 4}
    assert cy.stale == [("habits", "keep-going")]
    lines = translations.report(loaded.translations).splitlines()
    assert lines[0] == "Translations (cy): 1 of 6 translated, 1 stale, 4 missing"
    assert "  stale: habits/keep-going (kb/translations/cy/habits/keep-going.yml): the original changed after it was translated; update the text, then its source_hash" in lines
    page = pages(loaded, None, "cy")["habits/keep-going.md"]
    assert "Keep going, whatever happens" in page and '<div lang="en" markdown>' in page
    # A change to something that is not text (whether a field is required), or
    # a new tag, leaves a translation fresh.
    assert "tags:" not in text
    habit.write_text(text + "tags: [New tag]\n")
    template = kb / "templates/keep-me-in-mind.yml"
    template.write_text(template.read_text().replace("    required: false\n", "    required: true\n", 1))
    assert load_knowledge_base(kb).translations["cy"].counts() == {"translated": 2, "stale": 0, "missing": 4}


def test_an_office_translation_wins_and_hidden_items_are_not_missing(kb, tmp_path):
    from generator.office import OfficeEdition

    write_habit(kb, ["Cam"] * len(load_knowledge_base(kb).items["habits"]["keep-going"].steps))
    office = tmp_path / "office"
    (office / "content/translations/cy/habits").mkdir(parents=True)
    text = (kb / "translations/cy/habits/keep-going.yml").read_text().replace("title: Daliwch ati", "title: Peidiwch â rhoi'r gorau iddi")
    (office / "content/translations/cy/habits/keep-going.yml").write_text(text)
    edition = OfficeEdition(office, None)
    roots = translations.roots_of(kb, edition)
    assert roots == [kb / "translations", office / "content/translations"]
    base = load_knowledge_base(kb)
    langs = translations.load_all(base, roots)
    assert langs["cy"].items[("habits", "keep-going")].title == "Peidiwch â rhoi'r gorau iddi"
    base.hidden = {("reasons", "internal-hire")}
    del base.items["reasons"]["internal-hire"]
    assert ("reasons", "internal-hire") not in translations.load_all(base, roots)["cy"].missing


# ----------------------------------------------------------------------------- rendering
@pytest.fixture(scope="module")
def welsh():
    kb = load_knowledge_base(ROOT / "content")
    return kb, pages(kb, None, "cy")


def test_welsh_edition_uses_welsh_text_for_translated_items(welsh):
    kb, out = welsh
    ghosted = out["scenarios/ghosted.md"]
    assert "# Wedi'ch anwybyddu: chlywsoch chi ddim byd o gwbl" in ghosted
    assert "Anfonwch un e-bost byr a chwrtais" in ghosted
    assert '<div lang="en" markdown>' not in ghosted
    # Links to untranslated items, and their summaries, are marked as English.
    assert '- [<span lang="en">They did not tell you why</span>](../reasons/no-reason-given.md): <span lang="en">' in ghosted
    assert "Holi am swydd [Teitl y swydd]" in out["templates/follow-up-no-reply.md"]
    assert "Pa mor bell aethoch chi?" in out["finder/index.md"]
    assert "# Sefyllfaoedd" in out["scenarios/index.md"]  # a kind's heading, from the catalogue
    assert "- Ar unrhyw gam" in ghosted  # a label, from the catalogue


def test_welsh_edition_marks_untranslated_items_lang_en(welsh):
    kb, out = welsh
    page = out["scenarios/close-second.md"]
    front, body = page.split("---\n")[1], page.split("---\n", 2)[2]
    assert body.startswith('<div lang="en" markdown>\n\n# You were the close second')
    assert body.rstrip().endswith("</div>")
    assert "- [<span lang=\"en\">You were the close second</span>](close-second.md)" in out["scenarios/index.md"]
    assert '- [<span lang="en">Ask your recruiter for feedback</span>](templates/ask-recruiter-for-feedback.md)' in out["index.md"]


def test_the_accessibility_statement_lists_what_is_not_translated(welsh):
    kb, out = welsh
    statement = out["accessibility/index.md"]
    section = statement.split("## Testun sydd heb ei gyfieithu eto\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"\]\(\.\./(\w+)/([a-z0-9-]+)\.md\)", section)
    untranslated = {(k, i) for k, items in kb.items.items() for i in items} - set(kb.translations["cy"].translated)
    assert set(listed) == untranslated and len(listed) == 63
    assert "](../scenarios/ghosted.md)" not in section
    assert "Testun sydd heb" not in pages(kb, None, "en")["accessibility/index.md"]


def test_english_edition_is_unchanged_by_translations():
    kb = load_knowledge_base(ROOT / "content")
    out = pages(kb, None)
    assert 'lang="' not in out["scenarios/ghosted.md"] and 'lang="' not in out["index.md"]
    assert "# Ghosted: you heard nothing at all" in out["scenarios/ghosted.md"]


def test_the_finder_data_names_the_language_of_untranslated_situations(welsh):
    import html
    import json

    kb, out = welsh
    page = out["finder/index.md"]
    data = json.loads(html.unescape(re.search(r'data-nr-finder="([^"]*)"', page).group(1)))
    assert data["questions"][0]["text"] == "Pa mor bell aethoch chi?"
    assert data["scenarios"]["ghosted"] == {"title": kb.translations["cy"].items[("scenarios", "ghosted")].title, "summary": data["scenarios"]["ghosted"]["summary"]}
    assert data["scenarios"]["close-second"]["lang"] == "en"
    english = pages(kb, None)["finder/index.md"]
    assert '&quot;lang&quot;' not in english


def test_bare_english_in_a_script_fails_and_catalogued_text_does_not(tmp_path):
    root = i18n_copy(tmp_path)
    js = root / "docs/javascripts/nextround.js"
    before = len(js.read_text().splitlines())
    js.write_text(
        js.read_text()
        + '\nstatus.textContent = "Saved on this device";\n'  # line before + 2
        + 'h("button", { class: "md-button nr-x__y", text: NextRound._("Copy body") });\n'
        + 'document.querySelector(":scope > ul"); var mode = "use strict";\n'
        + '/* "A comment is not shown" */ label.textContent = "Back";\n'  # line before + 5
    )
    i18n.update_catalogues(root)
    assert [str(p) for p in i18n.check_bare_text(root)] == [
        f"docs/javascripts/nextround.js:{before + 2}: reader-visible text outside NextRound._(): 'Saved on this device'",
        f"docs/javascripts/nextround.js:{before + 5}: reader-visible text outside NextRound._(): 'Back'",
    ]
    assert "Copy body" in {m.id for m in i18n.extract(root)}


def test_make_i18n_status_prints_the_report(kb):
    """`make i18n-status` is `python -m generator i18n-status`: every interface language gets a line."""
    write_habit(kb, ["Cam"] * len(load_knowledge_base(kb).items["habits"]["keep-going"].steps))
    result = subprocess.run([sys.executable, "-m", "generator", "i18n-status", "--content", "kb"], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Translations (cy): 1 of 6 translated, 0 stale, 5 missing"
    assert lines[1] == "  translated: habits/keep-going"
    assert "Translations (fr): 0 of 6 translated, 0 stale, 6 missing" in lines
    hashes = subprocess.run([sys.executable, "-m", "generator", "i18n-status", "--content", "kb", "--language", "cy", "--hashes"], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert f"  source_hash {original_hash(kb, 'habits/keep-going')}  habits/keep-going" in hashes.stdout.splitlines()


def test_an_untranslated_finder_marks_its_questions_not_the_page_title(kb):
    loaded = load_knowledge_base(kb)
    page = pages(loaded, None, "cy")["finder/index.md"]
    assert "# Beth ddigwyddodd?" in page
    assert f'<span lang="en">{loaded.finder.intro}</span>' in page
    assert '<div class="nr-finder" lang="en" data-nr-finder="' in page
    assert "&quot;lang&quot;:&quot;en&quot;" in page
    english = pages(loaded, None)["finder/index.md"]
    assert 'lang="' not in english and "&quot;lang&quot;" not in english


def test_a_template_that_marks_languages_itself_is_not_wrapped(kb):
    import jinja2

    from generator.render import TEMPLATES, Renderer

    loaded = load_knowledge_base(kb)
    habit = (
        '{{ front_matter(title=item.title) }}\n# {{ item.title | text }}\n\n'
        '<div class="nr-why"{{ lang_attr(item) }} markdown>\n\n{{ item.why }}\n\n</div>\n\n'
        '## {{ _("Why it happens") }}\n'
    )
    renderer = Renderer(loaded, None, "cy")
    renderer.env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"habits.md.j2": habit}), jinja2.FileSystemLoader(TEMPLATES)])
    page = renderer.pages()["habits/keep-going.md"]
    assert '<div lang="en" markdown>' not in page
    assert '<div class="nr-why" lang="en" markdown>' in page
    assert "## Pam mae'n digwydd" in page


def test_the_originals_limits_hold_for_a_translation(kb):
    path = write_habit(kb, ["Cam"] * len(load_knowledge_base(kb).items["habits"]["keep-going"].steps))
    path.write_text(path.read_text().replace("title: Daliwch ati", "title: " + "Daliwch ati " * 9))
    assert problems(kb) == ["kb/translations/cy/habits/keep-going.yml:2:8: title: is too long (107 characters; at most 90)"]


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_robustness import SETTINGS, mutate  # noqa: E402


@SETTINGS
@given(data=st.data())
def test_mutated_translation_files_build_or_fail_with_located_messages(tmp_path_factory, data):
    root = fresh_fixture(tmp_path_factory)
    write_habit(root, ["Cam"] * len(load_knowledge_base(root).items["habits"]["keep-going"].steps))
    write_template(root)
    path = root / data.draw(st.sampled_from(["translations/cy/habits/keep-going.yml", "translations/cy/templates/keep-me-in-mind.yml"]))
    path.write_bytes(mutate(path.read_text(), data))
    try:
        kb = load_knowledge_base(root)
    except ContentError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file and p.line >= 1 and p.column >= 1 and p.message, p
        return
    assert "habits/keep-going.md" in pages(kb, None, "cy")


def test_translation_files_name_their_schema():
    files = sorted((ROOT / "content/translations").rglob("*.yml"))
    assert files
    for path in files:
        kind = "finder" if path.name == "finder.yml" else path.parent.name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert first.startswith("# yaml-language-server: $schema=") and target == ROOT / "schema" / f"translation-{kind}.schema.json", path
        assert target.is_file()


def test_a_new_language_starts_with_every_message_to_translate(tmp_path):
    root = i18n_copy(tmp_path)
    path = i18n.init_language("de", root)
    assert path == root / "locale/de/LC_MESSAGES/messages.po"
    head = path.read_text(encoding="utf-8").split("msgid")[0]
    assert "German translation" in head and "Reviewed by a native German speaker: NO" in head
    assert i18n.languages(root) == ["en", "cy", "de", "fr"]
    missing = [p for p in i18n.check(root) if "[de]" in p.message]
    assert len(missing) == len([m for m in i18n.extract(root) if m.id])
    with pytest.raises(ValueError, match="'xx-nope' is not a language code Babel knows"):
        i18n.init_language("xx-nope", root)
    with pytest.raises(FileExistsError):
        i18n.init_language("de", root)


# ----------------------------------------------------------------------------- no English interface text
class _Visible(html.parser.HTMLParser):
    """The text of a page (Markdown with HTML) outside every element marked lang="en"."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) English?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        english = (self.stack[-1] if self.stack else False) or dict(attrs).get("lang") == "en"
        self.stack.append(english)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_outside_english(page: str) -> str:
    front = re.match(r"---\n.*?\n---\n", page, re.S)
    if front and page[front.end():].lstrip().startswith('<div lang="en" markdown>'):
        # An untranslated page: its title and description (front matter) are
        # the English item's, like the body marked lang="en".
        page = page[front.end():]
    # A Markdown heading with `{ lang="en" }` (attr_list) is an English element too.
    page = re.sub(r"^#+ .*\{[^{}\n]*\blang=\"en\"[^{}\n]*\}[ \t]*$", "", page, flags=re.M)
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def english_catalogue_strings(page: str, messages: list[str]) -> list[str]:
    """The catalogue's English messages found as they are in a page's text outside lang="en"."""
    text = visible_outside_english(page)
    found = []
    for msgid in messages:
        literal = " ".join(msgid.replace("%%", "%").split())
        pattern = r"(?<![\w])" + r".{0,300}?".join(re.escape(p) for p in re.split(r"%\(\w+\)s|\{\w+\}", literal) if p.strip()) + r"(?![\w])"
        if re.search(pattern, text):
            found.append(msgid)
    return found


def test_the_welsh_edition_shows_no_english_catalogue_string_outside_lang_en(welsh):
    """Issue 14: in the Welsh edition, every interface string is in Welsh; English
    shows only inside an element marked lang="en" (untranslated content)."""
    kb, out = welsh
    cy = i18n.translations("cy")
    messages = [m.id for m in i18n.read_catalog(i18n.pot_path()) if m.id and isinstance(m.id, str) and cy.gettext(m.id) != m.id]
    assert len(messages) > 200
    leaks = {path: found for path, page in out.items() if (found := english_catalogue_strings(page, messages))}
    assert leaks == {}
    # The check can fail: the English edition is full of those strings, and a
    # bare English heading in a Welsh page is caught.
    english = pages(kb, None)
    assert len({m for page in english.values() for m in english_catalogue_strings(page, messages)}) > 60
    assert english_catalogue_strings(out["scenarios/ghosted.md"] + "\n## Your plan\n", messages) == ["Your plan"]
    assert english_catalogue_strings('<div lang="en" markdown>\n\n## Your plan\n\n</div>\n', messages) == []
    # The generated staff page stays English, marked as such (only there).
    assert out["authoring/reference.md"].split("---\n", 2)[2].startswith('\n<div lang="en" markdown>\n\n# Content reference')
    assert 'lang="en"' not in english["authoring/reference.md"]
    # The scripts' strings reach the page through its catalogue, every one translated.
    scripts = i18n.js_catalogue("cy")
    assert {m.id for m in i18n.extract() if m.id and any(f.startswith("docs/javascripts/") for f, _ in m.locations)} == set(scripts)


def test_hand_written_pages_in_each_edition():
    """docs/about.cy.md is about.md in the Welsh edition and no page of its own
    anywhere; staff pages stay English, marked lang="en" outside the English edition."""
    from generator.edition import hand_written, in_language

    files = hand_written(ROOT)
    assert {"about.md", "about.cy.md", "about.fr.md", "staff/index.md", "tags.md"} <= set(files)
    english = in_language(files, "en")
    assert english["about.md"] == ROOT / "docs/about.md" and "about.cy.md" not in english and "about.fr.md" not in english
    assert english["staff/index.md"] == ROOT / "docs/staff/index.md"
    welsh = in_language(files, "cy")
    assert welsh["about.md"] == ROOT / "docs/about.cy.md" and not any(re.search(r"\.(cy|fr)\.md$", rel) for rel in welsh)
    assert in_language(files, "fr")["about.md"] == ROOT / "docs/about.fr.md"
    staff = welsh["staff/index.md"].decode("utf-8")
    front, body = staff.split("---\n", 2)[1:]
    assert "title: For careers office staff" in front and "text_lang: en" in front  # the theme marks title and contents
    import yaml

    for rel, path in files.items():  # every hand-written page's front matter is YAML (else MkDocs shows it as text)
        text = Path(path).read_text(encoding="utf-8") if rel.endswith(".md") else ""
        if text.startswith("---\n"):
            assert isinstance(yaml.safe_load(text.split("---\n", 2)[1]), dict), rel
    assert body.startswith('\n<div lang="en" markdown>\n\n# For careers office staff') and body.endswith("\n</div>\n")
    for rel in ("authoring/index.md", "authoring/office.md", "tags.md"):
        assert b'<div lang="en" markdown>' in welsh[rel], rel
    assert welsh["javascripts/nextround.js"] == ROOT / "docs/javascripts/nextround.js"  # only pages are marked
    # A language with no version of a page keeps the English page, marked as English.
    german = in_language(files, "de")
    assert german["about.md"] == ROOT / "docs/about.md"
    # The Welsh about page has no English interface text left.
    assert "# Am y canllaw hwn" in Path(welsh["about.md"]).read_text(encoding="utf-8")


def test_the_navigation_is_in_the_edition_language(tmp_path):
    from generator.edition import Edition, nav

    labels = lambda entries: [k for e in entries for k, v in e.items()] + [k for e in entries for v in e.values() if isinstance(v, list) for s in v for k in s]  # noqa: E731
    welsh = labels(nav(Edition(content=ROOT / "content", language="cy")))
    assert welsh[:4] == ["Hafan", "Beth ddigwyddodd?", "Beth oedden nhw'n ei olygu?", "Sefyllfaoedd"]
    assert "Am y canllaw hwn" in welsh and "Hygyrchedd" in welsh and "Home" not in welsh
    assert labels(nav(Edition(content=ROOT / "content")))[:2] == ["Home", "What happened?"]


def test_no_engine_needs_a_hook_for_the_overrides_text():
    """The overrides' _() are put in by the generator, for every engine alike."""
    from generator.edition import Edition, engine_config

    for engine in ("mkdocs", "properdocs", "zensical"):
        config = engine_config(Edition(content=ROOT / "content", language="cy", engine=engine))
        assert "hooks" not in config
        assert config["theme"]["custom_dir"] == "overrides"
    assert engine_config(Edition(content=ROOT / "content", language="cy"))["site_description"].startswith("Wedi cael eich gwrthod")


def test_editions_get_overrides_with_the_text_put_in():
    """Each edition uses a copy of the overrides with each _("...") replaced by
    the translation, as a literal (Zensical's templates have no gettext, and
    MkDocs' would look for .mo files)."""
    from generator.edition import Edition, engine_config, translated_overrides

    edition = Edition(content=ROOT / "content", language="cy", engine="zensical")
    files = translated_overrides(edition)
    assert set(files) == {p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides").rglob("*") if p.is_file()}
    assert not any(b'_("' in data or b"_('" in data for data in files.values())
    assert '<h1>{{ "Heb ddod o hyd i\'r dudalen" }}</h1>' in files["404.html"].decode("utf-8")
    assert '{{ "Preifatrwydd" }}' in files["partials/copyright.html"].decode("utf-8")
    assert engine_config(edition)["theme"]["custom_dir"] == "overrides"
    english = translated_overrides(Edition(content=ROOT / "content", engine="zensical"))
    assert '{{ "Page not found" }}' in english["404.html"].decode("utf-8")
