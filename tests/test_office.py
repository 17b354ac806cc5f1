"""Careers-office editions: office.yml validation, content overlay, hiding, contrast."""
import shutil
from pathlib import Path

import pytest

from generator.build import pages
from generator.office import contrast, lighten_for_dark, load_office
from generator.problems import ContentError
from generator.build import load_knowledge_base
from kbtools import FIXTURE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northgate"


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A copy of the example office at ./office (messages then name 'office/...')."""
    shutil.copytree(EXAMPLE, tmp_path / "office")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "office"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def office_problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_office(folder)
    return [str(p) for p in info.value.problems]


def test_example_office_is_valid_and_builds_its_pages():
    edition = load_office(EXAMPLE)
    kb = load_knowledge_base(ROOT / "content", edition)
    out = pages(kb, edition.office)
    assert "Northgate University Careers Centre" in out["privacy/index.md"]
    assert "webteam@northgate.example" in out["accessibility/index.md"]
    assert "habits/book-a-mock-interview.md" in out, "an office item is added"
    assert "Book a mock interview with Northgate Careers" in out["scenarios/ghosted.md"], "an office item replaces one of the same id"
    assert "habits/stay-positive.md" not in out and "reasons/cheaper-or-junior-hire.md" not in out, "hidden items have no page"
    everything = "\n".join(out.values())
    assert "stay-positive" not in everything and "cheaper-or-junior-hire" not in everything, "every link to a hidden item is dropped"


def test_office_errors_are_all_reported_with_locations(office):
    edit(office / "office.yml", "short_name: Northgate Careers\n", "short_nam: Northgate Careers\n")
    edit(office / "office.yml", "logo: logo.svg", "logo: missing.svg")
    edit(office / "office.yml", 'primary: "#1d4f91"', 'primary: "#1d4f9"')
    edit(office / "office.yml", "url: https://wellbeing.northgate.example/", "url: wellbeing.northgate.example")
    edit(office / "office.yml", "language: en", "language: english")
    assert office_problems(office) == [
        "office/office.yml:4:1: short_name: required field is missing",
        "office/office.yml:5:1: short_nam: unknown field 'short_nam' (did you mean 'short_name'?)",
        "office/office.yml:7:7: logo: no file 'missing.svg' in office",
        "office/office.yml:10:12: colors.primary: '#1d4f9' is not a colour: write it as #rrggbb, like '#1d4f91'",
        "office/office.yml:20:8: wellbeing.url: 'wellbeing.northgate.example' is not a valid web address (start it with https://)",
        "office/office.yml:27:11: language: 'english' is not a supported language (did you mean 'en'?); supported: cy, en, fr",
    ]


def test_colours_that_fail_contrast_are_refused(office):
    edit(office / "office.yml", 'primary: "#1d4f91"', 'primary: "#ffcc00"')
    edit(office / "office.yml", 'accent: "#b3261e"', 'accent: "#88aaff"')
    assert office_problems(office) == [
        "office/office.yml:10:12: colors.primary: white text on #ffcc00 has a contrast of 1.51:1; WCAG AA needs 4.5:1, so choose a darker colour",
        "office/office.yml:11:11: colors.accent: #88aaff on a white page has a contrast of 2.27:1; WCAG AA needs 4.5:1, so choose a darker colour",
    ]


def test_contrast_maths():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#1d4f91", "#ffffff"), 2) >= 4.5
    light = lighten_for_dark("#1d4f91")
    assert contrast(light, "#1e2029") >= 4.5


def test_hide_unknown_and_ambiguous_ids(office, tmp_path):
    edit(office / "office.yml", "  - stay-positive\n", "  - stay-positve\n")
    edition = load_office(office)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(ROOT / "content", edition)
    assert [str(p) for p in info.value.problems] == [
        "office/office.yml:30:5: hide[0]: no item 'stay-positve' to hide (did you mean 'stay-positive'?)"
    ]


def test_hiding_every_template_of_a_scenario_is_an_error(office, tmp_path):
    content = tmp_path / "kb"
    shutil.copytree(FIXTURE, content)
    edit(office / "office.yml", "  - stay-positive\n  - reasons/cheaper-or-junior-hire\n", "  - keep-me-in-mind\n")
    shutil.rmtree(office / "content")
    edition = load_office(office)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(content, edition)
    assert [str(p) for p in info.value.problems] == [
        "kb/scenarios/internal-candidate.yml:14:12: templates: every template of this scenario is hidden by office.yml; keep one, or hide the scenario too"
    ]


def test_hiding_a_scenario_removes_it_from_the_finder(office, tmp_path):
    edit(office / "office.yml", "  - stay-positive\n", "  - stay-positive\n  - close-second\n")
    edition = load_office(office)
    kb = load_knowledge_base(ROOT / "content", edition)
    out = pages(kb, edition.office)
    assert "close-second" not in out["finder/index.md"]
    assert "scenarios/close-second.md" not in out


def test_hiding_a_template_that_a_step_names_drops_the_steps_link(office):
    edit(office / "office.yml", "  - stay-positive\n", "  - stay-positive\n  - keep-me-in-mind\n")
    edition = load_office(office)
    kb = load_knowledge_base(ROOT / "content", edition)
    page = pages(kb, edition.office)["scenarios/close-second.md"]
    assert "keep-me-in-mind" not in page
    assert "Send a warm thank-you email." in page                        # the step itself stays


def test_office_overlay_errors_name_the_office_file(office):
    edit(office / "content" / "habits" / "book-a-mock-interview.yml", "related: [keep-going]", "related: [keep-goin]")
    edition = load_office(office)
    with pytest.raises(ContentError) as info:
        load_knowledge_base(ROOT / "content", edition)
    assert [str(p) for p in info.value.problems] == [
        "office/content/habits/book-a-mock-interview.yml:12:11: related[0]: no habit 'keep-goin' (did you mean 'keep-going'?)"
    ]
