"""Gradient-boosted trees over features of the learner's earlier answers (LightGBM)."""
