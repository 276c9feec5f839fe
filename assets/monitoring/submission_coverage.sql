-- submission_coverage: one row per unit with at least one target in the year $year.
--
-- submission_status against the deadline $deadline (sources/collection.toml, the last day in WIB):
--   Tepat Waktu    the file in force was last modified on or before the deadline (WIB = UTC+7);
--   Terlambat      it was modified after the deadline;
--   Belum Mengirim no file of the unit is in force (none sent, or every file refused);
--   Tanpa Batas Waktu  a file is in force but the year has no deadline.
-- rows_accepted: rows in force (progress); rows_refused: refused sheet rows (progress_rejects);
-- files_refused: the unit's files refused as a whole (submissions, status ditolak).
WITH responsible AS (
    SELECT unit_code AS unit, any_value(responsible_unit) AS unit_name, count(*) AS indicators_scheduled
    FROM roadmap_targets
    WHERE year = $year
    GROUP BY unit_code
),
in_force AS (
    SELECT unit_code AS unit, file, modified_at + INTERVAL 7 HOUR AS modified_wib
    FROM submissions
    WHERE year = $year AND status = 'berlaku'
),
files AS (
    SELECT
        unit_code AS unit,
        count(*) FILTER (WHERE status IN ('berlaku', 'digantikan', 'duplikat')) AS files_received,
        count(*) FILTER (WHERE status = 'ditolak') AS files_refused
    FROM submissions
    WHERE year = $year AND unit_code IS NOT NULL
    GROUP BY unit_code
),
accepted AS (
    SELECT unit, count(*) AS n FROM progress WHERE year = $year GROUP BY unit
),
refused AS (
    SELECT unit, count(DISTINCT (file, "row")) AS n FROM progress_rejects WHERE year = $year GROUP BY unit
),
reported AS (
    SELECT unit, count(*) FILTER (WHERE reported) AS n FROM capaian WHERE year = $year GROUP BY unit
)
SELECT
    CAST($year AS INTEGER) AS year,
    r.unit,
    r.unit_name,
    CAST($deadline AS DATE) AS deadline,
    f.file AS file_in_force,
    CAST(f.modified_wib AS TIMESTAMP) AS submitted_at_wib,
    CASE
        WHEN f.file IS NULL THEN 'Belum Mengirim'
        WHEN CAST($deadline AS DATE) IS NULL THEN 'Tanpa Batas Waktu'
        WHEN CAST(f.modified_wib AS DATE) <= CAST($deadline AS DATE) THEN 'Tepat Waktu'
        ELSE 'Terlambat'
    END AS submission_status,
    CAST(coalesce(fl.files_received, 0) AS INTEGER) AS files_received,
    CAST(coalesce(fl.files_refused, 0) AS INTEGER) AS files_refused,
    CAST(r.indicators_scheduled AS INTEGER) AS indicators_scheduled,
    CAST(coalesce(rp.n, 0) AS INTEGER) AS indicators_reported,
    CAST(coalesce(a.n, 0) AS INTEGER) AS rows_accepted,
    CAST(coalesce(x.n, 0) AS INTEGER) AS rows_refused
FROM responsible AS r
LEFT JOIN in_force AS f USING (unit)
LEFT JOIN files AS fl USING (unit)
LEFT JOIN accepted AS a USING (unit)
LEFT JOIN refused AS x USING (unit)
LEFT JOIN reported AS rp USING (unit)
ORDER BY r.unit
