"""Running several instances behind nginx: the configuration template and `cluster.py` (make cluster)."""
