"""Knowledge tracing: response logs, their readers, tracers (BKT, ...) and their scores.

This package's `__init__` imports nothing, so that the learner's app can import
`its.tracing.bkt.online` without pulling in the research code.
"""
