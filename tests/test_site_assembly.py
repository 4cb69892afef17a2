"""One assembly of the site: `casebook render` writes exactly the files, with exactly the
content, that the plugin adds to a MkDocs build of the same mkdocs.yml, whatever the options.

The build is MkDocs' own (`mkdocs.commands.build`, in this process, so that the plugin's record
of what it added can be read); the render is the command a site owner runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from casebook import paths

from conftest import ROOT, copy_repo_cases, run_cli

#: A site with a GitHub repository, so that edit links and the correction form's pull request
#: are in the pages.
SITE = {"site_name": "Assembly", "repo_url": "https://github.com/example/handbook", "edit_uri": "edit/trunk/docs/",
        "theme": {"name": "material"}}

VARIANTS = {
    "defaults": {},
    "mounted": {"mount": "guides/playbook", "labels": {"social-media": "Social networks"}},
    "sections-off": {"lessons": False, "stats_page": False, "training": False, "propose_page": False,
                     "contributing_page": False, "tags_page": False, "lesson_cases": 2},
    "pagefind-and-templates": {"search": "pagefind", "templates_dir": "overrides", "index_cases": 2},
}


def project_for(root: Path, options: dict, generated: int = 0) -> Path:
    """A project with the repository's cases (or `generated` generated ones) and `options`."""
    if generated:
        sys.path.insert(0, str(ROOT / "bench"))
        import gen

        gen.write_casebook(str(root / "cases"), generated)
    else:
        copy_repo_cases(root)
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nThe site's own page.\n", encoding="utf-8")
    if "templates_dir" in options:
        overrides = root / options["templates_dir"]
        overrides.mkdir()
        template = (ROOT / "plugins" / "casebook" / "templates" / "stats.md.j2").read_text(encoding="utf-8")
        (overrides / "stats.md.j2").write_text(template + "\nA line the site's own template adds.\n", encoding="utf-8")
    plugins = ["search", "tags", {"casebook": options}] if options else ["search", "tags", "casebook"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump({**SITE, "plugins": plugins}, sort_keys=False), encoding="utf-8")
    return root


def built_by_the_plugin(project: Path) -> tuple[dict[str, str | bytes], Path]:
    """What the plugin added to a strict MkDocs build of `project`: each page, data file and
    module download by its path in the site, and the built site."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    build(config)
    plugin = config.plugins["casebook"]
    mount = plugin.config.mount
    added = {paths.mounted(src, mount): text for src, text in plugin.site.texts().items()}
    added.update({paths.mounted(src, mount): data for src, data in plugin.site.downloads.items()})
    assert set(plugin.generated) == set(added), "the plugin added other files than the assembly"
    return added, project / "site"


def written_by_render(project: Path, out: Path) -> dict[str, bytes]:
    result = run_cli("render", str(out), "--snippet", str(project / "casebook.yml"), cwd=project)
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    record = written.pop(".casebook-rendered").decode("utf-8").splitlines()  # what it wrote, for the next render
    assert record == sorted(written)
    return written


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_render_writes_what_the_plugin_adds(tmp_path, variant):
    project = project_for(tmp_path / "project", VARIANTS[variant], generated=120 if "index_cases" in VARIANTS[variant] else 0)
    added, site = built_by_the_plugin(project)
    written = written_by_render(project, tmp_path / "out")
    # The shipped stylesheet and scripts (the scripts' words are made, as the data files are).
    assets = {src: data for src, data in written.items() if f"/{paths.ASSET_DEST}/" in f"/{src}" and src not in added}
    # The modules' Word, PowerPoint and SCORM files are the same bytes on both paths.
    texts = {src: data if isinstance(added.get(src), bytes) else data.decode("utf-8")
             for src, data in written.items() if src not in assets}
    assert sorted(texts) == sorted(added)
    differ = [src for src in added if texts[src] != added[src]]
    assert not differ, differ
    assert assets and all((site / src).read_bytes() == data for src, data in assets.items())
    # What the variant asked for is in the pages, on both paths.
    options = VARIANTS[variant]
    mount = options.get("mount", "")
    case = next(src for src in added if src.startswith(paths.mounted("cases/", mount)) and "/page/" not in src
                and not src.endswith("index.md"))
    assert "https://github.com/example/handbook/edit/trunk/" in added[case]  # the edit link
    if options.get("propose_page", True):
        assert paths.mounted(paths.propose_data(case.rsplit("/", 1)[1][:-3]), mount) in added
        assert "https://github.com/example/handbook/new/trunk" in added[paths.mounted(paths.PROPOSE, mount)]
    if "templates_dir" in options:
        assert "A line the site's own template adds." in added["stats.md"]
    if options.get("labels"):
        assert "Social networks" in added[paths.mounted("cases/index.md", mount)]


def test_render_never_replaces_the_sites_own_files(tmp_path):
    """Rendering into a docs folder that holds the site's own pages: a page of the site's where
    the casebook would write one stops the render before anything is written; the site's home
    page stays and the casebook's steps aside, as in a build; a second render replaces what the
    first wrote, and removes the page of a case that is gone."""
    project = project_for(tmp_path / "project", {})
    docs = project / "docs"
    (docs / "index.md").write_text("# Our handbook\n", encoding="utf-8")
    (docs / "stats.md").write_text("# Our own figures\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in docs.rglob("*")}
    refused = run_cli("render", "docs", cwd=project)
    assert refused.returncode == 1
    assert "docs/stats.md is not a file casebook render wrote, and would be replaced; nothing was written" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert {p: p.read_bytes() for p in docs.rglob("*")} == before

    (docs / "stats.md").unlink()
    gone = project / "cases" / "a-case-removed-later.yml"
    gone.write_text((project / "cases" / "title-9-refunds-entry-fees.yml").read_text(encoding="utf-8"), encoding="utf-8")
    first = run_cli("render", "docs", "--snippet", "casebook.yml", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "docs/index.md is the site's own page, so the casebook's home page is not generated" in first.stderr
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Our handbook\n"
    assert (docs / "about.md").read_text(encoding="utf-8").startswith("# About")
    assert (docs / "cases" / "index.md").is_file() and (docs / paths.propose_data(gone.stem)).is_file()
    assert (docs / "cases" / f"{gone.stem}.md").is_file()
    assert "Playbook" not in (project / "casebook.yml").read_text(encoding="utf-8")  # no nav entry for it

    gone.unlink()
    again = run_cli("render", "docs", "--snippet", "casebook.yml", cwd=project)
    assert again.returncode == 0, again.stderr
    assert not (docs / "cases" / f"{gone.stem}.md").exists()
    assert (docs / "cases" / "title-9-refunds-entry-fees.md").is_file()
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Our handbook\n"


def test_update_config_needs_the_docs_folder_and_leaves_a_file_it_cannot_merge(tmp_path):
    project = project_for(tmp_path / "project", {})
    elsewhere = run_cli("render", "out", "--update-config", cwd=project)
    assert elsewhere.returncode == 1 and "--update-config needs the site's mkdocs.yml and OUT to be its docs folder" in elsewhere.stderr
    assert not (project / "out").exists()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav:\n  - index.md\nnav:\n  - about.md\n", encoding="utf-8")
    before = config.read_text(encoding="utf-8")
    twice = run_cli("render", "docs", "--update-config", cwd=project)
    assert twice.returncode == 1 and 'mkdocs.yml: cannot add the casebook\'s lines: ' in twice.stderr
    assert 'found duplicate key "nav"' in twice.stderr and "Traceback" not in twice.stderr
    assert config.read_text(encoding="utf-8") == before
    assert not (project / "docs" / "cases").exists()  # nothing was written
