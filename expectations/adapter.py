"""The one bridge between Great Expectations suites and Dagster asset checks.

A suite is a JSON file in GX's own format under ``expectations/suites/``.
Every expectation carries in ``meta``:

- ``check_name``: the Dagster asset check it becomes (stable, snake_case);
- ``reason_code``: a stable code for the rejection (``UNIT_UNKNOWN`` ...);
- ``reason``: the reason in Bahasa Indonesia, shown to users.

GX's own ``severity`` (``critical`` or ``warning``) decides whether a failure
blocks the asset. Values that come from data (the unit registry, the road
map's years) are ``{"$PARAMETER": name}`` in the suite and are supplied at
validation time. A reason may name a column of the validated frame as
``{column}``; the row's value fills it where a row is refused
(``assets/forms/route.py``), and where no row is at hand (a check's
description, its metadata, the stored results) the placeholder is left out
(:func:`neutral_reason`).

``import great_expectations`` is slow, so it happens inside :func:`validate`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

SUITES_DIR = Path(__file__).resolve().parent / "suites"
PREVIEW_ROWS = 20
# A placeholder with what only makes sense beside it: " '{raw_answer}'", " ({allowed})", " {code}".
PLACEHOLDER_TEXT = re.compile(r"\s?(?P<open>[('])?\{(?P<name>\w+)\}(?(open)[)'])")


def neutral_reason(reason: str, keep: Iterable[str] = ()) -> str:
    """A reason without its row placeholders (but those in ``keep``): "Kode {code} tidak ada" -> "Kode tidak ada"."""
    kept = set(keep)
    text = PLACEHOLDER_TEXT.sub(lambda m: m.group(0) if m.group("name") in kept else "", reason)
    return re.sub(r"\s+([;:,.])", r"\1", text).strip() if text != reason else reason


@dataclass(frozen=True)
class ExpectationOutcome:
    """The JSON-native result of one expectation."""

    check_name: str
    expectation_type: str
    column: str | None
    severity: str
    reason_code: str
    reason: str
    success: bool
    unexpected_count: int
    unexpected_rows: list[dict[str, Any]] = field(default_factory=list)
    observed_value: Any = None
    # meta.reason_code_column / meta.reason_column: the row itself carries its reason (a parser's)
    reason_code_column: str | None = None
    reason_column: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == "critical"


@dataclass(frozen=True)
class SuiteOutcome:
    suite_name: str
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        """True when no critical expectation failed."""
        return all(o.success or not o.blocking for o in self.outcomes)

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def summary(self) -> str:
        failed = ", ".join(f"{o.check_name} ({o.unexpected_count})" for o in self.failed) or "none"
        return f"suite {self.suite_name}: {len(self.outcomes)} expectations, failed: {failed}"

    def to_json(self) -> dict[str, Any]:
        return {
            "suite": self.suite_name,
            "success": self.success,
            "results": [{**o.__dict__, "reason": neutral_reason(o.reason)} for o in self.outcomes],
        }


class Suite:
    """A GX expectation suite stored as a JSON file."""

    def __init__(self, data: Mapping[str, Any], path: Path | None = None):
        self.data = dict(data)
        self.path = path
        self.name: str = self.data["name"]
        for exp in self.expectations:
            meta = exp.get("meta") or {}
            missing = {"check_name", "reason_code", "reason"} - set(meta)
            if missing:
                raise ValueError(f"{self.name}: expectation {exp['type']} lacks meta {sorted(missing)}")

    @classmethod
    def load(cls, name: str, suites_dir: Path = SUITES_DIR) -> Suite:
        path = suites_dir / f"{name}.json"
        return cls(json.loads(path.read_text(encoding="utf-8")), path)

    @property
    def expectations(self) -> list[dict[str, Any]]:
        return list(self.data["expectations"])

    def check_names(self) -> list[str]:
        return [e["meta"]["check_name"] for e in self.expectations]

    def check_specs(
        self, asset: dg.AssetKey | str, *, extra_deps: Sequence[Any] = (), routes_rows: bool = False
    ) -> list[dg.AssetCheckSpec]:
        """One Dagster check per expectation; critical ones block downstream assets.

        ``routes_rows``: the suite sorts rows into accepted and refused, so a
        failed expectation means refused rows, not a broken run: nothing blocks.
        """
        return [
            dg.AssetCheckSpec(
                name=e["meta"]["check_name"],
                asset=asset,
                description=f"{neutral_reason(e['meta']['reason'])} (GX {e['type']}, suite {self.name})",
                blocking=not routes_rows and e.get("severity", "critical") == "critical",
                additional_deps=list(extra_deps),
                metadata={"suite": self.name, "reason_code": e["meta"]["reason_code"]},
            )
            for e in self.expectations
        ]

    def validate(
        self,
        df: pd.DataFrame,
        *,
        parameters: Mapping[str, Any] | None = None,
        index_columns: Sequence[str] = (),
    ) -> SuiteOutcome:
        """Run the suite on a DataFrame in one GX validation.

        ``index_columns`` name the columns (such as ``file`` and ``row``) that
        identify an offending row in the result.
        """
        import great_expectations as gx

        batch_definition = _batch_definition()
        suite = gx.ExpectationSuite(name=self.name, expectations=self.expectations)
        result_format: dict[str, Any] = {"result_format": "COMPLETE"}
        if index_columns:
            result_format["unexpected_index_column_names"] = list(index_columns)
        frame = df.reset_index(drop=True)
        result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
            suite,
            result_format=result_format,
            expectation_parameters=dict(parameters or {}),
        )
        by_name = {e["meta"]["check_name"]: e for e in self.expectations}
        outcomes = []
        for r in result.results:
            config = r.expectation_config
            meta = config.meta or {}
            stored = by_name[meta["check_name"]]
            res = r.result or {}
            exception = (r.exception_info or {}).get("exception_message") if not r.success else None
            rows = [_json_native(row) for row in (res.get("unexpected_index_list") or [])]
            outcomes.append(
                ExpectationOutcome(
                    check_name=meta["check_name"],
                    expectation_type=config.type,
                    column=config.kwargs.get("column"),
                    severity=stored.get("severity", "critical"),
                    reason_code=meta["reason_code"],
                    reason=meta["reason"],
                    success=bool(r.success),
                    unexpected_count=int(res.get("unexpected_count") or 0),
                    unexpected_rows=rows,
                    observed_value=_json_native(res.get("observed_value", exception)),
                    reason_code_column=meta.get("reason_code_column"),
                    reason_column=meta.get("reason_column"),
                )
            )
        return SuiteOutcome(self.name, outcomes)


@lru_cache(maxsize=1)
def _batch_definition():
    """One ephemeral GX context per process: no analytics, no progress bars, no files."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    asset = context.data_sources.add_pandas("frames").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole_frame")


def _json_native(value: Any) -> Any:
    """GX results carry numpy values; Dagster metadata needs plain JSON."""
    if isinstance(value, Mapping):
        return {str(k): _json_native(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_native(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        try:
            value = value.item()
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def check_results(
    outcome: SuiteOutcome, asset: dg.AssetKey | str, *, routes_rows: bool = False
) -> list[dg.AssetCheckResult]:
    """Dagster check results whose metadata names the failing rows (refused rows when ``routes_rows``)."""
    results = []
    for o in outcome.outcomes:
        metadata: dict[str, Any] = {
            "passed": o.success,
            "unexpected_count": o.unexpected_count,
            "reason_code": o.reason_code,
            "reason": neutral_reason(o.reason),
            "expectation": o.expectation_type,
        }
        if o.column:
            metadata["column"] = o.column
        if o.unexpected_rows:
            preview = pd.DataFrame(o.unexpected_rows[:PREVIEW_ROWS])
            metadata["first_offending_rows"] = dg.MetadataValue.md(preview.to_markdown(index=False))
        elif o.observed_value is not None and not o.success:
            metadata["observed_value"] = dg.MetadataValue.json({"value": o.observed_value})
        results.append(
            dg.AssetCheckResult(
                asset_key=dg.AssetKey(asset) if isinstance(asset, str) else asset,
                check_name=o.check_name,
                passed=o.success,
                severity=dg.AssetCheckSeverity.ERROR if o.blocking and not routes_rows else dg.AssetCheckSeverity.WARN,
                metadata=metadata,
            )
        )
    return results


def failure_for(outcome: SuiteOutcome, what: str) -> dg.Failure:
    """The error that stops a run when a critical expectation fails on staged data."""
    lines = [f"{what} failed validation; the warehouse keeps its last good version."]
    for o in outcome.failed:
        if o.blocking:
            rows = ", ".join(json.dumps(r, ensure_ascii=False) for r in o.unexpected_rows[:5])
            lines.append(f"- {o.check_name}: {o.unexpected_count} rows. {neutral_reason(o.reason)}. {rows}")
    return dg.Failure(description="\n".join(lines), metadata={"failed_checks": [o.check_name for o in outcome.failed]})


def offending_index(outcome: SuiteOutcome, columns: Iterable[str]) -> dict[tuple, list[ExpectationOutcome]]:
    """Map each offending row (by its index columns) to the expectations it failed."""
    cols = list(columns)
    found: dict[tuple, list[ExpectationOutcome]] = {}
    for o in outcome.failed:
        for row in o.unexpected_rows:
            found.setdefault(tuple(row.get(c) for c in cols), []).append(o)
    return found
