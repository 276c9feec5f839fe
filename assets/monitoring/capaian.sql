-- capaian: one row per scheduled indicator x responsible unit of the year $year.
--
-- Source: roadmap_targets (what each unit must deliver this year, annual target)
-- left-joined to progress (the units' rows in force). Rules by target_kind:
--   count, percent, budget: capaian_pct = realisasi / annual target x 100, raw (never capped);
--                           Tercapai when realisasi >= target (capaian >= 100%).
--   range:       Tercapai when target_min <= realisasi <= target_max; no percentage.
--   qualitative: realisasi 1 (Ya) is Tercapai, 0 (Tidak) Belum Tercapai; no percentage.
--   placeholder: the target was never stated ("... (.....) layanan"): the realisasi is shown,
--                nothing is scored, status "Target Tidak Terukur".
-- A scheduled row without a row in force is "Belum Dilaporkan" (not zero).
-- predikat: the band of capaian_pct (macro predikat in macros.sql).
-- warned: a plausibility rule (sources/monitoring/plausibility_rules.csv) warns about the realisasi,
--         with its text in plausibility_warning; the value still counts.
--
-- Joint indicators (several responsible units) follow joint_rule of the catalogue:
--   each: every unit reports its own figure; all rows count for the indicator (role Bersama).
--   lead: the first-named unit answers for the indicator (role Utama); the others'
--         rows are shown (role Pendukung) but do not count for the indicator or the unit.
--   An indicator of one unit has role Tunggal; several units without a rule ("Seluruh SKPD")
--   are treated as each.
WITH scheduled AS (
    SELECT
        t.year, t.code, t.unit_code AS unit, t.responsible_unit AS unit_name, t.unit_order,
        t.via_all_units, t.joint_rule,
        count(*) OVER (PARTITION BY t.code) AS units_responsible,
        t.target_kind, t.target_value, t.target_min, t.target_max, t.target_unit, t.target_text
    FROM roadmap_targets AS t
    WHERE t.year = $year
),
reported AS (
    SELECT
        s.*,
        p.code IS NOT NULL AS reported,
        p.realisasi, p.raw_value, p.bukti_dukung, p.kendala, p.solusi, p.rencana_tindak_lanjut,
        p.keterangan, p.file, p."row", p.plausibility,
        CASE
            WHEN p.code IS NOT NULL AND s.target_kind IN ('count', 'percent', 'budget')
            THEN p.realisasi / nullif(s.target_value, 0) * 100
        END AS capaian_pct,
        CASE
            WHEN s.target_kind IN ('count', 'percent', 'budget') THEN s.target_value > 0 AND p.realisasi >= s.target_value
            WHEN s.target_kind = 'range' THEN p.realisasi BETWEEN s.target_min AND s.target_max
            WHEN s.target_kind = 'qualitative' THEN p.realisasi = 1
        END AS achieved
    FROM scheduled AS s
    LEFT JOIN progress AS p ON p.year = s.year AND p.code = s.code AND p.unit = s.unit
)
SELECT
    CAST(r.year AS INTEGER) AS year,
    r.code,
    i.area_no, i.area, i.sub_no, i.sub_programme, i.indicator,
    r.unit,
    r.unit_name,
    CAST(r.unit_order AS INTEGER) AS unit_order,
    r.via_all_units,
    r.joint_rule,
    CASE
        WHEN r.units_responsible = 1 THEN 'Tunggal'
        WHEN r.joint_rule = 'lead' AND r.unit_order = 1 THEN 'Utama'
        WHEN r.joint_rule = 'lead' THEN 'Pendukung'
        ELSE 'Bersama'
    END AS role,
    NOT (r.units_responsible > 1 AND r.joint_rule = 'lead' AND r.unit_order > 1) AS counts_for_indicator,
    r.target_kind,
    r.target_value, r.target_min, r.target_max, r.target_unit, r.target_text,
    CASE r.target_kind
        WHEN 'range' THEN number_text(r.target_min) || ' - ' || number_text(r.target_max)
        WHEN 'qualitative' THEN 'Ya'
        WHEN 'placeholder' THEN coalesce(r.target_text, 'target tidak terukur')
        ELSE number_text(r.target_value)
    END AS target_label,
    CAST(CASE WHEN r.target_kind IN ('count', 'percent', 'budget') THEN r.target_value END AS DOUBLE) AS target_number,
    r.reported,
    r.realisasi,
    CASE
        WHEN NOT r.reported THEN NULL
        WHEN r.target_kind = 'qualitative' THEN CASE WHEN r.realisasi = 1 THEN 'Ya' ELSE 'Tidak' END
        ELSE r.raw_value
    END AS realisasi_label,
    CAST(r.capaian_pct AS DOUBLE) AS capaian_pct,
    predikat(r.capaian_pct) AS predikat,
    CASE
        WHEN NOT r.reported THEN 'Belum Dilaporkan'
        WHEN r.target_kind = 'placeholder' THEN 'Target Tidak Terukur'
        WHEN coalesce(r.achieved, false) THEN 'Tercapai'
        ELSE 'Belum Tercapai'
    END AS status,
    r.bukti_dukung, r.kendala, r.solusi, r.rencana_tindak_lanjut, r.keterangan,
    r.plausibility AS plausibility_warning,
    coalesce(r.plausibility IS NOT NULL, false) AS warned,
    r.file,
    CAST(r."row" AS INTEGER) AS "row",
    CAST(i.csv_line AS INTEGER) AS csv_line
FROM reported AS r
JOIN roadmap_indicators AS i USING (code)
ORDER BY i.csv_line, r.unit_order, r.unit
