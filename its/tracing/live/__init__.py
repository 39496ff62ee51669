"""Live tracing of exported deep models with numpy only (the learner's path: no torch).

`model_file` reads and writes the plain-array model files that `its train` saves;
`dkt.LiveDKT` and `attention.LiveAttention` run a DKT or attention model one answer at
a time; `registry.load_live` picks the one a file holds.
"""
