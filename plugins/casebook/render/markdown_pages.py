"""Render a casebook into Markdown pages, keyed by their path in the docs tree.

Nothing here knows MkDocs: the pages are plain Markdown with front matter, links between
them are relative `.md` links, and contributor text only ever arrives escaped or sanitised
(see `markup`). `casebook render OUT` writes the same pages to disk for any other engine.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from collections import Counter

from casebook import i18n, provenance
from casebook.check import editorial, schema
from casebook.link.casefiles import Casebook
from casebook.link.graph import Graph, build, cases_like, stats
from casebook.render import case_listing, charts, markup, propose_form, search_entry, training
from casebook.paths import (
    ASSET_DEST, CASES_INDEX, CONTRIBUTING, HOME, LESSONS_INDEX, PROPOSE, PROPOSE_DATA, PROPOSE_IDS, STATS, TAGS,
    TRAINING_INDEX, cards_page, case_page, facilitator_page, lesson_page, module_page, page_url, propose_data,
    relative_url, relpath, resolve_html_links,
)
from casebook.problems import Problem
from casebook.publish import office

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")

#: How many cases of each verdict the home page shows.
HOME_LIMIT = 8
#: The box above a case's story, by the stance of the lessons it lists.
TAKEAWAY_HEADINGS = {"broken": i18n.N_("What to do instead"), "followed": i18n.N_("What they did right")}
#: How a lesson's stance is named beside it.
STANCE_LABELS = {"followed": i18n.N_("Followed"), "broken": i18n.N_("Broken")}
#: Which box comes first for each verdict.
TAKEAWAY_ORDER = {"bad": ("broken", "followed"), "good": ("followed", "broken"), "mixed": ("followed", "broken")}
#: A filter with more choices than this shows only its most used ones; the rest unfold.
FACET_OPEN_LIMIT = 6
#: How many lessons the stats page ranks.
STATS_TOP = 10


@dataclass(kw_only=True)
class RenderOptions:
    """How pages are linked, where templates come from, and which pages are written. The
    values of the casebook's options have no defaults here: they are defined once, in
    `casebook.mkdocs.config`, whose `render_options` makes these."""

    #: Whether `cases/x.md` is served at `cases/x/` (MkDocs' `use_directory_urls`).
    directory_urls: bool = True
    #: Maps a YAML file's project path (`cases/x.yml`) to an edit link, or None for no link.
    edit_url: Callable[[str], str | None] = lambda path: None
    #: GitHub's new-file and upload addresses for the site's repository (`propose_form.github_repo`), or None.
    repo: dict | None = None
    #: A folder of templates searched before the built-in ones.
    templates_dir: str | None
    #: How vocabulary terms (channels, sectors, themes) are shown: term -> label.
    labels: Mapping[str, str]
    #: The cases folder as the repository names it, where a proposed file goes.
    cases_dir: str
    #: How many cases of each stance a lesson page lists; the cases index, filtered by the
    #: lesson, lists them all.
    lesson_cases: int
    #: How many cases of each verdict the cases index lists as plain links; the filters reach
    #: them all, and numbered pages list them all.
    index_cases: int
    #: Give each case page a hidden line of its lessons' titles and its rarest words, for a
    #: search that reads only a case page's first section (the theme's, see `casebook.render.search_entry`).
    #: A search that reads whole pages (Pagefind) does without it.
    search_terms: bool
    #: Generate the playbook home page at `index.md`.
    home: bool
    #: Generate the cases index with its filters.
    cases_index: bool
    #: Generate the lessons index and a page for each lesson.
    lessons: bool
    #: Generate the training index, module and facilitator pages; None: only when there are modules.
    training: bool | None
    #: Generate the stats page.
    stats_page: bool
    #: Generate the tags index page (for Material's tags plugin).
    tags_page: bool
    #: Generate the contributing page that documents every field.
    contributing_page: bool
    #: Generate the "Propose a case" form, and a "Suggest a correction" link on every case.
    propose_page: bool
    #: The formats each module is published in beside its page (`casebook.publish.office.FORMATS`:
    #: those whose libraries are installed), which its page and the training index link.
    downloads: tuple[str, ...] = ()
    #: The language of the casebook's own words (`casebook.i18n`): a code such as `de` or `pt-BR`.
    language: str = "en"
    #: A folder of the site's own catalogs, searched before the casebook's (`casebook.i18n`).
    locale_dir: str | None = None


#: The options that turn a generated page or section on or off, named as the plugin's options.
SWITCHES = ("home", "cases_index", "lessons", "training", "stats_page", "tags_page", "contributing_page",
            "propose_page")


#: What a link to a page the site does not generate points at until `_unlink` turns it into its text.
_OFF = "casebook:off"
_OFF_LINKS = re.compile(
    r'<a\b[^>]*\bhref="' + _OFF + r'[^"]*"[^>]*>(.*?)</a>'  # an HTML link
    r"|\[((?:\\.|[^\]\\])*)\]\(" + _OFF + r"[^)]*\)",  # a Markdown link
    re.DOTALL,
)


def _unlink(text: str) -> str:
    """Every link to a page that is not generated, replaced by the text it had."""
    if _OFF not in text:
        return text
    return _OFF_LINKS.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)


def safe_external_url(url: str) -> Markup:
    """A validated http(s) address with anything that could end a link percent-encoded."""
    return Markup(quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._"))


def page_title(text: str, pattern: str = "{title}") -> str:
    """A page's title for its front matter: HTML-escaped text, as a Markdown engine gives the
    first heading. Written out because Material prints a title taken from the heading through
    `striptags`, which turns `&lt;/title&gt;` back into a tag; a front-matter title it prints
    as it is. The theme may also copy the title's text into `innerHTML` (see
    `markup.inert_text`). The contributor's text is isolated from the template's around it
    (`pattern`'s words about `{title}`, and the site name Material adds), as a `<bdi>` would."""
    return html.escape(pattern.replace("{title}", markup.isolate(markup.inert_text(" ".join(text.split())))), quote=False)


def front_matter(**meta) -> str:
    meta = {k: v for k, v in meta.items() if v not in (None, [], {})}
    if not meta:
        return ""
    text = yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + text + "---\n\n"


def inline_code(value: str) -> Markup:
    """Text as a Markdown code span (a file path, say)."""
    text = " ".join(str(value).split()).replace("`", "'")
    return Markup(f"`{text}`")


def inline_codes(values) -> Markup:
    return Markup(", ").join(inline_code(v) for v in values)


def table_cell(value) -> Markup:
    """Text for a Markdown table cell: escaped, with no pipe to end the cell early."""
    text = str(value) if isinstance(value, Markup) else markup.escape_text(value)
    return Markup(text.replace("|", "\\|"))


#: A scenario longer than this (in characters) fills so much of a printed A4 page that the
#: learner handout gives its writing space a page of its own.
LONG_SCENARIO = 1100

def and_list(items, language: str | None = None) -> str:
    """Items as a phrase in the language (Babel's rules): [1, 2, 3] -> '1, 2, and 3', '1, 2 und 3'."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], locale=i18n.babel_locale(language))


_PLACE = re.compile(r"\{(\w+)\}")


def html_links(message: str, **links: tuple[str, str]) -> Markup:
    """A sentence for an HTML block whose `{name}` places are links, each given as (address,
    text), or Markup made for the page (a `code` span): the catalog's translators move the
    places as their language needs, and the sentence's text stays text."""
    return _with_links(message, markup.escape_attr, links)


def md_links(message: str, **links: tuple[str, str]) -> Markup:
    """`html_links` for a Markdown line: its text escaped as Markdown text."""
    return _with_links(message, markup.escape_text, links)


def _with_links(message: str, escape: Callable[[str], str], links: Mapping[str, tuple[str, str]]) -> Markup:
    out = []
    for n, piece in enumerate(_PLACE.split(message)):
        if n % 2 == 0:  # the escapes fold white space, which here joins text to a link
            text = piece.strip()
            out.append(" " * (piece[:1].isspace()) + escape(text) + " " * (piece[-1:].isspace()) if text else piece)
        else:
            value = links[piece]
            if isinstance(value, tuple):
                out.append(Markup('<a href="{}">{}</a>').format(*value))
            else:  # already made for the page (`code`), or text
                out.append(value if isinstance(value, Markup) else escape(str(value)))
    return Markup("".join(out))


def _finalize(value):
    """Every `{{ }}` in a template is escaped as plain text unless it is already Markup."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return markup.escape_text(value)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the next Renderer: `mkdocs serve` makes one per
    rebuild, and compiling every template again cost more than rendering the changed pages.
    Jinja checks each template's source against the one compiled, so an edited template is
    compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()
#: The same for the site theme's templates, which `mkdocs serve` compiles again for each rebuild.
THEME_TEMPLATES = _CompiledTemplates()


class Renderer:
    """Writes the casebook's pages as Markdown from its templates, for one set of options: every
    page (`pages`), the files they fetch (`data_files`, `propose_data`). It holds the template
    environment and what it rendered, so that the next Renderer of `mkdocs serve` can reuse
    each page and field whose inputs did not change; nothing here knows the site engine."""

    def __init__(self, book: Casebook, options: RenderOptions, graph: Graph | None = None,
                 previous: dict | None = None, previous_pages: dict | None = None,
                 case_words: dict[str, list[str]] | None = None, previous_items: dict | None = None,
                 previous_graph: Graph | None = None, previous_terms: search_entry.Terms | None = None):
        """`previous` is the `prose_cache` of an earlier Renderer, and `previous_pages` its
        `page_cache`, and `previous_items` its `item_cache`: what it rendered is reused, as is
        what its `previous_graph` and `previous_terms` (its `terms`) found of the cases that
        did not change.
        `case_words` gives `search_entry.case_words` of some or all cases, found earlier."""
        self.book = book
        self.options = options
        self.graph = graph or build(book, previous_graph)
        self._previous = previous or {}
        self._previous_pages = previous_pages or {}
        #: Each case, lesson and numbered page rendered, by path, and the cases index's data
        #: block (`cases/index.md#data`): (what it was rendered from, Markdown).
        #: `mkdocs serve` keeps this between builds, and a page rendered from the same things
        #: is not rendered again.
        self.page_cache: dict[str, tuple[tuple, str]] = {}
        self._previous_items = previous_items or {}
        #: Each case's list item on the cases index and its numbered pages, by (page, case id):
        #: (the case it was rendered from, the item). `mkdocs serve` keeps this between builds.
        self.item_cache: dict[tuple[str, str], tuple[object, Markup]] = {}
        self._case_words = case_words
        #: Each case's words (`search_entry.case_words`), once the search terms are found.
        self.case_words: dict[str, list[str]] = {}
        self._search_terms: dict[str, list[str]] | None = None
        self._previous_terms = previous_terms
        #: The cases' distinctive words and what finding them again needs (`search_entry.Terms`).
        self.terms: search_entry.Terms | None = None
        #: Each Markdown field rendered by this Renderer, by (text, css class): a note shows on
        #: its case page and again on its lesson page, and `mkdocs serve` keeps this between builds.
        self.prose_cache: dict[tuple[str, str], Markup] = {}
        self._card_files: dict[str, str] = {}
        #: The casebook's words in the site's language (`casebook.i18n`).
        self.translations = i18n.translations(self.options.language, self.options.locale_dir)
        self._ = self.translations.gettext
        # Part of each case page's key: the labels and the language its words are in.
        self._labels = (self.options.language, self.options.locale_dir, tuple(sorted(self.options.labels.items())))
        loaders: list[jinja2.BaseLoader] = []
        if self.options.templates_dir:
            loaders.append(jinja2.FileSystemLoader(self.options.templates_dir))
        loaders.append(jinja2.FileSystemLoader(TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_translations(self.translations, newstyle=True)
        self.env.filters.update(
            prose=self.prose,
            attr=markup.escape_attr,
            bdi=markup.isolated,
            isolate=markup.isolated_text,
            external=safe_external_url,
            code=inline_code,
            codes=inline_codes,
            cell=table_cell,
            and_list=lambda items: and_list(items, options.language),
            html_links=html_links,
            md_links=md_links,
            language_name=lambda code: i18n.language_name(code, options.language),
            upper_first=markup.upper_first,
            example=schema.shown_example,
            source_label=lambda source: provenance.source_label(source, self._),
            provenance_line=lambda case: provenance.line(case, markup.isolate, self._),
            provenance_facets=provenance.facets,
            term=self.term,
            when=lambda value: i18n.format_when(value, self.options.language),
            number=lambda value: i18n.format_number(value, self.options.language),
            terms=lambda values: ", ".join(self.term(v) for v in values),
        )
        # The verdicts' labels are the site's (`labels`), as every vocabulary term's are.
        self.verdict_labels = {v: self.term(v) for v in schema.VERDICTS}
        self.env.globals.update(book=book, graph=self.graph, verdict_labels=self.verdict_labels,
                                stance_labels={k: self._(v) for k, v in STANCE_LABELS.items()},
                                data_script=lambda text: Markup(propose_form.data_script(text)),
                                strong=lambda text: Markup(f"**{markup.escape_text(text)}**"))  # in a Markdown line

    def term(self, value: str) -> str:
        """A verdict's or vocabulary term's readable label, the site's own or the built-in one,
        in the site's language: a site's own label is looked up in its catalog (`locale_dir`)
        too, so that each language of a translated site has its own."""
        return self._(schema.term_label(value, self.options.labels))

    def prose(self, text: str | None, css_class: str = "casebook-prose") -> Markup:
        key = (text or "", css_class)
        done = self.prose_cache.get(key)
        if done is None:
            done = self._previous.get(key)
            if done is None:
                done = markup.prose(text, css_class)
            self.prose_cache[key] = done
        return done

    # -- links ------------------------------------------------------------------------------

    def _context(self, src: str, **values) -> dict:
        folder = posixpath.dirname(src)

        def link(target: str) -> Markup:
            """A relative `.md` link for Markdown, which the site engine resolves and checks."""
            if not self.generates(target):
                return Markup(_OFF)
            return Markup(relpath(target, folder))

        def href(target: str, query: str = "") -> Markup:
            """A link for raw HTML blocks: the target's `.md` file relative to this page's, as
            Zensical resolves links in HTML (the plugin does the same for MkDocs,
            `paths.resolve_html_links`)."""
            if not self.generates(target):
                return Markup(_OFF)
            return Markup(html.escape(relpath(target, folder) + query, quote=True))

        def downloads(module_id: str) -> list[tuple[Markup, Markup]]:
            """(link, label) of each file published from a module, for raw HTML: the file
            relative to this page's file, as `href` links a page (the plugin resolves both)."""
            if not self.training:
                return []
            return [(Markup(html.escape(url, quote=True)), markup.escape_attr(self._(label)))
                    for url, label in office.links(module_id, self.options.downloads, lambda path: relpath(path, folder))]

        def lesson_link(lesson_id: str) -> Markup:
            """An HTML link to a lesson, its title when lesson pages are off, or its bare id when it did not load."""
            lesson = self.book.lessons.get(lesson_id)
            if lesson is None:
                return markup.escape_attr(lesson_id)
            if not self.options.lessons:
                return markup.isolated(lesson.title)
            return Markup('<a href="{}">{}</a>').format(href(lesson_page(lesson_id)), markup.isolated(lesson.title))

        values.update(
            src=src,
            link=link,
            href=href,
            lesson_link=lesson_link,
            downloads=downloads,
            case_page=case_page,
            lesson_page=lesson_page,
            module_page=module_page,
            facilitator_page=facilitator_page,
            cards_page=cards_page,
            numbered_page=case_listing.numbered_page,
        )
        return values

    def render(self, template: str, src: str, **values) -> str:
        with i18n.speaking(self.translations):  # what the schema says on the page, in its language
            return _unlink(self.env.get_template(template).render(self._context(src, **values)))

    @property
    def training(self) -> bool:
        """Whether the training pages are generated."""
        training = self.options.training
        return bool(self.book.modules) if training is None else training

    def generates(self, src: str) -> bool:
        """Whether the page at `src` is one of the pages generated with these options."""
        section = src.split("/", 1)[0] if "/" in src else src
        if src == HOME:
            return self.options.home
        if src == CASES_INDEX or src.startswith(case_listing.FOLDER + "/"):
            return self.options.cases_index
        if section == "lessons":
            return self.options.lessons
        if section == "training":
            return self.training
        switches = {STATS: self.options.stats_page, TAGS: self.options.tags_page,
                    CONTRIBUTING: self.options.contributing_page, PROPOSE: self.options.propose_page}
        return switches.get(src, True)

    # -- pages ------------------------------------------------------------------------------

    @property
    def search_terms(self) -> dict[str, list[str]]:
        """Each case's distinctive words (see `casebook.render.search_entry`), found once per Renderer."""
        if self._search_terms is None:
            known = self._case_words or {}
            self.case_words = {i: known[i] if i in known else search_entry.case_words(c) for i, c in self.book.cases.items()}
            self.terms = search_entry.find_terms(self.case_words, self._previous_terms)
            self._search_terms = self.terms.result
        return self._search_terms

    def _cached(self, src: str, key: tuple, render: Callable[[], str]) -> str:
        """The page at `src`, rendered again only when `key` (everything it shows) changed."""
        previous = self._previous_pages.get(src)
        content = previous[1] if previous is not None and previous[0] == key else render()
        self.page_cache[src] = (key, content)
        return content

    def case(self, case_id: str) -> str:
        case = self.book.cases[case_id]
        src = case_page(case_id)
        related = self.graph.related_cases.get(case_id, [])
        modules = self.graph.modules_of_case.get(case_id, []) if self.training else []
        lesson_titles = [self.book.lessons[link.id].title if link.id in self.book.lessons else link.id
                         for link in case.lessons]
        # The lessons box shows each lesson's summary; "Cases like this" other cases' titles.
        summaries = tuple(self.book.lessons[link.id].summary if link.id in self.book.lessons else ""
                          for link in case.lessons)
        like = cases_like(self.graph, case_id)
        takeaways = [(stance, self._(TAKEAWAY_HEADINGS[stance])) for stance in TAKEAWAY_ORDER[case.verdict]
                     if any(link.stance == stance for link in case.lessons)]
        terms = self.search_terms.get(case_id, []) if self.options.search_terms else None
        edit_url = self.options.edit_url(case.path)
        key = (case, tuple((r.case.id, r.case.title, r.case.verdict, len(r.shared)) for r in related),
               tuple((m.id, m.title) for m in modules), tuple(lesson_titles), summaries,
               tuple((x.case.id, x.case.title, x.case.verdict, x.lesson, x.stance, x.shared) for x in like),
               tuple(terms) if terms is not None else None, edit_url, self.options.propose_page, self._labels)

        def render() -> str:
            head = front_matter(title=page_title(case.title), description=html.escape(case.summary, quote=True),
                                tags=case.tags)
            return head + self.render("case.md.j2", src, case=case, related=related, modules=modules,
                                      lesson_titles=lesson_titles, search_terms=terms, edit_url=edit_url,
                                      propose=self.options.propose_page, like=like, takeaways=takeaways)

        return self._cached(src, key, render)

    def lesson(self, lesson_id: str) -> str:
        lesson = self.book.lessons[lesson_id]
        src = lesson_page(lesson_id)
        followed, broken = self.graph.followed(lesson_id), self.graph.broken(lesson_id)
        related = self.graph.related_lessons.get(lesson_id, [])
        limit = self.options.lesson_cases
        edit_url = self.options.edit_url(lesson.path)
        key = (lesson, limit, edit_url, tuple((other.id, other.title) for other in related),
               *(tuple((u.case.id, u.case.title, u.case.verdict, u.link.note) for u in uses[:limit]) + (len(uses),)
                 for uses in (followed, broken)))

        def render() -> str:
            head = front_matter(title=page_title(lesson.title), description=html.escape(lesson.summary, quote=True))
            return head + self.render("lesson.md.j2", src, lesson=lesson, followed=followed, broken=broken,
                                      related=related, case_limit=limit, edit_url=edit_url)

        return self._cached(src, key, render)

    def module(self, module_id: str) -> str:
        module = self.book.modules[module_id]
        handout = training.learner_handout(self.book, module, self.translations)
        head = front_matter(title=page_title(module.title),
                            # the learner's page: never the trainers' summary, which can tell the endings
                            description=html.escape(handout.summary or module.title, quote=True))
        # Asked after the reveal: a module's own questions, or else the case's.
        items, _ = training.agenda(self.book, module)
        discussion = {n: [q.question for q in item.discussion] or self.book.cases[item.case].discussion
                      for n, (item, _) in enumerate(items, start=1)}
        return head + self.render("module.md.j2", module_page(module_id), handout=handout, discussion=discussion,
                                  long_scenario=LONG_SCENARIO)

    def facilitator(self, module_id: str) -> str:
        module = self.book.modules[module_id]
        agenda, _ = training.agenda(self.book, module)
        # Model answers stay out of search, so learners do not stumble on them.
        head = front_matter(title=page_title(module.title, self._("Facilitator pack: {title}")), search={"exclude": True})
        return head + self.render("facilitator.md.j2", facilitator_page(module_id), module=module, agenda=agenda,
                                  activities=training.activities(self.book, module, self.translations),
                                  practised=training.practised(module))

    def cards(self, module_id: str) -> str:
        module = self.book.modules[module_id]
        agenda, _ = training.agenda(self.book, module)
        # The cards repeat whole cases; search finds the case pages.
        head = front_matter(title=page_title(module.title, self._("Case cards: {title}")), search={"exclude": True})
        return head + self.render("cards.md.j2", cards_page(module_id), module=module, agenda=agenda)

    def propose_page(self) -> str:
        book = self.book
        with i18n.speaking(self.translations):
            data = propose_form.description(book.vocab, {lid: lesson.title for lid, lesson in book.lessons.items()},
                                            cases_dir=self.options.cases_dir, repo=self.options.repo)
        here = page_url(PROPOSE, self.options.directory_urls)
        return self.render("propose.md.j2", PROPOSE, form_json=Markup(propose_form.script_json(data)),
                           assets=Markup(html.escape(relative_url(ASSET_DEST + "/", here), quote=True)),
                           contributing=self.options.contributing_page,
                           cases_data=Markup(html.escape(relative_url(PROPOSE_DATA, here), quote=True)),
                           ids_data=Markup(html.escape(relative_url(PROPOSE_IDS, here), quote=True)))

    def propose_data(self) -> dict[str, str]:
        """Each case file as written, as JSON in a file of its own (`paths.propose_data`), for
        the form's "Suggest a correction", which fetches the one case it corrects; and the ids
        in use (`paths.PROPOSE_IDS`), which the form fetches once the reader edits."""
        files = {propose_data(case.id): self._per_case("propose", case, lambda c: propose_form.script_json(c.data) + "\n")
                 for case in self.book.cases.values()}
        files[PROPOSE_IDS] = propose_form.script_json(sorted(self.book.cases)) + "\n"
        return files

    def stats_page(self, counts) -> str:
        book = self.book
        lessons = book.lessons

        def ranked(counter) -> list[tuple[str, int, str]]:
            return [(lessons[lid].title, n, "") for lid, n in counter.most_common(STATS_TOP) if n]

        channels = list(book.vocab["channels"])
        words, _ = self.translations, self._
        row = {lid: i for i, lid in enumerate(lessons)}
        column = {ch: i for i, ch in enumerate(channels)}
        coverage = {(row[lid], column[ch]): n for (lid, ch), n in counts.coverage.items() if ch in column}
        drawn = {
            "verdicts": charts.bar_chart("chart-verdicts", _("Cases by verdict"), [
                (self.verdict_labels[v], counts.verdicts[v], f"casebook-bar--{v}") for v in schema.VERDICTS],
                label=_("Verdict"), words=words),
            "channels": charts.bar_chart("chart-channels", _("Cases by channel"), [
                (self.term(ch), counts.channels[ch], "") for ch in channels if counts.channels[ch]],
                label=_("Channel"), words=words),
            "broken": charts.bar_chart("chart-broken", _("Lessons most often broken"), ranked(counts.broken),
                                       label=_("Lesson"), words=words),
            "followed": charts.bar_chart("chart-followed", _("Lessons most often followed"), ranked(counts.followed),
                                         label=_("Lesson"), words=words),
            "coverage": charts.grid_chart("chart-coverage", _("Cases per lesson and channel"),
                                          [lesson.title for lesson in lessons.values()],
                                          [self.term(ch) for ch in channels], coverage, row_label=_("Lesson"),
                                          words=words),
        }
        return self.render("stats.md.j2", STATS, charts={k: Markup(v) for k, v in drawn.items()})

    def _provenance_counts(self) -> dict[str, Counter]:
        """How many cases have each value of each provenance filter."""
        counts: dict[str, Counter] = {facet: Counter() for facet in provenance.FACET_LABELS}
        for case in self.book.cases.values():
            for facet, value in provenance.facets(case).items():
                counts[facet][value] += 1
        return counts

    def _reused(self, key: tuple[str, str], case):
        """What the previous Renderer kept in its item cache under `key` from this very case, or None."""
        previous = self._previous_items.get(key)
        return previous[1] if previous is not None and previous[0] is case else None

    def _per_case(self, kind: str, case, make: Callable):
        """`make(case)`, or what the previous Renderer made of the same case (kept in the item
        cache under `(kind, case id)`)."""
        key = (kind, case.id)
        value = self._reused(key, case)
        if value is None:
            value = make(case)
        self.item_cache[key] = (case, value)
        return value

    def case_items(self, ids: list[str], src: str) -> dict[str, Markup]:
        """Each case's list item (the `case_item` macro) as the page at `src` links it; an item
        rendered by the previous Renderer from the same case is reused."""
        items: dict[str, Markup] = {}
        todo = []
        for i in ids:
            item = self._reused((src, i), self.book.cases[i])
            if item is None:
                todo.append(i)
            else:
                items[i] = item
        if todo:
            template = self.env.get_template("_case_items.md.j2")
            text = _unlink(template.render(self._context(src, cases=[self.book.cases[i] for i in todo],
                                                         sep=Markup("\x00"))))
            items.update(zip(todo, (Markup(item.strip()) for item in text.split("\x00"))))
        for i in ids:
            self.item_cache[(src, i)] = (self.book.cases[i], items[i])
        return {i: items[i] for i in ids}

    def cases_index(self, counts) -> dict[str, str]:
        """The cases index, and its numbered pages when it does not list every case."""
        book = self.book
        shown = self.options.index_cases
        groups = case_listing.groups(book)
        ids = case_listing.order(book)
        pages = case_listing.page_count(book, shown)
        items = self.case_items([i for group in groups for i in group.ids[:shown]], CASES_INDEX)
        here = page_url(CASES_INDEX, self.options.directory_urls)
        numbered_url = relative_url(page_url(case_listing.numbered_page("{n}"), self.options.directory_urls), here)
        cards_url = relative_url(case_listing.card_file("{n}"), here)
        values = {i: self._per_case("facets", book.cases[i], case_listing.facet_values) for i in ids}
        data = self._cached(CASES_INDEX + "#data", (ids, list(values.values()), shown, pages, numbered_url, cards_url),
                            lambda: case_listing.data_block(book, shown, pages, numbered_url=numbered_url, cards_url=cards_url,
                                                       values_of=lambda case: values[case.id]))
        result = {}
        # The index repeats every case's summary; search finds the cases themselves.
        result[CASES_INDEX] = front_matter(search={"exclude": True}) + self.render(
            "cases_index.md.j2",
            CASES_INDEX,
            stats=counts,
            verdict_counts={v: counts.verdicts[v] for v in schema.VERDICTS if counts.verdicts[v]},
            lesson_counts={lid: counts.followed[lid] + counts.broken[lid]
                           for lid in sorted(book.lessons, key=lambda lid: book.lessons[lid].title.lower())},
            lesson_titles={lid: lesson.title for lid, lesson in book.lessons.items()},
            provenance_counts=self._provenance_counts(),
            provenance_labels={facet: {value: self._(label) for value, label in labels.items()}
                               for facet, labels in provenance.FACET_LABELS.items()},
            facet_open_limit=FACET_OPEN_LIMIT,
            groups=groups,
            shown=shown,
            items=items,
            page_of=case_listing.page_of,
            data=Markup(data),
            pages=pages,
            page_size=case_listing.PAGE,
            pager=case_listing.pager(0, pages),
        )
        if not pages:
            self._card_files = {}
            return result
        # The numbered pages share a folder, so each case's item links the same from all of
        # them; the card files hold the same items, and the index's script resolves their
        # links against that folder.
        first = case_listing.numbered_page(1)
        items = self.case_items(ids, first)
        # The script puts them in the page as they are: their links are resolved here.
        self._card_files = case_listing.card_files(resolve_html_links(items[i], first, self.options.directory_urls)
                                              for i in ids)
        for number in range(1, pages + 1):
            chunk = ids[(number - 1) * case_listing.PAGE:number * case_listing.PAGE]
            src = case_listing.numbered_page(number)

            def numbered(number=number, chunk=chunk, src=src) -> str:
                page_groups = [(verdict, [items[i] for i in chunk if book.cases[i].verdict == verdict])
                               for verdict in case_listing.VERDICT_ORDER]
                return front_matter(search={"exclude": True}) + self.render(
                    "cases_page.md.j2", src, number=number, pages=pages, total=len(ids),
                    first=(number - 1) * case_listing.PAGE + 1, last=(number - 1) * case_listing.PAGE + len(chunk),
                    page_groups=[(v, group) for v, group in page_groups if group],
                    pager=case_listing.pager(number, pages))

            result[src] = self._cached(src, (pages, len(ids), chunk, [book.cases[i].verdict for i in chunk],
                                             [items[i] for i in chunk]), numbered)
        return result

    def data_files(self) -> dict[str, str]:
        """Files beside the pages that the pages fetch: the cases index's cards past those it
        lists (`case_listing.card_files`). Call after `pages`."""
        return dict(self._card_files)

    def pages(self) -> dict[str, str]:
        """Every generated page: path in the docs tree -> Markdown."""
        book = self.book
        options = self.options
        pages: dict[str, str] = {}
        counts = stats(self.graph)
        if options.home:
            pages[HOME] = self.render("home.md.j2", HOME, stats=counts, home_limit=HOME_LIMIT)
        if options.cases_index:
            pages.update(self.cases_index(counts))
        if options.lessons:
            pages[LESSONS_INDEX] = self.render("lessons_index.md.j2", LESSONS_INDEX)
        if options.tags_page:
            # Material's tags plugin lists every case under each of its tags: search finds
            # the cases by their tags already.
            pages[TAGS] = front_matter(search={"exclude": True}) + self.render("tags.md.j2", TAGS)
        if options.contributing_page:
            sections = [(kind, schema.nested_records(record)) for kind, record in schema.RECORDS.items()]
            kinds = {"case": i18n.N_("Case files"), "lesson": i18n.N_("Lesson files"), "module": i18n.N_("Module files")}
            pages[CONTRIBUTING] = self.render("contributing.md.j2", CONTRIBUTING, sections=sections, record_kinds=kinds, vocab=book.vocab,
                                              standards=editorial.STANDARDS,
                                              asserting_words=editorial.ASSERTING_WORDS)
        if self.options.propose_page:
            pages[PROPOSE] = self.propose_page()
        for case_id in book.cases:
            pages[case_page(case_id)] = self.case(case_id)
        if options.lessons:
            for lesson_id in book.lessons:
                pages[lesson_page(lesson_id)] = self.lesson(lesson_id)
        if options.stats_page:
            pages[STATS] = self.stats_page(counts)
        if self.training:
            pages[TRAINING_INDEX] = self.render("training_index.md.j2", TRAINING_INDEX)
            for module_id in book.modules:
                pages[module_page(module_id)] = self.module(module_id)
                pages[facilitator_page(module_id)] = self.facilitator(module_id)
                pages[cards_page(module_id)] = self.cards(module_id)
        return pages


#: How many problems the banner shown while serving lists before it stops.
BANNER_LIMIT = 20


def _problem_items(problems: Iterable[Problem]) -> str:
    """Each problem as a list item: where it is (`file:line:col`), then what it is."""
    return "".join(f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.column}')}</code> {html.escape(p.message)}</li>\n"
                   for p in problems)


def problems_banner(problems: list[Problem], cases_dir: str) -> str:
    """An HTML block naming the errors, for the top of every page of a preview build (in the
    language being spoken, `i18n.speaking`)."""
    errors = [p for p in problems if p.is_error]
    items = _problem_items(errors[:BANNER_LIMIT])
    left = len(errors) - BANNER_LIMIT
    more = f"<li>{html.escape(i18n.gettext('and %(num)s more') % {'num': left})}</li>\n" if left > 0 else ""
    count = i18n.ngettext("%(num)s error in %(folder)s", "%(num)s errors in %(folder)s", len(errors)) % {
        "num": len(errors), "folder": cases_dir + "/"}
    said = i18n.gettext("until they are fixed, this preview shows the last version of each file that loaded, "
                        "or the file's problems where its page would be.")
    return (
        f'<div class="casebook-problems" role="alert">\n'
        f"<p>{html.escape(i18n.gettext('%(label)s:')) % {'label': f'<strong>{html.escape(count)}</strong>'}} "
        f"{html.escape(said)}</p>\n"
        f"<ul>\n{items}{more}</ul>\n</div>"
    )


def stale_note(path: str) -> str:
    """A note above a page written from the last version of `path` that loaded, while serving."""
    said = html.escape(i18n.gettext("This is the last version of {file} that loaded. The file has errors now, listed "
                                    "above; fix them and this page shows your changes."))
    return '<p class="casebook-stale" role="note">' + said.replace("{file}", f"<code>{html.escape(path)}</code>") + "</p>"


def broken_page(path: str, problems: list[Problem]) -> str:
    """The page, while serving, at the address of a case or lesson whose file has not loaded
    yet: the file's errors, where the contributor will look for the page."""
    items = _problem_items(p for p in problems if p.path == path and p.is_error)
    said = html.escape(i18n.gettext("{file} has errors, so it is not in the casebook yet. Fix them and this page shows it."))
    title = i18n.gettext("{file}: errors").replace("{file}", path)
    return (front_matter(title=title, search={"exclude": True}) + f"# {html.escape(path)}\n\n"
            f'<div class="casebook-problems" role="alert">\n<p>{said.replace("{file}", f"<code>{html.escape(path)}</code>")}</p>\n'
            f"<ul>\n{items}</ul>\n</div>\n")
