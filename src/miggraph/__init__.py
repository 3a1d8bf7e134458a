"""miggraph: the United Nations governance system for international migration and development as linked data."""

from .build import build, build_to
from .config import MIG, Settings
from .errors import InputError, Problem
from .load import load

__all__ = ["MIG", "InputError", "Problem", "Settings", "build", "build_to", "load"]
__version__ = "0.1.0"
