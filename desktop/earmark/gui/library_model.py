"""The library list's model for big libraries: compact rows, O(1) lookups, a filter done in one pass.

10,000 episodes are 10,000 small tuples (id, title, the episode, the text the filter looks
in); the muted second line is made only for rows painted, and rows are found by id in a dict. The proxy
filters by one Python pass over prepared lower-case keys per keystroke, then answers
Qt's per-row question from a set, instead of Qt asking the model for each row's text.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from earmark.core.model import Episode
from earmark.core.timecode import format_clock

Index = QModelIndex | QPersistentModelIndex
EPISODE_ID = Qt.ItemDataRole.UserRole + 1
SUBTITLE = Qt.ItemDataRole.UserRole + 2


def describe(episode: Episode, played: bool = False) -> str:
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


class Row(NamedTuple):
    """One episode as the list shows it (the second line is made when first painted)."""

    id: int
    title: str
    episode: Episode
    played: bool
    key: str  # what the filter searches: title and podcast, case-folded


def row_of(episode: Episode, played: bool) -> Row:
    key = f"{episode.title}\n{episode.podcast_title or ''}".casefold()
    return Row(episode.id, episode.title, episode, played, key)


class EpisodeListModel(QAbstractListModel):
    """Episodes as compact rows, in the order given."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._row_by_id: dict[int, int] = {}
        self._subtitles: dict[int, str] = {}  # row -> second line, for the rows painted so far

    def set_episodes(self, episodes: list[Episode], played: set[int] | None = None) -> None:
        seen = played or set()
        self.set_rows([row_of(e, e.id in seen) for e in episodes])

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._row_by_id = {r.id: i for i, r in enumerate(rows)}
        self._subtitles = {}
        self.endResetModel()

    def rows(self) -> list[Row]:
        return self._rows

    def row_of(self, episode_id: int) -> int:
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
                subtitle = self._subtitles[number] = describe(row.episode, row.played)
            return subtitle
        return None


class EpisodeFilterProxy(QSortFilterProxyModel):
    """Rows whose title or podcast holds the typed text (case-insensitive), in the model's order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._shown: set[int] | None = None  # source rows kept; None: all

    def set_filter_text(self, text: str) -> None:
        needle = text.casefold().strip()
        if needle == self._needle:
            return
        source = self.sourceModel()
        rows = source.rows() if isinstance(source, EpisodeListModel) else []
        # Typing on narrows what is already shown: only those rows need looking at.
        if self._shown is not None and self._needle and needle.startswith(self._needle):
            candidates = self._shown
        else:
            candidates = range(len(rows))
        self.beginFilterChange()
        self._needle = needle
        self._shown = {i for i in candidates if needle in rows[i].key} if needle else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._shown is None or source_row in self._shown

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._refilter)

    def _refilter(self) -> None:
        needle, self._needle, self._shown = self._needle, "", None
        if needle:
            self.set_filter_text(needle)
