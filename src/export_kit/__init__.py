"""export-kit: French product catalogues to Chinese cross-border marketplace listings."""

from __future__ import annotations

# the one place the version is written (pyproject.toml reads it: [tool.hatch.version]);
# a literal, as importlib.metadata costs every command a few tens of milliseconds
__version__ = "0.1.0"

__all__ = ["__version__"]
