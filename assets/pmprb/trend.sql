-- indeks_rb_trend: the Indeks RB of every assessed year, with the instrument it was scored on.
-- One row per year: the rated total of pmprb_scores (INDEKS_RB for every version). Two years
-- scored on different instruments are not a like-for-like change; the version says which.
CREATE OR REPLACE VIEW indeks_rb_trend AS
SELECT
    year,
    instrument_version,
    score AS indeks_rb,
    rating AS predikat
FROM pmprb_scores
WHERE level = 'total' AND rating IS NOT NULL
ORDER BY year;
