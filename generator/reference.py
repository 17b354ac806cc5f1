"""The authoring reference page, written from the same models that validate content."""
from __future__ import annotations

import typing

from pydantic import BaseModel

from . import models
from .markup import front_matter

INTRO = """Every content file is checked against these fields when the site is built.
The same definitions give the JSON Schemas in `schema/` that your editor uses to
suggest fields and flag mistakes as you type. This page is generated: to change
it, change `generator/models.py`."""


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (list,):
        return f"list of {_type_name(args[0])}"
    if origin in (dict,):
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", bool: "true/false", int: "number"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _table(model: type[BaseModel]) -> list[str]:
    rows = ["| Field | Type | Required | What it is |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        required = "yes" if info.is_required() else "no"
        desc = (info.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {required} | {desc} |")
    return rows


def reference_page() -> str:
    lines = [front_matter(title="Content reference", description="Every field of every kind of content file, generated from the models that validate them.", search={"exclude": True}), "# Content reference", "", INTRO, ""]
    sections = list(models.KINDS.values()) + [models.SourcesFile, models.Source, models.TemplateField, models.TemplateOption, models.TemplateTone, models.BodyPart, models.Steps, models.Step, models.Signal]
    for model in sections:
        lines += [f"## {model.__name__}", "", (model.__doc__ or "").strip().split("\n")[0], ""]
        lines += _table(model) + [""]
    return "\n".join(lines)
