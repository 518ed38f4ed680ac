"""Fixtures of the export tests (the library itself is built in export_library.py)."""

from export_library import library  # noqa: F401  (a fixture)
