-- Collection status of one year: which unit sent what and when, against the deadline.
-- Parameters: $year, $deadline (DATE, last day on time, WIB; NULL when none is configured).
-- Times are stored in UTC and shown in WIB (UTC+7). A unit is on time when its
-- first readable file (in force or since superseded) was sent on or before the deadline.
WITH expected AS (
    SELECT unit_code, any_value(responsible_unit) AS unit_name, count(*) AS indicators
    FROM roadmap_targets
    WHERE year = $year
    GROUP BY unit_code
),
files AS (
    SELECT unit_code,
           count(*) FILTER (WHERE status IN ('berlaku', 'digantikan'))                 AS versions,
           count(*) FILTER (WHERE status = 'ditolak')                                  AS rejected_files,
           any_value(file) FILTER (WHERE status = 'berlaku')                           AS file_in_force,
           min(modified_at) FILTER (WHERE status IN ('berlaku', 'digantikan'))         AS first_sent_utc,
           max(modified_at) FILTER (WHERE status = 'berlaku')                          AS in_force_sent_utc,
           arg_max(reason, modified_at) FILTER (WHERE status = 'ditolak')              AS last_rejection,
           any_value(clerk_name) FILTER (WHERE status = 'berlaku')                     AS clerk_name,
           any_value(clerk_phone) FILTER (WHERE status = 'berlaku')                    AS clerk_phone
    FROM submissions
    WHERE year = $year AND unit_code IS NOT NULL
    GROUP BY unit_code
),
accepted AS (SELECT unit AS unit_code, count(*) AS rows_accepted FROM progress WHERE year = $year GROUP BY 1),
refused AS (SELECT unit AS unit_code, count(DISTINCT (file, "row")) AS rows_refused FROM progress_rejects WHERE year = $year GROUP BY 1)
SELECT $year::INTEGER                                         AS year,
       e.unit_code,
       e.unit_name,
       e.indicators,
       CASE
           WHEN f.file_in_force IS NULL THEN 'Belum mengirim'
           WHEN $deadline IS NULL OR CAST(f.first_sent_utc + INTERVAL 7 HOUR AS DATE) <= $deadline THEN 'Tepat waktu'
           ELSE 'Terlambat'
       END                                                    AS status,
       f.first_sent_utc + INTERVAL 7 HOUR                     AS first_sent_wib,
       f.in_force_sent_utc + INTERVAL 7 HOUR                  AS in_force_sent_wib,
       f.file_in_force,
       coalesce(f.versions, 0)                                AS versions,
       coalesce(f.rejected_files, 0)                          AS rejected_files,
       f.last_rejection,
       coalesce(a.rows_accepted, 0)                           AS rows_accepted,
       coalesce(r.rows_refused, 0)                            AS rows_refused,
       $deadline::DATE                                        AS deadline,
       f.clerk_name,
       f.clerk_phone
FROM expected e
LEFT JOIN files f USING (unit_code)
LEFT JOIN accepted a USING (unit_code)
LEFT JOIN refused r USING (unit_code)
ORDER BY CASE status WHEN 'Belum mengirim' THEN 0 WHEN 'Terlambat' THEN 1 ELSE 2 END, e.unit_code
