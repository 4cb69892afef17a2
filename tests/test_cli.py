"""The `casebook` command, run as a real subprocess: exit codes, formats, scaffolding, schemas."""

from __future__ import annotations

import json
import re

import pytest

from conftest import CASE, LESSON, ROOT, make_project, run_cli


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop.yml": CASE})


def test_validate_clean_exits_0(project):
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "2 files checked: 0 errors, 0 warnings, 0 notices"


def test_validate_the_repository_cases(tmp_path):
    result = run_cli("validate", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "error" not in result.stdout


def test_validate_errors_exit_1_with_every_problem(project):
    (project / "cases" / "shop.yml").write_text(
        CASE.replace("verdict: bad", "verdict: gud").replace("channels: [email]", "channels: [emial]")
    )
    (project / "cases" / "broken.yml").write_text("title: [unclosed\n")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "cases/broken.yml:1:8: error: YAML syntax: did not find expected ',' or ']' "
        "(while parsing a flow sequence) [yaml-syntax]",
        "cases/shop.yml:3:10: error: unknown verdict 'gud' (did you mean 'good'?); allowed: good, bad, mixed [enum]",
        "cases/shop.yml:5:12: error: unknown channel 'emial' (did you mean 'email'?); allowed: email, phone, "
        "voicemail, live-chat, social-media, review-site, website, in-person, post, sms, not-stated [enum]",
    ]
    assert "Traceback" not in result.stderr


def test_validate_usage_errors_exit_2(project):
    result = run_cli("validate", "--format", "xml", cwd=project)
    assert result.returncode == 2
    assert "Invalid value for '--format'" in result.stderr
    assert run_cli("validate", "a", "b", cwd=project).returncode == 2
    assert run_cli("frobnicate", cwd=project).returncode == 2


def test_validate_missing_folder_exits_1(project):
    result = run_cli("validate", "nowhere", cwd=project)
    assert result.returncode == 1
    assert result.stdout == "nowhere:1:1: error: cases folder not found [no-cases]\n"


def test_validate_json_format(project):
    (project / "cases" / "shop.yml").write_text(CASE.replace("verdict: bad", "verdict: gud"))
    result = run_cli("validate", "--format", "json", cwd=project)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{
        "path": "cases/shop.yml", "line": 3, "column": 10, "level": "error",
        "message": "unknown verdict 'gud' (did you mean 'good'?); allowed: good, bad, mixed", "rule": "enum",
    }]


def test_validate_github_annotations(project):
    (project / "cases" / "shop.yml").write_text(CASE.replace("verdict: bad", "verdict: gud"))
    result = run_cli("validate", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=cases/shop.yml,line=3,col=10,title=casebook enum::"
        "unknown verdict 'gud' (did you mean 'good'?); allowed: good, bad, mixed\n"
    )


def test_validate_reads_vocabularies_from_mkdocs_yml(project):
    (project / "cases" / "shop.yml").write_text(CASE.replace("[email]", "[fax]"))
    assert run_cli("validate", cwd=project).returncode == 1
    config = (project / "mkdocs.yml").read_text().replace("  - casebook\n", "  - casebook:\n      channels: [email, fax]\n")
    (project / "mkdocs.yml").write_text(config + "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_points_editors_at_a_schema_that_exists_wherever_the_cases_are(tmp_path):
    project = tmp_path / "p"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - casebook:\n      cases_dir: content/stories\n"
                                        "      channels: [email, fax]\n")
    result = run_cli("new", "A fax goes unanswered", cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / "content" / "stories" / "a-fax-goes-unanswered.yml"
    target = written.read_text().splitlines()[0].split("$schema=")[1]
    assert target == "../../schema/case.schema.json"
    case_schema = json.loads((written.parent / target).read_text())
    assert "fax" in json.dumps(case_schema)  # the site's own vocabulary
    assert "for editor completion" in result.stdout
    (project / "schema" / "case.schema.json").write_text("{}")  # the site's own: left alone
    assert run_cli("new", "Another one", cwd=project).returncode == 0
    assert (project / "schema" / "case.schema.json").read_text() == "{}"


def test_new_writes_a_template_and_never_overwrites(project):
    result = run_cli("new", "Ozzy's shop: a second look!", "--verdict", "bad", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "cases" / "ozzys-shop-a-second-look.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert 'title: "Ozzy\'s shop: a second look!"' in text and "verdict: bad" in text
    again = run_cli("new", "Ozzy's shop: a second look!", cwd=project)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert path.read_text() == text


def test_new_rejects_bad_ids(project):
    result = run_cli("new", "Anything", "--id", "Not An Id", cwd=project)
    assert result.returncode == 2
    assert "not a valid id" in result.stderr
    assert run_cli("new", "Index", cwd=project).returncode == 2


def fill(template: str) -> str:
    """Fill the scaffold the way a contributor would."""
    text = template.replace('summary: "TODO: two or three plain sentences (no Markdown) for indexes and search"',
                            "summary: A shop cancelled an order and then ignored the complaint.")
    text = text.replace('  name: "TODO: the business\'s name as the source gives it"', "  name: Example Shop")
    text = text.replace("  sector: TODO", "  sector: retail")
    text = text.replace("channels: [TODO]", "channels: [email]")
    text = re.sub(r"  TODO: [^\n]*", "  Something real happened here.", text)
    text = text.replace('  - id: "TODO: the lesson\'s id (its file name in cases/lessons/ without .yml)"',
                        "  - id: acknowledge-first")
    text = text.replace("  - kind: TODO", "  - kind: blog-post")
    text = text.replace("  told_by: TODO", "  told_by: customer").replace("  witness: TODO", "  witness: first-hand")
    text = text.replace("  business_side: TODO", "  business_side: not-sought")
    return text


def test_scaffold_round_trip(project):
    assert run_cli("new", "A fresh case", "--verdict", "bad", cwd=project).returncode == 0
    path = project / "cases" / "a-fresh-case.yml"
    unfilled = run_cli("validate", cwd=project)
    assert unfilled.returncode == 1
    assert all(line.startswith("cases/a-fresh-case.yml:") for line in unfilled.stdout.splitlines())
    assert "[placeholder]" in unfilled.stdout
    path.write_text(fill(path.read_text()))
    filled = run_cli("validate", cwd=project)
    assert filled.returncode == 0, filled.stdout
    assert "error" not in filled.stdout


def test_schema_command_matches_the_committed_schemas(tmp_path):
    result = run_cli("schema", "--out", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for kind in ("case", "lesson", "module"):
        committed = ROOT / "schema" / f"{kind}.schema.json"
        assert (tmp_path / f"{kind}.schema.json").read_text() == committed.read_text(), (
            f"schema/{kind}.schema.json is stale: run `casebook schema`"
        )


def test_schema_accepts_the_repository_cases_and_rejects_bad_ones():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "cases").glob("*.yml")):
        data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        assert not list(validator.iter_errors(data)), path.name
    data = yaml.load(CASE.replace("verdict: bad", "verdict: gud"), Loader=yaml.CSafeLoader)
    assert [e.json_path for e in validator.iter_errors(data)] == ["$.verdict"]


def test_every_case_file_points_editors_at_the_schema():
    for path in sorted((ROOT / "cases").rglob("*.yml")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), path


def test_python_dash_m_and_version():
    result = run_cli("--version", cwd=ROOT)
    assert result.returncode == 0 and "casebook" in result.stdout


def test_written_files_get_the_usual_permissions_and_keep_their_own(tmp_path):
    """Files are written through a temporary file, which is its owner's alone; what is written
    gets what a new file gets under the umask, or the mode of the file it replaces."""
    import os
    import stat

    from casebook.cli import write_atomically

    old = os.umask(0o022)
    try:
        write_atomically(str(tmp_path / "new.yml"), "a: 1\n")
        assert stat.S_IMODE((tmp_path / "new.yml").stat().st_mode) == 0o644
        kept = tmp_path / "mkdocs.yml"
        kept.write_text("site_name: x\n")
        kept.chmod(0o664)
        write_atomically(str(kept), "site_name: y\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664 and kept.read_text() == "site_name: y\n"
    finally:
        os.umask(old)
    assert not list(tmp_path.glob(".casebook-*"))
