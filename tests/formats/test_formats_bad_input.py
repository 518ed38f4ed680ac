"""Files that cannot be understood are refused with one line naming them; `check` exits 2."""

from __future__ import annotations

import json

import pytest

from earmark.core.errors import InputError
from earmark.formats import read_file, read_text, textio


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n \t", "is empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"1\n99:99:99,999 --> 99:99:99,999\nNever.\n", "no valid SRT cue (first broken cue at line 2)"),
        (b"WEBVTT\n\nnot a cue\n", "no valid VTT cue"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b'{"segments": "nope"}', "not a Podcasting 2.0 transcript"),
        (b'{"segments": [{"startTime": 1.0, "endTime": 2.0}]}', "no valid transcript segment"),
        (b"<html><body><script>x()</script></body></html>", "HTML page with no text"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, content, problem):
    """Each bad shape raises InputError whose one-line message starts with the file name."""
    path = tmp_path / "bad.srt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_file(path)
    message = str(caught.value)
    assert message.startswith("bad.srt: ") and problem in message and "\n" not in message


def test_file_over_size_limit_is_refused(tmp_path, monkeypatch):
    """A file over the documented limit is refused before it is read."""
    monkeypatch.setattr(textio, "MAX_BYTES", 1000)
    path = tmp_path / "huge.vtt"
    path.write_text("WEBVTT\n\n" + "00:01.000 --> 00:02.000\nhi\n\n" * 100)
    with pytest.raises(InputError, match=r"huge.vtt: is 0 MB; files over 20 MB are refused"):
        read_file(path)


def test_missing_file(tmp_path):
    """A missing file is one line."""
    with pytest.raises(InputError, match=r"^nope.srt: no such file$"):
        read_file(tmp_path / "nope.srt")


def test_wrong_extension_still_reads(tmp_path):
    """Shape comes from content: a WebVTT file named .srt, JSON named .txt read as what they are."""
    (tmp_path / "a.srt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi\n")
    (tmp_path / "b.txt").write_text(json.dumps({"segments": [{"startTime": 1, "endTime": 2, "body": "Hi"}]}))
    assert read_file(tmp_path / "a.srt").format == "vtt"
    assert read_file(tmp_path / "b.txt").format == "podcast-json"


def test_check_bad_file_exits_2_one_line(run_cli, tmp_path):
    """`earmark check` on a binary file: exit 2, one line on stderr naming the file, no traceback."""
    path = tmp_path / "noise.vtt"
    path.write_bytes(bytes(range(256)) * 10)
    result = run_cli("check", str(path), "--json", library=None)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "noise.vtt" in result.stderr and "Traceback" not in result.stderr


def test_check_json_reports_shape_kind_and_skips(run_cli, tmp_path):
    """`check --json` shows format, kind, segments, skipped and first bad line for a partly broken file."""
    path = tmp_path / "cues.txt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n\n00:05.000 --> 00:61.000\nBad.\n")
    result = run_cli("check", str(path), "--json", library=None)
    data = json.loads(result.stdout)
    assert (data["format"], data["kind"], len(data["segments"])) == ("vtt", "timed", 1)
    assert (data["skipped"], data["first_bad_line"]) == (1, 6)


def test_check_json_for_notes(run_cli, samples):
    """`check --json` on show notes says notes, with metadata and chapters."""
    result = run_cli("check", str(samples / "thursdai_shownotes_mojibake.md"), "--json", library=None)
    data = json.loads(result.stdout)
    assert (data["format"], data["kind"]) == ("markdown", "notes")
    assert data["metadata"]["Duration"] == "1:28:56" and len(data["chapters"]) > 10


@pytest.mark.parametrize("content", [b"1\n", b"some text\n", b"1\nsome text\n", b"garbage vtt file"])
def test_a_few_stray_words_are_refused_not_read_as_notes(tmp_path, content):
    """A file of one to three words is a broken file, refused in one line, not a page of notes."""
    path = tmp_path / "stray.srt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"^stray\.srt: is too short"):
        read_file(path)


@pytest.mark.parametrize("content", [b"WEBvtt\nWEBVTT\n\n00:01.000 --> 00:02.000\nx\n", b"WEBVTTX\n\n"])
def test_a_bad_webvtt_signature_is_refused(tmp_path, content):
    """`WEBvtt` or `WEBVTTX` is not the WebVTT signature: refused, not read as notes."""
    path = tmp_path / "sig.vtt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not WebVTT"):
        read_file(path)


@pytest.mark.parametrize(
    "page",
    [
        "<script></script>\n<p>\n    Loading\n</p>",
        "<p>Not found</p>",
        "<html><body><div>Just three words</div>",
    ],
)
def test_an_html_stub_of_a_few_words_is_refused(tmp_path, page):
    """Untimed HTML (paragraphs or a page) has the plain-text floor: under four words it is a stub."""
    path = tmp_path / "stub.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match=r"^stub\.html: is too short"):
        read_file(path)


def test_short_timed_html_and_a_scripted_transcript_are_read(tmp_path):
    """Only untimed text has the floor: a one-word timed cue is read; a script dropped, the rest read."""
    timed = read_text("<cite>Ann:</cite><time>0:01</time><p>Hi.</p>", "t.html")
    assert [(s.start, s.speaker, s.text) for s in timed.segments] == [(1.0, "Ann", "Hi.")]
    page = "<script>var spoken = 1;</script><p>Ann: We talked about the show today.</p>"
    assert [(s.speaker, s.text) for s in read_text(page, "p.html").segments] == [
        ("Ann", "We talked about the show today.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "大家好，欢迎收听本期节目。今天我们来聊一聊人工智能。",
        "皆さん、こんにちは。今日は音声認識の話をします。",
    ],
)
def test_chinese_and_japanese_text_is_not_taken_for_a_few_stray_words(tmp_path, text):
    """Text written without spaces is counted by character, so a Chinese or Japanese line is read."""
    for name, content in (("zh.txt", text), ("zh.html", f"<p>{text}</p>")):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert read_file(path).text == text


def test_three_chinese_characters_alone_are_refused_like_three_words(tmp_path):
    """The floor is the same for every script: three characters of Chinese are as short as `1 2 3`."""
    path = tmp_path / "short.txt"
    path.write_text("道德經\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^short\.txt: is too short"):
        read_file(path)


def test_cues_without_webvtt_line_in_a_vtt_file_are_refused_elsewhere_read(tmp_path):
    """A `.vtt` file of cues with no `WEBVTT` line is broken WebVTT (spec, browsers): one line says so.

    The same bytes named `.srt` or `.txt`, or forced to SRT, are read as cues.
    """
    cues = b"00:00:00.500 --> 00:00:07.000\nCaption one.\n\n00:00:07.000 --> 00:00:09.000\nCaption two.\n"
    for name in ("bad.vtt", "BAD.VTT"):
        (tmp_path / name).write_bytes(cues)
        with pytest.raises(
            InputError, match=r"^(bad|BAD)\.(vtt|VTT): is not WebVTT: .*first line must be WEBVTT$"
        ):
            read_file(tmp_path / name)
    for name in ("cues.srt", "cues.txt"):
        (tmp_path / name).write_bytes(cues)
        assert len(read_file(tmp_path / name).segments) == 2
    assert len(read_file(tmp_path / "bad.vtt", fmt="srt").segments) == 2
