"""docs/adopting.md says what the code does: its column tables are the declared ones, it names every allowed value."""

from __future__ import annotations

from dataclasses import fields

from assets.forms.probe import Limits
from assets.local_time import ZONE_LABELS
from assets.source_files.check import IDENTITY_KEYS, OPTIONAL_IDENTITY_KEYS
from assets.source_files.guide import tables
from assets.source_files.schema import CSV_FILES, RENCANA_AKSI_FILE
from pipelines.settings import PROJECT_DIR

GUIDE = (PROJECT_DIR / "docs" / "adopting.md").read_text(encoding="utf-8")


def test_the_guide_holds_every_declared_column_table():
    """Regenerate with ``python -m assets.source_files.guide`` when a column changes."""
    for spec, table in zip(CSV_FILES, tables()):
        assert table in GUIDE, f"docs/adopting.md: the table of {spec.path} differs from assets/source_files/schema.py"


def test_the_guide_names_every_allowed_value_key_and_zone():
    for spec in CSV_FILES:
        for column in spec.columns:
            for value in column.allowed:
                assert f"`{value}`" in GUIDE, (spec.path, column.name, value)
    for name in ("target_kind", "joint_rule"):  # each value explained in its own table row
        for value in RENCANA_AKSI_FILE.column(name).allowed:
            assert f"| `{value}` |" in GUIDE, (name, value)
    for zone, label in ZONE_LABELS.items():
        assert f"| `{zone}` | {label} |" in GUIDE
    for key in [*IDENTITY_KEYS, *OPTIONAL_IDENTITY_KEYS]:
        assert f"\n{key} = " in GUIDE, key
    for limit in fields(Limits):
        assert f"\n{limit.name} = {limit.default}" in GUIDE, limit.name
