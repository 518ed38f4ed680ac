"""The plain samples' sentence split is pinned: a faster splitter must give exactly the same lines.

The hashes were computed from the pysbd-only splitter (main at 94c8e77) over every segment's kind,
paragraph, speaker and text, so any change in a sentence boundary or a ``♪`` line shows here.
"""

from __future__ import annotations

import hashlib

import pytest

from earmark.core.model import SegmentKind
from earmark.formats import read_file

PINNED = {
    "lastweekinai_plain_transcript.txt": (
        1081,
        9,
        "7a5ab7a97359a9855a172888f396356dc8291b36ac84d5ea24dfca8fac1e154c",
    ),
    "podquest_scraped_transcript_page.txt": (
        791,
        2,
        "fb3fd33086dccc80946470e61f560cea248180aa302a014987092168880b2ec0",
    ),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_sample_sentences_do_not_change(samples, name):
    """Same number of lines, same ♪ lines, same text in every line as the pysbd split gave."""
    transcript = read_file(samples / name)
    lines = "\n".join(f"{s.kind}\t{s.paragraph}\t{s.speaker or ''}\t{s.text}" for s in transcript.segments)
    music = sum(1 for s in transcript.segments if s.kind is SegmentKind.MUSIC)
    assert (len(transcript.segments), music, hashlib.sha256(lines.encode()).hexdigest()) == PINNED[name]
