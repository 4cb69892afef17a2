"""The README's commands, run in the order a newcomer reads them, in a clean copy of the repository.

Every shell command in the README is found here; a command added to it fails
`test_every_readme_command_is_accounted_for` until this file says how it is checked:
- `make serve` runs until stopped: it is started, the site it serves is fetched, and it is stopped;
  the GitHub workflow's validate job then runs its steps, as written, in the environment it made
  (the same install, word for word), and last the built wheel replaces the checkout there and
  starts a site of its own (tests/test_packaging.py), which saves this run two fresh installs;
- `make test` is the command `.ci/run` runs, so CI runs it on every change (running it here
  would run this test inside itself);
- the Zensical steps are run as written by tests/test_engines.py;
- `pip install 'mkdocs-casebook[pagefind]'` installs from the package index; the `site` extra
  the workflow installs brings the same Pagefind (tests/test_workflow.py);
- the `office` extra is part of the `test` extra, and tests/test_office.py runs `casebook export
  module` as written (into a folder of its own) and builds without the extra.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import QUICK_INSTALL, ROOT, repository_copy
from test_packaging import the_built_wheel_starts_a_new_site
from test_workflow import run_validate_job

#: The shell commands of the README, in order, and where each is checked.
CHECKED = {
    "make serve": "here",
    "make test": ".ci/run",
    '.venv/bin/casebook new "A short, specific title" --verdict bad': "here",
    ".venv/bin/casebook validate": "here",
    "pip install 'mkdocs-casebook[office]'": "tests/test_office.py",
    "casebook export module keeping-promises --format docx": "tests/test_office.py",
    "pip install 'mkdocs-casebook[pagefind]'": "tests/test_workflow.py",
    "pip install mkdocs-casebook zensical": "tests/test_engines.py",
    "casebook render docs --update-config": "tests/test_engines.py",
    "zensical build": "tests/test_engines.py",
    "pip install mkdocs-casebook mkdocs-material": "tests/test_engines.py",
    "casebook render docs --update-config --engine mkdocs": "tests/test_engines.py",
    "mkdocs build": "tests/test_engines.py",
}

COMMAND = re.compile(r"^    ((?:make|pip|casebook|zensical|mkdocs|\.venv/bin/)\S*.*?)\s*(?:#.*)?$")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [m.group(1) for line in text.splitlines() if (m := COMMAND.match(line))]


def test_every_readme_command_is_accounted_for():
    assert readme_commands() == list(CHECKED)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "the Zensical steps: tests/test_engines.py runs them as written" in readme
    assert "the MkDocs steps: tests/test_engines.py runs them as written" in readme


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow(seconds=65)
def test_the_readme_the_workflow_and_the_wheel_from_a_clean_copy(tmp_path):
    work = repository_copy(tmp_path / "repo")
    env = {**os.environ, "PATH": "/usr/bin:/bin", "NO_COLOR": "1", **QUICK_INSTALL}
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    run = [c for c, where in CHECKED.items() if where == "here"]
    assert run[0] == "make serve"
    # `make serve` makes the virtual environment, builds the site and serves it until stopped. The
    # README names port 8000; the test asks for a free one, so that it never meets another server.
    port = free_port()
    serve = subprocess.Popen(["make", "serve", f"MKDOCS_SERVE_ARGS=-a 127.0.0.1:{port}"], cwd=work, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline, page = time.monotonic() + 300, ""
        while time.monotonic() < deadline and serve.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cases/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "Ozzy" in page, serve.stdout.read() if serve.poll() is not None else "make serve served nothing"
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        output = serve.communicate(timeout=60)[0]
    assert "Traceback" not in output, output[-3000:]
    # The GitHub workflow's validate job, its steps as written, in the environment just made.
    run_validate_job(work, work / ".venv")
    # Then a new case, and the check that lists everything left to fill in, each at its place.
    new = subprocess.run(shlex.split(run[1]), cwd=work, env=env, capture_output=True, text=True)
    assert new.returncode == 0, new.stderr
    assert (work / "cases" / "a-short-specific-title.yml").is_file()
    check = subprocess.run(shlex.split(run[2]), cwd=work, env=env, capture_output=True, text=True)
    assert check.returncode == 1  # the new file's TODOs are still to fill in
    assert re.search(r"^cases/a-short-specific-title\.yml:\d+:\d+: error: .*TODO", check.stdout, re.M), check.stdout
    assert "Traceback" not in check.stderr
    # Last, the built wheel in place of the checkout, starting a site of its own.
    the_built_wheel_starts_a_new_site(tmp_path, work, work / ".venv", env)
