"""What the desktop's media widgets show and step through for the open episode (Qt-free)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Protocol

from earmark.core.errors import InputError
from earmark.store import Database
from earmark.store import episodes as episode_rows
from earmark.store import now_playing as rows

APP_ID = "io.github.earmark.Earmark"


class Chapter(Protocol):
    title: str
    start: float | None


@dataclass(frozen=True, slots=True)
class NowPlaying:
    episode_id: int
    title: str
    podcast: str | None
    duration: float | None
    art_url: str  # the podcast's image, else Earmark's icon (a file:// URL)
    chapters: Sequence[Chapter] = field(default_factory=list)  # in time order


def _app_icon_url() -> str:
    icon = files("earmark") / "resources" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png"
    return f"file://{icon}"


class NowPlayingService:
    """``chapters`` is the window's own source (``ChapterService.chapters``: feed, show-notes
    times and placed headings), so next/previous step through the chapters the window lists."""

    def __init__(self, database: Database, chapters: Callable[[int], Sequence[Chapter]]) -> None:
        self._database = database
        self._chapters = chapters

    def describe(self, episode_id: int) -> NowPlaying:
        conn = self._database.conn
        episode = episode_rows.get_episode(conn, episode_id)
        if episode is None:
            raise InputError(f"episode {episode_id}", "no such episode in the library")
        return NowPlaying(
            episode_id=episode.id,
            title=episode.title,
            podcast=episode.podcast_title,
            duration=episode.duration,
            art_url=rows.podcast_artwork(conn, episode.podcast_id) or _app_icon_url(),
            chapters=[c for c in self._chapters(episode_id) if c.start is not None],
        )


def chapter_after(chapters: Sequence[Chapter], seconds: float) -> Chapter | None:
    """The first chapter starting after ``seconds`` (half a second of slack: just pressed)."""
    return next((c for c in chapters if c.start is not None and c.start > seconds + 0.5), None)


def chapter_before(
    chapters: Sequence[Chapter], seconds: float, restart_within: float = 3.0
) -> Chapter | None:
    """Previous chapter like a CD player: back to this chapter's start, or to the one before it
    when this one began less than ``restart_within`` seconds ago."""
    started = [c for c in chapters if c.start is not None and c.start <= seconds]
    if not started:
        return None
    current = started[-1]
    if seconds - current.start >= restart_within or len(started) == 1:  # type: ignore[operator]
        return current
    return started[-2]
