"""The column tables of ``docs/adopting.md``, written from the declaration in ``schema.py``.

    python -m assets.source_files.guide      # print the tables to paste into docs/adopting.md

The guide's test (``tests/test_adopting_guide.py``) checks that the guide holds
exactly these tables, so the guide, the loaders and the check cannot drift.
"""

from __future__ import annotations

import csv
import io

from assets.source_files.schema import CSV_FILES, Column, SourceFile


def _default(column: Column) -> str:
    if column.required:
        return ""
    text = f"`{column.default}`" if column.default else "empty"
    return f"{text} ({column.default_means})" if column.default_means else text


def table(spec: SourceFile) -> str:
    """One file's section: its heading, what it is, its columns and an example row."""
    lines = [
        f"### `sources/{spec.path}`",
        "",
        spec.meaning,
        "",
        "| column | required | type | allowed values | default when absent | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for c in spec.columns:
        allowed = ", ".join(f"`{v}`" for v in c.allowed)
        required = "required" if c.required else "optional"
        lines.append(f"| `{c.name}` | {required} | {c.kind} | {allowed} | {_default(c)} | {c.meaning} |")
    example = io.StringIO()
    writer = csv.writer(example, lineterminator="\n")
    writer.writerow([c.name for c in spec.columns])
    writer.writerow(spec.example)
    return "\n".join([*lines, "", "Example:", "", "```csv", example.getvalue().rstrip(), "```"])


def tables() -> list[str]:
    return [table(spec) for spec in CSV_FILES]


if __name__ == "__main__":
    print("\n\n".join(tables()))
