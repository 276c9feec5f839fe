-- Suggested LKE answers for one year, from the road map's achievement ($year, $version).
--
-- Each item is linked to road-map indicators by the mapping (mapping): its own item-level
-- links when it has any, else the links of its sub-component. Nothing joins on area numbers.
-- Only indicators scheduled that year count: Tercapai is achieved; Belum Tercapai and
-- Belum Dilaporkan (scheduled, not reported) are not; Tidak Dijadwalkan and Target Tidak
-- Terukur are left out. share = achieved / counted. The answer is the first rule of the item's
-- answer type (rules: suggestion_rules.csv) whose min_share the share reaches, highest first.
-- An item with no counted indicator gets no row: no suggestion, never "Tidak".
-- The units' bukti dukung of the linked indicators go beside it: their text, then each file attached in
-- the portal (unit_files: the year's evidence_files) with the address the portal serves it at.
WITH item_links AS (
    SELECT i.item_id, i.answer_type, m.roadmap_code
    FROM lke_items i
    JOIN mapping m ON m.lke_code = i.item_id AND m.level = 'item'
    WHERE i.instrument_version = $version
    UNION ALL
    SELECT i.item_id, i.answer_type, m.roadmap_code
    FROM lke_items i
    JOIN mapping m ON m.lke_code = i.sub_code AND m.level = 'sub_component'
    WHERE i.instrument_version = $version
      AND NOT EXISTS (SELECT 1 FROM mapping x WHERE x.lke_code = i.item_id AND x.level = 'item')
),
counted AS (
    SELECT l.item_id, l.answer_type, c.code, c.status, c.capaian_pct
    FROM item_links l
    JOIN indicator_capaian c ON c.code = l.roadmap_code AND c.year = $year
    WHERE c.status IN ('Tercapai', 'Belum Tercapai', 'Belum Dilaporkan')
),
evidence AS (  -- what the units wrote in Bukti Dukung, then the files they attached in the portal
    SELECT code,
           string_agg(bukti, '; ' ORDER BY kind, unit, bukti) AS bukti
    FROM (
        SELECT code, unit, 1 AS kind, unit || ': ' || bukti_dukung AS bukti
        FROM progress
        WHERE year = $year AND bukti_dukung IS NOT NULL
        UNION ALL
        SELECT code, unit, 2 AS kind, unit || ': file ' || original_name || ' <' || url || '>' AS bukti
        FROM unit_files
    )
    GROUP BY code
),
shares AS (
    SELECT item_id,
           any_value(answer_type) AS answer_type,
           count(*) AS linked,
           count(*) FILTER (WHERE status = 'Tercapai') AS achieved,
           count(*) FILTER (WHERE status = 'Tercapai') / count(*) AS share,
           string_agg(
               code || ' ' || status || coalesce(' ' || CAST(round(capaian_pct, 1) AS VARCHAR) || '%', ''),
               '; ' ORDER BY code
           ) AS linked_codes,
           string_agg(DISTINCT e.bukti, '; ' ORDER BY e.bukti) AS bukti_dukung
    FROM counted
    LEFT JOIN evidence e USING (code)
    GROUP BY item_id
)
SELECT CAST($year AS INTEGER) AS year,
       s.item_id AS code,
       (SELECT r.answer FROM rules r
        WHERE r.answer_type = s.answer_type AND s.share >= r.min_share
        ORDER BY r.min_share DESC LIMIT 1) AS answer,
       'suggested' AS answer_source,
       CAST(s.linked AS INTEGER) AS linked,
       CAST(s.achieved AS INTEGER) AS achieved,
       CAST(s.share AS DOUBLE) AS share,
       s.linked_codes,
       s.bukti_dukung
FROM shares s
ORDER BY s.item_id
