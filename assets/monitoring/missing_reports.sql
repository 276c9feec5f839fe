-- missing_reports: every scheduled indicator x unit of the year $year still Belum Dilaporkan,
-- with the likely cause: the unit sent no file in force; the row was refused (reason shown);
-- or the unit's file simply has no row for the indicator.
SELECT
    c.year, c.unit, c.unit_name, c.code, c.area, c.indicator, c.role, c.target_label, c.target_number, c.target_unit,
    CASE
        WHEN v.submission_status = 'Belum Mengirim' THEN 'Unit belum mengirim berkas yang berlaku'
        WHEN r.reasons IS NOT NULL THEN 'Baris ditolak: ' || r.reasons
        ELSE 'Indikator tidak diisi dalam berkas unit'
    END AS cause
FROM capaian AS c
JOIN submission_coverage AS v ON v.year = c.year AND v.unit = c.unit
LEFT JOIN (
    SELECT unit, code, string_agg(DISTINCT reason, '; ' ORDER BY reason) AS reasons
    FROM progress_rejects
    WHERE year = $year
    GROUP BY unit, code
) AS r ON r.unit = c.unit AND r.code = c.code
WHERE c.year = $year AND c.status = 'Belum Dilaporkan'
ORDER BY c.unit, c.csv_line
