"""What a first-time contributor relies on: the field reference, pre-commit, and the PR workflow."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from casebook.check import schema
from conftest import QUICK_INSTALL, ROOT, read, repository_copy


def test_contributing_page_documents_every_field(site):
    page = BeautifulSoup(read(site, "contributing/index.html"), "html.parser").select_one("article")
    tables = {}
    for heading in page.find_all("h3"):
        table = heading.find_next_sibling(class_="casebook-fields").find("table")
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


@pytest.mark.slow(seconds=20)
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hook_runs_and_fails_on_a_bad_case(tmp_path):
    """Another repository's pre-commit config names this repository's hook, as a contributor's
    would: pre-commit installs it once, then it passes the seed cases and stops a bad one."""
    def git(*args, cwd):
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    # This repository as it stands, uncommitted changes too, committed in a copy (as `try-repo` does).
    hooks = repository_copy(tmp_path / "hooks", commit=True)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, capture_output=True, text=True).stdout.strip()

    work = tmp_path / "contrib"
    shutil.copytree(ROOT / "cases", work / "cases")
    (work / "schema").mkdir()
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: casebook-validate\n")
    git("init", "-q", cwd=work)
    git("add", "-A", cwd=work)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           **QUICK_INSTALL}
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    ok = subprocess.run(pre_commit, cwd=work, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "[INFO] Installing environment" in ok.stdout + ok.stderr
    case = work / "cases" / "title-9-refunds-entry-fees.yml"
    case.write_text(case.read_text().replace("verdict: good", "verdict: great"))
    git("add", "-A", cwd=work)
    bad = subprocess.run(pre_commit, cwd=work, capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert "cases/title-9-refunds-entry-fees.yml:" in bad.stdout
    assert "unknown verdict 'great'" in bad.stdout
    assert "[INFO] Installing environment" not in bad.stdout + bad.stderr  # installed once, by the first run
