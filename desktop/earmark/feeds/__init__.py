"""Podcast feeds: parse RSS/Atom (safely) and download enclosures and transcripts."""

from earmark.feeds.download import download
from earmark.feeds.parse import FeedEpisode, ParsedFeed, parse_feed

__all__ = ["FeedEpisode", "ParsedFeed", "download", "parse_feed"]
