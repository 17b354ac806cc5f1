"""Read one YAML file into plain data plus the line and column of every value.

PyYAML's composer gives each node a position; we build the Python value
ourselves so that duplicate keys, tabs, bad bytes and other mistakes become
located problems instead of exceptions.
"""
from __future__ import annotations

import functools
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

    @functools.cached_property
    def name(self) -> str:
        """The path as messages show it (asked for by every message of the file)."""
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
#: would be reported on the wrong line), plus a byte order mark after the
#: start of the file (libyaml skips one at the start of any line, PyYAML
#: reads it as text: invisible either way).
_UNPRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]|\r(?!\n)")
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
        elif ch == "\ufeff":
            what = "an invisible byte order mark (U+FEFF); delete it"
        else:
            what = f"the control character U+{ord(ch):04X}; delete it"
        problems.append(Problem(name, *_position(text, m.start()), "", f"contains {what}"))
        if len(problems) >= 10:
            break
    return problems


_SCALAR, _ALIAS, _MAPPING = yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_SKIP = object()  # in place of a key that was refused, or of a list or mapping behind an alias


class _Frame:
    """A list or mapping whose events are still arriving."""

    __slots__ = ("value", "path", "event", "key", "key_end", "skip")

    def __init__(self, value, path: tuple, event, skip: bool):
        self.value = value
        self.path = path
        self.event = event  # where it starts
        self.key = None  # in a mapping: the key waiting for its value (None: a key comes next)
        self.key_end = (0, 0)  # where that key ends (0-based line and column)
        self.skip = skip  # a key, or a refused value: nothing in it is kept or reported


class _Builder:
    """Plain values and their locations, built straight from libyaml's event stream.

    One pass, no node tree. The limits are checked as the events arrive, before
    anything deep is built: nesting depth, the number of aliases, tags. Aliases
    of lists or mappings, merge keys, empty keys and duplicate keys are refused.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.roots: list[tuple] = []  # (value, start event) of each YAML document
        #: tags or a limit passed: reported on their own, and nothing is built
        self.refused = False
        self.lines: list[str] | None = None  # the text's lines, split when first needed

    def _add(self, event, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.doc.name, *_mark(event), format_field(path), message))

    def _next_path(self) -> tuple | None:
        """The field path of the value starting now; None for a key or inside a refused value."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if frame.skip:
            return None
        if type(frame.value) is list:
            return frame.path + (len(frame.value),)
        key = frame.key
        return None if key is None or key is _SKIP else frame.path + (key,)

    def _place(self, value, event, *, plain_key: bool) -> None:
        """A finished value goes into its document, list, or mapping (as a key or a value)."""
        if not self.stack:
            self.roots.append((value, event))
            return
        frame = self.stack[-1]
        if type(frame.value) is list:
            frame.value.append(value)
            return
        key = frame.key
        if key is not None:  # this is the value of `key`
            frame.key = None
            if key is not _SKIP:
                frame.value[key] = value
            return
        frame.key = _SKIP
        if frame.skip:
            return
        if not plain_key:
            self._add(event, frame.path, "keys must be plain words")
        elif value == "<<" and not event.style:
            self._add(event, frame.path, "merge keys ('<<') are not supported; write the fields out")
        elif not value:
            self._add(event, frame.path, "a key is missing before ':'")
        elif "\n" in value:
            self._add(event, frame.path, "a key must be on one line")
        elif value in frame.value:
            child = frame.path + (value,)
            self._add(event, child, f"duplicate key '{value}' (first given on line {self.doc.keys[child][0]})")
        else:
            self.doc.keys[frame.path + (value,)] = _mark(event)
            frame.key = value
            frame.key_end = (event.end_mark.line, event.end_mark.column)

    def _empty_value(self, event) -> Location:
        """Where an empty value ("a:" with nothing after it) is. In a flow mapping
        ("{a: }") libyaml places it at the next token and PyYAML just after the
        ':'; the reader says what PyYAML says, like everywhere else."""
        frame = self.stack[-1] if self.stack else None
        if frame is None or type(frame.value) is not dict or not frame.event.flow_style or frame.key in (None, _SKIP):
            return _mark(event)
        if self.lines is None:
            self.lines = self.doc.text.split("\n")
        line, column = frame.key_end
        while line < len(self.lines):
            rest = self.lines[line][column:]
            after = rest.lstrip(" \t")
            if after:
                return (line + 1, column + len(rest) - len(after) + 2) if after[0] == ":" else _mark(event)
            line, column = line + 1, 0
        return _mark(event)

    def run(self, text: str) -> list[Problem]:
        """Problems found; tags, or a limit passed, are reported on their own."""
        name, values, stack = self.doc.name, self.doc.values, self.stack
        tags: list[Problem] = []
        anchors: dict[str, tuple] = {}  # anchor -> (scalar value, or _SKIP for a list or mapping; start event)
        aliases = 0
        parser = _FAST(text)
        next_event = parser.get_event  # (what yaml.parse does, without a generator around it)
        try:
            while (event := next_event()) is not None:
                cls = type(event)
                if cls is _SCALAR or cls in _OPEN:
                    if event.tag is not None:
                        tags.append(Problem(name, *_mark(event), "", f"YAML tags like '{event.tag.replace('tag:yaml.org,2002:', '!!')}' are not supported; write the value as plain text"))
                    anchor = event.anchor
                    if anchor is not None and anchor in anchors:
                        raise yaml.composer.ComposerError(f"found duplicate anchor {anchor!r}; first occurrence", anchors[anchor][1].start_mark, "second occurrence", event.start_mark)
                    path = self._next_path()
                    if path is not None:
                        values[path] = self._empty_value(event) if cls is _SCALAR and event.value == "" and not event.style else _mark(event)
                    if cls is _SCALAR:
                        # Scalars are text as written ("yes", "2024-02-30", "1e400", "~"); an
                        # empty plain value ("hint:" with nothing after it) is "not given".
                        value = None if event.value == "" and not event.style else event.value
                        if anchor is not None:
                            anchors[anchor] = (value, event)
                        self._place(value, event, plain_key=True)
                        continue
                    if len(stack) >= MAX_DEPTH:
                        self.refused = True
                        return tags + [Problem(name, *_mark(event), "", f"lists or mappings are nested more than {MAX_DEPTH} levels deep")]
                    if anchor is not None:
                        anchors[anchor] = (_SKIP, event)
                    stack.append(_Frame({} if cls is _MAPPING else [], path or (), event, path is None))
                elif cls in _CLOSE:
                    frame = stack.pop()
                    self._place(frame.value, frame.event, plain_key=False)
                elif cls is _ALIAS:
                    aliases += 1
                    if aliases > MAX_ALIASES:
                        self.refused = True
                        return tags + [Problem(name, *_mark(event), "", f"more than {MAX_ALIASES} aliases ('*name'); write the values out")]
                    if event.anchor not in anchors:
                        raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
                    value, start = anchors[event.anchor]
                    path = self._next_path()
                    if value is _SKIP:
                        # An alias (*name) of a list or mapping: refused, since nested
                        # aliases can expand into gigabytes ("billion laughs").
                        if path is not None:
                            self._add(start, path, "aliases ('*name') of lists or mappings are not supported; write the value out")
                        self._place(None, start, plain_key=False)
                        continue
                    if path is not None:
                        values[path] = _mark(start)
                    self._place(value, start, plain_key=True)
        finally:
            parser.dispose()
        self.refused = bool(tags)
        return tags or self.problems


def _reword(text: str) -> None:
    """Run PyYAML's pure-Python parser over `text`, which libyaml refused, so
    that PyYAML raises its own (clearer) wording of the syntax error. It gives
    up, leaving libyaml's message, once lists or mappings nest deeper than
    MAX_DEPTH: its scanner's time grows with the square of the nesting depth
    (15 s for 10,000 '[' in a row), and no item is that deep."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        cls = type(event)
        if cls in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                return
        elif cls in _CLOSE:
            depth -= 1


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
    for lineno, line in enumerate(text.split("\n") if "\t" in text else (), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(name, lineno, indent.index("\t") + 1, "", "tab character used for indentation; indent with spaces"))
    if problems:
        return doc, problems
    builder = _Builder(doc)
    try:
        try:
            problems = builder.run(text)
        except yaml.composer.ComposerError:
            raise  # the reader's own (an undefined or repeated anchor): located and worded
        except yaml.YAMLError:
            # libyaml is about 20 times faster; PyYAML's own parser words
            # syntax errors more clearly, so it reports them when it can.
            _reword(text)
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
    if builder.refused:
        return doc, problems
    roots = builder.roots
    if not roots:
        return doc, [Problem(name, 1, 1, "", f"file is empty; it must hold {holds}")]
    if len(roots) > 1:
        return doc, [Problem(name, *_mark(roots[1][1]), "", "file holds more than one YAML document ('---'); put one item per file")]
    value, event = roots[0]
    if type(event) is not _MAPPING:
        kind = "a list" if type(event) is yaml.SequenceStartEvent else "a single value"
        return doc, [Problem(name, *_mark(event), "", f"file is {kind}; it must be a mapping of field names to values (like 'title: ...')")]
    doc.data = value
    return doc, problems
