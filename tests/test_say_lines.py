"""What a lesson gives front-line staff to say must not promise money or time they may not be able
to authorise: such a line gets a notice unless it is written as conditional."""

from __future__ import annotations

import pytest

from casebook.link import casefiles

from conftest import CASE, LESSON, make_project


@pytest.mark.parametrize("line,word", [
    ("We'll refund you today.", "refund"),
    ("I've upgraded the shipping at no cost.", "no cost"),
    ("You'll hear from us within a day.", "within"),
    ("If we can, we'll refund you today.", None),
    ("If you'd rather cancel, just reply and I'll refund you today.", "refund"),  # the customer's choice
    ("I\u2019m asking whether we can send the parts free of charge.", None),  # a typographic apostrophe
    ("Feel free to write back.", None),
    ("I'm asking whether we can send the parts free of charge.", None),
    ("Thanks for telling us; here's what we changed.", None),
])
def test_a_line_that_commits_money_or_time_needs_a_condition(line, word):
    assert casefiles.commitment(line) == word


def test_the_notice_points_at_the_line(tmp_path):
    lesson = LESSON.replace('say: ["I\'m sorry. I know you were looking forward to these."]',
                            'say: ["I\'m sorry.", "We\'ll refund you today."]')
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": lesson, "cases/shop.yml": CASE})
    _, problems = casefiles.load(str(project / "cases"), root=str(project))
    assert [f"{p.path}:{p.line}:{p.column}: {p.level}: {p.rule}" for p in problems if p.rule == "say-commits"] == [
        "cases/lessons/acknowledge-first.yml:8:21: notice: say-commits"]
