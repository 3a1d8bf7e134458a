"""Fact proposals: candidate facts a document states, each with its quote, for a curator to review.

`miggraph propose DOC` (and `miggraph ingest`) write them to data/proposed/{doc}.yaml; `miggraph review DOC`
accepts them into data/facts/{doc}-accepted.yaml or rejects them (remembered in data/proposed/{doc}.rejected.yaml).
"""
