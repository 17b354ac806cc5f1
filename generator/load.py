"""Read one YAML file into plain data plus the line and column of every value.

PyYAML's composer gives each node a position; we build the Python value
ourselves so that duplicate keys, tabs, bad bytes and other mistakes become
located problems instead of exceptions.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, display_path, format_field

Location = tuple[int, int]  # 1-based line, column
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    path: Path
    data: object = None
    #: field path -> where its value starts
    values: dict[tuple, Location] = field(default_factory=dict)
    #: field path -> where its key starts (for mapping entries)
    keys: dict[tuple, Location] = field(default_factory=dict)
    #: the file's text, for messages that quote a line
    text: str = ""

    def line(self, number: int) -> str:
        lines = self.text.split("\n")
        return lines[number - 1] if 0 < number <= len(lines) else ""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def where(self, path: tuple, *, key: bool = False) -> Location:
        """Best known location for a field path: the key, the value, or the nearest parent."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: tuple, message: str, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.name, line, column, format_field(path), message)


def _mark(node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


#: Limits checked on the event stream, before anything is composed: deeper
#: nesting has no use in content and crashes parsers; aliases are refused past
#: a small budget (expanding them is how "billion laughs" files cost gigabytes).
MAX_DEPTH = 32
MAX_ALIASES = 100
#: Characters YAML itself refuses, plus the invisible line breaks that YAML
#: counts as new lines while editors do not (so every position after them
#: would be reported on the wrong line).
_UNPRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]|\r(?!\n)")
_LINE_BREAKS = {"\x85": "next-line character (NEL)", "\u2028": "line separator", "\u2029": "paragraph separator", "\r": "carriage return on its own"}


def _position(text: str, index: int) -> Location:
    """1-based line and column of text[index], counting only \\n as a line break (as editors do)."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _bad_characters(name: str, text: str) -> list[Problem]:
    problems = []
    for m in _UNPRINTABLE.finditer(text):
        ch = m.group()
        if ch in _LINE_BREAKS:
            what = f"an invisible line break (U+{ord(ch):04X}, {_LINE_BREAKS[ch]}); replace it with an ordinary line break or a space"
        else:
            what = f"the control character U+{ord(ch):04X}; delete it"
        problems.append(Problem(name, *_position(text, m.start()), "", f"contains {what}"))
        if len(problems) >= 10:
            break
    return problems


class _TextLoader(_FAST):
    """Every scalar is text (no implicit booleans, numbers, dates or nulls): the model decides."""

    yaml_implicit_resolvers: dict = {}


def _events(name: str, text: str) -> list[Problem]:
    """Refuse tags and stop deep nesting and alias floods on the event stream, before composing."""
    problems: list[Problem] = []
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_FAST):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return problems + [Problem(name, *_mark(event), "", f"lists or mappings are nested more than {MAX_DEPTH} levels deep")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                return problems + [Problem(name, *_mark(event), "", f"more than {MAX_ALIASES} aliases ('*name'); write the values out")]
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)) and event.tag is not None:
            problems.append(Problem(name, *_mark(event), "", f"YAML tags like '{event.tag.replace('tag:yaml.org,2002:', '!!')}' are not supported; write the value as plain text"))
    return problems


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: tuple):
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            # An alias (*name) of a list or mapping: refused, since nested
            # aliases can expand into gigabytes ("billion laughs").
            self.problems.append(Problem(self.doc.name, *_mark(node), format_field(path), "aliases ('*name') of lists or mappings are not supported; write the value out"))
            return None
        self.seen.add(id(node))
        self.doc.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(self.doc.name, *_mark(key_node), format_field(path), "keys must be plain words"))
                    continue
                key = key_node.value
                if key == "<<" and not key_node.style or key_node.tag == "tag:yaml.org,2002:merge":
                    self.problems.append(Problem(self.doc.name, *_mark(key_node), format_field(path), "merge keys ('<<') are not supported; write the fields out"))
                    continue
                if key == "":
                    self.problems.append(Problem(self.doc.name, *_mark(key_node), format_field(path), "a key is missing before ':'"))
                    continue
                child = path + (key,)
                if key in out:
                    first = self.doc.keys[child][0]
                    self.problems.append(
                        Problem(self.doc.name, *_mark(key_node), format_field(child), f"duplicate key '{key}' (first given on line {first})")
                    )
                    continue
                self.doc.keys[child] = _mark(key_node)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        # Scalars are text as written ("yes", "2024-02-30", "1e400", "~"); an
        # empty plain value ("hint:" with nothing after it) is "not given".
        if node.value == "" and not node.style:
            return None
        return node.value


def load(path: Path, *, holds: str = "the item's fields (title, summary, sources, ...)") -> tuple[Document, list[Problem]]:
    """Parse one YAML file. Never raises for bad input: problems are returned.

    `holds` says what an empty file should hold, for its message.
    """
    doc = Document(path)
    name = doc.name
    try:
        if path.is_symlink() and not path.exists():
            return doc, [Problem(name, 1, 1, "", f"broken link: it points to '{os.readlink(path)}', which does not exist")]
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(name, 1, 1, "", f"cannot read file: {exc.strerror or exc}")]
    return parse(doc, raw, holds=holds)


def parse(doc: Document, raw: bytes, *, holds: str = "the item's fields (title, summary, sources, ...)") -> tuple[Document, list[Problem]]:
    name = doc.name
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return doc, [Problem(name, line, column, "", f"not valid UTF-8 text (byte 0x{raw[exc.start]:02X}); save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    doc.text = text
    problems = _bad_characters(name, text)
    if problems:
        return doc, problems
    for lineno, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(name, lineno, indent.index("\t") + 1, "", "tab character used for indentation; indent with spaces"))
    if problems:
        return doc, problems
    try:
        try:
            # libyaml is about 20 times faster; PyYAML's own parser words
            # syntax errors more clearly, so it reports them.
            problems = _events(name, text)
            if problems:
                return doc, problems
            nodes = list(yaml.compose_all(text, Loader=_TextLoader))
        except yaml.YAMLError:
            for _ in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
            raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if "\t" in what or "'\\t'" in what:
            what = "tab character; use spaces"
        return doc, [Problem(name, line, column, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return doc, [Problem(name, 1, 1, "", f"YAML syntax error: {exc}")]
    except RecursionError:
        return doc, [Problem(name, 1, 1, "", "lists or mappings are nested too deeply")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return doc, [Problem(name, 1, 1, "", f"file is empty; it must hold {holds}")]
    if len(nodes) > 1:
        return doc, [Problem(name, *_mark(nodes[1]), "", "file holds more than one YAML document ('---'); put one item per file")]
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return doc, [Problem(name, *_mark(root), "", f"file is {kind}; it must be a mapping of field names to values (like 'title: ...')")]
    try:
        doc.data = _Builder(doc, problems).build(root, ())
    except RecursionError:
        return doc, [Problem(name, 1, 1, "", "lists or mappings are nested too deeply")]
    return doc, problems
