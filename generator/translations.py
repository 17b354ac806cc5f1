"""Translated content: an item's text in another language, as a file of its own.

``<content>/translations/<lang>/<kind>/<id>.yml`` (and the same inside an
office's ``content/``, which wins) gives the text fields of the item with the
same id; ids, links, sources and structure come from the original.
``<content>/translations/<lang>/finder.yml`` does the same for the finder.

A translation file holds only text fields, in the original's shape:

- a text field (title, summary, meaning, ...) is text;
- a list of text (steps, what_to_do) has as many entries as the original
  (plan ticks carry over by position); ``also_known_as`` and ``tags`` are
  free (any length, or left out: see FREE_LISTS);
- a list of parts with an id (a template's ``fields`` by ``name``, its
  ``options`` and ``tones`` by ``id``, the finder's questions and answers by
  ``id``) is a mapping from that id to the part's text fields, or straight to
  the text when the part has only one text field (``tones: {formal: Ffurfiol}``);
- other lists of parts (a template's ``body``) have one entry per original
  entry, in order.

Each translation names the original it was made from with ``source_hash``, a
fingerprint of the original's text (:func:`fingerprint`). When the original
changes, the translation is *stale*: it is reported and not used (the reader
gets the current original, marked as English) until it is updated.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, create_model

from . import models
from .kb import KnowledgeBase
from .load import Document, load
from .problems import ContentError, Problem, did_you_mean, display_path, format_field
from .validate import model_problems

FOLDER = "translations"
FINDER = ("finder", "finder")
#: Lists of words people search or browse with (search phrases, tags): a
#: translation gives its own list, of any length, or leaves it out (the
#: original's words then stay, for search). They are not part of the
#: fingerprint: a new English search phrase does not make a translation stale.
#: A new field of this sort (for example recognised phrasings) belongs here.
FREE_LISTS = {"also_known_as", "tags", "signals"}
#: Parts of a list are matched by the first of these fields they have.
KEYS = ("id", "name")
HASH_LENGTH = 12
HASH = r"^[0-9a-f]{12}$"
models.PATTERN_HELP.setdefault(HASH, "'{value}' is not a fingerprint: copy the 12-character source_hash that `python -m generator i18n-status --hashes` prints for the original")

# ----------------------------------------------------------------------------- shapes
def _leaf(metadata) -> type | None:
    """Text, Line or Markdown, if the metadata is one of those types' validators."""
    funcs = {getattr(m, "func", None) for m in metadata}
    if models._markdown in funcs:
        return models.Markdown
    if models._plain in funcs:
        return models.Line if models._one_line in funcs else models.Text
    return None


def shape(annotation, metadata=()) -> Any:
    """The text part of a type: a leaf type, ("list", s), ("dict", s), ("model", cls)
    or None for a field with no text (ids, links, flags)."""
    leaf = _leaf(metadata)
    if leaf is not None:
        return leaf
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return shape(args[0], tuple(metadata) + tuple(annotation.__metadata__))
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return shape(inner[0]) if len(inner) == 1 else None
    if origin is list:
        s = shape(args[0])
        return ("list", s) if s is not None else None
    if origin is dict:
        s = shape(args[1])
        return ("dict", s) if s is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation) if text_fields(annotation) else None
    return None


@lru_cache(maxsize=None)
def text_fields(model: type[BaseModel]) -> dict[str, Any]:
    """Field name -> shape, for the fields of a model that hold text."""
    out = {}
    for name, info in model.model_fields.items():
        s = shape(info.annotation, info.metadata)
        if s is not None:
            out[name] = s
    return out


def key_of(model: type[BaseModel]) -> str | None:
    return next((k for k in KEYS if k in model.model_fields and k not in text_fields(model)), None)


def _annotation(s) -> Any:
    if not isinstance(s, tuple):
        return s
    kind, inner = s
    if kind == "list":
        if isinstance(inner, tuple) and inner[0] == "model" and key_of(inner[1]):
            return dict[str, translation_model(inner[1])]
        if isinstance(inner, tuple) and inner[0] == "model" and len(text_fields(inner[1])) == 1:
            # A part with one text field (a plan step: text, plus an email id
            # that comes from the original) may be translated as plain text.
            (only,) = text_fields(inner[1])
            return list[Annotated[translation_model(inner[1]), BeforeValidator(lambda v, f=only: {f: v} if isinstance(v, str) else v)]]
        return list[_annotation(inner)]
    if kind == "dict":
        return dict[str, _annotation(inner)]
    return translation_model(inner)


@lru_cache(maxsize=None)
def translation_model(model: type[BaseModel], root: bool = False) -> type[BaseModel]:
    """The model of a translation of `model`: its text fields, all optional here
    (completeness is checked against the original), plus `source_hash` at the root."""
    fields: dict[str, Any] = {
        name: (_annotation(s) | None, Field(default=None, description=model.model_fields[name].description))
        for name, s in text_fields(model).items()
    }
    if root:
        fields["source_hash"] = (Annotated[str, StringConstraints(pattern=HASH)], Field(description="Fingerprint of the original's text this translation was made from."))
    derived = create_model(
        f"{model.__name__}Translation",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **fields,
    )
    derived.original = model
    return derived


def json_schema(model: type[BaseModel]) -> dict:
    """The JSON Schema of a translation of `model` (for editors), allowing the
    shorthand `id: text` for parts with one text field."""
    derived = translation_model(model, root=True)
    schema = derived.model_json_schema()
    single = {f"#/$defs/{translation_model(m).__name__}" for m in _part_models(model) if len(text_fields(m)) == 1}

    def patch(node):
        if isinstance(node, dict):
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and extra.get("$ref") in single:
                node["additionalProperties"] = {"anyOf": [extra, {"type": "string"}]}
            for value in node.values():
                patch(value)
        elif isinstance(node, list):
            for value in node:
                patch(value)

    patch(schema)
    schema["description"] = f"A translation of {model.__name__.lower()} text (see README.md, \"Languages\"): only text fields, with the source_hash of the original."
    return schema


def _part_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    out = []
    for s in text_fields(model).values():
        while isinstance(s, tuple) and s[0] in ("list", "dict"):
            s = s[1]
        if isinstance(s, tuple) and s[0] == "model":
            out += [s[1]] + _part_models(s[1])
    return out


# ----------------------------------------------------------------------------- fingerprint
def project(value, s=None) -> Any:
    """Only the text of a model instance (or part of one), in a JSON-able shape."""
    if isinstance(value, BaseModel):
        return {
            name: project(getattr(value, name), sub)
            for name, sub in text_fields(type(value)).items()
            if getattr(value, name) is not None and name not in FREE_LISTS
        }
    if isinstance(value, list):
        return [project(v, s[1] if isinstance(s, tuple) else None) for v in value]
    if isinstance(value, dict):
        return {k: project(v) for k, v in sorted(value.items())}
    return value


def fingerprint(original: BaseModel) -> str:
    """sha256 of the original's text fields (canonical JSON), first 12 hex digits."""
    data = json.dumps(project(original), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:HASH_LENGTH]


# ----------------------------------------------------------------------------- checks
def _extra_field_problems(doc: Document, original: type[BaseModel], data, path=()) -> tuple[Any, list[Problem]]:
    """Fields that are not text: say so plainly, and leave them out of validation."""
    problems = []
    if not isinstance(data, dict):
        return data, problems
    text = text_fields(original)
    out = {}
    for name, value in data.items():
        here = path + (name,)
        if name == "source_hash" and not path:
            out[name] = value
        elif name not in text and name in original.model_fields:
            problems.append(doc.problem(here, f"'{name}' is not text: ids, links and settings come from the original, so leave it out", key=True))
        elif name not in text:
            allowed = sorted(text) + ([] if path else ["source_hash"])
            hint = did_you_mean(name, allowed) or f"; a translation can give: {', '.join(allowed)}"
            problems.append(doc.problem(here, f"unknown field '{name}'{hint}", key=True))
        else:
            s = text[name]
            if isinstance(s, tuple) and s[0] == "model":
                value, more = _extra_field_problems(doc, s[1], value, here)
                problems += more
            elif isinstance(s, tuple) and s[0] == "list" and isinstance(s[1], tuple) and s[1][0] == "model":
                part = s[1][1]
                if key_of(part) and isinstance(value, dict):
                    fixed = {}
                    only = list(text_fields(part))
                    for k, v in value.items():
                        if isinstance(v, str) and len(only) == 1:
                            v = {only[0]: v}  # shorthand: `answer-id: label`
                        fixed[k], more = _extra_field_problems(doc, part, v, here + (k,))
                        problems += more
                    value = fixed
                elif isinstance(value, list):
                    fixed = []
                    for i, v in enumerate(value):
                        v, more = _extra_field_problems(doc, part, v, here + (i,))
                        fixed.append(v)
                        problems += more
                    value = fixed
            out[name] = value
    return out, problems


def _compare(doc: Document, original: BaseModel, tr: BaseModel, path=()) -> list[Problem]:
    """A translation gives every text the original has, in the original's shape."""
    problems = []
    for name, s in text_fields(type(original)).items():
        want, got = getattr(original, name), getattr(tr, name)
        here = path + (name,)
        if want in (None, [], {}):
            if got not in (None, [], {}):
                problems.append(doc.problem(here, f"the original has no '{name}'; leave it out", key=True))
            continue
        if got is None and name in FREE_LISTS:
            continue
        if got is None:
            problems.append(Problem(doc.name, *doc.where(path), format_field(here), f"missing: translate '{name}' too (the original has it)"))
            continue
        if not isinstance(s, tuple):
            continue
        kind, inner = s
        if kind == "model":
            problems += _compare(doc, want, got, here)
        elif kind == "dict":
            problems += _keys(doc, here, list(want), list(got), "entry")
        elif kind == "list" and isinstance(inner, tuple) and inner[0] == "model" and key_of(inner[1]):
            key = key_of(inner[1])
            by_key = {getattr(p, key): p for p in want}
            problems += _keys(doc, here, list(by_key), list(got), key)
            for k, part in got.items():
                if k in by_key:
                    problems += _compare(doc, by_key[k], part, here + (k,))
        elif kind == "list" and name not in FREE_LISTS:
            if len(got) != len(want):
                problems.append(doc.problem(here, f"has {len(got)} entr{'y' if len(got) == 1 else 'ies'}; the original has {len(want)} (translate each one, in the same order)"))
            elif isinstance(inner, tuple) and inner[0] == "model":
                for i, (w, g) in enumerate(zip(want, got)):
                    problems += _compare(doc, w, g, here + (i,))
    return problems


def _keys(doc: Document, path, want: list[str], got: list[str], what: str) -> list[Problem]:
    problems = []
    for k in got:
        if k not in want:
            problems.append(doc.problem(path + (k,), f"the original has no {what} '{k}'{did_you_mean(k, want)}", key=True))
    missing = [k for k in want if k not in got]
    if missing:
        problems.append(doc.problem(path, f"missing: {', '.join(repr(k) for k in missing)} (the original has {'it' if len(missing) == 1 else 'them'})", key=True))
    return problems


def _placeholders(doc: Document, original: models.Template, tr) -> list[Problem]:
    """A translated email keeps the original's {placeholders}, each where it was."""
    problems = []
    pairs = [(("subject",), original.subject, tr.subject)]
    pairs += [(("body", i, "text"), p.text, t.text) for i, (p, t) in enumerate(zip(original.body, tr.body or [])) if t.text]
    for path, want, got in pairs:
        if got is None:
            continue
        w = sorted({m.group(1) for m in models.PLACEHOLDER.finditer(want)})
        g = sorted({m.group(1) for m in models.PLACEHOLDER.finditer(got)})
        for name in w:
            if name not in g:
                problems.append(doc.problem(path, f"the placeholder '{{{name}}}' of the original is missing; keep it as it is (do not translate what is inside the braces)"))
        for name in g:
            if name not in w:
                problems.append(doc.problem(path, f"placeholder '{{{name}}}' is not in the original{did_you_mean(name, w)}"))
    return problems


# ----------------------------------------------------------------------------- apply
def merge(original: BaseModel, tr: BaseModel) -> BaseModel:
    """The original with the translation's text put in."""
    return type(original).model_validate(_merge_data(original, tr))


def _merge_data(original: BaseModel, tr: BaseModel | None) -> dict:
    data = {name: getattr(original, name) for name in type(original).model_fields}
    if tr is None:
        return {k: (v.model_dump() if isinstance(v, BaseModel) else [x.model_dump() if isinstance(x, BaseModel) else x for x in v] if isinstance(v, list) else v) for k, v in data.items()}
    out = {}
    for name, value in data.items():
        s = text_fields(type(original)).get(name)
        got = getattr(tr, name, None) if s is not None else None
        if got is None or s is None:
            out[name] = _dump(value)
            continue
        kind, inner = s if isinstance(s, tuple) else ("leaf", None)
        if kind == "leaf":
            out[name] = got
        elif kind == "model":
            out[name] = _merge_data(value, got)
        elif kind == "dict":
            out[name] = {k: got.get(k, v) for k, v in value.items()}
        elif isinstance(inner, tuple) and inner[0] == "model":
            key = key_of(inner[1])
            if key:
                out[name] = [_merge_data(p, got.get(getattr(p, key))) for p in value]
            else:
                out[name] = [_merge_data(p, g) for p, g in zip(value, got)]
        else:
            out[name] = list(got)
    return out


def _dump(value):
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


# ----------------------------------------------------------------------------- loading
@dataclass
class Language:
    """One language's translated content for an edition."""

    language: str
    #: (kind, id) or FINDER -> the translated model (applied: fresh translations only)
    items: dict[tuple[str, str], BaseModel] = field(default_factory=dict)
    #: (kind, id) or FINDER -> where its translation file is
    files: dict[tuple[str, str], Path] = field(default_factory=dict)
    translated: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"translated": len(self.translated), "stale": len(self.stale), "missing": len(self.missing)}


def roots_of(content: Path, office=None) -> list[Path]:
    """Translation folders, the office's last (it wins)."""
    roots = [Path(content) / FOLDER]
    if office is not None and getattr(office, "content", None):
        roots.append(Path(office.content) / FOLDER)
    return roots


def discover(roots: list[Path]) -> list[str]:
    """Languages that have a translations folder."""
    found = set()
    for root in roots:
        if root.is_dir():
            found |= {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    return sorted(found)


def _files(roots: list[Path], language: str, problems: list[Problem]) -> dict[tuple[str, str], Path]:
    files = {}
    for root in roots:
        folder = root / language
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.name == "finder.yml":
                files[FINDER] = entry
            elif entry.is_dir() and entry.name in models.KINDS:
                for path in sorted(entry.iterdir()):
                    if path.name.startswith("."):
                        continue
                    if path.suffix != ".yml" or not path.is_file():
                        problems.append(Problem(display_path(path), 1, 1, "", "not a translation file: translations are '<id>.yml' files, named like the original"))
                    else:
                        files[(entry.name, path.stem)] = path
            else:
                allowed = sorted(models.KINDS) + ["finder.yml"]
                problems.append(Problem(display_path(entry), 1, 1, "", f"unexpected {'folder' if entry.is_dir() else 'file'} in a translations folder{did_you_mean(entry.name, allowed)}; expected: {', '.join(allowed)}"))
    return files


def load_language(kb: KnowledgeBase, roots: list[Path], language: str, problems: list[Problem]) -> Language:
    """Validate a language's translation files against the edition's originals."""
    result = Language(language)
    hidden = kb.hidden
    originals: dict[tuple[str, str], BaseModel] = {(k, i): item for k, items in kb.items.items() for i, item in items.items()}
    if kb.finder is not None:
        originals[FINDER] = kb.finder_full or kb.finder
    for key, path in sorted(_files(roots, language, problems).items()):
        if key in hidden:
            continue
        original = originals.get(key)
        doc, found = load(path)
        problems.extend(found)
        if found or doc.data is None:
            continue
        if original is None and key == FINDER:
            problems.append(Problem(doc.name, 1, 1, "", "this edition has no finder.yml to translate"))
            continue
        if original is None:
            problems.append(Problem(doc.name, 1, 1, "", f"no {models.KINDS[key[0]].singular} '{key[1]}' to translate{did_you_mean(key[1], kb.items.get(key[0], {}))}: a translation has the same file name as its original"))
            continue
        model = type(original)
        result.files[key] = path
        data, found = _extra_field_problems(doc, model, doc.data)
        problems.extend(found)
        derived = translation_model(model, root=True)
        try:
            tr = derived.model_validate(data)
        except ValidationError as exc:
            problems.extend(model_problems(doc, derived, exc))
            continue
        if tr.source_hash != fingerprint(original):
            result.stale.append(key)
            continue
        more = _compare(doc, original, tr)
        if isinstance(original, models.Template):
            more += _placeholders(doc, original, tr)
        if more or found:
            problems.extend(more)
            continue
        try:  # the original's own limits (lengths, ...) hold for its translation
            merge(original, tr) if key != FINDER else _merge_finder(original, tr)
        except ValidationError as exc:
            problems.extend(model_problems(doc, type(original), exc))
            continue
        result.items[key] = tr
        result.translated.append(key)
    result.missing = sorted(k for k in originals if k not in result.files)
    return result


def load_all(kb: KnowledgeBase, roots: list[Path], languages: list[str] | None = None) -> dict[str, Language]:
    """Every language's translations (or only `languages`); raises ContentError with every problem."""
    problems: list[Problem] = []
    out = {}
    for language in languages if languages is not None else discover(roots):
        out[language] = load_language(kb, roots, language, problems)
    if problems:
        raise ContentError(sorted(set(problems)))
    return out


def apply(kb: KnowledgeBase, lang: Language | None) -> tuple[KnowledgeBase, set[tuple[str, str]]]:
    """A copy of the knowledge base with the language's text put in, and the keys translated."""
    if lang is None or not lang.items:
        return kb, set()
    items = {kind: dict(entries) for kind, entries in kb.items.items()}
    done = set()
    for key, tr in lang.items.items():
        if key == FINDER:
            continue
        kind, item_id = key
        if item_id in items.get(kind, {}):
            items[kind][item_id] = merge(items[kind][item_id], tr)
            done.add(key)
    finder = kb.finder
    if FINDER in lang.items and finder is not None:
        finder = _merge_finder(finder, lang.items[FINDER])
        done.add(FINDER)
    return dataclasses.replace(kb, items=items, finder=finder), done


def _merge_finder(finder: models.Finder, tr) -> models.Finder:
    """The finder (maybe pruned by an office's hide list) with translated text."""
    questions = tr.questions or {}
    out = []
    for q in finder.questions:
        t = questions.get(q.id)
        out.append(merge(q, t) if t is not None else q)
    return finder.model_copy(update={"intro": tr.intro or finder.intro, "questions": out})


# ----------------------------------------------------------------------------- report
def _name(key) -> str:
    return "finder" if key == FINDER else f"{key[0]}/{key[1]}"


def report(langs: dict[str, Language], *, verbose: bool = True) -> str:
    """The per-language status, for the terminal."""
    if not langs:
        return "Translations: none (add content/translations/<lang>/...; see README.md, \"Languages\")."
    lines = []
    for language, lang in sorted(langs.items()):
        total = len(lang.translated) + len(lang.stale) + len(lang.missing)
        lines.append(f"Translations ({language}): {len(lang.translated)} of {total} translated, {len(lang.stale)} stale, {len(lang.missing)} missing")
        if verbose and lang.translated:
            lines.append("  translated: " + ", ".join(_name(k) for k in sorted(lang.translated)))
        for key in sorted(lang.stale):  # stale ones are always listed: someone has to act
            lines.append(f"  stale: {_name(key)} ({display_path(lang.files[key])}): the original changed after it was translated; update the text, then its source_hash")
        if not verbose:
            continue
        if lang.missing:
            by_kind: dict[str, list[str]] = {}
            for key in lang.missing:
                by_kind.setdefault("finder" if key == FINDER else key[0], []).append("" if key == FINDER else key[1])
            for kind, ids in sorted(by_kind.items()):
                lines.append(f"  missing {kind}: " + (", ".join(i for i in ids if i) or "finder.yml"))
    return "\n".join(lines)


def build_report(kb: KnowledgeBase, language: str | None = None) -> str:
    """The short report a build prints: counts per language (only `language`
    when given), and every stale translation."""
    langs = kb.translations if language is None else {language: kb.translations.get(language) or Language(language, missing=sorted(_all_keys(kb)))}
    return report(langs, verbose=False) if langs else ""


def _all_keys(kb: KnowledgeBase) -> list[tuple[str, str]]:
    keys = [(k, i) for k, items in kb.items.items() for i in items]
    return keys + ([FINDER] if kb.finder is not None else [])


def hashes(kb: KnowledgeBase) -> dict[str, str]:
    """'kind/id' -> the fingerprint a translation of it must carry today."""
    out = {f"{k}/{i}": fingerprint(item) for k, items in kb.items.items() for i, item in sorted(items.items())}
    if kb.finder is not None:
        out["finder"] = fingerprint(kb.finder_full or kb.finder)
    return out


__all__ = ["Language", "apply", "build_report", "discover", "fingerprint", "load_all", "report", "roots_of", "translation_model", "hashes"]
