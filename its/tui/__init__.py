"""The learner app: a thin Textual layer over `its.tutor` (see `make_app`)."""
