"""The podcasts pane and Add podcast… driven by qtbot: adding by web page, the back catalogue, downloads
with Cancel, unsubscribe, and the window's hooks."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from feedkit import item, rss

from earmark.gui.add_podcast_dialog import AddPodcastDialog
from earmark.gui.podcast_models import SUBTITLE


@pytest.fixture
def pane(qtbot, services):
    from earmark.gui.main import make_application
    from earmark.gui.podcasts_pane import PodcastsPane

    make_application()
    widget = PodcastsPane(services)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    return widget


def _slow(payload: bytes, pause: float = 0.05):
    """A route that trickles its body (64 KB at a time), so a download can be cancelled mid-way."""

    def route(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "audio/wav")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        try:
            for start in range(0, len(payload), 65536):
                handler.wfile.write(payload[start : start + 65536])
                handler.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return route


@pytest.fixture
def two_episodes(server, speech):
    for name in ("a", "b"):
        shutil.copy(speech(f"Episode {name} of the show.", name=f"{name}.wav"), server.folder / f"{name}.wav")
    items = [
        item("Older", f"{server.base}/a.wav", "a", day=1),
        item("Newer", f"{server.base}/b.wav", "b", day=2),
    ]
    (server.folder / "feed.xml").write_text(rss(items, "Pane Cast"))
    (server.folder / "show.html").write_text(
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" title="RSS" '
        'href="/feed.xml"></head><body>Pane Cast</body></html>'
    )
    return server


def test_add_podcast_by_its_web_page(qtbot, pane, two_episodes):
    """Pasting the web page subscribes to the feed it links; the pane lists it with its new count."""
    dialog = pane.add_podcast()
    qtbot.keyClicks(dialog.address, f"{two_episodes.base}/show.html")
    with qtbot.waitSignal(dialog.subscribed, timeout=10000):
        dialog.add_button.click()
    assert [p.title for p in pane.podcasts.rows] == ["Pane Cast"]
    assert pane.podcasts.index(0).data(SUBTITLE).startswith("2 new")


def test_artwork_is_cached_on_disk_and_painted_from_there(qtbot, pane, two_episodes):
    """The feed's image is fetched once at subscribe into the library folder; the pane's row shows it
    from that file, even after the server has gone."""
    from PySide6.QtGui import QColor, QImage

    from earmark.gui.podcast_models import ARTWORK

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6f8f"))
    image.save(str(two_episodes.folder / "cover.png"))
    feed = (two_episodes.folder / "feed.xml").read_text()
    cover = f'<itunes:image href="{two_episodes.base}/cover.png"/>'
    (two_episodes.folder / "feed.xml").write_text(feed.replace("<channel>", "<channel>" + cover, 1))
    dialog = pane.add_podcast()
    qtbot.keyClicks(dialog.address, f"{two_episodes.base}/feed.xml")
    with qtbot.waitSignal(dialog.subscribed, timeout=10000):
        dialog.add_button.click()
    stored = pane.podcasts.rows[0].artwork_path
    assert stored and Path(stored).read_bytes() == (two_episodes.folder / "cover.png").read_bytes()
    assert Path(stored).is_relative_to(pane.services.folder)
    two_episodes.close()
    pane.podcasts.set_podcasts(pane.services.subscriptions.podcasts())
    pixmap = pane.podcasts.index(0).data(ARTWORK)
    assert pixmap is not None and QImage(pixmap.toImage()).pixelColor(5, 5) == QColor("#2f6f8f")


def test_a_bad_address_stays_in_the_dialog(qtbot, pane, server):
    """An address that is no feed shows its one line in the dialog, which stays open."""
    (server.folder / "page.html").write_text("<html><body>nothing here</body></html>")
    dialog = AddPodcastDialog(pane.services, pane)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.address.setText(f"{server.base}/page.html")
    dialog.add()
    qtbot.waitUntil(lambda: "links no podcast feed" in dialog.status.text(), timeout=10000)
    assert dialog.isVisible() and dialog.add_button.isEnabled()


def test_back_catalogue_shows_every_item(qtbot, pane, two_episodes, services):
    """The back catalogue lists every item, newest first, with date and download state."""
    podcast = services.subscriptions.subscribe(f"{two_episodes.base}/feed.xml")
    pane.reload(select=podcast)
    model = pane.catalogue
    rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("Newer", "2025-01-03", "", ""),
        ("Older", "2025-01-02", "", ""),
    ]


def test_download_shows_progress_then_done_and_opens(qtbot, pane, two_episodes, services):
    """Download queues the selected item; when done the row shows ✓ and a double-click opens the episode."""
    podcast = services.subscriptions.subscribe(f"{two_episodes.base}/feed.xml")
    pane.reload(select=podcast)
    pane.table.selectRow(0)
    with qtbot.waitSignal(pane.queue.downloaded, timeout=30000):
        pane.download_selected()
    assert pane.catalogue.index(0, 3).data() == "✓"
    with qtbot.waitSignal(pane.episode_activated, timeout=2000) as opened:
        pane._activated(pane.catalogue.index(0, 0))
    assert services.library.episode(opened.args[0]).title == "Newer"


def test_cancel_one_download_while_the_next_waits(qtbot, pane, server, speech, services):
    """Two queued downloads: cancelling the running one stops it (nothing imported); the next goes on."""
    shutil.copy(speech("The second one arrives.", name="b.wav"), server.folder / "b.wav")
    server.routes["/slow.wav"] = _slow(bytes(4 * 1024 * 1024))
    items = [
        item("Slow", f"{server.base}/slow.wav", "s", day=2),
        item("Quick", f"{server.base}/b.wav", "q", day=1),
    ]
    (server.folder / "feed.xml").write_text(rss(items))
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    pane.reload(select=podcast)
    pane.table.selectAll()
    pane.download_selected()
    assert pane.catalogue.index(1, 3).data() == "queued"
    qtbot.waitUntil(lambda: (pane.catalogue.index(0, 3).data() or "").endswith("%"), timeout=10000)
    pane.table.selectRow(0)
    assert pane.cancel_button.isEnabled()
    with qtbot.waitSignal(pane.queue.downloaded, timeout=30000) as done:
        pane.cancel_selected()
    assert [services.library.episode(done.args[1]).title] == ["Quick"]
    assert pane.catalogue.index(0, 3).data() == "" and len(services.library.episodes()) == 1


def test_auto_download_and_unsubscribe_per_podcast(qtbot, pane, two_episodes, services):
    """The spin box sets the podcast's auto-download; unsubscribe removes it from the pane."""
    podcast = services.subscriptions.subscribe(f"{two_episodes.base}/feed.xml")
    pane.reload(select=podcast)
    pane.auto.setValue(2)
    assert services.subscriptions.podcast(podcast).auto_download == 2
    pane.unsubscribe(confirm=False)
    assert pane.podcasts.rows == [] and pane.empty.isVisibleTo(pane)


def test_the_window_has_a_podcasts_tab_and_file_menu_opens_the_dialog(qtbot, make_window):
    """The window shows Episodes and Podcasts tabs; File → Add podcast… opens the dialog on the tab."""
    window = make_window()
    tabs = window.podcasts.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Episodes", "Podcasts"]
    window.menus.add_podcast()
    assert tabs.currentWidget() is window.podcasts and window.podcasts.dialog.isVisible()
    window.podcasts.dialog.reject()
