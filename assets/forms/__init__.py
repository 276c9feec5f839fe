"""The form round trip, in one package: a form goes out, comes back, is checked, read, routed and answered.

Each form is one layout (``layouts.py``: the units' Realisasi, the Indikator
Hasil; the inbox folders too). The walk of a filled workbook, in order:

- out: ``realisasi.py`` / ``indikator_hasil.py`` say what a form's rows hold;
  ``write.py`` builds the workbook (``sheet.py``, ``identity.py``, signed by
  ``signature.py``; text through ``cell_text.py``);
- in: ``inbox.py`` lists an inbox folder; ``inventory.py`` checks every file
  (``probe.py``: file rules; ``submitted.py``: the one read of an xlsx) and
  ``versions.py`` chooses the file in force (``collection.py``: the limits);
- read: ``read.py`` reads a form's rows by header, ``parsing.py`` and the
  pure number parser ``values.py`` turn each into a record;
- route: ``route.py`` validates the year's records with the form's GX suite
  (``expectations/adapter.py``) into accepted and refused rows;
- back: ``feedback.py`` returns a file with a note on every row.

Many workbooks are read and written through one seam,
:func:`~assets.forms.throughput.read_forms` and
:func:`~assets.forms.throughput.write_forms` (``throughput/``: worker pool,
content cache); the domain packages (``assets/submissions``,
``assets/outcomes``) keep their assets, SQL and table schemas.
"""
