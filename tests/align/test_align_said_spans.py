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
