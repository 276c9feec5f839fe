-- indicator_capaian: one row per indicator of the catalogue for the year $year, from capaian.
--
-- Only rows that count for the indicator (counts_for_indicator) decide it:
--   lead: the first-named unit's row alone.
--   each (and "Seluruh SKPD"): every responsible unit's row.
--     capaian_pct    = mean of the reporting units' raw capaian (units not reporting are left out);
--     capaian_capped = mean of the reporting units' capaian, each capped at 100 first, so one
--                      unit's 1000% cannot hide another unit's shortfall; used by every roll-up mean.
--     Tercapai only when every responsible unit reported and reached its target.
--   One unit: capaian_capped = capped(capaian_pct).
--   Means add the units in unit order, so a re-run gives the same last digit.
-- status: Tidak Dijadwalkan (no target this year), Belum Dilaporkan (no counting unit reported),
--   Target Tidak Terukur (placeholder), Tercapai, Belum Tercapai.
-- predikat: the band of capaian_capped (identical to the band of the raw value for one unit).
-- units_detail: who reported what, every responsible unit including supporting ones.
WITH per_indicator AS (
    SELECT
        code,
        any_value(joint_rule) AS joint_rule,
        string_agg(unit, ', ' ORDER BY unit_order, unit) FILTER (WHERE role = 'Utama') AS lead_unit,
        count(*) FILTER (WHERE counts_for_indicator) AS units_scheduled,
        count(*) FILTER (WHERE counts_for_indicator AND reported) AS units_reported,
        count(*) FILTER (WHERE counts_for_indicator AND status = 'Tercapai') AS units_achieved,
        count(*) FILTER (WHERE counts_for_indicator AND warned) AS warned_values,
        avg(capaian_pct ORDER BY unit_order, unit) FILTER (WHERE counts_for_indicator) AS capaian_pct,
        avg(capped(capaian_pct) ORDER BY unit_order, unit) FILTER (WHERE counts_for_indicator) AS capaian_capped,
        string_agg(
            unit || CASE WHEN role = 'Pendukung' THEN ' (pendukung)' ELSE '' END || ': '
                || CASE WHEN reported THEN coalesce(realisasi_label, '?') || ' - ' || status ELSE 'belum melapor' END,
            '; ' ORDER BY unit_order, unit
        ) AS units_detail
    FROM capaian
    WHERE year = $year
    GROUP BY code
)
SELECT
    CAST($year AS INTEGER) AS year,
    i.code, i.area_no, i.area, i.sub_no, i.sub_programme, i.indicator, i.target_kind, i.target_text,
    i.responsible,
    p.joint_rule,
    p.lead_unit,
    CAST(coalesce(p.units_scheduled, 0) AS INTEGER) AS units_scheduled,
    CAST(coalesce(p.units_reported, 0) AS INTEGER) AS units_reported,
    CAST(coalesce(p.units_achieved, 0) AS INTEGER) AS units_achieved,
    CAST(coalesce(p.warned_values, 0) AS INTEGER) AS warned_values,
    CAST(p.capaian_pct AS DOUBLE) AS capaian_pct,
    CAST(p.capaian_capped AS DOUBLE) AS capaian_capped,
    predikat(p.capaian_capped) AS predikat,
    CASE
        WHEN p.code IS NULL THEN 'Tidak Dijadwalkan'
        WHEN p.units_reported = 0 THEN 'Belum Dilaporkan'
        WHEN i.target_kind = 'placeholder' THEN 'Target Tidak Terukur'
        WHEN p.units_achieved = p.units_scheduled THEN 'Tercapai'
        ELSE 'Belum Tercapai'
    END AS status,
    p.units_detail,
    CAST(i.csv_line AS INTEGER) AS csv_line
FROM roadmap_indicators AS i
LEFT JOIN per_indicator AS p USING (code)
ORDER BY i.csv_line
