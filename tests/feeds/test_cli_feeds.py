"""The podcast commands end to end, and the Podcasting 2.0 reference feed with its chapters."""

from __future__ import annotations

import json
import shutil

import pytest
from feedkit import item, rss

PEER = "podcast-namespace"


@pytest.fixture
def reference_feed(server, speech, peer_server):
    """The Podcasting 2.0 example feed, its example.com links pointed at this server's files."""
    from test_peer_feeds import PEER_FEEDS

    source = (PEER_FEEDS / PEER / "example.xml").read_text()
    (server.folder / "ns").mkdir()
    (server.folder / "ns" / "feed.xml").write_text(
        source.replace("https://example.com/", f"{server.base}/ns/")
    )
    wav = speech("An episode of the example podcast.", name="ex.wav")
    for n in (1, 2, 3):
        shutil.copy(wav, server.folder / "ns" / f"file-0{n}.mp3")
        shutil.copy(
            PEER_FEEDS / PEER / "chapters" / "example.json", server.folder / "ns" / f"ep{n}_chapters.json"
        )
        (server.folder / "ns" / f"ep{n}").mkdir()
        (server.folder / "ns" / f"ep{n}" / "transcript.txt").write_text(
            "An episode of the example podcast.\n"
        )
    return f"{server.base}/ns/feed.xml"


def test_reference_feed_chapters_are_fetched_and_stored(reference_feed, services):
    """All 27 chapters of the reference feed's three episodes are fetched and stored with source `feed`."""
    podcast = services.subscriptions.subscribe(reference_feed)
    result = services.subscriptions.refresh(newest=3, download=True)
    assert len(result.new_episodes) == 3, result.failures
    rows = services.database.conn.execute("SELECT count(*), min(source) FROM chapters").fetchone()
    assert tuple(rows) == (27, "feed")
    statuses = {i.transcript_status for i in services.subscriptions.catalogue(podcast) if i.episode_id}
    assert statuses == {"untimed"}  # the English plain transcript, not the Spanish captions


def test_podcasts_json_lists_counts(reference_feed, run_cli):
    """`podcasts --json` gives each podcast with its episode, new and downloaded counts."""
    assert run_cli("subscribe", reference_feed).returncode == 0
    listed = json.loads(run_cli("podcasts", "--json").stdout)
    assert [(p["title"], p["episodes"], p["new"], p["downloaded"]) for p in listed] == [
        ("Podcasting 2.0 Namespace Example", 3, 3, 0)
    ]


def test_download_command_then_unsubscribe_keeps_annotated(server, speech, run_cli):
    """`download` fetches one episode; `unsubscribe` removes the plain one and keeps the highlighted one."""
    for name in ("a", "b"):
        shutil.copy(speech(f"Episode {name} speaks.", name=f"{name}.wav"), server.folder / f"{name}.wav")
    items = [
        item("Alpha", f"{server.base}/a.wav", "a", day=1),
        item("Beta", f"{server.base}/b.wav", "b", day=2),
    ]
    (server.folder / "feed.xml").write_text(rss(items))
    run_cli("subscribe", f"{server.base}/feed.xml")
    listing = run_cli("refresh")
    assert "Alpha" in listing.stdout and "Beta" in listing.stdout
    assert json.loads(run_cli("episodes", "--json").stdout) == []
    first = run_cli("download", "Alpha")
    assert first.returncode == 0, first.stderr
    alpha = first.stdout.strip().splitlines()[-1]
    beta = run_cli("download", "Beta").stdout.strip().splitlines()[-1]
    assert run_cli("highlight", alpha, "--start", "0", "--end", "1", "--note", "mine").returncode == 0
    gone = run_cli("unsubscribe", "Test Cast")
    assert (
        gone.returncode == 0 and "1 downloaded episode(s) removed, 1 annotated episode(s) kept" in gone.stdout
    )
    left = json.loads(run_cli("episodes", "--json").stdout)
    assert [(e["id"], e["podcast"]) for e in left] == [(int(alpha), "Test Cast")]
    assert int(beta) not in [e["id"] for e in left]
    assert json.loads(run_cli("podcasts", "--json").stdout) == []


def test_opml_export_then_import_round_trips(server, run_cli, tmp_path, library_dir):
    """`opml export -o` writes the subscriptions; `opml import` into another library subscribes to each."""
    for name in ("one", "two"):
        (server.folder / f"{name}.xml").write_text(
            rss([item("E", f"{server.base}/e.wav", "e")], name.title())
        )
        run_cli("subscribe", f"{server.base}/{name}.xml")
    out = tmp_path / "subs.opml"
    assert run_cli("opml", "export", "-o", str(out)).returncode == 0
    other = tmp_path / "other"
    result = run_cli("opml", "import", str(out), library=other)
    assert result.returncode == 0 and "2 podcast(s) subscribed" in result.stdout
    titles = [p["title"] for p in json.loads(run_cli("podcasts", "--json", library=other).stdout)]
    assert titles == ["One", "Two"]


def test_opml_import_goes_on_past_a_bad_feed(server, run_cli, tmp_path):
    """One unreachable feed in an OPML file is one line on stderr; the others are subscribed."""
    (server.folder / "ok.xml").write_text(rss([item("E", f"{server.base}/e.wav", "e")], "Fine"))
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="folder">'
        f'<outline text="Bad" xmlUrl="{server.base}/missing.xml"/>'
        f'<outline text="Ok" xmlUrl="{server.base}/ok.xml"/>'
        "</outline></body></opml>"
    )
    result = run_cli("opml", "import", str(opml))
    assert result.returncode == 0 and "1 podcast(s) subscribed" in result.stdout
    assert result.stderr.count("\n") == 1 and "missing.xml" in result.stderr


def test_a_bad_opml_file_is_one_line(run_cli, tmp_path):
    """A file that is not OPML exits 2 with one line naming it."""
    bad = tmp_path / "subs.opml"
    bad.write_text("<html>no</html>")
    result = run_cli("opml", "import", str(bad))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "subs.opml" in result.stderr
