"""The plugin's options: one set of definitions behind the plugin, the command line and the reference."""

from __future__ import annotations

from casebook.mkdocs import reference
from casebook.mkdocs.config import CasebookConfig

from conftest import ROOT, run_cli


def test_readme_holds_the_reference_written_from_the_options():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert reference.in_readme(text) == reference.markdown(), (
        "README.md's configuration reference is stale: run `casebook reference --readme README.md`")


def test_every_option_has_a_type_a_default_an_example_and_a_description():
    documented = reference.options()
    assert [o.name for o in documented] == [name for name, _ in CasebookConfig._schema]
    for option in documented:
        assert option.type and option.default and option.doc
        assert option.example.startswith(f"`{option.name}: "), option


def test_the_command_line_checks_the_options_as_the_build_does(tmp_path, small_project):
    """One definition: `casebook validate` refuses what `mkdocs build` refuses, in the same words."""
    from conftest import run_mkdocs

    config = (small_project / "mkdocs.yml").read_text().replace("  - casebook\n", "  - casebook:\n      lesson_cases: 0\n")
    (small_project / "mkdocs.yml").write_text(config)
    expected = "Expected a whole number of at least 1, but received: 0"
    built = run_mkdocs(small_project, tmp_path / "site")
    assert built.returncode == 1 and f"option 'lesson_cases': {expected}" in built.stderr
    for command in (["validate"], ["render", str(tmp_path / "out")]):
        result = run_cli(*command, cwd=small_project)
        assert result.returncode == 1, command
        assert f"mkdocs.yml: casebook option 'lesson_cases': {expected}" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_reference_command_prints_the_reference():
    result = run_cli("reference", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == reference.markdown()


def test_a_mount_outside_the_site_is_refused(tmp_path, small_project):
    from conftest import run_mkdocs

    config = (small_project / "mkdocs.yml").read_text().replace("  - casebook\n", "  - casebook:\n      mount: ../up\n")
    (small_project / "mkdocs.yml").write_text(config)
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 1
    assert "'../up' must be a folder inside the site, such as 'playbook'" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_checks_the_sites_own_settings_as_a_build_does(tmp_path, small_project):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: sometimes\n")
    result = run_cli("render", str(tmp_path / "out"), cwd=small_project)
    assert result.returncode == 1, result.stderr
    assert "mkdocs.yml: 'use_directory_urls': Expected type: <class 'bool'> but received: <class 'str'>" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_verdicts_take_the_sites_labels_and_a_label_for_nothing_is_warned_of(tmp_path, small_project):
    from bs4 import BeautifulSoup

    from conftest import run_mkdocs

    config = (small_project / "mkdocs.yml").read_text()
    labelled = config.replace("  - casebook\n", "  - casebook:\n      labels: {bad: Schlechte Praxis, sms: SMS-Nachricht}\n")
    (small_project / "mkdocs.yml").write_text(labelled)
    built = run_mkdocs(small_project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((tmp_path / "site" / "cases" / "shop-cancels" / "index.html").read_text(), "html.parser")
    assert page.select_one(".casebook-glance .casebook-verdict").get_text() == "Schlechte Praxis"
    assert "Bad practice" not in page.get_text()
    home = (tmp_path / "site" / "index.html").read_text()
    assert "Schlechte Praxis" in home and "Bad practice" not in home
    # A label whose term is no verdict or vocabulary term of the site: warned of, by the build
    # (so a strict build fails) and by the command line, with what it may have meant.
    (small_project / "mkdocs.yml").write_text(labelled.replace("bad: Schlechte", "baad: Schlechte"))
    built = run_mkdocs(small_project, tmp_path / "site")
    message = "'baad' is not a verdict, channel, sector or theme of this site, so its label is not used (did you mean 'bad'?)"
    assert built.returncode == 1 and f"option 'labels': {message}" in built.stderr, built.stderr
    result = run_cli("validate", cwd=small_project)
    assert f"mkdocs.yml: warning: casebook option 'labels': {message}" in result.stderr, result.stderr
