"""The portal: a login per unit, uploads into the inbox, each role's outputs, and the audit log (``python -m pipelines.portal``)."""
