"""The whole-file short paths (one regex pass for files of usual cues) give what the general readers give.

Files are built from usual cues mixed with the variants that must send a file the long
way: odd arrows, other clocks, missing numbers, whitespace-only and blank lines in cues,
timing lines with no blank line before them, tags, voices, speakers, NOTE blocks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from earmark.core.errors import InputError
from earmark.formats import cues, vtt, write_transcript
from earmark.formats.cue_speed import is_squeezed, squeeze
from earmark.formats.speakers import SpeakerNames, split_speaker
from earmark.formats.vtt import _Parser

_MORE = settings(max_examples=max(400, settings.default.max_examples))
_line = st.text(alphabet="aZ 1:<>/\\{}&;-\t\u00a0v", max_size=12)
_lines = st.lists(st.one_of(_line, st.sampled_from(["", " ", "Ann: hi", ">> Bo: yes", "<v Ann>hi</v>", "7"])))
_sep = st.sampled_from(["\n", "\n\n", "\n\n", "\n\n\n", "\n \n", ""])
_clock = st.tuples(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999))


def _usual(a, b, mark: str) -> str:
    return "{:02}:{:02}:{:02}{m}{:03} --> {:02}:{:02}:{:02}{m}{:03}".format(*a, *b, m=mark)


_srt_timing = st.one_of(
    st.builds(_usual, _clock, _clock, st.just(",")),
    st.builds(_usual, _clock, _clock, st.just(",")),
    st.sampled_from(
        ["00:00:01.000 --> 00:00:02,000", "0:00:01,00 -> 0:00:02,00", "00:00:01,000 --> x", "garbage"]
    ),
)
_number = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["", "two", " 3", "-1"]))
_text_line = st.text(alphabet="aZ 1:<>/\\{}&;-v\u00a0", min_size=1, max_size=12).filter(str.strip)
_usual_lines = st.lists(
    st.one_of(_text_line, st.sampled_from(["Ann: hi", ">> Bo: yes", "7", "Ann:"])), min_size=1
)
_usual_card = st.tuples(
    st.integers(0, 30).map(str),
    st.builds(_usual, _clock, _clock, st.just(",")),
    _usual_lines,
    st.just("\n\n"),
)
_card = st.one_of(_usual_card, _usual_card, _usual_card, st.tuples(_number, _srt_timing, _lines, _sep))


def _srt(cards) -> str:
    return "".join(f"{n}\n{timing}\n" + "\n".join(lines) + sep for n, timing, lines, sep in cards)


def _result(read, text):
    try:
        transcript = read(text)
    except InputError as error:
        return str(error)
    shape = [
        (s.text, s.start, s.end, s.speaker, [(w.text, w.start) for w in s.words]) for s in transcript.segments
    ]
    return shape, transcript.skipped, transcript.first_bad_line


@_MORE
@given(st.lists(_card, min_size=1, max_size=5))
def test_srt_short_path_reads_as_the_general_reader(cards_):
    """Any SRT-like file: the reader with its short path gives what the general reader gives."""
    text = _srt(cards_)
    fast = _result(lambda t: cues.read_srt(t, "t.srt"), text)
    assert fast == _result(lambda t: cues.read_srt(t, "t.srt", short_path=False), text)


@_MORE
@given(st.lists(_card, min_size=1, max_size=5))
def test_srt_usual_cards_are_the_general_cards(cards_):
    """Where the short path takes a file, its cards are exactly the general reader's."""
    text = _srt(cards_)
    usual = cues.usual_cards(text)
    if usual is not None:
        bad: list[int] = []
        assert usual == cues.general_cards(text, "t.srt", bad)
        assert bad == []


_vtt_timing = st.one_of(
    st.builds(_usual, _clock, _clock, st.just(".")),
    st.builds(lambda a, b: _usual(a, b, ".") + " align:start", _clock, _clock),
    st.sampled_from(["00:01.000 --> 00:02.000", "00:00:01.000 --> 00:00:02.000 --> x", "00:00:1d.000 --> 1"]),
)
_usual_block = st.tuples(
    st.sampled_from(["", "id\n", "7\n"]),
    st.builds(_usual, _clock, _clock, st.just(".")),
    _usual_lines,
    st.just("\n\n"),
)
_block = st.one_of(
    _usual_block,
    _usual_block,
    st.tuples(st.sampled_from(["", "id\n", "NOTE\n", "7\n"]), _vtt_timing, _lines, _sep),
)
_other = st.sampled_from(["NOTE a comment\nmore\n\n", "STYLE\n::cue { }\n\n", "\n", "stray\n"])


def _vtt(header: str, blocks, others) -> str:
    body = "".join(
        other + f"{ident}{timing}\n" + "\n".join(lines) + sep
        for (ident, timing, lines, sep), other in zip(blocks, others, strict=False)
    )
    return f"WEBVTT{header}\n" + body


_vtt_file = st.builds(
    _vtt,
    st.sampled_from(["", " title", "\nKind: captions", "\n"]),
    st.lists(_block, min_size=1, max_size=5),
    st.lists(st.one_of(st.just("\n"), _other), min_size=5, max_size=5),
)


@_MORE
@given(_vtt_file)
def test_vtt_short_path_reads_as_the_spec_block_loop(text):
    """Any WebVTT-like file: the reader with its short path gives what the spec's block loop gives."""
    fast = _result(lambda t: vtt.read_vtt(t, "t.vtt"), text)
    assert fast == _result(lambda t: vtt.read_vtt(t, "t.vtt", short_path=False), text)


@_MORE
@given(_vtt_file)
def test_vtt_usual_cues_are_the_block_loop_cues(text):
    """Where the short path takes a file, its cues are exactly the block loop's, with nothing broken."""
    usual = vtt.usual_cues(text)
    if usual is not None:
        parser = _Parser(text)
        parser.run()
        assert [(cue[0], cue[1], vtt.cue_text(cue)) for cue in usual] == [
            (start, end, raw) for _line, start, end, raw in parser.cues
        ]
        assert parser.broken == []


@_MORE
@given(st.text(alphabet="ab \n\t\r\x0b\x1c\x85\u00a0\u2003\u2028\u200b", max_size=12))
def test_squeeze_is_split_and_join(text):
    """`squeeze` equals `" ".join(text.split())` on any text; `is_squeezed` is never wrong to say yes."""
    assert squeeze(text) == " ".join(text.split())
    if is_squeezed(text):
        assert text == " ".join(text.split())
    elif text.isprintable():  # and exact for printable text
        assert text != " ".join(text.split())


@_MORE
@given(
    st.lists(st.sampled_from(["Ann", "Dr.", "Note", "bo", "A B C D E", "X" * 41, "Ann Lee", "Q"])),
    st.lists(st.sampled_from([": hi", ":  hi", ":\thi", ": ", ":", ": :", "::x", ": \u00a0x"])),
)
def test_remembered_speaker_names_split_as_split_speaker(names, tails):
    """`SpeakerNames.split` gives what `split_speaker` gives, line after line, names repeating."""
    remembered = SpeakerNames()
    for name, tail in zip(names * 2, tails * 2, strict=False):
        assert remembered.split(name + tail) == split_speaker(name + tail)


def test_written_files_take_the_short_paths():
    """Earmark's own SRT and WebVTT exports are the usual shape: the short paths take them."""
    from earmark.core.model import Segment, Transcript, TranscriptKind

    segments = [Segment(f"Line {i}: said.", i * 2.0, i * 2.0 + 1.5, ("Ann", None)[i % 2]) for i in range(20)]
    transcript = Transcript(segments=segments, format="bench", kind=TranscriptKind.TIMED)
    srt, webvtt = write_transcript(transcript, "srt"), write_transcript(transcript, "vtt")
    assert cues.usual_cards(srt) is not None
    assert vtt.usual_cues(webvtt) is not None
