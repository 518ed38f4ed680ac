"""Reading typed queries and cutting snippets: pure functions, no index."""

from __future__ import annotations

from earmark.search import make_snippet, matching_rows, parse_query


def test_query_parts():
    """Phrases, prefixes, OR, exclusions and filters are each recognised."""
    parsed = parse_query(
        '"mixture of experts" distil* cats OR dogs -noise tag:ml podcast:"Last Week" kind:notes'
    )
    assert [[c.words for c in alts] for alts in parsed.required] == [
        [("mixture", "of", "experts")],
        [("distil",)],
        [("cats",), ("dogs",)],
    ]
    assert parsed.required[1][0].prefix is True
    assert [c.words for c in parsed.excluded] == [("noise",)]
    assert (parsed.filters.tags, parsed.filters.podcasts, parsed.filters.kinds) == (
        ["ml"],
        ["Last Week"],
        ["note"],
    )


def test_only_a_final_word_still_being_typed_is_the_last_word():
    """The last word gets prefix and typo matching only while the cursor is still on it."""
    assert parse_query("knowledge distil").required[-1][0].last is True
    assert parse_query("knowledge distil ").required[-1][0].last is False


def test_long_text_snippet_is_cut_around_first_match():
    """A long text is cut to about the width, around the first matched word, with ellipses."""
    text = "Filler words go here. " * 20 + "The distillation step matters. " + "More filler after. " * 20
    snippet = make_snippet(text, {"distil"}, width=80)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.text) <= 82
    (start, end) = snippet.marks[0]
    assert snippet.text[start:end] == "distillation"


def test_snippet_markup_escapes_html():
    """Markup escapes the text itself so a transcript with < or & cannot break the display."""
    assert make_snippet("R&D <b> cats", {"cat"}).markup() == "R&amp;D &lt;b&gt; <b>cats</b>"


def test_matching_rows_needs_every_word():
    """Find-in-episode keeps rows having all the words (stemmed), in any order."""
    texts = ["Cats chase mice.", "Mice are quick.", "A cat sleeps."]
    assert matching_rows(texts, "cat mouse") == []
    assert matching_rows(texts, "chasing cats") == [0]
    assert matching_rows(texts, "cat") == [0, 2]


def test_fused_analyzer_matches_whoosh_stemming_analyzer():
    """The index's one-loop analyzer gives Whoosh's StemmingAnalyzer's words, stems, positions and spans."""
    from whoosh.analysis import StemmingAnalyzer

    from earmark.search.documents import ANALYZER

    texts = [
        "The overviews to image sort presumably party mean.",
        "U.S.A. e.g. it's 3.14 ham-and-eggs Café naïve ÉCOLE x y",
        "Distilling big teachers into small students, running and runners.",
        "a an the of",
    ]
    stock = StemmingAnalyzer()

    def spans(analyzer, text, **kw):
        return [
            (t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **kw)
        ]

    for text in texts:
        assert spans(ANALYZER, text) == spans(stock, text)
        assert spans(ANALYZER, text, start_pos=7) == spans(stock, text, start_pos=7)
