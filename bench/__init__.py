"""Benchmarks: how long a year takes, and what it costs per workbook (see BENCHMARKS.md)."""
