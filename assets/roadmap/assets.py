"""The roadmap group: the road map catalogue, unit registry and outcome targets as tables.

Sources: ``sources/roadmap/rencana_aksi.csv``, ``outcomes.csv``,
``ordinal_scales.csv``, ``roadmap.toml`` and ``sources/units.csv``.
"""

from __future__ import annotations

import dagster as dg

from assets.constants import OWNERS
from assets.publish import validate_then_replace
from assets.resources import ProjectFiles, Warehouse
from assets.roadmap.catalogue import load_indicators, load_outcomes, load_units
from assets.roadmap.targets import expand_responsibilities, expand_targets
from assets.warehouse import read_table
from expectations.adapter import Suite

GROUP = "roadmap"
INTERNAL = ["invalid_numbers"]

UNITS_SUITE = Suite.load("units")
INDICATORS_SUITE = Suite.load("roadmap_indicators")
TARGETS_SUITE = Suite.load("roadmap_targets")
RESPONSIBILITIES_SUITE = Suite.load("roadmap_responsibilities")
OUTCOMES_SUITE = Suite.load("outcome_targets")


@dg.asset(
    group_name=GROUP,
    kinds={"csv", "duckdb", "great_expectations"},
    owners=OWNERS,
    check_specs=UNITS_SUITE.check_specs("units"),
)
def units(files: ProjectFiles, warehouse: Warehouse):
    """Unit registry (SKPD): code, name, every spelling seen in the road map, active years.

    From ``sources/units.csv``. Responsible-unit names in the catalogue are
    resolved through it; "Seluruh SKPD" means every unit active that year.
    """
    staged = load_units(files.sources)
    yield from validate_then_replace(
        asset="units",
        suite=UNITS_SUITE,
        staged=staged,
        warehouse=warehouse,
        outputs=files.outputs,
        stored=staged.drop(columns=INTERNAL),
        index_columns=["csv_line", "code"],
    )


@dg.asset(
    group_name=GROUP,
    kinds={"csv", "duckdb", "great_expectations"},
    owners=OWNERS,
    check_specs=INDICATORS_SUITE.check_specs("roadmap_indicators"),
)
def roadmap_indicators(files: ProjectFiles, warehouse: Warehouse):
    """Every indicator line of the road map's Rencana Aksi (Lampiran II), one row per code.

    Action, success criterion, indicator, printed and parsed target, period,
    scheduled years and responsible units, from ``sources/roadmap/rencana_aksi.csv``.
    """
    identity = files.roadmap_identity
    staged = load_indicators(files.roadmap)
    stored = staged.drop(columns=INTERNAL).assign(catalogue_version=identity.catalogue_version)
    yield from validate_then_replace(
        asset="roadmap_indicators",
        suite=INDICATORS_SUITE,
        staged=staged,
        warehouse=warehouse,
        outputs=files.outputs,
        stored=stored,
        index_columns=["csv_line", "code"],
        extra_metadata={"catalogue_version": identity.catalogue_version, "roadmap": identity.regulation},
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "great_expectations"},
    owners=OWNERS,
    deps=[roadmap_indicators, units],
    check_specs=RESPONSIBILITIES_SUITE.check_specs("roadmap_responsibilities"),
)
def roadmap_responsibilities(warehouse: Warehouse, files: ProjectFiles):
    """Who answers for what: one row per indicator x unit it names, scheduled in some year or in none.

    "Seluruh SKPD" names every unit of the registry. A unit's indicators that have
    no target in a year are "Tidak Dijadwalkan" for it that year (``unit_summary``).
    """
    with warehouse.get_connection() as conn:
        indicators = read_table(conn, "SELECT * FROM roadmap_indicators ORDER BY csv_line")
        registry = read_table(conn, "SELECT * FROM units ORDER BY csv_line")
    yield from validate_then_replace(
        asset="roadmap_responsibilities",
        suite=RESPONSIBILITIES_SUITE,
        staged=expand_responsibilities(indicators, registry),
        warehouse=warehouse,
        outputs=files.outputs,
        index_columns=["csv_line", "code", "responsible_unit"],
    )


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "great_expectations"},
    owners=OWNERS,
    deps=[roadmap_indicators, units],
    check_specs=TARGETS_SUITE.check_specs("roadmap_targets"),
)
def roadmap_targets(files: ProjectFiles, warehouse: Warehouse):
    """Annual targets: one row per indicator x scheduled year x responsible unit.

    Monthly and quarterly targets are multiplied up to a year (x12, x4);
    "Seluruh SKPD" becomes every unit active in that year.
    """
    identity = files.roadmap_identity
    with warehouse.get_connection() as conn:
        indicators = read_table(conn, "SELECT * FROM roadmap_indicators ORDER BY csv_line")
        registry = read_table(conn, "SELECT * FROM units ORDER BY csv_line")
    staged = expand_targets(indicators, registry)
    yield from validate_then_replace(
        asset="roadmap_targets",
        suite=TARGETS_SUITE,
        staged=staged,
        warehouse=warehouse,
        outputs=files.outputs,
        parameters={"first_year": identity.first_year, "last_year": identity.last_year},
        index_columns=["csv_line", "code", "responsible_unit"],
    )


@dg.asset(
    group_name=GROUP,
    kinds={"csv", "duckdb", "great_expectations"},
    owners=OWNERS,
    check_specs=OUTCOMES_SUITE.check_specs("outcome_targets"),
)
def outcome_targets(files: ProjectFiles, warehouse: Warehouse):
    """The road map's area outcome targets (Hasil yang diharapkan), ordinal targets ranked.

    From ``sources/roadmap/outcomes.csv`` and ``ordinal_scales.csv``: AKIP "A"
    or Opini BPK "WTP" compare by their rank on the scale.
    """
    staged = load_outcomes(files.roadmap)
    yield from validate_then_replace(
        asset="outcome_targets",
        suite=OUTCOMES_SUITE,
        staged=staged,
        warehouse=warehouse,
        outputs=files.outputs,
        stored=staged.drop(columns=INTERNAL),
        index_columns=["csv_line", "outcome"],
    )


ASSETS = [units, roadmap_indicators, roadmap_responsibilities, roadmap_targets, outcome_targets]
