"""Time links: what exports write and `earmark open` reads."""

from __future__ import annotations

import pytest

from earmark.core.links import TimeLink, episode_link, parse_link


def test_link_round_trips_start_and_end():
    """A link made for a range reads back as the same episode, start and end."""
    link = episode_link(12, 83.25, 90.5)
    assert link == "earmark://episode/12?t=83.25&end=90.5"
    assert parse_link(link) == TimeLink(12, 83.25, 90.5)


def test_whole_seconds_have_no_decimals():
    """A start on a whole second is written without a fraction."""
    assert episode_link(3, 12.0) == "earmark://episode/3?t=12"


@pytest.mark.parametrize(
    "url", ["https://example.com/episode/1", "earmark://episode/x?t=1", "earmark://episode/1?t=5&end=2"]
)
def test_bad_links_are_refused_naming_the_link(url):
    """Anything but a well-formed episode link is a ValueError that quotes the link."""
    with pytest.raises(ValueError, match=r"earmark|example"):
        parse_link(url)
