"""Fetching a feed politely: conditional requests, redirects remembered, 410 noticed, 50 MB at most.

The body is streamed into a spooled temporary file (memory up to a few MB, then
disk) and parsed from there, so a 21 MB feed costs no 21 MB string.
"""

from __future__ import annotations

import http.client
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from earmark.core.errors import InputError
from earmark.core.progress import CancelToken
from earmark.feeds.discover import feed_links, looks_like_html
from earmark.feeds.download import CHUNK, USER_AGENT, _problem
from earmark.feeds.parse import ParsedFeed, parse_stream

FEED_LIMIT = 50 * 1024 * 1024


@dataclass(slots=True)
class FeedFetch:
    """What one request for a feed gave."""

    url: str  # where the feed now lives (a permanent redirect's target)
    moved: bool = False  # every redirect on the way was permanent (301/308): store the new URL
    gone: bool = False  # 410 Gone: the publisher ended the feed
    not_modified: bool = False  # 304: nothing new since the last ETag / Last-Modified
    etag: str | None = None
    last_modified: str | None = None
    feed: ParsedFeed | None = None
    pages_feeds: list[str] | None = None  # the URL was a web page: the feeds it links (autodiscovery)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, remembering whether all of them were permanent."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.codes.append(code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    http_error_308 = urllib.request.HTTPRedirectHandler.http_error_302


def check_feed_url(url: str) -> None:
    if urlparse(url).scheme not in {"http", "https", "file"}:
        raise InputError(url, "is not an http(s) feed address")


def fetch_feed(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    cancel: CancelToken | None = None,
    timeout: float = 30.0,
    limit: int = FEED_LIMIT,
) -> FeedFetch:
    """Fetch and parse ``url``; raise :class:`InputError` naming the URL and the problem."""
    check_feed_url(url)
    cancel = cancel or CancelToken()
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            final = response.geturl()
            moved = bool(redirects.codes) and all(c in (301, 308) for c in redirects.codes)
            result = FeedFetch(
                url=final if moved else url,
                moved=moved and final != url,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
            with tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024) as body:
                size = 0
                while block := response.read(CHUNK):
                    cancel.check()
                    size += len(block)
                    if size > limit:
                        raise InputError(url, f"is larger than {limit // (1024 * 1024)} MB")
                    body.write(block)
                body.seek(0)
                if looks_like_html(body.read(1024)):
                    body.seek(0)
                    result.pages_feeds = feed_links(body.read(), final)
                    return result
                body.seek(0)
                result.feed = parse_stream(body, url, base_url=final)
            return result
    except urllib.error.HTTPError as error:
        if error.code == 304:
            final = error.geturl() or url
            moved = bool(redirects.codes) and all(c in (301, 308) for c in redirects.codes) and final != url
            return FeedFetch(
                url=final if moved else url,
                moved=moved,
                not_modified=True,
                etag=etag,
                last_modified=last_modified,
            )
        if error.code == 410:
            return FeedFetch(url=url, gone=True)
        raise InputError(url, f"could not be fetched ({_problem(error)})") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        raise InputError(url, f"could not be fetched ({_problem(error)})") from None
