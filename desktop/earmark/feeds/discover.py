"""Feed autodiscovery: a podcast's web page names its feed in ``<link rel="alternate">``."""

from __future__ import annotations

import warnings
from urllib.parse import urljoin

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


def looks_like_html(head: bytes) -> bool:
    start = head[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or (b"<html" in start and b"<rss" not in start)


def feed_links(page: bytes, base_url: str) -> list[str]:
    """Feed URLs a page declares, RSS first, resolved against the page."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning  # only when a page is read: ~0.1 s

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(page, "html.parser")
    found: list[tuple[int, str]] = []
    for link in soup.find_all("link", href=True):
        rel = [r.lower() for r in (link.get("rel") or [])]
        kind = str(link.get("type", "")).lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES:
            url = urljoin(base_url, str(link["href"]).strip())
            if url not in (u for _, u in found):
                found.append((FEED_TYPES.index(kind), url))
    return [url for _, url in sorted(found, key=lambda pair: pair[0])]
