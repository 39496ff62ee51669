"""Logistic baselines (research path: fitted with torch's L-BFGS)."""
