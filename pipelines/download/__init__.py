"""The read-only download page over ``outputs/``: ``python -m pipelines.download``."""
