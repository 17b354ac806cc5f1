"""The knowledge base itself: complete, sourced, readable (issue: the knowledge base)."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from generator import models
from generator.build import load_knowledge_base
from generator.models import render_body

ROOT = Path(__file__).resolve().parent.parent
MAX_GRADE = 9.0
MINIMUM = {"reasons": 12, "feedback": 12, "habits": 15, "templates": 8, "scenarios": 14}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT / "content")


def test_counts(kb):
    for kind, n in MINIMUM.items():
        assert len(kb.items[kind]) >= n, f"{kind}: {len(kb.items[kind])} < {n}"


def test_every_article_is_listed_and_cited(kb):
    assert set(kb.sources) == {"seek", "receptix", "abrivia", "robert-half", "jobjane"}
    cited = {s for items in kb.items.values() for item in items.values() for s in item.sources}
    assert cited == set(kb.sources)


def test_templates_are_short_and_complete(kb):
    for tid, t in kb.items["templates"].items():
        for tone in [x.id for x in t.tones] or [None]:
            words = len(" ".join(render_body(t, tone=tone, options={o.id for o in t.options}, values=None)).split())
            assert words < 150, f"{tid} ({tone}): {words} words"
        assert all(f.label and f.example for f in t.fields)
        assert any(re.search(r"angry|anger|rude|defensive", m, re.I) for m in t.mistakes), f"{tid}: no warning against an angry reply"


def test_scenarios_have_everyday_words_for_search(kb):
    seen = {}
    for sid, s in kb.items["scenarios"].items():
        assert len(s.also_known_as) >= 3, sid
        for phrase in s.also_known_as:
            assert phrase.lower() not in seen, f"'{phrase}' is used by {seen.get(phrase.lower())} and {sid}"
            seen[phrase.lower()] = sid


def test_both_sides_of_the_feedback_disagreement(kb):
    page = kb.items["feedback"]["should-you-ask"]
    assert "jobjane" in page.sources and len(page.sources) >= 2


def test_coverage_table_names_real_items(kb):
    text = (ROOT / "content" / "COVERAGE.md").read_text()
    ids = {i for items in kb.items.values() for i in items}
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", text))
    unknown = named - ids - set(kb.sources) - set(models.KINDS)
    assert not unknown, f"COVERAGE.md names unknown items: {sorted(unknown)}"
    assert len([line for line in text.splitlines() if line.startswith("|")]) > 60


class _Text(HTMLParser):
    """The readable text of a page's article (navigation, scripts and forms left out)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        elif self.depth and (tag in ("script", "style", "small", "nav") or "headerlink" in cls or "md-tags" in cls):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.depth and self.skip and tag in ("script", "style", "small", "nav", "a", "span"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    # list items and headings are sentences for a reader
    return re.sub(r"\s*\n\s*", ". ", text)


def test_every_item_page_reads_at_grade_9_or_lower(site, kb):
    too_hard = []
    for kind in models.KINDS:
        for item_id in kb.items[kind]:
            html = (site["dir"] / kind / item_id / "index.html").read_text()
            grade = textstat.flesch_kincaid_grade(article_text(html))
            if grade > MAX_GRADE:
                too_hard.append(f"/{kind}/{item_id}/: grade {grade}")
    assert not too_hard, "\n".join(too_hard)
