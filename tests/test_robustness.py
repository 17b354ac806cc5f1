"""Property-based robustness: mutated content either builds or fails with located
messages, never a traceback or a hang; HTML in content never reaches a page as markup."""
import re
import shutil
import string
from pathlib import Path

import markdown
import pytest
import yaml
from html.parser import HTMLParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import pages
from generator.problems import ContentError
from kbtools import FIXTURE, fresh_fixture
from generator.build import load_knowledge_base

FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yml"))
SETTINGS = settings(max_examples=60, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(string.ascii_lowercase + "_-", min_size=1, max_size=10), inner, max_size=3),
    max_leaves=8,
)
control = st.sampled_from([chr(c) for c in list(range(0, 32)) + list(range(0x7F, 0xA0))] + ["\ufeff", "\u2028", "\ud7ff", "\t"])


def mutate(text: str, data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["drop", "duplicate", "retype", "syntax", "control", "long", "bytes", "nest", "alias"]))
    parsed = yaml.safe_load(text)
    if kind in ("drop", "retype", "long") and isinstance(parsed, dict) and parsed:
        key = data.draw(st.sampled_from(sorted(parsed)))
        if kind == "drop":
            del parsed[key]
        elif kind == "retype":
            parsed[key] = data.draw(values)
        else:
            parsed[key] = data.draw(st.sampled_from(["x" * 200_000, "word " * 40_000, ["y" * 50_000] * 20]))
        return yaml.safe_dump(parsed, allow_unicode=True).encode("utf-8", "surrogatepass")
    if kind == "duplicate":
        line = data.draw(st.sampled_from([l for l in text.splitlines() if re.match(r"^[a-z_]+:", l)] or ["title: x"]))
        return (text + "\n" + line + "\n").encode()
    if kind == "syntax":
        pos = data.draw(st.integers(0, len(text)))
        junk = data.draw(st.text(":[]{}\"'|>&*!%@`#-?,\n ", min_size=1, max_size=6))
        return (text[:pos] + junk + text[pos:]).encode()
    if kind == "control":
        pos = data.draw(st.integers(0, len(text)))
        return (text[:pos] + data.draw(control) + text[pos:]).encode("utf-8", "surrogatepass")
    if kind == "nest":
        depth = data.draw(st.integers(100, 5000))
        return ("title: " + "[" * depth + "]" * depth + "\n").encode()
    if kind == "alias":
        return b"a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\ntitle: *c\n" + text.encode()
    return data.draw(st.binary(max_size=200))


@SETTINGS
@given(data=st.data())
def test_mutated_content_builds_or_fails_with_located_messages(tmp_path_factory, data):
    root = fresh_fixture(tmp_path_factory)
    rel = data.draw(st.sampled_from(FILES))
    path = root / rel
    path.write_bytes(mutate(path.read_text(), data))
    try:
        kb = load_knowledge_base(root)
    except ContentError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file and p.line >= 1 and p.column >= 1 and p.message, p
            assert "Traceback" not in str(p)
        return
    out = pages(kb)
    assert "finder/index.md" in out


PAYLOADS = [
    '"><img src=x onerror=window.__pwned=1>',
    "<script>window.__pwned=1</script>",
    "' onmouseover='window.__pwned=1",
    '" onfocus="window.__pwned=1" autofocus="',
    "javascript:window.__pwned=1",
    "[click](javascript:window.__pwned=1)",
    "&#60;script&#62;window.__pwned=1&#60;/script&#62;",
    "{{ 7 * 7 }} {% raw %}",
]


@SETTINGS
@given(payload=st.sampled_from(PAYLOADS) | st.text(alphabet='<>"\'&/=:;()[]{}!` abcjsvrtpx', min_size=1, max_size=40), field=st.sampled_from(["title", "summary", "why", "steps"]))
def test_markup_in_any_field_is_refused_or_inert(tmp_path_factory, payload, field):
    root = fresh_fixture(tmp_path_factory)
    habit = root / "habits" / "keep-going.yml"
    data = yaml.safe_load(habit.read_text())
    data[field] = [payload] if field == "steps" else payload
    habit.write_text(yaml.safe_dump(data, allow_unicode=True))
    try:
        kb = load_knowledge_base(root)
    except ContentError as exc:
        assert all(p.line >= 1 for p in exc.problems)
        return
    page = pages(kb)["habits/keep-going.md"]
    _, front, body = page.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta["title"], str)
    assert not re.search(r"<\s*[a-zA-Z/!?]", meta["title"]) and not re.search(r"<\s*[a-zA-Z/!?]", meta["description"])
    html = markdown.markdown(body, extensions=["abbr", "admonition", "attr_list", "md_in_html", "def_list", "toc", "pymdownx.details"])
    check = _Markup()
    check.feed(html)
    assert not check.bad, (check.bad, html)


class _Markup(HTMLParser):
    """Collects anything in rendered HTML that could run script."""

    ALLOWED = {"p", "h1", "h2", "h3", "ul", "ol", "li", "a", "em", "strong", "small", "hr", "div", "span", "code", "blockquote", "br"}

    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}=")
            if name in ("href", "src") and re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                self.bad.append(f"{tag} {name}={value}")


@pytest.mark.parametrize("summary", [": :", "- not a list", "1. not a list", "+ plus"])
def test_plain_text_never_becomes_a_list_or_definition(tmp_path, summary):
    # found by the property-based test: a summary ": :" rendered as a definition list
    shutil.copytree(FIXTURE, tmp_path / "kb")
    habit = tmp_path / "kb" / "habits" / "keep-going.yml"
    data = yaml.safe_load(habit.read_text())
    data["summary"] = summary
    habit.write_text(yaml.safe_dump(data))
    body = pages(load_knowledge_base(tmp_path / "kb"))["habits/keep-going.md"].split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["def_list"])
    assert not re.search(r"<(dl|dd|ul|ol)\b", html.split("<h2")[0]), html


# ----------------------------------------------------------------------------- issue 11
# YAML documents of random shapes and scalars (dates, numbers, booleans, nulls,
# tags, anchors, merge keys, deep nesting, odd line breaks) written into every
# field of every kind of file and of office.yml: a located message or a clean
# render, never a traceback, a crash or a hang.
from generator.office import load_office  # noqa: E402

OFFICE_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "northgate"
ODD_SCALARS = [
    "2024-02-30", "2024-13-01", "2024-02-14", "2001-12-14t21:59:43.10-05:00", "yes", "No", "on", "OFF", "y", "~", "null",
    "NULL", "true", "False", "0x1F", "0o17", "0b101", "1e400", "-1e400", "1_000", ".inf", "-.Inf", ".nan", "12:30:00",
    "190:20:30", "9" * 600, "-0", "+1", "'quoted'", '"double \\u2028 quoted"', '"\\x00"', '"\\N"', "''", "'#'", "=",
    "!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2024-02-30", "!!binary aGk=", "!!str 1", "!foo x", "!<tag:x> y",
    "! z", "&a x", "*a", "*undefined", "<<", "? x", "|-\n  block\n  text", ">\n  folded", "- - -", "[", "]", "{", "}",
    "a: b: c", "%YAML 1.1", "--- x", "...", "@x", "`x`",
]
LINE_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x00"]
odd_text = st.lists(st.sampled_from(list("aZ9 :-#&*!|>'\"%@`{}[],?\\") + LINE_BREAKS + ["é", "\ufeff", "\u200b"]), max_size=12).map("".join)
scalar = st.sampled_from(ODD_SCALARS) | odd_text


def flow(draw_node, depth: int):
    return st.deferred(lambda: scalar if depth <= 0 else (
        scalar
        | st.lists(draw_node(depth - 1), max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
        | st.lists(st.tuples(st.sampled_from(["a", "~", "yes", "1", "<<", "? k", "!!str k", "&k k", '"q"', "title"]), draw_node(depth - 1)), max_size=3)
        .map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")
        | st.tuples(st.sampled_from(["&a ", "&b ", "!!seq ", "!!map ", "!x "]), draw_node(depth - 1)).map("".join)
    ))


def node(depth: int = 3):
    return flow(node, depth)


fragment = node() | st.integers(30, 40_000).map(lambda n: "[" * n + "]" * n) | st.integers(1, 300).map(lambda n: "[" + ", ".join(["*a"] * n) + "]")
FIELD_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+):(.*)$")


def rewrite(text: str, data: st.DataObject) -> str:
    """Replace the value (or the key) of one field line with a random YAML fragment."""
    lines = text.split("\n")
    candidates = [i for i, l in enumerate(lines) if FIELD_LINE.match(l)]
    i = data.draw(st.sampled_from(candidates))
    indent, key, _ = FIELD_LINE.match(lines[i]).groups()
    value = data.draw(fragment)
    if data.draw(st.booleans()):
        lines[i] = f"{indent}{key}: {value}"
    else:
        lines[i] = f"{indent}{data.draw(st.sampled_from(['~', 'yes', '1', '<<', '? x', '!!str k', '&k title', '*a', '[a]', '{a: b}', '', 'title title']))}: {value}"
    if data.draw(st.booleans()):
        lines.insert(0, f"anchor_{data.draw(st.integers(0, 9))}: &a {data.draw(scalar)}")
    return "\n".join(lines)


def _located(exc: ContentError) -> None:
    assert exc.problems
    for p in exc.problems:
        assert p.file and p.line >= 1 and p.column >= 1 and p.message, p
        assert "Traceback" not in p.message and "\n" not in p.message, p


@SETTINGS
@given(data=st.data())
def test_random_yaml_in_any_field_of_any_file(tmp_path_factory, data):
    root = fresh_fixture(tmp_path_factory)
    rel = data.draw(st.sampled_from(FILES))
    path = root / rel
    path.write_bytes(rewrite(path.read_text(encoding="utf-8"), data).encode("utf-8", "surrogatepass"))
    try:
        kb = load_knowledge_base(root)
    except ContentError as exc:
        _located(exc)
        return
    assert "finder/index.md" in pages(kb)


@pytest.fixture(scope="module")
def office_base(tmp_path_factory) -> Path:
    """The example office, standing alone on the fixture knowledge base."""
    folder = tmp_path_factory.mktemp("office") / "office"
    shutil.copytree(OFFICE_EXAMPLE, folder)
    shutil.rmtree(folder / "content")
    text = (folder / "office.yml").read_text(encoding="utf-8")
    (folder / "office.yml").write_text(text.split("\nhide:")[0] + "\n", encoding="utf-8")
    return folder


@SETTINGS
@given(data=st.data())
def test_random_yaml_in_any_field_of_office_yml(tmp_path_factory, office_base, data):
    folder = tmp_path_factory.mktemp("o") / "office"
    shutil.copytree(office_base, folder)
    path = folder / "office.yml"
    path.write_bytes(rewrite(path.read_text(encoding="utf-8"), data).encode("utf-8", "surrogatepass"))
    try:
        edition = load_office(folder)
        kb = load_knowledge_base(FIXTURE, edition)
    except ContentError as exc:
        _located(exc)
        return
    out = pages(kb, edition)
    assert "office/appointments.md" in out


# ----------------------------------------------------------------------------- one-pass reader
# generator.load builds values and their locations straight from libyaml's
# events (no node tree). Whenever it accepts a document, it must read exactly
# what PyYAML's composer reads (every scalar as text), with the same line and
# column for every value and key; and whatever the composer refuses, it refuses.
from generator.load import Document, parse  # noqa: E402


class _TextOnly(yaml.SafeLoader):
    yaml_implicit_resolvers: dict = {}


def _composed(node, path, values, keys):
    values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for k, v in node.value:
            keys[path + (k.value,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
            out[k.value] = _composed(v, path + (k.value,), values, keys)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_composed(v, path + (i,), values, keys) for i, v in enumerate(node.value)]
    return None if node.value == "" and not node.style else node.value


@SETTINGS
@given(data=st.data())
def test_one_pass_reader_reads_what_the_composer_reads(data):
    text = data.draw(st.sampled_from(FILES).map(lambda rel: (FIXTURE / rel).read_text(encoding="utf-8")))
    text = rewrite(text, data)
    doc, found = parse(Document(Path("x.yml")), text.encode("utf-8", "surrogatepass"))
    if found:
        return  # refused: with a located message (checked by the tests above)
    # Accepted: the composer must accept it too (so whatever the composer
    # refuses, the reader refuses) and read the same values at the same places.
    nodes = list(yaml.compose_all(text, Loader=_TextOnly))
    assert len(nodes) == 1 and isinstance(nodes[0], yaml.MappingNode)
    values, keys = {}, {}
    assert doc.data == _composed(nodes[0], (), values, keys)
    assert doc.values == values
    assert doc.keys == keys


@pytest.mark.parametrize("text", ["title: {a: }\n", "title: {a : , b: c}\n", "title: {a:\n  }\n", "title: [a: ]\n", "title:\nsummary: x\n"])
def test_empty_values_are_where_the_composer_puts_them(text):
    """libyaml places an empty value in a flow mapping at the next token, PyYAML
    just after the ':'; the reader gives PyYAML's place."""
    doc, found = parse(Document(Path("x.yml")), text.encode())
    assert found == []
    values, keys = {}, {}
    assert doc.data == _composed(yaml.compose(text, Loader=_TextOnly), (), values, keys)
    assert doc.values == values
