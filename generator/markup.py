"""Author text on its way into a page: plain text made safe for Markdown and HTML
attributes, and front matter. Used by every page writer."""
from __future__ import annotations

import html
import re

import yaml

#: libyaml's emitter where PyYAML has it (about ten times faster; the same output)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_BLOCK_START = re.compile(r"^(\s*\d*)([-+:.)])", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def text(value: str) -> str:
    """Plain text made safe for Markdown: HTML escaped, Markdown punctuation escaped,
    and no line starting a list or definition ("- ", "1. ", ": ")."""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def front_matter(**fields) -> str:
    data = {k: v for k, v in fields.items() if v not in (None, [], {})}
    return "---\n" + yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


