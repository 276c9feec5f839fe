-- capaian_rollup: the year's indicators summed up per sub-programme, per area and for the
-- whole road map (level = 'subprogram', 'area', 'tahun'), from indicator_capaian.
--
-- Each indicator counts once, whatever the number of its units: a "Seluruh SKPD" indicator
-- weighs as much as any other indicator of its area.
--   scheduled        indicators with a target this year
--   reported         scheduled and reported (Tercapai, Belum Tercapai, Target Tidak Terukur)
--   achieved         Tercapai; achieved_pct = achieved / (Tercapai + Belum Tercapai) x 100
--   mean_capaian_pct mean of capaian_capped (each indicator capped at 100) over the indicators
--                    that have a percentage; Belum Dilaporkan and Tidak Dijadwalkan are left out;
--                    added in road-map order, so a re-run gives the same last digit
--   not_reported     Belum Dilaporkan; not_scheduled: Tidak Dijadwalkan; unmeasured: placeholders
WITH grouped AS (
    SELECT
        CASE
            WHEN grouping(sub_no) = 0 THEN 'subprogram'
            WHEN grouping(area_no) = 0 THEN 'area'
            ELSE 'tahun'
        END AS level,
        area_no, area, sub_no, sub_programme,
        min(csv_line) AS first_line,
        count(*) FILTER (WHERE status <> 'Tidak Dijadwalkan') AS scheduled,
        count(*) FILTER (WHERE status IN ('Tercapai', 'Belum Tercapai', 'Target Tidak Terukur')) AS reported,
        count(*) FILTER (WHERE status = 'Tercapai') AS achieved,
        count(*) FILTER (WHERE status = 'Belum Tercapai') AS not_achieved,
        count(*) FILTER (WHERE status = 'Target Tidak Terukur') AS unmeasured,
        count(*) FILTER (WHERE status = 'Belum Dilaporkan') AS not_reported,
        count(*) FILTER (WHERE status = 'Tidak Dijadwalkan') AS not_scheduled,
        count(capaian_capped) AS with_percentage,
        sum(warned_values) AS warned_values,
        avg(capaian_capped ORDER BY csv_line, code) AS mean_capaian_pct
    FROM indicator_capaian
    WHERE year = $year
    GROUP BY GROUPING SETS ((), (area_no, area), (area_no, area, sub_no, sub_programme))
)
SELECT
    CAST($year AS INTEGER) AS year,
    level, area_no, area, sub_no, sub_programme,
    CAST(scheduled AS INTEGER) AS scheduled,
    CAST(reported AS INTEGER) AS reported,
    CAST(achieved AS INTEGER) AS achieved,
    CAST(achieved * 100.0 / nullif(achieved + not_achieved, 0) AS DOUBLE) AS achieved_pct,
    CAST(not_achieved AS INTEGER) AS not_achieved,
    CAST(unmeasured AS INTEGER) AS unmeasured,
    CAST(not_reported AS INTEGER) AS not_reported,
    CAST(not_scheduled AS INTEGER) AS not_scheduled,
    CAST(with_percentage AS INTEGER) AS with_percentage,
    CAST(warned_values AS INTEGER) AS warned_values,
    CAST(mean_capaian_pct AS DOUBLE) AS mean_capaian_pct,
    predikat(mean_capaian_pct) AS predikat,
    CAST(first_line AS INTEGER) AS sort_order
FROM grouped
ORDER BY level = 'tahun' DESC, first_line, level = 'area' DESC
