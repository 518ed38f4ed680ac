"""Read every transcript/notes shape into a :class:`~earmark.core.Transcript`; write exports.

Readers are one function per shape, ``read_<shape>(text, source) -> Transcript``,
registered in :mod:`earmark.formats.registry`. :func:`read_file` decodes the bytes,
detects the shape from the content (never from the file name alone) and calls
the reader. Every failure is an :class:`~earmark.core.InputError`.
"""

from earmark.formats.registry import detect_format, read_file, read_text
from earmark.formats.writers import EXPORT_FORMATS, write_transcript

__all__ = ["EXPORT_FORMATS", "detect_format", "read_file", "read_text", "write_transcript"]
