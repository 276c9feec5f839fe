-- refused_rows: what was refused in the year $year, files as a whole (submissions, status
-- ditolak) and single rows of files in force (progress_rejects), with the reason in Bahasa
-- Indonesia. A unit fixes the file and sends it again.
WITH refused AS (
    SELECT
        'Berkas' AS level, s.unit_code AS unit, s.file, CAST(NULL AS INTEGER) AS "row",
        CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS raw_value, s.reason_code, s.reason
    FROM submissions AS s
    WHERE s.year = $year AND s.status = 'ditolak'
    UNION ALL
    SELECT 'Baris', r.unit, r.file, CAST(r."row" AS INTEGER), r.code, r.raw_value, r.reason_code, r.reason
    FROM progress_rejects AS r
    WHERE r.year = $year
)
SELECT
    CAST($year AS INTEGER) AS year,
    f.level, f.unit, u.name AS unit_name, f.file, f."row", f.code, f.raw_value, f.reason_code, f.reason
FROM refused AS f
LEFT JOIN units AS u ON u.code = f.unit
ORDER BY f.level, f.file, f."row", f.reason_code
