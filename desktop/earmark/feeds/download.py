"""Downloads with progress, resume and cancel (plain urllib: no extra dependency).

A download goes to ``<target>.part`` and is renamed only when complete, so a
cancelled or broken download never looks like a finished file; the next try
resumes from the ``.part`` file with an HTTP Range request.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from earmark import __version__
from earmark.core.errors import InputError
from earmark.core.progress import CancelToken, Progress, no_progress, throttled

CHUNK = 256 * 1024
USER_AGENT = f"Earmark/{__version__} (podcast reader)"


def fetch_bytes(url: str, limit: int = 20 * 1024 * 1024, timeout: float = 30.0) -> bytes:
    """A small resource (a feed, a transcript) in memory, refused past ``limit`` bytes."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise InputError(url, f"could not be fetched ({getattr(error, 'reason', error)})") from None
    if len(data) > limit:
        raise InputError(url, f"is larger than {limit // (1024 * 1024)} MB")
    return data


def download(
    url: str,
    target: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download ``url`` to ``target``, resuming a partial earlier attempt."""
    cancel = cancel or CancelToken()
    report = throttled(progress)
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    have = partial.stat().st_size if partial.exists() else 0
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            resumed = response.status == 206
            if not resumed:
                have = 0
            total = int(response.headers.get("Content-Length") or 0) + have
            with partial.open("ab" if resumed else "wb") as out:
                while True:
                    cancel.check()
                    block = response.read(CHUNK)
                    if not block:
                        break
                    out.write(block)
                    have += len(block)
                    report(have / total if total else 0.0, f"{have // 1024} KB of {target.name}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise InputError(url, f"download failed ({getattr(error, 'reason', error)})") from None
    if total and have < total:
        raise InputError(url, f"download ended early ({have} of {total} bytes); run again to resume")
    partial.replace(target)
    report(1.0, f"downloaded {target.name}")
    return target
