-- The year's Hasil inputs of the LKE, from the Indikator Hasil values ($year).
-- A number is taken as typed; an ordinal (Opini BPK) is translated through hasil_sources.csv
-- into the instrument's own wording. These are final answers: to change one, change the
-- Indikator Hasil workbook.
SELECT CAST($year AS INTEGER) AS year,
       h.hasil_code AS code,
       CASE WHEN h.outcome_value IS NULL THEN CAST(v.value AS VARCHAR) ELSE h.answer END AS answer,
       'final' AS answer_source,
       h.outcome,
       v.source_document
FROM sources h
JOIN outcome_values v
  ON v.outcome = h.outcome AND v.year = $year
 AND (h.outcome_value IS NULL OR h.outcome_value = v.value_text)
ORDER BY h.hasil_code
