-- submission_timeliness: for each unit with a target in the year $year, when it sent and whether on time.
--
-- The one rule for "was this unit on time?", used by the rekap (collection_status) and the
-- monitoring workbook (submission_coverage) alike:
--   Tepat Waktu     the unit's first readable file (in force now, or since superseded by a resend)
--                   was sent on or before the deadline $deadline (the last day, local time), or the year
--                   has no deadline;
--   Terlambat       its first readable file was sent after the deadline;
--   Belum Mengirim  no file of the unit is in force (none sent, or every file refused).
-- A resend after the deadline replaces the rows but does not make an on-time unit late.
-- A file's sending time is when the pipeline first received or saw its content (sha256), recorded once in
-- the warehouse's receipts and never moved by a later copy, touch, re-scan, overwrite or move
-- (assets/forms/receipts.py; submissions.first_seen, basis in received_basis). A file already in the year's
-- inbox at its first scan arrived unwatched: its file time at that first sight is recorded (waktu_file).
-- A unit's first readable file counts even after it was overwritten, replaced or deleted (sendings).
-- The year's collection opens on 1 January of the next year (collection_opens): a report is complete only
-- after its year ends. The rekap explains a first sending recorded before that day or without a receiving time.
-- Times are stored in UTC and shown in the road map's local time (roadmap.toml's timezone: $utc_offset_hours
-- is 7 for WIB, 8 for WITA, 9 for WIT; assets/local_time.py).
WITH expected AS (
    SELECT unit_code, min(responsible_unit) AS unit_name, count(*) AS indicators
    FROM roadmap_targets
    WHERE year = $year
    GROUP BY unit_code
),
first_sent AS (
    SELECT s.unit_code,
           min(r.received_at)                                   AS first_sent_utc,
           arg_min(r.basis, (r.received_at, r.sha256))          AS first_sent_basis
    FROM sendings AS s
    JOIN receipts AS r USING (sha256)
    WHERE s.inbox = 'submissions' AND s.year = $year
    GROUP BY s.unit_code
),
sent AS (
    SELECT unit_code,
           arg_min(file, (first_seen, file)) FILTER (WHERE status = 'berlaku')       AS file_in_force,
           max(first_seen) FILTER (WHERE status = 'berlaku')                         AS in_force_sent_utc
    FROM submissions
    WHERE year = $year AND unit_code IS NOT NULL
    GROUP BY unit_code
)
SELECT CAST($year AS INTEGER)                                  AS year,
       e.unit_code,
       e.unit_name,
       CAST(e.indicators AS INTEGER)                           AS indicators,
       CAST($deadline AS DATE)                                 AS deadline,
       s.file_in_force,
       CAST(f.first_sent_utc + INTERVAL ($utc_offset_hours) HOUR AS TIMESTAMP)   AS first_sent_local,
       CAST(s.in_force_sent_utc + INTERVAL ($utc_offset_hours) HOUR AS TIMESTAMP) AS in_force_sent_local,
       f.first_sent_basis,
       make_date(CAST($year AS INTEGER) + 1, 1, 1)              AS collection_opens,
       CASE
           WHEN s.file_in_force IS NULL THEN 'Belum Mengirim'
           WHEN CAST($deadline AS DATE) IS NULL
                OR CAST(f.first_sent_utc + INTERVAL ($utc_offset_hours) HOUR AS DATE) <= CAST($deadline AS DATE) THEN 'Tepat Waktu'
           ELSE 'Terlambat'
       END                                                     AS status
FROM expected AS e
LEFT JOIN sent AS s USING (unit_code)
LEFT JOIN first_sent AS f USING (unit_code)
ORDER BY e.unit_code
