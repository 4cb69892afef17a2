"""casebook: customer-experience case studies as an MkDocs playbook.

The core is a pipeline, one folder a stage, and imports nothing from MkDocs:

- `read`: one YAML file into values that keep their line and column;
- `check`: those values against the schema's one table of fields;
- `link`: every file of the casebook loaded, and the links between cases and lessons;
- `render`: the casebook as Markdown pages (and as HTML, for engines that take it);
- `publish`: every file the site gets, assembled once, and the casebook as data.

`model`, `paths`, `problems` and `provenance` are shared by every stage. `mkdocs` is the
adapter for MkDocs (the plugin and its options); `cli` is the `casebook` command.
"""

__version__ = "0.1.0"
