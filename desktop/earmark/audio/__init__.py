"""Decode audio to PCM and read its tags and duration."""

from typing import TYPE_CHECKING, Any

from earmark.audio.probe import AudioInfo, probe  # cheap: PyAV and mutagen load on first use

if TYPE_CHECKING:
    from earmark.audio.decode import decode_mono, iter_mono_chunks


def __getattr__(name: str) -> Any:
    """Load the decoder (PyAV, numpy) only when asked: the window starts without it."""
    if name in ("decode_mono", "iter_mono_chunks"):
        from earmark.audio import decode

        return getattr(decode, name)
    raise AttributeError(name)


__all__ = ["AudioInfo", "decode_mono", "iter_mono_chunks", "probe"]
