"""The GitHub workflow a contributor's pull request runs: checked against the published schema for
workflows, its actions pinned, and the validate job's own `run:` steps run as written (by
tests/test_readme.py, in the fresh virtual environment the README's `make serve` makes in a clean
copy of the repository), so that the workflow and the project cannot drift apart."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import yaml

from conftest import QUICK_INSTALL, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "casebook.yml"


def workflow() -> dict:
    # BaseLoader: `on` stays a key, not True
    return yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_the_workflow_passes_the_published_schema_for_workflows():
    checker = shutil.which("check-jsonschema", path=os.path.dirname(sys.executable)) or shutil.which("check-jsonschema")
    result = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails_the_schema_check(tmp_path):
    """The check above can fail: a misspelt key is caught."""
    broken = tmp_path / "casebook.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    checker = shutil.which("check-jsonschema", path=os.path.dirname(sys.executable)) or shutil.which("check-jsonschema")
    result = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_tag_beside_it():
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.M)
    assert len(uses) >= 6
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), (action, comment)


def test_pull_requests_are_validated_previewed_and_main_is_deployed_once_at_a_time():
    flow = workflow()
    assert "pull_request" in flow["on"]
    assert flow["on"]["push"]["branches"] == ["main"]
    validate = flow["jobs"]["validate"]["steps"]
    runs = [s.get("run", "") for s in validate]
    assert "casebook validate --format github" in runs and "mkdocs build --strict" in runs
    setup = next(s for s in validate if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    preview = next(s for s in validate if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site"
    deploy = flow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["concurrency"]["group"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    # The tests run as the README says, in a Debian container where `make test` may install
    # Chromium: no sudo, which would run them with the system's Python.
    test = flow["jobs"]["test"]
    assert [s["run"] for s in test["steps"] if "run" in s] == ["make test"]
    assert "debian" in test["container"] or "bookworm" in test["container"]


def run_validate_job(work, env_dir) -> None:
    """Install, validate and build, each `run:` step of the validate job in order, with its own
    `env`, in the virtual environment `env_dir` of the clean copy `work`, its `python` first on
    the PATH, as setup-python arranges. tests/test_readme.py runs it in the environment the
    README's `make serve` made, whose install the workflow's first step names word for word."""
    env = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}/usr/bin:/bin", "VIRTUAL_ENV": str(env_dir),
           "GITHUB_ACTIONS": "true", **QUICK_INSTALL}
    env.pop("PYTHONPATH", None)
    steps = [s for s in workflow()["jobs"]["validate"]["steps"] if "run" in s]
    assert [s["run"].split()[0] for s in steps] == ["python", "casebook", "mkdocs"]
    # The same install as the Makefile's for `make serve`, so that running the job in the
    # environment `make serve` made hides nothing the job's own install would miss.
    install = steps[0]["run"].replace("python -m pip install ", "")
    assert f"$(BIN)/python -m pip install --quiet {install}\n" in (ROOT / "Makefile").read_text(encoding="utf-8")
    for step in steps:
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, capture_output=True, text=True,
                                env={**env, **step.get("env", {})}, timeout=600)
        assert result.returncode == 0, (step["run"], result.stdout[-3000:], result.stderr[-3000:])
        assert "Traceback" not in result.stderr
    # What the upload steps publish: the whole site, searchable with Pagefind as mkdocs.yml asks.
    site = work / "site"
    assert (site / "index.html").is_file() and (site / "cases" / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    # The casebook ran from that environment, not from the one running the tests.
    shown = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import casebook; print(casebook.__file__)"],
                           capture_output=True, text=True, env=env)
    assert shown.stdout.startswith(str(work)), shown.stdout
