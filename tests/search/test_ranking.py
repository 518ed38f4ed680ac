"""Ranking tiers: the word as typed (and its stems) above completions of it, completions above typos.

A real library and index; the window's as-you-type search and the command's search
are checked in test_search_panel.py and test_search_cli.py on the same library.
"""

from __future__ import annotations

import pytest

LONG = (
    "We spent the whole second half of the show talking about pets and in the middle of it "
    "my co-host said that her hamster escaped again last night, which was funny."
)
HAM = (
    "Then for lunch after the recording we all went out together and most of the people there "
    "ordered ham with eggs, and we kept talking about the news for an hour."
)


@pytest.fixture
def pets(library):
    """A long spoken line with "hamster" and one with "ham"; short notes saying "Hammer." and "hamsters"."""
    episode = library.add_episode(
        "Pets and tools",
        [(0.0, 9.0, "Ann", LONG), (9.0, 18.0, "Ann", HAM), (18.0, 20.0, "Ann", "Goodbye.")],
    )
    library.add_highlight(episode, 18.0, 20.0, "", "Hammer.")
    return library


def test_exact_word_ranks_above_near_miss(pets):
    """Typed whole, "hamster" puts the long line saying hamster above the short note "Hammer."."""
    hits = pets.services.search.search("hamster")
    texts = [h.text for h in hits]
    assert texts[0] == LONG
    assert "Hammer." not in texts[:1]


def test_whole_word_ranks_above_completions_while_typing(pets):
    """Typing "ham": the line with the whole word "ham" comes before "hamster" and "Hammer."."""
    texts = [h.text for h in pets.services.search.search("ham")]
    assert texts[0] == HAM
    assert set(texts[1:]) >= {LONG, "Hammer."}


def test_completion_ranks_above_typo(pets):
    """Typing "hammr" (a typo) still finds "Hammer."; typing "hamm" finds it as a completion first."""
    assert [h.text for h in pets.services.search.search("hammr")][:1] == ["Hammer."]
    assert [h.text for h in pets.services.search.search("hamm")][:1] == ["Hammer."]


def test_completions_rank_above_typos(library):
    """Typing "hamste": the completion "hamster" ranks above "hamsters"-less typo matches such as "haste"."""
    episode = library.add_episode("Words", [(0.0, 5.0, "Ann", LONG), (5.0, 6.0, "Ann", "Haste.")])
    library.add_highlight(episode, 5.0, 6.0, "", "Haste makes waste.")
    texts = [h.text for h in library.services.search.search("hamste")]
    assert texts[0] == LONG
