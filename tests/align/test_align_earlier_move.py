"""A start moved earlier, to its forced first word, only where the words heard of it back the move
(issue #13, ``word_times.EARLIER_HEARD``).

Real speech: a LibriVox reading (LibriSpeech speaker 2412) as the benchmark's conversation seed 23
composes it, after digital silence: the clip's own room tone (-36 dB) starts 0.4 s before his voice.
"""

from __future__ import annotations

from . import realcase

LINE = "He began a confused complaint against the wizard"


def test_words_forced_before_the_heard_ones_do_not_move_the_start(tmp_path):
    """ "He began a confused complaint ..." (0.7, -74 ms) had its words forced 0.2-0.26 s before the
    recogniser's, over the room tone, and the start moved there, -0.45 s, with the rule off. The
    first heard word ("began") is 0.21 s from its forced one, over ``EARLIER_SECONDS``: the start stays."""
    case, aligned = realcase.aligned(realcase.conversation, tmp_path, 23)
    (error,) = realcase.start_errors(case, aligned, (LINE,))
    assert abs(error) <= 0.1, error
