-- area_trend: every year in the warehouse, one row per area and year (and one per year for
-- the whole road map, area 'Seluruh Area'), from capaian_rollup: the same measures and rules.
SELECT
    year,
    coalesce(area_no, '-') AS area_no,
    coalesce(area, 'Seluruh Area') AS area,
    scheduled, reported, achieved, achieved_pct, not_reported, not_scheduled,
    mean_capaian_pct, predikat
FROM capaian_rollup
WHERE level IN ('area', 'tahun')
ORDER BY level = 'tahun', sort_order, year
