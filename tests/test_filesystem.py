"""What is not a regular file or folder in the cases folder is refused, located, by both
`casebook validate` and `mkdocs build`: no hang, no traceback (serve: see test_serve.py)."""

from __future__ import annotations

import os

from conftest import run_cli, run_mkdocs


def test_links_pipes_and_an_outside_cases_folder_are_located_errors(small_project, tmp_path):
    cases = small_project / "cases"
    os.symlink("loop-b.yml", cases / "loop-a.yml")
    os.symlink("loop-a.yml", cases / "loop-b.yml")
    os.mkfifo(cases / "pipe.yml")
    os.mkfifo(cases / "lessons" / "pipe.yml")
    expected = [
        "cases/lessons/pipe.yml:1:1: error: 'pipe.yml' is a named pipe (FIFO), not a file or folder; remove it [file-type]",
        "cases/loop-a.yml:1:1: error: symbolic link loop: the link leads back to itself; replace it with the file itself [symlink]",
        "cases/loop-b.yml:1:1: error: symbolic link loop: the link leads back to itself; replace it with the file itself [symlink]",
        "cases/pipe.yml:1:1: error: 'pipe.yml' is a named pipe (FIFO), not a file or folder; remove it [file-type]",
    ]
    checked = run_cli("validate", cwd=small_project)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert checked.stdout.splitlines() == expected
    built = run_mkdocs(small_project, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    for line in expected:
        assert line in built.stderr

    outside = tmp_path / "elsewhere"
    cases.rename(outside)
    os.symlink(outside, cases)
    message = ("cases:1:1: error: the cases folder is a symbolic link to a folder outside the project; "
               "move the folder into the project instead [symlink]")
    checked = run_cli("validate", cwd=small_project)
    assert (checked.returncode, checked.stdout.strip()) == (1, message)
    built = run_mkdocs(small_project, tmp_path / "site")
    assert built.returncode == 1 and message in built.stderr and "Traceback" not in built.stderr


def test_validate_strict_agrees_with_a_strict_build(small_project, tmp_path):
    """Files that are not read are warnings: `validate` passes but says a strict build fails on
    them, `validate --strict` and `mkdocs build --strict` both fail; editor backups are ignored."""
    cases = small_project / "cases"
    case = (cases / "shop-cancels.yml").read_text(encoding="utf-8")
    for name in ("shop-cancels.yml~", "#shop-cancels.yml#", "Other-Shop.YML"):
        (cases / name).write_text(case, encoding="utf-8")
    (cases / "old.yml").mkdir()
    checked = run_cli("validate", cwd=small_project)
    assert checked.returncode == 0
    assert checked.stdout.splitlines() == [
        "cases/Other-Shop.YML:1:1: warning: 'Other-Shop.YML' is not read: rename it to 'Other-Shop.yml' [stray-file]",
        "cases/old.yml:1:1: warning: folder 'old.yml' is not read; cases go in the top folder, lessons in lessons/, "
        "modules in modules/ [stray-file]",
    ]
    assert "`mkdocs build --strict` fails on these warnings" in checked.stderr
    assert run_cli("validate", "--strict", cwd=small_project).returncode == 1
    built = run_mkdocs(small_project, tmp_path / "site")
    assert built.returncode == 1 and "Other-Shop.YML" in built.stderr and "Traceback" not in built.stderr
    for backup in ("shop-cancels.yml~", "#shop-cancels.yml#"):
        assert backup not in checked.stdout + built.stderr
