-- PMPRB scores of one year under one LKE instrument.
--
-- Inputs: the lke_* instrument tables (rows of instrument $version) and
-- year_answers(code, answer, answer_source): the year's answers to items
-- (A.I.1.a ...) and Hasil inputs (B.I.1 ...), 'final' or 'suggested'.
--
-- The rules (PermenPANRB 14/2014, applied uniformly to every row):
--   item          = the answer map's value for the item's answer type; unanswered or invalid = 0
--   sub-component = weight x mean of ALL its item scores (an unanswered item counts as 0)
--   Hasil input   = value / max x weight when the value is a number within [min, max], else 0;
--                   Opini BPK scores the points of its opinion in lke_opini_bpk
--   area          = sum of its sub-components (A) or Hasil inputs (B)
--   component     = sum of its areas (A = Pengungkit, B = Hasil)
--   Indeks RB     = Pengungkit + Hasil, rated by the band with lower < score <= upper
-- Answers compare case-insensitively, as the worksheet's formulas do. Every sum adds in position order,
-- so the same answers give the same last digit on every run.

WITH chosen AS (
    -- one answer per code: the Tim PMPRB's final answer where there is one, else the suggestion
    SELECT code, answer, answer_source
    FROM year_answers
    WHERE answer IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY code ORDER BY CASE answer_source WHEN 'final' THEN 0 ELSE 1 END
    ) = 1
),
item AS (
    SELECT i.position, i.item_id AS code, i.sub_code, c.answer, c.answer_source,
           coalesce(v.value, 0) AS score
    FROM lke_items AS i
    LEFT JOIN chosen AS c ON c.code = i.item_id
    LEFT JOIN lke_answer_values AS v
           ON v.instrument_version = i.instrument_version
          AND v.answer_type = i.answer_type
          AND upper(v.answer) = upper(c.answer)
    WHERE i.instrument_version = $version
),
sub_component AS (
    SELECT s.position, s.sub_code AS code, s.area_code, s.weight,
           s.weight * sum(item.score ORDER BY item.position) / count(*) AS score
    FROM lke_sub_components AS s
    JOIN item ON item.sub_code = s.sub_code
    WHERE s.instrument_version = $version
    GROUP BY s.position, s.sub_code, s.area_code, s.weight
),
hasil_input AS (
    SELECT h.*, c.answer, c.answer_source,
           CASE WHEN regexp_full_match(c.answer, $number_pattern) THEN try_cast(c.answer AS DOUBLE) END AS number,
           o.points
    FROM lke_hasil AS h
    LEFT JOIN chosen AS c ON c.code = h.code
    LEFT JOIN lke_opini_bpk AS o
           ON o.instrument_version = h.instrument_version
          AND upper(o.opinion) = upper(c.answer)
    WHERE h.instrument_version = $version
),
hasil AS (
    SELECT position, code, area_code, weight, answer, answer_source,
           CASE
               WHEN input_kind = 'ordinal' THEN coalesce(points, 0)
               WHEN number BETWEEN min_value AND max_value THEN number / max_value * weight
               ELSE 0
           END AS score
    FROM hasil_input
),
area AS (
    SELECT a.position, a.component, a.area_code AS code, a.weight, sum(part.score ORDER BY part.position, part.code) AS score
    FROM lke_areas AS a
    JOIN (
        SELECT area_code, position, code, score FROM sub_component
        UNION ALL
        SELECT area_code, position, code, score FROM hasil
    ) AS part ON part.area_code = a.area_code
    WHERE a.instrument_version = $version
    GROUP BY a.position, a.component, a.area_code, a.weight
),
component AS (
    SELECT min(position) AS position, component AS code, sum(weight ORDER BY position) AS weight, sum(score ORDER BY position) AS score
    FROM area
    GROUP BY component
),
total AS (
    SELECT 'INDEKS_RB' AS code, sum(weight ORDER BY position) AS weight, sum(score ORDER BY position) AS score
    FROM component
),
rated AS (
    SELECT total.*,
           (SELECT b.rating
            FROM lke_rating_bands AS b
            WHERE b.instrument_version = $version
              AND total.score <= b.upper_inclusive
              AND (total.score > b.lower_exclusive OR total.score >= b.lower_inclusive)) AS rating
    FROM total
),
scores AS (
    SELECT 1 AS rank, 0 AS position, 'total' AS level, code, NULL AS answer, NULL AS answer_source, score, weight, rating FROM rated
    UNION ALL
    SELECT 2, position, 'component', code, NULL, NULL, score, weight, NULL FROM component
    UNION ALL
    SELECT 3, position, 'area', code, NULL, NULL, score, weight, NULL FROM area
    UNION ALL
    SELECT 4, position, 'sub_component', code, NULL, NULL, score, weight, NULL FROM sub_component
    UNION ALL
    SELECT 5, position, 'item', code, answer, answer_source, score, NULL, NULL FROM item
    UNION ALL
    SELECT 6, position, 'item', code, answer, answer_source, score, weight, NULL FROM hasil
)
SELECT CAST($year AS INTEGER) AS year,
       CAST($version AS VARCHAR) AS instrument_version,
       level,
       code,
       CAST(answer AS VARCHAR) AS answer,
       CAST(answer_source AS VARCHAR) AS answer_source,
       CAST(score AS DOUBLE) AS score,
       CAST(weight AS DOUBLE) AS weight,
       CAST(rating AS VARCHAR) AS rating
FROM scores
ORDER BY rank, position
