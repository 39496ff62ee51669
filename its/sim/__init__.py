"""Simulated learners, to try tutor policies without a screen (`its simulate`)."""
