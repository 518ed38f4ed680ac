"""The readers' short paths for the usual shapes give exactly what the general paths give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from earmark.core.errors import InputError
from earmark.formats import cues, vtt
from earmark.formats.speakers import split_speaker
from earmark.formats.vtt_text import parse_cue_text, stamp_millis

_text = st.text(alphabet="abcXYZ 019:,.!?'&;<>/-\t", max_size=30)
_name = st.text(alphabet="abcXYZ .-'&;", max_size=12)


def _shape(result):
    segment, closed = result
    if segment is None:
        return None
    return (segment.text, segment.speaker, [(w.text, w.start, w.end) for w in segment.words], closed)


@given(
    st.one_of(_text, st.builds(lambda n, t, c: f"<v {n}>{t}{c}", _name, _text, st.sampled_from(["", "</v>"])))
)
def test_vtt_cue_short_paths_match_the_spec_parser(raw):
    """Plain text and `<v Name>text</v>` cues: the short path equals the full cue-text parse."""
    assert _shape(vtt._segment(1.0, 2.0, raw)) == _shape(vtt.parsed_segment(1.0, 2.0, raw))


_stamp = st.tuples(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999))


@given(_stamp, _stamp)
def test_vtt_usual_timing_matches_the_general_timing(a, b):
    """`hh:mm:ss.ttt --> hh:mm:ss.ttt` read on the short path equals the spec's timestamp steps."""
    line = "{:02}:{:02}:{:02}.{:03} --> {:02}:{:02}:{:02}.{:03}".format(*a, *b)
    assert vtt._USUAL_TIMING.match(line) is not None
    general = vtt._TIMING.match(line).groups()
    expected = tuple(stamp_millis(*stamp) / 1000 for stamp in (general[:6], general[6:]))
    assert vtt._timings(line) == expected


@given(_stamp, _stamp)
def test_srt_usual_timing_matches_the_general_clock(a, b):
    """`hh:mm:ss,mmm --> hh:mm:ss,mmm` on the short path equals the general clock parser."""
    line = "{:02}:{:02}:{:02},{:03} --> {:02}:{:02}:{:02},{:03}".format(*a, *b)
    groups = cues._TIMING.match(line).groups()
    general = (cues._seconds(*groups[:4]), cues._seconds(*groups[4:]))
    text = f"1\n{line}\nHello there.\n\n2\n{line}\nAgain.\n"
    segments = cues.read_srt(text, "t.srt").segments if general[1] >= general[0] else []
    assert [(s.start, s.end) for s in segments] == ([general] * 2 if segments else [])


@given(st.lists(_text, min_size=1, max_size=4))
def test_srt_usual_body_matches_the_general_body(texts):
    """A one-line cue followed by a blank line and a number reads as the general body reader reads it."""
    blocks = [f"{n}\n00:00:0{n},000 --> 00:00:0{n},500\n{t}" for n, t in enumerate(texts, 1)]
    text = "\n\n".join(blocks) + "\n"
    lines = text.split("\n")
    starts = cues._cue_starts(text, lines)
    ends = [*starts[1:], len(lines)]
    general = [
        cues._clean("\n".join(cues._body(lines, a, u, u == len(lines))[0]))
        for a, u in zip(starts, ends, strict=True)
    ]
    expected = [t for t in general if t and not (t.endswith(":") and split_speaker(t + " x")[0])]
    got = [f"{s.speaker}: {s.text}" if s.speaker else s.text for s in _read_or_empty(text)]
    assert [" ".join(t.split()) for t in got] == [" ".join(t.split()) for t in expected]


def _read_or_empty(text):
    try:
        return cues.read_srt(text, "t.srt").segments
    except InputError:
        return []


@given(st.text(alphabet="<>/.&;vcibrutlang 0123:.\n", max_size=40))
def test_cue_text_parser_takes_any_markup(raw):
    """The cue-text parser turns any run of tag-like characters into text without raising."""
    cue = parse_cue_text(raw)
    assert isinstance(cue.text, str)
