"""`earmark search` and `earmark reindex` through the real command, on a library with notes."""

from __future__ import annotations

import json


def test_search_json_lists_hits_best_first(filled, run_cli):
    """--json gives episode id, title, kind, times in seconds, text and a marked snippet; notes first."""
    filled.services.close()
    result = run_cli("search", "distillation", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [h["kind"] for h in hits] == ["highlight", "note", "transcript"]
    spoken = hits[-1]
    assert {k: spoken[k] for k in ("title", "kind", "start", "end", "text")} == {
        "title": "Small models",
        "kind": "transcript",
        "start": 4.2,
        "end": 9.75,
        "text": "Today we talk about knowledge distillation in small language models.",
    }
    assert "<b>distillation</b>" in spoken["snippet"]
    assert isinstance(spoken["episode"], int)


def test_search_limit(filled, run_cli):
    """--limit N returns at most N hits."""
    filled.services.close()
    hits = json.loads(run_cli("search", "distillation", "--json", "--limit", "1").stdout)
    assert len(hits) == 1


def test_search_human_output_one_line_per_hit(filled, run_cli):
    """Without --json: one line per hit with the time and the snippet, matched words marked."""
    filled.services.close()
    result = run_cli("search", "specialists")
    assert result.returncode == 0
    (line,) = result.stdout.splitlines()
    assert "0:12" in line and "transcript" in line and "*specialists*" in line


def test_bad_query_exits_zero(filled, run_cli):
    """A query of punctuation and a lone quote is not an error."""
    filled.services.close()
    result = run_cli("search", '"(((', "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_reindex_rebuilds_and_counts(filled, run_cli, library_dir):
    """`earmark reindex` rebuilds the index from the library and says how many documents it holds."""
    filled.services.close()
    result = run_cli("reindex")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "indexed 11 documents"
    assert (library_dir / "index" / "earmark-index.json").is_file()


def test_search_exact_word_before_near_misses(library, run_cli):
    """`earmark search`: "hamster" puts its line before the note "Hammer."; "ham" puts the ham line first."""
    episode = library.add_episode(
        "Pets",
        [
            (0.0, 9.0, "Ann", "We spent the show on pets, and my co-host said her hamster escaped again."),
            (
                9.0,
                18.0,
                "Ann",
                "After the recording most of the people there ordered ham with eggs for lunch.",
            ),
        ],
    )
    library.add_highlight(episode, 0.0, 9.0, "", "Hammer.")
    library.services.close()
    hits = json.loads(run_cli("search", "hamster", "--json").stdout)
    assert "hamster escaped" in hits[0]["text"]
    texts = [h["text"] for h in json.loads(run_cli("search", "ham", "--json").stdout)]
    assert "ordered ham" in texts[0] and "Hammer." in texts[1:]
