"""The "What did they mean?" page (/decoder/): every signal of the knowledge base
as a phrasebook (works without JavaScript), plus the same signals as data for
docs/javascripts/decoder.js, which reads a pasted email against them.

How a situation is ranked (decoder.js does the sums; the data says what counts):
each recognised signal adds its strength (strong 3, medium 2, weak 1) to its own
item. A reason's signal also adds to the situations that list that reason: in
full where it is listed first, a quarter where second, less further down. Only
situations with signals of their own are ranked.
"""
from __future__ import annotations

import json

from . import models
from .markup import attr

STRENGTH = {"strong": 3, "medium": 2, "weak": 1}


def _signals(kind: str, item_id: str, item) -> list[dict]:
    return [
        {
            "kind": kind,
            "id": item_id,
            "phrases": [s.phrase, *s.variants],
            "means": s.means or item.summary,
            "weight": STRENGTH[s.strength],
        }
        for s in item.signals
    ]


def decoder_data(kb) -> dict:
    """What the page script needs, and the phrasebook's groups."""
    signals: list[dict] = []
    groups: dict[str, list] = {"reasons": [], "scenarios": []}
    for kind in ("reasons", "scenarios"):
        for item_id, item in sorted(kb.items[kind].items(), key=lambda kv: kv[1].title.lower()):
            if item.signals:
                signals += _signals(kind, item_id, item)
                groups[kind].append((item_id, item))
    ranked = {sid for sid, _ in groups["scenarios"]}
    scenarios = {}
    for sid, s in kb.items["scenarios"].items():
        if sid not in ranked:
            continue
        template = s.templates[0]
        fields = [f.name for f in kb.items["templates"][template].fields]
        scenarios[sid] = {
            "title": s.title,
            "summary": s.summary,
            "reasons": list(s.reasons),
            "template": template,
            "prefill": {k: v for k, v in s.prefill.items() if k in fields},
        }
    templates = {
        tid: {"title": kb.items["templates"][tid].title, "fields": [f.name for f in kb.items["templates"][tid].fields]}
        for tid in sorted({s["template"] for s in scenarios.values()})
    }
    reasons = {rid: {"title": r.title} for rid, r in kb.items["reasons"].items() if r.signals}
    data = {
        "filler": sorted(models.SIGNAL_FILLER),
        "signals": signals,
        "scenarios": scenarios,
        "reasons": reasons,
        "templates": templates,
    }
    # The situations that list each reason, for the phrasebook's links.
    leads_to = {rid: kb.referrers("reasons", rid, "scenarios") for rid, _ in groups["reasons"]}
    return {
        "payload": attr(json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
        "reason_groups": groups["reasons"],
        "scenario_groups": groups["scenarios"],
        "leads_to": leads_to,
        "reply": {sid: s["template"] for sid, s in scenarios.items()},
    }


def decoder_page(renderer) -> str:
    return renderer.env.get_template("decoder.md.j2").render(**decoder_data(renderer.kb))
