"""The casebook's own words in the site's language: gettext catalogs, managed with Babel.

Every word the casebook adds to a page (headings, labels, filters, what its scripts say) is a
message of the domain `casebook`. The source is English; `casebook/locale/casebook.pot` holds
the messages, and `casebook/locale/<language>/LC_MESSAGES/casebook.po` (compiled to `.mo`)
each shipped language. `make messages` extracts, updates and compiles them with Babel.

A site may bring its own catalogs (`locale_dir`): for a language the casebook does not ship,
or to change its wording. Their messages come before the casebook's own, and a `.po` file is
read as it is, so a site needs no compiling step.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as catalogs
import io
import json
import os
import re

DOMAIN = "casebook"
#: The catalogs the casebook ships.
LOCALES = os.path.join(os.path.dirname(__file__), "locale")
#: The languages shipped, besides English, the source.
SHIPPED = ("de", "es", "fr", "nl", "pt")


def N_(message: str) -> str:
    """Marks `message` for the catalogs (`make messages` finds it); it is translated where shown."""
    return message


#: The words of the language problems and descriptions are written in, while `speaking` holds:
#: the checks write their messages with `gettext` and `ngettext`, which read it.
_SPEAKING: contextvars.ContextVar[catalogs.NullTranslations] = contextvars.ContextVar(
    "casebook_words", default=catalogs.NullTranslations())


@contextlib.contextmanager
def speaking(words: catalogs.NullTranslations):
    """Within this block, `gettext` and `ngettext` give the messages in the language of `words`."""
    token = _SPEAKING.set(words)
    try:
        yield words
    finally:
        _SPEAKING.reset(token)


def gettext(message: str) -> str:
    """`message` in the language being spoken (`speaking`); English, the source, by default."""
    return _SPEAKING.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` in the language being spoken (`speaking`)."""
    return _SPEAKING.get().ngettext(singular, plural, n)


def spoken() -> catalogs.NullTranslations:
    """The words of the language being spoken (`speaking`)."""
    return _SPEAKING.get()


def is_source(words: catalogs.NullTranslations) -> bool:
    """Whether `words` are the source's, English: no catalog translates them."""
    return type(words) is catalogs.NullTranslations


def extract_schema(fileobj, keywords, comment_tags, options):
    """Babel's extractor (`babel.cfg`) of the schema module: its messages, as Python's
    extractor finds them, and the words its tables hold as data: field labels and
    descriptions, record names, fixed values' labels (`propose_form.schema_messages`)."""
    from babel.messages.extract import extract_python

    from casebook.render.propose_form import schema_messages

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for message in schema_messages():
        yield 0, "gettext", message, []


def candidates(language: str | None) -> list[str]:
    """The catalog names to look for a language under, most specific first: `pt-BR` gives
    `pt_BR` then `pt`."""
    parts = [part for part in (language or "en").strip().replace("-", "_").split("_") if part] or ["en"]
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _catalog(folder: str, language: str) -> catalogs.NullTranslations | None:
    """The catalog of `language` in `folder` (`<folder>/<language>/LC_MESSAGES/casebook.mo`, or
    the `.po` beside it), or None when there is none."""
    for name in candidates(language):
        base = os.path.join(folder, name, "LC_MESSAGES", DOMAIN)
        if os.path.isfile(base + ".mo"):
            with open(base + ".mo", "rb") as f:
                return catalogs.GNUTranslations(f)
        if os.path.isfile(base + ".po"):
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with open(base + ".po", "rb") as f:
                catalog = read_po(f, locale=name)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return catalogs.GNUTranslations(compiled)
    return None


def translations(language: str | None, locale_dir: str | None = None) -> catalogs.NullTranslations:
    """The casebook's words in `language`: the site's own catalog (in `locale_dir`) first, then
    the casebook's; English, the source, where neither has a message. Read again when a file
    of the site's catalog changed, as it may while a server runs."""
    return _translations(language, locale_dir, _site_catalogs(language, locale_dir))


def _site_catalogs(language: str | None, locale_dir: str | None) -> tuple:
    """The time and size of each file a site's catalog of `language` may be read from."""
    found = []
    for name in candidates(language) if locale_dir else ():
        for ext in (".mo", ".po"):
            try:
                status = os.stat(os.path.join(locale_dir, name, "LC_MESSAGES", DOMAIN + ext))
            except OSError:
                continue
            found.append((name + ext, status.st_mtime_ns, status.st_size))
    return tuple(found)


@functools.lru_cache(maxsize=16)
def _translations(language: str | None, locale_dir: str | None, _stamps: tuple) -> catalogs.NullTranslations:
    found = catalogs.NullTranslations()
    for folder in (LOCALES, locale_dir):  # each added one falls back on the one before it
        if folder:
            catalog = _catalog(folder, language or "en")
            if catalog is not None:
                catalog.add_fallback(found)
                found = catalog
    return found


#: Where the scripts find their words (`words_script`), loaded before them on every page.
SCRIPT_WORDS = "words.js"


def words_script(translations: catalogs.NullTranslations) -> str:
    """The scripts' words in the catalog's language (`script_words`), as the script that gives
    them to casebook.js, search.js and form.js (`window.casebookWords`)."""
    words = json.dumps(script_words(translations), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return ("/* casebook: what its scripts say, in the site's language (made from its catalogs). */\n"
            f"window.casebookWords = {words};\n")


def script_words(translations: catalogs.NullTranslations) -> dict:
    """What the scripts say, in the catalog's language, by the keys they use (`WORDS` there):
    `{name}` where it puts a value, and for a word with forms by number, the form for one and
    the form for others (the languages shipped have these two)."""
    _, ngettext = translations.gettext, translations.ngettext

    def forms(one: str, other: str, **values: str) -> dict:
        return {"one": one % {"num": "{n}", **values}, "other": other % {"num": "{n}", **values}}

    return {
        "loading": _("Loading…"),
        "notLoaded": _("This case did not load.") + " ",
        "onPage": _("It is on page %(page)s of the cases") % {"page": "{page}"},
        "removeFilter": _("Remove filter %(facet)s: %(value)s") % {"facet": "{facet}", "value": "{value}"},
        "remove": _("Remove %(facet)s: %(value)s") % {"facet": "{facet}", "value": "{value}"},
        "showMore": _("Show %(num)s more") % {"num": "{n}"},
        "notShown": " " + _("%(num)s not shown yet") % {"num": "{n}"},
        # Each form by number as the catalog gives it for one, and for two (the others).
        "cases": forms(ngettext("%(num)s case", "%(num)s cases", 1), ngettext("%(num)s case", "%(num)s cases", 2)),
        "match": forms(ngettext("%(num)s of %(total)s cases match", "%(num)s of %(total)s cases match", 1),
                       ngettext("%(num)s of %(total)s cases match", "%(num)s of %(total)s cases match", 2),
                       total="{total}"),
        "show": forms(ngettext("Show %(num)s case", "Show %(num)s cases", 1),
                      ngettext("Show %(num)s case", "Show %(num)s cases", 2)),
        "scrolls": _("Table, scrolls sideways"),
        "search": _("Search"),
        "searchDown": _("Search is not available: its index could not be loaded."),
    }


def language_code(language: str | None) -> str:
    """The language as a page's `lang` and the browser's `Intl` read it (`pt-BR`, `de`)."""
    return (language or "en").replace("_", "-")


@functools.lru_cache(maxsize=16)
def babel_locale(language: str | None):
    """Babel's locale for the language, or English where Babel has none."""
    from babel import Locale, UnknownLocaleError

    for name in candidates(language):
        try:
            return Locale.parse(name)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def language_name(code: str, language: str | None) -> str:
    """The name of the language `code` in `language`: "Englisch" for `en` in German."""
    return babel_locale(code).get_display_name(babel_locale(language)) or code


def format_number(value: int, language: str | None) -> str:
    """A count as the language writes it: 8,000 in English, 8.000 in German."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(language))


_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def format_when(value: str | None, language: str | None) -> str:
    """A case's date (`2012`, `2012-03` or `2012-03-14`) as the language writes it: "March 2012",
    "März 2012", "14 mars 2012". Anything else is shown as it was written."""
    match = _DATE.match(value or "")
    if not match or not match.group(2):
        return value or ""
    import datetime

    from babel.dates import format_date, format_skeleton

    locale = babel_locale(language)
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        when = datetime.date(year, month, day)
    except ValueError:
        return value or ""
    if match.group(3):
        return format_date(when, format="long", locale=locale)
    return format_skeleton("yMMMM", when, locale=locale)
