-- Suggested values of the lines that the year's road-map monitoring answers ($year), as the road map's
-- monitoring_lines.csv (lines) declares them.
-- share_tercapai: 100 x the year's scheduled indicators that are Tercapai / the scheduled ones counted
-- (Tercapai, Belum Tercapai, Belum Dilaporkan; Tidak Dijadwalkan and Target Tidak Terukur left out), to
-- 2 decimals. The share of the action plan carried out, which is what 9/2023 line 1025 asks; a mean
-- capaian would let one indicator far above its target hide another one not done.
-- A year with no counted indicator gets no row: no suggestion.
WITH counted AS (
    SELECT code, status
    FROM indicator_capaian
    WHERE year = $year AND status IN ('Tercapai', 'Belum Tercapai', 'Belum Dilaporkan')
),
shares AS (
    SELECT count(*) AS linked, count(*) FILTER (WHERE status = 'Tercapai') AS achieved
    FROM counted
)
SELECT CAST($year AS INTEGER) AS year,
       l.line_code AS code,
       printf('%.2f', round(100.0 * s.achieved / s.linked, 2)) AS answer,
       'suggested' AS answer_source,
       CAST(s.linked AS INTEGER) AS linked,
       CAST(s.achieved AS INTEGER) AS achieved,
       CAST(s.achieved / s.linked AS DOUBLE) AS share,
       'Tercapai ' || s.achieved || ' dari ' || s.linked || ' indikator Rencana Aksi terjadwal' AS linked_codes,
       CAST(NULL AS VARCHAR) AS bukti_dukung
FROM lines l, shares s
WHERE l.figure = 'share_tercapai' AND s.linked > 0
ORDER BY l.line_code
