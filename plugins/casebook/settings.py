"""Read the casebook plugin's options from `mkdocs.yml` without importing MkDocs.

The command line uses this so that `casebook validate` checks against the same folder and
vocabularies as the site build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from . import schema


class _ConfigLoader(yaml.CSafeLoader):
    """Reads mkdocs.yml, where tags such as `!!python/name:` and `!ENV` may appear."""


def _ignore_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("", _ignore_tag)


#: The default of every plugin option, read by the plugin's configuration and by the command line,
#: so both agree on a site whose `mkdocs.yml` leaves an option out.
DEFAULTS: dict[str, object] = {
    "cases_dir": "cases",
    "mount": "",
    "channels": None,
    "themes": None,
    "sectors": None,
    "labels": {},
    "templates_dir": None,
    "home": True,
    "cases_index": True,
    "lessons": True,
    "training": None,
    "stats_page": True,
    "tags_page": True,
    "contributing_page": True,
    "propose_page": True,
    "lesson_cases": 25,
    "index_cases": 20,
    "search": "theme",
}


@dataclass
class Settings:
    root: str
    cases_dir: str
    vocab: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(schema.DEFAULT_VOCABULARIES))
    config_file: str | None = None
    #: The plugin's options as `mkdocs.yml` gives them, each missing one at its default.
    options: dict = field(default_factory=lambda: dict(DEFAULTS))


class SettingsError(Exception):
    """mkdocs.yml could not be read; the message says where and why."""


def plugin_options(config: dict) -> dict | None:
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


def load(config_file: str | None = None, cases_dir: str | None = None) -> Settings:
    """Settings from `config_file` (default: ./mkdocs.yml when present), `cases_dir` winning."""
    if config_file is None and os.path.isfile("mkdocs.yml"):
        config_file = "mkdocs.yml"
    options: dict = {}
    root = os.getcwd()
    if config_file is not None:
        try:
            with open(config_file, "rb") as f:
                config = yaml.load(f, Loader=_ConfigLoader) or {}
        except OSError as exc:
            raise SettingsError(f"{config_file}: cannot read: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise SettingsError(f"{config_file}: not valid YAML: {exc}") from None
        if not isinstance(config, dict):
            raise SettingsError(f"{config_file}: expected a mapping of settings")
        options = plugin_options(config) or {}
        root = os.path.dirname(os.path.abspath(config_file))
    vocab = dict(schema.DEFAULT_VOCABULARIES)
    for name in vocab:
        if options.get(name):
            vocab[name] = tuple(str(v) for v in options[name])
    options = {**DEFAULTS, **{k: v for k, v in options.items() if k in DEFAULTS}}
    folder = cases_dir if cases_dir is not None else os.path.join(root, str(options["cases_dir"]))
    return Settings(root=root if cases_dir is None else os.getcwd(), cases_dir=folder, vocab=vocab,
                    config_file=config_file, options=options)
