"""Audio clips of highlights: cut from the episode's audio with PyAV, faded, tagged with mutagen.

One clip per highlight, m4a (AAC) by default, or opus / mp3. The fade is short (at most a
tenth of the clip, 150 ms at most) so the words at the edges stay. Tags: title = the quote,
album = the episode, artist = the podcast, comment = the note and the time link.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from earmark.audio.decode import damaged, opened_audio
from earmark.core.errors import InputError
from earmark.core.links import episode_link
from earmark.core.model import Episode, Highlight
from earmark.core.progress import CancelToken
from earmark.core.timecode import format_clock
from earmark.services.export_files import safe_stem, write_failed

CLIP_FORMATS = {"m4a": ("mp4", "aac"), "opus": ("ogg", "libopus"), "mp3": ("mp3", "libmp3lame")}
FADE_SECONDS = 0.15


@dataclass
class ClipTags:
    quote: str
    episode: str
    podcast: str
    note: str
    link: str
    start: float
    end: float


def _decode_range(path: Path, start: float, end: float, cancel: CancelToken) -> tuple[np.ndarray, int, str]:
    """Planar float samples (channels × n) of ``start..end``, the rate, and the channel layout."""
    with opened_audio(path) as (container, stream):
        rate = stream.codec_context.sample_rate or stream.rate
        layout = "stereo" if (stream.codec_context.channels or 1) >= 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        if start > 1.0:
            container.seek(int((start - 1.0) * av.time_base), any_frame=False, backward=True)
        first, last = round(start * rate), round(end * rate)
        pieces: list[np.ndarray] = []
        at: int | None = None
        try:
            for frame in container.decode(stream):
                cancel.check()
                for out in resampler.resample(frame):
                    if at is None:  # where the first decoded frame sits in the file
                        at = round(float(frame.pts * frame.time_base) * rate) if frame.pts is not None else 0
                    data = out.to_ndarray()
                    lo, hi = max(first - at, 0), min(last - at, data.shape[1])
                    if hi > lo:
                        pieces.append(data[:, lo:hi])
                    at += data.shape[1]
                if at is not None and at >= last:
                    break
        except av.error.FFmpegError as error:
            raise damaged(path, error) from None
    channels = 2 if layout == "stereo" else 1
    samples = np.concatenate(pieces, axis=1) if pieces else np.zeros((channels, 0), dtype=np.float32)
    if samples.shape[1] == 0:
        raise InputError(path, f"has no audio between {start:.1f} s and {end:.1f} s")
    return samples.astype(np.float32), rate, layout


def _fade(samples: np.ndarray, rate: int) -> np.ndarray:
    length = min(int(FADE_SECONDS * rate), samples.shape[1] // 10)
    if length > 1:
        ramp = np.linspace(0.0, 1.0, length, dtype=np.float32)
        samples[:, :length] *= ramp
        samples[:, -length:] *= ramp[::-1]
    return samples


def _encode(samples: np.ndarray, rate: int, layout: str, target: Path, fmt: str, cancel: CancelToken) -> None:
    container_format, codec = CLIP_FORMATS[fmt]
    out_rate = 48000 if codec == "libopus" else rate
    with av.open(str(target), mode="w", format=container_format) as output:
        stream = output.add_stream(codec, rate=out_rate, layout=layout)
        stream.time_base = Fraction(1, out_rate)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp", layout=layout)
        frame.sample_rate = rate
        frame.pts = 0
        frame.time_base = Fraction(1, rate)
        resampler = av.AudioResampler(format=stream.codec_context.format.name, layout=layout, rate=out_rate)
        fifo = av.AudioFifo()
        for converted in resampler.resample(frame) + resampler.resample(None):
            fifo.write(converted)
        size = stream.codec_context.frame_size or 1152
        pts = 0
        while fifo.samples:
            cancel.check()
            chunk = fifo.read(min(size, fifo.samples)) if fifo.samples >= size else fifo.read(fifo.samples)
            chunk.pts = pts
            pts += chunk.samples
            for packet in stream.encode(chunk):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)


def _tag(target: Path, fmt: str, tags: ClipTags) -> None:
    comment = "\n".join(part for part in (tags.note.strip(), tags.link) if part)
    if fmt == "m4a":
        from mutagen.mp4 import MP4

        audio = MP4(str(target))
        audio["\xa9nam"] = [tags.quote]
        audio["\xa9alb"] = [tags.episode]
        audio["\xa9ART"] = [tags.podcast or tags.episode]
        audio["\xa9cmt"] = [comment]
        audio.save()
    elif fmt == "opus":
        from mutagen.oggopus import OggOpus

        audio = OggOpus(str(target))
        audio.update(
            {
                "title": tags.quote,
                "album": tags.episode,
                "artist": tags.podcast or tags.episode,
                "comment": comment,
            }
        )
        audio.save()
    else:
        from mutagen.id3 import COMM, ID3, TALB, TIT2, TPE1

        audio = ID3()
        audio.add(TIT2(encoding=3, text=tags.quote))
        audio.add(TALB(encoding=3, text=tags.episode))
        audio.add(TPE1(encoding=3, text=tags.podcast or tags.episode))
        audio.add(COMM(encoding=3, lang="eng", desc="", text=comment))
        audio.save(str(target))


def write_clip(
    audio: Path, target: Path, fmt: str, tags: ClipTags, cancel: CancelToken | None = None
) -> Path:
    """Cut ``tags.start..tags.end`` of ``audio`` into ``target``; on failure or cancel, no file."""
    if fmt not in CLIP_FORMATS:
        raise InputError(f"clip format {fmt}", f"use one of {', '.join(CLIP_FORMATS)}")
    if not audio.is_file():
        raise InputError(audio, "audio file not found (a clip is cut from the episode's audio)")
    cancel = cancel or CancelToken()
    samples, rate, layout = _decode_range(audio, tags.start, tags.end, cancel)
    partial = target.with_name(target.name + ".part")
    try:
        _encode(_fade(samples, rate), rate, layout, partial, fmt, cancel)
        _tag(partial, fmt, tags)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def clip_name(title: str, start: float, highlight_id: int, fmt: str) -> str:
    """``Episode title 1-23 (7).m4a``: the episode, where the clip starts, the highlight."""
    return f"{safe_stem(title, 80)} {format_clock(start).replace(':', '-')} ({highlight_id}).{fmt}"


def cut(episode: Episode, h: Highlight, folder: Path, fmt: str, cancel: CancelToken) -> Path:
    """One highlight's clip into ``folder``, tagged with its quote, episode, podcast, note and time link."""
    tags = ClipTags(
        quote=h.quote, episode=episode.title, podcast=episode.podcast_title or "", note=h.note,
        link=episode_link(episode.id, h.start, h.end), start=h.start, end=h.end,
    )  # fmt: skip
    target = folder / clip_name(episode.title, h.start, h.id, fmt)
    try:
        return write_clip(Path(episode.audio_path), target, fmt, tags, cancel)
    except OSError as error:
        raise write_failed(target, error) from None
