"""The version of briefgen, in one place: the package metadata (hatch) and every module read it here."""

__version__ = "0.1.0"
