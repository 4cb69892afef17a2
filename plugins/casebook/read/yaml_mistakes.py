"""YAML mistakes in the contributor's words: what they most likely typed, and what to type instead.

Two kinds of help. Before parsing, `before_parsing` finds what the parser would misread
without complaint or report a line later (leftover merge-conflict markers, a Windows path
in double quotes), reports it where it was written, and hands the parser a copy with it
neutralised (same length, so every line and column stays right). After a syntax error,
`explain` recognises the common causes (an apostrophe inside single quotes, a colon inside
an unquoted value, a tab in the indentation) and says what to type; the parser's own words
stay as the problem's second line.
"""

from __future__ import annotations

import re

from casebook.i18n import gettext as _
from casebook.problems import ERROR, Problem
from casebook.read.characters import Lines

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?:[ \t].*)?$", re.MULTILINE)
#: A Windows path in double quotes, such as "C:\new orders", where '\n' is a line break.
_WINDOWS_PATH = re.compile(r'"[A-Za-z]:\\(?!\\)[^"\r\n]*"')
_BACKSLASH = re.compile(r"\\")


def before_parsing(text: str, path: str) -> tuple[str, list[Problem]]:
    """The text to parse and the problems found in it."""
    problems: list[Problem] = []
    if "<<<<<<<" in text:  # a conflict always opens with one
        text = _conflicts(text, path, problems)
    if ":\\" in text:
        text = _windows_paths(text, path, problems)
    return text, problems


def _conflicts(text: str, path: str, problems: list[Problem]) -> str:
    markers = list(_CONFLICT.finditer(text))
    if not any(m.group(1).startswith("<") for m in markers):
        return text
    lines = Lines(text)
    for match in markers:
        line = lines.at(match.start())[0]
        marker = match.group(1)
        if marker.startswith("<"):
            message = _("a merge conflict was left in the file: keep the lines you want between "
                        "'<<<<<<<', '=======' and '>>>>>>>', then delete these three marker lines")
        else:
            message = _("leftover merge-conflict marker '%(marker)s': delete this line") % {"marker": marker}
        problems.append(Problem(path, line, 1, ERROR, message, "merge-conflict"))
    # The markers become blank lines; both sides stay, so what else is wrong is still found.
    return _CONFLICT.sub(lambda m: " " * len(m.group()), text)


def _windows_paths(text: str, path: str, problems: list[Problem]) -> str:
    found = list(_WINDOWS_PATH.finditer(text))
    lines = Lines(text)
    for match in found:
        line, column = lines.at(match.start())
        inner = match.group()[1:-1]
        problems.append(Problem(
            path, line, column, ERROR,
            _("a Windows path in double quotes: a backslash starts an escape there ('\\n' is a new line); "
              "write it in single quotes: '%(path)s'") % {"path": inner}, "windows-path"))
    if not found:
        return text
    # The parser reads the path with '/' instead, so it neither fails nor splits the line.
    return _WINDOWS_PATH.sub(lambda m: _BACKSLASH.sub("/", m.group()), text)


def _value_part(line: str) -> tuple[str, str] | None:
    """(what comes before the value, the value) of a `key: value` or `- value` line."""
    match = re.match(r"^(\s*(?:-\s+)?[^\s:'\"#][^:#]*?:\s+|\s*-\s+)(.+?)\s*$", line)
    return (match.group(1), match.group(2)) if match else None


def explain(problem: str, text: str, line: int, column: int, context_line: int | None) -> str | None:
    """What the contributor most likely meant, for the syntax error `problem` at `line`."""
    lines = text.splitlines()
    candidates = [n for n in dict.fromkeys((line, context_line, line - 1)) if n and 1 <= n <= len(lines)]
    if "\t" in problem or (line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]
                           and not lines[line - 1][: column - 1].strip(" \t")):
        return _("line %(line)s is indented with a tab; indent with spaces only") % {"line": line}
    for n in candidates:
        parts = _value_part(lines[n - 1])
        if parts is None:
            continue
        before, value = parts
        if value.startswith("'") and re.search(r"\w'\w", value):
            fixed = "'" + value[1:].rstrip("'").replace("'", "''") + "'"
            return _("an apostrophe inside single quotes ends the text early (line %(line)s): write it twice, "
                     "%(fixed)s, or put the whole value in double quotes") % {"line": n, "fixed": f"{before.strip()} {fixed}"}
        if "mapping values" in problem and ": " in value + " " and not value.startswith(("'", '"', "[", "{")):
            quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return _("the value on line %(line)s holds ': ', which YAML reads as the start of another field: "
                     "put the whole value in double quotes: %(fixed)s") % {"line": n, "fixed": f"{before.strip()} {quoted}"}
    return None
