"""The Show notes dock: the episode's notes rendered (Markdown, or HTML cleaned by ``nh3``),
with its date, length, podcast and the feed's description.

Links open in the browser (``earmark://`` time links of this episode play there). Nothing is
fetched: every resource the text asks for (remote or local images, style sheets) is refused,
and Qt's rich text never runs script.
"""

from __future__ import annotations

import re
from html import escape

import nh3
from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextBrowser

from earmark.core.links import parse_link
from earmark.core.model import Episode
from earmark.core.timecode import format_clock

OPEN_SCHEMES = ("http", "https", "mailto")
_HTML = re.compile(r"<(p|div|a\s|br|ul|ol|li|h[1-6]|strong|em|b|i|span|table)\b", re.IGNORECASE)
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
"""No img, no script, no style, no iframe: nothing that fetches or runs."""


def clean_html(html: str) -> str:
    """Keep text and plain formatting; drop script, style, images, frames and event handlers."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "earmark"},
        link_rel="noopener noreferrer",
    )


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text))


class NotesBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing (no images, no files) and opens links outside."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("showNotes")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []  # resources the text asked for (kept for the curious, and tests)

    def loadResource(self, kind: int, name: QUrl):
        self.refused.append(name.toString())
        return None


class ShowNotesActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.browser = NotesBrowser()
        self.browser.anchorClicked.connect(self.open_link)
        self.opened: list[str] = []  # links handed to the desktop (tests read it)
        self.dock = QDockWidget("Show notes", window)
        self.dock.setObjectName("showNotesDock")
        self.dock.setWidget(self.browser)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.annotations.dock, self.dock)
        window.annotations.dock.raise_()
        window.annotations.editor.changed.connect(self._on_changed)
        self.episode: Episode | None = None
        self.set_episode(None)

    def set_episode(self, episode: Episode | None) -> None:
        self.episode = episode
        self.render()

    def _on_changed(self, changes) -> None:
        if self.episode is not None and changes.episode and changes.episode_id == self.episode.id:
            self.episode = self.window.services.library.episode(self.episode.id)
            self.render()

    def render(self) -> None:
        episode = self.episode
        self.browser.refused.clear()
        if episode is None:
            self.browser.setHtml("<p><i>No episode open.</i></p>")
            return
        facts = []
        if episode.podcast_title:
            facts.append(f"<b>{escape(episode.podcast_title)}</b>")
        if episode.published:
            facts.append(escape(episode.published[:10]))
        if episode.duration:
            facts.append(format_clock(episode.duration))
        header = f"<h2>{escape(episode.title)}</h2><p>{' · '.join(facts)}</p>"
        description = self.window.services.library.podcast_description(episode.podcast_id)
        if description.strip():
            header += f"<blockquote>{self._body(description)}</blockquote>"
        notes = episode.notes.strip()
        body = self._body(notes) if notes else "<p><i>No show notes. File › Attach adds them.</i></p>"
        self.browser.setHtml(header + "<hr>" + body)

    def _body(self, text: str) -> str:
        """Markdown to HTML through Qt's own reader, or cleaned HTML; either way cleaned again."""
        if looks_like_html(text):
            return clean_html(text)
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setMarkdown(text)
        return clean_html(document.toHtml())

    def open_link(self, url: QUrl) -> None:
        if url.scheme() == "earmark":
            try:
                link = parse_link(url.toString())
            except ValueError:  # a malformed time link does nothing
                return
            if self.episode is not None and link.episode_id == self.episode.id:
                self.window.play_from(link.start)
            return
        if url.scheme() in OPEN_SCHEMES:
            self.opened.append(url.toString())
            QDesktopServices.openUrl(url)
