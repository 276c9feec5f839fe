-- submission_coverage: one row per unit with at least one target in the year $year.
--
-- submission_status: Tepat Waktu, Terlambat or Belum Mengirim, from submission_timeliness (the one
-- rule for being on time, stated there); submitted_at_local: when the file in force was sent.
-- rows_accepted: rows in force (progress); rows_refused: refused sheet rows (progress_rejects);
-- files_refused: the unit's files refused as a whole (submissions, status ditolak).
WITH files AS (
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
    t.unit_code AS unit,
    t.unit_name,
    t.deadline,
    t.file_in_force,
    t.in_force_sent_local AS submitted_at_local,
    t.status AS submission_status,
    CAST(coalesce(fl.files_received, 0) AS INTEGER) AS files_received,
    CAST(coalesce(fl.files_refused, 0) AS INTEGER) AS files_refused,
    CAST(t.indicators AS INTEGER) AS indicators_scheduled,
    CAST(coalesce(rp.n, 0) AS INTEGER) AS indicators_reported,
    CAST(coalesce(a.n, 0) AS INTEGER) AS rows_accepted,
    CAST(coalesce(x.n, 0) AS INTEGER) AS rows_refused
FROM (SELECT *, unit_code AS unit FROM submission_timeliness WHERE year = $year) AS t
LEFT JOIN files AS fl USING (unit)
LEFT JOIN accepted AS a USING (unit)
LEFT JOIN refused AS x USING (unit)
LEFT JOIN reported AS rp USING (unit)
ORDER BY t.unit_code
