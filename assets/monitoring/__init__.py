"""The monitoring group: capaian per indicator and unit, roll-ups, coverage and the yearly report."""
