"""`mkdocs serve` watches the cases folder: edits show up, errors are shown, fixes recover."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import CASE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    last = (0, "")
    while time.monotonic() < deadline:
        last = fetch(url)
        if predicate(*last):
            return last[1]
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched; last status {last[0]}")


@contextlib.contextmanager
def serving(project, *options: str):
    """`mkdocs serve` of `project` on a free port; yields its base URL, and checks at the end that
    it never printed a traceback."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-f", str(project / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        assert "Traceback" not in output, output


@pytest.fixture
def server(small_project):
    with serving(small_project) as base:
        yield small_project, base


def test_serve_reloads_on_yaml_edit_and_survives_a_broken_case(server):
    project, base = server
    page = f"{base}/cases/shop-cancels/"
    wait_for(page, lambda status, body: status == 200 and "A shop cancels an order by email" in body)
    # Live reload is on: the page carries MkDocs' reload script.
    assert "livereload" in fetch(page)[1]

    case = project / "cases" / "shop-cancels.yml"
    case.write_text(CASE.replace("A shop cancels an order by email", "A shop cancels an order, edited"))
    wait_for(page, lambda status, body: "A shop cancels an order, edited" in body)

    case.write_text(CASE.replace("verdict: bad", "verdict: gud").replace("order, edited", "order, broken"))
    home = wait_for(f"{base}/", lambda status, body: status == 200 and "casebook-problems" in body)
    assert "cases/shop-cancels.yml:3:10" in home and "unknown verdict" in home
    # The case's page is its last version that loaded, under the problem and a note saying so;
    # the cases index still lists it, under the problem too.
    body = wait_for(page, lambda status, body: status == 200 and "casebook-stale" in body)
    assert "A shop cancels an order, edited" in body and "order, broken" not in body
    assert "cases/shop-cancels.yml:3:10" in body and "last version of <code>cases/shop-cancels.yml</code> that loaded" in body
    status, index = fetch(f"{base}/cases/")
    assert status == 200 and "casebook-problems" in index and 'href="shop-cancels/"' in index

    # A new case that never loaded: its address shows its problems.
    (project / "cases" / "shop-refunds.yml").write_text(CASE.replace("verdict: bad", "verdict: gud"))
    body = wait_for(f"{base}/cases/shop-refunds/", lambda status, body: status == 200)
    assert "cases/shop-refunds.yml:3:10" in body and "unknown verdict" in body
    assert "has errors, so it is not in the casebook yet" in body
    (project / "cases" / "shop-refunds.yml").unlink()

    case.write_text(CASE)
    wait_for(page, lambda status, body: status == 200 and "A shop cancels an order by email" in body)
    wait_for(f"{base}/", lambda status, body: "casebook-problems" not in body)
    assert fetch(f"{base}/cases/shop-refunds/")[0] == 404


def test_serve_survives_links_and_pipes_coming_and_going(server):
    """A symbolic link loop, a named pipe and a link to a case appear and disappear while
    serving: each is reported on the page, the server never hangs, and each change rebuilds."""
    project, base = server
    cases = project / "cases"
    page = f"{base}/cases/shop-cancels/"
    wait_for(page, lambda status, body: status == 200)

    def banner(body: str) -> bool:
        return "casebook-problems" in body

    os.symlink("loop-b.yml", cases / "loop-a.yml")
    os.symlink("loop-a.yml", cases / "loop-b.yml")
    home = wait_for(f"{base}/", lambda status, body: status == 200 and "loop-b.yml" in body)
    assert "symbolic link loop" in home
    (cases / "loop-a.yml").unlink()
    (cases / "loop-b.yml").unlink()
    wait_for(f"{base}/", lambda status, body: status == 200 and not banner(body))

    os.mkfifo(cases / "pipe.yml")
    home = wait_for(f"{base}/", lambda status, body: status == 200 and "pipe.yml" in body)
    assert "named pipe" in home
    (cases / "pipe.yml").unlink()
    wait_for(f"{base}/", lambda status, body: status == 200 and not banner(body))

    os.symlink("shop-cancels.yml", cases / "shop-cancels-again.yml")  # a link to a case is read as a case
    wait_for(f"{base}/cases/shop-cancels-again/", lambda status, body: status == 200)
    (cases / "shop-cancels-again.yml").unlink()
    wait_for(f"{base}/cases/shop-cancels-again/", lambda status, body: status == 404)
    assert fetch(page)[0] == 200
