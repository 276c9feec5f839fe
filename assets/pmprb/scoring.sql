-- PMPRB scores of one year under one LKE instrument: the one engine for every version.
--
-- Inputs: the lke_* instrument tables (rows of instrument $version) and
-- year_answers(code, answer, answer_source): the year's answers to items
-- (A.I.1.a ...) and lines (B.I.1, 1024 ...), 'final' or 'suggested'.
--
-- The instrument is a tree of lines (lke_lines); the items of a 14/2014-style
-- sub-component hang below it (lke_items). Each node scores by its rule:
--   answer     (an item)  = the answer map's value for the item's answer type; unanswered or invalid = 0
--   mean_items            = weight x mean of ALL its item scores (an unanswered item counts as 0)
--   ratio                 = value / max x weight, times (multiplier line's value / its max) when it names one;
--                           a value is a number within [min, max], else the line scores 0 (so does a
--                           multiplier without such a value). The multiplier uses the other line's VALUE.
--   points                = the points of the opinion entered, from lke_opini_bpk; 0 when none matches
--   entered               = the subtotal entered, when within [min, max]; else 0
--   parameter             = the value entered, when within [min, max]; else its max (no adjustment)
--   sum                   = sum of its children, or of the lines named in terms
--   rescale               = sum of its terms / (multiplier line's value / its max) (the penyesuaian:
--                           RB General / bobot x 100); unchanged when the multiplier is empty
-- Each node is then rounded to its decimals (none: not rounded). A tie at the rounding digit goes
-- DOWN (toward zero): round(x - sign(x) x 5e-10, d). The one tie in Kabupaten Magetan's official 2023
-- evaluation, line 1036 (2.11 / 5 x 2.5 = 1.055), is 1.05 there: KemenPAN-RB's application computes in
-- binary floating point, where 1.055 is 1.05499..., and rounds that. A sum adds its children's
-- ROUNDED scores. The rated line (lke_lines.rated) gets the band with lower < score <= upper.
-- Answers compare case-insensitively, as the worksheet's formulas do. Every sum adds in line order,
-- so the same answers give the same last digit on every run.
--
-- A sum depends on its children, so the tree is evaluated in passes (the recursive CTE "pass"): each
-- pass recomputes every node from the previous pass; after as many passes as the tree is deep, every
-- node holds its final score.

WITH RECURSIVE
chosen AS (
    -- one answer per code: the Tim PMPRB's final answer where there is one, else the suggestion
    SELECT code, answer, answer_source
    FROM year_answers
    WHERE answer IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY code ORDER BY CASE answer_source WHEN 'final' THEN 0 ELSE 1 END
    ) = 1
),
node AS (
    SELECT code, parent, level, rule, weight, min_value, max_value, multiplier, terms, decimals, rated,
           "order" AS sort_line, 0 AS sort_item
    FROM lke_lines
    WHERE instrument_version = $version
    UNION ALL
    SELECT i.item_id, i.sub_code, 'item', 'answer', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           l."order", i.position
    FROM lke_items AS i
    JOIN lke_lines AS l ON l.instrument_version = i.instrument_version AND l.code = i.sub_code
    WHERE i.instrument_version = $version
),
edge AS (
    -- parent -> child; a node with terms adds those lines instead of its children
    SELECT n.parent, n.code AS child
    FROM node AS n
    WHERE n.parent IS NOT NULL
      AND n.parent NOT IN (SELECT code FROM node WHERE terms IS NOT NULL)
    UNION ALL
    SELECT n.code, t.term
    FROM node AS n, unnest(string_split(n.terms, ' ')) AS t(term)
    WHERE n.terms IS NOT NULL AND t.term <> ''
),
valued AS (
    SELECT n.*, c.answer, c.answer_source, v.value AS answer_value, o.points,
           CASE
               WHEN regexp_full_match(c.answer, $number_pattern)
                AND CAST(c.answer AS DOUBLE) BETWEEN n.min_value AND n.max_value
               THEN CAST(c.answer AS DOUBLE)
           END AS value
    FROM node AS n
    LEFT JOIN chosen AS c ON c.code = n.code
    LEFT JOIN lke_items AS i ON n.rule = 'answer' AND i.instrument_version = $version AND i.item_id = n.code
    LEFT JOIN lke_answer_values AS v
           ON v.instrument_version = $version
          AND v.answer_type = i.answer_type
          AND upper(v.answer) = upper(c.answer)
    LEFT JOIN lke_opini_bpk AS o
           ON n.rule = 'points' AND o.instrument_version = $version AND upper(o.opinion) = upper(c.answer)
),
leaf AS (
    SELECT v.code,
           CASE v.rule
               WHEN 'answer' THEN coalesce(v.answer_value, 0)
               WHEN 'points' THEN coalesce(v.points, 0)
               WHEN 'ratio' THEN coalesce(
                   v.value / v.max_value * v.weight
                   * CASE WHEN v.multiplier IS NULL THEN 1 ELSE m.value / m.max_value END,
                   0)
               WHEN 'entered' THEN coalesce(v.value, 0)
               WHEN 'parameter' THEN coalesce(v.value, v.max_value)
           END AS score,
           coalesce(m.value / m.max_value, 1) AS divisor
    FROM valued AS v
    LEFT JOIN valued AS m ON m.code = v.multiplier
),
depth(code, d) AS (
    SELECT code, 0 FROM node WHERE code NOT IN (SELECT child FROM edge)
    UNION ALL
    SELECT e.child, depth.d + 1 FROM depth JOIN edge AS e ON e.parent = depth.code
    WHERE depth.d < (SELECT count(*) FROM node)  -- a cycle (refused by the suite) still ends
),
passes AS (
    SELECT max(d) + 1 AS n FROM depth
),
pass(i, code, score) AS (
    SELECT 0, l.code, l.score FROM leaf AS l
    UNION ALL
    SELECT p.i + 1, n.code,
           CASE
               WHEN n.decimals IS NULL THEN s.raw
               ELSE round(s.raw - sign(s.raw) * 5e-10, CAST(n.decimals AS INTEGER))
           END
    FROM pass AS p
    JOIN node AS n ON n.code = p.code
    JOIN leaf AS l ON l.code = p.code
    CROSS JOIN LATERAL (
        SELECT CASE n.rule
                   WHEN 'sum' THEN coalesce(kids.total, 0)
                   WHEN 'mean_items' THEN n.weight * kids.total / kids.count
                   WHEN 'rescale' THEN coalesce(kids.total, 0) / l.divisor
                   ELSE l.score
               END AS raw
        FROM (
            SELECT sum(q.score ORDER BY k.sort_line, k.sort_item) AS total, count(*) AS count
            FROM pass AS q
            JOIN edge AS e ON e.child = q.code AND e.parent = n.code
            JOIN node AS k ON k.code = q.code
        ) AS kids
    ) AS s
    WHERE p.i < (SELECT n FROM passes)
),
scored AS (
    SELECT v.*, p.score
    FROM pass AS p
    JOIN valued AS v ON v.code = p.code
    WHERE p.i = (SELECT n FROM passes)
)
SELECT CAST($year AS INTEGER) AS year,
       CAST($version AS VARCHAR) AS instrument_version,
       CAST(s.level AS VARCHAR) AS level,
       CAST(s.code AS VARCHAR) AS code,
       CAST(s.answer AS VARCHAR) AS answer,
       CAST(s.answer_source AS VARCHAR) AS answer_source,
       CAST(s.score AS DOUBLE) AS score,
       CAST(s.weight AS DOUBLE) AS weight,
       CAST(CASE WHEN s.rated = 1 THEN (
           SELECT b.rating
           FROM lke_rating_bands AS b
           WHERE b.instrument_version = $version
             AND s.score <= b.upper_inclusive
             AND (s.score > b.lower_exclusive OR s.score >= b.lower_inclusive)
       ) END AS VARCHAR) AS rating
FROM scored AS s
ORDER BY s.sort_line, s.sort_item
