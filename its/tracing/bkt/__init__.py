"""Bayesian Knowledge Tracing: `model.BKT` (fitting, batch prediction) and `online` (the app).

This `__init__` imports nothing, so `its.tracing.bkt.online` stays light.
"""
