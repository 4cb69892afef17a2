"""Read one YAML file into plain Python values, keeping where every value was written.

The file is parsed with libyaml's event parser (`yaml.CSafeLoader`), and the values are
built here rather than by PyYAML's constructor so that nothing is lost or guessed:
duplicate keys, anchors and aliases, custom tags, several documents, bad encodings and
runaway nesting all become located problems instead of silently changed data.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from casebook.i18n import N_, gettext as _
from casebook.problems import ERROR, WARNING, Problem
from casebook.read import characters, yaml_mistakes

#: Largest file accepted, in bytes: a case is a page of text, not a data dump.
MAX_BYTES = 1_000_000
#: Deepest nesting accepted; the model needs four levels.
MAX_DEPTH = 20

Path = tuple  # keys and list indexes from the document root, e.g. ("lessons", 1, "id")

_YAML = "tag:yaml.org,2002:"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_KIND_NAMES = {dict: N_("a mapping"), list: N_("a list")}


def kind_name(value: Any) -> str:
    """How messages name the kind of a value, in the language being spoken."""
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    name = _KIND_NAMES.get(type(value))
    return _(name) if name is not None else type(value).__name__


@dataclass
class Document:
    """The values of one YAML file and the (line, column) where each was written."""

    path: str
    data: Any = None
    text: str = field(default="", repr=False)
    #: Path -> (line, col) of each value and of each key, kept by the careful path. The fast
    #: path keeps none: `at` composes the text again, once, when a problem needs a position.
    marks: dict | None = field(default=None, repr=False)
    key_marks: dict | None = field(default=None, repr=False)
    #: False when parts of the file were left out (an alias, a tag, too deep): the values
    #: that remain are only read leniently, for the checks across files.
    complete: bool = True
    _root: Any = field(default=None, repr=False)
    _keys: dict = field(default_factory=dict, repr=False)  # id(mapping node) -> {key: (key, value)}
    _lines: list | None = field(default=None, repr=False)

    def at_offset(self, path: Path, value: str, offset: int) -> tuple[int, int]:
        """Where character `offset` of the text value at `path` was written.

        Exact for single-line values and literal blocks (`|`); otherwise the value's start.
        """
        line, col = self.at(path)
        if self._lines is None:  # split once: a file may hold thousands of such values
            self._lines = self.text.splitlines()
        lines = self._lines
        start = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
        if "\n" not in value[:offset] and start not in ("|", ">", '"', "'"):
            return line, col + offset
        if start == "|":
            rows = lines[line:]
            skipped = next(i for i, r in enumerate(rows) if r.strip())  # blank lines before the text
            indent = len(rows[skipped]) - len(rows[skipped].lstrip(" "))
            before = value[:offset].split("\n")
            return line + skipped + len(before), indent + len(before[-1]) + 1
        return line, col

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where `path` was written; its nearest written parent when it is missing."""
        if self.marks is None:
            return self._at_node(path, key)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def _at_node(self, path: Path, key: bool) -> tuple[int, int]:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=_ComposeLoader)
            if self._root is None:  # nothing was written
                return (1, 1)
        node, key_node = self._root, None
        for step in path:
            child = None
            if isinstance(node, MappingNode):
                keys = self._keys.get(id(node))
                if keys is None:  # index each mapping once: a file of many problems stays linear
                    keys = self._keys[id(node)] = {}
                    for k, v in node.value:
                        keys.setdefault(k.value, (k, v))
                key_node, child = keys.get(step, (None, None))
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                child, key_node = node.value[step], None
            if child is None:  # missing: its nearest written parent
                return _pos(node.start_mark)
            node = child
        return _pos(key_node.start_mark if key and key_node is not None else node.start_mark)

    def problem(self, path: Path, message: str, rule: str, *, level: str = ERROR, key: bool = False) -> Problem:
        line, col = self.at(path, key=key)
        return Problem(self.path, line, col, level, message, rule)


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


_STR, _SEQ, _MAP, _INT = f"{_YAML}str", f"{_YAML}seq", f"{_YAML}map", f"{_YAML}int"
_IMPLICIT = Resolver.yaml_implicit_resolvers
assert None not in _IMPLICIT  # PyYAML registers no wildcard resolver; _ComposeLoader relies on it


class _ComposeLoader(yaml.CSafeLoader):
    """`yaml.CSafeLoader` with a leaner `resolve`, which libyaml's composer calls in Python
    for every node: the same YAML 1.1 rules, without the path and wildcard resolvers that
    nothing here registers (a tenth of the time of reading a case)."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


_AS_WRITTEN, _UNKNOWN = object(), object()
#: How the fast path turns each resolved scalar tag into a value; other tags are unusual.
_CONVERT = {
    _STR: _AS_WRITTEN,
    f"{_YAML}timestamp": _AS_WRITTEN,  # dates stay as written, for the validator to read
    f"{_YAML}binary": _AS_WRITTEN,
    # YAML 1.1 resolves a plain `<<` to a merge key and `=` to a "value" key; with no
    # anchors allowed neither can mean anything here, so both are the text written
    # (`<<:` then meets the validator as an unknown field).
    f"{_YAML}merge": _AS_WRITTEN,
    f"{_YAML}value": _AS_WRITTEN,
    f"{_YAML}null": None,
    f"{_YAML}bool": _CONSTRUCTOR.construct_yaml_bool,
    _INT: lambda node: _surprising_int(node) or _CONSTRUCTOR.construct_yaml_int(node),
    f"{_YAML}float": _CONSTRUCTOR.construct_yaml_float,
}


#: Numbers YAML 1.1 reads in another base than the one a contributor means: `010` is 8
#: (octal), `1:30` is 90 (base 60, as in a time), `0x10` is 16.
_OTHER_BASE = re.compile(r"[-+]?(0[0-7_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)")


def _surprising_int(node) -> None:
    """Send a number written in another base to the careful path, which warns of it."""
    if _OTHER_BASE.fullmatch(node.value):
        raise _Unusual


def other_base_warning(written: str, value: int) -> str:
    values = {"written": written, "value": value}
    if ":" in written:
        return _("%(written)s is read as %(value)s: YAML reads numbers with ':' in base 60, as a time; "
                 "write the number you mean, as plain digits") % values
    if written.lstrip("+-").startswith(("0x", "0b")):
        return _("%(written)s is read as %(value)s: YAML reads a number starting with 0x or 0b in base 16 or 2; "
                 "write the number you mean, as plain digits") % values
    return _("%(written)s is read as %(value)s: YAML reads a number with a leading 0 in base 8; "
             "write the number you mean, as plain digits") % values


def _scalar(node) -> Any:
    """A scalar node's value by its resolved tag; any other tag is unusual."""
    convert = _CONVERT.get(node.tag, _UNKNOWN)
    if convert is _AS_WRITTEN:
        return node.value
    if convert is None:
        return None
    if convert is _UNKNOWN:
        raise _Unusual
    return convert(node)


def _scalar_value(event) -> Any:
    """A scalar event's value: plain scalars resolved as YAML 1.1 does, quoted ones as text."""
    tag = event.tag
    if tag is None or tag == "!":
        if not event.style and event.implicit[0]:  # plain: libyaml gives '', PyYAML None
            tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))
        else:
            return event.value
    if tag == _INT:  # the careful path reads every base, and warns of the unusual ones
        return _CONSTRUCTOR.construct_yaml_int(ScalarNode(tag, event.value))
    return _scalar(ScalarNode(tag, event.value))


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16, told by the byte-order mark or, without one, by the zero bytes
    around the first (ASCII) character."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(raw) >= 4 and (raw[1:4] == b"\0\0\0" or raw[:3] == b"\0\0\0"):
        return "UTF-32"
    if len(raw) >= 2 and (raw[1:2] == b"\0" or raw[:1] == b"\0"):
        return "UTF-16"
    return None


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing anything that is not UTF-8."""
    wide = _wide_encoding(raw)
    if wide:
        return None, [Problem(path, 1, 1, ERROR, _("file is encoded as %(encoding)s; save it as UTF-8") % {"encoding": wide},
                              "encoding")]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(path, 1, 1, WARNING, _("file starts with a byte-order mark; save it as UTF-8 without BOM"), "encoding")
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        lines = characters.LINE_BREAK.split(raw[: exc.start].decode("utf-8", "replace"))
        line, column = len(lines), len(lines[-1]) + 1
        byte = raw[exc.start]
        problems.append(
            Problem(path, line, column, ERROR,
                    _("file is not valid UTF-8 (byte %(byte)s); save it as UTF-8") % {"byte": f"0x{byte:02x}"}, "encoding")
        )
        return None, problems
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        problems.append(
            Problem(path, line, column, ERROR, _("file contains NUL characters (is it UTF-16?); save it as UTF-8"), "encoding")
        )
        return None, problems
    return text, problems


class _Skip:
    """Marks a subtree whose values are dropped because a problem was already reported."""


_SKIP = _Skip()
_NO_KEY = object()


class _Unusual(Exception):
    """The fast path met something only the careful path reports well."""


def _may_hold_controls(text: str) -> bool:
    return "\\" in text or "\x85" in text


def _strings(value: Any, at: Path = ()):
    """Every string in a loaded value, keys included, with its path."""
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield at + (key,), key
            yield from _strings(item, at + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, at + (i,))


def _has_control(data: Any) -> bool:
    return any(characters.CONTROL_IN_VALUE.search(text) for _at, text in _strings(data))


#: Something that may be an anchor (`&name` where a value starts), never "R&D" or "A & B".
#: A false alarm only sends the file down the careful path; a miss would lose an anchor.
_ANCHOR_HINT = re.compile(r"(?<!\w)&[^\s\[\]{},]")


def _value(node, depth: int) -> Any:
    """A composed node as plain values; containers nested `depth` deep."""
    if node.__class__ is ScalarNode:
        return _scalar(node)
    if depth >= MAX_DEPTH:
        raise _Unusual
    if node.__class__ is SequenceNode:
        if node.tag != _SEQ:
            raise _Unusual
        return [_scalar(item) if item.__class__ is ScalarNode else _value(item, depth + 1) for item in node.value]
    if node.tag != _MAP:
        raise _Unusual
    result: dict = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode or key_node.tag not in _CONVERT:  # lists, merge keys, tags
            raise _Unusual
        if key_node.tag == _INT:
            _surprising_int(key_node)  # a key such as `0x1F`, read in another base: the careful path warns
        key = key_node.value
        if key in result:
            raise _Unusual
        result[key] = _scalar(value_node) if value_node.__class__ is ScalarNode else _value(value_node, depth + 1)
    return result


def parse_fast(text: str, path: str) -> Document | None:
    """The common case, quickly: libyaml composes the node tree in C and only the values are
    built here, without positions (`Document.at` finds them if a problem needs one).
    Returns None for anything out of the ordinary (syntax errors, several documents,
    anchors, duplicate keys, tags, deep nesting, escaped control characters, an empty
    file), which `parse_events` then reads event by event to report precisely."""
    if "&" in text and _ANCHOR_HINT.search(text):  # composed nodes forget anchors (and an alias needs one)
        return None
    try:
        root = yaml.compose(text, Loader=_ComposeLoader)
        if root is None:
            return None
        data = _value(root, 0)
    except (yaml.YAMLError, _Unusual):
        return None
    if data is None or (_may_hold_controls(text) and _has_control(data)):
        return None
    return Document(path, data=data, text=text)


def parse(text: str, path: str) -> tuple[Document, list[Problem]]:
    """Build the values of `text`, with their marks and problems."""
    doc = parse_fast(text, path)
    if doc is not None:
        return doc, []
    return parse_events(text, path)


def parse_events(text: str, path: str) -> tuple[Document, list[Problem]]:
    """Build the values of `text` from libyaml's events, reporting every problem precisely."""
    doc = Document(path, text=text, marks={}, key_marks={})
    marks, key_marks = doc.marks, doc.key_marks
    problems: list[Problem] = []

    partial = False  # some values were left out, so the rest is only read leniently

    def report(mark, message: str, rule: str, *, leaves_out: bool = True) -> None:
        nonlocal partial
        partial |= leaves_out
        line, col = _pos(mark)
        problems.append(Problem(path, line, col, ERROR, message, rule))

    # Each frame: [container, path, pending key or _NO_KEY, key mark]
    stack: list[list] = []
    skip_depth = 0  # > 0 while inside a subtree being skipped
    documents = 0
    root: Any = _SKIP

    def place(value: Any, mark, is_scalar_key_text: str | None) -> Path | None:
        """Put a finished or started value where it belongs; return its path, or None if dropped."""
        nonlocal root
        if not stack:
            root = value
            marks[()] = _pos(mark)
            return ()
        frame = stack[-1]
        container, cpath = frame[0], frame[1]
        if isinstance(container, list):
            vpath = cpath + (len(container),)
            container.append(value)
            marks[vpath] = _pos(mark)
            return vpath
        if frame[2] is _NO_KEY:
            # This node is a key.
            if is_scalar_key_text is None:
                if value is not _SKIP:
                    report(mark, _("keys must be plain names, not lists or mappings"), "yaml-key")
                frame[2] = _SKIP
            else:
                key = is_scalar_key_text
                if key in container:
                    first = key_marks.get(cpath + (key,), (0, 0))[0]
                    report(mark, _("duplicate key '%(key)s' (first written on line %(line)s): keep one; "
                                   "the later one is the one checked") % {"key": key, "line": first}, "duplicate-key",
                           leaves_out=False)
                    del container[key]  # the later value is the one checked, in the later place
                frame[2] = key
                frame[3] = _pos(mark)
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        if key is _SKIP or value is _SKIP:
            return None
        vpath = cpath + (key,)
        container[key] = value
        key_marks[vpath] = frame[3]
        marks[vpath] = _pos(mark)
        return vpath

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            etype = type(event)
            if skip_depth:
                if etype in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    skip_depth += 1
                elif etype in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    skip_depth -= 1
                continue
            if etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report(
                        event.start_mark,
                        _("a second YAML document starts here; a file holds exactly one (remove the '---')"),
                        "yaml-documents",
                    )
                    break
                continue
            if etype in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
                continue
            if etype not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent):
                continue
            # A node.
            if etype is yaml.AliasEvent:
                report(event.start_mark, _("alias '*%(name)s' is not allowed: write the value out in full") % {
                    "name": event.anchor}, "yaml-alias")
                place(_SKIP, event.start_mark, None)
                continue
            bad = False
            if event.anchor is not None:
                report(event.start_mark, _("anchor '&%(name)s' is not allowed: write each value out in full") % {
                    "name": event.anchor}, "yaml-alias")
                bad = True
            tag = event.tag
            if tag is not None and tag != "!" and not (
                tag in _CONVERT if etype is yaml.ScalarEvent else tag == (_SEQ if etype is yaml.SequenceStartEvent else _MAP)
            ):
                shown = "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag
                report(event.start_mark, _("tag '%(tag)s' is not allowed: write plain values") % {"tag": shown}, "yaml-tag")
                bad = True
            if etype is yaml.ScalarEvent:
                value = _SKIP if bad else _scalar_value(event)
                if (value.__class__ is int and not event.style and event.tag in (None, "!")
                        and _OTHER_BASE.fullmatch(event.value)):
                    line, col = _pos(event.start_mark)
                    problems.append(Problem(path, line, col, WARNING, other_base_warning(event.value, value),
                                            "number-base"))
                place(value, event.start_mark, None if bad else event.value)
                continue
            # Start of a mapping or a list.
            if bad or len(stack) >= MAX_DEPTH:
                if not bad:
                    report(event.start_mark, _("nesting is deeper than %(max)s levels") % {"max": MAX_DEPTH}, "yaml-depth")
                place(_SKIP, event.start_mark, None)
                skip_depth = 1
                continue
            container: Any = {} if etype is yaml.MappingStartEvent else []
            vpath = place(container, event.start_mark, None)
            if vpath is None:
                skip_depth = 1
                continue
            stack.append([container, vpath, _NO_KEY, None])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
            mark = exc.context_mark  # "unexpected end of stream": point at what was left open
        line, col = _pos(mark) if mark is not None else (1, 1)
        said = _parser_said(exc, line)
        context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
        meant = yaml_mistakes.explain(said, text, line, col, context_line)
        if meant:
            problems.append(Problem(path, line, col, ERROR, meant, "yaml-syntax",
                                    _("(YAML parser: %(error)s)") % {"error": said}))
        else:
            problems.append(Problem(path, line, col, ERROR, _("YAML syntax: %(error)s") % {"error": said}, "yaml-syntax"))
        return Document(path), problems
    except yaml.YAMLError as exc:  # reader errors carry no mark of the Marked kind
        problems.append(Problem(path, 1, 1, ERROR, _("YAML error: %(error)s") % {"error": exc}, _READER_RULE))
        return Document(path), problems

    if root is _SKIP or root is None:
        if not problems:
            problems.append(Problem(path, 1, 1, ERROR, _("file is empty: expected fields such as 'title:'"), "empty-file"))
        return Document(path), problems
    doc.data = root
    doc.complete = not partial
    if _may_hold_controls(text):
        for at, value in _strings(root):
            control = characters.CONTROL_IN_VALUE.search(value)
            if control:
                problems.append(doc.problem(at, _("contains %(character)s; remove it") % {
                    "character": characters.char_name(control.group())}, "control-character"))
    return doc, problems


#: The rule of the errors libyaml's reader raises (a character it refuses), located at 1:1.
_READER_RULE = "yaml-syntax"


def _parser_said(exc: yaml.MarkedYAMLError, line: int) -> str:
    """The parser's own words for a syntax error at `line` (in English, as libyaml gives them),
    with where the construct it was reading starts when that is another line."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    start = exc.context_mark
    if context and start is not None and start.line + 1 != line:
        context = _("%(context)s that starts on line %(line)s") % {"context": context, "line": start.line + 1}
    return problem + (f" ({context})" if context else "")


def _parse_with_help(text: str, path: str) -> tuple[Document, list[Problem]]:
    """Parse `text`, first finding what the parser would misread or misplace (invisible
    characters, merge-conflict markers, Windows paths).

    Plain ASCII text has no invisible character the parser lets through (it refuses control
    characters itself), so most files skip that scan and only go back to it on such an error.
    """
    problems: list[Problem] = []
    if text.isascii():
        text, problems = yaml_mistakes.before_parsing(text, path)
        doc, more = parse(text, path)
        if not any(p.rule == _READER_RULE for p in more):
            return doc, problems + more
    text, found = characters.scan(text, path)
    problems = found
    text, found = yaml_mistakes.before_parsing(text, path)
    problems += found
    doc, more = parse(text, path)
    return doc, problems + more


def load_file(fs_path: str, display_path: str) -> tuple[Document | None, list[Problem]]:
    """Read, decode and parse one file; `None` when nothing usable could be read."""
    try:
        # Opened without blocking and checked before reading: a named pipe put in place of a
        # file after the folder was listed must not hang the check.
        fd = os.open(fs_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                return None, [Problem(display_path, 1, 1, ERROR, _("not a regular file; remove it"), "file-type")]
            if status.st_size > MAX_BYTES:
                return None, [
                    Problem(
                        display_path, 1, 1, ERROR,
                        _("file is %(size)s MB; files are limited to %(max)s MB") % {
                            "size": f"{status.st_size / 1_000_000:.1f}", "max": MAX_BYTES // 1_000_000},
                        "file-size",
                    )
                ]
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(display_path, 1, 1, ERROR, _("cannot read file: %(reason)s") % {"reason": exc.strerror or exc},
                              "file-read")]
    text, problems = decode(raw, display_path)
    if text is None:
        return None, problems
    doc, more = _parse_with_help(text, display_path)
    problems.extend(more)
    return (doc if doc.data is not None else None), problems

