"""What a first-time contributor relies on: the field reference, pre-commit, and the PR workflow."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from casebook import schema
from conftest import ROOT, read


def test_contributing_page_documents_every_field(site):
    page = BeautifulSoup(read(site, "contributing/index.html"), "html.parser").select_one("article")
    tables = {}
    for heading in page.find_all("h3"):
        table = heading.find_next_sibling("table")
        tables[heading.get_text(strip=True).rstrip("¶")] = {
            row.find("td").get_text(strip=True): row.get_text(" ", strip=True) for row in table.select("tbody tr")
        }
    for record in (r for top in schema.RECORDS.values() for r in schema.nested_records(top)):
        rows = tables[record.name.capitalize()]
        assert list(rows) == [f.name for f in record.fields]
    assert "social-media" in tables["Case"]["channels"]
    assert "yes" in tables["Case"]["title"].split()
    assert "followed" in tables["Lesson link"]["stance"]


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "casebook-validate")
    assert hook["entry"] == "casebook validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = config["repos"][0]["hooks"][0]
    assert local["id"] == hook["id"] and local["files"] == hook["files"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hook_runs_and_fails_on_a_bad_case(tmp_path):
    """`pre-commit try-repo` installs this repository's hook as any other repository would."""
    pre_commit = [sys.executable, "-m", "pre_commit"]
    work = tmp_path / "contrib"
    shutil.copytree(ROOT / "cases", work / "cases")
    (work / "schema").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    ok = subprocess.run(pre_commit + ["try-repo", str(ROOT), "casebook-validate", "--all-files"],
                        cwd=work, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    case = work / "cases" / "title-9-refunds-entry-fees.yml"
    case.write_text(case.read_text().replace("verdict: good", "verdict: great"))
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    bad = subprocess.run(pre_commit + ["try-repo", str(ROOT), "casebook-validate", "--all-files"],
                         cwd=work, capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert "cases/title-9-refunds-entry-fees.yml:" in bad.stdout
    assert "unknown verdict 'great'" in bad.stdout


def test_workflow_validates_pull_requests_and_deploys_main():
    workflow = yaml.load((ROOT / ".github" / "workflows" / "casebook.yml").read_text(), Loader=yaml.BaseLoader)
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    steps = [s.get("run", "") for s in workflow["jobs"]["validate"]["steps"]]
    assert "casebook validate --format github" in steps
    assert "mkdocs build --strict" in steps
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])

