"""Writing export files safely: a temporary name renamed into place, one-line errors, no half files.

A destination that cannot take the export (unwritable, a file where a folder is wanted, a
full disk) raises one :class:`InputError` naming it; the ``.part`` file being written is
removed. A device or pipe given as the destination (``/dev/stdout``) is written directly,
never renamed over.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from earmark.core.errors import InputError


def _problem(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full ({error.strerror})"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write there ({error.strerror})"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way where a folder is wanted"
    return f"cannot write ({error.strerror or error})"


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all."""
    data = text.encode("utf-8")
    if path.exists() and not path.is_file() and not path.is_dir():  # a device or a pipe
        try:
            with path.open("wb") as out:
                out.write(data)
        except OSError as error:
            raise InputError(path, _problem(error)) from None
        return path
    if path.is_dir():
        raise InputError(path, "is a folder; a file name is wanted here")
    ensure_folder(path.parent)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            out.write(data)
            out.flush()
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(path, _problem(error)) from None
    except BaseException:  # Ctrl+C, cancel: no half file either
        partial.unlink(missing_ok=True)
        raise
    return path


def ensure_folder(folder: Path) -> Path:
    """Make ``folder`` (and its parents); a file in the way is one clear error."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise InputError(part, "is a file; a folder is wanted here")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(folder, _problem(error)) from None
    return folder


def write_failed(path: Path, error: OSError) -> InputError:
    """The one-line error for a failed write of ``path`` (for writers that are not text)."""
    return InputError(path, _problem(error))


def safe_stem(title: str, limit: int = 120) -> str:
    """A file name from a title, without characters file systems or note apps refuse."""
    stem = re.sub(r'[\\/:*?"<>|#^\[\]\x00-\x1f]+', " ", title)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:limit].strip(" .")
    return stem or "Episode"


def file_names(titles: dict[int, str], suffix: str) -> dict[int, str]:
    """Stable file names by id: the title, with the id added only when two titles make the same name."""
    stems = {key: safe_stem(title) for key, title in titles.items()}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.casefold()] = counts.get(stem.casefold(), 0) + 1
    return {
        key: (stem if counts[stem.casefold()] == 1 else f"{stem} ({key})") + suffix
        for key, stem in stems.items()
    }
