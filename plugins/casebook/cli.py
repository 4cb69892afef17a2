"""The `casebook` command: validate, scaffold, export schemas, data and plain Markdown pages.

Exit codes: 0 when all is well, 1 when the files have errors (or a command could not do
its work), 2 for a wrongly typed command. No traceback is ever shown for bad input.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import tempfile

import click

from casebook import i18n, paths
from casebook.i18n import N_, gettext as _
from casebook.check import schema
from casebook.link import casefiles
from casebook.mkdocs import config
from casebook.problems import FORMATS, WARNING, Problem, count_errors, did_you_mean, summary_line
from casebook.publish import assembly, export, office
from casebook.render import markdown_pages
from casebook.scaffold import case_template, slugify

SCHEMA_DIR = "schema"


def _settings(ctx: click.Context, cases_dir: str | None = None) -> config.Site:
    """The site of `mkdocs.yml`, its casebook options validated as the plugin validates them."""
    try:
        site = config.read(ctx.obj.get("config"), cases_dir)
    except config.SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    for warning in site.warnings:  # as MkDocs would warn of them when it builds
        click.echo(f"{site.config_file or 'mkdocs.yml'}: warning: casebook {warning}", err=True)
    return site


def _load(conf: config.Site) -> tuple[casefiles.Casebook, list[Problem]]:
    """The site's casebook and its problems, written in the site's language."""
    with i18n.speaking(conf.words):
        return casefiles.load(conf.cases_dir, root=conf.root, vocab=conf.vocab)


def _without_errors(conf: config.Site, refusal: str) -> casefiles.Casebook:
    """The site's casebook, or a stop when any file has errors: they are listed, then
    `refusal` (a message of the catalog) says what they hold up."""
    book, problems = _load(conf)
    if count_errors(problems):
        click.echo(FORMATS["text"]([p for p in problems if p.is_error]), nl=False, err=True)
        with i18n.speaking(conf.words):
            raise click.ClickException(_(refusal))
    return book


def _mode_for(path: str) -> int:
    """The permissions a file written to `path` gets: those of the file it replaces, or else
    what a new file gets under the process's umask (a temporary file is made readable by its
    owner alone)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str, text: str | bytes) -> None:
    """Write `text` to `path` through a temporary file, so nothing is left half-written."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".casebook-", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as f:
                f.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "-f", type=click.Path(dir_okay=False), default=None,
              help="The site's mkdocs.yml, for the cases folder and vocabularies (default: ./mkdocs.yml if present).")
@click.version_option(package_name="mkdocs-casebook", prog_name="casebook")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Customer-experience case studies: validate, scaffold and export them."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="text: file:line:col lines; github: workflow annotations on the pull request; json: a list.")
@click.option("--strict", is_flag=True,
              help="Fail on warnings too, as `mkdocs build --strict` does.")
@click.pass_context
def validate(ctx: click.Context, directory: str | None, fmt: str, strict: bool) -> None:
    """Check every case, lesson and module file; report all problems at once.

    Exits 1 if there is any error (or, with --strict, any warning: every warning fails
    `mkdocs build --strict`); notices are shown but pass.
    """
    conf = _settings(ctx, directory)
    with i18n.speaking(conf.words):  # the problems in the site's language; levels and rules stay English
        book, problems = casefiles.load(conf.cases_dir, root=conf.root, vocab=conf.vocab)
        click.echo(FORMATS[fmt](problems), nl=False)
        if fmt == "text":
            click.echo(summary_line(problems, len(book.files)), err=True)
    failing = count_errors(problems) + (sum(p.level == WARNING for p in problems) if strict else 0)
    sys.exit(1 if failing else 0)


@cli.command()
@click.argument("title")
@click.option("--verdict", type=click.Choice(schema.VERDICTS), help="Good, bad or mixed practice.")
@click.option("--id", "case_id", help="The file name to use instead of one made from the title.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="The cases folder (default: from mkdocs.yml).")
@click.pass_context
def new(ctx: click.Context, title: str, verdict: str | None, case_id: str | None, directory: str | None) -> None:
    """Start a new case: write cases/<id>.yml from a template that explains every field."""
    conf = _settings(ctx, directory)
    with i18n.speaking(conf.words):  # the template and what is said of it, in the site's language
        _new_case(conf, title, verdict, case_id)


def _new_case(conf: config.Site, title: str, verdict: str | None, case_id: str | None) -> None:
    case_id = case_id or slugify(title)
    if not title.strip():
        raise click.BadParameter(_("give the case a title"), param_hint="TITLE")
    if not schema.ID_RE.match(case_id or ""):
        raise click.BadParameter(_("'%(id)s' is not a valid id: use lowercase words joined by '-'") % {"id": case_id},
                                 param_hint="--id")
    if case_id in casefiles.RESERVED_IDS:
        raise click.BadParameter(_("'%(id)s' is reserved for a generated page; choose another") % {"id": case_id},
                                 param_hint="--id")
    path = os.path.join(conf.cases_dir, f"{case_id}.yml")
    shown = os.path.relpath(path)
    taken = _("%(path)s already exists; choose another title or --id") % {"path": shown}
    if os.path.exists(path) or os.path.exists(path[:-4] + ".yaml"):
        raise click.ClickException(taken)
    os.makedirs(conf.cases_dir, exist_ok=True)
    schema_dir = os.path.join(conf.root, SCHEMA_DIR)
    schema_file = paths.from_folder(os.path.join(schema_dir, "case.schema.json"), conf.cases_dir)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(case_template(title.strip(), verdict, conf.vocab, schema_file))
    except FileExistsError:
        raise click.ClickException(taken) from None
    click.echo(_("wrote %(path)s: fill in every TODO, then run `casebook validate`") % {"path": shown})
    # The file's first line points editors at the schema, for completion: a site without one gets it.
    if not all(os.path.exists(os.path.join(schema_dir, f"{kind}.schema.json")) for kind in schema.RECORDS):
        written = write_schemas(conf, schema_dir)
        click.echo(_("wrote %(files)s for editor completion (`casebook schema` writes them again after a change "
                     "to the vocabularies)") % {"files": ", ".join(written)})


@cli.command("schema")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help=f"Folder for the JSON Schema files (default: {SCHEMA_DIR}/ beside mkdocs.yml).")
@click.pass_context
def schema_cmd(ctx: click.Context, out: str | None) -> None:
    """Write JSON Schema for cases, lessons and modules, for editor autocompletion."""
    conf = _settings(ctx)
    for written in write_schemas(conf, out or os.path.join(conf.root, SCHEMA_DIR)):
        click.echo(conf.words.gettext("wrote %(path)s") % {"path": written})


def write_schemas(conf: config.Site, out: str) -> list[str]:
    """Write the JSON Schema of cases, lessons and modules, with the site's vocabularies and its
    language, to `out`; the paths written, as shown to the user."""
    written = []
    for kind in schema.RECORDS:
        path = os.path.join(out, f"{kind}.schema.json")
        with i18n.speaking(conf.words):  # the fields' descriptions, in the site's language
            text = json.dumps(schema.json_schema(kind, conf.vocab), indent=2, ensure_ascii=False) + "\n"
        write_atomically(path, text)
        written.append(os.path.relpath(path))
    return written


@cli.group("export", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--table", type=click.Choice(export.TABLES), default="cases", show_default=True,
              help="With --format csv: which table to write.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File to write (default: standard output).")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="The cases folder (default: from mkdocs.yml).")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, table: str, output: str, directory: str | None) -> None:
    """Export cases, lessons and modules, with their links, for other tools; or, with `export
    module`, a training module as Word, PowerPoint or SCORM files.

    Refuses to export while any file has errors, so an export is never silently incomplete.
    """
    if ctx.invoked_subcommand is not None:
        return
    conf = _settings(ctx, directory)
    book = _without_errors(conf, N_("fix the errors above before exporting"))
    # CSV as UTF-8 with a byte-order mark: spreadsheets otherwise garble any text beyond ASCII.
    text = export.to_json(book) if fmt == "json" else export.BOM + export.to_csv(book, table)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(conf.words.gettext("wrote %(path)s") % {"path": output}, err=True)


@export_cmd.command("module")
@click.argument("module_id", required=False)
@click.option("--all", "every", is_flag=True, help="Every module of the casebook.")
@click.option("--format", "formats", multiple=True, metavar="|".join(office.FORMATS),
              help="docx: the learner handout and the facilitator pack; pptx: the slides; scorm: a SCORM 1.2 "
                   "package for a learning management system. Give it again for more; without it, every format.")
@click.option("--out", "-o", "out", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder to write the files to.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="The cases folder (default: from mkdocs.yml).")
@click.pass_context
def export_module_cmd(ctx: click.Context, module_id: str | None, every: bool, formats: tuple[str, ...], out: str,
                      directory: str | None) -> None:
    """Write a training module (MODULE_ID, or --all) as files for a trainer's own tools.

    Each file is named after its module (`<id>-learner-handout.docx`, `<id>-slides.pptx`,
    `<id>-scorm12.zip`, ...) and written whole or not at all. Word and PowerPoint need the
    `office` extra.
    """
    if every == (module_id is not None):
        raise click.UsageError("name one module, or give --all")
    for fmt in formats:
        if fmt not in office.FORMATS:
            raise click.BadParameter(f"unknown format '{fmt}'{did_you_mean(fmt, office.FORMATS)}; "
                                     f"one of {', '.join(office.FORMATS)}", param_hint="'--format'")
    formats = tuple(dict.fromkeys(formats)) or tuple(office.FORMATS)
    if office.missing_note(formats):  # said as the build says it
        raise click.ClickException(office.missing_note())
    conf = _settings(ctx, directory)
    book = _without_errors(conf, N_("fix the errors above before exporting"))
    folder = os.path.relpath(os.path.join(conf.cases_dir, "modules"))
    if module_id is not None and module_id not in book.modules:
        known = ", ".join(book.modules) or "none"
        with i18n.speaking(conf.words):
            raise click.ClickException(_("%(folder)s: no module '%(id)s'%(did_you_mean)s; the modules are: %(known)s") % {
                "folder": folder + "/", "id": module_id, "did_you_mean": did_you_mean(module_id, book.modules),
                "known": known})
    if every and not book.modules:
        raise click.ClickException(conf.words.gettext("%(folder)s: no module to export") % {"folder": folder + "/"})
    # The labels and the language as the site's pages have them (the theme's `language` too).
    options = config.render_options(conf.options, {"theme": conf.raw.get("theme")})
    words = i18n.translations(options.language, options.locale_dir)
    made = {os.path.join(out, f"{one}-{name}"): data  # every file made before any is written
            for one in ([module_id] if module_id is not None else list(book.modules))
            for fmt in formats
            for name, data in office.module_files(book, one, fmt, options.labels, words, options.language).items()}
    for path, data in made.items():
        write_atomically(path, data)
        click.echo(words.gettext("wrote %(path)s") % {"path": path}, err=True)


#: What `casebook render` wrote into its folder last time, one path a line (hidden from site engines).
RENDERED = ".casebook-rendered"


def _in(out: str, rel: str) -> str:
    return os.path.join(out, *rel.split("/"))


def _rendered_before(out: str) -> set[str]:
    try:
        with open(_in(out, RENDERED), encoding="utf-8") as f:
            return {rel for line in f if (rel := line.strip()) and ".." not in rel.split("/")}
    except FileNotFoundError:
        return set()


def _same_folder(a: str, b: str) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def _merged_config(conf: config.Site, out: str, site: assembly.SiteFiles, written: dict,
                   engine: str, words) -> tuple[str, list[str]]:
    """The site's mkdocs.yml with the casebook's nav entries, stylesheet and script merged in,
    and what was added; worked out before anything is written."""
    from casebook.publish import site_config  # ruamel.yaml, only for this

    mount = conf.options["mount"]
    own = sorted((p.relative_to(out).as_posix() for p in pathlib.Path(out).rglob("*.md")
                  if p.relative_to(out).as_posix() not in written),
                 key=lambda rel: (rel != "index.md", rel.count("/"), rel))
    with open(conf.config_file, encoding="utf-8") as f:
        text = f.read()
    try:
        return site_config.merged(text, assembly.casebook_nav(site.pages, mount, words),
                                 [paths.mounted(assembly.STYLESHEET, mount)],
                                 [paths.mounted(script, mount) for script in assembly.SCRIPTS], own_pages=own,
                                 extensions=[assembly.MARKDOWN_IN_HTML], new_extensions=engine == "mkdocs")
    except site_config.ConfigError as exc:
        raise click.ClickException(f"{conf.config_file}: cannot add the casebook's lines: {exc}; "
                                   f"nothing was written") from None


@cli.command("render")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="The cases folder (default: from mkdocs.yml).")
@click.option("--snippet", type=click.Path(dir_okay=False), default=None,
              help="File for the nav, extra_css and extra_javascript lines to add to mkdocs.yml "
                   "(default: standard output).")
@click.option("--update-config", is_flag=True,
              help="Merge those lines into mkdocs.yml itself, keeping its comments and its own nav entries "
                   "(OUT must be its docs folder).")
@click.option("--engine", type=click.Choice(list(assembly.ENGINES)), default="zensical", show_default=True,
              help="The engine that builds OUT: zensical, or mkdocs for MkDocs or ProperDocs without the "
                   "casebook plugin (links in the pages' HTML are then written as the site's addresses).")
@click.pass_context
def render_cmd(ctx: click.Context, out: str, directory: str | None, snippet: str | None, update_config: bool,
               engine: str) -> None:
    """Write a complete site source into OUT for another engine, such as Zensical: the pages, the
    casebook's stylesheet and script, casebook.json, and the mkdocs.yml lines that load them.

    The plugin's options in mkdocs.yml apply, as do the site's repo_url and edit_uri (edit
    links and the correction form) and use_directory_urls.

    OUT may hold the site's own pages: render never replaces a file it did not write (it says
    which, and writes nothing), and the casebook's home page steps aside for the site's own. It
    lists what it wrote in OUT/.casebook-rendered, and removes what a former render wrote that
    is no longer part of the casebook.
    """
    conf = _settings(ctx, directory)
    book = _without_errors(conf, N_("fix the errors above before rendering"))
    mount = conf.options["mount"]
    try:
        docs_dir = conf.settings()["docs_dir"]
    except config.SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    if update_config and (conf.config_file is None or not _same_folder(out, docs_dir)):
        raise click.ClickException("--update-config needs the site's mkdocs.yml and OUT to be its docs folder "
                                   f"({docs_dir if conf.config_file else 'no mkdocs.yml here'})")
    before = _rendered_before(out)
    home = paths.mounted(paths.HOME, mount)
    own_home = conf.options["home"] and os.path.exists(_in(out, home)) and home not in before
    if own_home:
        click.echo(paths.own_home_message(_in(out, home)), err=True)
    options = config.render_options(conf.options, conf.settings(), from_docs=conf.from_docs,
                                    cases_dir=conf.from_root(conf.cases_dir), home=not own_home)
    site = assembly.for_engine(assembly.site_files(markdown_pages.Renderer(book, options), mount), engine, mount,
                               options.directory_urls)
    missing = assembly.missing_downloads(book, options)
    if missing:
        click.echo(missing, err=True)
    files: dict[str, str | bytes] = {paths.mounted(src, mount): text for src, text in site.texts().items()}
    files.update({paths.mounted(src, mount): content for src, content in site.downloads.items()})
    for src, path in site.assets.items():
        with open(path, "rb") as f:
            files[paths.mounted(src, mount)] = f.read()
    theirs = sorted(rel for rel in files if rel not in before and os.path.lexists(_in(out, rel)))
    if theirs:
        more = f" (and {len(theirs) - 1} more)" if len(theirs) > 1 else ""
        raise click.ClickException(
            f"{_in(out, theirs[0])}{more} is not a file casebook render wrote, and would be replaced; nothing "
            f"was written. Move it, set the casebook's 'mount' to a folder of its own, or turn that page off. "
            f"Files left by a casebook render older than this one can be deleted.")
    words = i18n.translations(options.language, options.locale_dir)  # the nav's titles
    merged = _merged_config(conf, out, site, files, engine, words) if update_config else None
    for rel, content in files.items():
        write_atomically(_in(out, rel), content)
    for rel in sorted(before - files.keys()):  # a case or page that is gone
        if os.path.isfile(_in(out, rel)):
            os.remove(_in(out, rel))
    write_atomically(_in(out, RENDERED), "".join(f"{rel}\n" for rel in sorted(files)))
    click.echo(conf.words.ngettext("wrote %(num)s page, casebook.json and the assets to %(folder)s",
                                   "wrote %(num)s pages, casebook.json and the assets to %(folder)s",
                                   len(site.pages)) % {"num": len(site.pages), "folder": out}, err=True)
    if merged is not None:
        text, added = merged
        if added:
            write_atomically(conf.config_file, text)
        for line in added:
            click.echo(conf.words.gettext("%(file)s: added %(line)s") % {"file": conf.config_file, "line": line}, err=True)
        if not added:
            click.echo(conf.words.gettext("%(file)s already has the casebook's lines") % {"file": conf.config_file}, err=True)
        return
    lines = assembly.config_snippet(site.pages, mount, engine, words)
    if snippet is None:
        click.echo(lines, nl=False)
    else:
        write_atomically(snippet, lines)
        click.echo(conf.words.gettext("wrote the lines to add to mkdocs.yml to %(file)s") % {"file": snippet}, err=True)


@cli.command("reference")
@click.option("--readme", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Replace the reference between its two markers in this file instead of printing it.")
def reference_cmd(readme: str | None) -> None:
    """Print the configuration reference: every plugin option, its type, default and an example."""
    from casebook.mkdocs import reference  # reads the plugin's options, so it loads MkDocs

    text = reference.markdown()
    if readme is None:
        click.echo(text, nl=False)
        return
    with open(readme, encoding="utf-8") as f:
        current = f.read()
    old = reference.in_readme(current)
    if old is None:
        raise click.ClickException(f"{readme}: add the two markers first:\n{reference.BEGIN}\n{reference.END}")
    write_atomically(readme, current.replace(old, text, 1))
    click.echo(f"wrote the configuration reference into {readme}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: any unexpected failure is reported in one line, never as a traceback."""
    try:
        cli.main(args=argv, prog_name="casebook", standalone_mode=True)
    except Exception as exc:  # a bug in casebook itself, not in the user's input
        click.echo(f"casebook: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(70)



