"""The casebook's words in the site's language: catalogs managed with Babel (`casebook.i18n`),
the language of `theme.language` or the `language` option, a site's own catalog, dates and
numbers as the language writes them, and a German site read in Chromium with no English left
of the casebook's own words."""

from __future__ import annotations

import gettext
import re
import shutil

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from casebook import i18n
from conftest import CASE, LESSON, ROOT, make_project, run_cli, run_mkdocs, serve_directory, shared

LOCALE = ROOT / "plugins" / "casebook" / "locale"


def catalog(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "casebook.po", "rb") as f:
        return read_po(f, locale=language)


def test_every_shipped_language_translates_every_message_with_its_placeholders():
    with open(LOCALE / "casebook.pot", "rb") as f:
        template = read_po(f)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for language in i18n.SHIPPED:
        po = catalog(language)
        found = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
        assert set(found) == wanted, f"{language}: catalog out of step with casebook.pot (make messages)"
        for message in found.values():
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings) and not message.fuzzy, f"{language}: {ids[0]!r} is not translated"
            names = set(re.findall(r"%\((\w+)\)s", ids[-1]))
            for string in strings:
                assert set(re.findall(r"%\((\w+)\)s", string)) <= names | {"num"}, (language, ids[0], string)
                assert set(re.findall(r"%\((\w+)\)s", string)) >= names - {"num"}, (language, ids[0], string)
        # The compiled catalog the site reads holds what the .po file says (`make messages`).
        with open(LOCALE / language / "LC_MESSAGES" / "casebook.mo", "rb") as f:
            compiled = {m.id if isinstance(m.id, str) else m.id[0]: tuple(m.string) if isinstance(m.string, (list, tuple))
                        else m.string for m in read_mo(f) if m.id}
        assert compiled == {key: m.string for key, m in found.items()}, f"{language}: casebook.mo is stale"


def test_a_language_falls_back_on_its_base_and_a_sites_catalog_comes_first(tmp_path):
    assert i18n.candidates("pt-BR") == ["pt_BR", "pt"] and i18n.candidates(None) == ["en"]
    assert i18n.translations("pt-BR").gettext("Outcome") == i18n.translations("pt").gettext("Outcome") != "Outcome"
    assert i18n.translations("en").gettext("Outcome") == "Outcome"
    assert i18n.translations("xx").gettext("Outcome") == "Outcome"  # not shipped: English
    # A site's own catalog, as a .po file it needs not compile, for a language not shipped.
    own = tmp_path / "locale" / "it" / "LC_MESSAGES"
    own.mkdir(parents=True)
    (own / "casebook.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                     'msgid "Outcome"\nmsgstr "Esito"\n', encoding="utf-8")
    words = i18n.translations("it", str(tmp_path / "locale"))
    assert words.gettext("Outcome") == "Esito" and words.gettext("Timeline") == "Timeline"
    # Over a shipped language, the site's wording wins and the rest stays the casebook's.
    shutil.copytree(own, tmp_path / "locale" / "de" / "LC_MESSAGES", dirs_exist_ok=True)
    words = i18n.translations("de", str(tmp_path / "locale"))
    assert words.gettext("Outcome") == "Esito"
    assert words.gettext("Timeline") == i18n.translations("de").gettext("Timeline") != "Timeline"
    assert isinstance(i18n.translations("xx"), gettext.NullTranslations)
    # Edited while a server runs, the site's catalog is read again.
    (own / "casebook.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                     'msgid "Outcome"\nmsgstr "Risultato"\n', encoding="utf-8")
    assert i18n.translations("it", str(tmp_path / "locale")).gettext("Outcome") == "Risultato"


def test_dates_and_numbers_are_written_as_the_language_writes_them():
    assert i18n.format_when("2012-03", "en") == "March 2012"
    assert i18n.format_when("2012-03", "de") == "März 2012"
    assert i18n.format_when("2012-03-14", "fr") == "14 mars 2012"
    assert i18n.format_when("2012", "de") == "2012" and i18n.format_when("soon", "de") == "soon"
    assert i18n.format_number(8000, "en") == "8,000" and i18n.format_number(8000, "de") == "8.000"


def _german_site(folder):
    shutil.copytree(ROOT / "cases", folder / "cases")
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(
        "site_name: Kundenerlebnis\ntheme:\n  name: material\n  language: de\n"
        "plugins:\n  - search\n  - tags\n  - casebook\n", encoding="utf-8")
    result = run_mkdocs(folder, folder / "site")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def german(tmp_path_factory):
    """The repository's cases on a site whose theme speaks German, built once for the run."""
    return shared(tmp_path_factory, "german", _german_site) / "site"


#: What on a page is the cases' and lessons' own content, in the language it was written in.
CONTENT = (".casebook-prose, .casebook-note, .casebook-summary, .casebook-blurb, .casebook-search-terms, "
           "h1, .casebook-glance dd, .casebook-provenance bdi, .casebook-sources, .casebook-edit code, "
           "a[href*='cases/'], a[href*='lessons/'], a[href*='training/'], ul.casebook-cases, .casebook-timeline, .casebook-discussion, "
           ".casebook-do, .casebook-avoid, .casebook-say, .casebook-dont-say, .casebook-team-leads, "
           ".casebook-chart th[scope=row], .casebook-facet-label, nav, header, footer, .md-sidebar, script")


def english_left(html: str, english: list[str], content: str = "") -> list[str]:
    """The casebook's English words still on a page, its content (and `content`) left out."""
    page = BeautifulSoup(html, "html.parser").select_one("article")
    for element in page.select(CONTENT + (", " + content if content else "")):
        element.decompose()
    text = " ".join(page.get_text(" ").split())
    return [words for words in english if re.search(r"(?<![\w-])" + re.escape(words) + r"(?![\w-])", text)]


def english_words() -> list[str]:
    """The casebook's English words that German writes otherwise, long enough to be unmistakable
    (the words of a message around its `%(name)s` or `{name}` places, each a piece)."""
    from casebook.check import schema

    # The schema's examples are sample content, which a case may hold too ("Acknowledge ...").
    examples = {text for record in schema.RECORDS.values() for nested in schema.nested_records(record)
                for f in nested.fields for text in schema.translatable_examples(f)}
    found, german = set(), []
    for m in catalog("de"):
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        msgstr = m.string if isinstance(m.string, str) else m.string[0]
        german.append(msgstr)
        if msgid and msgstr != msgid and msgid not in examples:
            found.update(piece.strip(" .,:;") for piece in re.split(r"%\(\w+\)s|\{\w+\}", msgid))
    # Not the words German writes too ("Situation"), nor the field names its sentences keep.
    german_text = "\n".join(german)
    return sorted(piece for piece in found if (len(piece) >= 10 or len(piece) >= 6 and " " not in piece
                                               and piece[0].isupper()) and piece not in german_text)


#: What the case cards, facilitator pack and module page hold of the modules' own words.
MODULE_CONTENT = (".casebook-meta bdi, .casebook-focus bdi, .casebook-check li, .casebook-prompt bdi, "
                  ".casebook-covers, .casebook-role-play, .casebook-rubric td, .casebook-rubric tbody th, "
                  ".casebook-objections, .casebook-table td, ol li, h2, .casebook-glance, .casebook-lesson-list > li > a")


def test_a_german_site_has_the_casebooks_words_in_german(german):
    english = english_words()
    assert len(english) > 200
    modules = [f"training/{p.stem}/index.html" for p in (ROOT / "cases" / "modules").glob("*.yml")]
    pages = ["index.html", "cases/index.html", "cases/ozzys-archive-facebook-complaints-disappear/index.html",
             "cases/title-9-refunds-entry-fees/index.html", "lessons/index.html",
             "lessons/acknowledge-disappointment-first/index.html", "stats/index.html", "tags/index.html",
             "training/index.html", "contributing/index.html", "propose/index.html", *modules,
             *(m.replace("training/", "training/facilitator/") for m in modules),
             *(m.replace("training/", "training/cards/") for m in modules)]
    for path in pages:
        html = (german / path).read_text(encoding="utf-8")
        assert '<html lang="de"' in html, path
        # The contributing page's field names and examples are the files' own (`code`).
        left = english_left(html, english, MODULE_CONTENT if path.startswith("training/") else "code")
        assert left == [], path
    # The site has no nav: MkDocs names the sections after their folders, the casebook in German.
    nav = [" ".join(a.get_text().split()) for a in BeautifulSoup((german / "stats" / "index.html").read_text(
        encoding="utf-8"), "html.parser").select(".md-nav--primary .md-nav__link")]
    de = i18n.translations("de").gettext
    assert {de("Cases"), de("Lessons"), de("Training")} <= set(nav) and not {"Cases", "Lessons"} & set(nav), nav
    case = BeautifulSoup((german / pages[2]).read_text(encoding="utf-8"), "html.parser").select_one("article")
    headings = [h.get_text(strip=True).rstrip("¶") for h in case.find_all("h2")]
    de = i18n.translations("de").gettext
    assert headings[:4] == [de("What happened"), de("How the business responded"), de("Outcome"), de("Timeline")]
    assert case.select_one(".casebook-glance .casebook-verdict").get_text() == de("Bad practice")
    assert case.select_one(".casebook-provenance").get_text().startswith(de("As told by the customer"))


@pytest.mark.browser
def test_the_filters_of_a_german_site_speak_german(german, tabs):
    de = i18n.translations("de")
    base, stop = serve_directory(german)
    tab = tabs.take(viewport={"width": 1280, "height": 900})
    try:
        tab.goto(base + "/cases/")
        status = tab.locator("[data-casebook-status]")
        tab.wait_for_function("document.querySelector('[data-casebook-status]').textContent.trim() !== ''")
        total = len(list((ROOT / "cases").glob("*.yml")))
        assert status.inner_text() == de.ngettext("%(num)s case", "%(num)s cases", total) % {"num": total}
        tab.locator('input[name="verdict"][value="bad"]').check()
        bad = sum(1 for p in (ROOT / "cases").glob("*.yml") if "\nverdict: bad\n" in p.read_text(encoding="utf-8"))
        expected = de.ngettext("%(num)s of %(total)s cases match", "%(num)s of %(total)s cases match", bad) % {
            "num": bad, "total": total}
        tab.wait_for_function("t => document.querySelector('[data-casebook-status]').textContent === t", arg=expected)
        chip = tab.locator("[data-casebook-chips] button").first
        assert chip.get_attribute("aria-label") == de.gettext("Remove filter %(facet)s: %(value)s") % {
            "facet": de.gettext("Verdict"), "value": de.gettext("Bad practice")}
        assert tab.locator("[data-casebook-toggle]").inner_text().startswith(de.gettext("Filter"))
        assert tab.js_errors == []
    finally:
        tabs.done(tab)
        stop()


def test_a_translated_case_file_is_checked_like_any_and_against_its_original(tmp_path):
    """`<id>.<language>.yml` beside `<id>.yml` is that case in another language: checked like
    any case, it must tell the same case (verdict, channels, sector, lessons, related), and it
    needs its original; `in_language` shows it, and the original where there is none."""
    from casebook.link import casefiles

    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "cases", cases)
    ozzy, title_9 = "ozzys-archive-facebook-complaints-disappear", "title-9-refunds-entry-fees"
    text = (cases / f"{title_9}.yml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    (cases / f"{title_9}.de.yml").write_text(text.replace(title, "title: Title 9 erstattet jede Startgebühr"),
                                             encoding="utf-8")
    (cases / f"{title_9}.fr.yml").write_text(text.replace("verdict: good", "verdict: bad"), encoding="utf-8")
    (cases / "no-such-case.de.yml").write_text(text, encoding="utf-8")
    (cases / f"{ozzy}.de.yml").write_text("title: [\n", encoding="utf-8")
    # Personal data in a translation is as much a warning as in the original.
    (cases / f"{title_9}.nl.yml").write_text(text.replace(title, "title: Jan (jan.devries@example.com) krijgt geld terug"),
                                             encoding="utf-8")
    # A module's translation runs the same session: its plan (minutes, practises, activities) is the original's.
    module = next((ROOT / "cases" / "modules").glob("*.yml"))
    plan = module.read_text(encoding="utf-8")
    first_minutes = re.search(r"\n( +)minutes: (\d+)\n", plan)
    (cases / "modules" / f"{module.stem}.de.yml").write_text(
        plan.replace(first_minutes.group(0), f"\n{first_minutes.group(1)}minutes: {int(first_minutes.group(2)) + 1}\n", 1),
        encoding="utf-8")
    (cases / f"{title_9}.pt_br.yml").write_text(text.replace(title, "title: Title 9 reembolsa as inscrições"),
                                                encoding="utf-8")
    (cases / f"{title_9}.old.yml").write_text(text, encoding="utf-8")  # no language: a file name to fix
    book, problems = casefiles.load(str(cases), root=str(tmp_path))
    errors = sorted((p.path, p.line, p.rule) for p in problems if p.is_error)
    verdict_line = text.splitlines().index("verdict: good") + 1
    assert [e for e in errors if e[2] != "yaml-syntax"] == [
        (f"cases/modules/{module.stem}.de.yml", errors[0][1], "translation"),
        ("cases/no-such-case.de.yml", 1, "translation"),
        (f"cases/{title_9}.fr.yml", verdict_line, "translation"),
        (f"cases/{title_9}.old.yml", 1, "file-name"),
    ], errors
    assert [(p.path, p.rule) for p in problems if p.rule == "personal-data"] == [(f"cases/{title_9}.nl.yml", "personal-data")]
    assert any(p.path == f"cases/{ozzy}.de.yml" for p in problems if p.is_error)  # checked like any case file
    assert set(book.cases) == {p.stem for p in (ROOT / "cases").glob("*.yml")}  # a translation is no case of its own
    german = casefiles.in_language(book, "de", "en")
    assert german.cases[title_9].title == "Title 9 erstattet jede Startgebühr"
    assert german.cases[ozzy] is book.cases[ozzy] and german.fallback[("case", ozzy)] == "en"
    assert ("case", title_9) not in german.fallback
    assert casefiles.in_language(book, "en", "en") is book
    assert casefiles.in_language(book, "pt-BR", "en").cases[title_9].title == "Title 9 reembolsa as inscrições"


@pytest.mark.browser
def test_the_propose_form_and_a_printed_handout_of_a_german_site_speak_german(german, tabs, tmp_path):
    """The form as a contributor fills it in (its labels, help, messages and the file it
    makes), and a module's learner handout printed to PDF: no English word of the casebook's."""
    from pypdf import PdfReader

    english = english_words()
    de = i18n.translations("de")
    base, stop = serve_directory(german)
    tab = tabs.take(viewport={"width": 1280, "height": 900})
    try:
        tab.goto(base + "/propose/")
        form = tab.locator("form.casebook-propose")
        form.wait_for()
        assert form.get_attribute("aria-label") == de.gettext("Propose a case")
        tab.get_by_role("button", name=de.gettext("Make the case file")).click()  # every problem, at once
        tab.locator(".casebook-problem-list li").first.wait_for()
        said = form.inner_text()
        assert de.gettext("Error: ").strip() in said
        # What the form shows, with the lessons' titles, the examples and the file names left out.
        text = tab.evaluate("""() => {
            const form = document.querySelector('form.casebook-propose').cloneNode(true);
            form.querySelectorAll('.casebook-picker-results, datalist, option, code, .casebook-help').forEach(e => e.remove());
            return form.innerText; }""")
        left = [w for w in english if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)]
        assert left == [], left
        assert tab.js_errors == []

        module = sorted((ROOT / "cases" / "modules").glob("*.yml"))[0].stem
        tab.emulate_media(media="print")
        tab.goto(base + f"/training/{module}/")
        pdf = tmp_path / "handout.pdf"
        tab.pdf(path=str(pdf), format="A4")
        printed = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages)
        assert de.gettext("Objectives") in printed and de.gettext("Agenda") in printed
        # The handout's own words are the module's, in English; the frame around them is German.
        for words in ("Objectives", "Agenda", "What happened", "Your task:", "Audience", "Duration", "Starts at",
                      "By the end of the session you will be able to:", "Before the session", "After the session"):
            assert de.gettext(words) != words and words not in printed, words
    finally:
        tab.emulate_media(media="screen")
        tabs.done(tab)
        stop()


def test_validate_reports_problems_in_the_sites_language(tmp_path):
    """`casebook validate` writes its problems in the site's language (the theme's here), from
    the site's own catalog (`locale_dir`) too; the file, place, level and rule stay as they are,
    for the scripts and annotations that read them."""
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          "msgid \"unknown lesson '%(value)s'\"\nmsgstr \"unbekannte Lektion '%(value)s'\"\n\n"
          "msgid \"duplicate key '%(key)s' (first written on line %(line)s): keep one; the later one is the one "
          "checked\"\nmsgstr \"Schlüssel '%(key)s' doppelt (zuerst in Zeile %(line)s): behalten Sie einen; "
          "geprüft wird der spätere\"\n")
    case = CASE.replace("lessons: [acknowledge-first]", "lessons: [acknowledge-frist]") + "verdict: bad\n"
    verdict = CASE.splitlines().index("verdict: bad") + 1
    files = {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": case,
             "locale/de/LC_MESSAGES/casebook.po": po}
    said = {}
    for language in ("de", "en"):
        mkdocs_yml = (f"site_name: Test\ndocs_dir: docs\ntheme:\n  name: material\n  language: {language}\n"
                      "plugins:\n  - casebook:\n      locale_dir: locale\n")
        project = make_project(tmp_path / language, files, mkdocs_yml)
        result = run_cli("validate", cwd=project)
        assert result.returncode == 1, result.stderr
        said[language] = result.stdout.splitlines()
    lesson = case.splitlines().index("lessons: [acknowledge-frist]") + 1
    at = f"cases/shop-cancels.yml:{lesson}:{len('lessons: [') + 1}"
    last = len(case.splitlines())
    assert f"cases/shop-cancels.yml:{last}:1: error: Schlüssel 'verdict' doppelt (zuerst in Zeile {verdict}): " \
           "behalten Sie einen; geprüft wird der spätere [duplicate-key]" in said["de"]
    assert any(line.startswith(f"{at}: error: unbekannte Lektion 'acknowledge-frist'")
               and line.endswith("[unknown-lesson]") for line in said["de"]), said["de"]
    assert f"cases/shop-cancels.yml:{last}:1: error: duplicate key 'verdict' (first written on line {verdict}): " \
           "keep one; the later one is the one checked [duplicate-key]" in said["en"]
    assert any(line.startswith(f"{at}: error: unknown lesson 'acknowledge-frist'")
               for line in said["en"]), said["en"]
    assert not any("Lektion" in line or "Schlüssel" in line for line in said["en"])


def test_the_json_schema_describes_fields_in_the_language_spoken():
    """`casebook schema` writes the editors' descriptions in the site's language."""
    from casebook.check import schema

    title = next(f for f in schema.CASE.fields if f.name == "title")
    german = i18n.translations("de")
    with i18n.speaking(german):
        described = schema.json_schema("case", schema.DEFAULT_VOCABULARIES)
    assert described["properties"]["title"]["description"] == german.gettext(title.doc) != title.doc
    assert schema.json_schema("case", schema.DEFAULT_VOCABULARIES)["properties"]["title"]["description"] == title.doc
