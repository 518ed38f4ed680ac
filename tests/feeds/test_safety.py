"""Hostile XML, big feeds, and polite refreshing (redirects, 410, ETag / Last-Modified)."""

from __future__ import annotations

import pytest
from feedkit import item, rss

from earmark.core.errors import InputError
from earmark.feeds import fetch_feed, parse_feed

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_are_refused_in_one_line(xml):
    """Entity expansion and external entities are refused with one line naming the feed."""
    with pytest.raises(InputError) as caught:
        parse_feed(xml.encode(), "https://example.org/evil.xml")
    message = str(caught.value)
    assert message.startswith("https://example.org/evil.xml: is refused: unsafe XML") and "\n" not in message


def test_billion_laughs_is_never_stored(server, run_cli):
    """`subscribe` to a billion-laughs feed exits 2 and adds no podcast."""
    (server.folder / "evil.xml").write_text(LAUGHS)
    result = run_cli("subscribe", f"{server.base}/evil.xml")
    assert result.returncode == 2 and "unsafe XML" in result.stderr
    assert run_cli("podcasts", "--json").stdout.strip() == "[]"


def test_a_feed_over_the_limit_is_refused(server):
    """A feed past the size limit is refused in one line while streaming (limit lowered for the test)."""
    (server.folder / "big.xml").write_text(
        rss([item(f"E{n}", f"https://x/{n}.mp3", f"g{n}") for n in range(500)])
    )
    with pytest.raises(InputError, match="larger than 0 MB"):
        fetch_feed(f"{server.base}/big.xml", limit=1000)


def test_a_21_mb_feed_is_read(server):
    """A real-shaped 21 MB feed (5,000 items with show notes) is under the 50 MB limit and read whole."""
    notes = "<p>" + "Show notes with a <a href='https://example.org'>link</a>. " * 70 + "</p>"
    items = [item(f"E{n}", f"https://x/{n}.mp3", f"g{n}", day=n, extra=f"<description><![CDATA[{notes}]]>"
                  "</description>") for n in range(5000)]  # fmt: skip
    (server.folder / "big.xml").write_text(rss(items))
    assert (server.folder / "big.xml").stat().st_size > 20 * 2**20
    fetched = fetch_feed(f"{server.base}/big.xml")
    assert fetched.feed is not None and len(fetched.feed.episodes) == 5000


def _redirect(code: int, to: str):
    return lambda h: h.reply(code, b"", "text/plain", Location=to)


@pytest.mark.parametrize(("code", "moves"), [(301, True), (308, True), (302, False), (307, False)])
def test_permanent_redirects_update_the_stored_url(server, services, code, moves):
    """After a 301/308 the podcast's feed URL is the new one; a temporary redirect keeps the old one."""
    (server.folder / "new.xml").write_text(rss([item("A", f"{server.base}/a.wav", "a")]))
    (server.folder / "old.xml").write_text(rss([item("A", f"{server.base}/a.wav", "a")]))
    podcast = services.subscriptions.subscribe(f"{server.base}/old.xml")
    server.routes["/old.xml"] = _redirect(code, f"{server.base}/new.xml")
    result = services.subscriptions.refresh()
    assert result.failures == []
    expected = "new.xml" if moves else "old.xml"
    assert services.subscriptions.podcast(podcast).feed_url == f"{server.base}/{expected}"


def test_410_gone_marks_the_feed_and_stops_refreshing_it(server, services):
    """A 410 marks the podcast gone (one line); later refreshes leave it alone."""
    (server.folder / "feed.xml").write_text(rss([item("A", f"{server.base}/a.wav", "a")]))
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    server.routes["/feed.xml"] = lambda h: h.reply(410, b"gone", "text/plain")
    first = services.subscriptions.refresh()
    assert len(first.failures) == 1 and "410" in first.failures[0] and "feed.xml" in first.failures[0]
    assert services.subscriptions.podcast(podcast).gone
    hits = len(server.seen)
    assert services.subscriptions.refresh().failures == [] and len(server.seen) == hits


def test_refresh_sends_etag_and_last_modified(server, services):
    """The second refresh asks with If-None-Match and If-Modified-Since; a 304 changes nothing."""
    body = rss([item("A", f"{server.base}/a.wav", "a")]).encode()

    def route(h) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.reply(304)
        else:
            h.reply(
                200, body, "application/rss+xml", ETag='"v1"', Last_Modified="Wed, 01 Jan 2025 00:00:00 GMT"
            )

    server.routes["/feed.xml"] = route
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    result = services.subscriptions.refresh()
    assert result.failures == []
    headers = server.seen[-1][1]
    assert headers.get("If-None-Match") == '"v1"'
    assert headers.get("If-Modified-Since") == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert len(services.subscriptions.catalogue(podcast)) == 1
