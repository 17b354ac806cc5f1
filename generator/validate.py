"""Validate: a content folder (and an office's overlay and hide list) -> a
knowledge base of valid items, or every problem found at once."""
from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import models
from .kb import KnowledgeBase
from .link import prune_finder
from .markup import links
from .pages import site_pages
from .parallel import map_chunks
from .load import Document, load
from .problems import ContentError, Problem, did_you_mean, display_path, format_field, shorten

OTHER_FILES = {"sources.yml", "finder.yml", "COVERAGE.md", "LICENSE", "README.md", "translations"}
BODY_WORD_LIMIT = 150
_TYPE_NAMES = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping (field: value)",
    "model_type": "a mapping (field: value)",
    "model_attributes_type": "a mapping (field: value)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _field_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that holds the last field of `loc` (for did-you-mean on unknown fields)."""
    current: object = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = info.annotation
        for _ in range(3):  # unwrap list[X] / X | None
            args = getattr(current, "__args__", None)
            if args:
                current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), args[0])
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _comment_hint(doc: Document, loc: tuple) -> str:
    """An empty value whose line goes on with '#': YAML read the rest as a comment."""
    line = doc.line(doc.where(loc, key=True)[0])
    match = re.match(r"\s*(?:-\s+)?([\w-]+):\s+(#\S*)", line)
    if not match:
        return ""
    return f"; YAML reads everything after ' #' as a comment: put the value in quotes, like {match.group(1)}: \"{match.group(2)}\""


def model_problems(doc: Document, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in ("str", "function-after[_plain(), constrained-str]"))
        kind, inp, ctx = err["type"], err.get("input"), err.get("ctx") or {}
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            problems.append(doc.problem(loc, f"'{loc[-1]}' is not a valid name: use lower-case letters, digits and '_'", key=True))
            continue
        if kind == "missing":
            parent = doc.where(loc[:-1])
            problems.append(Problem(doc.name, *parent, format_field(loc), "required field is missing"))
        elif kind == "extra_forbidden":
            holder = _field_model(model, loc)
            allowed = sorted(holder.model_fields) if holder else []
            hint = did_you_mean(loc[-1], allowed) or (f"; allowed fields: {', '.join(allowed)}" if allowed else "")
            problems.append(doc.problem(loc, f"unknown field '{loc[-1]}'{hint}", key=True))
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
            choices = ", ".join(f"'{e}'" for e in expected)
            hint = did_you_mean(inp, expected) if isinstance(inp, str) else ""
            problems.append(doc.problem(loc, f"'{shorten(inp)}' is not allowed{hint}; use one of {choices}"))
        elif kind == "string_pattern_mismatch":
            template = models.PATTERN_HELP.get(ctx.get("pattern", ""), "'{value}' is not in the expected form")
            problems.append(doc.problem(loc, template.format(value=shorten(inp))))
        elif kind == "too_short":
            n = ctx.get("min_length", 1)
            problems.append(doc.problem(loc, f"needs at least {n} entr{'y' if n == 1 else 'ies'}"))
        elif kind == "string_too_short":
            problems.append(doc.problem(loc, "must not be empty"))
        elif kind == "string_too_long":
            problems.append(doc.problem(loc, f"is too long ({len(inp)} characters; at most {ctx.get('max_length')})"))
        elif kind == "value_error":
            problems.append(doc.problem(loc, str(ctx.get("error", err["msg"]))))
        elif kind in _TYPE_NAMES:
            problems.append(doc.problem(loc, f"expected {_TYPE_NAMES[kind]}, got {_describe(inp)}{_comment_hint(doc, loc) if inp is None else ''}"))
        else:
            problems.append(doc.problem(loc, err["msg"]))
    return problems


def _holds(model: type[BaseModel]) -> str:
    """What an empty file of this model should hold, for its message."""
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    owner = "the item's" if issubclass(model, models.Item) else f"{getattr(model, 'owner', 'its')}"
    return f"{owner} fields ({', '.join(required[:3])}{', ...' if len(required) > 3 else ''})"


def load_model(path: Path, model: type[BaseModel], problems: list[Problem]):
    return validate_model(*load(path, holds=_holds(model)), model, problems)


def _load_files(jobs) -> list:
    return [load(path, holds=holds) for path, holds in jobs]


def validate_model(doc: Document, found: list[Problem], model: type[BaseModel], problems: list[Problem]):
    """The file's model, or None (its problems added to `problems`)."""
    problems.extend(found)
    if found or doc.data is None:
        return doc, None
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(model_problems(doc, model, exc))
        return doc, None


def _check_template(doc: Document, t: models.Template) -> list[Problem]:
    problems = []
    names = [f.name for f in t.fields]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(doc.problem(("fields", i, "name"), f"field '{name}' is declared twice"))
    texts = [(("subject",), t.subject)] + [(("body", i, "text"), p.text) for i, p in enumerate(t.body)]
    used = set()
    for path, text in texts:
        for m in models.PLACEHOLDER.finditer(text):
            used.add(m.group(1))
            if m.group(1) not in names:
                problems.append(doc.problem(path, f"placeholder '{{{m.group(1)}}}' is not a field{did_you_mean(m.group(1), names)}"))
        stray = models.PLACEHOLDER.sub("", text)
        if "{" in stray or "}" in stray:
            problems.append(doc.problem(path, "unmatched '{' or '}': write placeholders as {field_name}"))
    for i, name in enumerate(names):
        if name not in used and name != t.recipient:
            problems.append(doc.problem(("fields", i, "name"), f"field '{name}' is not used in the subject or body (nor as the recipient)"))
    if t.recipient and t.recipient not in names:
        problems.append(doc.problem(("recipient",), f"no field '{t.recipient}'{did_you_mean(t.recipient, names)}"))
    options, tones = [o.id for o in t.options], [x.id for x in t.tones]
    for what, ids in (("options", options), ("tones", tones)):
        for i, x in enumerate(ids):
            if x in ids[:i]:
                problems.append(doc.problem((what, i, "id"), f"'{x}' is declared twice"))
    for i, part in enumerate(t.body):
        if part.option and part.option not in options:
            problems.append(doc.problem(("body", i, "option"), f"no option '{part.option}'{did_you_mean(part.option, options)}"))
        if part.tone and part.tone not in tones:
            problems.append(doc.problem(("body", i, "tone"), f"no tone '{part.tone}'{did_you_mean(part.tone, tones)}"))
    for tone in tones or [None]:
        words = len(" ".join(models.render_body(t, tone=tone, options=set(options), values=None)).split())
        if words >= BODY_WORD_LIMIT:
            which = f" with the '{tone}' tone" if tone else ""
            problems.append(doc.problem(("body",), f"the email is {words} words long{which} (all options on); keep it under {BODY_WORD_LIMIT}"))
    return problems


#: Words of a safety line (emergency, crisis, self-harm): shown in the support
#: box, never as a step to tick off.
SAFETY_WORDS = re.compile(r"\b(emergency|crisis|harm yourself|self-harm|suicid\w*|in danger|unsafe)\b", re.IGNORECASE)


def _check_steps(doc: Document, s: models.Scenario) -> list[Problem]:
    """A step names only this scenario's own emails, and no step is a safety line."""
    problems = []
    for stage in ("today", "this_week", "before_next_interview"):
        for i, step in enumerate(getattr(s.steps, stage)):
            if step.email and step.email not in s.templates:
                problems.append(doc.problem(("steps", stage, i, "email"), f"'{step.email}' is not one of this scenario's templates ({', '.join(s.templates)}); add it to `templates` first"))
            if SAFETY_WORDS.search(step.text):
                problems.append(doc.problem(("steps", stage, i), "looks like a safety line: it must never be a step to tick off; set `wellbeing: true`, which shows the support box with what to do in an emergency"))
    return problems


def _content_files(root: Path, problems: list[Problem], *, overlay: bool) -> dict[tuple[str, str], Path]:
    """(kind, id) -> file for one content folder, reporting files that do not belong."""
    files: dict[tuple[str, str], Path] = {}
    allowed = OTHER_FILES | set(models.KINDS)
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in allowed:
            continue
        hint = did_you_mean(entry.name, sorted(allowed))
        problems.append(Problem(display_path(entry), 1, 1, "", f"unexpected {'folder' if entry.is_dir() else 'file'} in the content folder{hint}"))
    for kind in models.KINDS:
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_symlink() and not path.exists():
                problems.append(Problem(display_path(path), 1, 1, "", f"broken link: it points to '{os.readlink(path)}', which does not exist"))
                continue
            if path.suffix != ".yml" or not path.is_file():
                hint = " (rename it to end in .yml)" if path.suffix == ".yaml" else ""
                problems.append(Problem(display_path(path), 1, 1, "", f"not a content file: items are '<id>.yml' files{hint}"))
                continue
            files[(kind, path.stem)] = path
    return files


def validate(root: Path, office=None) -> tuple[KnowledgeBase, set[tuple[str, str]]]:
    """Load and validate every file under `root` (plus an office's overlay and hide list).

    Returns the knowledge base and the (kind, id) pairs the office hides; raises
    ContentError listing every problem. An office's `content/` folder adds
    items, or replaces items with the same id; its `hide:` list leaves items out.
    """
    root = Path(root)
    kb = KnowledgeBase(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(display_path(root), 1, 1, "", "content folder not found")])
    roots = [root] + ([office.content] if office is not None and office.content else [])

    files: dict[tuple[str, str], Path] = {}
    for folder in roots:
        files.update(_content_files(folder, problems, overlay=folder is not root))

    sources_found = sources_broken = False
    for folder in roots:
        sources_path = folder / "sources.yml"
        if sources_path.is_file():
            sources_found = True
            _, parsed = load_model(sources_path, models.SourcesFile, problems)
            if parsed:
                kb.sources.update(parsed.sources)
            else:
                sources_broken = True
    if not sources_found:
        sources_broken = True
        problems.append(Problem(display_path(root / "sources.yml"), 1, 1, "", "missing: list the cited articles here"))

    # Reading the files is most of the work: shared out over the machine's cores.
    jobs = sorted(files.items())
    holds = {kind: _holds(model) for kind, model in models.KINDS.items()}
    loaded = [doc for chunk in map_chunks(_load_files, [(path, holds[kind]) for (kind, _), path in jobs]) for doc in chunk]
    for ((kind, item_id), path), (doc, found) in zip(jobs, loaded):
        doc, item = validate_model(doc, found, models.KINDS[kind], problems)
        if not re.match(models.SLUG, item_id):
            suggestion = re.sub(r"[^a-z0-9]+", "-", item_id.lower()).strip("-") or "my-item"
            problems.append(Problem(doc.name, 1, 1, "", f"'{item_id}' is not a valid id (the file name): use lower-case words joined by hyphens, like '{suggestion}.yml'"))
            continue
        if item_id in models.RESERVED_IDS:
            problems.append(Problem(doc.name, 1, 1, "", f"'{item_id}' is a reserved name ({models.RESERVED_IDS[item_id]}); rename the file, like '{item_id}-1.yml'"))
            continue
        kb.docs[(kind, item_id)] = doc
        if item is not None:
            kb.items[kind][item_id] = item
    # Every file that parsed has its references checked, even if other fields
    # are wrong, and ids of files with errors still count as existing, so one
    # typo gives one message.
    known = {kind: {i for (k, i) in kb.docs if k == kind} for kind in models.KINDS}
    for (kind, item_id), doc in kb.docs.items():
        if isinstance(doc.data, dict):
            problems.extend(_check_refs(kb, kind, item_id, doc, known, check_sources=not sources_broken))
        item = kb.items[kind].get(item_id)
        for i, tag in enumerate(item.tags if item is not None else []):
            if tag[:1].islower():
                problems.append(doc.problem(("tags", i), f"write tags in sentence case, like '{tag[:1].upper() + tag[1:]}'"))
        if isinstance(item, models.Template):
            problems.extend(_check_template(doc, item))
        if isinstance(item, models.Scenario):
            fields = {f.name for t in item.templates if t in kb.items["templates"] for f in kb.items["templates"][t].fields}
            for key in item.prefill:
                if key not in fields and all(t in kb.items["templates"] for t in item.templates):
                    problems.append(doc.problem(("prefill", key), f"none of this scenario's templates has a field '{key}'{did_you_mean(key, fields)}", key=True))
            problems.extend(_check_steps(doc, item))

    pages = site_pages(known, [p.name for p in office.pages] if office is not None else [])
    for kind, items in kb.items.items():
        for item_id, item in sorted(items.items()):
            problems.extend(check_page_links(kb.docs[(kind, item_id)], item, pages))
    for page in office.pages if office is not None else []:
        problems.extend(_check_office_page_links(page, pages))

    finder_path = next((f / "finder.yml" for f in reversed(roots) if (f / "finder.yml").is_file()), None)
    if finder_path:
        kb.finder_doc, kb.finder = load_model(finder_path, models.Finder, problems)
    else:
        problems.append(Problem(display_path(root / "finder.yml"), 1, 1, "", "missing: the guided questions of the /finder/ page"))

    hidden: set[tuple[str, str]] = set()
    if office is not None and office.office.hide:
        hidden = _hidden(office, known, problems)
        problems.extend(_check_hide(kb, hidden))
    shown = set(kb.docs_of("scenarios")) - {i for k, i in hidden if k == "scenarios"}
    if not shown and any(k == "scenarios" for k, _ in hidden):
        problems.append(office.doc.problem(("hide",), "every situation is hidden; the site needs at least one (remove one from this list)", key=True))
    elif kb.finder is not None:
        finder = prune_finder(kb.finder, {i for k, i in hidden if k == "scenarios"})
        problems.extend(check_finder(kb.finder_doc, finder, shown))
    problems.extend(check_signals(kb))
    if problems:
        raise ContentError(problems)
    return kb, hidden


def markdown_fields(value, path: tuple = ()):
    """(field path, text) of every Markdown field in a validated model."""
    if isinstance(value, models.MarkdownText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from markdown_fields(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from markdown_fields(v, path + (i,))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from markdown_fields(v, path + (k,))


def check_page_links(doc: Document, item: BaseModel, pages: dict[str, str]) -> list[Problem]:
    """Links in Markdown fields to pages of this site must name a page that exists."""
    problems = []
    for path, value in markdown_fields(item):
        for link in links(value):
            if link.kind == "page" and link.page is not None and link.page not in pages:
                hint = did_you_mean(link.page, [k for k in pages if k])
                problems.append(doc.problem(path, f"the link '{shorten(link.href.strip())}' names no page of this site{hint}; write pages like '../habits/keep-going.md'"))
    return problems


def _check_office_page_links(path: Path, pages: dict[str, str]) -> list[Problem]:
    text = path.read_text(encoding="utf-8")
    problems = []
    for link in links(text, headings=True):
        if link.kind == "page" and link.page is not None and link.page not in pages:
            index = max(text.find(link.href), 0)
            line, column = text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
            hint = did_you_mean(link.page, [k for k in pages if k])
            problems.append(Problem(display_path(path), line, column, "", f"the link '{shorten(link.href.strip())}' names no page of this site{hint}; write pages like '../habits/keep-going.md'"))
    return problems


def _hidden(office, known, problems) -> set[tuple[str, str]]:
    """(kind, id) pairs named by office.yml's `hide:` list."""
    hidden = set()
    for i, entry in enumerate(office.office.hide):
        if not entry:  # malformed: office.yml's own check reports it
            continue
        kind, _, item_id = entry.rpartition("/")
        kinds = [kind] if kind else [k for k in models.KINDS if entry in known[k]]
        matches = [(k, item_id) for k in kinds if item_id in known[k]]
        if not matches:
            everything = {i for ids in known.values() for i in ids}
            problems.append(office.doc.problem(("hide", i), f"no item '{entry}' to hide{did_you_mean(item_id, everything)}"))
        elif len(matches) > 1:
            options = " or ".join(f"'{k}/{item_id}'" for k, _ in matches)
            problems.append(office.doc.problem(("hide", i), f"'{entry}' names more than one item; write {options}"))
        else:
            hidden.add(matches[0])
    return hidden


def _check_hide(kb: KnowledgeBase, hidden: set[tuple[str, str]]) -> list[Problem]:
    """A situation must keep at least one email template."""
    problems = []
    for item_id, item in kb.items["scenarios"].items():
        if ("scenarios", item_id) in hidden or not item.templates:
            continue
        if all(("templates", t) in hidden for t in item.templates):
            problems.append(kb.docs[("scenarios", item_id)].problem(("templates",), "every template of this scenario is hidden by office.yml; keep one, or hide the scenario too"))
    return problems


def check_finder(doc: Document, finder: models.Finder, scenarios: set[str]) -> list[Problem]:
    """The finder is a tree-like flow: no loops, no dead ends, short, and it reaches every situation."""
    problems = []
    questions = {}
    for qi, q in enumerate(finder.questions):
        if q.id in questions:
            problems.append(doc.problem(("questions", qi, "id"), f"question '{q.id}' is defined twice"))
            continue
        questions[q.id] = (qi, q)
        seen = set()
        for ai, a in enumerate(q.answers):
            here = ("questions", qi, "answers", ai)
            if a.id in seen:
                problems.append(doc.problem(here + ("id",), f"answer '{a.id}' is used twice in this question"))
            seen.add(a.id)
            if a.next and a.scenario:
                problems.append(doc.problem(here, "give either 'next' or 'scenario', not both"))
            elif not a.next and not a.scenario:
                problems.append(doc.problem(here, "this answer leads nowhere: give 'next' (a question id) or 'scenario' (a situation id)"))
            elif a.scenario and a.scenario not in scenarios:
                problems.append(doc.problem(here + ("scenario",), f"no scenario '{a.scenario}'{did_you_mean(a.scenario, scenarios)}"))
    for qi, q in enumerate(finder.questions):
        for ai, a in enumerate(q.answers):
            if a.next and a.next not in questions:
                problems.append(doc.problem(("questions", qi, "answers", ai, "next"), f"no question '{a.next}'{did_you_mean(a.next, questions)}"))
    if finder.start not in questions:
        problems.append(doc.problem(("start",), f"no question '{finder.start}'{did_you_mean(finder.start, questions)}"))
    if problems:
        return problems

    reached_questions, reached_scenarios = set(), set()

    def walk(qid: str, path: list[str], reported: bool = False) -> None:
        qi, q = questions[qid]
        reached_questions.add(qid)
        for ai, a in enumerate(q.answers):
            here = ("questions", qi, "answers", ai, "next")
            if a.scenario:
                reached_scenarios.add(a.scenario)
            elif a.next in path + [qid]:
                problems.append(doc.problem(here, f"leads back to question '{a.next}', making a loop"))
            elif len(path) + 2 > models.FINDER_MAX_DEPTH and not reported:
                problems.append(doc.problem(here, f"this path asks more than {models.FINDER_MAX_DEPTH} questions before a situation; make it shorter"))
                walk(a.next, path + [qid], reported=True)
            else:
                walk(a.next, path + [qid], reported)

    walk(finder.start, [])
    for qid, (qi, _) in questions.items():
        if qid not in reached_questions:
            problems.append(doc.problem(("questions", qi, "id"), f"question '{qid}' is never reached from the start question '{finder.start}'"))
    for sid in sorted(scenarios - reached_scenarios):
        problems.append(doc.problem(("questions",), f"no answer leads to the scenario '{sid}'; every situation must be reachable", key=True))
    return sorted(set(problems))


def check_signals(kb: KnowledgeBase) -> list[Problem]:
    """Each wording of a signal points to one item: the same words (in any order,
    filler words aside) may not be given twice, in one item or in two."""
    problems = []
    seen: dict[tuple[str, ...], tuple[str, str, str]] = {}
    root = kb.root.resolve()
    # The main knowledge base first, then an office's overlay: a clash is
    # reported in the file that brought the second wording.
    order = sorted(
        ((kind, item_id, item) for kind, items in kb.items.items() for item_id, item in items.items() if getattr(item, "signals", None)),
        key=lambda t: (not kb.docs[(t[0], t[1])].path.resolve().is_relative_to(root), t[0], t[1]),
    )
    for kind, item_id, item in order:
        for i, signal in enumerate(getattr(item, "signals", [])):
            wordings = [(("signals", i, "phrase"), signal.phrase)]
            wordings += [(("signals", i, "variants", j), v) for j, v in enumerate(signal.variants)]
            for loc, wording in wordings:
                key = tuple(sorted(models.signal_words(wording)))
                if key in seen:
                    other_kind, other_id, other_loc = seen[key]
                    where = f"this item ({other_loc})" if (other_kind, other_id) == (kind, item_id) else f"{other_kind}/{other_id}"
                    problems.append(kb.docs[(kind, item_id)].problem(loc, f"'{shorten(wording)}' is already a signal of {where}; a wording can point to one item only"))
                else:
                    seen[key] = (kind, item_id, format_field(loc))
    return problems


def _id_list(value) -> list[tuple[int, str]]:
    """(index, id) for the well-formed ids in a raw list; malformed entries are the model's to report."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str) and re.match(models.SLUG, v)]


def _check_refs(kb, kind, item_id, doc, known, check_sources=True) -> list[Problem]:
    problems = []
    data = doc.data
    if check_sources:
        for i, src in _id_list(data.get("sources")):
            if src not in kb.sources:
                problems.append(doc.problem(("sources", i), f"no source '{src}' in sources.yml{did_you_mean(src, kb.sources)}"))
    for name, target in models.KINDS[kind].refs.items():
        seen = set()
        for i, ref in _id_list(data.get(name)):
            if ref in seen:
                problems.append(doc.problem((name, i), f"'{ref}' is listed twice"))
            elif target == kind and ref == item_id:
                problems.append(doc.problem((name, i), "an item cannot refer to itself"))
            elif ref not in known[target]:
                problems.append(doc.problem((name, i), f"no {models.KINDS[target].singular} '{ref}'{did_you_mean(ref, known[target])}"))
            seen.add(ref)
    return problems
