"""The configuration reference, written from the plugin's option definitions so it cannot drift.

Each option of `CasebookConfig` gives its type and default; its docstring gives what it changes
and, after `Example:`, the YAML a site writes. `casebook reference` prints the result, which the
README holds between two markers (a test checks they agree).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass

from mkdocs.config import config_options as c

from casebook.mkdocs.config import CasebookConfig

#: The README lines around the generated reference.
BEGIN = "<!-- configuration reference: written by `casebook reference`, do not edit -->"
END = "<!-- end of configuration reference -->"


@dataclass(frozen=True)
class OptionDoc:
    name: str
    type: str
    default: str
    example: str
    doc: str


def _type_name(option) -> str:
    if isinstance(option, c.Optional):
        return _type_name(option.option)
    if isinstance(option, c.ListOfItems):
        return f"list of {_type_name(option.option_type)}"
    if isinstance(option, c.DictOfItems):
        return f"mapping of term to {_type_name(option.option_type)}"
    if isinstance(option, c.Dir):
        return "folder"
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(f"`{choice}`" for choice in option.choices)
    kind = getattr(option, "_type", None)
    names = {str: "text", bool: "true or false", int: "number"}
    if kind in names:
        return names[kind]
    raise TypeError(f"no name for the type of {option!r}")


def _default(option) -> str:
    default = option.default
    if default is None or default == {}:
        return "unset"
    if isinstance(default, bool):
        return "true" if default else "false"
    if default == "":
        return '"" (the site\'s root)'
    return f"`{default}`"


def _docstrings(cls) -> dict[str, str]:
    """Each attribute's docstring: the string right below its assignment in the class source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body
    docs = {}
    for node, after in zip(body, body[1:]):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[node.targets[0].id] = inspect.cleandoc(after.value.value)
    return docs


def options() -> list[OptionDoc]:
    """Every option in the order the class defines them; each must have a docstring with an example."""
    docs = _docstrings(CasebookConfig)
    found = []
    for name, option in CasebookConfig._schema:
        text = docs.get(name)
        if text is None or "\nExample: " not in text:
            raise ValueError(f"option '{name}' needs a docstring ending with 'Example: `...`'")
        doc, example = text.rsplit("\nExample: ", 1)
        found.append(OptionDoc(name, _type_name(option), _default(option), example.strip(),
                               " ".join(doc.split())))
    return found


def markdown() -> str:
    """The reference as Markdown: one section per option."""
    parts = [BEGIN, ""]
    for option in options():
        parts += [
            f"### `{option.name}`",
            "",
            option.doc,
            "",
            f"- Type: {option.type}",
            f"- Default: {option.default}",
            f"- Example: {option.example}",
            "",
        ]
    parts.append(END)
    return "\n".join(parts) + "\n"


def in_readme(text: str) -> str | None:
    """The reference as a README holds it, or None when the markers are missing."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(END)] + "\n"
