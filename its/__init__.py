"""its: an intelligent tutoring system with knowledge tracing."""

__version__ = "0.1.0"
