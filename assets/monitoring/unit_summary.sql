-- unit_summary: per responsible unit and year $year, over the unit's own indicators (one capaian
-- row per indicator of the unit), joined to submission_coverage.
--
-- Rows of a lead-rule indicator where the unit only supports (role Pendukung) are not scored
-- for it; they are counted in `supporting`. Same measures as capaian_rollup:
--   mean_capaian_pct: mean of capped(capaian_pct) over the unit's indicators with a percentage
--     (added in road-map order, so a re-run gives the same last digit);
--   achieved_pct = Tercapai / (Tercapai + Belum Tercapai) x 100;
--   Belum Dilaporkan (not_reported) and placeholders (unmeasured) are left out of both;
--   not_scheduled: indicators the unit answers for (roadmap_responsibilities) with no target for it
--   this year: scheduled in other years only, or in none (as capaian_rollup counts Tidak Dijadwalkan).
WITH own AS (
    SELECT
        unit,
        count(*) FILTER (WHERE counts_for_indicator) AS scheduled,
        count(*) FILTER (WHERE counts_for_indicator AND reported) AS reported,
        count(*) FILTER (WHERE counts_for_indicator AND status = 'Tercapai') AS achieved,
        count(*) FILTER (WHERE counts_for_indicator AND status = 'Belum Tercapai') AS not_achieved,
        count(*) FILTER (WHERE counts_for_indicator AND status = 'Target Tidak Terukur') AS unmeasured,
        count(*) FILTER (WHERE counts_for_indicator AND status = 'Belum Dilaporkan') AS not_reported,
        count(*) FILTER (WHERE NOT counts_for_indicator) AS supporting,
        count(*) FILTER (WHERE counts_for_indicator AND warned) AS warned_values,
        avg(capped(capaian_pct) ORDER BY csv_line, code) FILTER (WHERE counts_for_indicator) AS mean_capaian_pct
    FROM capaian
    WHERE year = $year
    GROUP BY unit
),
other_years AS (
    SELECT r.unit_code AS unit, count(DISTINCT r.code) AS n
    FROM roadmap_responsibilities AS r
    WHERE NOT EXISTS (SELECT 1 FROM roadmap_targets AS s WHERE s.year = $year AND s.code = r.code AND s.unit_code = r.unit_code)
    GROUP BY r.unit_code
)
SELECT
    CAST($year AS INTEGER) AS year,
    c.unit, c.unit_name, c.submission_status, c.submitted_at_local,
    CAST(o.scheduled AS INTEGER) AS scheduled,
    CAST(o.reported AS INTEGER) AS reported,
    CAST(o.achieved AS INTEGER) AS achieved,
    CAST(o.achieved * 100.0 / nullif(o.achieved + o.not_achieved, 0) AS DOUBLE) AS achieved_pct,
    CAST(o.not_achieved AS INTEGER) AS not_achieved,
    CAST(o.unmeasured AS INTEGER) AS unmeasured,
    CAST(o.not_reported AS INTEGER) AS not_reported,
    CAST(coalesce(y.n, 0) AS INTEGER) AS not_scheduled,
    CAST(o.supporting AS INTEGER) AS supporting,
    CAST(o.warned_values AS INTEGER) AS warned_values,
    CAST(o.mean_capaian_pct AS DOUBLE) AS mean_capaian_pct,
    predikat(o.mean_capaian_pct) AS predikat,
    c.rows_accepted, c.rows_refused
FROM submission_coverage AS c
JOIN own AS o USING (unit)
LEFT JOIN other_years AS y USING (unit)
WHERE c.year = $year
ORDER BY c.unit
