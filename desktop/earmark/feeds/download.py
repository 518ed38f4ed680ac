"""Downloads with progress, resume and cancel (plain urllib: no extra dependency).

A download goes to ``<target>.part`` and is renamed only when whole, so a
cancelled or broken download never looks like a finished file. A cut (fewer
bytes than Content-Length, or a chunked body that stops) is resumed with an
HTTP Range request; a ``.part`` left by a cancel is resumed by the next try. A
body with neither Content-Length nor chunks that ends short of the size the feed
gave (``<enclosure length>``) is asked once for the rest with Range: more bytes
are appended; "nothing more" (416) or a server that ignores Range (its answer is
not read) keeps what came, as feeds' lengths are often stale.
An HTML page served where audio was expected is refused and leaves no file.
"""

from __future__ import annotations

import http.client
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from earmark import __version__
from earmark.core.errors import InputError
from earmark.core.progress import CancelToken, Progress, no_progress, throttled

CHUNK = 256 * 1024
USER_AGENT = f"Earmark/{__version__} (podcast reader)"
RETRIES = 3  # resumes after a cut, within one call
SPARE_BYTES = 64 * 1024 * 1024  # free space to leave on the disk beyond the download itself


def _problem(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    return str(getattr(error, "reason", None) or error or type(error).__name__)


def fetch_bytes(url: str, limit: int = 20 * 1024 * 1024, timeout: float = 30.0) -> bytes:
    """A small resource (a transcript, chapters) in memory, refused past ``limit`` bytes."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        raise InputError(url, f"could not be fetched ({_problem(error)})") from None
    if len(data) > limit:
        raise InputError(url, f"is larger than {limit // (1024 * 1024)} MB")
    return data


def _looks_like_html(content_type: str, first: bytes) -> bool:
    head = first[:512].lstrip().lower()
    return content_type.split(";")[0].strip().lower() in {"text/html", "application/xhtml+xml"} or (
        head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head
    )


def _check_space(folder: Path, needed: int, url: str) -> None:
    free = shutil.disk_usage(folder).free
    if needed + SPARE_BYTES > free:
        raise InputError(url, f"needs {needed // 2**20} MB but only {free // 2**20} MB are free on the disk")


def _attempt(
    url: str,
    partial: Path,
    report: Progress,
    cancel: CancelToken,
    timeout: float,
    name: str,
    only_rest: bool = False,
) -> tuple[int, int | None]:
    """One request, appending to ``partial``; return (bytes now in it, expected total or None).
    ``only_rest``: a resume that wants only the missing bytes (a whole new body is not read)."""
    have = partial.stat().st_size if partial.exists() else 0
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        resumed = response.status == 206
        if only_rest and not resumed:
            return have, have
        if not resumed:
            have = 0
        length = response.headers.get("Content-Length")
        total = int(length) + have if length and length.isdigit() else None
        first = response.read(CHUNK)
        if not resumed and _looks_like_html(response.headers.get("Content-Type", ""), first):
            raise InputError(url, "is a web page, not audio")
        if total is not None:
            _check_space(partial.parent, total - have, url)
        with partial.open("ab" if resumed else "wb") as out:
            block = first
            while block:
                cancel.check()
                out.write(block)
                have += len(block)
                report(have / total if total else 0.0, f"{have // 1024} KB of {name}")
                block = response.read(CHUNK)
    return have, total


def download(
    url: str,
    target: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    timeout: float = 30.0,
    size_hint: int | None = None,
) -> Path:
    """Download ``url`` to ``target``; resume cuts with Range; raise :class:`InputError` in one line.

    ``size_hint``: the size the feed gave, checked when the server gives none (see the module docstring).
    """
    cancel = cancel or CancelToken()
    report = throttled(progress)
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    hinted = False  # the one Range request a short, unsized body earns
    for attempt in range(RETRIES + 1):
        cut = ""
        try:
            have, total = _attempt(url, partial, report, cancel, timeout, target.name, only_rest=hinted)
            if total is not None and have < total:
                cut = f"ended early ({have} of {total} bytes)"
            elif total is None and not hinted and size_hint and have < size_hint:
                hinted, cut = True, f"ended at {have} of the feed's {size_hint} bytes"
        except http.client.IncompleteRead as error:
            cut = f"ended early ({len(error.partial)} bytes short)"
        except InputError:
            partial.unlink(missing_ok=True)
            raise
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
            if isinstance(error, urllib.error.HTTPError) and error.code == 416 and hinted:
                partial.replace(target)  # nothing past what came: the feed's size was stale
                report(1.0, f"downloaded {target.name}")
                return target
            if isinstance(error, urllib.error.HTTPError) and error.code == 416 and partial.exists():
                partial.unlink()  # our partial file is larger than the resource: start again
                continue
            if isinstance(error, urllib.error.HTTPError):
                partial.unlink(missing_ok=True)
            raise InputError(url, f"download failed ({_problem(error)})") from None
        if not cut:
            if not partial.exists() or partial.stat().st_size == 0:
                partial.unlink(missing_ok=True)
                raise InputError(url, "download failed (the server sent no data)")
            partial.replace(target)
            report(1.0, f"downloaded {target.name}")
            return target
        if attempt == RETRIES:
            raise InputError(url, f"download {cut} after {RETRIES} resumes; run again to resume")
    raise AssertionError("unreachable")
