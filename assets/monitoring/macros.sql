-- Helpers the monitoring models share. Run this first when you run a model by hand:
--   .read assets/monitoring/macros.sql
-- predikat(pct): the Permendagri 86/2017 band of a capaian percentage, from the
-- table predikat_bands (sources/monitoring/predikat_bands.csv); half-open bands,
-- an empty bound is unbounded. NULL in, NULL out. The percentage is rounded to 9 decimals
-- first, so that floating-point noise (4.55 / 5 x 100 = 90.99999999999999) does not drop a
-- capaian of exactly 91% into the band below.
CREATE OR REPLACE TEMP MACRO predikat(pct) AS (
    SELECT b.predikat
    FROM predikat_bands AS b
    WHERE round(pct, 9) >= coalesce(b.lower_pct, '-infinity'::DOUBLE)
      AND round(pct, 9) < coalesce(b.upper_pct, 'infinity'::DOUBLE)
);

-- number_text(x): a number as short text (12 not 12.0), for labels.
CREATE OR REPLACE TEMP MACRO number_text(x) AS (
    CASE WHEN x = trunc(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END
);

-- capped(pct): pct capped at 100, for means only; NULL stays NULL (DuckDB's least() would
-- turn least(NULL, 100) into 100, counting an unreported indicator as achieved).
CREATE OR REPLACE TEMP MACRO capped(pct) AS (CASE WHEN pct > 100 THEN 100 ELSE pct END);
