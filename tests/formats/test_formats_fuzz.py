"""Fuzzing every reader: nothing escapes but InputError.

Bounded in the suite (profile "suite"); the long run is
``HYPOTHESIS_PROFILE=long /work/main/.venv/bin/python -m pytest -q tests/formats/test_formats_fuzz.py``.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earmark.core.errors import InputError
from earmark.core.model import TranscriptKind
from earmark.formats import read_file, read_text
from earmark.formats.registry import READERS, word_count


def _survives(call) -> None:
    try:
        transcript = call()
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert transcript.segments or transcript.notes


_clock = st.one_of(
    st.from_regex(r"\A\d{1,3}:\d{1,3}:\d{1,3}[,.]\d{1,4}\Z"),
    st.from_regex(r"\A\d{1,2}:\d{2}\.\d{3}\Z"),
    st.text(max_size=12),
)
_cue_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def cue_files(draw) -> str:
    blocks = []
    for number in range(draw(st.integers(0, 6))):
        ident = draw(st.sampled_from([str(number + 1), "", "id-x", "NOTE hi", "STYLE"]))
        timing = f"{draw(_clock)} --> {draw(_clock)}{draw(st.sampled_from(['', ' align:start', ' x']))}"
        body = draw(
            st.sampled_from(
                ["", "<v Ann>", "<v.a.b Bo Lee>", "<i>", "ANN: ", "<c.x>", "<00:00:01.000>", "<c.", "</ c>",
                 "<ruby>a<rt>b</ruby>", "&lt", "&amp;<", "<v Ann>x</v>", "\x00", "\v",
                 "00:00.000 --> 00:01.000\n"]
            )
        )  # fmt: skip
        blocks.append("\n".join(x for x in (ident, timing, body + draw(_cue_text)) if x))
    header = draw(st.sampled_from(["WEBVTT\n\n", "WEBVTT header\n\n", "\ufeff", ""]))
    return header + draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"])).join(blocks)


_json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_segment = st.fixed_dictionaries(
    {},
    optional={
        "startTime": _json_values,
        "endTime": _json_values,
        "body": _json_values,
        "speaker": _json_values,
    },
)


@st.composite
def html_pages(draw) -> str:
    tags = ["p", "cite", "time", "div", "script", "style", "a", "h2", "br", "b", "iframe", "img", "template"]
    parts = []
    for _ in range(draw(st.integers(0, 10))):
        tag = draw(st.sampled_from(tags))
        attrs = draw(
            st.sampled_from(["", ' href="https://x.invalid/"', ' src="http://127.0.0.1:9/x"', " onload=x()"])
        )
        inner = draw(
            st.sampled_from(
                ["0:05", "[00:01] Ann: hi there.", "Ann:", "&amp; &#0; &bogus;", "", "Hello.",
                 "<cite>Host:</cite> <time>00:00:07</time> said <em>this</em>.", "<time>x</time>",
                 "<template>t"]
            )
        )  # fmt: skip
        parts.append(f"<{tag}{attrs}>{inner}{draw(st.text(max_size=15))}</{tag}>")
    return "<html><body>" + "".join(parts) + draw(st.sampled_from(["</body></html>", "", "<p"]))


@given(st.binary(max_size=400))
def test_read_file_on_random_bytes(tmp_path_factory, data):
    """Any bytes: a transcript or one InputError line."""
    path = tmp_path_factory.mktemp("fuzz") / "f.bin"
    path.write_bytes(data)
    _survives(lambda: read_file(path))


@pytest.mark.parametrize("shape", sorted(READERS))
@given(text=st.text(max_size=300))
def test_every_reader_on_random_text(shape, text):
    """Every reader, forced onto random text."""
    _survives(lambda: read_text(text, "f", fmt=shape))


@given(cue_files())
def test_cue_structures(text):
    """SRT/VTT-shaped text with random clocks, ids, voices and tags."""
    _survives(lambda: read_text(text, "f.vtt"))
    _survives(lambda: read_text(text, "f.srt", fmt="srt"))


@given(st.one_of(st.lists(_segment, max_size=6).map(lambda s: {"segments": s}), _json_values))
def test_json_structures(data):
    """Podcasting-2.0-shaped JSON with wrong types, NaN, nesting and missing fields."""
    _survives(lambda: read_text(json.dumps(data), "f.json", fmt="podcast-json"))


_host_segment = st.fixed_dictionaries(
    {}, optional={"start": _json_values, "end": _json_values, "text": _json_values, "speaker": _json_values}
)


@given(
    st.lists(_host_segment, max_size=6),
    st.one_of(st.none(), st.text(max_size=40), cue_files()),
    st.booleans(),
)
def test_host_json_structures(segments, embedded, single_quoted):
    """start/end/text JSON with an embedded `vtt` of any kind, also written in Python-literal style."""
    data: dict = {"segments": segments}
    if embedded is not None:
        data["vtt"] = embedded
    text = repr(data) if single_quoted else json.dumps(data)
    _survives(lambda: read_text(text, "f.json"))


@given(html_pages())
def test_html_structures(page):
    """HTML with scripts, frames, broken tags, bad entities and timed shapes."""
    _survives(lambda: read_text(page, "f.html"))


@given(html_pages())
def test_timed_html_times_never_go_backwards(page):
    """In HTML read as timed, the timed lines' starts never go back and no line ends before it starts.

    Found by the long run: a stamp after a skipped backwards one was compared with nothing.
    """
    try:
        transcript = read_text(page, "f.html")
    except InputError:
        return
    if transcript.kind is TranscriptKind.TIMED:
        timed = [s for s in transcript.segments if s.start is not None]
        assert [s.start for s in timed] == sorted(s.start for s in timed)
        assert all(s.end is None or s.end >= s.start for s in timed)


@given(html_pages())
def test_untimed_html_has_at_least_four_words(page):
    """HTML read as paragraphs or a page (no <time> stamps) is refused under four words, like plain text.

    Found by the long run: a CJK character inside a link once counted as a word and split it in two.
    """
    try:
        transcript = read_text(page, "f.html")
    except InputError:
        return
    if transcript.kind is not TranscriptKind.TIMED:
        assert max(word_count(transcript.text), word_count(transcript.notes)) >= 4


@given(
    st.lists(
        st.sampled_from(["Ann  0:14", "[00:01:02] Bo: hi.", "(01:02) x", "99:99", "text line", ""]),
        max_size=12,
    )
)
def test_timestamped_structures(lines):
    """Timestamped-text shapes mixed with junk lines."""
    _survives(lambda: read_text("\n".join(lines), "f.txt"))


_han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.text(max_size=40), st.lists(_han, max_size=8))
def test_word_count_counts_each_cjk_character(text, han):
    """Never fewer words than spaces give; each Han character alone is one word."""
    assert word_count(text) >= len(text.split())
    assert word_count("".join(han)) == word_count(" ".join(han)) == len(han)
