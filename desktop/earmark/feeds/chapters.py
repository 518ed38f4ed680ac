"""Podcasting 2.0 chapters JSON (``<podcast:chapters type="application/json+chapters">``)."""

from __future__ import annotations

import json

from earmark.core.errors import InputError


def read_chapters(data: bytes, source: str) -> list[tuple[str, float]]:
    """(title, start seconds) of every chapter that has both, in time order."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeError, ValueError) as error:
        raise InputError(source, f"is not chapters JSON ({error})") from None
    items = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InputError(source, 'is not chapters JSON (no "chapters" list)')
    found = []
    for item in items:
        if not isinstance(item, dict) or item.get("toc") is False:
            continue
        start, title = item.get("startTime"), item.get("title")
        if isinstance(start, int | float) and isinstance(title, str) and title.strip():
            found.append((title.strip(), float(start)))
    return sorted(found, key=lambda pair: pair[1])
