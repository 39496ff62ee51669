"""Bayesian hierarchical BKT in Pyro (research path: imports torch and pyro).

`model.BayesianBKT` is the tracer; `_model` holds the Pyro model and guide, and
`_forward` the exact HMM forward pass in torch. Import the submodules directly; this
`__init__` imports nothing, so `import its.tracing.bayes` stays cheap.
"""
