"""Characters a contributor cannot see, named and located on the line their editor shows.

YAML counts U+0085, U+2028 and U+2029 as line breaks, while editors and GitHub do not, so
every line number after one would be off by one; a no-break space used as indentation is
text to YAML, which then reports a confusing error a line later. `scan` finds these before
the file is parsed, reports each where the contributor sees it, and gives the parser a copy
of the text with each replaced by a plain space (same length, so every later line and
column stays right and the rest of the file is still checked).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from casebook.i18n import gettext as _
from casebook.problems import ERROR, WARNING, Problem, escaped

#: Read as line breaks by YAML, not by editors.
YAML_ONLY_BREAKS = "\x85\u2028\u2029"
#: Spaces other than the ordinary one, which look like it.
ODD_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: Characters that take no space: harmless between letters (a joiner in an emoji or a
#: Persian word), but a one-line value that starts or ends with one, or holds nothing else,
#: is a lookalike of another.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: Controls that reorder the text around them: bidirectional embeddings, overrides and
#: isolates. A title holding one could turn the page's own words around it backwards.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: A pattern matching any of them, written with escapes so no file holds the characters.
BIDI_PATTERN = "[" + "".join(f"\\u{ord(c):04x}" for c in BIDI_CONTROLS) + "]"
BIDI = re.compile(BIDI_PATTERN)
#: Everything that starts a new line, as Python and browsers read text.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: Any one of them, in a value that must be a single line.
ONE_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
#: The line ends editors and GitHub count, which problems are located by.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{_CONTROLS}]")
#: Characters no text field may hold once read: those controls, and the C1 controls (U+0080 to
#: U+009F). Raw ones are refused by libyaml's reader already, so they can only arrive through an
#: escape in a double-quoted string ("\a"), or as NEL.
CONTROL_IN_VALUE = re.compile(f"[{_CONTROLS}\x80-\x9f]")
_FIND = re.compile(f"[{_CONTROLS}{YAML_ONLY_BREAKS}{ODD_SPACES}\ufeff]")
_INDENT = re.compile(f"[ \t{ODD_SPACES}{ZERO_WIDTH}]*")
_NAMES = {
    "\n": "line feed", "\r": "carriage return", "\t": "tab", "\x0b": "vertical tab", "\x0c": "form feed",
    "\x1c": "file separator", "\x1d": "group separator", "\x1e": "record separator", "\x1f": "unit separator",
    "\x7f": "delete character", "\x85": "next-line character", "\ufeff": "byte-order mark",
}


def char_name(char: str) -> str:
    """How every message names a character: 'a no-break space (U+00A0)'. The name stays the
    English one Unicode gives; the words around it are the language's."""
    words = _NAMES.get(char) or unicodedata.name(char, "").lower() or "control character"
    values = {"name": words, "code": f"U+{ord(char):04X}"}
    if words[0] in "aeiou" and not words.startswith(("uni", "use", "one")):
        return _("an %(name)s (%(code)s)") % values
    return _("a %(name)s (%(code)s)") % values


def is_invisible(char: str) -> bool:
    return char.isspace() or char in ZERO_WIDTH or unicodedata.category(char) in ("Cc", "Cf")


def invisible_note(text: str) -> str:
    """' (it holds a no-break space (U+00A0) at character 6)' when `text` holds an
    invisible character other than an ordinary space, else ''."""
    for i, char in enumerate(text):
        if char != " " and is_invisible(char):
            return " " + _("(it holds %(character)s at character %(position)s)") % {
                "character": char_name(char), "position": i + 1}
    return ""


def shown(text: str) -> str:
    """`text` with its invisible characters written as escapes, for a message."""
    if not any(c != " " and is_invisible(c) for c in text):
        return text
    return "".join(escaped(c) if c != " " and is_invisible(c) else c for c in text)


class Lines:
    """Where each line starts, counting only the line breaks an editor shows."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        """(line, column), both from 1, of character `offset`."""
        row = bisect.bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1


def scan(text: str, path: str) -> tuple[str, list[Problem]]:
    """The text to parse, and a problem for each character it had to replace or warn of."""
    if not _FIND.search(text):
        return text, []
    lines = Lines(text)
    indent_ends: dict[int, int] = {}  # line index -> end of its leading white space
    problems: list[Problem] = []
    chars = list(text)
    for match in _FIND.finditer(text):
        char, at = match.group(), match.start()
        line, column = lines.at(at)
        row = line - 1
        if row not in indent_ends:
            indent_ends[row] = _INDENT.match(text, lines.starts[row]).end()
        if char in YAML_ONLY_BREAKS:
            message = _("%(character)s: YAML reads it as a line break, editors do not; "
                        "delete it (press Enter if a new line was meant)") % {"character": char_name(char)}
        elif _CONTROL.match(char):
            message = _("%(character)s cannot be in a case file; delete it") % {"character": char_name(char)}
        elif at < indent_ends[row]:
            if any(p.line == line for p in problems[-1:]):
                chars[at] = " "
                continue  # one problem for each line's indentation
            message = _("line %(line)s is indented with %(character)s; indent with ordinary spaces") % {
                "line": line, "character": char_name(char)}
        elif char == "\ufeff":
            problems.append(Problem(path, line, column, WARNING,
                                    _("%(character)s inside the text; delete it (it is invisible)") % {
                                        "character": char_name(char)}, "invisible-character"))
            continue
        else:
            continue  # a no-break space inside text is the writer's choice
        problems.append(Problem(path, line, column, ERROR, message, "invisible-character"))
        chars[at] = "" if _CONTROL.match(char) else " "  # a control character takes no room in an editor
    return "".join(chars), problems
