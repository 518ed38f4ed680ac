"""heard_per_sentence: each sentence gets the recognised words inside its own span, nothing else."""

from earmark.align import said


def test_each_sentence_takes_the_words_heard_in_its_span_only():
    """Words are handed over unsorted; each sentence's result is what a scan of every heard word
    over its span (its start to the next start, widened by EDGE_SECONDS) gives."""
    texts = ["The city council met today.", "The council met the mayor.", "Rain on Saturday."]
    starts = [0.0, 2.0, 4.5]
    recognised = [
        ("council", 2.6, 3.0),
        ("the", 0.4, 0.5),
        ("city", 0.5, 0.9),
        ("council", 0.9, 1.3),
        ("met", 1.3, 1.6),
        ("the", 2.2, 2.4),
        ("rain", 4.8, 5.0),
        ("saturday", 5.3, 5.9),
        ("the", 4.5 + said.EDGE_SECONDS, 4.9),  # exactly at the second span's (open) end
    ]
    found = said.heard_per_sentence(texts, starts, 6.0, recognised)
    ordered = sorted(recognised, key=lambda h: h[1])
    spans = [(0.0, 2.0), (2.0, 4.5), (4.5, 6.0)]
    expected = [
        said.heard_in_span(t, ordered, lo - said.EDGE_SECONDS, hi + said.EDGE_SECONDS)
        for t, (lo, hi) in zip(texts, spans, strict=True)
    ]
    assert found == expected
    assert found[0][1] == (0.5, 0.9)  # "city"
    assert 0 in found[2] and 2 in found[2]  # "Rain", "Saturday."


def _comma_case() -> tuple[list[str], list[float], list[tuple[str, float, float]]]:
    """The second sentence's start put 2.7 s late, at a pause at its own comma (as long reading
    seed 25 had it, set back from a later anchor): its first words were heard before its span."""
    texts = [
        "They followed them very closely.",
        "The first books were printed in black letter, i.e. the letter of Rome.",
    ]
    starts = [0.0, 4.9]
    recognised = [
        ("they", 0.1, 0.3),
        ("followed", 0.3, 0.7),
        ("them", 0.7, 0.9),
        ("very", 0.9, 1.2),
        ("the", 2.0, 2.07),  # the second sentence, from its true start at 2.0 s
        ("first", 2.07, 2.4),
        ("books", 2.5, 2.8),
        ("printed", 2.9, 3.3),
        ("letter", 3.8, 4.2),
        ("the", 5.2, 5.3),
        ("letter", 5.3, 5.6),
        ("rome", 5.8, 6.2),
    ]
    return texts, starts, recognised


def test_a_late_start_looks_back_for_its_first_two_words():
    texts, starts, recognised = _comma_case()
    found = said.heard_per_sentence(texts, starts, 7.0, recognised)
    assert found[1][0] == (2.0, 2.07) and found[1][1] == (2.07, 2.4)
    assert max(b for _, b in found[0].values()) == 1.2  # the first sentence keeps only its own


def test_without_look_back_the_opening_is_missed(monkeypatch):
    monkeypatch.setattr(said, "LOOK_BACK", False)
    texts, starts, recognised = _comma_case()
    found = said.heard_per_sentence(texts, starts, 7.0, recognised)
    assert 0 not in found[1] and 1 not in found[1]
