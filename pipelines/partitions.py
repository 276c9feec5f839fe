"""Year partitions, one per year of the road map's Waktu Pelaksanaan."""

from __future__ import annotations

import dagster as dg

from assets.roadmap.identity import RoadmapIdentity


def yearly_partitions(identity: RoadmapIdentity) -> dg.StaticPartitionsDefinition:
    return dg.StaticPartitionsDefinition([str(year) for year in identity.years])
