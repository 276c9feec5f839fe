-- Each road-map outcome of one year against its target.
-- Numbers compare by value, ordinals (AKIP, Opini BPK) by rank on their scale (higher is better).
-- Parameter: $year.
SELECT $year::INTEGER                                   AS year,
       t.area_no,
       t.outcome,
       t.indicator,
       t.comparator,
       t.target_text,
       coalesce(CAST(t.target_number AS VARCHAR), t.target_value) AS target,
       v.value,
       v.value_text,
       v.source_document,
       CASE
           WHEN t.comparator = 'placeholder' THEN NULL
           WHEN t.value_kind = 'ordinal' THEN v.value - t.target_rank
           ELSE v.value - t.target_number
       END                                              AS gap,
       CASE
           WHEN v.value IS NULL THEN 'Belum Dilaporkan'
           WHEN t.comparator = 'placeholder' THEN 'Target tidak terukur'
           WHEN t.value_kind = 'ordinal' AND t.comparator = '>=' AND v.value >= t.target_rank THEN 'Tercapai'
           WHEN t.value_kind = 'number' AND t.comparator = '>=' AND v.value >= t.target_number THEN 'Tercapai'
           WHEN t.comparator = '<=' AND v.value <= coalesce(t.target_number, t.target_rank) THEN 'Tercapai'
           WHEN t.comparator = '=' AND v.value = coalesce(t.target_number, t.target_rank) THEN 'Tercapai'
           ELSE 'Belum Tercapai'
       END                                              AS status
FROM outcome_targets t
LEFT JOIN (SELECT * FROM outcome_values WHERE year = $year) v ON v.outcome = t.outcome
ORDER BY t.csv_line
