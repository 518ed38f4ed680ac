"""The library list's model and filter (gui/library_model.py) as real Qt models over real episodes."""

from __future__ import annotations

from PySide6.QtWidgets import QListView

from earmark.core.model import Episode
from earmark.gui.library_model import EPISODE_ID, SUBTITLE, EpisodeFilterProxy, EpisodeListModel


def _episodes(n: int) -> list[Episode]:
    return [
        Episode(
            id=i + 1,
            title=f"Episode {i}: {'Gardening' if i % 3 == 0 else 'Models'}",
            audio_path="/x.mp3",
            duration=60.0 * i,
            podcast_title=f"Show {i % 5}",
        )
        for i in range(n)
    ]


def _shown(proxy) -> list[int]:
    return [proxy.index(r, 0).data(EPISODE_ID) for r in range(proxy.rowCount())]


def _pair(n: int = 30):
    model = EpisodeListModel()
    model.set_episodes(_episodes(n), played={2})
    proxy = EpisodeFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_filter_matches_title_or_podcast_case_insensitively():
    """Typing "garden" keeps the gardening episodes; "SHOW 4" keeps that podcast's episodes."""
    _model, proxy = _pair()
    proxy.set_filter_text("garden")
    assert _shown(proxy) == [i + 1 for i in range(30) if i % 3 == 0]
    proxy.set_filter_text("SHOW 4")
    assert _shown(proxy) == [i + 1 for i in range(30) if i % 5 == 4]


def test_typing_on_then_deleting_restores_the_list():
    """Narrowing key by key and clearing the box gives back every episode in order."""
    _model, proxy = _pair()
    for text in ("e", "ep", "episode 1", "episode 12", "episode 1", ""):
        proxy.set_filter_text(text)
    assert _shown(proxy) == list(range(1, 31))


def test_new_episodes_keep_the_filter():
    """Setting new episodes re-applies the filter already typed."""
    model, proxy = _pair()
    proxy.set_filter_text("episode 3")
    model.set_episodes(_episodes(40))
    assert _shown(proxy) == [4, *range(31, 41)]


def test_new_episodes_all_matching_are_all_shown(qapp):
    """New episodes that all hold the typed text are all shown, none of the old filtering left
    (a view reads the rows while the source resets, before the filter is applied again)."""
    model, proxy = _pair()
    view = QListView()
    view.setModel(proxy)
    proxy.set_filter_text("garden")
    model.set_episodes([e for e in _episodes(40) if e.id % 3 == 1][:12])
    assert _shown(proxy) == [e.id for e in _episodes(40) if e.id % 3 == 1][:12]


def test_a_key_that_keeps_the_same_rows_changes_nothing_shown():
    """Typing on through text every row holds ("e", "ep", "episode") keeps every row, then narrows."""
    _model, proxy = _pair()
    changes = []
    proxy.layoutChanged.connect(lambda *a: changes.append("layout"))
    proxy.rowsRemoved.connect(lambda *a: changes.append("removed"))
    for text in ("e", "ep", "episode"):
        proxy.set_filter_text(text)
        assert _shown(proxy) == list(range(1, 31))
    assert changes == []
    proxy.set_filter_text("episode 2")
    assert _shown(proxy) == [3, *range(21, 31)]
    assert changes


def test_rows_are_compact_and_found_by_id():
    """Each row carries its id, title and second line; row_of finds an id without a scan."""
    model, _proxy = _pair()
    index = model.index(model.row_of(2), 0)
    assert index.data() == "Episode 1: Models"
    assert index.data(SUBTITLE).startswith("Show 1  ·  ✓ played")
    assert model.row_of(999) == -1


def _varied_library(library) -> None:
    """A timed episode in a podcast (played), an untimed one, one without a transcript."""
    from earmark.core.model import Segment, Transcript, TranscriptKind
    from earmark.store import episodes as episode_rows
    from earmark.store import transcripts as transcript_rows

    timed = library.add_episode("Timed talk", podcast="Last Week in AI")
    library.services.library.set_played(timed)
    with library.database.transaction() as conn:
        untimed = episode_rows.insert_episode(conn, title="Untimed talk", audio_path="/u.mp3", duration=None)
        text = Transcript(segments=[Segment(text="Just words.")], format="txt", kind=TranscriptKind.UNTIMED)
        transcript_rows.replace_transcript(conn, untimed, text, None)
        episode_rows.insert_episode(conn, title="Bare audio", audio_path="/b.mp3", duration=12.5)


def test_listing_says_what_the_episodes_say(library):
    """The library list's light listing has the order, titles, podcasts, lengths, transcript states
    and played marks of the full episodes."""
    _varied_library(library)
    service = library.services.library
    listing, episodes, played = service.listing(), service.episodes(), service.played()
    assert len(listing) == len(episodes) == 3
    for light, full in zip(listing, episodes, strict=True):
        assert (light.id, light.title, light.podcast_title, light.duration) == (
            full.id,
            full.title,
            full.podcast_title,
            full.duration,
        )
        assert (light.timed, light.has_transcript, bool(light.played)) == (
            full.timed,
            full.has_transcript,
            full.id in played,
        )
    assert {light.transcript for light in listing} == {0, 1, 2}


def test_model_shows_listings_as_it_shows_episodes(library):
    """Fed listings or episodes, the list shows the same titles and second lines (played included)."""
    _varied_library(library)
    service = library.services.library
    from_listing, from_episodes = EpisodeListModel(), EpisodeListModel()
    from_listing.set_episodes(service.listing())
    from_episodes.set_episodes(service.episodes(), played=service.played())
    for role in (0, EPISODE_ID, SUBTITLE):
        assert [from_listing.index(r, 0).data(role) for r in range(3)] == [
            from_episodes.index(r, 0).data(role) for r in range(3)
        ]
    assert "✓ played" in from_listing.index(
        from_listing.row_of(min(e.id for e in service.listing())), 0
    ).data(SUBTITLE)
