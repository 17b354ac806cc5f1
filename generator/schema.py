"""JSON Schemas for editors, written from the same models that validate content."""
from __future__ import annotations

import json
from pathlib import Path

from . import models

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def schemas() -> dict[str, str]:
    """File name -> JSON text, one schema per kind plus sources.yml."""
    out = {}
    todo = dict(models.KINDS)
    todo["sources"] = models.SourcesFile
    todo["finder"] = models.Finder
    from .office import Office

    todo["office"] = Office
    for name, model in sorted(todo.items()):
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json",
            **schema,
        }
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    # Translation files (content/translations/<lang>/...): their text fields only.
    from .translations import json_schema

    for name, model in sorted({**models.KINDS, "finder": models.Finder}.items()):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"translation-{name}.schema.json", **json_schema(model)}
        out[f"translation-{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def editor_settings(current: dict) -> str:
    """.vscode/settings.json with `yaml.schemas` mapping each content folder to its schema."""
    mapping = {f"./schema/{kind}.schema.json": f"content/{kind}/*.yml" for kind in models.KINDS}
    mapping |= {
        "./schema/sources.schema.json": "content/sources.yml",
        "./schema/finder.schema.json": "content/finder.yml",
        "./schema/office.schema.json": "**/office.yml",
    }
    return json.dumps({**current, "yaml.schemas": mapping}, indent=2) + "\n"


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    settings = folder.parent / ".vscode" / "settings.json"
    current = json.loads(settings.read_text(encoding="utf-8")) if settings.exists() else {}
    text = editor_settings(current)
    if not settings.exists() or settings.read_text(encoding="utf-8") != text:
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(text, encoding="utf-8")
        changed.append(settings)
    for name, text in schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
