"""Find every file of a casebook, load and validate each, and check the links between them."""

from __future__ import annotations

import errno
import gc
import os
import re
import dataclasses
import stat
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from casebook import i18n, provenance
from casebook.check import editorial, schema
from casebook.i18n import N_, gettext as _, ngettext
from casebook.model import BUILDERS, Case, Lesson, Module
from casebook.problems import ERROR, NOTICE, WARNING, Problem, did_you_mean, sort_problems, suggestions_for_one_file
from casebook.read.yamlfile import Document, load_file

#: Sub-folders of the cases folder and the kind of file each holds.
FOLDERS = {"": "case", "lessons": "lesson", "modules": "module"}
#: Names that generated pages use; no case, lesson or module may take them.
RESERVED_IDS = frozenset({"index", "tags", "stats", "training", "contributing", "lessons", "cases", "modules", "search", "assets",
                          "facilitator", "cards", "page"})
#: Files that may sit in the cases folder without being cases.
IGNORED_FILES = frozenset({"README.md", ".gitkeep", ".DS_Store"})
YAML_SUFFIXES = (".yml", ".yaml")

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
#: A phone number is a digit, then at least seven of digits, spaces and `().-`, then a digit,
#: standing alone: `(?<![\w/.-])\+?\d[\d \t().-]{7,}\d(?![\w/-])`. That regex backtracks
#: over long runs such as `(1-(1-(1-...`, so `_phones` finds the same matches in one pass:
#: each run of those characters, the last digit in it that may end a number, the first that
#: may start one.
_PHONE_RE = re.compile(r"(?<![\w/.-])\+?\d[\d \t().-]{7,}\d(?![\w/-])")  # the definition; the form's copy
_RUN_RE = re.compile(r"\d[\d \t().-]*")
_LAST_END_RE = re.compile(r".*\d(?=[ \t().])", re.DOTALL)  # the last digit in a run not followed by more of it
_START_RE = re.compile(r"(?<![\w/.-])\d")
_DIGIT_RE = re.compile(r"\d")
_NOT_AFTER = re.compile(r"[\w/-]")
_NOT_BEFORE = re.compile(r"[\w/.-]")
_DATE_RE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")
_NO_DIGITS = str.maketrans("", "", "0123456789")
#: A phone number has at least this many digits; years and dates have fewer.
PHONE_DIGITS = 9


def find_personal_data(text: str) -> Iterable[tuple[int, str]]:
    """(offset, what) for each likely email address or phone number in `text`; `what` is in
    English, the catalog's message (`_(what)` gives it in the language being spoken)."""
    if "@" in text:
        for match in _EMAIL_RE.finditer(text):
            yield match.start(), N_("an email address")
    if len(text) - len(text.translate(_NO_DIGITS)) < PHONE_DIGITS:  # most text: no need to look further
        return
    masked = _DATE_RE.sub(lambda m: " " * len(m.group()), text)  # dates keep their offsets
    for start, end in _phones(masked):
        if sum(ch.isdigit() for ch in masked[start:end]) >= PHONE_DIGITS:
            yield start, N_("a phone number")


def _phones(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each phone-number-like stretch of `text`, in linear time."""
    for run in _RUN_RE.finditer(text):
        a, b = run.span()
        if b - a < 9:
            continue
        if _DIGIT_RE.match(text, b - 1) and (b == len(text) or not _NOT_AFTER.match(text, b)):
            last = b - 1
        else:
            found = _LAST_END_RE.match(text, a, b)
            if found is None:
                continue
            last = found.end() - 1
        first = _START_RE.search(text, a, last - 7)
        if first is None:
            continue
        start = first.start()
        if start == a and a > 0 and text[a - 1] == "+" and (a == 1 or not _NOT_BEFORE.match(text, a - 2)):
            start -= 1  # the number's own '+'
        yield start, last + 1


@dataclass
class Casebook:
    """The loaded casebook: every case, lesson and module whose file loaded without errors, by
    id, in id order, with the vocabularies they were checked against and every file looked at.
    A file with errors is left out (its problems say why), so every page is written from
    checked values; the renderer and the exports read this and nothing else."""

    cases: dict[str, Case] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    vocab: Mapping[str, Sequence[str]] = field(default_factory=lambda: dict(schema.DEFAULT_VOCABULARIES))
    files: list[str] = field(default_factory=list)  # every file looked at, as displayed
    #: The files found but left out for their errors: (kind, id) -> the file as displayed.
    left_out: dict[tuple[str, str], str] = field(default_factory=dict)
    #: While serving, the cases and lessons shown as their last version that loaded, because
    #: their file has errors now (`publish.rebuild`): (kind, id) -> the file as displayed.
    stale: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The translated files that loaded (`<id>.<language>.yml` beside `<id>.yml`): language ->
    #: (kind, id) -> the item in that language.
    translations: dict[str, dict[tuple[str, str], Any]] = field(default_factory=dict)
    #: In a book made for a language (`in_language`): the items shown in the original's
    #: language for want of a translation, (kind, id) -> that language.
    fallback: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceFile:
    kind: str
    id: str
    fs_path: str
    display: str
    #: The language of a translated file (`x.de.yml`); "" for the original.
    language: str = ""


#: A translated file's name: the original's id, a dot, and a language (`de`, `pt-BR`, `pt_BR`).
TRANSLATED_RE = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)$")


def _a_language(code: str) -> bool:
    """Whether `code` names a language Babel knows (`de`, `pt-BR`, `zh_Hant_TW`; not `old`)."""
    from babel import localedata

    return localedata.exists(code.replace("-", "_"))


def in_language(book: "Casebook", language: str, original: str) -> "Casebook":
    """The casebook as a site in `language` shows it: each case, lesson and module its
    translated file gives in that language; the rest in the original's language (`original`),
    each of them listed in `fallback`."""
    if not language or language == original:
        return book
    translated = {}
    by_name = {name.lower(): items for name, items in book.translations.items()}
    for name in i18n_names(language):
        for key, item in by_name.get(name, {}).items():
            translated.setdefault(key, item)
    shelves = {}
    fallback = {}
    for kind, shelf in (("case", book.cases), ("lesson", book.lessons), ("module", book.modules)):
        shelves[kind] = {}
        for item_id, item in shelf.items():
            other = translated.get((kind, item_id))
            shelves[kind][item_id] = other if other is not None else item
            if other is None:
                fallback[(kind, item_id)] = original
    return dataclasses.replace(book, cases=shelves["case"], lessons=shelves["lesson"], modules=shelves["module"],
                               fallback=fallback)


def i18n_names(language: str) -> list[str]:
    """The names a translated file of `language` may have, most specific first, in lower case
    (`in_language` compares them so): `pt-BR` looks for `pt-br`, `pt_br`, then `pt`."""
    code = language.lower()
    parts = code.replace("_", "-").split("-")
    names = [code, code.replace("-", "_"), code.replace("_", "-")]
    return list(dict.fromkeys(names + [parts[0]]))


#: The messages that name a kind of file, one for each kind, so that a language can make the
#: words around the kind agree with it. Translated where shown (`_`).
_NOT_YAML = {
    "case": N_("'%(name)s' is not read: case files end in .yml"),
    "lesson": N_("'%(name)s' is not read: lesson files end in .yml"),
    "module": N_("'%(name)s' is not read: module files end in .yml"),
}
_UNKNOWN = {
    "case": N_("unknown case '%(value)s'"),
    "lesson": N_("unknown lesson '%(value)s'"),
}
_RENAMED = {
    "case": N_("case '%(old)s' was renamed to '%(new)s'; write '%(new)s'"),
    "lesson": N_("lesson '%(old)s' was renamed to '%(new)s'; write '%(new)s'"),
}
_SELF_REFERENCE = {
    "case": N_("a case cannot be related to itself"),
    "lesson": N_("a lesson cannot be related to itself"),
}
_SAME_TITLE = {
    "case": N_("%(path)s has the same title; give each case a title of its own"),
    "lesson": N_("%(path)s has the same title; give each lesson a title of its own"),
}
_NO_ORIGINAL = {
    "case": N_("'%(stem)s' is a translation of case '%(id)s', but there is no %(id)s.yml beside it; "
               "add the original, or name this file as an id"),
    "lesson": N_("'%(stem)s' is a translation of lesson '%(id)s', but there is no %(id)s.yml beside it; "
                 "add the original, or name this file as an id"),
    "module": N_("'%(stem)s' is a translation of module '%(id)s', but there is no %(id)s.yml beside it; "
                 "add the original, or name this file as an id"),
}
_FORMER_ID_CLAIMED = {
    "case": N_("former id '%(id)s' is also a former id of %(path)s; an old address can lead to one case only"),
    "lesson": N_("former id '%(id)s' is also a former id of %(path)s; an old address can lead to one lesson only"),
    "module": N_("former id '%(id)s' is also a former id of %(path)s; an old address can lead to one module only"),
}


def _display(fs_path: str, root: str) -> str:
    rel = os.path.relpath(fs_path, root)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else fs_path


def _in_folder(folder: str, root: str) -> Callable[[str, str], str]:
    """`_display` for the files of `folder`, given each one's path and name: the folder's
    relative path is worked out once, not again for each of thousands of files."""
    rel = os.path.relpath(folder, root)
    if rel.startswith(".."):
        return lambda fs_path, name: fs_path
    if rel == ".":
        return lambda fs_path, name: name
    shown = rel.replace(os.sep, "/") + "/"
    return lambda fs_path, name: shown + name


def _is_editor_file(name: str) -> bool:
    """Backups and lock files editors leave beside the file being edited (`x.yml~`,
    `#x.yml#`, `.x.yml.swp`, `.#x.yml`): not the contributor's, so never read or reported."""
    return name.endswith("~") or (name.startswith("#") and name.endswith("#")) or name.startswith(".")


_FILE_TYPES = (
    (stat.S_ISFIFO, N_("'%(name)s' is a named pipe (FIFO), not a file or folder; remove it")),
    (stat.S_ISSOCK, N_("'%(name)s' is a socket, not a file or folder; remove it")),
    (stat.S_ISCHR, N_("'%(name)s' is a device, not a file or folder; remove it")),
    (stat.S_ISBLK, N_("'%(name)s' is a device, not a file or folder; remove it")),
)


def _not_a_file(fs_path: str, display: str, real_top: str) -> tuple[os.stat_result | None, Problem | None]:
    """`fs_path`'s status, or the problem that makes it unreadable: a broken or looping
    symbolic link, one pointing outside the cases folder, or something that is neither a
    regular file nor a folder. Never opens it, so a named pipe cannot block the check."""
    try:
        status = os.stat(fs_path)
    except OSError as exc:
        if os.path.islink(fs_path):
            if exc.errno == errno.ELOOP:
                message = _("symbolic link loop: the link leads back to itself; replace it with the file itself")
            else:
                message = _("broken symbolic link: '%(target)s' does not exist; replace it with the file itself") % {
                    "target": os.readlink(fs_path)}
            return None, Problem(display, 1, 1, ERROR, message, "symlink")
        return None, Problem(display, 1, 1, ERROR, _("cannot read it: %(reason)s") % {"reason": exc.strerror or exc},
                             "file-read")
    if os.path.islink(fs_path):
        real = os.path.realpath(fs_path)
        if not _inside(real, real_top):
            message = (_("symbolic link points outside the cases folder; copy the folder in instead")
                       if stat.S_ISDIR(status.st_mode)
                       else _("symbolic link points outside the cases folder; copy the file in instead"))
            return None, Problem(display, 1, 1, ERROR, message, "symlink")
    if stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode):
        return status, None
    what = next((message for test, message in _FILE_TYPES if test(status.st_mode)),
                N_("'%(name)s' is not a regular file, not a file or folder; remove it"))
    return None, Problem(display, 1, 1, ERROR, _(what) % {"name": os.path.basename(fs_path)}, "file-type")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def discover(cases_dir: str, root: str) -> tuple[list[SourceFile], list[Problem]]:
    """The case, lesson and module files under `cases_dir`, and what is there but should not be."""
    problems: list[Problem] = []
    found: list[SourceFile] = []
    real_top = os.path.realpath(cases_dir)
    for sub, kind in FOLDERS.items():
        folder = os.path.join(cases_dir, sub) if sub else cases_dir
        if not os.path.isdir(folder):
            continue  # a sub-folder that is not a folder was reported as an entry of the top one
        if sub and not _inside(os.path.realpath(folder), real_top):
            continue  # reported as an entry of the top folder
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_display(folder, root), 1, 1, ERROR,
                                    _("cannot read the folder: %(reason)s") % {"reason": exc.strerror or exc},
                                    "file-read"))
            continue
        display_of = _in_folder(folder, root)
        for entry in listing:
            name, fs_path = entry.name, entry.path
            if name in IGNORED_FILES or _is_editor_file(name):
                continue
            display = display_of(fs_path, name)
            status, problem = _not_a_file(fs_path, display, real_top)
            if problem is not None:
                problems.append(problem)
                continue
            if stat.S_ISDIR(status.st_mode):
                if sub or name not in FOLDERS:
                    problems.append(Problem(display, 1, 1, WARNING,
                                            _("folder '%(name)s' is not read; cases go in the top folder, "
                                              "lessons in lessons/, modules in modules/") % {"name": name},
                                            "stray-file"))
                continue
            stem, suffix = os.path.splitext(name)
            if suffix not in YAML_SUFFIXES:
                if suffix.lower() in YAML_SUFFIXES:
                    message = _("'%(name)s' is not read: rename it to '%(new)s'") % {
                        "name": name, "new": stem + suffix.lower()}
                else:
                    message = _(_NOT_YAML[kind]) % {"name": name}
                problems.append(Problem(display, 1, 1, WARNING, message, "stray-file"))
                continue
            translated = TRANSLATED_RE.match(stem)
            if translated and translated.group("id") not in RESERVED_IDS and _a_language(translated.group("language")):
                found.append(SourceFile(kind, translated.group("id"), fs_path, display, translated.group("language")))
                continue
            if not schema.ID_RE.match(stem):
                suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "my-case"
                problems.append(Problem(display, 1, 1, ERROR,
                                        _(schema.MESSAGES["file-name"]).format(stem=stem, suggestion=suggestion,
                                                                               suffix=suffix), "file-name"))
                continue
            if stem in RESERVED_IDS:
                problems.append(Problem(display, 1, 1, ERROR,
                                        _(schema.MESSAGES["reserved-id"]).format(stem=stem),
                                        "reserved-id"))
                continue
            found.append(SourceFile(kind, stem, fs_path, display))
    return found, problems


def _locate(doc: Document, issues: Iterable[schema.Issue]) -> list[Problem]:
    return [_locate_one(doc, i) for i in issues]


def _locate_one(doc: Document, issue: schema.Issue) -> Problem:
    """An issue at its value, or at the very character when it names one."""
    if issue.offset is None:
        return doc.problem(issue.path, issue.message, issue.rule, level=issue.level, key=issue.key)
    value = doc.data
    for step in issue.path:
        value = value[step]
    line, column = doc.at_offset(issue.path, value, issue.offset)
    return Problem(doc.path, line, column, issue.level, issue.message, issue.rule)


def load(
    cases_dir: str,
    *,
    root: str | None = None,
    vocab: Mapping[str, Sequence[str]] | None = None,
    cache: dict | None = None,
) -> tuple[Casebook, list[Problem]]:
    """Load every file under `cases_dir`; problem paths are relative to `root` (default: cwd).

    `cache` (a dict, kept by the caller between loads, as `mkdocs serve` does) holds what each
    file gave the last time; a file whose size and modification time have not changed is
    not read again, and its links to other files and its review hints are checked again only
    when it changed or, for links, when a file was added or removed.

    The problems are written in the language being spoken (`i18n.speaking`); what the cache
    holds is kept for that language only, so a load in another language reads every file again.

    The garbage collector is paused meanwhile: loading only adds objects that stay alive,
    and collections walking that growing heap would take a quarter of the time.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(cases_dir, root if root is not None else os.getcwd(), vocab, cache)
    finally:
        if paused:
            gc.enable()


def _stamp(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _load_one(src: SourceFile, vocab: Mapping[str, Sequence[str]]) -> tuple:
    """(document, its problems as read, its schema problems, the item built or None)."""
    doc, file_problems = load_file(src.fs_path, src.display)
    if doc is None or not doc.complete:  # values left out: only the links are read, leniently
        return doc, file_problems, [], None
    with suggestions_for_one_file():
        located = _locate(doc, schema.check(schema.RECORDS[src.kind], doc.data, vocab))
    if any(p.is_error for p in file_problems + located):
        return doc, file_problems, located, None
    return doc, file_problems, located, BUILDERS[src.kind](src.id, doc.data, doc)


def _load_kept(src: SourceFile, vocab: Mapping[str, Sequence[str]], previous: dict, kept: dict | None) -> tuple:
    """`_load_one`, or what the last load kept of a file whose size and time have not changed;
    with `kept`, what this load gives is kept for the next."""
    if kept is None:
        return _load_one(src, vocab)
    stamp = _stamp(src.fs_path)
    hit = previous.get(src.fs_path)
    result = hit[2] if hit is not None and hit[:2] == (stamp, src) and stamp is not None else _load_one(src, vocab)
    kept[src.fs_path] = (stamp, src, result)
    return result


def _load(cases_dir: str, root: str, vocab: Mapping[str, Sequence[str]] | None,
          cache: dict | None = None) -> tuple[Casebook, list[Problem]]:
    book = Casebook(vocab=dict(vocab) if vocab else dict(schema.DEFAULT_VOCABULARIES))
    shown = _display(cases_dir, root)
    vocab_key = tuple((k, tuple(v)) for k, v in sorted(book.vocab.items()))
    # What a file gave holds its problems, written in the language being spoken: they are kept
    # for the same vocabularies and the same words (the catalog itself, kept alive here).
    words = i18n.spoken()
    same = cache is not None and cache.get("vocab") == vocab_key and cache.get("words") is words
    previous = cache if same else {}
    kept: dict = {"vocab": vocab_key, "words": words}
    if not os.path.isdir(cases_dir):
        return book, [Problem(shown, 1, 1, ERROR, _("cases folder not found"), "no-cases")]
    if os.path.islink(cases_dir) and not _inside(os.path.realpath(cases_dir), os.path.realpath(root)):
        return book, [Problem(shown, 1, 1, ERROR, _("the cases folder is a symbolic link to a folder outside the "
                                                    "project; move the folder into the project instead"), "symlink")]
    files, problems = discover(cases_dir, root)
    known: dict[str, dict[str, SourceFile]] = {k: {} for k in FOLDERS.values()}
    shelves = {"case": book.cases, "lesson": book.lessons, "module": book.modules}
    loaded: list[tuple[str, str, Document]] = []  # every file with values, valid or not
    referenced: set[str] = set()  # lesson ids named by any case, valid or not
    unreadable = False  # a case file could not be read whole, so which lessons it uses is unknown
    translations: list[tuple[SourceFile, Document | None, Any]] = []
    for src in files:
        book.files.append(src.display)
        if src.language:  # checked like any file of its kind, then against its original below
            doc, file_problems, located, item = _load_kept(src, book.vocab, previous, kept if cache is not None else None)
            problems.extend(file_problems + located)
            translations.append((src, doc, item))
            continue
        first = known[src.kind].get(src.id)
        if first is not None:
            problems.append(Problem(src.display, 1, 1, ERROR,
                                    _(schema.MESSAGES["duplicate-id"]).format(kind=schema.noun(src.kind), id=src.id, path=first.display),
                                    "duplicate-id"))
            continue
        known[src.kind][src.id] = src
        doc, file_problems, located, item = _load_kept(src, book.vocab, previous, kept if cache is not None else None)
        if item is None:
            book.left_out[(src.kind, src.id)] = src.display
        problems.extend(file_problems)
        if doc is None or not doc.complete:
            unreadable |= src.kind == "case"
        if doc is None:
            continue
        loaded.append((src.kind, src.id, doc))
        if src.kind == "case":
            referenced.update(lesson_id for _i, lesson_id, _stance in _lesson_links(doc.data))
        problems.extend(located)
        if item is not None:
            shelves[src.kind][src.id] = item
    for case_id in sorted(set(known["case"]) & set(known["lesson"])):
        src = known["lesson"][case_id]
        problems.append(Problem(src.display, 1, 1, ERROR,
                                _("lesson id '%(id)s' is also a case id (%(path)s); rename one") % {
                                    "id": case_id, "path": known["case"][case_id].display}, "duplicate-id"))
    renamed, found = former_ids(loaded, known)
    problems.extend(found)
    problems.extend(_check_translations(book, translations, known))
    links = previous.get("links", {}) if cache is not None else None
    ids = {**{k: set(v) for k, v in known.items()}, "renamed": renamed}
    problems.extend(check_links(loaded, ids, None if unreadable else referenced, links))
    for module in book.modules.values():  # a module's plan is only read once the module is valid
        problems.extend(_check_module_plan(module, set(known["case"]), renamed["case"]))
    problems.extend(_situations_needed(book))
    problems.extend(same_titles(loaded))
    if not known["case"]:
        problems.append(Problem(shown, 1, 1, WARNING, _("no case files in this folder, so the site has no cases; "
                                                        "start one with `casebook new \"A title\"`"), "no-cases"))
    hints = previous.get("hints", {}) if cache is not None else None
    problems.extend(review_hints(book, hints))
    if cache is not None:  # the next load checks again only the files that changed
        kept["hints"], kept["links"] = hints, links
        cache.clear()
        cache.update(kept)
    else:
        for shelf in [*shelves.values(), *book.translations.values()]:
            for item in shelf.values():
                item.doc = None  # every problem is located: the YAML text and positions can go
    book.cases = dict(sorted(book.cases.items()))
    book.lessons = dict(sorted(book.lessons.items()))
    book.modules = dict(sorted(book.modules.items()))
    return book, sort_problems(problems)


#: What a translation must keep of its original, by kind: the fields that are not words, so
#: that every language's page tells the same case and a module runs the same session (its
#: plan is checked on the original). Each as (where, what it reads).
_KEPT_IN_TRANSLATION = {
    "case": ((("verdict",), lambda x: x.verdict), (("channels",), lambda x: tuple(x.channels)),
             (("business", "sector"), lambda x: x.business.sector),
             (("lessons",), lambda x: tuple((link.id, link.stance) for link in x.lessons)),
             (("related",), lambda x: tuple(x.related)), (("situation",), lambda x: bool(x.situation))),
    "lesson": ((("theme",), lambda x: x.theme), (("related",), lambda x: tuple(x.related))),
    "module": ((("cases",), lambda x: tuple((item.case, item.minutes, tuple(item.practises)) for item in x.cases)),
               (("activities",), lambda x: tuple((a.activity, a.case, a.minutes) for a in x.activities)),
               (("objectives",), lambda x: len(x.objectives)), (("duration",), lambda x: x.duration)),
}


def _check_translations(book: Casebook, translations: Sequence[tuple[SourceFile, Document | None, Any]],
                        known: Mapping[str, Mapping[str, SourceFile]]) -> list[Problem]:
    """Keep each translation that loaded in `book.translations`, and report one without an
    original, or one that tells a different case (`_KEPT_IN_TRANSLATION`)."""
    problems = []
    shelves = {"case": book.cases, "lesson": book.lessons, "module": book.modules}
    for src, doc, item in translations:
        original = known[src.kind].get(src.id)
        if original is None:
            stem = os.path.splitext(os.path.basename(src.fs_path))[0]
            problems.append(Problem(src.display, 1, 1, ERROR, _(_NO_ORIGINAL[src.kind]) % {"stem": stem, "id": src.id},
                                    "translation"))
            continue
        if item is None:
            continue  # its own problems say why
        first = shelves[src.kind].get(src.id)
        if first is None:
            continue  # the original has errors, and its problems say so
        differ = [at for at, read in _KEPT_IN_TRANSLATION.get(src.kind, ()) if read(item) != read(first)]
        if differ:
            names = ", ".join(": ".join(at) for at in differ)
            message = _("this translation of %(path)s differs from it in %(fields)s; "
                        "a translation changes only the words") % {"path": original.display, "fields": names}
            problems.append(doc.problem(differ[0], message, "translation") if doc is not None and doc.complete
                            else Problem(src.display, 1, 1, ERROR, message, "translation"))
            continue
        # What a reviewer would be told of the original: personal data above all.
        problems.extend(_case_hints(item) if src.kind == "case" else _lesson_hints(item) if src.kind == "lesson" else ())
        book.translations.setdefault(src.language, {})[(src.kind, src.id)] = item
    return problems


def former_ids(loaded: Sequence[tuple[str, str, Document]], known: Mapping[str, Mapping[str, SourceFile]]
               ) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Each kind's former ids (`former_ids`), old id -> new id, and the problems with them: a
    former id still in use by a file, or claimed by two."""
    renamed: dict[str, dict[str, str]] = {kind: {} for kind in FOLDERS.values()}
    claimed: dict[tuple[str, str], str] = {}
    problems = []
    for kind, own_id, doc in loaded:
        for i, old in _items(doc.data, "former_ids"):
            if not _is_id(old):
                continue  # the schema's to report
            at = ("former_ids", i)
            if old in RESERVED_IDS:
                problems.append(doc.problem(at, _("'%(id)s' is reserved for a generated page; it cannot be a former id")
                                            % {"id": old}, "former-id"))
            elif old in known[kind]:
                if old == own_id:
                    message = _("former id '%(id)s' is this file's own id: a former id must no longer be in use") % {
                        "id": old}
                else:
                    message = _("former id '%(id)s' is the id of %(path)s: a former id must no longer be in use") % {
                        "id": old, "path": known[kind][old].display}
                problems.append(doc.problem(at, message, "former-id"))
            elif (kind, old) in claimed:
                problems.append(doc.problem(at, _(_FORMER_ID_CLAIMED[kind]) % {"id": old, "path": claimed[kind, old]},
                                            "former-id"))
            else:
                renamed[kind][old] = own_id
                claimed[kind, old] = doc.path
    return renamed, problems


def _unknown(doc: Document, path: tuple, kind: str, value: str, ids: set[str],
             renamed: Mapping[str, str] | None = None) -> Problem:
    new = (renamed or {}).get(value)
    if new is not None:
        return doc.problem(path, _(_RENAMED[kind]) % {"old": value, "new": new}, f"renamed-{kind}")
    return doc.problem(path, _(_UNKNOWN[kind]) % {"value": value} + did_you_mean(value, ids), f"unknown-{kind}")


# Lenient readers: the links a file names, from values that may have failed the schema.
# Only what is well formed is read (an id that is not an id is the schema's to report).

def _items(data, name: str) -> Iterable[tuple[int, object]]:
    value = data.get(name) if isinstance(data, dict) else None
    return enumerate(value) if isinstance(value, list) else ()


def _is_id(value) -> bool:
    return isinstance(value, str) and schema.ID_RE.match(value) is not None


def _lesson_links(data) -> Iterable[tuple[int, str, bool]]:
    """(index, lesson id, stance written) for each lesson a case names."""
    for i, item in _items(data, "lessons"):
        value = item.get("id") if isinstance(item, dict) else item
        if _is_id(value):
            yield i, value, isinstance(item, dict) and "stance" in item


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _related(doc: Document, own_id: str, kind: str, known: Mapping) -> Iterable[Problem]:
    ids = known[kind]
    for i, other in _items(doc.data, "related"):
        if other == own_id:
            yield doc.problem(("related", i), _(_SELF_REFERENCE[kind]), "self-reference")
        elif _is_id(other) and other not in ids:
            yield _unknown(doc, ("related", i), kind, other, ids, known["renamed"][kind])


def check_links(loaded: Sequence[tuple[str, str, Document]], known: Mapping,
                used: set[str] | None, kept: dict | None = None) -> Iterable[Problem]:
    """Cross-file checks: every id named exists, stances are given where needed, lessons are used.
    `known` holds each kind's ids, and under "renamed" each kind's former ids (`former_ids`).

    They read every file that has values, valid or not, so a file's schema errors do not
    hide its links. `used` is None when some case could not be read: unused lessons are
    then not reported. `kept` (a dict the caller keeps between loads) holds each file's
    problems: a file read from the same document, among the same ids, is not checked again.
    """
    previous = kept.get("links", {}) if kept is not None and kept.get("known") == known else {}
    found: dict[tuple[str, str], tuple[Document, list[Problem]]] = {}
    for kind, own_id, doc in loaded:
        problems = _found_before(previous, (kind, own_id), doc, lambda: _file_links(kind, own_id, doc, known))
        found[(kind, own_id)] = (doc, problems)
        yield from problems
    if kept is not None:
        kept["known"], kept["links"] = known, found
    if used is not None and known["case"]:
        for kind, own_id, doc in loaded:
            if kind == "lesson" and own_id not in used:
                yield Problem(doc.path, 1, 1, WARNING, _("lesson '%(id)s' is not used by any case") % {"id": own_id},
                              "unused-lesson")


def _found_before(before: Mapping, key, source, find: Callable[[], list[Problem]]) -> list[Problem]:
    """The problems an earlier load found under `key` from this very `source` object (a load
    with a cache keeps the objects of unchanged files), or else `find()`."""
    hit = before.get(key)
    return hit[1] if hit is not None and hit[0] is source else find()


def _file_links(kind: str, own_id: str, doc: Document, known: Mapping) -> list[Problem]:
    with suggestions_for_one_file():
        return list(_links_of(kind, own_id, doc, known))


def _links_of(kind: str, own_id: str, doc: Document, known: Mapping) -> Iterable[Problem]:
    data = doc.data
    if kind == "case":
        seen: dict[str, int] = {}
        mixed = isinstance(data, dict) and data.get("verdict") == "mixed"
        for i, lesson_id, stance in _lesson_links(data):
            at = ("lessons", i, "id")  # falls back to the item when written as a bare id
            if lesson_id not in known["lesson"]:
                yield _unknown(doc, at, "lesson", lesson_id, known["lesson"], known["renamed"]["lesson"])
            if lesson_id in seen:
                yield doc.problem(at, _("lesson '%(id)s' is listed twice (also item %(other)s)") % {
                    "id": lesson_id, "other": seen[lesson_id] + 1}, "duplicate-item")
            seen.setdefault(lesson_id, i)
            if mixed and not stance:
                yield doc.problem(("lessons", i),
                                  _(schema.MESSAGES["missing-stance"]).format(id=lesson_id),
                                  "missing-stance")
        yield from _related(doc, own_id, "case", known)
    elif kind == "lesson":
        yield from _related(doc, own_id, "lesson", known)
    else:
        total = 0
        seen_cases: dict[str, int] = {}
        for i, item in _items(data, "cases"):
            if not isinstance(item, dict):
                continue
            total += _number(item.get("minutes"))
            case_id = item.get("case")
            if not _is_id(case_id):
                continue
            if case_id not in known["case"]:
                yield _unknown(doc, ("cases", i, "case"), "case", case_id, known["case"], known["renamed"]["case"])
            if case_id in seen_cases:
                yield doc.problem(("cases", i, "case"),
                                  _("case '%(id)s' is in the module twice (also item %(other)s)") % {
                                      "id": case_id, "other": seen_cases[case_id] + 1}, "duplicate-item")
            seen_cases.setdefault(case_id, i)
        duration = _number(data.get("duration")) if isinstance(data, dict) else 0
        if duration and total > duration:
            yield doc.problem(("duration",),
                              ngettext("the cases take %(num)s minute, more than the module's duration of %(duration)s",
                                       "the cases take %(num)s minutes, more than the module's duration of %(duration)s",
                                       total) % {"num": total, "duration": duration},
                              "duration")


def _module_case(module: Module, path: tuple, case_id: str, known_cases: set[str],
                 renamed: Mapping[str, str]) -> Iterable[Problem]:
    """A case named by an activity or a role-play must be one of the module's cases."""
    doc = module.doc
    in_module = [item.case for item in module.cases]
    if case_id not in known_cases:
        yield _unknown(doc, path, "case", case_id, known_cases, renamed)
    elif case_id not in in_module:
        yield doc.problem(path, _("case '%(id)s' is not one of this module's cases%(did_you_mean)s; "
                                  "add it under 'cases' or name one of: %(cases)s") % {
            "id": case_id, "did_you_mean": did_you_mean(case_id, in_module), "cases": ", ".join(in_module)},
            "not-in-module")


def _check_module_plan(module: Module, known_cases: set[str], renamed: Mapping[str, str]) -> Iterable[Problem]:
    """Activities add up to the duration and to each case's minutes; cases and objectives named exist;
    every objective is practised by an exercise."""
    doc = module.doc
    for i, play in enumerate(module.role_plays):
        if play.case is not None:
            yield from _module_case(module, ("role_plays", i, "case"), play.case, known_cases, renamed)
    if module.activities:
        spent: dict[str, int] = {}
        for i, step in enumerate(module.activities):
            if step.case is not None:
                yield from _module_case(module, ("activities", i, "case"), step.case, known_cases, renamed)
                spent[step.case] = spent.get(step.case, 0) + step.minutes
        total = sum(step.minutes for step in module.activities)
        if total != module.duration:
            yield doc.problem(("activities",), ngettext(
                "the activities take %(num)s minute, but the module's duration is %(duration)s; make them add up",
                "the activities take %(num)s minutes, but the module's duration is %(duration)s; make them add up",
                total) % {"num": total, "duration": module.duration}, "duration")
        for i, item in enumerate(module.cases):
            if spent.get(item.case, 0) != item.minutes:
                yield doc.problem(("cases", i, "minutes"), ngettext(
                    "the activities on case '%(case)s' take %(num)s minute, but the case is given %(minutes)s; "
                    "make them add up",
                    "the activities on case '%(case)s' take %(num)s minutes, but the case is given %(minutes)s; "
                    "make them add up",
                    spent.get(item.case, 0)) % {"case": item.case, "num": spent.get(item.case, 0), "minutes": item.minutes},
                    "duration")
    count = len(module.objectives)
    practised: set[int] = set()
    for i, item in enumerate(module.cases):
        for j, number in enumerate(item.practises):
            practised.add(number)
            if number > count:
                yield doc.problem(("cases", i, "practises", j),
                                  _("there is no objective %(number)s: the module has %(count)s") % {
                                      "number": number, "count": count}, "unknown-objective")
    if practised:
        for k in range(1, count + 1):
            if k not in practised:
                yield doc.problem(("objectives", k - 1), _("objective %(number)s is not practised by any exercise: "
                                                           "name it under an exercise's 'practises', or remove it") % {
                    "number": k}, "unpractised-objective", level=WARNING)


def same_titles(loaded: Sequence[tuple[str, str, Document]]) -> Iterable[Problem]:
    """Two cases, or two lessons, with the same title: readers could not tell them apart."""
    first: dict[tuple[str, str], Document] = {}
    for kind, _own_id, doc in loaded:
        title = doc.data.get("title") if isinstance(doc.data, dict) else None
        if kind == "module" or not isinstance(title, str) or not title.strip():
            continue
        key = (kind, " ".join(title.split()).casefold())
        if key in first:
            yield doc.problem(("title",), _(_SAME_TITLE[kind]) % {"path": first[key].path},
                              "same-title", level=WARNING)
        else:
            first[key] = doc


def _case_texts(case: Case) -> Iterable[tuple[tuple, str]]:
    for name in ("title", "summary", "customer", "what_happened", "response", "outcome"):
        value = getattr(case, name)
        if value:
            yield (name,), value
    for i, entry in enumerate(case.timeline):
        yield ("timeline", i, "what"), entry.what
    for link in case.lessons:
        if link.note:
            yield ("lessons", link.index, "note"), link.note


def review_hints(book: Casebook, kept: dict | None = None) -> Iterable[Problem]:
    """What a reviewer should look at: likely personal data, and gaps that weaken a case or lesson.
    `kept` (by case id: the case and its hints) holds what an earlier load found, and is
    updated: an unchanged case (the same object, from a load's cache) is not looked at again."""
    for lesson in book.lessons.values():
        yield from _lesson_hints(lesson)
    before = dict(kept) if kept is not None else {}
    if kept is not None:
        kept.clear()
    for case in book.cases.values():
        found = _found_before(before, case.id, case, lambda: list(_case_hints(case)))
        if kept is not None:
            kept[case.id] = (case, found)
        yield from found


def _lesson_hints(lesson: Lesson) -> Iterable[Problem]:
    missing = [repr(name) for name in ("say", "dont_say") if not getattr(lesson, name)]
    if missing:
        fields = _("%(first)s and %(second)s") % {"first": missing[0], "second": missing[1]} \
            if len(missing) == 2 else missing[0]
        yield lesson.doc.problem((), _("no front-line wording: add %(fields)s "
                                       "(what staff can say, and what not to say, in their own words)") % {
            "fields": fields}, "no-wording", level=NOTICE)
    for i, line in enumerate(lesson.say):
        word = commitment(line)
        if word:
            yield lesson.doc.problem(
                ("say", i), _("this line promises %(word)s without a condition, which front-line staff may not be "
                              "able to authorise: write it as conditional ('if we can...', 'I'm asking whether...')")
                % {"word": repr(word)}, "say-commits", level=NOTICE)


#: Words by which a line staff say commits money or time, and words that make it conditional.
_COMMITTING = re.compile(r"\b(refund(?:ed|ing)?|(?<!feel )free|no cost|no charge|compensat\w*|today|tomorrow|within|"
                         r"guarantee\w*)\b", re.I)
#: A condition on what staff can authorise, not on what the customer chooses ("if you'd rather...").
_CONDITIONAL = re.compile(r"\b(if (?:we|I) can|whether (?:we|I) can|I['’]m asking|I['’]ll ask|I['’]ll check|"
                          r"(?:we|I) may be able|once it['’]s approved|if it['’]s approved)\b", re.I)


def commitment(line: str) -> str | None:
    """The word by which `line` (something staff say) commits money or time with no condition, or None."""
    found = _COMMITTING.search(line)
    return found.group(1) if found and not _CONDITIONAL.search(line) else None


def _situations_needed(book: Casebook) -> Iterable[Problem]:
    """A case a module uses needs a `situation`: learner handouts show it instead of the title."""
    used: dict[str, list[str]] = {}  # case id -> the modules that use it, in order
    for module in book.modules.values():
        for case_id in dict.fromkeys(item.case for item in module.cases):
            used.setdefault(case_id, []).append(module.id)
    for case_id, modules in used.items():
        case = book.cases.get(case_id)
        if case is not None and not case.situation and case.doc is not None:
            yield case.doc.problem((), ngettext(
                "missing field 'situation' in case: the module %(modules)s uses this case, and learner handouts "
                "show its situation instead of the title, which can give the answer away; write one line on what "
                "the staff member faces, before anything is decided",
                "missing field 'situation' in case: the modules %(modules)s use this case, and learner handouts "
                "show its situation instead of the title, which can give the answer away; write one line on what "
                "the staff member faces, before anything is decided",
                len(modules)) % {"modules": ", ".join(repr(m) for m in modules)}, "missing-situation", key=True)


#: Words too common to give anything away.
_PLAIN_WORDS = frozenset("""about after again also because been before being business customer customers could
does from have into just more once only over said says some than that their them then there they this were what
when which while will with would your""".split())


def _words(text: str) -> set[str]:
    """The words of `text` long enough to say something, without possessives and plain words."""
    return {w[:-2] if w.endswith("'s") else w for w in re.findall(r"[a-z][a-z']{4,}", text.lower())} - _PLAIN_WORDS


def situation_gives_away(case: Case) -> list[str]:
    """The words of a case's `situation` that only its response or outcome tell (not what happened)."""
    if not case.situation:
        return []
    told_after = _words(case.response) | _words(case.outcome)
    return sorted((_words(case.situation) - _words(case.what_happened)) & told_after)


def _case_hints(case: Case) -> Iterable[Problem]:
    doc = case.doc
    shared = situation_gives_away(case)
    if shared:
        yield doc.problem(("situation",), _("the situation shares %(words)s with the response or outcome, which "
                                            "learners see only after the exercise; keep it to what the staff member "
                                            "faces") % {"words": ", ".join(repr(w) for w in shared)},
                          "situation-gives-away", level=NOTICE)
    for path, text in _case_texts(case):
        for offset, what in find_personal_data(text):
            line, column = doc.at_offset(path, text, offset)
            yield Problem(doc.path, line, column, WARNING,
                          _(schema.MESSAGES["personal-data"]).format(what=_(what)), "personal-data")
    word = editorial.asserted_wrongdoing(case)
    if word:
        yield doc.problem(("title",), editorial.rephrase_hint(word), "one-sided-title", level=NOTICE)
    if not case.discussion:
        yield doc.problem((), _("no discussion questions: add a few under 'discussion:' for trainers"),
                          "no-discussion", level=NOTICE)
    for i, source in enumerate(case.sources):
        missing = [name for name, value in (("url", source.url), ("published", source.published)) if not value]
        if not missing:
            continue
        values = {"name": provenance.source_name(source), "field": missing[0], "other": missing[-1]}
        message = (_("source '%(name)s' has no %(field)s or %(other)s") if len(missing) == 2
                   else _("source '%(name)s' has no %(field)s")) % values
        yield doc.problem(("sources", i), message, "source-details", level=NOTICE)
