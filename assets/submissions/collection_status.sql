-- Collection status of one year: which unit sent what and when, against the deadline.
-- Parameter: $year. On time or not comes from submission_timeliness (the one rule, stated there).
WITH files AS (
    SELECT unit_code,
           count(*) FILTER (WHERE status IN ('berlaku', 'digantikan'))                 AS versions,
           count(*) FILTER (WHERE status = 'ditolak')                                  AS rejected_files,
           arg_max(reason, (first_seen, file))    FILTER (WHERE status = 'ditolak')      AS last_rejection,
           any_value(clerk_name) FILTER (WHERE status = 'berlaku')                     AS clerk_name,
           any_value(clerk_phone) FILTER (WHERE status = 'berlaku')                    AS clerk_phone
    FROM submissions
    WHERE year = $year AND unit_code IS NOT NULL
    GROUP BY unit_code
),
accepted AS (SELECT unit AS unit_code, count(*) AS rows_accepted FROM progress WHERE year = $year GROUP BY 1),
refused AS (SELECT unit AS unit_code, count(DISTINCT (file, "row")) AS rows_refused FROM progress_rejects WHERE year = $year GROUP BY 1)
SELECT t.year,
       t.unit_code,
       t.unit_name,
       t.indicators,
       t.status,
       t.first_sent_local,
       t.in_force_sent_local,
       t.file_in_force,
       CASE
           WHEN t.first_sent_basis = 'waktu_file'
               THEN 'Waktu terima tidak tercatat: file sudah ada di kotak masuk sebelum tahun ini pertama kali diperiksa. '
                    || 'Dipakai waktu file saat pertama terlihat; waktu itu tidak berubah lagi.'
           WHEN CAST(t.first_sent_local AS DATE) < t.collection_opens
               THEN 'Waktu kirim tercatat sebelum masa pengumpulan dibuka (' || strftime(t.collection_opens, '%d-%m-%Y')
                    || '): periksa apakah laporan ini sudah lengkap untuk seluruh tahun.'
       END                                                    AS time_note,
       coalesce(f.versions, 0)                                AS versions,
       coalesce(f.rejected_files, 0)                          AS rejected_files,
       f.last_rejection,
       coalesce(a.rows_accepted, 0)                           AS rows_accepted,
       coalesce(r.rows_refused, 0)                            AS rows_refused,
       t.deadline,
       f.clerk_name,
       f.clerk_phone
FROM submission_timeliness AS t
LEFT JOIN files f USING (unit_code)
LEFT JOIN accepted a USING (unit_code)
LEFT JOIN refused r USING (unit_code)
WHERE t.year = $year
ORDER BY CASE t.status WHEN 'Belum Mengirim' THEN 0 WHEN 'Terlambat' THEN 1 ELSE 2 END, t.unit_code
