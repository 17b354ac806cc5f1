"""Interface text in the reader's language: gettext catalogues through Babel.

Every reader-visible string that is not content is an English message id in
the sources, marked where it is written:

- page templates (``generator/templates/*.j2``, ``overrides/**/*.html``):
  ``{{ _("...") }}`` or ``{% trans %}...{% endtrans %}`` (Jinja's i18n
  extension, new-style gettext, so ``%(name)s`` placeholders and ``%%``);
- our scripts (``docs/javascripts/*.js``): ``NextRound._("...", {name: ...})``;
- Python (``generator/*.py``): ``_("...")`` or ``N_("...")``;
- the kinds' ``heading``, ``intro`` and ``labels`` class variables in
  ``generator/models.py``: found by :func:`extract_models` without a marker.

``make i18n-extract`` writes the template ``locale/messages.pot`` and merges
it into ``locale/<lang>/LC_MESSAGES/messages.po`` (translations kept).
``make i18n-check`` fails when a catalogue lacks a translation, when the
.pot is out of date with the sources, or when a template holds bare English.
Catalogues are compiled in memory at build time (no .mo files), so a build
depends only on the committed .po files.
"""
from __future__ import annotations

import ast
import functools
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from gettext import NullTranslations
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
#: Fixed dates in the catalogue headers: extraction is deterministic, so the
#: .pot only changes when a message does.
EPOCH = datetime(2026, 12, 1, tzinfo=timezone.utc)
PROJECT = "Next Round"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "newstyle_gettext": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "silent": "false",
}

#: What is extracted, and how: (glob relative to the project, method, options).
#: babel.cfg says the same for `pybabel extract -F babel.cfg`; a test keeps them in step.
METHODS: list[tuple[str, str, dict]] = [
    ("generator/models.py", "generator.i18n.extract_models", {}),
    ("generator/*.py", "python", {}),
    ("generator/templates/*.j2", "jinja2.ext.babel_extract", JINJA_OPTIONS),
    ("overrides/**/*.html", "jinja2.ext.babel_extract", JINJA_OPTIONS),
    # template_string off: `_` followed by a backtick inside a regular
    # expression literal (template-page.js's EMAIL) is not a call.
    ("docs/javascripts/*.js", "javascript", {"template_string": False}),
]
#: Model class variables that hold reader-visible text.
MODEL_TEXT = ("heading", "intro", "labels")
JS_PREFIX = "docs/javascripts/"


def locale_dir(root: Path = ROOT) -> Path:
    return Path(root) / LOCALE


def pot_path(root: Path = ROOT) -> Path:
    return locale_dir(root) / f"{DOMAIN}.pot"


def po_path(language: str, root: Path = ROOT) -> Path:
    return locale_dir(root) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(root: Path = ROOT) -> list[str]:
    """Every interface language: English (the message ids) and each language with a catalogue."""
    folder = locale_dir(root)
    found = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) if folder.is_dir() else []
    return [SOURCE_LANGUAGE] + [lang for lang in found if lang != SOURCE_LANGUAGE]


# ----------------------------------------------------------------------------- extraction
def _string_nodes(node: ast.AST) -> list[ast.Constant]:
    """String constants in a class variable's value: dict values (not keys), list and tuple items."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Dict):
        return [s for v in node.values for s in _string_nodes(v)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for v in node.elts for s in _string_nodes(v)]
    return []


def extract_models(fileobj, keywords, comment_tags, options):
    """Babel extractor for generator/models.py: `_()`/`N_()` calls as usual, plus
    every string in a class's `heading`, `intro` and `labels` (no marker needed)."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source)
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name, value = stmt.target.id, stmt.value
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name, value = stmt.targets[0].id, stmt.value
            else:
                continue
            if name in MODEL_TEXT and value is not None:
                for const in _string_nodes(value):
                    yield const.lineno, None, const.value, [f"{cls.name}.{name}"]


def source_files(root: Path = ROOT) -> list[tuple[Path, str, dict]]:
    """(file, method, options) for every file extraction reads, first matching rule wins."""
    root = Path(root)
    seen: dict[Path, tuple[str, dict]] = {}
    for pattern, method, options in METHODS:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and path not in seen:
                seen[path] = (method, options)
    return [(p, m, o) for p, (m, o) in sorted(seen.items())]


def extract(root: Path = ROOT) -> Catalog:
    """The message template: every marked string in the sources, with where it is used."""
    root = Path(root)
    catalog = _new_catalog(None)
    for path, method, options in source_files(root):
        rel = path.relative_to(root).as_posix()
        for lineno, message, comments, context in extract_from_file(method, path, KEYWORDS, ("TRANSLATORS:",), options, strip_comment_tags=True):
            catalog.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
    return catalog


def _new_catalog(locale: str | None, header: str | None = None) -> Catalog:
    catalog = Catalog(
        locale=locale,
        domain=DOMAIN,
        project=PROJECT,
        version="1",
        copyright_holder="Next Round contributors",
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
        header_comment=header or "# Next Round: interface text.\n# English message ids; see README.md, \"Languages\".\n#",
    )
    return catalog


def catalog_bytes(catalog: Catalog) -> bytes:
    """A catalogue as written to disk: sorted, no line numbers (so moving code
    around does not change it), stable width."""
    out = io.BytesIO()
    write_po(out, catalog, width=79, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


HEADER = """# {name} translation of Next Round's interface text.
# How it was produced: machine-assisted translation by an AI model
# (Claude) from the English message ids, {when}.
# NOT REVIEWED: a native {name} speaker must review every entry
# before a public launch.
# Edit with a PO editor (Poedit, Lokalize, Weblate) or by hand,
# then run `make i18n-check`.
#"""
NAMES = {"cy": "Welsh", "fr": "French"}
NEW_HEADER = """# {name} translation of Next Round's interface text.
# How it was produced: FILL IN (translated by whom, by hand or
# machine-assisted with which tool, when).
# Reviewed by a native {name} speaker: NO. Have every entry reviewed
# before a public launch, then say so here.
# Edit with a PO editor (Poedit, Lokalize, Weblate) or by hand,
# then run `make i18n-check`.
#"""


def update_catalogues(root: Path = ROOT) -> list[Path]:
    """`make i18n-extract`: write the .pot and merge it into every .po (translations kept)."""
    root = Path(root)
    template = extract(root)
    written = []
    pot = pot_path(root)
    pot.parent.mkdir(parents=True, exist_ok=True)
    if _write_if_changed(pot, catalog_bytes(template)):
        written.append(pot)
    for language in languages(root)[1:]:
        path = po_path(language, root)
        catalog = read_catalog(path, language)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        if _write_if_changed(path, catalog_bytes(catalog)):
            written.append(path)
    return written


def init_language(language: str, root: Path = ROOT) -> Path:
    """A new, empty catalogue for `language`, from the current template."""
    root = Path(root)
    path = po_path(language, root)
    if path.exists():
        raise FileExistsError(f"{path.relative_to(root)} exists already")
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).english_name
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"'{language}' is not a language code Babel knows (like 'de', 'ga' or 'pt_BR')") from None
    template = extract(root)
    catalog = _new_catalog(language, NEW_HEADER.format(name=name))
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(catalog_bytes(catalog))
    return path


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


# ----------------------------------------------------------------------------- loading
def translations(language: str, root: Path = ROOT) -> NullTranslations:
    """gettext/ngettext for a language, compiled in memory from its .po
    (fuzzy entries left out); English and unknown languages pass text through.
    Compiled once per version of the file (a server picks up edits)."""
    path = po_path(language, Path(root))
    if language == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    return _compiled(language, path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _compiled(language: str, path: Path, mtime: int) -> NullTranslations:
    buf = io.BytesIO()
    write_mo(buf, read_catalog(path, language), use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def js_catalogue(language: str, root: Path = ROOT) -> dict[str, str]:
    """msgid -> translation for the strings our scripts show (used in docs/javascripts/)."""
    path = po_path(language, Path(root))
    if language == SOURCE_LANGUAGE or not path.is_file():
        return {}
    out = {}
    for message in read_catalog(path, language):
        if not message.id or message.fuzzy or not message.string or isinstance(message.id, tuple):
            continue
        if any(loc.startswith(JS_PREFIX) for loc, _ in message.locations):
            out[message.id] = message.string
    return dict(sorted(out.items()))


def js_catalogue_json(language: str, root: Path = ROOT) -> str:
    """The scripts' catalogue as compact JSON, for <meta name="nr-catalogue" content="...">."""
    return json.dumps(js_catalogue(language, root), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def mkdocs_extra(language: str, root: Path = ROOT) -> dict:
    """What an edition's generated mkdocs.yml puts under `extra:` for this language:
    overrides/main.html turns `nr_catalogue` into the <meta> the scripts read."""
    catalogue = js_catalogue(language, root)
    return {"nr_catalogue": js_catalogue_json(language, root)} if catalogue else {}


# ----------------------------------------------------------------------------- checks
@dataclass(frozen=True)
class I18nProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _show(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    text = text.replace("\n", " ")
    return repr(text if len(text) <= 70 else text[:67] + "...")


def check_pot(root: Path = ROOT) -> list[I18nProblem]:
    """The committed .pot matches what the sources mark today."""
    root = Path(root)
    pot = pot_path(root)
    rel = pot.relative_to(root).as_posix()
    template = extract(root)
    if not pot.is_file():
        return [I18nProblem(rel, "missing; run `make i18n-extract`")]
    if pot.read_bytes() == catalog_bytes(template):
        return []
    committed = read_catalog(pot)
    have = {m.id for m in committed if m.id}
    want = {m.id: m for m in template if m.id}
    problems = []
    for msgid in sorted(set(want) - have, key=str):
        where = ", ".join(loc for loc, _ in want[msgid].locations)
        problems.append(I18nProblem(rel, f"out of date: {_show(msgid)} (used in {where}) is not in it; run `make i18n-extract`, then translate it"))
    for msgid in sorted(have - set(want), key=str):
        problems.append(I18nProblem(rel, f"out of date: {_show(msgid)} is no longer used in the sources; run `make i18n-extract`"))
    if not problems:
        problems.append(I18nProblem(rel, "out of date (message locations or comments changed); run `make i18n-extract`"))
    return problems


def check_catalogue(language: str, root: Path = ROOT) -> list[I18nProblem]:
    """Every message of the .pot has a reviewed-or-not, non-fuzzy translation in the language."""
    root = Path(root)
    path = po_path(language, root)
    rel = path.relative_to(root).as_posix()
    if not path.is_file():
        return [I18nProblem(rel, f"missing: no catalogue for '{language}'")]
    pot = pot_path(root)
    template = read_catalog(pot) if pot.is_file() else extract(root)
    catalog = read_catalog(path, language)
    problems = []
    for message in sorted((m for m in template if m.id), key=lambda m: str(m.id)):
        found = catalog.get(message.id, message.context)
        if found is None:
            problems.append(I18nProblem(rel, f"[{language}] no entry for {_show(message.id)}; run `make i18n-extract`"))
            continue
        strings = list(found.string) if isinstance(found.string, (tuple, list)) else [found.string]
        if found.fuzzy:
            problems.append(I18nProblem(rel, f"[{language}] {_show(message.id)} is marked fuzzy (needs review)"))
        elif not strings or not all(strings):
            problems.append(I18nProblem(rel, f"[{language}] no translation for {_show(message.id)}"))
        else:
            problems.extend(I18nProblem(rel, f"[{language}] {_show(message.id)}: {p}") for p in _placeholder_problems(message.id, strings))
    return problems


_PY_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _placeholder_problems(msgid, strings: list[str]) -> list[str]:
    ids = list(msgid) if isinstance(msgid, tuple) else [msgid]
    want = {m.group(0) for i in ids for m in _PY_PLACEHOLDER.finditer(i)}
    out = []
    for s in strings:
        got = {m.group(0) for m in _PY_PLACEHOLDER.finditer(s)}
        for p in sorted(want - got):
            out.append(f"the translation lacks the placeholder {p}")
        for p in sorted(got - want):
            out.append(f"the translation has a placeholder {p} that the original lacks")
    return out


# Bare reader-visible English in templates: a pragmatic heuristic.
ALLOWLIST = "bare-text-allowlist.txt"
BARE_GLOBS = ("generator/templates/*.md.j2", "generator/templates/_*.j2", "overrides/**/*.html")
BARE_JS_GLOB = "docs/javascripts/*.js"
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?%\}.*?\{%-?\s*endtrans\s*-?%\}", re.S)
_JINJA_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_STRING = re.compile(r"\"([^\"\\]*(?:\\.[^\"\\]*)*)\"|'([^'\\]*(?:\\.[^'\\]*)*)'")
_GETTEXT_CALL = re.compile(r"\b(?:_|gettext|ngettext)\(\s*(\"[^\"]*\"|'[^']*')(\s*,\s*(\"[^\"]*\"|'[^']*'))?")
_HTML_TAG = re.compile(r"<[^>]*>")
_VISIBLE_ATTR = re.compile(r"\b(?:placeholder|aria-label|title|alt)\s*=\s*\"([^\"{]*)\"")
_MD_NOISE = re.compile(r"\]\([^)]*\)|\{[^{}]*\}|https?://\S+|&[a-z#0-9]+;")
_WORD = re.compile(r"[A-Za-z]{2,}")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*[a-z-]+(\s+[a-z-]+)*")


def _mask(text: str, pattern: re.Pattern) -> str:
    """Blank out matches but keep newlines, so line numbers stay right."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def bare_text(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, text) of English a reader may see in a template that is not inside
    `_()`, `gettext()` or `{% trans %}`: text between tags, quoted strings in
    Jinja expressions that look like words ("Today", "Likely reasons"), and
    placeholder/aria-label/title/alt attribute values."""
    source = Path(path).read_text(encoding="utf-8")
    source = _mask(source, _JINJA_COMMENT)
    source = _mask(source, _TRANS_BLOCK)
    source = _mask(source, _SCRIPT)
    found: list[tuple[int, str]] = []
    # Quoted strings in Jinja expressions that are not gettext'd.
    for tag in _JINJA_TAG.finditer(source):
        code = _mask(tag.group(0), _GETTEXT_CALL)
        for s in _STRING.finditer(code):
            value = s.group(1) if s.group(1) is not None else s.group(2)
            if _looks_like_words(value):
                found.append((source.count("\n", 0, tag.start() + s.start()) + 1, value))
    text = _mask(source, _JINJA_TAG)
    for lineno, line in enumerate(text.splitlines(), 1):
        for attr in _VISIBLE_ATTR.finditer(line):
            if _WORD.search(attr.group(1)):
                found.append((lineno, attr.group(1).strip()))
        visible = _HTML_TAG.sub(" ", line)
        visible = _ADMONITION.sub(" ", visible)
        visible = _MD_NOISE.sub(" ", visible)
        if _WORD.search(visible):
            found.append((lineno, " ".join(visible.split())))
    return sorted(set(found))


_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\\"'])//[^\n]*", re.S)
_JS_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'")
_JS_GETTEXT = re.compile(r"\b_\(\s*(\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')")
_CSS_CLASSES = re.compile(r"[a-z0-9]+([_-]{1,2}[a-z0-9]+)+")


def bare_js_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) of string literals in a script that look like words a
    reader sees ("Back", "Copied the ", "Your plan is reset...") and are not
    the message id of a `_()` call. CSS class lists, ids and "use strict" are
    not words."""
    source = _mask(Path(path).read_text(encoding="utf-8"), _JS_COMMENT)
    source = _mask(source, _JS_GETTEXT)
    found = []
    for m in _JS_STRING.finditer(source):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if _js_words(value):
            found.append((source.count("\n", 0, m.start()) + 1, value))
    return found


def _js_words(value: str) -> bool:
    words = value.split()
    if not words or value == "use strict" or not _WORD.search(value) or re.search(r"[>\[\]=#{}]|^\s*[:.]", value):
        return False  # not words, or a CSS selector
    if len(words) == 1:
        return bool(re.fullmatch(r"\(?[A-Z][a-z]+[.:!?)]?", words[0]))
    return not all(_CSS_CLASSES.fullmatch(w) for w in words)


def _looks_like_words(value: str) -> bool:
    """Reader text, not an id, a CSS class or a field name: capitalised or several words."""
    if not _WORD.search(value) or re.fullmatch(r"[a-z0-9_\-./#:]*", value):
        return False
    if all(_CSS_CLASSES.fullmatch(w) for w in value.split()):
        return False  # a list of CSS classes ("md-header--shadow md-header--lifted")
    return bool(re.search(r"[A-Z][a-z]|[a-z]{2,}\s+[a-z]{2,}", value))


def _allowlist(root: Path) -> set[str]:
    path = locale_dir(root) / ALLOWLIST
    if not path.is_file():
        return set()
    return {line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def _allow_key(rel: str, text: str) -> str:
    return f"{rel}\t{text}"


def bare_text_findings(root: Path = ROOT) -> list[tuple[str, int, str]]:
    root = Path(root)
    out = []
    for pattern in BARE_GLOBS:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            out.extend((rel, line, text) for line, text in bare_text(path, root))
    for path in sorted(root.glob(BARE_JS_GLOB)):
        rel = path.relative_to(root).as_posix()
        out.extend((rel, line, text) for line, text in bare_js_text(path))
    return sorted(set(out))


def check_bare_text(root: Path = ROOT) -> list[I18nProblem]:
    """Templates hold no reader-visible English outside the catalogue, except
    lines in locale/bare-text-allowlist.txt (the strings the interface sweep has
    not reached yet: that list only shrinks)."""
    root = Path(root)
    allowed = _allowlist(root)
    return [
        I18nProblem(f"{rel}:{line}", f"reader-visible text outside {'NextRound._()' if rel.endswith('.js') else '_() or {% trans %}'}: {_show(text)}")
        for rel, line, text in bare_text_findings(root)
        if _allow_key(rel, text) not in allowed
    ]


def write_allowlist(root: Path = ROOT) -> Path:
    """Record today's bare template text as known (for the sweep to work through)."""
    root = Path(root)
    path = locale_dir(root) / ALLOWLIST
    keys = sorted({_allow_key(rel, text) for rel, _, text in bare_text_findings(root)})
    head = (
        "# Reader-visible English in templates that is not in the catalogue yet\n"
        "# (file<TAB>text). `make i18n-check` fails on any such text NOT listed here.\n"
        "# Wrap the text in _() or {% trans %} and delete its line; never add lines\n"
        "# by hand for new text.\n"
    )
    path.write_text(head + "".join(k + "\n" for k in keys), encoding="utf-8")
    return path


def check(root: Path = ROOT) -> list[I18nProblem]:
    """Everything `make i18n-check` checks, every problem at once."""
    root = Path(root)
    problems = check_pot(root)
    for language in languages(root)[1:]:
        problems.extend(check_catalogue(language, root))
    problems.extend(check_bare_text(root))
    return problems
