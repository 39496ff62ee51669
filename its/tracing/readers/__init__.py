"""The log readers, one module per format; `its.tracing.datasets.read_log` picks one by name.

This `__init__` imports nothing: each reader module is imported where it is used.
"""
