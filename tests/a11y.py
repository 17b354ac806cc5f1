"""axe-core (pinned in package.json) run inside the page under test."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Violations of the WCAG A/AA rules on the current page, as axe reports them."""
    assert AXE.exists(), "axe-core is missing: run 'make test' (it runs npm ci)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(n["target"]) for n in v["nodes"][:5]]
        first = v["nodes"][0] if v["nodes"] else {}
        why = next((c.get("message") for c in first.get("any", []) + first.get("all", []) if c.get("message")), "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}; first: {why}")
    return "\n".join(lines)
