"""Bilingual editions without a browser (issue 14): Edition.path_to and
alternates() for the main and the other languages, the language link the
theme override writes (relative, so it works from file:// too), and the
search language each edition asks for."""
from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2
import pytest

from generator.edition import Edition, engine_config, search_language, search_notes
from sitebuild import ROOT

URL = "https://careers.example/next-round/"


def edition(language, languages=("en", "cy"), mode="site"):
    return Edition(ROOT / "content", language=language, languages=languages, site_url=URL, mode=mode)


def test_path_to_from_the_main_and_another_language():
    en, cy = edition("en"), edition("cy")
    assert en.subfolder("en") == "" and en.subfolder("cy") == "cy/"
    assert en.url == URL and cy.url == URL + "cy/"
    assert en.path_to("cy") == "cy/" and en.path_to("en") == "./"
    assert cy.path_to("en") == "../" and cy.path_to("cy") == "./"
    three = edition("fr", ("en", "cy", "fr"))
    assert three.path_to("cy") == "../cy/" and three.path_to("en") == "../"


def test_alternates_name_every_language_in_its_own_language():
    for current in ("en", "cy"):
        alts = edition(current).alternates()
        assert [a["lang"] for a in alts] == ["en", "cy"]
        assert [a["name"] for a in alts] == ["English", "Cymraeg"]
        assert [a["root"] for a in alts] == [URL, URL + "cy/"]
        assert [a["current"] for a in alts] == [current == "en", current == "cy"]
        assert engine_config(edition(current))["extra"]["alternate"] == alts
    assert "alternate" not in engine_config(edition("en", ("en",))).get("extra", {})


@pytest.fixture(scope="module")
def partial():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides" / "partials"), autoescape=True)
    return env.get_template("alternate.html")


class Page:
    def __init__(self, url):
        self.url = url


def language_link(partial, ed, page_url, base_url):
    import re

    html = partial.render(config={"extra": {"alternate": ed.alternates()}}, page=Page(page_url) if page_url is not None else None,
                          base_url=base_url)
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("mode,pages", [
    ("site", [("", "."), ("finder/", ".."), ("scenarios/ghosted/", "../..")]),
    # the offline copy (file://): no directory URLs, every link to a file
    ("offline", [("index.html", "."), ("finder.html", "."), ("scenarios/ghosted.html", "..")]),
])
def test_the_language_link_is_the_same_page_relative_to_this_one(partial, mode, pages):
    for current, other in (("en", "cy"), ("cy", "en")):
        ed = edition(current, mode=mode)
        for page_url, base_url in pages:
            here = ed.subfolder(current) + page_url                  # this page, from the site's root
            [href] = language_link(partial, ed, page_url, base_url)
            assert "://" not in href and not href.startswith("/"), href
            target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + here) if not here.endswith("/") else "/" + here, href))
            expected = posixpath.normpath("/" + ed.subfolder(other) + page_url)
            assert target == expected, f"{mode} {current} {page_url}: {href} -> {target}, not {expected}"


def test_the_error_page_links_the_other_home_page(partial):
    assert language_link(partial, edition("cy"), None, "/next-round/cy") == [URL]
    assert language_link(partial, edition("en"), None, "/next-round") == [URL + "cy/"]


def test_search_language_where_lunr_has_one():
    assert search_language("en") == "en" and search_language("fr") == "fr"
    assert search_language("cy") == "en"                      # lunr has no Welsh
    for lang, expected in (("en", "en"), ("fr", "fr"), ("cy", "en")):
        cfg = engine_config(edition(lang, ("en", lang) if lang != "en" else ("en",)))
        [search] = [p["search"] for p in cfg["plugins"] if isinstance(p, dict) and "search" in p]
        assert search["lang"] == expected
        assert search["separator"] and search["pipeline"] == [] and search["fields"]["title"]["boost"] == 3
        assert "tags" in cfg["plugins"]
    assert search_notes(edition("cy")) and "cy" in search_notes(edition("cy"))[0]
    assert search_notes(edition("fr", ("en", "fr"))) == [] and search_notes(edition("en")) == []
    zensical = Edition(ROOT / "content", language="cy", engine="zensical")
    assert search_notes(zensical) == []                       # its engine note already says it
    offline = engine_config(edition("cy", mode="offline"))["plugins"]
    assert offline[-1] == "offline" and offline[0]["search"]["lang"] == "en"
