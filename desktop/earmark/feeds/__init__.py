"""Podcast feeds: parse RSS/Atom (safely) and download enclosures and transcripts."""

from earmark.feeds.download import download, fetch_bytes
from earmark.feeds.fetch import FeedFetch, fetch_feed
from earmark.feeds.parse import FeedEpisode, ParsedFeed, TranscriptLink, choose_transcript, parse_feed

__all__ = [
    "FeedEpisode",
    "FeedFetch",
    "ParsedFeed",
    "TranscriptLink",
    "choose_transcript",
    "download",
    "fetch_bytes",
    "fetch_feed",
    "parse_feed",
]
