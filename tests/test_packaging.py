"""The package a site owner installs: the built wheel, not the checkout, used to start a new site
from nothing (run last by tests/test_readme.py, in the fresh environment of its clean copy)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

#: What a site owner adds to the mkdocs.yml `mkdocs new` wrote, as the README shows.
ADDED = """theme:
  name: material
plugins:
  - search
  - tags
  - casebook
"""


def run(args, cwd, env) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    assert "Traceback" not in result.stderr
    return result


def the_built_wheel_starts_a_new_site(tmp_path, source, env_dir, env) -> None:
    """Build the wheel of the clean copy `source`, install it in the virtual environment `env_dir`
    in place of the checkout, and start a new site with it that builds strict.

    tests/test_readme.py calls this last, in the environment the README's `make serve` made in its
    clean copy: that install already holds the same dependencies (the `site` extra), so the wheel
    goes in alone (`--no-deps`), replacing the editable install, and a second fresh environment
    with the same packages is not made."""
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
        cwd=tmp_path, env=env)
    wheel = next((tmp_path / "dist").glob("mkdocs_casebook-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "casebook/assets/casebook.css" in names and "casebook/templates/case.md.j2" in names
    # The translations and the SCORM package's own files travel with it.
    assert "casebook/locale/de/LC_MESSAGES/casebook.mo" in names and "casebook/locale/casebook.pot" in names
    assert any(n.startswith("casebook/publish/office/scorm/") for n in names), names

    bin_dir = env_dir / "bin"
    env = {**env, "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)],
        cwd=tmp_path, env=env)
    where = run([str(bin_dir / "python"), "-c", "import casebook; print(casebook.__file__)"], cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(env_dir)), where.stdout  # installed, not the checkout
    assert (pathlib.Path(where.stdout.strip()).parent / "locale" / "de" / "LC_MESSAGES" / "casebook.mo").is_file()

    site = tmp_path / "site-owner"
    run([str(bin_dir / "mkdocs"), "new", str(site)], cwd=tmp_path, env=env)
    with open(site / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write(ADDED)
    shutil.copytree(ROOT / "cases", site / "cases")  # the seed cases, as a start
    new = run([str(bin_dir / "casebook"), "new", "A shop loses an order", "--verdict", "bad"], cwd=site, env=env)
    assert "schema/case.schema.json" in new.stdout
    written = site / "cases" / "a-shop-loses-an-order.yml"
    modeline = written.read_text(encoding="utf-8").splitlines()[0]
    target = modeline.split("$schema=", 1)[1]
    assert (written.parent / target).resolve() == (site / "schema" / "case.schema.json").resolve()
    assert '"title"' in (site / "schema" / "case.schema.json").read_text(encoding="utf-8")
    # The scaffold is there to be filled in: until then it fails, located, and the site is left alone.
    failed = subprocess.run([str(bin_dir / "casebook"), "validate"], cwd=site, capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "cases/a-shop-loses-an-order.yml:" in failed.stdout
    written.unlink()
    run([str(bin_dir / "mkdocs"), "build", "--strict"], cwd=site, env={**env, "NO_MKDOCS_2_WARNING": "1"})
    assert (site / "site" / "cases" / "title-9-refunds-entry-fees" / "index.html").is_file()
