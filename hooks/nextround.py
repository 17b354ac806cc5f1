"""MkDocs hook: run the Next Round generator before each build, watch content/.

All the work is in the `generator` package; this file only connects it to
MkDocs, so the generated Markdown also builds with other engines after
`python -m generator build`.

Settings (environment variables, set by the Makefile):
  NEXTROUND_CONTENT  knowledge base folder (default: content/ beside mkdocs.yml)
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.build import generate
from generator.problems import ContentError
from generator.validate import load_knowledge_base

log = logging.getLogger("mkdocs.hooks.nextround")


def _content_dir(config) -> Path:
    base = Path(config.config_file_path).resolve().parent
    return (base / os.environ.get("NEXTROUND_CONTENT", "content")).resolve()


def on_pre_build(config, **kwargs) -> None:
    try:
        kb = load_knowledge_base(_content_dir(config))
    except ContentError as exc:
        raise PluginError("Next Round: the content has problems:\n" + exc.report()) from None
    result = generate(kb, Path(config.docs_dir))
    log.info(f"Next Round: {result}")


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_content_dir(config)))
    return server
