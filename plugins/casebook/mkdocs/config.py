"""The casebook's options, each defined once with its docstring, and what is read from a site's
`mkdocs.yml` without building it.

`CasebookConfig` is the one definition of every option: the plugin is configured by it, the
command line validates the same `casebook:` entry of `mkdocs.yml` with it (same defaults, same
messages), and `casebook reference` writes the README's reference from its docstrings.
`render_options` turns the options and the site's own settings into the core's
`RenderOptions`, for the plugin and `casebook render` alike.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from casebook import i18n, paths, problems
from casebook.check import schema
from casebook.publish import office
from casebook.render import propose_form
from casebook.render.markdown_pages import SWITCHES, RenderOptions


class _Folder(c.Type):
    """A folder of the site, given as `playbook` or `guides/playbook`; '' is the site's root."""

    def __init__(self, default: str = "") -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        try:
            return paths.mount_folder(super().run_validation(value))
        except paths.MountError as exc:
            raise ValidationError(str(exc)) from None


class _Labels(c.DictOfItems):
    """Labels by term. A term that is no verdict and none of the site's channels, sectors or
    themes labels nothing, which is almost always a slip: it is warned of, with the terms it
    may have meant."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default={})

    def post_validation(self, config: base.Config, key_name: str) -> None:
        vocab = vocabularies(config)
        known = {*schema.VERDICTS, *vocab["channels"], *vocab["sectors"], *vocab["themes"]}
        for term in config[key_name]:
            if term not in known:
                self.warnings.append(f"'{term}' is not a verdict, channel, sector or theme of this site, so its "
                                     f"label is not used{problems.did_you_mean(term, sorted(known))}")


class _AtLeastOne(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        # YAML's `yes` is a bool, and so an int to Python: not a count.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"Expected a whole number of at least 1, but received: {value!r}")
        return value


class CasebookConfig(base.Config):
    """The options of the `casebook` entry under `plugins:` in `mkdocs.yml`.

    Each option's docstring is its entry in the configuration reference (`casebook reference`):
    a first paragraph saying what it changes, then `Example:` and the YAML a site writes."""

    cases_dir = c.Type(str, default="cases")
    """Folder holding the case files, relative to `mkdocs.yml`; lessons go in its `lessons/`
    sub-folder and training modules in `modules/`.

    Example: `cases_dir: stories`"""

    mount = _Folder(default="")
    """Folder of the site under which every generated page, `casebook.json` and the casebook's
    stylesheet and script are published; empty for the site's root. Links between generated
    pages, edit links and the nav entries you write follow it (`playbook/cases/index.md`).

    Example: `mount: playbook`"""

    channels = c.Optional(c.ListOfItems(c.Type(str)))
    """The channels a case may name, replacing the built-in list (email, phone, voicemail, ...).

    Example: `channels: [email, phone, chat]`"""

    themes = c.Optional(c.ListOfItems(c.Type(str)))
    """The themes a lesson may belong to, replacing the built-in list (empathy, honesty, ...).

    Example: `themes: [empathy, honesty, speed]`"""

    sectors = c.Optional(c.ListOfItems(c.Type(str)))
    """The business sectors a case may name, replacing the built-in list (retail, e-commerce, ...).

    Example: `sectors: [retail, travel]`"""

    labels = _Labels()
    """How the site shows verdicts and vocabulary terms, replacing the built-in labels: for
    example `{good: Good example, social-media: Social networks, sms: Text message}`. A term
    with no label is shown with a capital first letter and its hyphens as spaces; a label for a
    term the site does not use is warned of. Each label is looked up in the site's catalog
    (`locale_dir`) too, so a site in several languages gives each its own.

    Example: `labels: {sms: Text message}`"""

    language = c.Optional(c.Type(str))
    """The language of every word the casebook adds to the site (headings, labels, filters,
    charts, the form, printed handouts), as a code such as `de` or `pt-BR`. By default the
    theme's `language`, else English. The casebook ships English, German, French, Spanish,
    Dutch and Portuguese; for another language, add your own catalog with `locale_dir`.

    With mkdocs-static-i18n, the default language's build uses this, and each other
    language's build uses that language, in its own folder (`de/`). A case, lesson or module
    may have a translated file beside it (`cases/<id>.de.yml`), checked like any; where
    there is none, the original is shown with a note in the reader's language.

    Example: `language: de`"""

    locale_dir = c.Optional(c.Dir(exists=True))
    """A folder of your own translations of the casebook's words, used before its own: for a
    language it does not ship, or to change its wording. It holds
    `<language>/LC_MESSAGES/casebook.po` (or a compiled `.mo`), made from the casebook's
    `locale/casebook.pot`.

    Example: `locale_dir: locale`"""

    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder of page templates searched before the built-in ones; copy a file from
    `casebook/templates/` there to change how that page is written.

    Example: `templates_dir: casebook-templates`"""

    home = c.Type(bool, default=True)
    """Generate the playbook home page as `index.md` (under `mount`). When the site has its own
    page there, the generated one steps aside and the build says so.

    Example: `home: false`"""

    cases_index = c.Type(bool, default=True)
    """Generate `cases/index.md`, every case with filters by verdict, channel, sector, lesson
    and year. Without it, links to it from other pages become plain text.

    Example: `cases_index: false`"""

    lessons = c.Type(bool, default=True)
    """Generate the lessons: `lessons/index.md` and a page for each lesson. Without them, case
    pages name their lessons without linking them.

    Example: `lessons: false`"""

    training = c.Optional(c.Type(bool))
    """Generate the training pages: `training/index.md`, a page per module and its facilitator
    notes. Unset, they are generated only when `modules/` holds a module; `true` writes the
    index even when there is none.

    Example: `training: true`"""

    stats_page = c.Type(bool, default=True)
    """Generate `stats.md`, charts of cases by verdict and channel and of lesson coverage.

    Example: `stats_page: false`"""

    tags_page = c.Type(bool, default=True)
    """Generate `tags.md`, the page where Material's tags plugin lists every tag. Case tags
    show only when the `tags` plugin is on; the build warns when cases have tags and it is not.

    Example: `tags_page: false`"""

    contributing_page = c.Type(bool, default=True)
    """Generate `contributing.md`, documenting every field of cases, lessons and modules from
    the same definitions the validator uses.

    Example: `contributing_page: false`"""

    propose_page = c.Type(bool, default=True)
    """Generate `propose.md`, a form that writes a new case file (or a corrected one, from the
    "Suggest a correction" link on every case page) for people who do not use Git. It runs in
    the browser alone; with a GitHub `repo_url` it opens the pull request on GitHub.

    Example: `propose_page: false`"""

    lesson_cases = _AtLeastOne(default=25)
    """How many cases of each stance (followed, broken) a lesson page lists; past that it links
    to the cases index filtered by the lesson, which lists them all. Keeps lesson pages small
    in a big casebook.

    Example: `lesson_cases: 20`"""

    index_cases = _AtLeastOne(default=20)
    """How many cases of each verdict the cases index lists as plain links. Its filters still
    reach every case, and "Show more" fetches the next cards; past that number the casebook
    also publishes numbered pages (`cases/page/2/`, ...) that list every case, 100 a page, for
    readers without JavaScript. Keeps the index small and quick in a big casebook.

    Example: `index_cases: 50`"""

    search = c.Choice(("theme", "pagefind"), default="theme")
    """Which search answers the theme's search box. `theme` leaves it to the theme's search
    plugin, which builds its index in the reader's browser on every first page load: fine for
    a few hundred pages, seconds of waiting for thousands. `pagefind` indexes the site with
    Pagefind as it is built (`pip install 'mkdocs-casebook[pagefind]'`; Material theme and its
    `search` plugin, which still draws the box); a search then fetches only the small files
    that hold its words. It reads every page whole, a case page too (its story, the business's
    response, outcome, timeline, lesson notes, discussion and sources); it leaves out what
    the theme's search would (`search: {exclude: true}` in a page's front matter, anything
    marked `data-search-exclude`) and, on a case page, the other cases it suggests.

    Example: `search: pagefind`"""


def render_options(options: Mapping, site: Mapping | None = None, *, from_docs=None, cases_dir: str | None = None,
                   home: bool | None = None) -> RenderOptions:
    """The core's options for rendering: the casebook's `options` (a validated `CasebookConfig`),
    and the site's own `site` settings the pages depend on (`use_directory_urls`, `repo_url`,
    `edit_uri`, `edit_uri_template`; MkDocs' defaults where not given). `from_docs` turns a
    project path (`cases/x.yml`) into one relative to the docs folder, for edit links;
    `cases_dir` is the cases folder as the repository names it; `home` False when the site has
    its own home page. The plugin and `casebook render` both call this."""
    site = site or {}
    repo_url, edit_uri, template = site.get("repo_url"), site.get("edit_uri"), site.get("edit_uri_template")
    switches = {name: options[name] for name in SWITCHES}
    if home is not None:
        switches["home"] = switches["home"] and home
    return RenderOptions(
        directory_urls=site.get("use_directory_urls", True),
        edit_url=paths.edit_links(repo_url, edit_uri, template, from_docs) if from_docs else paths.no_edit_link,
        templates_dir=options["templates_dir"],
        labels={**schema.DEFAULT_LABELS, **options["labels"]},
        cases_dir=cases_dir if cases_dir is not None else options["cases_dir"],
        repo=propose_form.github_repo(repo_url, edit_uri),
        lesson_cases=options["lesson_cases"],
        index_cases=options["index_cases"],
        search_terms=options["search"] != "pagefind",  # Pagefind reads a case page whole
        downloads=office.available(),
        language=site_language(options, site),
        locale_dir=options["locale_dir"],
        **switches,
    )


def defaults(**values) -> CasebookConfig:
    """The options of a site that gives `values` and leaves every other at its default."""
    return validated(values)


def site_language(options: Mapping, site: Mapping | None = None) -> str:
    """The language the casebook speaks on a site, in its pages and its problems: its own
    `language` option, else the theme's `language` in the site's settings `site`, else English."""
    return options["language"] or theme_language(site or {}) or "en"


def theme_language(site: Mapping) -> str | None:
    """The theme's `language` (Material's, for one) in the site's settings, as MkDocs read them
    (a theme object) or as `mkdocs.yml` says them (a mapping)."""
    theme = site.get("theme")
    try:
        language = theme["language"] if theme is not None and not isinstance(theme, str) else None
    except (KeyError, TypeError):
        return None
    return language if isinstance(language, str) and language else None


class SettingsError(Exception):
    """`mkdocs.yml` could not be read, or what it says is not valid; the message says where and why."""


def validated(values: Mapping | None, config_file: str | None = None,
              warnings: list[str] | None = None) -> CasebookConfig:
    """The `casebook:` entry of `mkdocs.yml`, checked as MkDocs checks it for the plugin; what
    MkDocs would warn of is added to `warnings`, each as "option 'x': message"."""
    options = CasebookConfig(config_file_path=config_file)
    options.load_dict(dict(values or {}))
    errors, found = options.validate()
    if warnings is not None:
        warnings.extend(f"option '{name}': {message}" for name, message in found)
    if errors:
        where = f"{config_file}: " if config_file else ""
        raise SettingsError("; ".join(f"{where}casebook option '{name}': {error}" for name, error in errors))
    return options


def vocabularies(options: Mapping) -> dict[str, tuple[str, ...]]:
    """The vocabularies cases are checked against: the built-in ones, or the site's replacements."""
    vocab = dict(schema.DEFAULT_VOCABULARIES)
    for name in vocab:
        if options[name]:
            vocab[name] = tuple(options[name])
    return vocab


#: The site's own settings the casebook's pages depend on; `casebook render` validates them
#: with MkDocs' own definitions, so that it reads them, and their defaults, as a build does.
SITE_KEYS = ("docs_dir", "use_directory_urls", "repo_url", "repo_name", "edit_uri_template", "edit_uri")


class _ConfigLoader(yaml.CSafeLoader):
    """Reads mkdocs.yml, where tags such as `!!python/name:` and `!ENV` may appear."""


def _ignore_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("", _ignore_tag)


def plugin_entry(config: dict) -> dict | None:
    """The `casebook` entry of a parsed mkdocs.yml `plugins` list or mapping, or None."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    else:
        entries = [(p, None) if isinstance(p, str) else next(iter(p.items())) for p in plugins if p]
    for name, options in entries:
        if name == "casebook":
            return options or {}
    return None


@dataclass
class Site:
    """What the command line reads of a site without building it."""

    #: The folder of `mkdocs.yml` (the working folder without one), which paths are relative to.
    root: str
    #: The cases folder, as a path to open.
    cases_dir: str
    #: The casebook's options, validated.
    options: CasebookConfig
    #: `mkdocs.yml`, or None where there is none.
    config_file: str | None = None
    #: `mkdocs.yml` as parsed, for the site's own settings.
    raw: dict = field(default_factory=dict)
    #: What MkDocs would warn of in the casebook's options ("option 'labels': ...").
    warnings: list[str] = field(default_factory=list)
    _settings: Mapping | None = field(default=None, repr=False)

    @property
    def vocab(self) -> dict[str, tuple[str, ...]]:
        return vocabularies(self.options)

    @property
    def words(self):
        """The casebook's words in the site's language (`site_language`, from `mkdocs.yml` as
        written), with the site's own catalog: the language the command line reports problems in."""
        return i18n.translations(site_language(self.options, self.raw), self.options["locale_dir"])

    def settings(self) -> Mapping:
        """The site's own settings (`SITE_KEYS`), validated as MkDocs validates them, once; and
        its `theme` as written, for the theme's `language`."""
        if self._settings is None:
            self._settings = self._validated_settings()
        return self._settings

    def _validated_settings(self) -> Mapping:
        from mkdocs.config.defaults import MkDocsConfig  # loads the theme machinery: only for render

        schema_ = dict(MkDocsConfig._schema)
        # `casebook render docs` may be what makes the docs folder.
        schema_["docs_dir"] = c.DocsDir(default=schema_["docs_dir"].default, exists=False)
        checked = base.LegacyConfig([(key, schema_[key]) for key in SITE_KEYS],
                                    config_file_path=self.config_file or os.path.join(self.root, "mkdocs.yml"))
        checked.load_dict({key: self.raw[key] for key in SITE_KEYS if key in self.raw})
        errors, _ = checked.validate()
        if errors:
            where = f"{self.config_file}: " if self.config_file else ""
            raise SettingsError("; ".join(f"{where}'{name}': {error}" for name, error in errors))
        return {**checked, "theme": self.raw.get("theme")}

    def from_docs(self, path: str) -> str:
        """A project path (`cases/x.yml`) as seen from the docs folder (`../cases/x.yml`)."""
        docs = self.settings()["docs_dir"]
        return paths.from_folder(os.path.join(self.root, path), docs)

    def from_root(self, path: str) -> str:
        """A path as the repository names it, relative to the folder of `mkdocs.yml`."""
        return paths.from_folder(path, self.root)


def read(config_file: str | None = None, cases_dir: str | None = None) -> Site:
    """The site of `config_file` (default: ./mkdocs.yml when there is one); `cases_dir` wins over
    the cases folder it names."""
    if config_file is None and os.path.isfile("mkdocs.yml"):
        config_file = "mkdocs.yml"
    raw: dict = {}
    root = os.getcwd()
    if config_file is not None:
        try:
            with open(config_file, "rb") as f:
                raw = yaml.load(f, Loader=_ConfigLoader) or {}
        except OSError as exc:
            raise SettingsError(f"{config_file}: cannot read: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise SettingsError(f"{config_file}: not valid YAML: {exc}") from None
        if not isinstance(raw, dict):
            raise SettingsError(f"{config_file}: expected a mapping of settings")
        root = os.path.dirname(os.path.abspath(config_file))
    entry = plugin_entry(raw)
    if entry is not None and not isinstance(entry, dict):
        raise SettingsError(f"{config_file}: the casebook plugin's options must be a mapping")
    warnings: list[str] = []
    options = validated(entry, os.path.abspath(config_file) if config_file else None, warnings)
    folder = cases_dir if cases_dir is not None else os.path.join(root, options["cases_dir"])
    return Site(root=root if cases_dir is None else os.getcwd(), cases_dir=folder, options=options,
                config_file=config_file, raw=raw, warnings=warnings)
