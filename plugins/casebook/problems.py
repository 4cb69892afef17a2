"""Problems found in case files, as plain values, and the formats that print them."""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import itertools
import json
import re
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from casebook.i18n import gettext as _, ngettext

ERROR = "error"
WARNING = "warning"
#: For the reviewer's eye; never fails a check.
NOTICE = "notice"
#: Most problems shown for one file; the rest are counted in a last line. A file with more
#: is usually one mistake repeated (a misspelt word in a long list), and thousands of
#: lines would hide the other files' problems.
MAX_PER_FILE = 50
_SEVERITY = (ERROR, WARNING, NOTICE)


#: Characters a terminal acts on instead of showing: controls (ESC starts a sequence that can
#: wipe the line), line and paragraph separators, and bidirectional overrides and isolates.
_UNSAFE_ON_A_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escaped(char: str) -> str:
    """How a message writes one character it must not show as it is: `\\u001b`, `\\u2028`,
    the code point a reader can look up as U+001B, U+2028."""
    return f"\\u{ord(char):04x}"


def _escape_char(match: re.Match) -> str:
    return escaped(match.group())


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\u001b`),
    so a value quoted in a message cannot move the cursor, wipe a line or reorder it."""
    return _UNSAFE_ON_A_TERMINAL.sub(_escape_char, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, located by line and column (both 1-based)."""

    path: str
    line: int
    column: int
    level: str
    message: str
    rule: str
    #: A second line: the parser's own words, when the message puts them in the contributor's.
    detail: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        first = terminal_safe(f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message} [{self.rule}]")
        return f"{first}\n    {terminal_safe(self.detail)}" if self.detail else first


_SUGGESTIONS_LEFT: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("suggestions", default=None)


@contextlib.contextmanager
def suggestions_for_one_file(limit: int = MAX_PER_FILE):
    """Within this block at most `limit` problems get a "did you mean": each costs a fuzzy
    match, and a file shows only its first `MAX_PER_FILE` problems anyway."""
    token = _SUGGESTIONS_LEFT.set([limit])
    try:
        yield
    finally:
        _SUGGESTIONS_LEFT.reset(token)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix when `word` is close to one of `choices`, else ""."""
    left = _SUGGESTIONS_LEFT.get()
    if left is not None:
        if left[0] <= 0:
            return ""
        left[0] -= 1
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if str(word).lower() in lowered:
        return " " + _("(did you mean '%(value)s'?)") % {"value": lowered[str(word).lower()]}
    matches = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    return " " + _("(did you mean '%(value)s'?)") % {"value": matches[0]} if matches else ""


def one_of(choices: Sequence[str]) -> str:
    """List allowed values the way messages show them: 'a', 'b' or 'c'."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(choices)s or %(last)s") % {"choices": ", ".join(quoted[:-1]), "last": quoted[-1]}


def sort_problems(problems: Iterable[Problem], per_file: int = MAX_PER_FILE) -> list[Problem]:
    """Problems in file and line order, each once, at most `per_file` for a file and then a
    line that counts the rest (at the first one left out, as severe as the worst of them)."""
    result: list[Problem] = []
    for path, group in itertools.groupby(sorted(set(problems)), key=lambda p: p.path):
        group = list(group)
        result.extend(group[:per_file])
        rest = group[per_file:]
        if rest:
            level = next(level for level in _SEVERITY if any(p.level == level for p in rest))
            more = ngettext("… and %(num)s more problem in this file", "… and %(num)s more problems in this file",
                            len(rest)) % {"num": len(rest)}
            result.append(Problem(path, rest[0].line, rest[0].column, level, more, "too-many-problems"))
    return result


def count_errors(problems: Iterable[Problem]) -> int:
    return sum(1 for p in problems if p.is_error)


def _escape_github(value: str, *, property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_text(problems: Sequence[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's diff lines."""
    lines = []
    for p in problems:
        props = ",".join(
            [
                f"file={_escape_github(terminal_safe(p.path), property=True)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_escape_github('casebook ' + p.rule, property=True)}",
            ]
        )
        message = terminal_safe(f"{p.message}\n{p.detail}" if p.detail else p.message)
        lines.append(f"::{p.level} {props}::{_escape_github(message)}\n")
    return "".join(lines)


def format_json(problems: Sequence[Problem]) -> str:
    rows = [{k: v for k, v in asdict(p).items() if v != "" or k != "detail"} for p in problems]  # detail when given
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": format_text, "github": format_github, "json": format_json}


def summary_line(problems: Sequence[Problem], files: int) -> str:
    counts = {level: sum(1 for p in problems if p.level == level) for level in (ERROR, WARNING, NOTICE)}
    parts = [ngettext("%(num)s error", "%(num)s errors", counts[ERROR]) % {"num": counts[ERROR]},
             ngettext("%(num)s warning", "%(num)s warnings", counts[WARNING]) % {"num": counts[WARNING]},
             ngettext("%(num)s notice", "%(num)s notices", counts[NOTICE]) % {"num": counts[NOTICE]}]
    line = ngettext("%(num)s file checked: %(counts)s", "%(num)s files checked: %(counts)s", files) % {
        "num": files, "counts": ", ".join(parts)}
    if counts[WARNING]:
        line += "; " + ngettext("`mkdocs build --strict` fails on this warning (check with `casebook validate --strict`)",
                                "`mkdocs build --strict` fails on these warnings (check with `casebook validate --strict`)",
                                counts[WARNING])
    return line
