"""A case's `situation`: the one line learners see instead of its title before the reveal."""

from __future__ import annotations

from casebook.link import casefiles

from conftest import CASE, LESSON, MODULE, make_project


def problems_of(tmp_path, case: str, module: bool = True) -> list[str]:
    files = {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": case}
    if module:
        files["cases/modules/cancellations.yml"] = MODULE
    project = make_project(tmp_path / "p", files)
    _, problems = casefiles.load(str(project / "cases"), root=str(project))
    return [f"{p.path}:{p.line}:{p.column}: {p.level}: {p.message} [{p.rule}]" for p in problems
            if p.rule.startswith(("missing-situation", "situation"))]


def test_a_case_a_module_uses_needs_a_situation(tmp_path):
    assert problems_of(tmp_path, CASE) == [
        "cases/shop-cancels.yml:1:1: error: missing field 'situation' in case: the module 'cancellations' uses this "
        "case, and learner handouts show its situation instead of the title, which can give the answer away; write "
        "one line on what the staff member faces, before anything is decided [missing-situation]"]
    assert problems_of(tmp_path / "alone", CASE, module=False) == []  # no module: no handout


def test_a_situation_that_tells_the_ending_gets_a_notice(tmp_path):
    told = CASE + "situation: The customer bought elsewhere after the shop cancelled the order.\n"
    assert problems_of(tmp_path, told) == [
        "cases/shop-cancels.yml:17:12: notice: the situation shares 'bought', 'elsewhere' with the "
        "response or outcome, which learners see only after the exercise; keep it to what the staff member faces "
        "[situation-gives-away]"]
    fine = CASE + "situation: A customer has ordered shoes online.\n"
    assert problems_of(tmp_path / "fine", fine) == []
