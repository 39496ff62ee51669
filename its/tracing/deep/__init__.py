"""Deep knowledge tracing with torch (research path only; never imported by the learner app).

`dkt.DKT` (LSTM) and `attention.AttentionKT` (simpleKT-style attention with a Rasch
difficulty term) share the training loop of `_training` and the sequence layout of
`_sequences`. Trained models save to plain-array files that `its.tracing.live` runs
without torch.
"""
