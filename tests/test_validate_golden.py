"""Golden-file tests: the validator's exact messages and locations for many bad inputs.

Each folder tests/golden/validate/<scenario>/ is laid out like a cases folder (case files
at the top, lessons in lessons/, modules in modules/). It is copied over base/ (two valid
lessons every scenario can name) into a temporary cases/ folder, validated, and the
output of `format_text` must equal tests/golden/validate/<scenario>.expected exactly.

To regenerate the expectations after an intended change of messages:

    CASEBOOK_UPDATE_GOLDEN=1 pytest tests/test_validate_golden.py

then read every changed .expected file (git diff) before committing it: the point of these
files is that a person has checked each line, column and message.

Scenarios in KNOWN_BUGS show validator bugs. Their .expected files hold the output the
validator *should* give, written by hand; they are never overwritten by the update mode,
and their tests are strict xfails. When a bug is fixed, the test XPASSes and fails:
remove the scenario from KNOWN_BUGS (adjusting the .expected wording if the fix words the
message differently).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casebook.link import casefiles
from casebook.problems import format_text
from conftest import peak_memory

GOLDEN = Path(__file__).parent / "golden" / "validate"
BASE = GOLDEN / "base"
UPDATE = os.environ.get("CASEBOOK_UPDATE_GOLDEN") == "1"

#: Scenario -> what is wrong with the validator's current output.
KNOWN_BUGS: dict[str, str] = {}

SCENARIOS = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir() and p.name != "base")


def _params():
    for name in SCENARIOS:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])] if name in KNOWN_BUGS else []
        yield pytest.param(name, id=name, marks=marks)


def _load(name: str, tmp_path: Path):
    root = tmp_path / "project"
    cases = root / "cases"
    shutil.copytree(BASE, cases)
    shutil.copytree(GOLDEN / name, cases, dirs_exist_ok=True, ignore=shutil.ignore_patterns(SETUP))  # scenario files win
    setup = GOLDEN / name / SETUP
    if setup.is_file():
        _set_up(setup.read_text(encoding="utf-8"), cases, tmp_path)
    return casefiles.load(str(cases), root=str(root))


#: A scenario's file of what git cannot hold, one per line:
#: `symlink LINK TARGET`, `fifo NAME`, `cases-outside` (the cases folder becomes a link to
#: a folder outside the project).
SETUP = "SETUP"


def _set_up(commands: str, cases: Path, tmp_path: Path) -> None:
    for line in commands.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "symlink":
            os.symlink(words[2], cases / words[1])
        elif words[0] == "fifo":
            os.mkfifo(cases / words[1])
        elif words[0] == "cases-outside":
            outside = tmp_path / "outside"
            cases.rename(outside)
            os.symlink(outside, cases)
        else:
            raise ValueError(f"unknown setup command: {line}")


@pytest.mark.parametrize("name", list(_params()))
def test_golden(name, tmp_path):
    _, problems = _load(name, tmp_path)
    actual = format_text(problems)
    expected_file = GOLDEN / f"{name}.expected"
    if UPDATE and name not in KNOWN_BUGS:
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert expected_file.is_file(), f"{expected_file.name} is missing: run with CASEBOOK_UPDATE_GOLDEN=1 and review it"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_problems_are_located_and_sorted(tmp_path):
    wrong = []
    for name in SCENARIOS:
        _, problems = _load(name, tmp_path / name)
        for p in problems:
            if p.line < 1 or p.column < 1 or not (p.path == "cases" or p.path.startswith("cases/")):
                wrong.append(f"{name}: {p}")
        if problems != sorted(problems):
            wrong.append(f"{name}: problems are not sorted")
    assert not wrong, "\n".join(wrong)


def test_every_expected_file_has_a_scenario():
    orphans = sorted(p.name for p in GOLDEN.glob("*.expected") if p.stem not in SCENARIOS)
    assert not orphans
    assert set(KNOWN_BUGS) <= set(SCENARIOS)


def test_billion_laughs_is_not_expanded_and_short(tmp_path):
    with peak_memory() as peak:
        _, problems = _load("billion-laughs", tmp_path)
    assert peak() < 20_000_000  # expanded, its aliases would take gigabytes
    assert 1 <= len(problems) <= 15
