"""Read one YAML file into plain data plus the line and column of every value.

PyYAML's composer gives each node a position; we build the Python value
ourselves so that duplicate keys, tabs, bad bytes and other mistakes become
located problems instead of exceptions.
"""
from __future__ import annotations

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
        lines = self.text.splitlines()
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


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.scalars = yaml.SafeLoader("")
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
                key = self.scalars.construct_object(key_node)
                if key == "<<" or key_node.tag == "tag:yaml.org,2002:merge":
                    self.problems.append(Problem(self.doc.name, *_mark(key_node), format_field(path), "merge keys ('<<') are not supported; write the fields out"))
                    continue
                if not isinstance(key, str):
                    key = str(key)
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
        try:
            value = self.scalars.construct_object(node)
        except yaml.YAMLError as exc:  # e.g. a malformed timestamp or !!tag
            self.problems.append(Problem(self.doc.name, *_mark(node), format_field(path), f"cannot read this value: {getattr(exc, 'problem', exc)}"))
            return None
        # YAML 1.1 reads yes/no/on/off as true/false; keep the words so
        # `in_your_control: no` means "no" (true/false fields still accept them).
        if isinstance(value, bool) and node.value.lower() not in ("true", "false"):
            value = node.value
        # Dates and times are read as text: authors write "14 February 2024" or 2024-02-14.
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = node.value
        return value


def load(path: Path) -> tuple[Document, list[Problem]]:
    """Parse one YAML file. Never raises for bad input: problems are returned."""
    doc = Document(path)
    problems: list[Problem] = []
    name = doc.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(name, 1, 1, "", f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return doc, [Problem(name, line, column, "", f"not valid UTF-8 text (byte 0x{raw[exc.start]:02X}); save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    doc.text = text
    for lineno, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(name, lineno, indent.index("\t") + 1, "", "tab character used for indentation; indent with spaces"))
    if problems:
        return doc, problems
    try:
        try:
            # libyaml is about 20 times faster; PyYAML's own parser words
            # syntax errors more clearly, so it reports them.
            nodes = list(yaml.compose_all(text, Loader=_FAST))
        except yaml.YAMLError:
            nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
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
        return doc, [Problem(name, 1, 1, "", "file is empty; it must hold the item's fields (title, summary, sources, ...)")]
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
