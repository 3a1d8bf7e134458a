"""SPARQL prefixes shared by the tests: the project's own prefix table, so tests and library agree."""

from miggraph.config import PREFIXES as _TABLE

PREFIXES = "\n" + "\n".join(f"PREFIX {prefix}: <{ns}>" for prefix, ns in _TABLE.items()) + "\n"
