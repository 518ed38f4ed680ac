"""Earmark: a desktop episode reader and annotator."""

__version__ = "0.1.0"
