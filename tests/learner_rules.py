"""The rule every learner handout keeps, whatever its format: nothing of the answers.

A printed handout (`test_print`) and the Word handout (`test_office`) are both checked with
`gives_nothing_away`: no fragment of a case's response, outcome, model answer, what good
answers cover or lesson notes (unless the scenario itself quotes it), no case title (a title
can tell how it ended: the handout names the situation), the learner summary and never the
trainers' summary, and none of the words of a reveal or a verdict.
"""

from __future__ import annotations

import re

#: Words only a reveal, a verdict or the facilitator's side prints.
REVEAL_WORDS = ("Reveal", "Good practice", "Bad practice", "Mixed practice", "Followed", "Broken", "Broke the",
                "Model answer")


def plain(text: str) -> str:
    """Text with all whitespace removed, so line breaks in a PDF or a document do not matter."""
    return re.sub(r"\s+", "", text)


def fragments(markdown: str | None) -> list[str]:
    """Runs of plain words from a field, each long enough to be unmistakable."""
    return [m.group().strip() for m in re.finditer(r"[A-Za-z][A-Za-z ,]{28,}[A-Za-z]", " ".join((markdown or "").split()))]


def gives_nothing_away(module_id: str, module: dict, cases: dict, text: str) -> None:
    """Fails, naming what, when the handout's `text` holds anything of the answers of `module`
    (the YAML of a module and of every case, as written)."""
    text = plain(text)
    # What learners are meant to read: a note may quote the scenario, and that is no secret.
    given = plain(re.sub(r"[>*_`]", "", " ".join(cases[i["case"]]["what_happened"] + i["focus"]
                                                  for i in module["cases"])))
    for item in module["cases"]:
        case = cases[item["case"]]
        secrets = [case["response"], case["outcome"], item.get("model_answer")]
        secrets += [q["good_answers_cover"] for q in item.get("discussion", [])]
        secrets += [link.get("note") for link in case["lessons"] if isinstance(link, dict)]
        for piece in (p for s in secrets for p in fragments(s) if plain(p) not in given):
            assert plain(piece) not in text, f"{module_id} handout gives away {piece!r}"
        # Nor through a title, which can say how it ended: the handout names the situation instead.
        assert plain(case["title"]) not in text, f"{module_id} handout prints the title of {item['case']}"
        assert plain(case["situation"]) in text
    # The trainers' summary names the cases' endings; learners read their own.
    assert plain(module["summary"]) not in text
    assert plain(module["learner_summary"]) in text
    for word in REVEAL_WORDS:
        assert plain(word) not in text, f"{module_id} handout prints {word!r}"
