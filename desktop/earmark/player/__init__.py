"""Audio playback: one :class:`Player` protocol, a libvlc backend and a Qt Multimedia fallback."""
