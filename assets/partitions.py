"""Year partitions, one per year of the road map's Waktu Pelaksanaan: the one partitions definition.

Every yearly asset takes the object this returns. The asset modules build their
assets from it (``build_assets(partitions)``) rather than at import, because
the years are the road map's (``roadmap.toml``, wherever the settings point):
another government's period gives other partitions without touching code.
"""

from __future__ import annotations

import dagster as dg

from assets.roadmap.identity import RoadmapIdentity


def yearly_partitions(identity: RoadmapIdentity) -> dg.StaticPartitionsDefinition:
    return dg.StaticPartitionsDefinition([str(year) for year in identity.years])
