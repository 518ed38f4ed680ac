"""The library list's model for big libraries: the rows as given, the rest made when needed.

10,000 episodes are the 10,000 listings (or episodes) the service gave, kept as they are: the
muted second line is made only for rows painted, the filter's case-folded keys on the first
key typed, the id -> row dict on the first lookup. The proxy filters by one Python pass over
the keys per keystroke, then answers Qt's per-row question from a set, instead of Qt asking
the model for each row's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from earmark.core.model import Episode, EpisodeListing
from earmark.core.timecode import format_clock

Index = QModelIndex | QPersistentModelIndex
EPISODE_ID = Qt.ItemDataRole.UserRole + 1
SUBTITLE = Qt.ItemDataRole.UserRole + 2
Listed = Episode | EpisodeListing


def describe(episode: Listed, played: bool = False) -> str:
    """The muted second line: length and what kind of transcript it has."""
    parts = [format_clock(episode.duration) if episode.duration else "length unknown"]
    if played:
        parts.insert(0, "✓ played")
    if episode.timed:
        parts.append("timed transcript")
    elif episode.has_transcript:
        parts.append("untimed transcript")
    else:
        parts.append("no transcript")
    if episode.podcast_title:
        parts.insert(0, episode.podcast_title)
    return "  ·  ".join(parts)


def filter_key(episode: Listed) -> str:
    """What the filter searches: title and podcast, case-folded."""
    return f"{episode.title}\n{episode.podcast_title or ''}".casefold()


class EpisodeListModel(QAbstractListModel):
    """Episodes (or listings) in the order given."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Listed] = []
        self._played: set[int] = set()
        self._row_by_id: dict[int, int] | None = None
        self._keys: list[str] | None = None
        self._subtitles: dict[int, str] = {}  # row -> second line, for the rows painted so far

    def set_episodes(self, episodes: Sequence[Listed], played: set[int] | None = None) -> None:
        """Show ``episodes``; ``played``: ids marked played (else listings say it themselves)."""
        self.beginResetModel()
        self._rows = episodes
        self._played = played if played is not None else {e.id for e in episodes if getattr(e, "played", 0)}
        self._row_by_id = None
        self._keys = None
        self._subtitles = {}
        self.endResetModel()

    def keys(self) -> list[str]:
        """Every row's filter key, made on first use."""
        if self._keys is None:
            self._keys = [filter_key(e) for e in self._rows]
        return self._keys

    def row_of(self, episode_id: int) -> int:
        if self._row_by_id is None:
            self._row_by_id = {e.id: i for i, e in enumerate(self._rows)}
        return self._row_by_id.get(episode_id, -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number = index.row()
        row = self._rows[number]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.title
        if role == EPISODE_ID:
            return row.id
        if role == SUBTITLE:
            subtitle = self._subtitles.get(number)
            if subtitle is None:
                subtitle = self._subtitles[number] = describe(row, row.id in self._played)
            return subtitle
        return None


_NO_ROW = frozenset({-1})  # no source row is -1


class EpisodeFilterProxy(QSortFilterProxyModel):
    """Rows whose title or podcast holds the typed text (case-insensitive), in the model's order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._shown: set[int] | frozenset[int] | None = None  # source rows kept; None: all

    def set_filter_text(self, text: str) -> None:
        needle = text.casefold().strip()
        if needle == self._needle:
            return
        source = self.sourceModel()
        keys = source.keys() if isinstance(source, EpisodeListModel) else []
        # Typing on narrows what is already shown: only those rows need looking at.
        if self._shown is not None and self._needle and needle.startswith(self._needle):
            candidates = self._shown
        else:
            candidates = range(len(keys))
        shown = {i for i in candidates if needle in keys[i]} if needle else None
        if shown is not None and len(shown) == len(keys):
            shown = None  # every row matches: the same rows as no filter
        self._needle = needle
        if shown == self._shown:  # a key that shows the same rows (a shared prefix): the view keeps them
            return
        self.beginFilterChange()
        self._shown = shown
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._shown is None or source_row in self._shown

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._refilter)

    def _refilter(self) -> None:
        """After the source is reset, the typed text is applied to the new rows."""
        needle, self._needle, self._shown = self._needle, "", None
        if needle:
            self._shown = _NO_ROW  # equal to no result, so the new rows are always filtered again
            self.set_filter_text(needle)
