"""The deploy workflow passes zizmor, the GitHub Actions auditor, with no finding (issue 11)."""
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--persona=auditor", "--format=json", "--no-progress", str(WORKFLOWS)],
        capture_output=True, text=True, timeout=120,
    )
    findings = json.loads(result.stdout or "[]")
    described = [f"{f['ident']}: {f['desc']}" for f in findings]
    assert findings == [], "\n".join(described) + "\n" + result.stderr
    assert result.returncode == 0, result.stderr


def test_every_action_is_pinned_to_a_commit_and_the_browser_is_the_runners():
    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text())
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses and all(len(u.split("@")[1]) == 40 for u in uses), uses
    test = workflow["jobs"]["test"]
    assert test["env"]["NEXTROUND_CHROMIUM"] == "/usr/bin/google-chrome"
    assert not any("apt-get" in s.get("run", "") for s in test["steps"])
    assert not any("${{" in s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"])
