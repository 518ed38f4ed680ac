"""Decode audio to PCM and read its tags and duration."""

from earmark.audio.decode import decode_mono, iter_mono_chunks
from earmark.audio.probe import AudioInfo, probe

__all__ = ["AudioInfo", "decode_mono", "iter_mono_chunks", "probe"]
