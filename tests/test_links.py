"""Every internal link, anchor and asset in the built site resolves; no page is an orphan."""
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        elif tag in ("script", "img", "source", "iframe") and a.get("src"):
            self.assets.append(a["src"])


def parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def resolve(site: Path, page: Path, ref: str):
    """(file, fragment) for an internal reference, or None for external ones."""
    base = "http://site/" + page.relative_to(site).as_posix()
    url = urlsplit(urljoin(base, ref))
    if url.scheme != "http" or url.netloc != "site":
        return None
    target = site / unquote(url.path.lstrip("/"))
    if url.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, url.fragment


def check_site(site: Path) -> tuple[list[str], set[Path]]:
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages}
    broken, linked = [], set()
    for page, refs in parsed.items():
        for ref in refs.links + refs.assets:
            if ref.startswith(("mailto:", "tel:", "#__")) or ref == "#":
                continue
            found = resolve(site, page, ref)
            if found is None:
                continue
            target, fragment = found
            where = f"{page.relative_to(site)}: {ref}"
            if not target.exists():
                broken.append(f"{where} (no {target.relative_to(site)})")
                continue
            if ref in refs.links and target.suffix == ".html":
                if target != page:
                    linked.add(target)
                if fragment and fragment not in parsed[target].ids:
                    broken.append(f"{where} (no #{fragment})")
    return broken, linked


def test_every_internal_link_anchor_and_asset_resolves(site):
    broken, _ = check_site(site["dir"])
    assert not broken, "\n".join(broken[:50])


def test_no_page_is_an_orphan(site):
    root = site["dir"]
    _, linked = check_site(root)
    pages = {p for p in root.rglob("*.html") if p.name != "404.html" and p != root / "index.html"}
    orphans = sorted(str(p.relative_to(root)) for p in pages - linked)
    assert not orphans, orphans
